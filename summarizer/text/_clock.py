"""Clock times, in words or digits, read as the number the digits give: "half past six" =
"6.30" → ``6.3``, "twintig voor vier 's nachts" = "03.40 uur" → ``3.4``, "halb sieben" =
"6.30 Uhr", "à six heures et demie" = "6h30", "alle sei e mezza" = "alle 6.30", and, where the
language writes a 24-hour clock, a time after noon as such: "vier uur 's middags" = "16.00 uur"
→ ``16``, "午後4時" = "16時". Each language's ``[clock]`` table gives its words; a time needs
a clock word ("past", "uur 's middags", "et demie"), a bare "six" stays the number six.

Three forms, at the token where a number could start:

- minutes, "past" or "to", the hour: "quarter past six", "twenty to four" (a number of
  minutes needs an hour word or a part of the day after it: "tien voor twaalf" alone is none);
- "half" before the hour, the half hour before it: "halb sieben", "half zeven" = 6.30;
- the hour, then an hour word with minutes ("15 h 30", "6h30"), a part of an hour ("et
  demie", "y media", "半") after a word that opens a time ("à", "a las", "alle"; "deux heures
  et demie de route" is a duration), or a part of the day ("'s avonds", "in the morning").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final, Protocol, TypeVar

__all__ = ["ClockWords", "clock_digits", "clock_time", "clock_words"]


# What the clock reads of a token and a language (``text._language.Token``, ``Language``), as
# protocols: it imports nothing of the package, so the number reader stands right above
# ``_language`` (as ``_number_parts``).
class _Token(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str: ...


class _Lang(Protocol):
    @property
    def cjk(self) -> bool: ...


Tok = TypeVar("Tok", bound=_Token)
Lang = TypeVar("Lang", bound=_Lang)
Phrase = tuple[str, ...]  # the plain tokens of a phrase ("s", "avonds"); CJK: the form alone
_GLUED: Final = re.compile(r"h(\d\d)")  # "6h30"
_DOTTED: Final = re.compile(r"(\d{1,2})\.(\d\d)")  # "03.40"
_HOURISH: Final = re.compile(r"\d{1,2}(?:[.:]\d\d)?")  # "6", "06.30", "18:45"
_SPLIT: Final = re.compile(r"[\s'’\-]+")  # where the tokenizer splits a phrase


@dataclass(frozen=True, eq=False)  # hashed by identity: one per language (``_numbers``)
class ClockWords:
    """A language's ``[clock]`` table, each phrase as its plain tokens."""

    cjk: bool  # phrases written without spaces: each is its form alone
    hour_words: tuple[Phrase, ...]  # "uur", "o clock", "時"
    past: tuple[Phrase, ...]  # "past", "over", "nach"
    to: tuple[Phrase, ...]  # "to", "voor", "vor"
    minute_words: dict[str, float]  # "quarter" = 15, "kwart" = 15
    half_before: frozenset[str]  # "halb", "half": the half hour before the hour
    after: dict[Phrase, float]  # "et demie" = 30, "moins le quart" = -15
    opens: frozenset[str]  # "à", "las", "alle": a word right before a clock's hour
    later: tuple[Phrase, ...]  # parts of the day after noon: "s avonds", "pm"
    earlier: tuple[Phrase, ...]  # parts of the day before noon: "s nachts", "am"
    later_before: tuple[Phrase, ...]  # a part of the day before the time: "午後"
    not_after: frozenset[str]  # "from", "between": "ten to four" after them is a range
    range_words: frozenset[str]  # "en", "tot": the ends of a range of hours
    twentyfour: bool  # digits give a 24-hour clock: a time after noon adds twelve
    # where a time needs a clock word (``_near``): the token itself ("quarter", "halb"), the
    # token after it (a phrase's first word, CJK: any beginning of one) or the token before
    own: frozenset[str] = frozenset()
    nexts: frozenset[str] = frozenset()
    lasts: frozenset[str] = frozenset()  # the end of a part of the day before: "午後"


def clock_words(table: object, cjk: bool, plain: Callable[[str], str]) -> ClockWords | None:
    """A language's ``[clock]`` table (as its data file is parsed, passed in by the number
    reader), or None where it has none; ``cjk``: the language writes no spaces. Its words
    folded by ``plain`` (``text._language.plain``, passed in), a phrase split where the
    tokenizer splits it (spaces, apostrophes, hyphens: "'s avonds" = "s", "avonds")."""
    if not isinstance(table, dict):
        return None

    def phrase(text: str) -> Phrase:
        return (text,) if cjk else tuple(plain(w) for w in _SPLIT.split(text) if w)

    def phrases(key: str) -> tuple[Phrase, ...]:
        raw = table.get(key, [])
        return tuple(phrase(str(p)) for p in raw) if isinstance(raw, list) else ()

    def words(key: str) -> frozenset[str]:
        return frozenset(" ".join(p) for p in phrases(key))

    def ends(found: Iterable[Phrase], last: bool) -> frozenset[str]:
        """Each phrase's first (or last) token; CJK, where a phrase is its form alone and the
        tokens may cut it: each beginning (or end) of the form."""
        if not cjk:
            return frozenset(p[-1] if last else p[0] for p in found if p)
        forms = [p[0] for p in found if p]
        return frozenset(f[n:] if last else f[: n + 1] for f in forms for n in range(len(f)))

    after = {phrase(k): float(v) for k, v in table.get("after", {}).items()}
    minutes = {plain(k): float(v) for k, v in table.get("minute_words", {}).items()}
    keys = ("hour_words", "past", "to", "later", "earlier")
    return ClockWords(
        cjk=cjk,
        hour_words=phrases("hour_words"),
        past=phrases("past"),
        to=phrases("to"),
        minute_words=minutes,
        half_before=words("half_before"),
        after=after,
        opens=words("opens"),
        later=phrases("later"),
        earlier=phrases("earlier"),
        later_before=phrases("later_before"),
        not_after=words("not_after"),
        range_words=words("range_words"),
        twentyfour=bool(table.get("twentyfour", False)),
        own=frozenset(minutes) | words("half_before"),
        nexts=ends([p for k in keys for p in phrases(k)] + [*after], False) | words("range_words"),
        lasts=ends(phrases("later_before"), True),
    )


def _near(low: list[str], i: int, words: ClockWords) -> bool:
    """Whether a clock word stands where a time starting at token ``i`` needs one (a
    necessary test, made before the reading): ``i`` itself ("quarter", "halb"), the token
    after it ("past", "uur", "h30", "et demie", "'s avonds", a range's "en") or the one
    before it ("午後"). Most number starts have none, and are no time."""
    if low[i] in words.own or (i > 0 and low[i - 1] in words.lasts):
        return True
    nxt = low[i + 1] if i + 1 < len(low) else ""
    return nxt in words.nexts or (nxt[:1] == "h" and _GLUED.fullmatch(nxt) is not None)


def minute_like(minute: float | None) -> bool:
    """Whether a number can be the minutes of "twenty to four": 5 to 55, by fives."""
    return minute is not None and 5 <= minute < 60 and minute % 5 == 0


def clock_digits(text: str) -> float | None:
    """ "03.40", "16.00" in a language with a decimal comma (no decimal number there): the
    clock time, as the digits give it (3.4, 16); None for anything else ("17.12.2026")."""
    m = _DOTTED.fullmatch(text)
    if m is None or int(m.group(1)) > 24 or int(m.group(2)) > 59:
        return None
    return int(m.group(1)) + int(m.group(2)) / 100


def _phrase(low: list[str], j: int, phrases: Iterable[Phrase], cjk: bool) -> tuple[Phrase, int]:
    """The phrase of ``phrases`` that the tokens from ``j`` on spell, and the token after it
    (``((), j)`` when none does)."""
    for p in phrases:
        if not cjk and tuple(low[j : j + len(p)]) == p:
            return p, j + len(p)
        if cjk:
            for k in range(j + 1, min(j + 4, len(low)) + 1):
                if "".join(low[j:k]) == p[0]:
                    return p, k
    return (), j


def _hour(
    toks: list[Tok],
    low: list[str],
    k: int,
    lang: Lang,
    read: Callable[[Tok, str, Lang], float | None],
) -> float | None:
    """The value of the token at ``k`` as an hour of the clock (0 to 24), or None."""
    if k >= len(toks) or toks[k].kind not in ("num", "word"):
        return None
    value = read(toks[k], low[k], lang)
    if value is None or not 0 <= value <= 24:
        return None
    return value


def _shared_day(
    toks: list[Tok],
    low: list[str],
    at: tuple[int, int],
    lang: Lang,
    read: Callable[[Tok, str, Lang], float | None],
    words: ClockWords,
) -> tuple[int, float] | None:
    """The lower end of a range of hours whose upper end alone says the part of the day:
    "tussen twee en zes uur 's middags" = 14 to 18; None when the upper end is no time after
    noon on a 24-hour clock. ``at``: the lower end's first token and the token after it."""
    i, end = at
    if end >= len(low) or low[end] not in words.range_words:
        return None
    nxt = end + 2 if end + 2 < len(low) and low[end + 1] in words.opens else end + 1  # "y las"
    hour, upper = read(toks[i], low[i], lang), clock_time(toks, low, nxt, lang, read, words)
    raw = _hour(toks, low, nxt, lang, read)
    if hour is None or upper is None or raw is None or not 1 <= hour < raw < 12:
        return None
    return (end, hour + 12) if upper[1] == raw + 12 else None


def clock_time(
    toks: list[Tok],
    low: list[str],
    i: int,
    lang: Lang,
    read: Callable[[Tok, str, Lang], float | None],
    words: ClockWords | None,
) -> tuple[int, float] | None:
    """The clock time starting at token ``i``: (the token after it, its value as the digits
    give it, "6.30" → 6.3), or None. ``read``: the value of one token; ``words``: the
    language's ``clock_words``."""
    if words is None or (toks[i].kind == "num" and not _HOURISH.fullmatch(toks[i].text)):
        return None  # no clock, or digits no hour can be ("2026", "1,200")
    if not _near(low, i, words):
        return None  # no clock word beside it: "six", "2 in 10"
    cjk = words.cjk
    minute = words.minute_words.get(low[i])
    if minute is None and toks[i].kind in ("num", "word"):
        minute = read(toks[i], low[i], lang)
    hour: float | None = None
    end, value = i + 1, 0.0
    marked = False  # a word that makes the time a clock's by itself
    worded = low[i] in words.minute_words or (toks[i].kind == "word" and minute_like(minute))
    ranged = i > 0 and low[i - 1] in words.not_after  # "from ten to four": a range
    if minute is not None and worded and not ranged:
        rel, k = _phrase(low, i + 1, words.past + words.to, cjk)
        hour = _hour(toks, low, k, lang, read) if rel else None
        if hour is not None and 1 <= hour <= 12 and hour == int(hour):
            marked = low[i] in words.minute_words
            if rel in words.to:
                hour, minute = (hour - 1) or 12, 60 - minute
            end, value = k + 1, hour + minute / 100
            said, k = _phrase(low, end, words.hour_words, cjk)
            end, marked = (k, True) if said else (end, marked)  # "twintig voor vier uur"
        else:
            hour = None
    if hour is None and low[i] in words.half_before:
        hour = _hour(toks, low, i + 1, lang, read)
        if hour is None or not 1 <= hour <= 12 or hour != int(hour):
            return None
        end, value, marked = i + 2, (hour - 1 or 12) + 0.3, True
    if hour is None:
        hour = _hour(toks, low, i, lang, read)
        if hour is None:
            return None
        end, value = i + 1, hour
        said, k = _phrase(low, end, words.hour_words, cjk)
        glued = _GLUED.fullmatch(low[end]) if end < len(low) else None
        if said or glued:
            end = k if said else end + 1
            if glued:  # "6h30"
                value, marked = hour + int(glued.group(1)) / 100, True
            elif said == ("h",) and end < len(toks) and re.fullmatch(r"\d\d", toks[end].text):
                value, marked, end = hour + int(toks[end].text) / 100, True, end + 1  # "15 h 30"
        part, k = _phrase(low, end, words.after, cjk)
        opened = not words.opens or (i > 0 and low[i - 1] in words.opens)
        if part and opened and value == int(value):
            shift = words.after[part]
            value = value + shift / 100 if shift > 0 else (value - 1 or 12) + (60 + shift) / 100
            end, marked = k, True
    day, k = _phrase(low, end, words.later + words.earlier, cjk)
    before = any(
        _phrase(low, max(0, i - n), words.later_before, cjk) == (p, i)
        for p in words.later_before
        for n in (1, 2)
    )
    if not (marked or day or before):
        return _shared_day(toks, low, (i, end), lang, read, words) if hour == value else None
    end = k if day else end
    if words.twentyfour and (day in words.later or before) and 1 <= value < 12:
        value += 12
    return end, value
