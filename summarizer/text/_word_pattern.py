"""The tokeniser's number and word patterns, and the words of a text read with them.

The one tokeniser of the judge is ``_tokens``; its number and word patterns are written here,
on the lowest floor of the import graph (this module imports nothing of the package), so that
a module below the tokeniser's floor (``summarizer._coref_words``, which the speakers' word
lists read) reads words as the tokeniser does. ``_tokens`` builds its token pattern from
``NUMBER`` and ``WORD`` and exports ``word_spans`` and ``word_texts``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Final

__all__ = ["NUMBER", "WORD", "word_spans", "word_texts"]

# a number: digit groups ("1,500.5", "4,2")
NUMBER: Final = r"\d+(?:[.,]\d+)*"
# a word (an identifier such as "T10", "G7" or "Skarv-2" is one word)
WORD: Final = r"[^\W\d_]+(?:-?\d+[^\W_]*)?"


@cache
def _words_joined(joiners: str, marks: str) -> re.Pattern[str]:
    one = f"(?:{NUMBER}|{WORD})"
    joined = f"{one}(?:[{re.escape(joiners)}]{one})*" if joiners else one
    return re.compile(f"{joined}|[{re.escape(marks)}]" if marks else joined)


def word_spans(text: str, joiners: str = "", marks: str = "") -> Iterator[re.Match[str]]:
    """The words and numbers of a text written with spaces, each as a match (``group()``,
    ``start()``, ``end()``): the tokens ``_tokens.tokens`` finds, but no percent sign, for a check
    that reads a text word by word outside the token lists ("Skarv-2", "1,500.5" and "T10"
    are one word each; "Júcar" is one; a run of Han/kana is one word here, not cut).

    ``joiners``: marks that join two of them into one word, for a check whose lists hold
    compound or elided words whole (``"-'"``: "au-delà", "aujourd'hui", "well-known").
    ``marks``: punctuation read as a token of its own, one a character, for a check that
    counts clause bounds and quotes among the words (``",;«»"``)."""
    return _words_joined(joiners, marks).finditer(text)


def word_texts(text: str, joiners: str = "", marks: str = "") -> list[str]:
    """The words, numbers and ``marks`` of ``word_spans``, as strings."""
    return _words_joined(joiners, marks).findall(text)
