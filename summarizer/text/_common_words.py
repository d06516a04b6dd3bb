"""Capitalised words that are common words of the language, from its data file's ``[capitals]``.

Capitals mark names, but also a sentence's first word and, in German, every noun. Two lists
of a language's ``[capitals]`` table say which capitalised words are no names by the word
itself, wherever they stand:

- ``sentence_words``: adverbs, approximators and connectives, capitalised only as a
  sentence's first word ("Etwa 4,2 Millionen", "Nearly half", "Casi la mitad");
- ``titles``: titles written before a name ("CEO Maria Okafor", "Councillor Reyes",
  "Bürgermeister Keller"): a common word, the name is the rest of the run (a German compound
  title, "Betriebsratschef", "Hallberg-Chefin", is a common noun of the noun dictionary,
  ``_nouns``, and dropped from the run as one);
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
    """Whether ``low`` (a plain word) is a listed title of language ``code``, written before a
    name."""
    return low in _titles(code)


@cache
def _titles(code: str) -> frozenset[str]:
    return frozenset(language(code).phrases_of.get("capitals.titles", ()))
