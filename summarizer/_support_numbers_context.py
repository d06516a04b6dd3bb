"""Numbers of a claim the evidence lacks that are no new quantity, for the numbers check.

``restated_numbers`` (``_support_numbers``) asks ``excused_number`` about each number of the
claim the evidence does not have; ``changed_period`` (``_support_periods``) asks
``bare_count`` before it compares a claim's time unit with the evidence's:

- **a term of the document** (Chinese and Japanese, written without spaces): the number is
  part of a name or series the document states before the evidence, with the same
  characters round it and a mark of a name or series after it ("“探星三号”" of a report on
  that probe, "1等米比率": ``terms.numbered``), and the evidence gives no number in that
  term's place. "探星四号" (not in the document), a term the document writes with two
  numbers ("探星二号" and "探星三号" before the evidence), a number where the evidence has
  another in the same place ("2等米" / "1等米") and a number with a unit ("14天") stay
  numbers;
- **a multiple glued to a currency sign**: "2 M€", "1,5 Md€", "3 Mio. €" = 2 million
  euros, when the evidence has that amount;
- ``bare_count``: a number the evidence states without a unit ("Moeder Tamu (27)", "the
  27-year-old") is no span of time there, so the claim's "27 jaar oud" is not compared with
  the unit of another number ("03.40 uur").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Final

from ._support_lexical import analyse
from .text._language import Language, language
from .text._phrases import phrase_list
from .text._quantities import Period

__all__ = ["bare_count", "excused_number"]

# Abbreviated multiples written before a currency sign (news usage in fr, de, it, es, pt,
# nl: "2 M€", "1,5 Md€", "3 Mio. €", "4 Mrd. €", "2 mln €"); written for this project.
_GLUED: Final = {
    "m": 1e6, "mio": 1e6, "mln": 1e6, "mn": 1e6,
    "md": 1e9, "mds": 1e9, "mrd": 1e9, "mld": 1e9, "bn": 1e9, "k": 1e3,
}  # fmt: skip
_CURRENCY: Final = "€$£¥"
_TERM_RIGHT: Final = 3  # characters of a term after the number ("等米比")
_TERM_LEFT: Final = 2  # characters of a term before it ("探星")


def excused_number(
    key: str, surface: str, claim: str, evidence: str, context: str, code: str
) -> bool:
    """Whether the claim's number ``key`` (written ``surface``), which ``evidence`` lacks, is
    no new quantity: a term of the ``context`` or a glued multiple the evidence states."""
    lang = language(code)
    if lang.cjk:
        return _term_in_context(surface, claim, evidence, context, lang)
    return _glued_multiple(key, surface, claim, evidence, code)


def bare_count(
    period: Period, mine: Sequence[Period], theirs: Sequence[Period], evidence: str, code: str
) -> bool:
    """The evidence states ``period``'s count as a number with no time unit, and the claim
    keeps a unit the evidence gives a number, if it gives one (``mine``, ``theirs``: the two
    texts' periods), so the claim's unit on that number is no changed unit ("27 jaar oud" on "Tamu
    (27) ... rond 03.40 uur"; not "lasted 31 days" on "31 workers struck for 3 hours")."""
    count = period.count
    if count is None or any(p.count == count for p in theirs):
        return False
    kept = {(p.key, p.count) for p in mine}
    counted = [p for p in theirs if p.count is not None]
    if counted and not any((p.key, p.count) in kept for p in counted):
        return False  # the claim's unit may be the evidence's, moved onto the bare number
    return any(_value(key) == count for key in analyse(evidence, code).numbers)


def _value(key: str) -> float | None:
    try:
        return float(key)
    except ValueError:
        return None


def _glued_multiple(key: str, surface: str, claim: str, evidence: str, code: str) -> bool:
    """ "2 M€" where the evidence has 2 million (euros)."""
    value = _value(key)
    if value is None:
        return False
    sign = f"[{_CURRENCY}]"
    m = re.search(
        rf"(?<![\d.,]){re.escape(surface)}\s?(?:{sign}\s?)?([A-Za-z]+)\.?\s?{sign}"
        rf"|(?<![\d.,]){re.escape(surface)}\s?([A-Za-z]+)\.?(?!\w)",
        claim,
    )
    if m is None:
        return False
    word = (m.group(1) or m.group(2) or "").casefold()
    if word not in _GLUED or (m.group(2) and not _currency_near(claim, m.end())):
        return False
    amount = value * _GLUED[word]
    return any(
        (v := _value(k)) is not None and abs(v - amount) < 1e-6 * amount
        for k in analyse(evidence, code).numbers
    )


def _currency_near(claim: str, end: int) -> bool:
    """A currency sign right after a glued multiple ("2 M €")."""
    return bool(re.match(rf"\s?[{_CURRENCY}]", claim[end:]))


@lru_cache(maxsize=1 << 10)
def _numeral(code: str) -> str:
    lang = language(code)
    chars = "".join([*lang.cjk_digits, *lang.cjk_units, "两"])
    return rf"[0-9０-９.{chars}]"


def _term_in_context(surface: str, claim: str, evidence: str, context: str, lang: Language) -> bool:
    """Every place of ``surface`` in the claim is inside a term of the context (``_term``)."""
    if not context:
        return False
    numeral = _numeral(lang.code)
    hits = list(re.finditer(rf"(?<!{numeral}){re.escape(surface)}(?!{numeral})", claim))
    return bool(hits) and all(
        _term(claim, m.start(), m.end(), evidence, context, lang) for m in hits
    )


def _term(claim: str, start: int, end: int, evidence: str, context: str, lang: Language) -> bool:
    """The number at ``claim[start:end]`` with the letters round it (the most after it, then
    the fewest before it, two at least) is written so in the context, the context writes
    that term with no other number, and the evidence has no number in its place."""
    surface = claim[start:end]
    numeral = _numeral(lang.code)
    for right_len in range(_TERM_RIGHT, -1, -1):
        right = claim[end : end + right_len]
        if len(right) < right_len or not _letters(right, numeral):
            continue
        for left_len in range(max(0, 2 - right_len), _TERM_LEFT + 1):
            left = claim[start - left_len : start] if left_len else ""
            if len(left) < left_len or not _letters(left, numeral):
                continue
            if left + surface + right not in context or not _series(right, lang):
                continue
            frame = re.compile(rf"{re.escape(left)}({numeral}+){re.escape(right)}")
            if any(m.group(1) != surface for m in frame.finditer(context)):
                return False  # the document writes the term with two numbers
            return not _slot_taken(left, right, evidence, numeral)
    return False


def _series(right: str, lang: Language) -> bool:
    """The term's letters after the number start with a mark of a name or series ("号",
    "等": ``terms.numbered``), not with a unit of an amount ("天", "人")."""
    return any(right.startswith(mark) for mark in phrase_list(lang.code, "terms.numbered"))


def _letters(text: str, numeral: str) -> bool:
    return all(ch.isalpha() and not re.fullmatch(numeral, ch) for ch in text)


def _slot_taken(left: str, right: str, evidence: str, numeral: str) -> bool:
    """The evidence has a number where the term has the claim's ("2025年産")."""
    if right and re.search(rf"{numeral}{re.escape(right[0])}", evidence):
        return True
    return bool(left) and re.search(rf"{re.escape(left[-1])}{numeral}", evidence) is not None
