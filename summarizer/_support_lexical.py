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

from ._support_negation import Facts, clause_entries, special_words, unnegated
from ._support_negation_forms import with_forms
from ._support_negation_phrases import negation_marks
from .text._common_words import sentence_words
from .text._language import Language, language, plain
from .text._numbers import named_key, numbers, starts_number
from .text._tokens import Token, prepare, sentences, tokens, word_set

__all__ = ["Analysis", "NameRun", "analyse", "document_words", "is_acronym", "is_name"]

_CJK_RUN: Final = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u30a0-\u30ff]{2,}")


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
        and low not in sentence_words(lang.code)
        and not _numbered(low, lang)
        and not starts_number(low, lang)
    )


def _numbered(low: str, lang: Language) -> bool:
    """A month, weekday or ordinal word ("März", "Dienstagabend", "Third"): the numbers
    check's, no name (nor is a number or fraction word: "Siebzehn", "Onze", "Drittel")."""
    return named_key(low, lang) is not None


@lru_cache(maxsize=1 << 16)
def _facts(word: str, code: str) -> Facts:
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
        and low not in sentence_words(code)  # "Etwa", "Nearly": [capitals] sentence_words
        and not _numbered(low, lang)
        and not starts_number(low, lang)  # "Siebzehn", "Onze", "Drittel": the numbers check's
    )
    run = first.isupper() and name and low not in lang.multipliers and (low,) not in lang.percent
    folded = lang.key(low)
    return low, acronym, name, run, folded, starts_number(low, lang)


def _name_runs(
    toks: list[Token],
    facts: list[Facts | None],
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
    if special_words(code)[2].isdisjoint(low):  # no word can open a negation
        negated, positive = _NONE, frozenset(unnegated(toks, facts, low, nums, lang, content))
        for _, key, surface in nums.values():
            numbers_found.setdefault(key, surface)
    else:
        marks = negation_marks(sentence, toks, low, code, nums)  # "non appena", "未払い"
        marks = with_forms(marks, sentence, toks, low, code, nums)  # "no other ... as much as"
        entries = clause_entries(
            sentence, toks, facts, low, nums, lang, content, numbers_found, marks
        )
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


is_name = _is_name
is_acronym = _is_acronym
