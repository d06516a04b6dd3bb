"""Capitalised common words that are no names (issues 20, 21: correct claims the name check
flagged in the blind probes d, e, f), with sentences of their own: number and fraction words,
sentence openers, German nouns, place adjectives. Each test also keeps a swapped or invented
name rejected."""

from __future__ import annotations

import pytest

from tests.support.judging import judged


@pytest.mark.parametrize(
    ("code", "quote", "claim"),
    [
        ("de", "In 12 der 15 Schulen gibt es eine Mensa.", "Zwölf von fünfzehn Schulen haben eine Mensa."),
        ("fr", "Dans 12 des 15 écoles, il y a une cantine.", "Douze des quinze écoles ont une cantine."),
        ("pt", "Há cantina em 42 escolas.", "Quarenta e duas escolas têm cantina."),
        ("de", "Die Stadt trägt 25 Prozent der Kosten.", "Die Stadt trägt ein Viertel der Kosten."),
    ],
)  # fmt: skip
def test_a_number_or_fraction_word_is_no_name(code: str, quote: str, claim: str) -> None:
    text = f"Schulen\n\n{quote}\n"
    assert judged(text, claim, quote) == (True, None)
