"""Text analysis for the ``lexical`` judge: content words, numbers, negation, direction, names.

``analyse(text)`` reads a text once (cached) into the sets the judge compares:

- **content words**: Unicode word tokens (``Júcar`` is one word), case- and accent-folded,
  Porter-stemmed, stopwords and negation cues dropped; numbers by value.
- **numbers**: every number, amount, percentage and date number, by value: "1.5 million" =
  "1,500,000" = "1.5m" = "$1.5 million" → ``1500000``; "21%" = "21 percent" → ``21%``;
  "two" = "2", "twenty-five" = "25", "a dozen" = "12". A bare "one" is not taken as a number
  (it is mostly a pronoun); "one million" is.
- **negation**: the two content words after a negation cue (not, no, never, n't, nor, without,
  none, "no longer", "no one", "failed to", ...), names skipped, up to a clause boundary
  (punctuation, but, because, that, ...): an adverb and its predicate, as in "did not
  immediately respond"; "it is not true (the case) that ..." and "it is false that ..." negate
  the rest of the sentence. Also the content words that occur outside any negation.
- **names**: capitalised words not at a sentence start (or a run of two or more at the start),
  and acronyms; each run of names also carries its initials ("Islamic State" → ``is``), so an
  upper-case acronym in the premise can stand for it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from nltk.stem.porter import PorterStemmer  # type: ignore[import-untyped, unused-ignore]

__all__ = ["OPPOSITES", "Analysis", "NameRun", "analyse", "fold"]

# A standard English stopword list (nltk/sklearn style) WITHOUT the words that change what a
# claim says: direction and comparison (up, down, before, after, more, most, few, over, under,
# above, below, against, off, out, again, only) and negation (handled by its own check).
_STOPWORD_TEXT: Final = """
    a about all also am an and any are as at be because been being between both but by can
    could did do does doing during each for from further had has have having he her here hers
    herself him himself his how i if in into is it its itself just me my myself of on once or
    other our ours ourselves own same she should so some such than that the their theirs them
    themselves then there these they this those through to too until very was we were what when
    where which while who whom why will with would you your yours yourself yourselves
    per s t d ll m re ve said says say according told
"""


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOPWORDS: Final = _wordset(_STOPWORD_TEXT)
_NEGATION_CUES: Final = _wordset(
    "not no never nor without none neither nobody nothing cannot nowhere"
)
# "<verb> to": "failed to reach" negates "reach".
_NEGATING_VERBS: Final = _wordset("fail failed fails refused refuses unable")
# Sentential negation: "it is not true / not the case that ...", "it is false that ...".
_TRUE: Final = _wordset("true case correct accurate")
_FALSE: Final = _wordset("false untrue")
# Words that end a negation's scope: coordinators of contrast, subordinators, relatives.
_CLAUSE_WORDS: Final = _wordset(
    "but however although though whereas while yet as because since when if that which who"
)
_SCOPE: Final = 2  # content words a negation cue reaches (names skipped)
_CLAUSE_PUNCT: Final = re.compile(r"[,;:()\[\]—–]|\.\s|[!?]")

_SMALL_TEXT: Final = """zero one two three four five six seven eight nine ten eleven twelve
    thirteen fourteen fifteen sixteen seventeen eighteen nineteen"""
_TENS_TEXT: Final = "twenty thirty forty fifty sixty seventy eighty ninety"
_SMALL: Final = {w: i for i, w in enumerate(_SMALL_TEXT.split())}
_TENS: Final = {w: 10 * i for i, w in enumerate(_TENS_TEXT.split(), 2)}
_MULTIPLIERS: Final = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "trillion": 1e12, "tn": 1e12,
}  # fmt: skip
_ORDINAL_SUFFIX: Final = _wordset("st nd rd th")
_CURRENCY: Final = "$£€¥"

# Opposite direction words, by stem. Irregular forms are mapped first (rose -> rise).
_IRREGULAR: Final = {"rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall",
                     "won": "win", "lost": "lose", "less": "fewer", "greater": "more"}  # fmt: skip
_OPPOSITE_PAIRS: Final = [
    ("befor", "after"), ("up", "down"), ("more", "fewer"), ("rise", "fall"),
    ("increas", "decreas"), ("higher", "lower"), ("abov", "below"), ("win", "lose"),
    ("gain", "lose"), ("earlier", "later"), ("larger", "smaller"), ("best", "worst"),
]  # fmt: skip
OPPOSITES: Final[dict[str, frozenset[str]]] = {}
for _a, _b in _OPPOSITE_PAIRS:
    OPPOSITES[_a] = OPPOSITES.get(_a, frozenset()) | {_b}
    OPPOSITES[_b] = OPPOSITES.get(_b, frozenset()) | {_a}

_TOKEN: Final = re.compile(r"(\d+(?:[.,]\d+)*)|([^\W\d_]+)|(%)")
_SENTENCE_END: Final = re.compile(r"(?<=[.!?])\s+")
_DOTTED_ACRONYM: Final = re.compile(r"\b(?:[^\W\d_]\.){2,}")
_CONTRACTIONS: Final = [
    (re.compile(r"\b(can)'t\b", re.I), r"\1 not"),
    (re.compile(r"\b(w)on't\b", re.I), r"\1ill not"),
    (re.compile(r"n't\b", re.I), " not"),
]
_PLAIN_NUMBER: Final = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_DECIMAL_COMMA: Final = re.compile(r"\d+,\d{1,2}")
_STEMMER: Final = PorterStemmer()


@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """Lower-case, accents removed, irregular direction forms mapped, Porter-stemmed."""
    folded = unicodedata.normalize("NFKD", word.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = _IRREGULAR.get(folded, folded)
    return str(_STEMMER.stem(folded)) if len(folded) > 3 else folded


@dataclass(frozen=True, slots=True)
class NameRun:
    """Consecutive capitalised words of a claim: all must be in the premise, or the acronym."""

    words: tuple[str, ...]  # folded
    acronym: str | None  # lower-case initials of a run of two or more words
    surface: str


@dataclass(frozen=True, slots=True)
class Analysis:
    content: dict[str, str]  # folded content word (or number key) -> first surface form
    numbers: dict[str, str]  # number key ("1500000", "21%") -> surface ("$1.5 million")
    negated: frozenset[str]  # content words within a negation scope
    positive: frozenset[str]  # content words outside every negation scope
    names: tuple[NameRun, ...]
    acronyms: frozenset[str]  # lower-cased upper-case tokens, and initials of name runs


@dataclass(slots=True)
class _Token:
    text: str
    start: int
    end: int
    kind: str  # "num", "word", "pct"


def _number_key(value: float, percent: bool) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text + "%" if percent else text


def _parse_digits(text: str) -> float | None:
    """The value of "1,500,000", "1.5", "2,5"; None for "3.4.0" or "1,2,3" (kept as written)."""
    if _PLAIN_NUMBER.fullmatch(text):
        return float(text.replace(",", ""))
    if _DECIMAL_COMMA.fullmatch(text):
        return float(text.replace(",", "."))
    return None


def _word_number(words: list[str]) -> float | None:
    """The value of a run of number words, or None when it is no number (or a bare "one")."""
    total, current, numeric = 0.0, 0.0, False
    for w in words:
        if w in _SMALL:
            current, numeric = current + _SMALL[w], True
        elif w in _TENS:
            current, numeric = current + _TENS[w], True
        elif w == "dozen":
            current, numeric = max(current, 1.0) * 12, True
        elif w == "hundred":
            current = max(current, 1.0) * 100
        else:
            total, current = total + max(current, 1.0) * _MULTIPLIERS[w], 0.0
    if not numeric or words == ["one"]:
        return None
    return total + current


def _tokens(sentence: str, offset: int) -> list[_Token]:
    kinds = ("num", "word", "pct")
    return [
        _Token(m.group(), m.start() + offset, m.end() + offset, kinds[m.lastindex - 1])
        for m in _TOKEN.finditer(sentence)
        if m.lastindex
    ]


def _numbers(text: str, toks: list[_Token]) -> list[tuple[int, int, str, str]]:
    """The numbers of ``toks``: (first token, end token, key, surface) each."""
    found: list[tuple[int, int, str, str]] = []
    i = 0
    while i < len(toks):
        tok, low = toks[i], toks[i].text.lower()
        j = i + 1
        if tok.kind == "num":
            value = _parse_digits(tok.text)
            if value is None:  # a version or a list: the literal text is the number
                found.append((i, j, tok.text, tok.text))
                i = j
                continue
            if j < len(toks) and toks[j].start == tok.end and toks[j].text in _ORDINAL_SUFFIX:
                j += 1
            elif j < len(toks) and toks[j].text.lower() in _MULTIPLIERS:
                value *= _MULTIPLIERS[toks[j].text.lower()]
                j += 1
        elif low in _SMALL or low in _TENS or low == "dozen":
            while j < len(toks) and _is_number_word(toks[j].text.lower()):
                j += 1
            parsed = _word_number([t.text.lower() for t in toks[i:j]])
            if parsed is None:
                i += 1
                continue
            value = parsed
        else:
            i += 1
            continue
        percent = False
        nxt = toks[j].text.lower() if j < len(toks) else ""
        if nxt in ("%", "percent", "pct"):
            percent, j = True, j + 1
        elif nxt == "per" and j + 1 < len(toks) and toks[j + 1].text.lower() == "cent":
            percent, j = True, j + 2
        start = tok.start - 1 if tok.start and text[tok.start - 1] in _CURRENCY else tok.start
        found.append((i, j, _number_key(value, percent), text[start : toks[j - 1].end]))
        i = j
    return found


def _is_number_word(word: str) -> bool:
    return (
        word in _SMALL
        or word in _TENS
        or word in ("dozen", "hundred")
        or (word in _MULTIPLIERS and len(word) > 3)
    )


def _prepare(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    for pattern, repl in _CONTRACTIONS:
        text = pattern.sub(repl, text)
    return _DOTTED_ACRONYM.sub(lambda m: m.group().replace(".", ""), text)


def _is_acronym(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def _is_name(word: str) -> bool:
    low = word.casefold()
    if _is_acronym(word):
        return True
    return word[0].isupper() and low not in _STOPWORDS and low not in _NEGATION_CUES


def _name_runs(toks: list[_Token], names: list[NameRun], initials: set[str]) -> None:
    """Runs of capitalised words; a lone capitalised first word of a sentence is no name."""
    flags = [t.kind == "word" and t.text[0].isupper() and _is_name(t.text) for t in toks]
    i = 0
    while i < len(toks):
        if not flags[i]:
            i += 1
            continue
        j = i + 1
        while j < len(toks) and flags[j]:
            j += 1
        run = toks[i:j]
        if len(run) > 1 or i > 0 or _is_acronym(run[0].text):
            words = tuple(fold(t.text) for t in run)
            if len(run) > 1:
                acronym: str | None = "".join(t.text[0] for t in run).casefold()
                initials.add(str(acronym))
            else:
                acronym = run[0].text.casefold() if _is_acronym(run[0].text) else None
            names.append(NameRun(words, acronym, " ".join(t.text for t in run)))
        i = j


@lru_cache(maxsize=1 << 14)
def analyse(text: str) -> Analysis:
    """Content words, numbers, negation scopes and names of ``text`` (cached)."""
    text = _prepare(text)
    content: dict[str, str] = {}
    numbers: dict[str, str] = {}
    negated: set[str] = set()
    positive: set[str] = set()
    names: list[NameRun] = []
    acronyms: set[str] = set()
    for match in re.finditer(r"[^\n]+", text):
        for sentence in _SENTENCE_END.split(match.group()):
            start = text.find(sentence, match.start())
            toks = _tokens(sentence, start)
            _name_runs(toks, names, acronyms)
            acronyms.update(t.text.casefold() for t in toks if _is_acronym(t.text))
            nums = {first: (end, key, surface) for first, end, key, surface in _numbers(text, toks)}
            scope, i, prev_end, wide = 0, 0, -1, False
            while i < len(toks):
                tok = toks[i]
                if scope and not wide and _CLAUSE_PUNCT.search(text, prev_end, tok.start):
                    scope = 0
                low = tok.text.casefold()
                if i in nums:
                    end, key, surface = nums[i]
                    numbers.setdefault(key, surface)
                    i, word, surface_word = end, key, surface
                    prev_end = toks[end - 1].end
                else:
                    i, prev_end = i + 1, tok.end
                    that_follows = i < len(toks) and toks[i].text.lower() == "that"
                    if that_follows and (low in _FALSE or (scope and low in _TRUE)):
                        scope, wide = len(toks), True  # "it is not true that ...": all of it
                        continue
                    if low in _CLAUSE_WORDS:
                        if not wide:
                            scope = 0
                        continue
                    if tok.kind != "word" or low in _STOPWORDS:
                        continue
                    if low in ("longer", "one") and i > 1 and toks[i - 2].text.casefold() == "no":
                        continue  # "no longer", "no one": part of the cue
                    if low == "no" and i < len(toks) and toks[i].kind == "num":
                        continue  # "No 3", "No. 1": a number sign, not a negation
                    if low in _NEGATION_CUES or (
                        low in _NEGATING_VERBS and i < len(toks) and toks[i].text.lower() == "to"
                    ):
                        scope = _SCOPE
                        continue
                    word, surface_word = fold(tok.text), tok.text
                content.setdefault(word, surface_word)
                # A negation reaches predicates, not names ("did not damage Miller's eye").
                is_name = tok.kind == "word" and i > 1 and _is_name(tok.text)
                if scope and not is_name:
                    negated.add(word)
                    scope -= 1
                else:
                    positive.add(word)
    return Analysis(
        content=content,
        numbers=numbers,
        negated=frozenset(negated),
        positive=frozenset(positive),
        names=tuple(names),
        acronyms=frozenset(acronyms),
    )
