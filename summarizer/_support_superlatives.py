"""Superlatives and ranks the evidence does not state: "the highest", "o segundo maior".

"宿泊・飲食業のテレワーク実施率は業種別で最も高かった" on "宿泊・飲食業は5％未満にとどまった";
"O Espírito Santo é o segundo maior produtor" on "Espírito Santo, maior produtor"; "Enero fue
el mes más fuerte" on "enero fue el mes más flojo". The claim's other words are the
evidence's, and a superlative is one word the coverage barely sees. Each language file lists,
in ``[bounds]``:

- ``superlatives``: words that rank ("highest", "record", "最も"); ``superlative_markers``
  ("más", "plus", "più", "mais") and ``superlative_heads`` ("mayor", "meilleur") count after a
  word of ``superlative_articles`` ("el mes más fuerte", "o maior"). A claim that ranks is
  stated only by evidence that ranks (unless it ranks since a year: "le plus bas depuis
  2015" on "Il faut remonter à 2015 pour trouver un niveau aussi faible"; not "the lowest
  since records began"); a marker's word ("más fuerte") must be the evidence's
  when the evidence has the same marker with another ("más flojo").
- ``ranks``: "second", "segundo", "第二": a rank before a superlative ("the second largest")
  must be on both sides or on neither.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from typing import Final

from ._support_quantifiers import quantifier_found
from .text._language import language
from .text._phrases import phrase_list, squash
from .text._tokens import prepare

__all__ = ["unstated_superlative"]

_PUNCT: Final = re.compile(r"[,.;:!?()«»\"“”]+")


def _norm(text: str) -> str:
    return squash(_PUNCT.sub(" ", text))


@lru_cache(maxsize=128)
def _list(code: str, key: str) -> frozenset[str]:
    return frozenset(phrase_list(code, f"bounds.{key}"))


@lru_cache(maxsize=1 << 12)
def _ranked(text: str, code: str, *, lenient: bool = False) -> tuple[tuple[str, str, str], ...]:
    """Each superlative of ``text``: (the word that ranks, the word it ranks with: a marker's
    adjective or "", the rank word just before it or ""); ``lenient`` (the evidence): a marker
    or head counts without its article ("onde a incidência é maior")."""
    lang = language(code)
    low = _norm(prepare(text, lang))
    ranks = _list(code, "ranks")
    out: list[tuple[str, str, str]] = []
    if lang.cjk:
        for word in sorted(_list(code, "superlatives"), key=len, reverse=True):
            at = low.find(word)
            if at >= 0:
                rank = next((r for r in ranks if low[max(0, at - len(r) - 1) : at].endswith(r)), "")
                out.append((word, "", rank))
        return tuple(out)
    words = low.split()
    articles = _list(code, "superlative_articles")
    markers = _list(code, "superlative_markers")
    heads = _list(code, "superlative_heads")
    phrases = sorted(_list(code, "superlatives"), key=len, reverse=True)
    for k, word in enumerate(words):
        rank = next((w for w in reversed(words[max(0, k - 2) : k]) if w in ranks), "")
        # "le plus bas", "el mes más fuerte", "o (segundo) maior": an article just before,
        # or before one word (a noun, or the rank)
        near = words[k - 1 : k] if k else []
        after_noun = k > 1 and words[k - 2] in articles and words[k - 1] not in lang.stopwords
        ruled = lenient or bool(articles & set(near)) or (k > 1 and words[k - 2] in articles)
        if word in markers and (ruled or after_noun) and k + 1 < len(words):
            out.append((word, words[k + 1] if words[k + 1].isalpha() else "", rank))
        elif word in heads and (ruled and (lenient or not near or near[0] in articles | ranks)):
            out.append((word, "", rank))
        else:
            rest = " ".join(words[k:]) + " "
            found = next((p for p in phrases if rest.startswith(p + " ")), None)
            if found is not None:
                out.append((found, "", rank))
    return tuple(out)


def unstated_superlative(claim: str, evidence: str, code: str) -> str | None:
    """A superlative or rank of the claim the evidence does not state: the reason, or None."""
    if not _list(code, "superlatives"):
        return None
    mine = _ranked(claim, code)
    if not mine:
        return None
    theirs = _ranked(evidence, code, lenient=True)
    if not theirs and not _since_a_year(claim, code):  # "le plus bas depuis 2015"
        return f'the claim says "{mine[0][0]}"; the evidence ranks nothing'
    ever = quantifier_found(claim, code, "ever")  # "the highest ever" / "since 2007"
    if ever is not None and theirs and quantifier_found(evidence, code, "ever") is None:
        span = quantifier_found(evidence, code, "scoped")
        if span is not None:
            return f'the claim ranks "{ever}"; the evidence ranks "{span}"'
    e_ranks = {rank for _, _, rank in theirs}
    for word, adjective, rank in mine:
        if rank and rank not in e_ranks:
            return f'the claim says "{rank} {word}"; the evidence has no "{rank}"'
        others = {a for w, a, _ in theirs if w == word and a}
        e_words = set(_norm(evidence).split())
        if adjective and others and adjective not in others and adjective not in e_words:
            return f'"{word} {adjective}" where the evidence has "{word} {sorted(others)[0]}"'
    c_ranks = {rank for _, _, rank in mine}
    lost = next((t for t in theirs if t[2] and t[2] not in c_ranks), None)
    if lost is not None:
        return f'the evidence says "{lost[2]} {lost[0]}"; the claim drops the rank'
    return None


def _since_a_year(claim: str, code: str) -> bool:
    """A word of ``since`` before a number in ``claim`` ("depuis 2015")."""
    words = _norm(claim).split()
    since = _list(code, "since")
    return any(a in since and b[:1].isdigit() for a, b in pairwise(words))
