"""Numbers by value, in each language's way of writing them.

"1.5 million" = "1,500,000" = "1.5m" → ``1500000``; German "4,2 Millionen" = 4.2 million and
"300.000" = 300000 (decimal comma); "zwölf" = "douze" = "twelve" = 12; "sechsundzwanzig",
"vingt-six", "veintiséis" = 26; Chinese "二十六" = 26, "三十万" = 300000, "一百二十亿" = 12e9,
"1400万" = 14e6; "21%" = "21 percent" = "21 Prozent" = "百分之二十一" → ``21%``; a fraction is
a share: "a quarter" = "one quarter" = "25%", "two thirds" = "66.666667%".
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final, NamedTuple

from ._clock import ClockWords, clock_digits, clock_time, clock_words
from ._language import Language, Token, plain
from ._number_parts import alone_one, cjk_decimal, cjk_rest, range_multiplier, share_in
from ._number_words import (
    NumberWords,
    alone_multiplier,
    approx_mark,
    collective,
    divided,
    joined_words,
    joins,
    number_words,
)
from ._quantity_words import QuantityWords, quantity_words

__all__ = ["YEAR", "NumberSpan", "named_key", "numbers", "starts_number"]

_CURRENCY: Final = "$£€¥"
YEAR: Final = re.compile(r"(?:19|20)\d\d")  # a number key that reads as a year
_DOT_DECIMAL: Final = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_COMMA_FOR_DOT: Final = re.compile(r"\d+,\d{1,2}")  # "2,5" in an English text
_COMMA_DECIMAL: Final = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")


_DIVISORS: Final = frozenset(range(2, 11))  # "divided by two" to "by ten": a share
NumberSpan = tuple[int, int, str, str]  # (first token, end token, key, surface)


def _key(value: float, percent: bool) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text + "%" if percent else text


def _digits(text: str, lang: Language) -> float | None:
    """The value of "1,500,000" / "1.5" (or "300.000" / "4,2" with a decimal comma); None
    for "3.4.0" or "1,2,3" (kept as written)."""
    if lang.decimal == ",":
        if _COMMA_DECIMAL.fullmatch(text):
            return float(text.replace(".", "").replace(",", "."))
        return clock_digits(text)  # "03.40": a clock time
    if _DOT_DECIMAL.fullmatch(text):
        return float(text.replace(",", ""))
    if _COMMA_FOR_DOT.fullmatch(text):
        return float(text.replace(",", "."))
    return None


@cache
def _morphemes(lang: Language) -> re.Pattern[str] | None:
    """One word made of number words ("sechsundzwanzig", "zweihundert"), for languages that
    write numbers as one word (``compound_joiner``)."""
    if not lang.compound_joiner:
        return None
    parts = {*lang.units, *lang.tens, *lang.hundred, *lang.multipliers, lang.compound_joiner}
    alternatives = "|".join(map(re.escape, sorted(parts, key=len, reverse=True)))
    return re.compile(f"(?:{alternatives})+")


class _Tables(NamedTuple):
    """A language's tables as the reader reads them (``_tables``)."""

    extra: QuantityWords  # multiples and shares
    spelled: NumberWords  # collectives, ranges, joined numerals
    clock: ClockWords | None
    listed: frozenset[str]  # the words that start a number by a list (fraction words aside)
    percent: frozenset[str]  # the first word of each way of writing "percent"


@cache
def _tables(lang: Language) -> _Tables:
    """The tables of ``lang``, from its data file as ``_language`` parsed it (once a
    language): ``[numbers]``, ``[clock]`` and ``[quantities]``."""
    spelled = number_words(lang.data.get("numbers"), plain)
    clock = clock_words(lang.data.get("clock"), lang.cjk, plain)
    extra = quantity_words(lang.code, plain)
    listed = {*lang.units, *lang.tens, *lang.dozen, *lang.named, *extra.times}
    listed |= {*spelled.collectives, *spelled.alone, *(clock.own if clock else ())}
    first = frozenset(seq[0] for seq in lang.percent if seq)
    return _Tables(extra, spelled, clock, frozenset(listed), first)


def _number_words(word: str, lang: Language) -> list[str] | None:
    """``word`` as number words: itself, or its parts when it is a compound."""
    if word in lang.units or word in lang.tens or word in lang.dozen:
        return [word]
    pattern = _morphemes(lang)
    if pattern is None:  # "settantunomila": joined without a joiner
        return joined_words(word, lang, _tables(lang).spelled)
    if not pattern.fullmatch(word):
        return None
    parts = re.findall(pattern.pattern[3:-2], word)
    kept = [p for p in parts if p != lang.compound_joiner]
    if not any(p in lang.units or p in lang.tens for p in kept):
        return None
    return kept


def starts_number(word: str, lang: Language) -> bool:
    """Whether a word token (``plain``) can start a number: the test ``numbers`` makes of
    each word, for a caller that judges a word once and passes the ``starts`` it found (a
    fraction word is one whatever comes before it: ``numbers`` checks the article)."""
    return word in lang.fractions or _starts(word, lang)


def _starts(word: str, lang: Language) -> bool:
    """``starts_number`` but for fraction words: a number word (or a compound or joined
    numeral of them: "sechsundzwanzig", "settantunomila"), a month, weekday or ordinal word
    (``named_key``), "twice", a collective, "mil" alone, a clock's "quarter" or "halb"."""
    tables = _tables(lang)
    if word in tables.listed:
        return True
    if lang.named_compound is not None and lang.named_compound.fullmatch(word):
        return True  # "zaterdagnacht"
    if tables.spelled.joined and joined_words(word, lang, tables.spelled) is not None:
        return True
    return _morphemes(lang) is not None and _number_words(word, lang) is not None


def _is_number_word(word: str, lang: Language) -> bool:
    return (
        word in lang.units
        or word in lang.tens
        or word in lang.dozen
        or word in lang.hundred
        or (word in lang.multipliers and len(word) > 2)
    )


def _unit_after_unit(prev: str, nxt: str, lang: Language) -> bool:
    """ "un doce", "one two": two numbers, not one (but "dix-sept" is 17, and "quatre-vingts"
    is 80: ``unit_times``)."""
    if nxt in lang.unit_times and 0 < lang.units.get(prev, 10) < 10:
        return False
    if joins(prev, nxt, lang):  # "trescientos doce": a hundreds word, then less
        return False
    if prev not in lang.units or prev in lang.tens or lang.units[prev] == 10:
        return False
    return nxt in lang.units or nxt in lang.tens


def _word_value(words: list[str], lang: Language) -> float | None:
    """The value of a run of number words, or None when it is no number (or "one" alone)."""
    total, current, numeric, last_mult = 0.0, 0.0, False, False
    for w in words:
        if w in lang.unit_times and 0 < current < 10:  # "quatre-vingt(s)": 4 × 20
            current *= lang.tens.get(w, lang.units.get(w, 1.0))
            numeric, last_mult = True, False
        elif w in lang.units or w in lang.tens:
            current += lang.units.get(w, lang.tens.get(w, 0.0))
            numeric, last_mult = True, False
        elif w in lang.dozen:
            current, numeric, last_mult = max(current, 1.0) * 12, True, False
        elif w in lang.hundred:
            current, last_mult = max(current, 1.0) * 100, False
        elif last_mult:  # "mil millones": 1e3 × 1e6
            total, last_mult = total * lang.multipliers[w], True
        else:
            total, current = total + max(current, 1.0) * lang.multipliers[w], 0.0
            last_mult = True
    if not numeric or (len(words) == 1 and words[0] in lang.not_alone):
        return None
    return total + current


def _fraction(low: list[str], k: int, lang: Language) -> bool:
    """A fraction word after an article or "one": "a third", "one quarter", "ein Drittel"."""
    return low[k] in lang.fractions and k > 0 and low[k - 1] in lang.fraction_before


def _one_value(tok: Token, low: str, lang: Language) -> float | None:
    """The value of one token: digits, numerals ("千万"), or number words ("five", "fünf")."""
    if tok.kind == "num":
        return _digits(tok.text, lang)
    if tok.kind == "cjknum":
        return _cjk_value(tok.text, lang)
    parts = _number_words(low, lang) if tok.kind == "word" else None
    return _word_value(parts, lang) if parts else None


def named_key(word: str, lang: Language) -> str | None:
    """The key of a month, weekday or ordinal word ("month 3", "2"), or None."""
    key = lang.named.get(word)
    if key is None and lang.named_compound is not None:
        m = lang.named_compound.fullmatch(word)
        key = lang.named[m.group(1)] if m else None
    return key


def _cjk_value(text: str, lang: Language) -> float:
    """二十六 = 26, 三十万 = 300000, 一百二十亿 = 12e9, 二〇二〇 = 2020."""
    if all(c in lang.cjk_digits for c in text):
        return float("".join(str(int(lang.cjk_digits[c])) for c in text))
    total, section, current = 0.0, 0.0, 0.0
    for c in text:
        if c in lang.cjk_digits:
            current = lang.cjk_digits[c]
        elif c in lang.cjk_units:
            section += max(current, 1.0) * lang.cjk_units[c]
            current = 0.0
        else:
            total += (section + current) * lang.multipliers[c]
            section = current = 0.0
    return total + section + current


def _cjk_share(
    text: str, toks: list[Token], j: int, value: float, lang: Language
) -> tuple[float, bool, int]:
    """A number written right before a fraction mark and its numerator ("三分之一", "3分の1":
    the denominator first) or a share word ("4割" = 40%): (value as a percentage, whether it
    is a share, the token after it). Otherwise ``value`` unchanged."""
    end = toks[j - 1].end
    for mark in lang.fraction_of:
        if value and text.startswith(mark, end):
            after = end + len(mark)
            numerals = {*lang.cjk_digits, *lang.cjk_units}
            top = re.match(r"\d+(?:\.\d+)?", text[after:])
            stop = after + (len(top.group()) if top else 0)
            while not top and stop < len(text) and text[stop] in numerals:
                stop += 1
            if stop > after:
                bit = text[after:stop]
                num = float(bit) if top else _cjk_value(bit, lang)
                return 100 * num / value, True, _token_at(toks, j, stop)
    for word, tenth in lang.share_units.items():
        if text.startswith(word, end):
            return value * tenth, True, _token_at(toks, j, end + len(word))
    return value, False, j


def _token_at(toks: list[Token], j: int, offset: int) -> int:
    """The first token from ``j`` on that starts at or after ``offset``."""
    return next((k for k in range(j, len(toks)) if toks[k].start >= offset), len(toks))


def numbers(
    text: str,
    toks: list[Token],
    lang: Language,
    low: list[str] | None = None,
    starts: list[int] | None = None,
) -> list[NumberSpan]:
    """The numbers among ``toks`` (tokens of ``text``), by value. ``low``: the tokens already
    ``plain``, when the caller has them; ``starts``: the tokens that are no word or of which
    ``starts_number`` holds, when the caller has them."""
    found: list[NumberSpan] = []
    extra, spelled_out, clock, _, percents = _tables(lang)
    marks = (extra.share_in, extra.share_after, extra.unit_words)
    if low is None:
        low = [plain(t.text) for t in toks]
    # Only a digit group, a percent sign or a number word can start a number: go from one to
    # the next (most tokens of a sentence are other words).
    if starts is None:
        starts = [
            k
            for k, t in enumerate(toks)
            if t.kind != "word" or _starts(low[k], lang) or _fraction(low, k, lang)
        ]
    i, n = 0, 0
    while n < len(starts):
        if starts[n] < i:
            n += 1
            continue
        i = starts[n]
        tok, j = toks[i], i + 1
        if (timed := clock_time(toks, low, i, lang, _one_value, clock)) is not None:  # "half past"
            j, clocked = timed
            found.append((i, j, _key(clocked, False), text[tok.start : toks[j - 1].end]))
            i = j
            continue
        prefix_percent = (
            tok.kind == "pct" and tok.text == lang.percent_prefix and bool(lang.percent_prefix)
        )
        share = False  # a fraction: a share, as a percentage
        if prefix_percent and j < len(toks) and toks[j].kind in ("num", "cjknum"):
            i, tok, j = j, toks[j], j + 1
        value: float
        if tok.kind == "cjknum":
            value = _cjk_value(tok.text, lang)
            if j < len(toks) and low[j] in lang.multipliers:
                value, j = value * lang.multipliers[low[j]], j + 1  # "三十万"+"亿"
            value, j = cjk_decimal(toks, j, value, lang, spelled_out)  # "十八点五"
            value, j = cjk_rest(toks, low, j, value, lang, _one_value)
        elif tok.kind == "num":
            parsed = _digits(tok.text, lang)
            if parsed is None:  # a version or a list: the literal text is the number
                found.append((i, j, tok.text, tok.text))
                i = j
                continue
            value = parsed
            j = approx_mark(low, j, lang, spelled_out)  # "1200余万"
            if j < len(toks) and toks[j].start == tok.end and low[j] in lang.ordinal_suffixes:
                j += 1
            elif j < len(toks) and low[j] in lang.multipliers:
                value *= lang.multipliers[low[j]]
                j += 1
                if j < len(toks) and low[j] in lang.multipliers and low[j - 1] != low[j]:
                    value *= lang.multipliers[low[j]]  # "4,2 mil millones"
                    j += 1
            if lang.cjk:
                value, j = cjk_rest(toks, low, j, value, lang, _one_value)
        elif _fraction(low, i, lang):  # "a quarter" = 25%
            value, share = 100 / lang.fractions[low[i]], True
        elif (key := named_key(low[i], lang)) is not None:  # "mars", "zweite", "zaterdagnacht"
            every = i > 0 and low[i - 1] in extra.share_every
            if every and key.isdigit() and key != "0":  # "jeder fünfte" = one in five
                value, share = 100 / float(key), True
            elif key == "50%" and i > 0 and (named_key(low[i - 1], lang) or "").isdigit():
                i += 1  # "la seconde moitié": a part of a period, no share
                continue
            else:
                found.append((i, j, key, tok.text))
                i = j
                continue
        elif low[i] in extra.times:  # "twice" = "two times"
            value = extra.times[low[i]]
        elif (about := collective(low, i, lang, spelled_out)) is not None:  # "une quarantaine de"
            value = about
        else:
            parts = _number_words(low[i], lang) if tok.kind == "word" else None
            parts = parts or alone_multiplier(low[i], lang, spelled_out)  # "mil doscientas"
            if parts is None:
                i += 1
                continue
            words = list(parts)
            while j < len(toks):
                more = _number_words(low[j], lang)
                if more is None and _is_number_word(low[j], lang):
                    more = [low[j]]
                joined = low[j] in lang.joiners and j + 1 < len(toks)
                after = _number_words(low[j + 1], lang) if joined else None
                if after is not None and joins(words[-1], after[0], lang) is not False:
                    j += 1
                    continue
                if more is None or _unit_after_unit(words[-1], more[0], lang):
                    break
                words += more
                j += 1
            spelled = _word_value(words, lang)
            if spelled is None and words[0] in lang.not_alone:  # "one in five", "um por cento"
                shared = share_in(low, toks, j, 1.0, lang, _one_value, marks)
                spelled = alone_one(low, j, lang) or (1.0 if shared else None)
            if spelled is None:
                i += 1
                continue
            value = spelled
            if j < len(toks) and low[j] in lang.fractions:  # "three quarters" = 75%
                value, share, j = 100 * value / lang.fractions[low[j]], True, j + 1
        if tok.kind in ("num", "cjknum") and not share and (lang.fraction_of or lang.share_units):
            value, share, j = _cjk_share(text, toks, j, value, lang)
        shared = None if share else share_in(low, toks, j, value, lang, _one_value, marks)
        if shared is not None:
            value, share, j = shared[0], True, shared[1]  # "one in five", "two out of three"
        if not share and value in _DIVISORS and divided(low, i, j, spelled_out):  # "par deux"
            value, share = 100 / value, True
        percent = prefix_percent or share
        for seq in lang.percent if j < len(low) and low[j] in percents else ():
            if tuple(low[j : j + len(seq)]) == seq:
                percent, j = True, j + len(seq)
                break
        start = tok.start - 1 if tok.start and text[tok.start - 1] in _CURRENCY else tok.start
        found.append((i, j, _key(value, percent), text[start : toks[j - 1].end]))
        i = j
    return range_multiplier(found, toks, low, lang, spelled_out)  # "40 à 50 duizend"
