"""Capitalised words that are common words of the language, from its data file's ``[capitals]``.

Capitals mark names, but also a sentence's first word and, in German, every noun. Two lists
of a language's ``[capitals]`` table say which capitalised words are no names by the word
itself, wherever they stand:

- ``sentence_words``: adverbs, approximators and connectives, capitalised only as a
  sentence's first word ("Etwa 4,2 Millionen", "Nearly half", "Casi la mitad");
- ``titles`` and ``title_endings``: titles written before a name ("CEO Maria Okafor",
  "Councillor Reyes", "Betriebsratschef Jürgen Albers", "Hallberg-Chefin Sabine Kröger"): a
  common word, the name is the rest of the run;
- ``place_endings`` (German): endings of street and place names ("Lindenweg", "Marktplatz",
  "Schwarzwald"): a word with one stays a name after an article merged with a preposition
  ("am Lindenweg"), where any other noun is common ("im Frühling", "im Homeoffice").
"""

from __future__ import annotations

from functools import cache

from ._language import language

__all__ = ["place_like", "sentence_words", "title"]

_STEM_MIN = 3  # letters before a place ending ("Linden|weg"; "Land" alone is no place)


@cache
def sentence_words(code: str) -> frozenset[str]:
    """The plain ``[capitals] sentence_words`` of language ``code``: never a name."""
    return frozenset(language(code).phrases_of.get("capitals.sentence_words", ()))


def place_like(low: str, code: str) -> bool:
    """Whether ``low`` (a plain word) ends like a street or place name of language ``code``."""
    return any(low.endswith(e) and len(low) - len(e) >= _STEM_MIN for e in _place_endings(code))


@cache
def _place_endings(code: str) -> tuple[str, ...]:
    return language(code).phrases_of.get("capitals.place_endings", ())


def title(low: str, code: str) -> bool:
    """Whether ``low`` (a plain word) is a title of language ``code`` written before a name:
    listed, or a compound ending in a listed title ("betriebsrats|chef")."""
    titles, endings = _titles(code)
    return low in titles or any(low.endswith(e) for e in endings)


@cache
def _titles(code: str) -> tuple[frozenset[str], tuple[str, ...]]:
    table = language(code).phrases_of
    return (
        frozenset(table.get("capitals.titles", ())),
        table.get("capitals.title_endings", ()),
    )
