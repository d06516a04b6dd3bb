"""Classes of wrong claims the blind probe c found (issues 20, 21), closed as classes with
sentences of their own (not the probe's): opposites of news and reports in every language
file, bounds turned round, modality and conditions dropped, roles swapped."""

from __future__ import annotations

import pytest

from summarizer._support_bounds import turned_bound
from summarizer._support_modality import changed_modality, dropped_condition
from summarizer._support_names import context_name_swapped
from summarizer._support_roles import swapped_roles
from summarizer.text._language import language
from summarizer.text._numbers import numbers
from summarizer.text._tokens import tokens
from tests.support.judging import judged

# (language, evidence sentence, a claim with an opposite word, the claim restated)
# (not English: the added pairs lowered REALSumm's held-out half; see en.toml)
OPPOSITES = [
    (
        "de",
        "Der Schaden an den Deichen ist gering.",
        "Der Schaden an den Deichen ist groß.",
        "Der Schaden an den Deichen ist gering.",
    ),
    (
        "fr",
        "Le déficit de la ville a atteint trois millions d'euros.",
        "L'excédent de la ville a atteint trois millions d'euros.",
        "Le déficit de la ville a atteint trois millions d'euros.",
    ),
    (
        "es",
        "El conductor resultó herido en el accidente.",
        "El conductor resultó ileso en el accidente.",
        "En el accidente, el conductor resultó herido.",
    ),
    (
        "it",
        "Il ciclista è rimasto ferito in modo lieve.",
        "Il ciclista è rimasto ferito in modo grave.",
        "Il ciclista è rimasto ferito in modo lieve.",
    ),
    (
        "pt",
        "As chuvas prejudicaram a colheita de café.",
        "As chuvas impulsionaram a colheita de café.",
        "A colheita de café foi prejudicada pelas chuvas.",
    ),
    (
        "pt",
        "As vendas tiveram alta de 9% no trimestre.",
        "As vendas caíram 9% no trimestre.",
        "No trimestre, as vendas tiveram alta de 9%.",
    ),
    (
        "nl",
        "Een fietser raakte lichtgewond bij het ongeluk.",
        "Een fietser raakte zwaargewond bij het ongeluk.",
        "Bij het ongeluk raakte een fietser lichtgewond.",
    ),
    (
        "nl",
        "De schade aan de haven is beperkt.",
        "De schade aan de haven is groot.",
        "De schade aan de haven is beperkt.",
    ),
    ("zh", "该市今年的财政出现赤字。", "该市今年的财政出现盈余。", "该市今年的财政出现赤字。"),
    ("ja", "市の財政は赤字になった。", "市の財政は黒字になった。", "市の財政は赤字になった。"),
]


@pytest.mark.parametrize(("code", "evidence", "wrong", "kept"), OPPOSITES)
def test_an_opposite_of_news_and_reports_is_a_direction(
    code: str, evidence: str, wrong: str, kept: str
) -> None:
    text = f"Titel\n{evidence}\n"
    assert judged(text, kept, evidence)[0] is True, kept
    assert judged(text, wrong, evidence) == (False, "direction"), (code, wrong)


# (language, evidence, the same number bounded the other way, the evidence restated)
BOUNDS = [
    (
        "en",
        "The new hall seats up to 400 guests at a time.",
        "The new hall seats at least 400 guests at a time.",
        "At a time, the new hall seats up to 400 guests.",
    ),
    (
        "en",
        "The regional fund received fewer than 30 applications this year.",
        "The regional fund received more than 30 applications this year.",
        "This year the regional fund received fewer than 30 applications.",
    ),
    (
        "de",
        "Das neue Stadion der Stadt fasst mindestens 20.000 Zuschauer.",
        "Das neue Stadion der Stadt fasst bis zu 20.000 Zuschauer.",
        "Das neue Stadion der Stadt fasst mindestens 20.000 Zuschauer.",
    ),
    (
        "fr",
        "La nouvelle salle de la ville accueille plus de 300 personnes.",
        "La nouvelle salle de la ville accueille jusqu'à 300 personnes.",
        "La nouvelle salle de la ville accueille plus de 300 personnes.",
    ),
    (
        "es",
        "El nuevo tren entre las dos ciudades tarda como máximo 40 minutos en el trayecto.",
        "El nuevo tren entre las dos ciudades tarda al menos 40 minutos en el trayecto.",
        "En el trayecto, el nuevo tren entre las dos ciudades tarda como máximo 40 minutos.",
    ),
    (
        "it",
        "Il biglietto del museo è gratuito per i maggiori di 65 anni.",
        "Il biglietto del museo è gratuito per i minori di 65 anni.",
        "Il biglietto del museo è gratuito per i maggiori di 65 anni.",
    ),
    (
        "pt",
        "A nova obra da cidade deve gerar pelo menos 500 empregos.",
        "A nova obra da cidade deve gerar até 500 empregos.",
        "A nova obra da cidade deve gerar pelo menos 500 empregos.",
    ),
    (
        "nl",
        "Op de eerste dag van het festival kwamen ruim 2000 bezoekers.",
        "Op de eerste dag van het festival kwamen hooguit 2000 bezoekers.",
        "Op de eerste dag van het festival kwamen ruim 2000 bezoekers.",
    ),
    (
        "zh",
        "该项目今年吸引了5000人以上参加。",
        "该项目今年吸引了5000人以下参加。",
        "该项目今年吸引了5000人以上参加。",
    ),
    (
        "ja",
        "今年の大会の参加者は300人以上だった。",
        "今年の大会の参加者は最大300人だった。",
        "今年の大会の参加者は300人以上だった。",
    ),
]


@pytest.mark.parametrize(("code", "evidence", "wrong", "kept"), BOUNDS)
def test_a_bound_turned_round_is_a_direction(
    code: str, evidence: str, wrong: str, kept: str
) -> None:
    text = f"{evidence}\n"
    assert judged(text, kept, evidence)[0] is True, kept
    assert turned_bound(kept, evidence, code) is None
    assert turned_bound(wrong, evidence, code) is not None, (code, wrong)
    assert judged(text, wrong, evidence)[0] is False, (code, wrong)


def test_an_exact_figure_is_within_its_bound() -> None:
    assert (
        turned_bound("The hall seats 400 guests.", "The hall seats up to 400 guests.", "en") is None
    )
    assert turned_bound("at least 400", "up to 400", "en") == ("at least 400", "up to 400")
    assert turned_bound("no more than 400", "more than 400", "en") == (
        "no more than 400",
        "more than 400",
    )
    assert turned_bound("5000人以下", "5000人以上", "zh") == ("5000 以下", "5000 以上")


# (language, evidence with a hedge or a condition, the claim without it, a restatement kept)
UNSTATED = [
    (
        "en",
        "The city plans to close the old bridge next year.",
        "The city closed the old bridge.",
        "Next year the city plans to close the old bridge.",
    ),
    (
        "en",
        "The road will reopen only if the repairs are finished.",
        "The road will reopen.",
        "The road will reopen only if the repairs are finished.",
    ),
    (
        "de",
        "Die Stadt erwägt, die alte Brücke zu schließen.",
        "Die Stadt hat die alte Brücke geschlossen.",
        "Die Stadt erwägt, die alte Brücke zu schließen.",
    ),
    (
        "fr",
        "La mairie envisage de fermer le vieux pont.",
        "La mairie a fermé le vieux pont.",
        "La mairie envisage de fermer le vieux pont.",
    ),
    (
        "es",
        "El alcalde prometió ampliar el horario de la biblioteca municipal.",
        "El alcalde ya amplió el horario de la biblioteca municipal.",
        "El alcalde se comprometió a ampliar el horario de la biblioteca municipal.",
    ),
    (
        "it",
        "La piscina comunale resterà aperta ad agosto solo se arriveranno i fondi.",
        "La piscina comunale resterà aperta ad agosto.",
        "La piscina comunale resterà aperta ad agosto, ma solo se arriveranno i fondi.",
    ),
    (
        "pt",
        "Se a prefeitura aprovar, a escola vai abrir aos sábados.",
        "A escola vai abrir aos sábados.",
        "A escola vai abrir aos sábados, caso a prefeitura aprove.",
    ),
    (
        "nl",
        "De sporthal gaat alleen open als de gemeente betaalt.",
        "De sporthal gaat open.",
        "Alleen met geld van de gemeente gaat de sporthal open.",
    ),
    (
        "zh",
        "市政府正在考虑关闭这座旧桥。",
        "市政府关闭了这座旧桥。",
        "市政府正在考虑关闭这座旧桥。",
    ),
    (
        "ja",
        "市は古い橋の閉鎖を検討している。",
        "市は古い橋を閉鎖した。",
        "市は古い橋の閉鎖を検討している。",
    ),
]


@pytest.mark.parametrize(("code", "evidence", "wrong", "kept"), UNSTATED)
def test_a_plan_or_a_condition_dropped_is_not_stated(
    code: str, evidence: str, wrong: str, kept: str
) -> None:
    text = f"{evidence}\n"
    assert judged(text, kept, evidence)[0] is True, kept
    assert changed_modality(kept, evidence, code) is None
    assert dropped_condition(kept, evidence, code) is None
    assert judged(text, wrong, evidence) == (False, "coverage"), (code, wrong)


def test_a_hedge_counts_only_on_the_words_it_governs() -> None:
    # "plans to retire" governs nothing the claim says: the claim states the opening
    evidence = "The mayor, who plans to retire in May, opened the new bridge on Friday."
    assert changed_modality("The mayor opened the new bridge on Friday.", evidence, "en") is None
    # a hedge the claim adds on a verb the evidence states as done
    done = "The mayor opened the new bridge on Friday."
    assert changed_modality("The mayor may open the new bridge.", done, "en") is not None
    # "would" is reported speech, no hedge; a clause-initial condition word in the evidence
    said = "The firm said the plant would open in May."
    assert changed_modality("The plant will open in May.", said, "en") is None
    assert dropped_condition("A escola vai abrir.", "Se chover, a escola vai abrir.", "pt")
    assert (
        dropped_condition("A escola mudou de prédio.", "A escola se mudou de prédio.", "pt") is None
    )


def _keys(text: str, code: str) -> list[str]:
    lang = language(code)
    return [key for _, _, key, _ in numbers(text, tokens(text, 0, lang), lang)]


def test_fractions_shares_and_french_tens_are_numbers() -> None:
    assert _keys("约三分之一，三分之二", "zh") == ["33.333333%", "66.666667%"]
    assert _keys("降低了一半，三成的人", "zh") == ["50%", "30%"]
    assert _keys("生徒数は4割減少し、3分の1が", "ja") == ["40%", "33.333333%"]
    french = "quatre-vingt-dix enfants, quatre-vingts élèves, vingt-deux classes, quatre-vingt-deux"
    assert _keys(french, "fr") == ["90", "80", "22", "82"]


def test_a_fraction_is_restated_rounded_and_not_changed() -> None:
    evidence = "研究发现，每天步行8000步以上的成年人患心脏病的风险降低了约三分之一。"
    assert judged(evidence, "每天步行8000步以上的成年人患心脏病的风险降低了约33%。", evidence)[0]
    wrong = "每天步行8000步以上的成年人患心脏病的风险降低了约一半。"
    assert judged(evidence, wrong, evidence) == (False, "number")
    ja = "北原高校の生徒数は10年で4割減少した。"
    assert judged(ja, "北原高校の生徒数は10年で40%減少した。", ja)[0]
    assert judged(ja, "北原高校の生徒数は10年で3割減少した。", ja) == (False, "number")


# (language, evidence, the same words in each other's roles, a reordered or passive restatement)
ROLES = [
    (
        "en",
        "The court ordered the landlord to repay the tenants' deposits.",
        "The court ordered the tenants to repay the landlord's deposits.",
        "The landlord was ordered by the court to repay the tenants' deposits.",
    ),
    (
        "en",
        "Portsmouth beat Reading 2-0 in the final on Saturday.",
        "Reading beat Portsmouth 2-0 in the final on Saturday.",
        "On Saturday, Portsmouth beat Reading 2-0 in the final.",
    ),
    (
        "en",
        "The complaint was filed by the residents' association.",
        "The complaint was filed against the residents' association.",
        "The residents' association filed the complaint.",
    ),
    (
        "de",
        "Der FC Augsburg hat das Spiel gegen den VfB Stuttgart gewonnen.",
        "Der VfB Stuttgart hat das Spiel gegen den FC Augsburg gewonnen.",
        "Das Spiel gegen den VfB Stuttgart wurde vom FC Augsburg gewonnen.",
    ),
    (
        "it",
        "Per la prima volta il comune ha premiato la scuola di musica.",
        "Per la prima volta la scuola di musica ha premiato il comune.",
        "Il comune ha premiato la scuola di musica per la prima volta.",
    ),
    (
        "zh",
        "调查显示，价格比质量更受关注。",
        "调查显示，质量比价格更受关注。",
        "调查显示，价格比质量更受关注。",
    ),
]


@pytest.mark.parametrize(("code", "evidence", "wrong", "kept"), ROLES)
def test_roles_swapped_with_the_same_words_are_a_name_failure(
    code: str, evidence: str, wrong: str, kept: str
) -> None:
    text = f"{evidence}\n"
    assert swapped_roles(kept, evidence, code) is None, kept
    assert judged(text, kept, evidence)[0] is True, kept
    assert swapped_roles(wrong, evidence, code) is not None, wrong
    assert judged(text, wrong, evidence) == (False, "name"), (code, wrong)


def test_a_clause_moved_or_a_list_turned_round_is_no_swap() -> None:
    evidence = (
        "Chief Officer Tom Reed said the archive would move to the old hall during the repairs."
    )
    moved = "During the repairs the archive will move to the old hall, Chief Officer Tom Reed said."
    assert swapped_roles(moved, evidence, "en") is None
    both = "The mayors of Lyon and Porto signed the agreement."
    assert swapped_roles("The mayors of Porto and Lyon signed the agreement.", both, "en") is None


NAMES_DOC = (
    "Harbour vote in Kingsport\n"
    "The Kingsport Harbour Board and the Coastal Fishers Union met on Monday. "
    "Mayor Ellen Park opened the meeting. Councillor Omar Reyes spoke for the fishers. "
    "Park proposed a new fee for moorings. "
    "The board had rejected the plan in 2022 because of the cost.\n"
)


def test_a_name_of_the_document_put_in_for_the_evidence_entity() -> None:
    quote = "Park proposed a new fee for moorings."
    assert judged(NAMES_DOC, quote, quote) == (True, None)
    assert judged(NAMES_DOC, "Reyes proposed a new fee for moorings.", quote) == (False, "name")
    board = "The board had rejected the plan in 2022 because of the cost."
    union = "The Coastal Fishers Union had rejected the plan in 2022 because of the cost."
    assert judged(NAMES_DOC, union, board) == (False, "name")
    # the same entity named in full, and a description of it, pass
    named = "The Kingsport Harbour Board had rejected the plan in 2022 because of the cost."
    assert judged(NAMES_DOC, named, board)[0] is True
    assert context_name_swapped("Mayor Park proposed a new fee.", "Park proposed a new fee.",
                                NAMES_DOC[:150], "en") is None  # fmt: skip
    # one person by another part of the same name: no other entity
    first_name = "Ellen proposed a new fee for moorings."
    assert context_name_swapped(first_name, quote, NAMES_DOC, "en") is None


@pytest.mark.parametrize(
    ("code", "long"),
    [("en", "kilometres"), ("en", "kilometers"), ("de", "Kilometer"), ("fr", "kilomètres"),
     ("es", "kilómetros"), ("it", "chilometri"), ("pt", "quilômetros"), ("nl", "kilometer")],
)  # fmt: skip
def test_a_unit_written_short_is_the_word_written_out(code: str, long: str) -> None:
    lang = language(code)
    assert lang.fold("km") == lang.fold(long)
    quote = "Het KNMI mat in Den Helder windstoten van 118 kilometer per uur."
    assert judged(
        f"Storm\n{quote}\n", "In Den Helder mat het KNMI windstoten van 118 km/u.", quote
    )[0]


def test_a_half_without_an_article_and_a_verb_of_ruling_out() -> None:
    pt = "A cooperativa vai distribuir um quarto das sobras aos sócios."
    wrong = "A cooperativa vai distribuir metade das sobras aos sócios."
    assert judged(f"Sobras\n{pt}\n", wrong, pt) == (False, "number")
    assert _keys("metà del budget", "it") == ["50%"]
    ruled_out = "O governo descartou aumentar os impostos sobre combustíveis este ano."
    wrong = "O governo vai aumentar os impostos sobre combustíveis este ano."
    assert judged(f"Impostos\n{ruled_out}\n", wrong, ruled_out) == (False, "negation")


def test_a_description_on_the_claim_side_is_no_name_put_in() -> None:
    # "the harbour board" for a speaker label: a description of who speaks, not another name
    claim = "The harbour board proposed a new fee."
    assert context_name_swapped(claim, "PARK: We proposed a new fee.", NAMES_DOC, "en") is None
