"""Parts of the number reader (``_numbers``) that read tokens: digits and Chinese numerals
written together ("4億2千万" = 4.2億) and a Chinese decimal point ("十八点五" = 18.5); shares
written as "one in five" ("un ménage sur trois", "uno de cada cinco", "jeder fünfte",
"三人に一人") or a lone "one" before "percent" ("menos de um por cento"); and a range's
shared multiplier ("40 à 50 duizend" = 40000 to 50000, "40 to 50 million")."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final, Protocol, TypeVar

__all__ = ["alone_one", "cjk_decimal", "cjk_rest", "range_multiplier", "share_in"]


# What the parts read of a token and of a language (``text._language.Token`` and
# ``Language``), as protocols: the number reader's parts import nothing of the package, so the
# reader stands right above ``_language``.
class _Token(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def kind(self) -> str: ...


class _Words(Protocol):
    @property
    def percent(self) -> tuple[tuple[str, ...], ...]: ...
    @property
    def cjk(self) -> bool: ...
    @property
    def stopwords(self) -> frozenset[str]: ...
    @property
    def cjk_units(self) -> dict[str, float]: ...
    @property
    def multipliers(self) -> dict[str, float]: ...
    @property
    def cjk_digits(self) -> dict[str, float]: ...


class _Spelled(Protocol):  # what these parts read of ``_number_words.NumberWords``
    @property
    def range_words(self) -> frozenset[str]: ...
    @property
    def range_and(self) -> frozenset[str]: ...
    @property
    def range_open(self) -> frozenset[str]: ...
    @property
    def decimal_mark(self) -> str: ...


Tok = TypeVar("Tok", bound=_Token)
Lang = TypeVar("Lang", bound=_Words)

_YEAR: Final = re.compile(r"1[89]\d\d|20\d\d")  # "one in 2009" is no share


def alone_one(low: list[str], j: int, lang: Lang) -> float | None:
    """A lone "one" ("un", "um") is a number before "percent": "menos de um por cento"
    (else mostly a pronoun or an article; before a share's "in", ``share_in`` reads it)."""
    for seq in lang.percent:
        if tuple(low[j : j + len(seq)]) == seq:
            return 1.0
    return None


def share_in(
    low: list[str],
    toks: list[Tok],
    j: int,
    value: float,
    lang: Lang,
    read: Callable[[Tok, str, Lang], float | None],
    marks: tuple[tuple[tuple[str, ...], ...], tuple[str, ...], frozenset[str]],
) -> tuple[float, int] | None:
    """``value`` out of the number after a share's "in" ("one in five" = 20%, "deux sur
    trois", "uno de cada cinco", "een op de vijf", "三人に一人"): (the percentage, the token
    after the denominator), or None. ``read``: the value of one token (a number or number word);
    ``marks``: the language's words between the two ("in", "out of"), without spaces after
    the denominator ("人に一人"), and its time units (a denominator before one is a span:
    "un prêt sur vingt ans")."""
    shares, after, units = marks
    if lang.cjk:
        return _share_after(toks, j, value, after)
    if value != 1:  # "17 of 19 members", "Route 4 in 2009": two numbers
        return None
    k = j
    gap = value == 1 and k + 1 < len(low) and low[k].isalpha() and low[k] not in lang.stopwords
    if gap and not any(tuple(low[k : k + len(seq)]) == seq for seq in shares):
        k += 1  # "un ménage sur trois"
    for seq in shares:
        d = k + len(seq)
        if tuple(low[k:d]) != seq or d >= len(toks):
            continue
        below = read(toks[d], low[d], lang)
        year = toks[d].kind == "num" and _YEAR.fullmatch(toks[d].text)
        span = d + 1 < len(low) and low[d + 1] in units  # "un prêt sur vingt ans"
        if below and below > value and not year and not span:
            return 100 * value / below, d + 1
    return None


def _share_after(
    toks: list[Tok], j: int, value: float, marks: tuple[str, ...]
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
    toks: list[Tok],
    low: list[str],
    j: int,
    value: float,
    lang: Lang,
    read: Callable[[Tok, str, Lang], float | None],
) -> tuple[float, int]:
    """Digits and Chinese numerals written together: "4千" = 4000, "4億2千万" = 4.2億,
    "6億8000万" = 6.8億, "1万2000" = 12000 (each part smaller than the one before).
    ``read``: the value of one token."""
    units = {*lang.cjk_units, *lang.multipliers}
    before = value
    while j < len(toks) and toks[j].start == toks[j - 1].end:
        tok = toks[j]
        whole = tok.kind == "cjknum" and all(c in units for c in tok.text)
        if whole and value == before:  # "4" + "千"
            value, j = value * (read(tok, low[j], lang) or 1.0), j + 1
            before = value
            continue
        if tok.kind not in ("num", "cjknum") or (value == before and value < 1e4):
            break
        part, k = read(tok, low[j], lang), j + 1
        if part is not None and k < len(toks) and toks[k].start == tok.end:
            nxt = toks[k]
            if low[k] in lang.multipliers:
                part, k = part * lang.multipliers[low[k]], k + 1
            elif nxt.kind == "cjknum" and all(c in units for c in nxt.text):
                part, k = part * (read(nxt, low[k], lang) or 1.0), k + 1
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


def range_multiplier(
    found: list[tuple[int, int, str, str]],
    toks: list[Tok],
    low: list[str],
    lang: Lang,
    extra: _Spelled,
) -> list[tuple[int, int, str, str]]:
    """``found`` with the multiplier of a range's upper end given to its lower end too: "40
    à 50 duizend" is 40000 to 50000, when the lower end is digits or number words with no
    multiplier, one range word stands between, and the lower end is below the upper's."""
    if not extra.range_words or len(found) < 2:
        return found
    out = list(found)
    for n in range(len(found) - 1):
        first, end, key, surface = found[n]
        nxt_first, nxt_end, nxt_key, _ = found[n + 1]
        if nxt_first != end + 1 or low[nxt_end - 1] not in lang.multipliers:
            continue
        opened = any(w in extra.range_open for w in low[max(0, first - 2) : first])
        if low[end] not in extra.range_words and not (opened and low[end] in extra.range_and):
            continue
        if low[end - 1] in lang.multipliers or toks[nxt_first].kind != toks[first].kind:
            continue
        try:
            lower, upper = float(key), float(nxt_key)
        except ValueError:  # a share, a date, a version
            continue
        times = lang.multipliers[low[nxt_end - 1]]
        if 0 < lower < upper / times:
            scaled = f"{lower * times:.6f}".rstrip("0").rstrip(".")
            out[n] = (first, end, scaled, surface)
    return out


def cjk_decimal(
    toks: list[Tok], j: int, value: float, lang: Lang, extra: _Spelled
) -> tuple[float, int]:
    """ "十八点五" = 18.5: the digits after the decimal mark right after a Chinese numeral."""
    mark = extra.decimal_mark
    if not mark or j + 1 >= len(toks) or toks[j].text != mark:
        return value, j
    after = toks[j + 1]
    if after.kind != "cjknum" or after.start != toks[j].end or toks[j].start != toks[j - 1].end:
        return value, j
    if not all(c in lang.cjk_digits for c in after.text):
        return value, j
    digits = "".join(str(int(lang.cjk_digits[c])) for c in after.text)
    return float(f"{int(value)}.{digits}"), j + 2
