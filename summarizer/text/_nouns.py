"""German common nouns from a dictionary: a capitalised German word that is no name by itself.

German capitalises every noun, so a capitalised word inside a sentence ("nach Einschätzung
der Behörde", "in Gesprächen mit Eltern") is no sign of a name. The ``german-nouns`` package
(about 100,000 nouns of the German Wiktionary with every inflected form; data CC BY-SA 4.0)
tells which words are common nouns. Its entries tagged as names (``Vorname``, ``Nachname``,
``Familienname``, ``Eigenname``, ``Toponym``) are read apart:

- ``common_noun``: an inflected form of a noun of the dictionary ("gesprächen", "lehrerinnen",
  "mittel"), not a place name ("Polen" is the country before it is the plural of "Pole");
- a surname that is also a noun ("Müller", "Koch", "Fischer", "Keller") is a common noun by
  the dictionary; the document decides (``_support_capitals``: a word it writes after a first
  name or a title is a person's name and stays one).

The dictionary is read once, on the first German word asked about (about 0.8 s; cached).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final

__all__ = [
    "Lexicon",
    "adjectival",
    "common_noun",
    "compound_noun",
    "first_name",
    "lexicon",
    "place_adjective",
]

# Wiktionary part-of-speech tags of the package's entries that are names, not common nouns
_PERSON_TAGS: Final = frozenset({"Vorname", "Nachname", "Familienname", "Eigenname"})
_PLACE_TAGS: Final = frozenset({"Toponym", "Straßenname"})
_HEAD: Final = re.compile(r'("[^"]*"|[^,]*),("[^"]*"|[^,]*)')  # lemma, pos of a CSV line
_PACKAGE: Final = "german_nouns"
_ADJECTIVAL: Final = "adjektivische Deklination"  # the tag of a nominalised adjective


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Lower-case word forms of the dictionary, by what their entries are."""

    common: frozenset[str]  # a form of a common noun
    places: frozenset[str]  # a form of a place name
    first: frozenset[str]  # a form of a first name
    adjectival: frozenset[str]  # a form of a noun declined as an adjective ("Grüne")


@cache
def lexicon() -> Lexicon:
    """The German dictionary, read once from the package's CSV and its index of forms."""
    base = resources.files(_PACKAGE)
    kinds: list[str] = []  # per entry: "c" common, "a" adjectival, "p" place, "f" first
    # name, "n" other name
    with (base / "nouns.csv").open(encoding="utf-8") as f:
        next(f)  # the header
        for line in f:
            found = _HEAD.match(line)
            tags = set(found.group(2).strip('"').split(",")) if found else set()
            kinds.append(
                "p"
                if tags & _PLACE_TAGS
                else "f"
                if "Vorname" in tags
                else "n"
                if tags & _PERSON_TAGS
                else "a"
                if _ADJECTIVAL in tags
                else "c"
            )
    common: set[str] = set()
    places: set[str] = set()
    first: set[str] = set()
    adjectival: set[str] = set()
    by_kind = {"c": common, "a": adjectival, "p": places, "f": first}
    with (base / "index.txt").open(encoding="utf-8") as f:
        for line in f:
            form, *rows = line.rstrip("\n").split("\t")
            for row in rows:
                if row and int(row) < len(kinds):
                    target = by_kind.get(kinds[int(row)])
                    if target is not None:
                        target.add(form)
    common |= adjectival
    return Lexicon(frozenset(common), frozenset(places), frozenset(first), frozenset(adjectival))


def common_noun(word: str) -> bool:
    """Whether ``word`` (as written) is a form of a German common noun and no place name."""
    low = word.lower()
    lex = lexicon()
    return low in lex.common and low not in lex.places


def adjectival(word: str) -> bool:
    """Whether ``word`` (as written) is a form of a noun declined as an adjective ("Grüne",
    "Deutsche"): before another capitalised word, an adjective of a name ("Grüne Liste")."""
    return word.lower() in lexicon().adjectival


def place_adjective(word: str, endings: tuple[str, ...]) -> bool:
    """Whether ``word`` (as written) is a place of the dictionary with one of ``endings``
    (the language's ``[capitals] adjective_endings``): "Kölner", "Hamburger" ("Köln",
    "Hamburg"), an adjective of a name though the dictionary has the inhabitant."""
    low = word.lower()
    places = lexicon().places
    return any(low.endswith(e) and low[: len(low) - len(e)] in places for e in endings)


_PART_MIN = 4  # letters of a compound's last part ("Getriebe|gehäuse")
_FRONT_MIN = 3  # letters before it


def compound_noun(word: str) -> bool:
    """Whether ``word`` (as written) ends in a common noun of the dictionary after three or
    more letters: a compound the dictionary lacks ("Getriebegehäuse"), no first name."""
    low = word.lower()
    common = lexicon().common
    return any(low[k:] in common for k in range(_FRONT_MIN, len(low) - _PART_MIN + 1))


def first_name(word: str) -> bool:
    """Whether ``word`` (as written) is a German first name of the dictionary."""
    return word.lower() in lexicon().first
