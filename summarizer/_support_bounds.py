"""Bounds turned round: a number the claim bounds one way and the evidence the other.

"au moins 90" (at least) on "jusqu'à 90" (up to), "ruim 600" (over) on "minder dan 600"
(fewer than), "più di 18 anni" on "minori di 18 anni", "8000步以上" on "8000步以下": the same
number, so the numbers check passes, and the bound words are small words the coverage barely
sees. Each language file lists its bound words (``[bounds]``: ``lower``/``upper`` before the
number, ``lower_after``/``upper_after`` after it and at most one unit word); a number of the
claim bounded from below where the evidence bounds the same number only from above (or the
reverse) is a ``direction`` failure. A bound on one side only ("90" / "up to 90") is no
contradiction: an exact figure is read as within any bound of it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final, Literal

from .text._language import Language, language
from .text._numbers import numbers
from .text._phrases import phrase_list
from .text._phrases import squash as _norm
from .text._tokens import prepare, sentences, tokens

__all__ = ["turned_bound"]

Side = Literal["lower", "upper"]
_WINDOW: Final = 40  # characters before a number where its bound word may end
_CURRENCY: Final = "$£€¥₩ "
_PUNCT: Final = re.compile(r"[.,;:!?()]")
# a number, a unit word at most, then a range's joiner: "95 million to", "20至"
_RANGE_START: Final = re.compile(r"\d[\d.,]*\s?(?:[%％]|[^\W\d_]+)?\s?$")
_CJK_VERB: Final = re.compile(r"[\u4e00-\u9fff\u3040-\u309f]+")  # no digit, no punctuation


@lru_cache(maxsize=16)
def _phrases(code: str) -> tuple[tuple[tuple[str, Side], ...], tuple[tuple[str, Side], ...]]:
    """(bound words before a number, after it), each with its side, longest first (so that
    "no more than" is read before "more than")."""
    lang = language(code)
    before: list[tuple[str, Side]] = []
    after: list[tuple[str, Side]] = []
    for side in ("lower", "upper"):
        before += [(_norm(p), side) for p in lang.phrases_of.get(f"bounds.{side}", ())]
        after += [(_norm(p), side) for p in lang.phrases_of.get(f"bounds.{side}_after", ())]
    return (
        tuple(sorted(before, key=lambda p: -len(p[0]))),
        tuple(sorted(after, key=lambda p: -len(p[0]))),
    )


def _side_before(window: str, lang: Language) -> tuple[str, Side] | None:
    """The bound word that ends ``window``, or ends it but for one word of ``bounds.gap``
    ("still below the 2.9 million", "uiterlijk in 2028"; Chinese and Japanese: but for two
    characters of a verb, "最多来吃三次")."""
    text = _norm(window.rstrip(_CURRENCY))
    heads = [text]
    if lang.cjk:
        heads += [text[:-k] for k in (1, 2) if len(text) > k and _CJK_VERB.fullmatch(text[-k:])]
    elif " " in text and text.rsplit(" ", 1)[1] in _gaps(lang.code):
        heads.append(text.rsplit(" ", 1)[0])
    for head in heads:
        for phrase, side in _phrases(lang.code)[0]:
            if head.endswith(phrase):
                rest = head[: -len(phrase)]
                if lang.cjk or not rest or rest.endswith(" "):
                    return phrase, side
    return None


@lru_cache(maxsize=16)
def _gaps(code: str) -> frozenset[str]:
    return frozenset(phrase_list(code, "bounds.gap"))


def _side_after(window: str, lang: Language) -> tuple[str, Side] | None:
    text = _norm(_PUNCT.sub(" ", window))  # "in 2028 at the latest."
    if lang.cjk:
        heads = [text[k:] for k in range(3)]  # at most two characters of a unit ("步", "人")
    else:
        words = text.split(" ")
        heads = [text, " ".join(words[1:])]  # at most one unit word ("people")
    for head in heads:
        for phrase, side in _phrases(lang.code)[1]:
            if head == phrase or head.startswith(phrase + ("" if lang.cjk else " ")):
                return phrase, side
    return None


def range_end(window: str, lang: Language) -> str | None:
    """The joiner of a range ("to", "bis", "至") that ends ``window`` right after a number
    (and at most one unit word): the number that follows is the range's upper end."""
    text = _norm(window.rstrip(_CURRENCY))
    for joiner in phrase_list(lang.code, "bounds.range_to"):
        head = text[: -len(joiner)]
        if text.endswith(joiner) and (lang.cjk or head.endswith(" ")) and _RANGE_START.search(head):
            return joiner
    return None


def bounded(text: str, code: str) -> dict[str, set[tuple[Side | None, str]]]:
    """Each number of ``text`` by key → its (side, as written) readings; side None: no bound."""
    lang = language(code)
    prepared = prepare(text, lang)
    out: dict[str, set[tuple[Side | None, str]]] = {}
    for _, sentence in sentences(prepared, lang):
        toks = tokens(sentence, 0, lang)
        for first, end, key, surface in numbers(sentence, toks, lang):
            lo, hi = toks[first].start, toks[end - 1].end
            side: Side | None = None
            written = surface
            if found := _side_before(sentence[max(0, lo - _WINDOW) : lo], lang):
                side, written = found[1], f"{found[0]} {surface}"
            elif found := _side_after(sentence[hi : hi + _WINDOW], lang):
                side, written = found[1], f"{surface} {found[0]}"
            elif joiner := range_end(sentence[max(0, lo - _WINDOW) : lo], lang):
                side, written = "upper", f"{joiner} {surface}"  # "$95m to $120m": at most 120
            out.setdefault(key, set()).add((side, written))
    return out


def turned_bound(claim: str, evidence: str, code: str) -> tuple[str, str] | None:
    """A number of the claim bounded the other way from the same number of the evidence:
    (the claim's bound and number, the evidence's), or None."""
    if not language(code).phrases_of:
        return None
    mine = bounded(claim, code)
    if not any(side for readings in mine.values() for side, _ in readings):
        return None
    theirs = bounded(evidence, code)
    for key, readings in mine.items():
        sides = {side for side, _ in theirs.get(key, ())}
        for side, written in readings:
            if side is None or not sides or None in sides or side in sides:
                continue
            other = next(w for s, w in sorted(theirs[key], key=str) if s is not None)
            return written, other
    return None
