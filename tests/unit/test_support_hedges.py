"""The hedge classes of the support judge: modality ("already" against a plan), quantifiers
("most" against a minority share), superlatives and ranks, bounds on dates and verbs, roles
(a clause's own slots, a passive made active). Each test pairs what must be rejected with a
true restatement that must stay kept."""

from __future__ import annotations

import pytest

from summarizer._support_bounds import turned_bound
from summarizer._support_modality import changed_modality, stated_done
from summarizer._support_quantifiers import unstated_quantifier
from summarizer._support_roles import swapped_roles
from summarizer._support_superlatives import unstated_superlative
from summarizer._verdict import Verdict
from summarizer._verify_checks import with_hard_checks

# --- modality: "already" on one side only ----------------------------------------------------


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        (
            "it",
            "La giunta ha già approvato il piano.",
            "Il piano dovrà essere approvato dalla giunta.",
        ),
        ("it", "Rossi ha già visitato la scuola.", "Rossi visiterà la scuola a maggio."),
        (
            "es",
            "El ayuntamiento ya ha cerrado la piscina.",
            "El ayuntamiento cerrará la piscina en junio.",
        ),
        ("pt", "As vendas já subiram este ano.", "As vendas devem subir este ano."),
        ("nl", "De prijs is al gestegen.", "De branche verwacht dat de prijs stijgt."),
        (
            "en",
            "The board has already approved the budget.",
            "The board is expected to approve the budget.",
        ),
        (
            "de",
            "Die Stadt hat die Brücke bereits gesperrt.",
            "Die Brücke soll im Mai gesperrt werden.",
        ),
        ("ja", "市はすでに新しい図書館を建てた。", "市は新しい図書館を建てる方針だ。"),
        ("zh", "公司已经关闭了工厂。", "公司预计明年关闭工厂。"),
    ],
)
def test_already_is_not_stated_by_a_plan(code: str, claim: str, evidence: str) -> None:
    assert stated_done(claim, evidence, code) is not None


def test_already_on_the_evidence_side_is_not_stated_by_a_future() -> None:
    evidence = "The council has already voted on the budget."
    assert stated_done("The council will vote on the budget.", evidence, "en") is not None


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        # "already" on both sides
        (
            "en",
            "Deliveries already arrive late twice a week.",
            "Deliveries already arrive late twice a week.",
        ),
        # a future elsewhere, on other words
        (
            "en",
            "The bridge has already reopened.",
            "The bridge reopened in May; the road will be repaired next year.",
        ),
        # "ya que" is "since", not "already"
        (
            "es",
            "Los equipos deben cubrir el turno presencial.",
            "ya que deben cubrir el turno presencial",
        ),
        # a future ending that is none: "bandiera", "sera"
        ("it", "La bandiera è già stata issata.", "La bandiera è stata issata."),
    ],
)
def test_a_true_already_stays(code: str, claim: str, evidence: str) -> None:
    assert stated_done(claim, evidence, code) is None


def test_a_demand_is_not_a_receipt() -> None:
    evidence = "O presidente exigiu contrapartidas para a comunidade."
    assert changed_modality("A comunidade recebeu contrapartidas.", evidence, "pt") is not None
    assert changed_modality("O presidente exigiu contrapartidas.", evidence, "pt") is None


def test_a_recommendation_is_not_a_decision() -> None:
    evidence = "The report recommends that no further branches be closed before 2028."
    decided = "The county has decided that no further branches will close before 2028."
    assert changed_modality(decided, evidence, "en") is not None


def test_a_cjk_hedge_governs_its_own_clause() -> None:
    evidence = "社長は「このままでは資金が尽きる」と述べ、バスへの転換も選択肢の一つだと説明した"
    assert changed_modality("社長は、このままでは資金が尽きると述べた。", evidence, "ja") is None
    assert (
        changed_modality("社長は、バスへの転換を決定したと説明した。", evidence, "ja") is not None
    )


# --- quantifiers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        (
            "en",
            "Most respondents had visited a library.",
            "Fewer than one in ten respondents had visited a library.",
        ),
        (
            "en",
            "The majority of the island's population attended.",
            "Around 140 attended, roughly a fifth of the island's population.",
        ),
        (
            "en",
            "Most of the 38 bridges had been replaced.",
            "Fewer than half of the 38 bridges had been replaced.",
        ),
        (
            "fr",
            "La plupart des ménages consacrent 35 % au logement.",
            "Près d'un ménage sur trois consacre 35 % au logement.",
        ),
        (
            "es",
            "La mayoría de los visitantes fueron extranjeros.",
            "Los visitantes extranjeros fueron algo más de uno de cada cinco.",
        ),
        (
            "nl",
            "Het merendeel van de diefstallen wordt gemeld.",
            "Slechts een op de vijf diefstallen wordt gemeld.",
        ),
        ("ja", "乗客の大半を高校生が占める。", "乗客のうち3分の1を高校生が占める。"),
        # "one" before a word of share_of, which the number reader does not read as a share
        ("de", "Die meisten Pendler fahren Rad.", "Einer von fünf Pendlern fährt Rad."),
        ("en", "Most residents backed the plan.", "Only one of the five residents backed it."),
        (
            "de",
            "Die meisten Pendler fahren mit dem Auto.",
            "Jeder fünfte Pendler fährt mit dem Auto, 20 Prozent.",
        ),
    ],
)
def test_most_is_not_stated_by_a_minority_share(code: str, claim: str, evidence: str) -> None:
    assert unstated_quantifier(claim, evidence, code) is not None


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        ("en", "Most residents backed the plan.", "Sixty per cent of residents backed the plan."),
        ("en", "Most residents backed the plan.", "Two thirds of residents backed the plan."),
        ("en", "Most residents backed the plan.", "Three in four residents backed the plan."),
        ("en", "Most bacteria were harmless.", "The most common type of bacteria was harmless."),
        ("en", "Most residents backed the plan.", "Residents backed the plan in 2019."),
        ("en", "It was the most popular plan.", "Only 20% backed the plan."),
        ("es", "La mayoría votó a favor.", "El 62 % votó a favor."),
    ],
)
def test_most_stays_where_the_evidence_gives_a_majority_or_no_share(
    code: str, claim: str, evidence: str
) -> None:
    assert unstated_quantifier(claim, evidence, code) is None


def test_only_some_is_not_stated_by_all() -> None:
    evidence = "La reforma obligará a trasladar los 64 puestos a una carpa."
    claim = "La reforma obligará a trasladar solo algunos de los 64 puestos."
    assert unstated_quantifier(claim, evidence, "es") is not None
    partly = "La reforma obligará a trasladar algunos de los 64 puestos a una carpa."
    assert unstated_quantifier(claim, partly, "es") is None


def test_always_is_not_stated_by_twice_a_week() -> None:
    evidence = "Deliveries of medicine arrive late twice a week."
    assert unstated_quantifier("Medicine deliveries always arrive late.", evidence, "en")
    every = "Deliveries of medicine arrive late every day."
    assert unstated_quantifier("Medicine deliveries always arrive late.", every, "en") is None
    # "sempre più": more and more, no "always"
    more = "Le consegne arrivano in ritardo."
    assert unstated_quantifier("Le consegne arrivano sempre più in ritardo.", more, "it") is None


# --- bounds: a gap word, dates, verbs of exceeding --------------------------------------------


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        (
            "nl",
            "De werkzaamheden beginnen uiterlijk in 2028.",
            "De werkzaamheden beginnen op zijn vroegst in 2028.",
        ),
        (
            "en",
            "Visits exceeded the 2.9 million logged in 2019.",
            "Visits were still below the 2.9 million logged in 2019.",
        ),
        ("zh", "她每周最多来吃三次面。", "她每周至少来三次。"),
        (
            "en",
            "Work will start in 2028 at the latest.",
            "Work will start in 2028 at the earliest.",
        ),
    ],
)
def test_a_bound_turned_round_across_a_gap(code: str, claim: str, evidence: str) -> None:
    assert turned_bound(claim, evidence, code) is not None


def test_the_same_bound_across_a_gap_stays() -> None:
    evidence = "Visits were still below the 2.9 million logged in 2019."
    assert turned_bound("Visits stayed below the 2.9 million of 2019.", evidence, "en") is None


# --- superlatives and ranks -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        ("ja", "宿泊業の実施率は最も高かった。", "宿泊業の実施率は5％未満にとどまった。"),
        (
            "en",
            "Children's share was the lowest since records began.",
            "Children accounted for 41% of all loans.",
        ),
        (
            "pt",
            "O Espírito Santo é o segundo maior produtor de conilon.",
            "Para o Espírito Santo, maior produtor de conilon, a Conab prevê alta.",
        ),
        (
            "pt",
            "O Espírito Santo é o maior produtor de conilon.",
            "O Espírito Santo é o segundo maior produtor de conilon.",
        ),
        ("es", "Enero fue el mes más fuerte del año.", "Enero fue el mes más flojo del año."),
    ],
)
def test_a_superlative_or_rank_the_evidence_lacks(code: str, claim: str, evidence: str) -> None:
    assert unstated_superlative(claim, evidence, code) is not None


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        (
            "en",
            "It was the busiest month of the year.",
            "August was the busiest month of the year.",
        ),
        ("pt", "A safra menor reduz a receita.", "A quebra na safra reduz a receita."),
        (
            "pt",
            "O norte, com a maior incidência, terá prioridade.",
            "O norte, onde a incidência é maior, terá prioridade.",
        ),
        (
            "fr",
            "C'est le niveau le plus bas depuis 2015.",
            "Elles n'avaient pas été aussi faibles depuis 2015.",
        ),
        (
            "es",
            "Podrán teletrabajar un máximo de tres días.",
            "Podrán teletrabajar hasta tres días.",
        ),
    ],
)
def test_a_superlative_the_evidence_states_stays(code: str, claim: str, evidence: str) -> None:
    assert unstated_superlative(claim, evidence, code) is None


# --- roles ------------------------------------------------------------------------------------


def test_two_words_swapped_in_a_later_clause() -> None:
    evidence = "Los visitantes fueron 612.000, y los franceses desplazaron a los británicos."
    claim = "Los británicos desplazaron a los franceses."
    assert swapped_roles(claim, evidence, "es") is not None
    assert swapped_roles("Los franceses desplazaron a los británicos.", evidence, "es") is None


def test_a_passive_made_active_with_its_subject() -> None:
    evidence = "He added that the council had never been consulted."
    assert swapped_roles("The council had never consulted the residents.", evidence, "en")
    assert swapped_roles("Nobody had ever consulted the council.", evidence, "en") is None
    agent = "The average bill rose, an increase that was approved by the regulator."
    assert swapped_roles("An increase approved by the regulator.", agent, "en") is None
    copula = "In 2024, 38% of them were women."
    assert swapped_roles("38% of them women, the Authority said.", copula, "en") is None


# --- the hard checks run each class -----------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        (
            "it",
            "Il consiglio ha già votato il bilancio.",
            "Il bilancio dovrà essere votato dal consiglio.",
        ),
        (
            "en",
            "Most respondents had visited a library.",
            "One in ten respondents had visited a library.",
        ),
        (
            "pt",
            "O Espírito Santo é o segundo maior produtor.",
            "O Espírito Santo é o maior produtor.",
        ),
        (
            "en",
            "The council had never consulted the residents.",
            "The council had never been consulted by the residents.",
        ),
        (
            "nl",
            "De werkzaamheden beginnen uiterlijk in 2028.",
            "De werkzaamheden beginnen op zijn vroegst in 2028.",
        ),
    ],
)
def test_the_hard_checks_run_each_hedge_class(code: str, claim: str, evidence: str) -> None:
    supported = Verdict(1.0, True)
    verdict = with_hard_checks([supported], [claim], [evidence], language=code)[0]
    assert not verdict.supported
    kept = with_hard_checks([supported], [evidence], [evidence], language=code)[0]
    assert kept.supported
