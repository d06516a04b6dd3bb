"""Capitalised common words that are no names (issues 20, 21: correct claims the name check
flagged in the blind probes d, e, f), with sentences of their own: number and fraction words,
sentence openers, German nouns, place adjectives. Each test also keeps a swapped or invented
name rejected."""

from __future__ import annotations

import pytest

from summarizer._support import LexicalJudge
from summarizer._support_capitals import capitals
from summarizer._support_lexical import document_words
from summarizer._support_names import level_swapped
from tests.support.judging import judged


def _judge(doc: str, code: str) -> LexicalJudge:
    """The lexical judge set to ``doc`` (as ``verify_claims`` sets it), for one pair."""
    return LexicalJudge(
        language=code, lower_case=document_words(doc, code), capitals=capitals(doc, code)
    )


@pytest.mark.parametrize(
    ("code", "quote", "claim"),
    [
        ("de", "In 12 der 15 Schulen gibt es Mensen.", "Zwölf von fünfzehn Schulen haben Mensen."),
        ("fr", "Dans 12 des 15 écoles, il y a une cantine.", "Douze des quinze écoles ont une cantine."),  # noqa: E501
        ("pt", "Há cantina em 42 escolas.", "Quarenta e duas escolas têm cantina."),
        ("de", "Die Stadt trägt 25 Prozent der Kosten.", "Die Stadt trägt ein Viertel der Kosten."),
    ],
)  # fmt: skip
def test_a_number_or_fraction_word_is_no_name(code: str, quote: str, claim: str) -> None:
    text = f"Schulen\n\n{quote}\n"
    assert judged(text, claim, quote) == (True, None)


@pytest.mark.parametrize(
    ("code", "quote", "claim"),
    [
        ("fr", "Dans la Drôme, 11 des 14 bassins sont en crise, selon la préfecture de Valence.",
         "Onze des quatorze bassins de la Drôme sont en crise."),
        ("de", "Im Kreis Talheim sind 17 der 19 Brunnen trocken, meldet Ostheim.",
         "Siebzehn von neunzehn Brunnen im Kreis Talheim sind trocken."),
    ],
)  # fmt: skip
def test_a_first_number_word_is_no_name_put_in(code: str, quote: str, claim: str) -> None:
    # the evidence has a name the claim leaves out: a first word that were a name would
    # stand in its place
    assert judged(f"Wasser\n\n{quote}\n", claim, quote) == (True, None)


IT_DOC = (
    "Giulia Ferri\n\nGiulia Ferri nacque a Torino nel 1950. Visse sempre a Torino, dove "
    "insegnò matematica per trent'anni. Torino fu la sua città per tutta la vita.\n"
)
EN_DOC = (
    "Congestion\n\nStockholm introduced a toll on drivers in 2006. Stockholm saw traffic fall "
    "by a fifth within a month.\n"
)


def test_a_first_word_the_document_never_uses_is_a_rewrite_unless_it_replaces_a_name() -> None:
    # "Rimase" is no word of the document, and the evidence has no name the claim lacks
    quote = "Visse sempre a Torino, dove insegnò matematica per trent'anni."
    rewrite = "Rimase sempre a Torino, dove insegnò matematica per trent'anni."
    assert judged(IT_DOC, rewrite, quote) == (True, None)
    # a city the document never names, where the evidence has Turin: a name put in
    city = "Torino fu la sua città per tutta la vita."
    assert judged(IT_DOC, "Genova fu la sua città per tutta la vita.", city) == (False, "name")
    # the evidence's name is written only first in its sentences: the claim's first word
    # replaces it ("Oslo introduced" / "Stockholm introduced")
    toll = "Stockholm introduced a toll on drivers in 2006."
    assert judged(EN_DOC, "Oslo introduced a toll on drivers in 2006.", toll) == (False, "name")


def test_a_sentence_first_word_is_split_off_a_run_of_capitals() -> None:
    doc = "Ring road\n\nAfter the city of Leeds widened its ring road in 2012, trips grew longer.\n"
    quote = doc.split("\n\n")[1].strip()
    claim = "Soon after Leeds widened its ring road in 2012, trips grew longer."
    assert judged(doc, claim, quote) == (True, None)
    claim = "Whenever Leeds widened its ring road in 2012, trips grew longer."
    assert judged(doc, claim, quote) == (True, None)
    assert judged(doc, "Whenever Bradford widened its ring road in 2012, trips grew longer.",
                  quote) == (False, "name")  # fmt: skip


def test_a_run_of_capitals_stops_at_punctuation_and_initials_name_no_other_run() -> None:
    doc = "Jobs\n\nThe Herald reported that the World Health Organization had cut 40 jobs.\n"
    quote = doc.split("\n\n")[1].strip()
    # "Herald, WHO": two runs; "WHO" is the evidence's "World Health Organization"
    assert judged(doc, "According to the Herald, WHO had cut 40 jobs.", quote) == (True, None)
    # "Anna Ricci" shares its initials with "Anna Rossi": no acronym of it
    bio = "Profile\n\nAnna Rossi was a hydraulic engineer in Turin.\n"
    quote = "Anna Rossi was a hydraulic engineer in Turin."
    assert judged(bio, "Anna Ricci was a hydraulic engineer in Turin.", quote) == (False, "name")
    [verdict] = _judge(bio, "en").verdicts(
        ["Anna Ricci was a hydraulic engineer in Turin."], [quote]
    )
    assert (verdict.supported, verdict.check) == (False, "name")
    assert judged(bio, "Anna Rossi was a hydraulic engineer in Turin.", quote) == (True, None)
    # the same initials and a word misspelled: this name, as the initials said before
    [verdict] = _judge(bio, "en").verdicts(
        ["Anna Rosi was a hydraulic engineer in Turin."], [quote]
    )
    assert verdict.supported


def test_a_german_noun_after_a_determiner_or_number_is_no_name() -> None:
    doc = (
        "Schule\n\nDer Rat beschloss, die Schule um vier Räume zu erweitern. Die Firma verlegt "
        "die Fertigung nach Ungarn. Die Bonner Polizei sperrte die Straße.\n"
    )
    quote = "Der Rat beschloss, die Schule um vier Räume zu erweitern."
    claim = "Der Gemeinderat beschloss, die Schule um vier Klassenzimmer zu erweitern."
    assert judged(doc, claim, quote) == (True, None)
    # a noun no dictionary lists (german-nouns decides the listed ones): the position decides
    unlisted = "Der Rat beschloss, die Schule um vier Quaxlinge zu erweitern."
    assert judged(doc, unlisted, quote) == (True, None)
    after_article = "Der Quaxling beschloss, die Schule um vier Räume zu erweitern."
    assert judged(doc, after_article, quote) == (True, None)
    # a place after a preposition, and a run of two after an article, stay names
    moved = "Die Firma verlegt die Fertigung nach Ungarn."
    assert judged(doc, "Die Firma verlegt die Fertigung nach Polen.", moved) == (False, "name")
    police = "Die Bonner Polizei sperrte die Straße."
    assert judged(doc, "Die Kölner Polizei sperrte die Straße.", police) == (False, "name")
    [verdict] = _judge(doc, "de").verdicts(["Die Kölner Polizei sperrte die Straße."], [police])
    assert (verdict.supported, verdict.check) == (False, "name")


def test_a_place_adjective_is_the_place_of_the_document() -> None:
    doc = "Vrijwilligers\n\nThe flow of volunteers from Britain to Syria has slowed.\n"
    quote = "The flow of volunteers from Britain to Syria has slowed."
    assert judged(doc, "The flow of British volunteers to Syria has slowed.", quote) == (True, None)
    french = "The flow of French volunteers to Syria has slowed."
    assert judged(doc, french, quote) == (False, "name")
    nl = "Software\n\nDe ontwikkelaar, Brink Software uit Deventer, raadt een back-up aan.\n"
    quote = "De ontwikkelaar, Brink Software uit Deventer, raadt een back-up aan."
    assert judged(nl, "Het Deventerse Brink Software raadt een back-up aan.", quote) == (True, None)
    assert judged(nl, "Het Zwolse Brink Software raadt een back-up aan.", quote) == (False, "name")


# ---- a level of government put in for the evidence's ([coref] levels) -------------------------


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        (
            "en",
            "The regional council paid for the bridge.",
            "The municipal council paid for the bridge.",
        ),
        (
            "fr",
            "Selon la région, le musée a accueilli 900 visiteurs.",
            "Selon la mairie, le musée a accueilli 900 visiteurs.",
        ),
        (
            "it",
            "Il finanziamento comunale copre metà del costo.",
            "Il finanziamento regionale copre metà del costo.",
        ),
        ("es", "El ayuntamiento pagará la obra.", "La diputación provincial pagará la obra."),
        (
            "de",
            "Die Gemeinde zahlt die Hälfte der Kosten.",
            "Der Landkreis zahlt die Hälfte der Kosten.",
        ),
        ("nl", "De provincie betaalt de helft.", "De gemeente betaalt de helft."),
        ("pt", "O governo paga metade da obra.", "A autarquia paga metade da obra."),
    ],
)
def test_a_level_of_government_put_in_is_a_name_failure(
    code: str, claim: str, evidence: str
) -> None:
    assert level_swapped(claim, evidence, code) is not None


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        (
            "it",
            "La Regione ha già pagato il contributo.",
            "Il contributo regionale è già stato pagato.",
        ),
        ("fr", "La mairie a financé les travaux.", "La commune a financé les travaux."),
        # the claim's level is the evidence's, which names another body too
        ("de", "Die Gemeinde zahlt die Hälfte.", "Gemeinde und Landkreis zahlen je die Hälfte."),
        (
            "en",
            "The bridge cost the council two million.",
            "The municipal bridge cost two million.",
        ),
    ],
)
def test_the_same_level_or_none_put_in_passes(code: str, claim: str, evidence: str) -> None:
    assert level_swapped(claim, evidence, code) is None
