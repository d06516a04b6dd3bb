"""Numbers a claim gives that its evidence states in other words, by exact arithmetic.

The numbers check wants each of the claim's numbers among the evidence's. A reader also
takes a number the evidence gives another way, when the arithmetic is exact:

- a span of time in another unit: "in the twelve months to March" for "in the year to
  March", "douze mois" for "un an", "negli ultimi dodici mesi" for "nell'ultimo anno";
- a part of a stated whole: "60 millions, soit la moitié de l'enveloppe de 120 millions"
  for "120 millions, dont la moitié"; "1,9 millones" of "3,8 millones, la mitad";
- the year before the one the evidence names: "un 7,4 % más que en 2024" for "en 2025 ...
  un 7,4 % más que el año anterior";
- a number whose multiplier the evidence says once for two: "dai 29 milioni" for "41
  milioni, contro i 29".

Never an approximation: "knapp drei Viertel" is not "72 Prozent", "circa il 30 per cento"
not "quasi un terzo". ``equivalent_number`` is asked only of a claim's numbers the evidence
lacks (``_support_numbers.restated_numbers``), on the pairs the numbers check failed.
"""

from __future__ import annotations

from ._support_lexical import analyse
from .text._language import language, plain
from .text._numbers import YEAR, numbers
from .text._quantities import converts, periods
from .text._quantity_words import quantity_words
from .text._tokens import prepare, sentences, tokens

__all__ = ["equivalent_number"]


def equivalent_number(key: str, claim: str, evidence: str, code: str) -> bool:
    """The claim's number ``key`` is one the evidence states in other words, exactly."""
    if _ordinal_or_fraction(key, claim, evidence, code):
        return True
    if key.endswith("%"):
        return False
    try:
        value = float(key)
    except ValueError:  # a month, a version
        return False
    stated = analyse(evidence, code).numbers
    return (
        _same_span(value, claim, evidence, code)
        or _part_of_whole(value, stated, analyse(claim, code).numbers)
        or _previous_year(key, claim, evidence, code)
        or _multiplier_said_once(value, evidence, code)
    )


def _ordinal_or_fraction(key: str, claim: str, evidence: str, code: str) -> bool:
    """A word that is an ordinal and a fraction ("third", "quinto", "derde") that the number
    reader takes as one in the claim and as the other in the evidence: "for a third
    consecutive year" (a third, 33.3%) / "for the third year running" (the third, 3)."""
    lang = language(code)
    stated = analyse(evidence, code).numbers
    mine = plain(analyse(claim, code).numbers.get(key, ""))
    ordinal = lang.named.get(mine) if mine in lang.fractions else None
    if ordinal is not None and plain(stated.get(ordinal, "")) in lang.named:
        return True  # the evidence's number is that ordinal word, not "three"
    return any(
        plain(theirs) in lang.fractions and lang.named.get(plain(theirs)) == key != their_key
        for their_key, theirs in stated.items()
    )


def _same_span(value: float, claim: str, evidence: str, code: str) -> bool:
    """``value`` counts a time unit of the claim that is the same span as one of the
    evidence's ("twelve months" / "the year")."""
    theirs = [p for p in periods(evidence, code) if p.kind == "unit"]
    return any(
        p.kind == "unit" and p.count == value and converts(p, theirs) for p in periods(claim, code)
    )


def _part_of_whole(value: float, stated: dict[str, str], claimed: dict[str, str]) -> bool:
    """``value`` is a share the evidence states of an amount it states, an amount the claim
    states too (half of 120 = 60: "60 millions, soit la moitié des 120 millions"; not "21 h"
    where the evidence has half of 42 sites)."""
    shares = [float(k[:-1]) for k in stated if k.endswith("%") and _is_number(k[:-1])]
    wholes = [float(k) for k in stated if _is_number(k) and k in claimed]
    return any(
        abs(whole * share / 100 - value) <= 1e-9 * max(abs(value), 1.0)
        for share in shares
        for whole in wholes
        if 0 < share < 100 and whole > value
    )


def _previous_year(key: str, claim: str, evidence: str, code: str) -> bool:
    """``key`` is the year before a year the evidence names, which it calls "the previous
    year" ("2025 ... el año anterior": 2024), the claim naming that year too (else its
    year is the evidence's, changed)."""
    year = str(int(key) + 1) if YEAR.fullmatch(key) else ""
    if not year or year not in analyse(evidence, code).numbers:
        return False
    if year not in analyse(claim, code).numbers:
        return False
    lang = language(code)
    phrases = quantity_words(language(code).code, plain).previous_year
    if lang.cjk:
        return any("".join(p) in evidence for p in phrases)
    for _, sentence in sentences(prepare(evidence, lang), lang):
        low = [plain(t.text) for t in tokens(sentence, 0, lang)]
        for p in phrases:
            if any(tuple(low[k : k + len(p)]) == p for k in range(len(low))):
                return True
    return False


def _multiplier_said_once(value: float, evidence: str, code: str) -> bool:
    """``value`` is a bare number of the evidence times the multiplier it gives another
    number of the same sentence ("41 milioni, contro i 29": 29 milioni)."""
    lang = language(code)
    for _, sentence in sentences(prepare(evidence, lang), lang):
        toks = tokens(sentence, 0, lang)
        low = [plain(t.text) for t in toks]
        bare: list[float] = []
        scales: set[float] = set()
        for first, end, key, _ in numbers(sentence, toks, lang, low):
            if toks[first].kind != "num" or not _is_number(key):
                continue
            if end - first == 2 and low[first + 1] in lang.multipliers:  # "41 milioni"
                scales.add(lang.multipliers[low[first + 1]])
            elif end - first == 1:  # "29"
                bare.append(float(key))
        if any(abs(n * m - value) <= 1e-9 * value for n in bare for m in scales):
            return True
    return False


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
