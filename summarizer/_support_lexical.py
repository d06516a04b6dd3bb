"""Text analysis for the ``lexical`` judge: content words, numbers, negation, direction, names.

``analyse(text, code)`` reads a text once (cached) into the sets the judge compares, in the
language ``code`` (its data file: ``summarizer/text/languages/<code>.toml``):

- **content words**: tokens (``summarizer.text``: words, or character bigrams in Chinese and
  Japanese), case- and accent-folded, Snowball-stemmed, stopwords and negation cues dropped;
  numbers by value ("1.5 million" = "1,500,000"; "4,2 Millionen"; "三十万"; "21%" = "21
  percent"; "two" = "2"). A bare "one" is not taken as a number (it is mostly a pronoun).
- **negation**: the two content words after a negation cue (not, no, never, nicht, pas,
  没有, ...; "failed to"; "denies"), names skipped, up to a clause boundary (punctuation,
  but, because, that, ...); in Japanese the words before the cue (達しなかった). "It is not
  true (the case) that ...", "it is false that ..." and "denies that ..." negate the rest of
  the sentence, and a negation inside such a scope turns its words positive again (a negated
  negative). Also the content words that occur outside any negation.
- **names**: capitalised words not at a sentence start (or a run of two or more at the
  start), and acronyms, each run with its initials ("Islamic State" → ``is``: an upper-case
  acronym in the premise can stand for it); ``leads``: lone capitalised first words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from .text._language import Language, language, plain
from .text._numbers import named_key, numbers, starts_number
from .text._tokens import Token, prepare, sentences, tokens, word_set

__all__ = ["Analysis", "NameRun", "analyse", "document_words", "is_acronym", "is_name"]

_SCOPE: Final = 2  # content words a negation cue reaches (names skipped)
_CJK_RUN: Final = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u30a0-\u30ff]{2,}")
_CLAUSE_PUNCT: Final = re.compile(r"[,;:()\[\]—–，；：、]|\.\s|[!?。！？]")


@dataclass(frozen=True, slots=True)
class NameRun:
    """Consecutive capitalised words of a claim: all must be in the premise, or the acronym."""

    words: tuple[str, ...]  # folded
    acronym: str | None  # lower-case initials of a run of two or more words
    surface: str
    lead: bool = False  # the run starts its sentence ("After Houston", "Every KT-300")


@dataclass(frozen=True, slots=True)
class Analysis:
    content: dict[str, str]  # folded content word (or number key) -> first surface form
    numbers: dict[str, str]  # number key ("1500000", "21%") -> surface ("$1.5 million")
    negated: frozenset[str]  # content words within a negation scope
    positive: frozenset[str]  # content words outside every negation scope
    names: tuple[NameRun, ...]
    acronyms: frozenset[str]  # lower-cased upper-case tokens, and initials of name runs
    leads: tuple[NameRun, ...]  # lone capitalised first words (names if never lower case)
    chars: frozenset[str]  # CJK characters of the text (names in Chinese and Japanese)
    cjk_runs: tuple[str, ...]  # the text's runs of CJK characters outside listed words


def _is_acronym(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def _is_name(word: str, lang: Language) -> bool:
    if _is_acronym(word):
        return True
    low = plain(word)
    return (
        word[0].isupper()
        and word[0].isalpha()
        and low not in lang.stopwords
        and low not in lang.cues
        and low not in lang.denials
        and not _numbered(low, lang)
        and not starts_number(low, lang)
    )


def _numbered(low: str, lang: Language) -> bool:
    """A month, weekday or ordinal word ("März", "Dienstagabend", "Third"): the numbers
    check's, no name (nor is a number or fraction word: "Siebzehn", "Onze", "Drittel")."""
    return named_key(low, lang) is not None


_Facts = tuple[str, bool, bool, bool, str, bool]


@lru_cache(maxsize=1 << 16)
def _facts(word: str, code: str) -> _Facts:
    """``(plain, acronym?, name?, starts a name run?, folded, starts a number?)`` of a word
    (cached): ``_is_name``, ``_is_acronym`` and ``fold``, with ``plain`` taken once."""
    lang = language(code)
    low = plain(word)
    acronym = len(word) > 1 and word.isupper()
    first = word[0]
    name = acronym or (
        first.isupper()
        and first.isalpha()
        and low not in lang.stopwords
        and low not in lang.cues
        and low not in lang.denials
        and not _numbered(low, lang)
        and not starts_number(low, lang)  # "Siebzehn", "Onze", "Drittel": the numbers check's
    )
    run = first.isupper() and name and low not in lang.multipliers and (low,) not in lang.percent
    folded = lang.canonical.get(low) or lang.stem(low)
    return low, acronym, name, run, folded, starts_number(low, lang)


def _name_runs(
    toks: list[Token],
    facts: list[_Facts | None],
    lang: Language,
    names: list[NameRun],
    initials: set[str],
    leads: list[NameRun],
) -> None:
    """Runs of capitalised words; a lone capitalised first word of a sentence goes to
    ``leads`` (``_support_capitals``)."""
    marked = [k for k, f in enumerate(facts) if f is not None and f[3]]
    m = 0
    while m < len(marked):
        i = j = marked[m]
        while m < len(marked) and marked[m] == j:  # a run: consecutive marked tokens
            j, m = j + 1, m + 1
        run = toks[i:j]
        words = tuple(f[4] for f in facts[i:j] if f is not None)
        if len(run) > 1 or i > 0 or _is_acronym(run[0].text):
            if len(run) > 1:
                acronym: str | None = "".join(t.text[0] for t in run).casefold()
                initials.add(str(acronym))
            else:
                acronym = run[0].text.casefold() if _is_acronym(run[0].text) else None
            names.append(NameRun(words, acronym, " ".join(t.text for t in run), i == 0))
        else:
            leads.append(NameRun(words, None, run[0].text))


@lru_cache(maxsize=1 << 12)
def document_words(text: str, code: str) -> frozenset[str]:
    """The folded words of ``text``, in any case. Written with spaces, the whole text is read
    in one pass (no token spans a sentence end), each distinct word folded once."""
    lang = language(code)
    prepared = prepare(text, lang)
    if not lang.cjk:
        return frozenset([lang.fold(w) for w in word_set(prepared)])
    return frozenset(
        lang.fold(t.text)
        for start, s in sentences(prepared, lang)
        for t in tokens(s, start, lang)
        if t.kind == "word"
    )


@lru_cache(maxsize=1 << 14)
def analyse(text: str, code: str = "en") -> Analysis:
    """Content words, numbers, negation scopes and names of ``text`` (cached). A text is read
    sentence by sentence, each sentence once (``_sentence``, cached): a frame, a summary and
    its sentences share theirs."""
    lang = language(code)
    parts = [_sentence(s, code) for _, s in sentences(prepare(text, lang), lang)]
    if len(parts) == 1:
        return parts[0]
    content: dict[str, str] = {}
    numbers_found: dict[str, str] = {}
    for part in parts:
        for key, surface in part.content.items():
            content.setdefault(key, surface)
        for key, surface in part.numbers.items():
            numbers_found.setdefault(key, surface)
    return Analysis(
        content=content,
        numbers=numbers_found,
        negated=frozenset().union(*(p.negated for p in parts)),
        positive=frozenset().union(*(p.positive for p in parts)),
        names=tuple(run for p in parts for run in p.names),
        acronyms=frozenset().union(*(p.acronyms for p in parts)),
        leads=tuple(run for p in parts for run in p.leads),
        chars=frozenset().union(*(p.chars for p in parts)),
        cjk_runs=tuple(run for p in parts for run in p.cjk_runs),
    )


@lru_cache(maxsize=1 << 15)
def _sentence(sentence: str, code: str) -> Analysis:
    """One prepared sentence read (offsets are the sentence's own)."""
    lang = language(code)
    content: dict[str, str] = {}
    numbers_found: dict[str, str] = {}
    names: list[NameRun] = []
    acronyms: set[str] = set()
    leads: list[NameRun] = []
    runs: list[str] = _CJK_RUN.findall(sentence) if lang.cjk else []
    toks = tokens(sentence, 0, lang)
    facts = [_facts(t.text, code) if t.kind == "word" else None for t in toks]
    low = [plain(t.text) if f is None else f[0] for t, f in zip(toks, facts, strict=True)]
    _name_runs(toks, facts, lang, names, acronyms, leads)
    acronyms.update(
        [t.text.casefold() for t, f in zip(toks, facts, strict=True) if f is not None and f[1]]
    )
    # a number starts only at a digit group, a percent sign or a number word (``_facts``)
    starts = [k for k, f in enumerate(facts) if f is None or f[5]]
    nums = (
        {first: (end, key, s) for first, end, key, s in numbers(sentence, toks, lang, low, starts)}
        if starts
        else {}
    )
    if _special_words(code)[2].isdisjoint(low):  # no word can open a negation
        negated, positive = _NONE, frozenset(_unnegated(toks, facts, low, nums, lang, content))
        for _, key, surface in nums.values():
            numbers_found.setdefault(key, surface)
    else:
        entries = _clause_entries(sentence, toks, facts, low, nums, lang, content, numbers_found)
        negated = frozenset(word for word, is_negated in entries if is_negated)
        positive = frozenset(word for word, is_negated in entries if not is_negated)
    return Analysis(
        content=content,
        numbers=numbers_found,
        negated=negated,
        positive=positive,
        names=tuple(names),
        acronyms=frozenset(acronyms),
        leads=tuple(leads),
        chars=frozenset("".join(runs)),
        cjk_runs=tuple(runs),
    )


_NONE: Final[frozenset[str]] = frozenset()


def _unnegated(
    toks: list[Token],
    facts: list[_Facts | None],
    low: list[str],
    nums: dict[int, tuple[int, str, str]],
    lang: Language,
    content: dict[str, str],
) -> list[str]:
    """What ``_clause_entries`` finds in a sentence none of whose words can open a negation
    or take part in a cue (a cue, a negating verb, a denial, "false", a word of a cue phrase,
    the number sign), none of it negated: in order, each word token that is no stopword or
    clause word, and each number in place of its tokens."""
    drop = _special_words(lang.code)[3]
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


def _clause_entries(
    text: str,
    toks: list[Token],
    facts: list[_Facts | None],
    low: list[str],
    nums: dict[int, tuple[int, str, str]],
    lang: Language,
    content: dict[str, str],
    numbers_found: dict[str, str],
) -> list[tuple[str, bool]]:
    """(content word, negated?) for each content token of one sentence, in order."""
    entries: list[tuple[str, bool]] = []
    clause_start = 0  # first entry of the current clause (for cues that follow, Japanese)
    scope, i, prev_end, wide, outer = 0, 0, -1, False, False
    pending = -1  # a cue that has reached no word yet: the clause start it was seen in
    cue_at = 0  # the entry that follows that cue
    special, skipped, _, _ = _special_words(lang.code)
    # where clause punctuation starts (sorted): a boundary lies between two tokens when one
    # starts at or after the first token's end and before the second token
    marks = [m.start() for m in _CLAUSE_PUNCT.finditer(text)]
    mark = 0

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
        if low[i] in skipped and i not in nums:  # a stopword and nothing else
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
                if lang.negation_after:
                    entries[clause_start:] = _negate_tail(entries, clause_start)
                    continue
                if wide:
                    outer = True  # a negation inside "it is not true that ...": positive
                    scope = len(toks)
                else:
                    scope, pending, cue_at = _SCOPE, clause_start, len(entries)
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
def _special_words(code: str) -> tuple[_Words, _Words, _Words, _Words]:
    """The words ``_clause_entries`` does more with than count them (every other word of a
    sentence is a plain content word), the stopwords among them that it only skips, the
    words that can open a negation scope or take part in a cue (a sentence without one is
    read by ``_unnegated``), and the words that are never content (stopwords, clause words)."""
    lang = language(code)
    roles = (
        lang.cues | lang.verbs | lang.denials | lang.clause_words
        | lang.true_words | lang.false_words | lang.that | {lang.number_sign}
    )  # fmt: skip
    cue_words = {w for phrase in lang.phrases for w in phrase} | {lang.number_sign}
    openers = lang.cues | lang.verbs | lang.denials | lang.false_words | cue_words
    never = lang.stopwords | lang.clause_words  # never a content word
    return lang.stopwords | roles, lang.stopwords - roles, openers, never


def _negate_tail(entries: list[tuple[str, bool]], clause_start: int) -> list[tuple[str, bool]]:
    """A cue that follows what it negates (Japanese): the clause's last words turn negated."""
    tail = entries[clause_start:]
    cut = max(0, len(tail) - _SCOPE)
    return tail[:cut] + [(w, not negated) for w, negated in tail[cut:]]


is_name = _is_name
is_acronym = _is_acronym
