"""Universals, parts, "few" and "only" the evidence does not state (_support_universals)."""

from __future__ import annotations

import pytest

from summarizer._support_bounds import turned_bound
from summarizer._support_quantifiers import unstated_quantifier
from summarizer._support_superlatives import unstated_superlative
from summarizer._support_universals import unstated_universal
from summarizer._verdict import Verdict
from summarizer._verify_checks import with_hard_checks

# --- a universal where the evidence gives a part or a count ------------------------------------


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        (
            "en",
            "Every pharmacy in the county ran out of the vaccine.",
            "Most pharmacies in the county ran out of the vaccine.",
        ),
        (
            "en",
            "All farms along the river were flooded.",
            "About 240 farms along the river were flooded.",
        ),
        (
            "de",
            "Sämtliche Filialen bleiben am Montag geschlossen.",
            "Die meisten Filialen bleiben am Montag geschlossen.",
        ),
        (
            "fr",
            "Tous les trains régionaux sont supprimés jeudi.",
            "Une partie des trains régionaux sont supprimés jeudi.",
        ),
        (
            "es",
            "Todas las piscinas municipales cerrarán en agosto.",
            "Algunas piscinas municipales cerrarán en agosto.",
        ),
        ("it", "Tutti i rifugi della valle sono chiusi.", "Dodici rifugi della valle sono chiusi."),
        (
            "pt",
            "O conselho aprovou o orçamento por unanimidade.",
            "O conselho aprovou o orçamento com 14 votos a favor e 3 contra.",
        ),
        (
            "nl",
            "Alle bibliotheken in de provincie gaan dicht.",
            "Een deel van de bibliotheken in de provincie gaat dicht.",
        ),
        ("zh", "所有门店都将在周一停业。", "大部分门店将在周一停业。"),
        ("ja", "すべての店舗が月曜日に休業する。", "一部の店舗が月曜日に休業する。"),
        ("ja", "社員の全員が在宅勤務をしていた。", "社員の大半が在宅勤務をしていた。"),
    ],
)
def test_a_universal_is_not_stated_by_a_part(code: str, claim: str, evidence: str) -> None:
    assert unstated_universal(claim, evidence, code) is not None


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        # the evidence takes the whole too ("sämtliche" for "alle", "all but" is no whole)
        (
            "de",
            "Der Verband bat sämtliche Mitglieder um Geduld.",
            "Der Verband bat alle Mitglieder um Geduld.",
        ),
        ("en", "All three bridges reopened on Monday.", "The three bridges reopened on Monday."),
        ("en", "Children borrowed 30% of all books.", "Children borrowed 30% of all books."),
        ("en", "The ferry runs every day at 9am.", "The ferry leaves at 9am, seven days a week."),
        (
            "es",
            "Uno de cada cinco hogares no tiene coche.",
            "El 20 % de los hogares no tiene coche.",
        ),
        (
            "de",
            "Gut jeder vierte Schüler fährt mit dem Rad.",
            "26 Prozent der Schüler fahren mit dem Rad.",
        ),
        ("zh", "全市所有小学都将延长午休。", "全市小学将把午休延长20分钟。"),
        ("en", "The council says all residents can vote.", "The council says residents can vote."),
        # a count just before the universal: the number check judges it
        ("ja", "原告3人全員が控訴した。", "原告3人が控訴した。"),
    ],
)
def test_a_universal_stays_where_the_evidence_gives_no_part(
    code: str, claim: str, evidence: str
) -> None:
    assert unstated_universal(claim, evidence, code) is None


def test_all_but_is_no_whole_in_the_evidence() -> None:
    evidence = "About 4,000 homes lost water; by noon all but 300 had it back."
    assert unstated_universal("All homes lost water.", evidence, "en") is not None


# --- a part where the evidence takes the whole -----------------------------------------------


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        (
            "en",
            "Inspectors found asbestos in some of the classrooms.",
            "Inspectors found asbestos in every classroom.",
        ),
        (
            "en",
            "Inspectors found asbestos in only one classroom.",
            "Inspectors found asbestos in every classroom.",
        ),
        (
            "de",
            "Die Stadt warnte einige Anwohner vor dem Hochwasser.",
            "Die Stadt warnte alle Anwohner vor dem Hochwasser.",
        ),
        (
            "es",
            "La tasa se retiró de algunos recibos en marzo.",
            "La tasa se retiró de todos los recibos en marzo.",
        ),
        (
            "it",
            "I soci riceveranno un rimborso parziale della quota.",
            "I soci riceveranno il rimborso completo della quota.",
        ),
        (
            "nl",
            "Enkele treinen naar Den Helder rijden niet.",
            "De treinen naar Den Helder rijden de hele dag niet.",
        ),
        ("zh", "部分高校将推迟开学。", "全省高校将推迟开学。"),
    ],
)
def test_a_part_is_not_stated_by_the_whole(code: str, claim: str, evidence: str) -> None:
    assert unstated_universal(claim, evidence, code) is not None


def test_a_sentence_states_itself() -> None:
    # "above all" takes no whole; "a single" is a part the evidence gives itself
    same = "The audit found weaknesses, above all the dependence on a single reservoir."
    assert unstated_universal(same, same, "en") is None
    assert unstated_universal("It depends on a single reservoir.", same, "en") is None


def test_a_part_stays_where_the_evidence_gives_one_or_no_whole() -> None:
    claim = "Die Stadt warnte einige Anwohner vor dem Hochwasser."
    assert unstated_universal(claim, "Die Stadt warnte viele Anwohner.", "de") is None
    assert unstated_universal(claim, "Die Stadt warnte Anwohner.", "de") is None
    # "some 8,000": a number, no part
    some = "Some 8,000 homes lost power."
    assert unstated_universal(some, "All 8,000 homes on the island lost power.", "en") is None


# --- few against most, and back -------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        ("pt", "Poucos moradores apoiam o projeto.", "A maioria dos moradores apoia o projeto."),
        ("es", "Pocos médicos usan la aplicación.", "La mayoría de los médicos usa la aplicación."),
        ("en", "Few voters knew the candidate.", "Most voters knew the candidate."),
        ("nl", "Weinig studenten wonen thuis.", "Alle studenten wonen thuis."),
        ("en", "Most voters knew the candidate.", "Few voters knew the candidate."),
    ],
)
def test_few_is_not_stated_by_most(code: str, claim: str, evidence: str) -> None:
    assert unstated_universal(claim, evidence, code) is not None


def test_a_few_is_no_few() -> None:
    # "a few" says some, not few: this check leaves it to the others
    assert unstated_universal("A few voters knew him.", "Most voters knew him.", "en") is None
    assert unstated_universal("Few voters knew him.", "Most voters knew him.", "en") is not None


# --- "only" where the evidence says "mainly" -------------------------------------------------


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        (
            "it",
            "Il vino è venduto esclusivamente in Toscana.",
            "Il vino è venduto soprattutto in Toscana.",
        ),
        ("en", "The tickets were sold only online.", "The tickets were sold mainly online."),
        (
            "de",
            "Das Gerät wurde ausschließlich in Bayern verkauft.",
            "Das Gerät wurde vor allem in Bayern verkauft.",
        ),
        (
            "nl",
            "De kaas wordt uitsluitend in Friesland gemaakt.",
            "De kaas wordt voornamelijk in Friesland gemaakt.",
        ),
    ],
)
def test_only_is_not_stated_by_mainly(code: str, claim: str, evidence: str) -> None:
    assert unstated_universal(claim, evidence, code) is not None


def test_only_stays_before_a_number_or_without_mainly() -> None:
    mainly = "Sales fell sharply, mainly online: 6 per cent of tickets were sold there."
    assert unstated_universal("Only 6 per cent of tickets were sold online.", mainly, "en") is None
    assert (
        unstated_universal("The tickets were sold only online.", "Tickets: online.", "en") is None
    )


# --- the phrase reader: punctuation after a word ---------------------------------------------


def test_a_word_before_a_comma_is_read() -> None:
    # "completo," once hid the whole from the part check
    claim = "Gli abbonati avranno un rimborso parziale."
    assert unstated_universal(claim, "Gli abbonati avranno il rimborso completo, subito.", "it")
    # and the older quantifier check reads "most," the same way
    most = "Most, in fact, backed it."
    assert unstated_quantifier("Most residents backed it.", most + " 40% did.", "en") is None


# --- the call site --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        (
            "en",
            "All farms along the river were flooded.",
            "About 240 farms along the river were flooded.",
        ),
        (
            "de",
            "Die Stadt warnte einige Anwohner vor dem Hochwasser.",
            "Die Stadt warnte alle Anwohner vor dem Hochwasser.",
        ),
        (
            "it",
            "Il vino è venduto esclusivamente in Toscana.",
            "Il vino è venduto soprattutto in Toscana.",
        ),
    ],
)
def test_the_hard_checks_reject_an_unstated_universal(code: str, claim: str, evidence: str) -> None:
    supported = Verdict(1.0, True, "", None)
    verdict = with_hard_checks([supported], [claim], [evidence], language=code)[0]
    assert not verdict.supported
    assert verdict.check == "coverage"
    kept = with_hard_checks([supported], [evidence], [evidence], language=code)[0]
    assert kept.supported


# --- "ever" where the evidence ranks within a span -------------------------------------------


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        (
            "en",
            "It was the highest river level ever recorded in York.",
            "It was the highest river level in York since 1981.",
        ),
        (
            "nl",
            "Het is de hoogste waterstand ooit in Kampen.",
            "Het is de hoogste waterstand in Kampen sinds 1998.",
        ),
        (
            "pt",
            "Foi a maior enchente de sempre no estádio.",
            "Foi a maior enchente desta época no estádio.",
        ),
        (
            "de",
            "Es war der heißeste Tag aller Zeiten in Köln, der höchste Wert.",
            "Es war der höchste Wert in Köln seit 2003.",
        ),
    ],
)
def test_ever_is_not_stated_by_a_rank_within_a_span(code: str, claim: str, evidence: str) -> None:
    assert unstated_superlative(claim, evidence, code) is not None


def test_ever_stays_where_the_evidence_ranks_over_all_time() -> None:
    claim = "It was the highest river level ever recorded in York."
    always = "It was the highest river level in York since records began in 1862."
    assert unstated_superlative(claim, always, "en") is None
    assert unstated_superlative(claim, "It was the highest river level ever in York.", "en") is None
    # a rank within a span, the claim's own
    scoped = "It was the highest river level in York since 1981."
    assert unstated_superlative("It was the highest river level since 1981.", scoped, "en") is None


def test_zeker_bounds_from_below() -> None:
    evidence = "Volgens de gemeente zijn zeker dertig wegen afgesloten."
    assert turned_bound("Hooguit dertig wegen zijn afgesloten.", evidence, "nl") is not None
    assert turned_bound("Minstens dertig wegen zijn afgesloten.", evidence, "nl") is None
