"""Chinese and Japanese: a name of the claim put where the evidence has another.

The judge's name check asks whether the claim's names are anywhere in the premise, and the
premise is framed by the document (a name the headline introduced counts). A claim that moves
a name of the document onto the wrong thing ("東川市の市長は反対している" on "北原市の市長は
反対しており", where 東川 is another school of the same article) passes that check; here the
evidence itself is read: the claim's name stands next to the same words as a different name
of the evidence.
"""

from __future__ import annotations

import re
from typing import Final

from .text._cjk import name_spans
from .text._tokens import CJK_CHARS

__all__ = ["moved_name"]

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
