"""Negation scope for the ``lexical`` judge's reading of a sentence (``_support_lexical``).

Which content words of a sentence a negation cue reaches: the two after a cue (names
skipped) up to a clause boundary, in Japanese the words before it; "it is not true that ..."
and "denies that ..." negate the rest of the sentence, and a negation inside such a scope
turns its words positive again. A sentence with no word that can open a negation is read
without any of this (``unnegated``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from .text._language import Language, Token, language, plain

__all__ = ["Facts", "clause_entries", "special_words", "unnegated"]

_SCOPE: Final = 2  # content words a negation cue reaches (names skipped)
_CLAUSE_PUNCT: Final = re.compile(r"[,;:()\[\]—–，；：、]|\.\s|[!?。！？]")
_KANA: Final = re.compile(r"[\u3040-\u309f]")  # one hiragana: an inflection, no word

# a word token's facts (``_support_lexical._facts``): its folded form, whether it is an
# acronym, ..., its content key, whether a number can start at it
Facts = tuple[str, bool, bool, bool, str, bool]


def unnegated(
    toks: list[Token],
    facts: list[Facts | None],
    low: list[str],
    nums: dict[int, tuple[int, str, str]],
    lang: Language,
    content: dict[str, str],
) -> list[str]:
    """What ``clause_entries`` finds in a sentence none of whose words can open a negation
    or take part in a cue (a cue, a negating verb, a denial, "false", a word of a cue phrase,
    the number sign), none of it negated: in order, each word token that is no stopword or
    clause word, and each number in place of its tokens."""
    drop = special_words(lang.code)[3]
    words: list[str] = []
    i = 0
    for first in [*nums, len(toks)]:
        for k in range(i, first):
            f = facts[k]
            if f is not None and low[k] not in drop:
                content.setdefault(f[4], toks[k].text)
                words.append(f[4])
        if first in nums:
            i, key, surface = nums[first]
            content.setdefault(key, surface)
            words.append(key)
    return words


def clause_entries(
    text: str,
    toks: list[Token],
    facts: list[Facts | None],
    low: list[str],
    nums: dict[int, tuple[int, str, str]],
    lang: Language,
    content: dict[str, str],
    numbers_found: dict[str, str],
    phrase_marks: tuple[frozenset[int], frozenset[int]] = (frozenset(), frozenset()),
) -> list[tuple[str, bool]]:
    """(content word, negated?) for each content token of one sentence, in order.
    ``phrase_marks`` (``_support_negation_phrases``): the tokens of expressions that negate
    nothing ("non appena", "no fewer than"), read as stopwords, and the prefix cues."""
    entries: list[tuple[str, bool]] = []
    clause_start = 0  # first entry of the current clause (for cues that follow, Japanese)
    scope, i, prev_end, wide, outer = 0, 0, -1, False, False
    pending = -1  # a cue that has reached no word yet: the clause start it was seen in
    cue_at = 0  # the entry that follows that cue
    special, skipped, _, _ = special_words(lang.code)
    # where clause punctuation starts (sorted): a boundary lies between two tokens when one
    # starts at or after the first token's end and before the second token
    marks = [m.start() for m in _CLAUSE_PUNCT.finditer(text)]
    mark = 0
    quiet, prefixes = phrase_marks

    def clause_end() -> None:
        # "unterstützt das Projekt nicht", "did not.": in a language whose data file says so
        # (clause_final), a cue with nothing after it in its clause negates its last words.
        nonlocal clause_start, scope, pending
        if pending >= 0 and lang.clause_final_negation:
            if len(entries) > cue_at:  # "and not Dr. Melfi": the cue reached only names
                pending = cue_at
            entries[pending:] = _negate_tail(entries, pending)
        pending = -1
        clause_start = len(entries)
        if not wide:
            scope = 0

    while i < len(toks):
        tok, fact = toks[i], facts[i]
        if marks and prev_end >= 0:
            while mark < len(marks) and marks[mark] < prev_end:
                mark += 1
            if mark < len(marks) and marks[mark] < tok.start:
                clause_end()
        if (low[i] in skipped or i in quiet) and i not in nums:  # a stopword and nothing else
            i, prev_end = i + 1, tok.end
            continue
        if i in nums:
            end, key, surface = nums[i]
            numbers_found.setdefault(key, surface)
            i, word, surface_word = end, key, surface
            prev_end = toks[end - 1].end
        elif fact is not None and low[i] not in special:  # a plain word: the common case
            w = low[i]
            i, prev_end = i + 1, tok.end
            if i > 1 and (low[i - 2], w) in lang.phrases:
                continue  # "no longer", "no one": part of the cue
            word, surface_word = fact[4], tok.text
        else:
            w = low[i]
            i, prev_end = i + 1, tok.end
            nxt = low[i] if i < len(toks) else ""
            if nxt in lang.that and (w in lang.false_words or (scope and w in lang.true_words)):
                scope, wide, outer = len(toks), True, False  # "it is not true that": all of it
                pending = -1
                continue
            if w in lang.denials:  # "denies that ...": all of it; "denied paying": a few words
                if nxt in lang.that:
                    scope, wide, outer, i = len(toks), True, False, i + 1
                elif not wide:
                    scope = _SCOPE
                continue
            if w in lang.clause_words:
                clause_end()
                continue
            if tok.kind != "word" or w in lang.stopwords:
                continue
            if i > 1 and (low[i - 2], w) in lang.phrases:
                continue  # "no longer", "no one": part of the cue
            if w == lang.number_sign and i < len(toks) and toks[i].kind == "num":
                continue  # "No 3", "No. 1": a number sign, not a negation
            if w in lang.cues or (w in lang.verbs and (not lang.markers or nxt in lang.markers)):
                if lang.negation_after and i - 1 not in prefixes:
                    entries[clause_start:] = _negate_tail(entries, clause_start)
                    continue
                if lang.negation_after:  # "未払い": a prefix negates the word it begins
                    scope, pending, cue_at = 1, clause_start, len(entries)
                    continue
                if wide:
                    outer = True  # a negation inside "it is not true that ...": positive
                    scope = len(toks)
                else:  # a prefix cue ("Niet-gevaccineerde", "falta de"): one word
                    scope = 1 if i - 1 in prefixes else _SCOPE
                    pending, cue_at = clause_start, len(entries)
                if w in _bound_cues(lang.code):  # "frühestens": a (direction) word too
                    content.setdefault(lang.key(w), tok.text)
                    entries.append((lang.key(w), False))
                    cue_at = len(entries)
                continue
            word, surface_word = lang.fold(tok.text), tok.text
        content.setdefault(word, surface_word)
        # A negation reaches predicates, not names ("did not damage Miller's eye"); in German
        # every noun is capitalised, so there it reaches capitalised words too.
        is_name = fact is not None and i > 1 and not lang.nouns_capitalised and fact[2]
        if scope and not is_name:
            entries.append((word, not outer))
            pending = -1
            if not wide:
                scope -= 1
        else:
            entries.append((word, False))
    clause_end()
    return entries


_Words = frozenset[str]


@lru_cache(maxsize=64)
def special_words(code: str) -> tuple[_Words, _Words, _Words, _Words]:
    """The words ``clause_entries`` does more with than count them (every other word of a
    sentence is a plain content word), the stopwords among them that it only skips, the
    words that can open a negation scope or take part in a cue (a sentence without one is
    read by ``unnegated``), and the words that are never content (stopwords, clause words)."""
    lang = language(code)
    roles = (
        lang.cues | lang.verbs | lang.denials | lang.clause_words
        | lang.true_words | lang.false_words | lang.that | {lang.number_sign}
    )  # fmt: skip
    cue_words = {w for phrase in lang.phrases for w in phrase} | {lang.number_sign}
    openers = lang.cues | lang.verbs | lang.denials | lang.false_words | cue_words
    never = lang.stopwords | lang.clause_words  # never a content word
    return lang.stopwords | roles, lang.stopwords - roles, openers, never


@lru_cache(maxsize=16)
def _bound_cues(code: str) -> frozenset[str]:
    """``[negation] bound_cues``: cues that are words of their own too (a direction word,
    "frühestens" / "spätestens")."""
    neg = language(code).data.get("negation", {})
    words = neg.get("bound_cues", "") if isinstance(neg, dict) else ""
    return frozenset(plain(w) for w in str(words).split())


def _negate_tail(entries: list[tuple[str, bool]], clause_start: int) -> list[tuple[str, bool]]:
    """A cue that follows what it negates (Japanese): the clause's last words turn negated."""
    tail = list(entries[clause_start:])
    left = _SCOPE
    for k in range(len(tail) - 1, -1, -1):
        if left == 0:
            break
        word, negated = tail[k]
        if not _KANA.fullmatch(word):  # "見られなかった": the auxiliary "ら" is no word
            tail[k] = (word, not negated)
            left -= 1
    return tail
