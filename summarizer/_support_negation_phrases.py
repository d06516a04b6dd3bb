"""Negation words that negate no clause, and prefix cues, for ``_support_negation``.

A negation word inside a fixed expression says nothing against its clause: "non appena"
(as soon as), "not only ... but", "nicht nur", "ne ... que" (only), "sin embargo", "no
doubt", "i non fumatori" (a noun with the prefix "non"), "必ず" (certainly: not the cue
"ず"); nor does one inside a bound, which bounds a number and is read by the bounds check
(``_support_bounds``): "no fewer than four" (at least four), "nicht mehr als", "pas plus
de", "不超过". Each language file lists its expressions (``[negation] not_negating``; "..."
marks a gap of a few words without another cue: "ne ... que"). A bound phrase (``[bounds]
lower``/``upper``) that holds a cue counts when a number follows it and its words without
the cue are a bound phrase too, so that the bounds check reads both ("no fewer than" /
"fewer than"); "not before 2029" (no bound "before") and "niet meer dan een kwart" (the
bounds check reads no bound before "een") stay negations. The words of a matched
expression are neither cues nor content words.

In a language whose cues follow what they negate (Japanese), a cue written as a prefix
(``[negation] before``: "未払い" unpaid, "無許可" unlicensed) negates the word it begins, not
the words before it; but a bound after a number that it begins ("80時間未満", less than 80
hours) still reads as "not reaching" the number before it.

This module reads only the language's lists (no tokeniser): Chinese and Japanese
expressions are found in the sentence's characters, the others among its words.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from functools import lru_cache
from typing import Final

from .text._language import Language, Token, language, plain, squash

__all__ = ["Marks", "negation_marks"]

_GAP: Final = 4  # words a "..." of an expression may stand for
_CJK_GAP: Final = 8  # characters, in Chinese and Japanese
_BOUND_TABLES: Final = ("lower", "upper")

# an expression: its parts (word sequences between gaps), the part-0 position of the word
# it is looked up by, whether it is a bound (then a number must follow it)
_Pattern = tuple[tuple[tuple[str, ...], ...], int, bool]
# (positions of tokens in a not-negating expression, positions of prefix cues)
Marks = tuple[frozenset[int], frozenset[int]]


def negation_marks(
    text: str, toks: Sequence[Token], low: list[str], code: str, starts: Container[int]
) -> Marks:
    """The token positions of a sentence that belong to an expression whose negation word
    negates nothing, and those of its prefix cues. ``text``: the sentence, ``toks`` its tokens,
    ``low`` their plain forms, ``starts`` the positions where a number starts."""
    lang = language(code)
    quiet = _cjk_quiet(text, toks, lang, starts) if lang.cjk else _quiet(low, lang, starts)
    unaccented = _unaccented(code)
    if unaccented:  # Italian "ne" (of it) folds to the cue "né" (nor): only "né" is the cue
        bare = {k for k, w in enumerate(low) if w in unaccented and toks[k].text.lower() == w}
        quiet = quiet | bare if bare else quiet
    prefixes = _NONE
    before, bounds = _prefix_lists(code)
    if before:
        prefixes = frozenset(
            k
            for k, w in enumerate(low)
            if w in before and w + (low[k + 1] if k + 1 < len(low) else "") not in bounds
        )
    return quiet, prefixes


def _quiet(low: list[str], lang: Language, starts: Container[int]) -> frozenset[int]:
    index = _index(lang.code)
    if not index:
        return _NONE
    out: set[int] = set()
    for k, word in enumerate(low):
        for parts, at, bound in index.get(word, ()):
            if k in out:
                break
            found = _match(low, k - at, parts, lang)
            if found and (not bound or _number_next(low, found[-1] + 1, starts, lang.code)):
                out.update(found)
                break
    return frozenset(out) if out else _NONE


def _match(
    low: list[str], start: int, parts: tuple[tuple[str, ...], ...], lang: Language
) -> list[int]:
    """The positions of an expression's words when it occurs at ``start``, else []."""
    if start < 0:
        return []
    stops = _stops(lang.code)
    found: list[int] = []
    pos = start
    for n, part in enumerate(parts):
        if n == 0:
            if tuple(low[pos : pos + len(part)]) != part:
                return []
        else:  # a gap: the part within _GAP words, no cue or clause word before it
            for skip in range(_GAP + 1):
                if tuple(low[pos + skip : pos + skip + len(part)]) == part:
                    pos += skip
                    break
                if pos + skip >= len(low) or low[pos + skip] in stops:
                    return []
            else:
                return []
        found.extend(range(pos, pos + len(part)))
        pos += len(part)
    return found


def _cjk_quiet(
    text: str, toks: Sequence[Token], lang: Language, starts: Container[int]
) -> frozenset[int]:
    """Chinese and Japanese: each expression found in the sentence's characters; the tokens
    within its parts (not its gaps)."""
    out: set[int] = set()
    for pattern, bound in _cjk_patterns(lang.code):
        for m in pattern.finditer(text):
            spans = [m.span(g) for g in range(1, (pattern.groups or 0) + 1)]
            inside = [
                k for k, t in enumerate(toks) if any(a <= t.start and t.end <= b for a, b in spans)
            ]
            if inside and (not bound or inside[-1] + 1 in starts):
                out.update(inside)
    return frozenset(out) if out else _NONE


def _number_next(low: list[str], at: int, starts: Container[int], code: str) -> bool:
    """A number starts at ``at``, or after one word of ``[bounds] gap`` there ("non oltre
    il 20 gennaio", "not before the 2029 season")."""
    return at in starts or (at < len(low) and low[at] in _gaps(code) and at + 1 in starts)


@lru_cache(maxsize=16)
def _gaps(code: str) -> frozenset[str]:
    return frozenset(plain(w) for w in language(code).phrases_of.get("bounds.gap", ()))


@lru_cache(maxsize=16)
def _stops(code: str) -> frozenset[str]:
    """Words a gap may not hold: cues, clause words, and ``[negation] gap_stops`` ("ne ...
    plus" is no "ne ... que": "ne fonctionne plus depuis que")."""
    lang = language(code)
    listed = {plain(w) for w in lang.phrases_of.get("negation.gap_stops", ())}
    return lang.cues | lang.clause_words | lang.denials | listed


@lru_cache(maxsize=16)
def _cjk_patterns(code: str) -> tuple[tuple[re.Pattern[str], bool], ...]:
    gap = f"[^、。，,；;：:！？!?]{{0,{_CJK_GAP}}}?"
    out = []
    for phrase, bound in _expressions(code):
        parts = [p.replace(" ", "") for p in phrase.split("...") if p.strip()]
        out.append((re.compile(gap.join(f"({re.escape(p)})" for p in parts)), bound))
    return tuple(out)


@lru_cache(maxsize=16)
def _index(code: str) -> dict[str, tuple[_Pattern, ...]]:
    """Each expression under the first of its first part's words that is a cue (else its
    first word), longest first."""
    lang = language(code)
    cues = lang.cues | lang.verbs | lang.denials
    patterns: list[_Pattern] = []
    for phrase, bound in _expressions(code):
        parts = tuple(tuple(_words(p)) for p in phrase.split("...") if p.strip())
        at = next((n for n, w in enumerate(parts[0]) if w in cues), 0)
        patterns.append((parts, at, bound))
    patterns.sort(key=lambda p: -sum(len(part) for part in p[0]))
    index: dict[str, list[_Pattern]] = {}
    for pattern in patterns:
        index.setdefault(pattern[0][0][pattern[1]], []).append(pattern)
    return {w: tuple(ps) for w, ps in index.items()}


@lru_cache(maxsize=16)
def _expressions(code: str) -> tuple[tuple[str, bool], ...]:
    """The listed expressions and the bounds with a cue (phrase, whether it is a bound)."""
    lang = language(code)
    cues = lang.cues | lang.verbs | lang.denials
    tables = lang.phrases_of
    bounds = {tuple(_words(p)) for t in _BOUND_TABLES for p in tables.get(f"bounds.{t}", ())}
    if lang.cjk:  # a bound is one word there ("不超过" = "不" + "超过")
        bounds = {(w,) for b in bounds for w in b} | _cjk_split(bounds, cues)

    def is_bound(words: tuple[str, ...]) -> bool:
        bare = tuple(w for w in words if w not in cues)
        return words in bounds and bare != words and bare in bounds

    # ``[negation] bound_verbs``: the verb of a negated bound ("に満たない"): quiet, its cue not
    listed = (*tables.get("negation.not_negating", ()), *tables.get("negation.bound_verbs", ()))
    # "ne ... pas plus de": an expression that ends in a bound with a cue is one too
    out = [(p, is_bound(tuple(_cjk_words(p.split("...")[-1], lang)))) for p in listed]
    out += [(" ".join(words), True) for words in bounds if is_bound(words)]
    return tuple(out)


def _cjk_split(bounds: set[tuple[str, ...]], cues: frozenset[str]) -> set[tuple[str, ...]]:
    """Chinese and Japanese bounds that begin with a cue, as (cue, rest): "不超过"."""
    out: set[tuple[str, ...]] = set()
    for (word,) in (b for b in bounds if len(b) == 1):
        for cue in cues:
            if word.startswith(cue) and len(word) > len(cue):
                out.add((cue, word[len(cue) :]))
    return out


def _longest_cue(split: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
    """The split at the longest cue first ("没有" + "超过", not "没" + "有超过"), then by text."""
    return len(split[0]), split


def _cjk_words(phrase: str, lang: Language) -> list[str]:
    if not lang.cjk:
        return _words(phrase)
    word = phrase.replace(" ", "")
    split = _cjk_split({(word,)}, lang.cues)
    if not split:
        return [word]
    best = max(split, key=_longest_cue)
    return list(best)


def _words(phrase: str) -> list[str]:
    """A phrase's words as the tokeniser cuts a sentence: plain, apostrophes and hyphens as
    spaces ("qu'à" = "qu" "a")."""
    return squash(phrase).split()


@lru_cache(maxsize=16)
def _unaccented(code: str) -> frozenset[str]:
    """``[negation] unaccented``: a cue's form without its accent, another word when written
    so (Italian "ne", of it, for the cue "né", nor)."""
    return frozenset(language(code).phrases_of.get("negation.unaccented", ()))


@lru_cache(maxsize=16)
def _prefix_lists(code: str) -> tuple[frozenset[str], frozenset[str]]:
    """The prefix cues of ``[negation] before``, and the bounds after a number (one word)."""
    lang = language(code)
    tables = lang.phrases_of
    bounds = [p for t in ("lower_after", "upper_after") for p in tables.get(f"bounds.{t}", ())]
    return frozenset(tables.get("negation.before", ())), frozenset(
        p.replace(" ", "") for p in bounds
    )


_NONE: Final[frozenset[int]] = frozenset()
