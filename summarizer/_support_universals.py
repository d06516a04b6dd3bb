"""Universals, parts and restrictions the evidence does not state: "all" for "most", "some"
for "all", "few" for "most", "exclusively" for "mainly".

"Every landlord faced complaints" on "at least four landlords faced complaints"; "すべての
運転手" on "一部の運転手"; "bat einige Besitzer" on "bat alle Besitzer"; "poucos alunos" on "a
maioria dos alunos"; "venduto esclusivamente nei supermercati" on "venduto soprattutto nei
supermercati". The claim's other words are all the evidence's; the quantifier is one word
the coverage barely sees. Each language file lists, in ``[bounds]``:

- ``all``: words that take the whole ("all", "sämtliche", "todos", "全部", "すべて",
  "unanimously"); not after a word of ``all_not_after`` ("one in every five", "uno de cada
  cinco"), not before a word of ``all_not_before`` ("jeder fünfte"), nor before a number
  ("all three landowners": the count is checked by the number check). A claim with one is
  stated only by evidence with one, or by evidence that gives no part: no word of ``part``,
  ``some``, ``majority`` or ``few``, no share below the whole, no count.
- The reverse: a claim with a word of ``part``, ``some`` or ``few`` (not before a number:
  "some 8,500") is not stated by evidence that takes the whole (a word of ``all``) and gives
  no part.
- ``few``: "few", "poucos", "很少" (not after a word of ``few_not_after``: "a few"). A claim
  with one is not stated by evidence that says "most" or "all" and not "few"; a claim that
  says "most" is not stated by evidence that says "few" and not "most".
- ``only``: "exclusively", "ausschließlich", "solo"; a claim with one (not before a number:
  "only four sailings", nor after a word of ``only_not_after``: "geen enkel") is not stated
  by evidence that restricts nothing and says "mainly" (a word of ``mainly``).
"""

from __future__ import annotations

from functools import lru_cache

from ._support_quantifiers import phrase_words, quantifier_found, shares_of
from .text._language import Language, language
from .text._numbers import numbers, starts_number
from .text._phrases import phrase_list
from .text._tokens import prepare, sentences, tokens

__all__ = ["unstated_universal"]

_PART_KEYS = ("part", "some", "majority", "few", "partial")


def _list(code: str, key: str) -> tuple[str, ...]:
    return phrase_list(code, f"bounds.{key}")


@lru_cache(maxsize=1 << 12)
def _used(text: str, code: str, key: str, *, counted: bool = False) -> str | None:
    """The first phrase of list ``key`` in ``text`` as a quantifier of its own: not after a
    word of ``<key>_not_after``, not before one of ``<key>_not_before`` nor before a number
    (in Chinese and Japanese: not next to a digit); ``counted`` (the evidence): also
    before a number ("all 19 households" takes the whole)."""
    lang = language(code)
    low = phrase_words(text, code)
    padded = low if lang.cjk else f" {low} "
    not_after = frozenset(_list(code, f"{key}_not_after"))
    not_before = frozenset(_list(code, f"{key}_not_before"))
    for phrase in _list(code, key):
        target = phrase if lang.cjk else f" {phrase} "
        start = padded.find(target)
        while start >= 0:
            end = start + len(target)
            if lang.cjk:
                # "3人全員", "全部9分": a count just before or just after
                beside = padded[max(0, start - 2) : start] + padded[end : end + 1]
                if counted or not any(ch.isdigit() for ch in beside):
                    return phrase
            else:
                before = padded[:start].split()
                after = padded[end:].split()
                # the word after, or after an article ("tous les jours", "all the time")
                near = after[:2] if after and after[0] in lang.stopwords else after[:1]
                if not (before and before[-1] in not_after) and not (
                    not_before & set(near) or (not counted and _counts(near, lang))
                ):
                    return phrase
            start = padded.find(target, start + 1)
    return None


def _counts(words: list[str], lang: Language) -> bool:
    """Whether one of ``words`` starts a number ("all three", "some 8,500")."""
    return any(w[:1].isdigit() or starts_number(w, lang) for w in words)


@lru_cache(maxsize=1 << 12)
def _has_count(text: str, code: str) -> bool:
    """Whether ``text`` gives a number that is no year and no share ("8,500 properties")."""
    lang = language(code)
    for _, sentence in sentences(prepare(text, lang), lang):
        toks = tokens(sentence, 0, lang)
        for _, _, key, _ in numbers(sentence, toks, lang):
            if not key.endswith("%") and not (len(key) == 4 and key[:2] in ("19", "20")):
                return True
    return False


def _gives_part(text: str, code: str) -> bool:
    """Whether ``text`` gives a part: a word of ``part``, ``some``, ``majority``, ``few``,
    ``partial`` (any use) or a share below the whole."""
    return any(quantifier_found(text, code, k) for k in _PART_KEYS) or any(
        share < 100 for share in shares_of(text, code)
    )


def unstated_universal(claim: str, evidence: str, code: str) -> str | None:
    """A universal, part, "few" or "only" of the claim the evidence does not state: the
    reason, or None."""
    if not _list(code, "all"):
        return None
    whole = _used(claim, code, "all")
    e_whole = _used(evidence, code, "all", counted=True) or quantifier_found(
        evidence, code, "whole"
    )
    if (
        whole is not None
        and e_whole is None
        and (_gives_part(evidence, code) or _has_count(evidence, code))
    ):
        return f'the claim says "{whole}"; the evidence gives a part'
    part = next(
        (p for k in ("part", "some", "few", "partial") if (p := _used(claim, code, k))), None
    )
    if part is not None and e_whole is not None and not _gives_part(evidence, code):
        return f'the claim says "{part}"; the evidence says "{e_whole}"'
    few = _used(claim, code, "few")
    e_few = quantifier_found(evidence, code, "few")
    if few is not None and e_few is None:
        most = e_whole or quantifier_found(evidence, code, "majority")
        if most is not None:
            return f'the claim says "{few}"; the evidence says "{most}"'
    most = quantifier_found(claim, code, "majority", any_use=False)
    if most is not None and e_few is not None and not quantifier_found(evidence, code, "majority"):
        return f'the claim says "{most}"; the evidence says "{e_few}"'
    only = _used(claim, code, "only")
    if only is not None and quantifier_found(evidence, code, "only") is None:
        mainly = quantifier_found(evidence, code, "mainly")
        if mainly is not None:
            return f'the claim says "{only}"; the evidence says "{mainly}"'
    return None
