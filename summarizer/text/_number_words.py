"""Number words the base reader (``_numbers``) reads through here, from each language's
``[numbers]`` table:

- **joined numerals** of a language that writes a number as one word without a joiner
  (Italian "settantunomila" = 71000, "centododici" = 112, "duecentocinquanta" = 250), the tens
  elided before "uno" and "otto" ("settant" + "uno", "quarant" + "otto"): ``joined_words``;
- **the place rule** of a numeral: a part after a joiner, or after a hundreds word, is smaller
  than the part before it ("trescientos doce" = 312, "three hundred and twelve" = 312, but
  "cincuenta y sesenta" is two numbers): ``joins``;
- **collective numerals**, a round number given as about that many ("une quarantaine de" =
  40, "una decina di" = 10, "un centenar de" = 100, "een tiental" = 10), read only after the
  article for one, never as the plural ("des dizaines de"): ``collective``;
- **an "about" mark** between digits and a large unit ("1200余万" = 12 million):
  ``approx_mark``.

The table's range words and Chinese decimal mark are read on tokens, by ``_number_parts``
(``range_multiplier``, ``cjk_decimal``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, TypeVar


# What this module reads of a language (``text._language.Language``), as a protocol: like
# ``_number_parts``, it imports nothing of the package, so the number reader stands right
# above ``_language``. It reads words, never tokens (``_number_parts`` reads those).
class _Numbers(Protocol):
    def __hash__(self) -> int: ...
    @property
    def units(self) -> dict[str, float]: ...
    @property
    def tens(self) -> dict[str, float]: ...
    @property
    def hundred(self) -> frozenset[str]: ...
    @property
    def multipliers(self) -> dict[str, float]: ...
    @property
    def not_alone(self) -> frozenset[str]: ...


Lang = TypeVar("Lang", bound=_Numbers)

__all__ = [
    "NumberWords",
    "alone_multiplier",
    "approx_mark",
    "collective",
    "divided",
    "joined_words",
    "joins",
    "number_words",
]


@dataclass(frozen=True, eq=False)  # hashed by identity: one per language (``_numbers``)
class NumberWords:
    """The number tables this module reads, plain."""

    joined: bool  # numbers written as one word without a joiner (Italian)
    elided: dict[str, str]  # an elided part -> the number word it stands for ("settant")
    collectives: dict[str, float]  # "quarantaine" = 40
    collective_after: frozenset[str]  # words one of which must follow ("de", "d")
    range_words: frozenset[str]  # "to", "à", "bis": the words of a range
    range_and: frozenset[str]  # "and", "en": the words of a range opened by ``range_open``
    range_open: frozenset[str]  # "between", "tussen"
    alone: frozenset[str]  # multipliers that are a number alone: "mil" = 1000
    divide_by: frozenset[str]  # "by", "par": "divided by two" is a half
    divide_verbs: tuple[str, ...]  # the beginnings of the verb: "divid", "divis", "gedeeld"
    decimal_mark: str  # "点"
    approx_marks: frozenset[str]  # "余", "多": between digits and a large unit


def _words(table: dict[str, object], key: str, plain: Callable[[str], str]) -> frozenset[str]:
    value = table.get(key, "")
    return frozenset(plain(w) for w in value.split()) if isinstance(value, str) else frozenset()


def number_words(table: object, plain: Callable[[str], str]) -> NumberWords:
    """A language's ``[numbers]`` table (as its data file is parsed, passed in by the number
    reader; empty where it has none), folded by ``plain`` (``text._language.plain``, passed
    in as ``quantity_words`` takes it)."""
    if not isinstance(table, dict):
        table = {}
    elided = table.get("elided", {})
    collectives = table.get("collectives", {})
    return NumberWords(
        joined=bool(table.get("joined", False)),
        elided={plain(k): plain(str(v)) for k, v in elided.items()},
        collectives={plain(k): float(v) for k, v in collectives.items()},
        collective_after=_words(table, "collective_after", plain),
        range_words=_words(table, "range_words", plain),
        range_and=_words(table, "range_and", plain),
        range_open=_words(table, "range_open", plain),
        alone=_words(table, "alone", plain),
        divide_by=_words(table, "divide_by", plain),
        divide_verbs=tuple(_words(table, "divide_verbs", plain)),
        decimal_mark=str(table.get("decimal_mark", "")),
        approx_marks=_words(table, "approx_marks", plain),
    )


@lru_cache(maxsize=64)
def _joined_parts(lang: Lang, extra: NumberWords) -> tuple[str, ...]:
    if not extra.joined:
        return ()
    return tuple({*lang.units, *lang.tens, *lang.hundred, *lang.multipliers, *extra.elided})


def _split(word: str, parts: tuple[str, ...]) -> list[str] | None:
    """``word`` as a run of ``parts`` (the first split found, trying each part at each
    place: "centottanta" is "cent" + "ottanta", not "cento" + ...)."""
    if not word:
        return []
    for part in parts:
        if word.startswith(part):
            rest = _split(word[len(part) :], parts)
            if rest is not None:
                return [part, *rest]
    return None


@lru_cache(maxsize=1 << 14)
def joined_words(word: str, lang: Lang, extra: NumberWords) -> list[str] | None:
    """The number words of one word of a language that writes numbers joined ("settantuno
    mila" → settanta, uno, mila), or None: at least two parts, one of them a unit or a ten."""
    parts = _joined_parts(lang, extra)
    if not parts or len(word) < 5 or not word.isalpha():
        return None
    found = _split(word, parts)
    if found is None:
        return None
    elided = extra.elided
    found = [elided.get(p, p) for p in found]
    if len(found) < 2 or not any(p in lang.units or p in lang.tens for p in found):
        return None
    return found


def _value(word: str, lang: Lang) -> float | None:
    if word in lang.units:
        return lang.units[word]
    if word in lang.tens:
        return lang.tens[word]
    return None


def joins(prev: str, nxt: str, lang: Lang) -> bool | None:
    """Whether ``nxt`` continues a numeral that ends in ``prev`` by the place rule: after a
    ten a part below twenty ("treinta y cinco", "soixante et onze"), after a hundreds word
    anything below a hundred ("trescientos doce"), after "hundred" or a multiplier anything
    smaller ("hundred and twelve"). None where the rule does not decide (``prev`` is no such
    word)."""
    low = _value(nxt, lang)
    if prev in lang.hundred:
        return low is not None and low < 100
    if prev in lang.multipliers:
        return low is not None and low < lang.multipliers[prev]
    high = _value(prev, lang)
    if high is None or low is None:
        return None
    if high >= 100 and high % 100 == 0:  # "trescientos", "cien"
        return low < 100
    if prev in lang.tens and high >= 20:  # "treinta y cinco", "soixante et onze"
        return low < 20
    return None


def collective(low: list[str], i: int, lang: Lang, extra: NumberWords) -> float | None:
    """The round number of a collective numeral after the article for one ("une quarantaine
    de" = 40), or None."""
    value = extra.collectives.get(low[i])
    if value is None or i == 0 or low[i - 1] not in lang.not_alone:
        return None
    if extra.collective_after and (i + 1 >= len(low) or low[i + 1] not in extra.collective_after):
        return None
    return value


def alone_multiplier(word: str, lang: Lang, extra: NumberWords) -> list[str] | None:
    """A multiplier that is a number alone at the start of a numeral ("mil doscientas" =
    1200, "mille" = 1000), as the words "one" + it; else None."""
    if word not in extra.alone:
        return None
    one = next((w for w, v in lang.units.items() if v == 1 and w not in lang.tens), None)
    return [one, word] if one is not None else None


def divided(low: list[str], i: int, end: int, extra: NumberWords) -> bool:
    """Whether the number of tokens ``i`` to ``end`` divides: "by" right before it and the
    verb up to four words before that or two after ("diviser nos revenus par deux", "durch
    zwei geteilt"): a share, one in that many."""
    if i == 0 or low[i - 1] not in extra.divide_by or not extra.divide_verbs:
        return False
    near = [*low[max(0, i - 6) : i - 1], *low[end : end + 2]]
    return any(w.startswith(extra.divide_verbs) for w in near)


def approx_mark(low: list[str], j: int, lang: Lang, extra: NumberWords) -> int:
    """The token after an "about" mark between digits and a large unit ("1200余万"): ``j + 1``
    when ``low[j]`` is one and a multiplier follows, else ``j``."""
    marks = extra.approx_marks
    if j + 1 < len(low) and low[j] in marks and low[j + 1] in lang.multipliers:
        return j + 1
    return j
