"""Quantities a reader converts or tells apart, from each language's ``[quantities]`` table.

- **time units** ("day", "weeks", "monatlich", "か月") and **seasons** ("winter", "najaar",
  "d'inverno", "冬"): ``periods(text, code)`` finds them, each with the count a number or an
  article gives it ("two weeks" → (week, 2), "an extra day" → (day, 1), "the year" → (year,
  None)). A time unit is part of a number's meaning ("twice a week" is not "twice a day"), a
  season is a date; ``size`` converts the units a reader converts exactly (a year is twelve
  months, a week seven days, an hour sixty minutes; never a month in days).
- **multiples** ("twice" = "two times" = 2, "el doble" = 2), **shares** ("one in five" = 20%,
  "jeder fünfte", "三人に一人") and **the previous year** ("up 11% on the previous year" of a
  2025 report is 2024): read by the number reader (``_numbers``) and the numbers check.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Final

from ._language import language, plain
from ._numbers import numbers
from ._quantity_words import QuantityWords, quantity_words
from ._tokens import prepare, sentences, tokens

__all__ = ["Period", "converts", "date_parts", "periods", "size"]

# Exact conversions only, in two families: minutes (minute, hour, day, week) and months
# (month, year, decade); a month has no fixed number of days.
_SIZES: Final[dict[str, tuple[str, float]]] = {
    "minute": ("time", 1.0),
    "hour": ("time", 60.0),
    "day": ("time", 1440.0),
    "week": ("time", 10080.0),
    "month": ("calendar", 1.0),
    "year": ("calendar", 12.0),
    "decade": ("calendar", 120.0),
}
_CJK_DATE_BEFORE: Final = re.compile(r"(?:月|年度?の?)$")  # "三月初", "2028年度の初め"
_YEAR_OR_MONTH: Final = re.compile(r"(?:19|20)\d\d|month \d+")
_CJK_YEAR_OR_DAY: Final = re.compile(r"(?:\d{4}|[一二三四五六七八九〇零]{4})$|月\d{1,2}$")


@dataclass(frozen=True, slots=True)
class Period:
    """A time unit or a season of a text, with the count a number or an article gives it."""

    kind: str  # "unit" or "season"
    key: str  # "week", "winter"
    count: float | None
    surface: str


def size(unit: str) -> tuple[str, float] | None:
    """(family, size) of a unit key: a year is 12 months, a day 1440 minutes."""
    return _SIZES.get(unit)


@lru_cache(maxsize=1 << 12)
def periods(text: str, code: str) -> tuple[Period, ...]:
    """The time units and seasons of ``text``, in order, each with its count (cached)."""
    lang = language(code)
    words = quantity_words(language(code).code, plain)
    found: list[Period] = []
    for _, sentence in sentences(prepare(text, lang), lang):
        if lang.cjk:
            found += _cjk_periods(sentence, code, words)
            continue
        toks = tokens(sentence, 0, lang)
        low = [plain(t.text) for t in toks]
        counts = {end: key for _, end, key, _ in numbers(sentence, toks, lang, low)}
        table = _table(code)
        k = 0
        while k < len(toks):
            hit = next((p for p in table.get(low[k], ()) if tuple(low[k : k + len(p)]) == p), None)
            half = _half_before(low, k, words.half_before)
            joined = hit is not None and "-" in (
                sentence[toks[k].start - 1 : toks[k].start] if not half else "",
                sentence[toks[k].end : toks[k].end + 1],
            )
            if hit is None or joined:  # "24-year-olds", "a five-year plan": no span of time
                k += 1
                continue
            count = _count(counts.get(k)) if k in counts else (0.5 if half else None)
            if count is None and k and low[k - 1] in words.one:
                count = 1.0
            if count is None and " ".join(hit) in words.counted:  # "per ora": "for now"
                k += len(hit)
                continue
            after = k + len(hit)
            if count is not None and any(
                tuple(low[after : after + len(h)]) == h for h in words.half_after
            ):
                count += 0.5  # "un'ora e mezza": 1.5 hours
            surface = sentence[toks[k].start : toks[k + len(hit) - 1].end]
            kind, key = table[low[k]][hit]
            found.append(Period(kind, key, count, surface))
            k += len(hit)
    return tuple(found)


def _half_before(low: list[str], k: int, half: tuple[tuple[str, ...], ...]) -> bool:
    """A phrase of ``[quantities] half_before`` ends right before the unit at ``k`` ("half
    an hour", "une demi-heure", "een half jaar"): its count is one half."""
    return any(k >= len(p) and tuple(low[k - len(p) : k]) == p for p in half)


def converts(mine: Period, theirs: Sequence[Period]) -> bool:
    """``mine`` is the same span of time as one of ``theirs`` in another unit (a count
    left unsaid is one: "the year" = "twelve months")."""
    own = size(mine.key)
    if own is None:
        return False
    for other in theirs:
        their = size(other.key)
        if their is None or their[0] != own[0]:
            continue
        if abs((mine.count or 1.0) * own[1] - (other.count or 1.0) * their[1]) < 1e-9:
            return True
    return False


@cache
def _table(code: str) -> dict[str, dict[tuple[str, ...], tuple[str, str]]]:
    """The units and seasons of a language by their first word: phrase -> (kind, key)."""
    words = quantity_words(language(code).code, plain)
    table: dict[str, dict[tuple[str, ...], tuple[str, str]]] = {}
    for kind, phrases in (("unit", words.units), ("season", words.seasons)):
        for phrase, key in phrases.items():
            table.setdefault(phrase[0], {})[phrase] = (kind, key)
    return table


def _count(key: str | None) -> float | None:
    try:
        return float(key) if key is not None else None
    except ValueError:  # a share, a month, an ordinal: no count
        return None


def _cjk_periods(sentence: str, code: str, words: QuantityWords) -> list[Period]:
    """Units and seasons written without spaces; a ``counted`` form only right after a
    number that is no year ("2028年") nor day of a month ("12月1日")."""
    lang = language(code)
    numerals = "".join([*lang.cjk_digits, *lang.cjk_units, "两"])
    before = re.compile(rf"(?:\d+(?:[.,]\d+)?|[{numerals}]+)$")
    found: list[tuple[int, Period]] = []
    taken: set[int] = set()
    for form, kind, key in _cjk_forms(code):
        for m in re.finditer(re.escape(form), sentence):
            if taken.intersection(range(m.start(), m.end())):
                continue
            run = before.search(sentence, 0, m.start())
            count = _cjk_count(run.group(), code) if run else None
            if run is None and _cjk_half(sentence, m.start(), words.half_before, before):
                count = 0.5  # "半年", "过去半年": half a year ("一年半" is the half after)
            if form in words.counted and (
                count is None or _CJK_YEAR_OR_DAY.search(sentence, 0, m.start())
            ):
                continue
            taken.update(range(m.start(), m.end()))
            found.append((m.start(), Period(kind, key, count, form)))
    return [p for _, p in sorted(found, key=lambda f: f[0])]


def _cjk_half(
    sentence: str, start: int, half: tuple[tuple[str, ...], ...], numeral: re.Pattern[str]
) -> bool:
    """A ``half_before`` form right before the unit at ``start``, with no numeral in the two
    characters before it ("半年"; not "两个半月", where the half is added to a count)."""
    for form, *_ in half:
        if sentence.endswith(form, 0, start):
            end = start - len(form)
            return not any(numeral.search(sentence, 0, e) for e in range(max(0, end - 1), end + 1))
    return False


@cache
def _cjk_forms(code: str) -> list[tuple[str, str, str]]:
    """(form, kind, key) of the units and seasons, longest form first."""
    words = quantity_words(language(code).code, plain)
    forms = [
        (phrase[0], kind, key)
        for kind, table in (("unit", words.units), ("season", words.seasons))
        for phrase, key in table.items()
    ]
    return sorted(forms, key=lambda f: -len(f[0]))


def _cjk_count(run: str, code: str) -> float | None:
    """The value of the numerals right before a unit ("3", "十二", "两")."""
    lang = language(code)
    toks = tokens(run, 0, lang)
    keys = [key for _, _, key, _ in numbers(run, toks, lang)]
    if run == "两" or run in lang.cjk_digits:  # "一" alone is no number to the reader
        return 2.0 if run == "两" else lang.cjk_digits[run]
    return _count(keys[-1]) if keys else None


@lru_cache(maxsize=1 << 12)
def date_parts(text: str, code: str) -> tuple[tuple[str, str], ...]:
    """The start, middle or end of a date that ``text`` names ("early 2026", "the end of the
    year", "fin mars", "三月初", "年度末"): (part, surface). A part word counts only before a
    year, a month, a season or a time unit (stopwords between: "the end of the year"), or in
    Chinese and Japanese right after a month or year ("月", "年度の"); "arrive late twice a
    week" names none."""
    lang = language(code)
    parts = quantity_words(language(code).code, plain).parts
    found: list[tuple[str, str]] = []
    if not parts:
        return ()
    for _, sentence in sentences(prepare(text, lang), lang):
        if lang.cjk:
            for form in sorted(parts, key=len, reverse=True):
                for m in re.finditer(re.escape(form), sentence):
                    if _CJK_DATE_BEFORE.search(sentence, 0, m.start()):
                        found.append((parts[form], form))
            continue
        toks = tokens(sentence, 0, lang)
        low = [plain(t.text) for t in toks]
        dates = {first for first, _, key, _ in numbers(sentence, toks, lang, low)
                 if _YEAR_OR_MONTH.fullmatch(key)}  # fmt: skip
        table = _table(code)
        for k, word in enumerate(low):
            if word not in parts:
                continue
            after = k + 1
            while after < len(low) and after - k <= 3 and low[after] in lang.stopwords:
                after += 1
            if after < len(low) and (after in dates or low[after] in table):
                found.append((parts[word], toks[k].text))
    return tuple(found)
