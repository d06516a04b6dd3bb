"""German common nouns by the dictionary: no names of a claim, unless the document names with them.

German capitalises every noun; a rewrite's noun without an article ("nach Auffassung",
"in Verhandlungen", "Rücklagen") is no name the evidence must have (``_support_nouns``,
``text._nouns``). A surname that is also a noun ("Keller", "Koch") stays a name where the
document writes it after a first name or a title; a word after "für" in an institution's
name stays one; a run with a capitalised adjective ("Freie Wähler") stays one.
"""

from __future__ import annotations

import pytest

from summarizer._support_capitals import capitals, claim_names
from summarizer._support_lexical import analyse
from summarizer._support_nouns import proper_words, without_common_nouns
from summarizer.text import language, tokens
from summarizer.text._nouns import (
    adjectival,
    common_noun,
    first_name,
    lexicon,
    place_adjective,
)
from tests.support.judging import judged

DOC = (
    "Der Stadtrat von Lindau hat den Bau einer neuen Sporthalle beschlossen. Die Kosten liegen "
    "bei 6 Millionen Euro. Kämmerin Ulrike Koch sagte, die Stadt könne das Projekt aus eigenen "
    "Mitteln bezahlen. Das Landesamt für Denkmalpflege hat keine Einwände erhoben. Die Fraktion "
    "Freie Wähler stimmte dagegen."
)


def _names(text: str, claim: str) -> list[str]:
    runs = claim_names(analyse(claim, "de"), claim, "de", frozenset(), capitals(text, "de"))
    return [r.surface for r in runs]


def test_the_dictionary_knows_nouns_places_and_first_names() -> None:
    assert common_noun("Verhandlungen") and common_noun("Auffassung") and common_noun("Gelder")
    assert common_noun("Koch")  # a surname, but a noun first ("der Koch")
    assert not common_noun("Lindau") and not common_noun("Polen")  # places
    assert first_name("Ulrike") and not first_name("Sporthalle")
    assert adjectival("Freie") and not adjectival("Sporthalle")
    assert place_adjective("Kölner", ("er",)) and not place_adjective("Lehrer", ("er",))
    assert len(lexicon().common) > 200_000


@pytest.mark.parametrize(
    ("claim", "quote"),
    [
        # "Nach Auffassung" (in the view of), "Gelder" (funds): nouns without an article
        (
            "Nach Auffassung von Kämmerin Ulrike Koch kann die Stadt die Halle aus eigenen "
            "Mitteln bezahlen.",
            "Kämmerin Ulrike Koch sagte, die Stadt könne das Projekt aus eigenen Mitteln bezahlen",
        ),
        # "nach Verhandlungen", "aus Rücklagen": plurals after a preposition
        (
            "Die Stadt bezahlt den Bau der Sporthalle nach Verhandlungen aus Rücklagen.",
            "Kämmerin Ulrike Koch sagte, die Stadt könne das Projekt aus eigenen Mitteln bezahlen",
        ),
    ],
)
def test_a_rewrites_common_noun_is_no_name(claim: str, quote: str) -> None:
    runs = _names(DOC, claim)
    assert not any(w in r for r in runs for w in ("Auffassung", "Verhandlungen", "Rücklagen"))


def test_a_rewrite_with_a_common_noun_is_supported() -> None:
    text = (
        "Die Gemeinde Talbach hat im Mai das neue Freibad eröffnet. Die Bürger hatten lange "
        "darauf gewartet. Nach monatelangen Gesprächen mit dem Land gab es Zuschüsse."
    )
    claim = "Nach Einschätzung der Gemeinde hatten die Bürger lange auf das Freibad gewartet."
    assert judged(text, claim, "Die Bürger hatten lange darauf gewartet") == (True, None)


def test_a_surname_that_is_a_noun_stays_a_name_of_the_document() -> None:
    # "Koch" after the first name "Ulrike": a person, so a claim's "Koch" is a name
    assert "Koch" in _names(DOC, "Laut Koch kann die Stadt bezahlen.")


def test_a_swapped_person_with_a_noun_surname_is_caught() -> None:
    text = (
        "Trainerin Anna Fischer lobte die Mannschaft. Kapitän Jonas Bauer schoss zwei Tore. "
        "Fischer sagte, das Team habe verdient gewonnen."
    )
    quote = "Kapitän Jonas Bauer schoss zwei Tore"
    # "Jonas" is the evidence's; "Fischer" is the document's other person, though a noun
    assert judged(text, "Kapitän Jonas Fischer schoss zwei Tore.", quote) == (False, "name")


def test_the_document_writes_names_after_first_names_titles_and_links() -> None:
    lang = language("de")
    found = {
        w
        for sentence in (
            "Kämmerin Ulrike Koch sagte es.",
            "Das Landesamt für Denkmalpflege prüft.",
            "Herr Bäcker kam.",
        )
        for w in proper_words(tokens(sentence, 0, lang), lang)
    }
    assert {lang.fold("Koch"), lang.fold("Denkmalpflege"), lang.fold("Bäcker")} <= found
    assert lang.fold("Landesamt") not in found and lang.fold("Das") not in found


def test_an_institutions_field_after_a_link_stays_a_name() -> None:
    assert "Denkmalpflege" in _names(DOC, "Das Landesamt für Denkmalpflege erhob keine Einwände.")


def test_a_run_with_a_capitalised_adjective_stays_a_name() -> None:
    folded = tuple(language("de").fold(w) for w in ("Fraktion", "Freie", "Wähler"))
    kept, surface = without_common_nouns(folded, "Fraktion Freie Wähler", frozenset(), "de")
    assert kept == folded
    assert surface == "Fraktion Freie Wähler"
    quote = "Die Fraktion Freie Wähler stimmte dagegen"
    assert judged(DOC, "Die Fraktion Neue Mitte stimmte dagegen.", quote) == (False, "name")


def test_other_languages_keep_their_runs() -> None:
    folded = tuple(language("nl").fold(w) for w in ("Koch", "Verhandlungen"))
    assert without_common_nouns(folded, "Koch Verhandlungen", frozenset(), "nl")[0] == folded


def test_a_compound_of_the_evidences_noun_is_the_same_entity() -> None:
    text = (
        "Landkreis plant neue Radwege\n\nDie Kreisverwaltung hat am Dienstag ein Programm für "
        "neue Radwege vorgestellt. Der Fahrradclub Weserland begrüßte den Plan. Die Verwaltung "
        "rechnet mit einem Baubeginn im Mai. Die Verwaltung stellt dafür 3 Millionen Euro bereit."
    )
    quote = "Die Verwaltung stellt dafür 3 Millionen Euro bereit."
    claim = "Die Kreisverwaltung stellt für die Radwege 3 Millionen Euro bereit."
    assert judged(text, claim, quote) == (True, None)


def test_a_noun_surname_after_the_claims_first_name_is_a_name() -> None:
    # the document has no "Müller": the claim's "Sabine Müller" is a person put in
    text = "Die Firma Lorenz baut 200 Stellen ab, sagte Geschäftsführerin Sabine Brandl."
    quote = "Die Firma Lorenz baut 200 Stellen ab, sagte Geschäftsführerin Sabine Brandl."
    claim = "Laut Geschäftsführerin Sabine Müller baut die Firma Lorenz 200 Stellen ab."
    assert judged(text, claim, quote) == (False, "name")


def test_an_unknown_compound_makes_no_person() -> None:
    lang = language("de")
    found = set(proper_words(tokens("Die Getriebegehäuse-Fertigung zieht um.", 0, lang), lang))
    assert lang.fold("Fertigung") not in found


def test_an_acronym_is_no_common_noun() -> None:
    folded = tuple(language("de").fold(w) for w in ("BUND",))
    assert without_common_nouns(folded, "BUND", frozenset(), "de")[0] == folded
