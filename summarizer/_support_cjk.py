"""Chinese and Japanese: a name of the claim put where the evidence has another.

The judge's name check asks whether the claim's names are anywhere in the premise, and the
premise is framed by the document (a name the headline introduced counts). A claim that moves
a name of the document onto the wrong thing ("東川市の市長は反対している" on "北原市の市長は
反対しており", where 東川 is another school of the same article) passes that check; here the
evidence itself is read: the claim's name stands next to the same words as a different name
of the evidence.

A term of the claim with one character changed from a term of the premise ("最小" for "最大",
"西浜" for "東浜") is another term (``changed_terms``) when the two characters contrast (the
data file's ``[capitals] contrasts``, or two numerals) or the character stands in a proper
noun; otherwise the two are words that share a character ("上回った" for "上昇した", "平常"
for "通常"): a rewrite, left to coverage.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Final

from .text._cjk import name_spans
from .text._language import language
from .text._tokens import CJK_CHARS

__all__ = ["changed_terms", "moved_name"]

_RUN: Final = re.compile(f"[{CJK_CHARS}]+")
_CONTEXT: Final = 2  # characters on one side of a name that must match


def moved_name(claim: str, evidence: str, code: str) -> tuple[str, str] | None:
    """``(claim's name, evidence's name)`` when a name of the claim that the evidence lacks
    has, right after or right before it, the same ``_CONTEXT`` characters as a name of the
    evidence that the claim lacks ("東川|市の" / "北原|市の")."""
    spans = _spans_in(evidence, code)
    for run in _RUN.findall(claim):
        for start, end in name_spans(run, code):
            mine = run[start:end]
            if mine in evidence:
                continue
            after, before = run[end : end + _CONTEXT], run[max(start - _CONTEXT, 0) : start]
            for e_start, e_end in spans:
                theirs = evidence[e_start:e_end]
                if theirs in claim or set(theirs) & set(mine):
                    continue
                if (len(after) == _CONTEXT and evidence.startswith(after, e_end)) or (
                    len(before) == _CONTEXT and evidence.endswith(before, 0, e_start)
                ):
                    return mine, theirs
    return None


def _spans_in(text: str, code: str) -> list[tuple[int, int]]:
    """``(start, end)`` in ``text`` of each name of each of its CJK runs."""
    return [
        (m.start() + start, m.start() + end)
        for m in _RUN.finditer(text)
        for start, end in name_spans(m.group(), code)
    ]


def changed_terms(run: str, terms: Iterable[str], chars: frozenset[str], code: str) -> list[str]:
    """The characters of ``run`` (a CJK run of the claim) that make it another term than one
    of ``terms`` (the premise's runs, its characters ``chars``): the run has the term's
    length and one character changed, one the premise lacks, where the two characters
    contrast or the character stands in a proper noun of the run or of the term."""
    out: list[str] = []
    for term in terms:
        if len(term) != len(run) or term == run:
            continue
        changed = [k for k, (a, b) in enumerate(zip(run, term, strict=True)) if a != b]
        if len(changed) != 1 or run[changed[0]] in chars:
            continue
        k = changed[0]
        if (
            _contrast(run[k], term[k], code) or _in_name(run, k, code) or _in_name(term, k, code)
        ) and run[k] not in out:
            out.append(run[k])
    return out


def _contrast(a: str, b: str, code: str) -> bool:
    """Whether characters ``a`` and ``b`` name different things of one kind."""
    sets = _contrasts(code)
    return any(a in s and b in s for s in sets[0]) or (a in sets[1] and b in sets[1])


@cache
def _contrasts(code: str) -> tuple[tuple[frozenset[str], ...], frozenset[str]]:
    """(the ``[capitals] contrasts`` sets, the numeral characters) of language ``code``."""
    lang = language(code)
    sets = tuple(frozenset(s) for s in lang.phrases_of.get("capitals.contrasts", ()))
    return sets, frozenset({*lang.cjk_digits, *lang.cjk_units, *lang.multipliers, "两", "兩"})


def _in_name(text: str, k: int, code: str) -> bool:
    return any(start <= k < end for start, end in name_spans(text, code))
