"""Quantifiers the evidence does not state: "most" for a fifth, "always" for twice a week.

"Most respondents aged 16 to 24 ..." on "Fewer than one in ten respondents ..."; "La mayoría de
los visitantes fueron extranjeros" on "... algo más de uno de cada cinco"; "その大半を高校生が
占める" on "そのうち3分の1を"; "medicine deliveries always arrive late" on "... arrive late twice a
week"; "solo algunos de los 64 puestos" on "los 64 puestos". The words the claim shares with
the evidence are all there, and the quantifier is one small word the coverage barely sees.
Each language file lists, in ``[bounds]``:

- ``majority``: words that say "more than half" ("most", "la plupart", "大半"), not counted
  after a word of ``majority_not_after`` ("the most popular", "at most"). A claim with one is
  stated only by evidence with one, or with a share above one half ("60 %", "two thirds",
  "three in four": two numbers joined by a word of ``share_of``).
- ``part``: words that say "only some" ("solo algunos", "slechts enkele"). A claim with one is
  stated only by evidence that gives a part (a word of ``part``, ``some`` or ``majority``, or
  a share below the whole).
- ``always``: "always", "siempre", "いつも". Stated only by evidence with a word of ``always``
  or ``every``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from .text._language import language
from .text._numbers import numbers
from .text._phrases import phrase_list
from .text._phrases import squash as _norm
from .text._tokens import prepare, sentences, tokens

__all__ = ["phrase_words", "quantifier_found", "shares_of", "unstated_quantifier"]

_HALF: Final = 50.0
_PUNCT: Final = re.compile(r"[,.;:!?()«»\"“”]+")  # as _support_superlatives: "completo, anche"


def _list(code: str, key: str) -> tuple[str, ...]:
    return phrase_list(code, f"bounds.{key}")


@lru_cache(maxsize=1 << 12)
def _found(text: str, code: str, key: str, *, any_use: bool = False) -> str | None:
    """The first phrase of list ``key`` in ``text`` (as whole words; Chinese and Japanese:
    anywhere), not after a word of ``<key>_not_after`` ("the most") nor before one of
    ``<key>_not_before`` ("sempre più": more and more); ``any_use``: in any use (the
    evidence: "the most common type ... is harmless" may well state "most are harmless")."""
    lang = language(code)
    low = phrase_words(text, code)
    padded = low if lang.cjk else f" {low} "
    not_after = frozenset(() if any_use else _list(code, f"{key}_not_after"))
    not_before = frozenset(() if any_use else _list(code, f"{key}_not_before"))
    for phrase in _list(code, key):
        target = phrase if lang.cjk else f" {phrase} "
        start = padded.find(target)
        while start >= 0:
            before = padded[:start].split()
            after = padded[start + len(target) :].split()
            if lang.cjk or (
                not (before and before[-1] in not_after) and not (after and after[0] in not_before)
            ):
                return phrase
            start = padded.find(target, start + 1)
    return None


def phrase_words(text: str, code: str) -> str:
    """``text`` as the phrase checks read it: squashed, punctuation as a space."""
    return _norm(_PUNCT.sub(" ", prepare(text, language(code))))


@lru_cache(maxsize=1 << 12)
def _shares(text: str, code: str) -> tuple[float, ...]:
    """The shares ``text`` gives, in per cent: "35 %", "a fifth", "3分の1", a word of ``half``
    (50), and a part of a whole: "12 of the 38", "one in five", "un ménage sur trois" (a number
    after a word of ``share_of``: the whole; the number just before that word, or a word of
    ``share_one`` among the three words before it, the part; not "attended in 2019")."""
    lang = language(code)
    joins = sorted(_list(code, "share_of"), key=len, reverse=True)
    ones = frozenset(_list(code, "share_one"))
    out: list[float] = [50.0] if _found(text, code, "half", any_use=True) else []
    for _, sentence in sentences(prepare(text, lang), lang):
        toks = tokens(sentence, 0, lang)
        found = numbers(sentence, toks, lang)
        for k, (first, _, key, _) in enumerate(found):
            if key.endswith("%"):
                out.append(float(key[:-1]))
                continue
            before = _norm(sentence[: toks[first].start])
            join = next((j for j in joins if before == j or before.endswith(" " + j)), None)
            if join is None or not _value(key):
                continue
            part = 0.0
            if k > 0 and not found[k - 1][2].endswith("%"):
                gap = _norm(sentence[toks[found[k - 1][1] - 1].end : toks[first].start])
                part = _value(found[k - 1][2]) if gap == join else 0.0
            if not part and ones & set(before[: -len(join)].split()[-3:]):
                part = 1.0
            if part:
                out.append(100 * part / _value(key))
    return tuple(out)


def quantifier_found(text: str, code: str, key: str, *, any_use: bool = True) -> str | None:
    """The first phrase of list ``key`` in ``text`` (``any_use``: in any use), or None."""
    return _found(text, code, key, any_use=any_use)


def shares_of(text: str, code: str) -> tuple[float, ...]:
    """The shares ``text`` gives, in per cent ("35 %", "a fifth", "one in five")."""
    return _shares(text, code)


def _value(key: str) -> float:
    try:
        return float(key)
    except ValueError:
        return 0.0


def unstated_quantifier(claim: str, evidence: str, code: str) -> str | None:
    """A quantifier of the claim ("most", "only some", "always") the evidence does not
    state: the reason, or None."""
    if not _list(code, "majority"):
        return None
    most = _found(claim, code, "majority")
    if (
        most is not None
        and _found(evidence, code, "majority", any_use=True) is None
        and _shares(evidence, code)
        and not any(share > _HALF for share in _shares(evidence, code))
    ):
        return f'the claim says "{most}"; the evidence gives a share of one half or less'
    some = _found(claim, code, "part")
    if some is not None:
        given = any(_found(evidence, code, k, any_use=True) for k in ("part", "some", "majority"))
        if not given and not any(share < 100 for share in _shares(evidence, code)):
            return f'the claim says "{some}"; the evidence states no part'
    always = _found(claim, code, "always")
    if always is not None and not any(
        _found(evidence, code, k, any_use=True) for k in ("always", "every")
    ):
        return f'the claim says "{always}"; the evidence does not'
    return None
