"""Checks on the numbers of one claim and its evidence that the vectorised judge does not make:

- ``swapped_numbers``: two numbers of the evidence that the claim gives the other way round;
- ``restated_numbers``: numbers a claim restates from the document before its evidence (a
  year, a version, "Route 9"), which the numbers check does not count against it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache

from ._support_equivalents import equivalent_number
from ._support_lexical import analyse
from ._support_numbers_context import excused_number
from .text._language import language, plain
from .text._numbers import YEAR, numbers
from .text._tokens import prepare, sentences, tokens

__all__ = ["restated_numbers", "swapped_numbers"]

# a year in running text, also before a CJK counter ("2026年産"), where \b finds no edge
_YEAR_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(?:19|20)\d\d(?![0-9A-Za-z])")


@lru_cache(maxsize=1 << 14)
def _with_numbers(text: str, code: str) -> tuple[tuple[str, ...], dict[int, str]]:
    """``text``'s words folded, each number one item ("#4.5"), and the surface of each
    number item by its index."""
    lang = language(code)
    prepared = prepare(text, lang)
    items: list[str] = []
    surfaces: dict[int, str] = {}
    for _, sentence in sentences(prepared, lang):
        toks = tokens(sentence, 0, lang)
        spans = {first: (end, key, s) for first, end, key, s in numbers(sentence, toks, lang)}
        k = 0
        while k < len(toks):
            if k in spans:
                end, key, surface = spans[k]
                surfaces[len(items)] = surface
                items.append("#" + key)
                k = end
                continue
            if toks[k].kind == "word":
                items.append(lang.fold(toks[k].text))
            k += 1
    return tuple(items), surfaces


def swapped_numbers(claim: str, evidence: str, code: str) -> tuple[str, str] | None:
    """Two numbers of the evidence that the claim gives the other way round ("costs $3.75, up
    from $4.50" on "costs $4.50, up from $3.75"; "da 20 a 14" on "da 14 a 20"): ``(claim's,
    evidence's)``.

    Each number is read with the word before it: the claim has (a, N) and (b, M) where the
    evidence has (a, M) and (b, N). (A number the evidence lacks is the numbers check's.)"""
    c_pairs = _number_pairs(claim, code)
    e_pairs = _number_pairs(evidence, code)
    for (word, mine), surface in c_pairs.items():
        if (word, mine) in e_pairs:
            continue
        for (other_word, theirs), their_surface in e_pairs.items():
            if other_word != word or theirs == mine:
                continue
            if any(
                (w, theirs) in c_pairs and (w, mine) in e_pairs for w, n in c_pairs if n == theirs
            ):
                return surface, their_surface
    return None


def _number_pairs(text: str, code: str) -> dict[tuple[str, str], str]:
    """(the word before a number, the number) → the number as written."""
    items, surfaces = _with_numbers(text, code)
    return {
        (items[k - 1], items[k]): surfaces[k]
        for k in range(1, len(items))
        if items[k].startswith("#") and not items[k - 1].startswith("#")
    }


def restated_numbers(claim: str, evidence: str, context: str, code: str) -> bool:
    """Every number of ``claim`` missing from ``evidence`` is one a reader takes from the
    ``context`` (the document before the evidence): the year it names first or most often,
    when the evidence states no other ("By December" in a report on 2024); a version
    ("3.4.0"); an identifier named with a word ("Route 9"); an ordinal, month or weekday word
    the context states with the word after it ("the third quarter" of a report on it); a
    month or weekday the context states, when the evidence states none; or one the evidence
    states in other words, exactly (``equivalent_number``: "twelve months" for "the year",
    60 million for "half of 120 million"). A changed amount is never one."""
    c, e = analyse(claim, code), analyse(evidence, code)  # the context is only searched
    missing = [k for k in c.numbers if k not in e.numbers and k.rstrip("%") not in e.numbers]
    if not missing:
        return False
    # a year the evidence states and the claim does not: then the claim's year is changed
    evidence_year = any(YEAR.fullmatch(k) and k not in c.numbers for k in e.numbers)
    for key in missing:
        surface = c.numbers[key]
        if _identifier(claim, surface, context):
            continue
        if YEAR.fullmatch(key) and not evidence_year and key in _document_years(context):
            continue
        if _named_with_next_word(claim, surface, context, code):
            continue
        if _date_word_restated(key, surface, e.numbers, context):
            continue
        if equivalent_number(key, claim, evidence, code):
            continue
        if excused_number(key, surface, claim, evidence, context, code):
            continue  # "探星三号" of the document, "tous les lundis", "2 M€" (_numbers_context)
        if key.count(".") >= 2 and re.search(rf"(?<![\d.]){re.escape(key)}(?![\d]|\.\d)", context):
            continue
        return False
    return True


# an identifier: capitals (letters and digits after them) joined to a number by a space or a
# hyphen ("Route 9", "PS-800", "QH-217", "A-380"), also right before or after Chinese or Japanese
# characters ("QH-217在", "PS-800の"), where \b finds no edge
_LETTER = "0-9A-Za-z\u00c0-\u024f"
_IDENTIFIER = rf"(?<![{_LETTER}])[A-Z][{_LETTER}-]*?[ -]"


def _identifier(claim: str, surface: str, context: str) -> bool:
    """Every place of the number ``surface`` in ``claim`` is in an identifier that the
    ``context`` writes so ("Route 9", "PS-800"): no quantity. ("PS-800 ... 800 Wh": the
    second "800" is a quantity, the claim's own.)"""
    places = list(re.finditer(rf"(?<![0-9.,]){re.escape(surface)}(?![0-9])", claim))
    if not places:
        return False
    for place in places:
        named = re.search(rf"{_IDENTIFIER}$", claim[: place.start()])
        if named is None or named.group() + surface not in context:
            return False
    return True


def _named_with_next_word(claim: str, surface: str, context: str, code: str) -> bool:
    """``surface`` is an ordinal, month or weekday word ("third") that the context states
    together with the word the claim puts after it ("Third Quarter")."""
    if plain(surface) not in language(code).named:
        return False
    pair = re.search(rf"(?<!\w){re.escape(surface)}[ -](\w+)", claim)
    return bool(pair and re.search(rf"(?<!\w){re.escape(pair.group())}(?!\w)", context, re.I))


def _date_word_restated(key: str, surface: str, evidence: Mapping[str, str], context: str) -> bool:
    """A month or weekday the context states ("am Dienstagabend") when the evidence states
    none (else the claim's is a changed date)."""
    kind = key.split(" ")[0]
    if kind not in ("month", "weekday") or any(k.startswith(kind + " ") for k in evidence):
        return False
    return re.search(rf"(?<!\w){re.escape(surface)}(?!\w)", context, re.I) is not None


def _document_years(context: str) -> tuple[str | None, ...]:
    """The years a reader takes as the document's own: the first it names (its headline or
    dateline: "Annual Performance Report 2024", "October 24, 2024") and the one it names most."""
    first = re.search(_YEAR_IN_TEXT, context)
    return (first.group() if first else None, _main_year(context))


def _main_year(context: str) -> str | None:
    """The year the context names most often (a report's year), if one leads."""
    counts = Counter(m.group() for m in re.finditer(_YEAR_IN_TEXT, context)).most_common(2)
    if not counts or (len(counts) > 1 and counts[0][1] == counts[1][1]):
        return None
    return counts[0][0]
