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

Chinese and Japanese put a condition clause before the clause it governs, cut off by a comma
("如果资金到位，还将增设阅览室"; "予算が認められれば、歩道も広げる"): a sentence there is
cut into comma clauses, a clause with a condition joined to the one after it (so is a topic
that a comma follows: "立ち入りは、許可を得ない限り禁止"), one that opens with a
``conditions_trailing`` word (前提是) to all the clauses before it; a piece with a condition
is kept only where the claim shares as many character pairs with it as with the evidence's clause it
shares most with (the claim restates the conditioned clause, not one beside it).
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
# clause commas; Japanese writes its clause comma as 、 (tōten), which Chinese keeps for lists
_COMMAS: Final = {"ja": re.compile(r"(?<=[，,；;、])")}
_COMMA: Final = re.compile(r"(?<=[，,；;])")


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


def _cjk_pieces(sentence: str, code: str) -> list[str]:
    """``sentence`` (Chinese, Japanese) cut into its comma clauses, a clause with a condition
    joined to the one after it, one opening with a trailing condition to all before it."""
    trailing = phrase_list(code, "modality.conditions_trailing")
    topics = tuple(t for t in phrase_list(code, "modality.clause_topics") if t) or ("\0",)
    out: list[str] = []
    carry = ""
    for clause in _COMMAS.get(code, _COMMA).split(sentence):
        if not clause.strip():
            continue
        if out and not carry and any(clause.lstrip().startswith(t) for t in trailing if t):
            out = ["".join(out) + clause]  # "前提是 ...": the whole statement before it
            continue
        piece = carry + clause
        if clause.rstrip("，,；;、 ").endswith(topics) or (
            _holds(clause, code) and not any(t and t in clause for t in trailing)
        ):
            carry = piece
            continue
        carry = ""
        out.append(piece)
    if carry:
        out.append(carry)
    return out


def _cjk_scope(claim: str, evidence: str, code: str) -> str:
    mine = _words(claim, code)
    pieces = [p for s in _SENTENCES.split(evidence) for p in _cjk_pieces(s, code)]
    best = max((len(mine & _words(p, code)) for p in pieces if not _holds(p, code)), default=0)
    kept = [p for p in pieces if not _holds(p, code) or len(mine & _words(p, code)) >= max(best, 1)]
    return "".join(kept)


@lru_cache(maxsize=1 << 12)
def condition_scope(claim: str, evidence: str, code: str) -> str:
    """``evidence`` without the pieces that hold a condition and share no word with the
    claim."""
    if not _conditions(code) or not _holds(evidence, code):
        return evidence
    if language(code).cjk:
        return _cjk_scope(claim, evidence, code)
    mine = _words(claim, code)
    kept: list[str] = []
    for sentence in _SENTENCES.split(evidence):
        for piece in _pieces(sentence, code):
            if not _holds(piece, code) or mine & _words(piece, code):
                kept.append(piece)
    return " ".join(kept)
