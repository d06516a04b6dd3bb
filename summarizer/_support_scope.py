"""The part of the evidence a condition can govern for a claim: what the dropped-condition
check (``_support_modality.dropped_condition``) reads.

A condition governs its own sentence, and inside one, the clause it stands in: "Northvale
Rail, which runs around 1,100 services a day, ... and urged passengers to travel only if
necessary" puts no condition on the 1,100 services. The evidence is cut into sentences, and a
sentence into clauses at a coordinator written without a comma ("... during the strike and
urged ..."; the comma case is ``_segments``'); a clause that opens with a condition ("and
only if ...") stays with the one before, and a sentence that opens with one ("If the council
agrees, ... and ...") is one piece. A piece with a condition is kept only where the claim has
one of its words (Chinese and Japanese: a pair of its characters); the rest of the evidence
is kept as written.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from .text._language import language
from .text._phrases import phrase_list, squash
from .text._tokens import prepare

__all__ = ["condition_scope"]

_SENTENCES: Final = re.compile(r"(?<=[.!?])\s+(?=\S)|(?<=[。！？])")
_HEAD: Final = 4  # words at a piece's start where a condition opens it
_IDEOGRAPHS: Final = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ff]+")


def _conditions(code: str) -> tuple[str, ...]:
    found = (*phrase_list(code, "modality.conditions"), *_initial(code))
    return tuple(c for c in found if c)


def _initial(code: str) -> tuple[str, ...]:
    return phrase_list(code, "modality.conditions_initial")


def _holds(piece: str, code: str) -> bool:
    """Whether ``piece`` has a condition word ("only * if": its first word)."""
    text = f" {squash(piece)} "
    cjk = language(code).cjk
    for phrase in _conditions(code):
        first = phrase.split("*")[0].strip()
        if (first in text) if cjk else (f" {first} " in text):
            return True
    return False


def _opens(piece: str, code: str) -> bool:
    """Whether ``piece`` opens with a condition (within its first ``_HEAD`` words)."""
    return _holds(" ".join(squash(piece).split()[:_HEAD]), code)


def _words(text: str, code: str) -> frozenset[str]:
    lang = language(code)
    if lang.cjk:
        return frozenset(
            run[k : k + 2] for run in _IDEOGRAPHS.findall(text) for k in range(len(run) - 1)
        )
    squashed = squash(prepare(text, lang)).split()
    return frozenset(lang.fold(w) for w in squashed if w not in lang.stopwords)


def _pieces(sentence: str, code: str) -> list[str]:
    """``sentence`` cut before each coordinator written without a comma; whole where it
    opens with a condition; a piece that opens with one joined to the one before."""
    coordinators = language(code).phrases_of.get("modality.coordinators", ())
    if language(code).cjk or not coordinators or _opens(sentence, code):
        return [sentence]
    words = "|".join(re.escape(c) for c in coordinators)
    out: list[str] = []
    for piece in re.split(rf"(?<=[^\W\d])\s+(?=(?:{words})\s)", sentence, flags=re.IGNORECASE):
        if out and _opens(piece, code):
            out[-1] += " " + piece
        else:
            out.append(piece)
    return out


@lru_cache(maxsize=1 << 12)
def condition_scope(claim: str, evidence: str, code: str) -> str:
    """``evidence`` without the pieces that hold a condition and share no word with the
    claim."""
    if not _conditions(code) or not _holds(evidence, code):
        return evidence
    mine = _words(claim, code)
    kept: list[str] = []
    for sentence in _SENTENCES.split(evidence):
        for piece in _pieces(sentence, code):
            if not _holds(piece, code) or mine & _words(piece, code):
                kept.append(piece)
    return " ".join(kept)
