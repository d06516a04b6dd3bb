"""Parts of the number reader (``_numbers``): digits by the language's decimal mark, Chinese
numerals, digits and numerals written together ("4億2千万" = 4.2億), and shares written as
"one in five" ("un ménage sur trois", "uno de cada cinco", "jeder fünfte", "三人に一人") or
a lone "one" before "percent" ("menos de um por cento")."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from ._language import Language, Token
from ._quantity_words import quantity_words

__all__ = ["alone_one", "cjk_rest", "cjk_value", "digits", "share_in"]

_DOT_DECIMAL: Final = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_COMMA_FOR_DOT: Final = re.compile(r"\d+,\d{1,2}")  # "2,5" in an English text
_YEAR: Final = re.compile(r"1[89]\d\d|20\d\d")  # "one in 2009" is no share
_COMMA_DECIMAL: Final = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")


def digits(text: str, lang: Language) -> float | None:
    """The value of "1,500,000" / "1.5" (or "300.000" / "4,2" with a decimal comma); None
    for "3.4.0" or "1,2,3" (kept as written)."""
    if lang.decimal == ",":
        if _COMMA_DECIMAL.fullmatch(text):
            return float(text.replace(".", "").replace(",", "."))
        return None
    if _DOT_DECIMAL.fullmatch(text):
        return float(text.replace(",", ""))
    if _COMMA_FOR_DOT.fullmatch(text):
        return float(text.replace(",", "."))
    return None


def cjk_value(text: str, lang: Language) -> float:
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


def alone_one(low: list[str], j: int, lang: Language) -> float | None:
    """A lone "one" ("un", "um") is a number before a share's "in" or "percent": "one in
    five", "menos de um por cento" (else mostly a pronoun or an article)."""
    words = quantity_words(lang.code)
    for seq in (*lang.percent, *words.share_in):
        if tuple(low[j : j + len(seq)]) == seq:
            return 1.0
    gap = j + 1  # one word between: "un ménage sur trois", "one person in ten"
    if gap < len(low) and low[j].isalpha() and low[j] not in lang.stopwords:
        for seq in words.share_in:
            if tuple(low[gap : gap + len(seq)]) == seq:
                return 1.0
    return None


def share_in(
    low: list[str],
    toks: list[Token],
    j: int,
    value: float,
    lang: Language,
    read: Callable[[Token, str, Language], float | None],
) -> tuple[float, int] | None:
    """``value`` out of the number after a share's "in" ("one in five" = 20%, "deux sur
    trois", "uno de cada cinco", "een op de vijf", "三人に一人"): (the percentage, the token
    after the denominator), or None. ``read``: the value of one token (a number or number word)."""
    words = quantity_words(lang.code)
    if lang.cjk:
        return _share_after(toks, j, value, words.share_after)
    if value != 1:  # "17 von 19 Ratsmitgliedern", "Route 4 in 2009": two numbers
        return None
    k = j
    gap = value == 1 and k + 1 < len(low) and low[k].isalpha() and low[k] not in lang.stopwords
    if gap and not any(tuple(low[k : k + len(seq)]) == seq for seq in words.share_in):
        k += 1  # "un ménage sur trois"
    for seq in words.share_in:
        d = k + len(seq)
        if tuple(low[k:d]) != seq or d >= len(toks):
            continue
        below = read(toks[d], low[d], lang)
        year = toks[d].kind == "num" and _YEAR.fullmatch(toks[d].text)
        if below and below > value and not year:
            return 100 * value / below, d + 1
    return None


def _share_after(
    toks: list[Token], j: int, value: float, marks: tuple[str, ...]
) -> tuple[float, int] | None:
    """Japanese "三人に一人": the denominator first, then a mark with the one."""
    if not value or j >= len(toks):
        return None
    rest, k = "", j
    while k < len(toks) and toks[k].start == toks[k - 1].end and len(rest) < 6:
        rest += toks[k].text
        k += 1
        if rest in marks:
            return 100 / value, k
    return None


def cjk_rest(
    toks: list[Token], low: list[str], j: int, value: float, lang: Language
) -> tuple[float, int]:
    """Digits and Chinese numerals written together: "4千" = 4000, "4億2千万" = 4.2億,
    "6億8000万" = 6.8億, "1万2000" = 12000 (each part smaller than the one before)."""
    units = {*lang.cjk_units, *lang.multipliers}
    before = value
    while j < len(toks) and toks[j].start == toks[j - 1].end:
        tok = toks[j]
        if tok.kind == "cjknum" and all(c in units for c in tok.text) and value == before:
            value, j = value * cjk_value(tok.text, lang), j + 1  # "4" + "千"
            before = value
            continue
        if tok.kind not in ("num", "cjknum") or (value == before and value < 1e4):
            break
        part = digits(tok.text, lang) if tok.kind == "num" else cjk_value(tok.text, lang)
        k = j + 1
        if part is not None and k < len(toks) and toks[k].start == tok.end:
            nxt = toks[k]
            if low[k] in lang.multipliers:
                part, k = part * lang.multipliers[low[k]], k + 1
            elif nxt.kind == "cjknum" and all(c in units for c in nxt.text):
                part, k = part * cjk_value(nxt.text, lang), k + 1
        if part is None or part >= _magnitude(value):
            break
        value, j = value + part, k
    return value, j


def _magnitude(value: float) -> float:
    """The place of a number's last big unit: 4億 → 1e8, 1万 → 1e4 (the next part is less)."""
    place = 1.0
    while place * 10 <= value and value % (place * 10) == 0:
        place *= 10
    return place
