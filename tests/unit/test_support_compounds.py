"""Compounds against their parts and word forms the stemmer misses (``_support_compounds``).

Each claim restates its evidence with a compound split or joined ("Fährkosten" / "Kosten der
Fähre"), or with another agreement ending ("déroulées" / "déroulé"); without the rule its
coverage stays under the threshold. The sentences are this file's own."""

from __future__ import annotations

import pytest

from summarizer._document import Document
from summarizer._judges import get_judge
from summarizer._schema import Alignment, Claim, ClaimKind, Evidence
from summarizer._support import LexicalJudge
from summarizer._support_compounds import compound_found
from summarizer._verify import verify_claims


def _supported(claim: str, evidence: str, code: str) -> bool | None:
    """The product's verdict on ``claim`` whose evidence is all of a one-sentence document."""
    quote = [
        Evidence(quote=evidence, start=0, end=len(evidence), alignment=Alignment.EXACT, score=1.0)
    ]
    claims = [Claim(text=claim, kind=ClaimKind.FACT, evidence=quote)]
    verified = verify_claims(claims, get_judge("lexical"), Document(evidence), language=code)
    support = verified.claims[0].support
    assert support is not None
    return support.supported


@pytest.mark.parametrize(
    ("claim", "evidence", "code"),
    [
        # claim compounds, evidence parts (a linking "-s-" on the evidence's "Hafens")
        (
            "Die Fährkosten und die Hafengebühren trägt der Kreis.",
            "Der Kreis trägt die Kosten der Fähre und die Gebühren des Hafens.",
            "de",
        ),
        # claim parts, evidence compounds
        (
            "Die Kosten der Fähre und die Gebühren des Hafens trägt der Kreis.",
            "Der Kreis trägt die Fährkosten und die Hafengebühren.",
            "de",
        ),
        (
            "Het aantal bezoekers van het museum groeide.",
            "Het bezoekersaantal van het museum groeide.",
            "nl",
        ),
    ],
)
def test_a_compound_is_found_as_its_parts(claim: str, evidence: str, code: str) -> None:
    assert _supported(claim, evidence, code) is True


def test_a_linking_element_is_taken_off_the_modifier() -> None:
    """ "kinder-opvang": the modifier's "-er-" is no part of the evidence's "kind" (the Dutch
    stemmer keeps "kinder")."""
    found = compound_found("De kinderopvang sluit.", "De opvang voor het kind sluit.", "nl", None)
    assert found == {"kinderopvang"}


def test_a_head_alone_is_found_when_its_modifier_is_a_word_of_the_document() -> None:
    """ "Kosten" is the head of "Fährkosten" when the document writes "Fähre" somewhere."""
    claim, evidence = "Die Kosten steigen.", "Die Fährkosten steigen."
    assert compound_found(claim, evidence, "de", frozenset({"fahr"})) == {"kost"}
    assert compound_found(claim, evidence, "de", None) == frozenset()


def test_the_parts_of_a_compound_are_read_in_one_sentence() -> None:
    """ "Schulbehörde" is not stated by "Schulen" in one sentence and "Behörde" in another."""
    claim = "Die Schulbehörde zahlt."
    assert compound_found(claim, "Die Behörde der Schulen zahlt.", "de", None)
    assert not compound_found(claim, "Die Schulen warten. Die Behörde zahlt.", "de", None)


def test_the_modifier_alone_is_found_in_an_evidence_compound() -> None:
    """ "Hüfte" is the modifier of "Hüftgelenk": the claim's word is in the evidence."""
    found = compound_found("Die Hüfte wurde ersetzt.", "Das Hüftgelenk wurde ersetzt.", "de", None)
    assert found == {"huft"}


def test_a_compound_needs_both_parts_in_the_evidence() -> None:
    """ "Fährkosten" on costs of a train: the modifier is not there, the claim not stated."""
    claim, evidence = "Die Fährkosten trägt der Kreis.", "Die Kosten für den Zug trägt der Kreis."
    assert compound_found(claim, evidence, "de", None) == frozenset()
    assert _supported(
        "Die Fährkosten und die Hafengebühren trägt der Kreis.",
        "Der Kreis trägt die Kosten des Zuges und die Gebühren des Bahnhofs.",
        "de",
    ) is False  # fmt: skip


def test_a_prefix_is_no_modifier() -> None:
    """ "Verstand" is no kind of "Stand": "ver" is a prefix, not a word of the text."""
    found = compound_found("Der Stand überrascht.", "Der Verstand überrascht.", "de", None)
    assert found == frozenset()


def test_a_name_is_no_compound_in_dutch() -> None:
    """Dutch writes nouns in lower case: a capitalised "Stadhuisplein" is a name, not a
    compound holding "stadhuis"."""
    found = compound_found(
        "Het stadhuis ontving de ploeg.", "Op het Stadhuisplein werd de ploeg ontvangen.",
        "nl", None,
    )  # fmt: skip
    assert "stadhui" not in found and "stadhuis" not in found
    found = compound_found(
        "Het stadhuis ontving de ploeg.", "Op het stadhuisplein werd de ploeg ontvangen.",
        "nl", None,
    )  # fmt: skip
    assert found  # the same word in lower case is a compound


def test_an_agreement_ending_is_the_same_word_in_french() -> None:
    assert _supported(
        "Les réunions se sont déroulées et terminées sans incident.",
        "La réunion s'est déroulé et terminé sans incident.",
        "fr",
    ) is True  # fmt: skip


def test_a_language_without_compound_data_is_left_alone() -> None:
    judge = LexicalJudge(language="en")
    assert compound_found("The bus costs rose.", "The buscosts rose.", "en", None) == frozenset()
    assert judge.verdicts(["The bus costs rose."], ["The buscosts rose."])[0].supported is False


def test_a_word_is_also_stemmed_with_its_accents() -> None:
    """Folded first, "recibió" and "atendió" stem apart from "recibido" and "atendido"; as
    written, the stemmer reads them as the same verbs."""
    assert _supported(
        "Ha recibido y ha atendido las quejas.", "Ya recibió y atendió las quejas.", "es"
    ) is True  # fmt: skip


def test_a_future_form_is_no_other_form_of_a_past_one() -> None:
    """ "bloccherà" (will block) is not "ha bloccato" (has blocked), though both stem alike."""
    found = compound_found(
        "La ditta bloccherà la linea.", "La ditta ha bloccato la linea.", "it", None
    )
    assert found == frozenset()
