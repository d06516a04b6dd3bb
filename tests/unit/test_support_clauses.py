"""Direction read in the clause that states the claim (``summarizer._support_direction``),
direction forms known by their stem, and the direction pairs the clauses branch added to
every language file. Sentences of their own, not the probes'."""

from __future__ import annotations

import pytest

from summarizer._support_direction import clauses, contradicted, same_direction
from summarizer._verdict import Verdict
from summarizer._verify_checks import with_hard_checks
from summarizer.text._language import language
from tests.support.judging import judged

LOANS = (
    "Paper loans fell for the third year running, to 1,150,000, while audiobook loans rose "
    "by almost a quarter to 318,000."
)


def test_a_direction_form_not_listed_is_known_by_its_stem() -> None:
    it = language("it")
    assert "sale" not in it.canonical  # listed: salire, salito, salita
    assert it.key("sale") == it.key("salire") == it.key("aumenta")
    evidence = "Il deficit del porto scende del 4 per cento."
    assert contradicted("Il deficit del porto sale del 4 per cento.", evidence, "it") is not None


def test_an_opposite_in_a_clause_about_another_subject_is_no_contradiction() -> None:
    assert contradicted("Audiobook lending grew to 318,000.", LOANS, "en") is None
    # the clause about the claim's subject says the opposite: a contradiction
    assert contradicted("Paper loans grew for the third year running.", LOANS, "en") == (
        "grew",
        "fell",
    )


def test_numbers_are_not_cut_into_clauses() -> None:
    assert clauses(LOANS, "en")[1].strip() == "to 1,150,000"
    assert len(clauses("净利润下降了约四成，主要原因是原材料价格上涨", "zh")) == 2


def test_words_that_share_an_opposite_agree_unless_they_oppose_each_other() -> None:
    en, de = language("en"), language("de")
    assert same_direction(en.key("grew"), en.key("rose"), en)  # both against "fall"
    assert not same_direction(en.key("grew"), en.key("fell"), en)
    # "steigen" and "sinken" are both against "stabil", and against each other
    assert not same_direction(de.key("steigen"), de.key("sinken"), de)


def test_the_hard_checks_keep_a_claim_whose_own_clause_agrees() -> None:
    claims = ["Audiobook lending grew to 318,000.", "Paper loans grew for the third year running."]
    out = with_hard_checks([Verdict(0.9, True), Verdict(0.9, True)], claims, [LOANS, LOANS])
    assert out[0].supported is True
    assert (out[1].supported, out[1].check) == (False, "direction")


def test_an_opposite_in_the_frame_about_another_subject_does_not_reject() -> None:
    text = (
        "Lending falls as library visits recover\n\n"
        "Paper loans fell for the third year. Library visits rose by 11% to 2.4 million."
    )
    quote = "Library visits rose by 11% to 2.4 million."
    assert judged(text, "Library visits grew by 11% to 2.4 million.", quote) == (True, None)
    assert judged(text, "Library visits fell by 11% to 2.4 million.", quote) == (
        False,
        "direction",
    )


def test_an_opposite_in_the_frame_about_the_claims_subject_still_rejects() -> None:
    text = (
        "Library report\n\n"
        "Library visits fell sharply in 2025. The county counted 2.4 million visits in 2025."
    )
    quote = "The county counted 2.4 million visits in 2025."
    assert judged(text, "Library visits fell sharply in 2025, to 2.4 million.", quote)[0] is True
    assert judged(text, "Library visits rose sharply in 2025, to 2.4 million.", quote) == (
        False,
        "direction",
    )


# (language, evidence, a claim with the opposite verb): one pair the clauses branch added to
# each data file; the evidence restated as the claim is kept
ADDED = [
    ("en", "The operator will keep the early ferry.", "The operator will scrap the early ferry."),
    ("de", "Die Firma hat die Fertigung eingestellt.", "Die Firma hat die Fertigung ausgeweitet."),
    ("fr", "La saison de pêche commence en mars.", "La saison de pêche se termine en mars."),
    ("es", "El alcalde defendió el plan de tráfico.", "El alcalde criticó el plan de tráfico."),
    ("it", "Il servizio di trasporto sarà potenziato.", "Il servizio di trasporto sarà ridotto."),
    ("pt", "A época de pesca começa em março.", "A época de pesca termina em março."),
    ("nl", "De verkoop van scooters groeide met 9 procent.", "De verkoop van scooters daalde."),
    ("zh", "新线路将于五月开始运营。", "新线路将于五月结束运营。"),
    ("ja", "新しい路線の運行は五月に始まる。", "新しい路線の運行は五月に終わる。"),
]


@pytest.mark.parametrize(("code", "evidence", "wrong"), ADDED)
def test_the_added_opposites_are_directions(code: str, evidence: str, wrong: str) -> None:
    text = f"Titel\n\n{evidence}\n"
    assert judged(text, evidence, evidence)[0] is True, evidence
    assert judged(text, wrong, evidence) == (False, "direction"), (code, wrong)


def test_a_word_only_a_frame_sentence_negates_does_not_reject() -> None:
    text = (
        "Festival news\n\nThe show can go on without regional money. The aid was cut by 40 percent."
    )
    quote = "The aid was cut by 40 percent."
    assert judged(text, "The regional aid was cut by 40 percent.", quote) == (True, None)
    # a negation the claim adds is still read on the evidence
    assert judged(text, "The aid was not cut by 40 percent.", quote) == (False, "negation")
