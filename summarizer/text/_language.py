"""Languages the text analyser knows: one data file each, ``languages/<code>.toml``.

A file holds a language's word lists (stopwords, negation cues, direction-word pairs, number
words) and a few switches (its Snowball stemmer, its decimal separator, whether it writes
spaces between words, how names are told). ``language(code)`` reads it once; a contributor
adds a language by adding a file (see the README's "Languages").

``Token`` (what the tokeniser, ``_tokens``, makes of a text) is declared here, below both the
tokeniser and the number reader (``_numbers``), which read tokens side by side.
"""

from __future__ import annotations

import re
import threading
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Final, Literal

import snowballstemmer  # type: ignore[import-untyped, unused-ignore]

__all__ = ["Kind", "Language", "RuleWords", "Token", "UnsupportedLanguageError", "fold", "language",
           "plain", "rule_words", "squash", "supported_languages"]  # fmt: skip

NameRule = Literal["capitalised", "unseen-characters"]
Kind = Literal["num", "word", "pct", "cjknum"]
KANA: Final = re.compile("[\u3040-\u30ff]")  # hiragana and katakana
_SPACE: Final = re.compile(r"[\s'’\-]+")  # apostrophes, hyphens and spaces (``squash``)
_STEM_MIN: Final = 4  # shorter words are kept as they are ("news", "bus")
_PHRASE_TABLES: Final = (
    "bounds", "modality", "roles", "capitals", "negation", "coref", "terms", "compounds",
    "coverage",
)  # fmt: skip


class UnsupportedLanguageError(LookupError):
    """No data file for this language code."""


@lru_cache(maxsize=1 << 16)
def plain(word: str) -> str:
    """Case-folded, accents removed: the form every word list is compared in. Kana keep
    their voicing marks (パ is not ハ)."""
    if word.isascii():  # no accents, no kana; casefold is lower
        return word.lower()
    if KANA.search(word):
        return unicodedata.normalize("NFKC", word)
    folded = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))


def squash(text: str) -> str:
    """``text`` plain, with apostrophes, hyphens and runs of spaces as single spaces ("jusqu'à"
    = "jusqu a"): the one form every phrase check reads its lists and its text in."""
    return _SPACE.sub(" ", plain(text)).strip()


def _words(text: str) -> frozenset[str]:
    return frozenset(plain(w) for w in text.split())


@dataclass(frozen=True, eq=False)
class Language:
    """One language's word lists, folded (see ``plain``); direction forms by canonical key."""

    code: str
    name: str
    cjk: bool  # written without spaces: runs of Han/kana are cut into words and bigrams
    stemmer: str  # a snowballstemmer algorithm, or "" for none
    decimal: str  # "." (1,500.5) or "," (1.500,5)
    names: NameRule
    nouns_capitalised: bool  # German: a capitalised word is no sign of a name
    stopwords: frozenset[str]
    cues: frozenset[str]  # negation cues: negate the next content words
    plain_words: frozenset[str]  # CJK words that hold a cue but negate nothing
    phrases: frozenset[tuple[str, str]]  # (cue, word): the word is part of the cue
    verbs: frozenset[str]  # negate what follows when followed by a marker ("failed to")
    markers: frozenset[str]
    denials: frozenset[str]  # negate what follows, a "that" clause included
    number_sign: str  # a cue that is a number sign before a number ("No 3")
    clause_words: frozenset[str]
    true_words: frozenset[str]
    false_words: frozenset[str]
    that: frozenset[str]
    negation_after: bool  # the cue follows what it negates (Japanese)
    canonical: dict[str, str]  # plain direction word form -> its group's key
    # the stem of each listed direction form -> its group's key, so that a form not listed
    # is known by its stem ("sale", "salgono" as "salire"; "recule" as "reculé")
    stem_heads: dict[str, str]
    opposites: dict[str, frozenset[str]]  # group key (folded) -> opposite keys
    units: dict[str, float]  # number words
    tens: dict[str, float]
    joiners: frozenset[str]  # "vingt et un", "treinta y dos"
    compound_joiner: str  # "sechsundzwanzig": one word
    dozen: frozenset[str]
    hundred: frozenset[str]
    multipliers: dict[str, float]
    percent: tuple[tuple[str, ...], ...]  # token sequences meaning "percent"
    percent_prefix: str  # 百分之
    ordinal_suffixes: frozenset[str]
    not_alone: frozenset[str]  # number words that are no number on their own ("one")
    # fraction words by denominator ("third" = 3), numbers after ``fraction_before`` or a
    # number word: "a third", "two thirds" (never "the third quarter")
    fractions: dict[str, float] = field(default_factory=dict)
    fraction_before: frozenset[str] = frozenset()
    # "三分之一" = 1/3, "3分の1": the mark between a denominator and its numerator, as written
    fraction_of: tuple[str, ...] = ()
    # a word after a number that makes it a share: "4割" = 40%, "三成" = 30% (word → percent)
    share_units: dict[str, float] = field(default_factory=dict)
    # number words that multiply the unit before them: French "quatre-vingts" = 4 × 20
    unit_times: frozenset[str] = frozenset()
    # month and weekday names ("mars" → "month 3"), ordinal words ("zweite" → "2") and words
    # for a whole ("all", "tutti", "totalité" → "100%": a share, like "a quarter"), each
    # form as written plain → its number key; ``named_compound``: a weekday that begins a
    # compound word ("zaterdagnacht", "Montagabend")
    named: dict[str, str] = field(default_factory=dict)
    named_compound: re.Pattern[str] | None = None
    cjk_digits: dict[str, float] = field(default_factory=dict)
    cjk_units: dict[str, float] = field(default_factory=dict)
    # words written with a full stop that ends no sentence ("Dr.", "Nr."), as written
    abbreviations: frozenset[str] = frozenset()
    # a cue with nothing after it in its clause negates the words before it ("… nicht")
    clause_final_negation: bool = False
    # prefixes that negate a word ("un" + "lawful", "in" + "suffisant"), longest first
    negative_prefixes: tuple[str, ...] = ()
    stem_exceptions: dict[str, str] = field(default_factory=dict)  # plain word -> its stem
    # phrase lists of the claim-class checks, plain, by "table.key" ("bounds.lower": "at least")
    phrases_of: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # a sentence often starts with its verb, the subject left out ("Visse a Torino"): a first
    # word in place of the evidence's first word is no sign of a name (``[capitals]``)
    subject_dropped: bool = False
    data: dict[str, object] = field(default_factory=dict, repr=False)  # the file as parsed
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def stem(self, word: str) -> str:
        """``word`` (already ``plain``) stemmed by the language's Snowball stemmer, or as its
        data file's ``[stem_exceptions]`` says ("news" stays "news", not "new")."""
        if word in self.stem_exceptions:
            return self.stem_exceptions[word]
        return _stem(self.code, word) if self.stemmer and len(word) >= _STEM_MIN else word

    def fold(self, word: str) -> str:
        return _fold(word, self.code)

    def key(self, low: str) -> str:
        """The compared form of a ``plain`` word: a direction form's group key (listed, or
        by its stem), else its stem."""
        listed = self.canonical.get(low)
        if listed is not None:
            return listed
        stem = self.stem(low)
        return self.stem_heads.get(stem, stem)


@lru_cache(maxsize=1 << 17)
def _stem(code: str, word: str) -> str:
    lang = language(code)
    with lang._lock:  # a snowballstemmer object is not safe to share between threads
        return str(_stemmer(lang.stemmer).stemWord(word))


@cache
def _stemmer(name: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(name)


def fold(word: str, lang: Language) -> str:
    """The form a word is compared in: plain, a direction form mapped to its group, stemmed."""
    return _fold(word, lang.code)


@lru_cache(maxsize=1 << 17)
def _fold(word: str, code: str) -> str:
    lang = language(code)
    return lang.key(plain(word))


def _text(table: dict[str, object], key: str) -> str:
    value = table.get(key, "")
    return value if isinstance(value, str) else ""


def _numbers(table: dict[str, object], key: str) -> dict[str, float]:
    raw = table.get(key, {})
    return {plain(k): float(v) for k, v in raw.items()} if isinstance(raw, dict) else {}


def _ordered(words: str) -> dict[str, float]:
    return {plain(w): float(i) for i, w in enumerate(words.split())}


@cache
def language(code: str) -> Language:
    """The language of ``code`` (``en``, ``de``, ``zh``...), read from its data file."""
    path = resources.files(__package__).joinpath("languages", f"{code}.toml")
    if not code.isalpha() or not path.is_file():
        raise UnsupportedLanguageError(code)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    neg, num = data.get("negation", {}), data.get("numbers", {})
    stemmer = str(data.get("stemmer", ""))
    cjk = data.get("script") == "cjk"
    exceptions = {plain(k): plain(str(v)) for k, v in data.get("stem_exceptions", {}).items()}

    def key(form: str) -> str:
        low = plain(form)
        if low in exceptions:
            return exceptions[low]
        if not stemmer or len(low) < _STEM_MIN:
            return low
        return str(_stemmer(stemmer).stemWord(low))

    canonical: dict[str, str] = {}
    stem_heads: dict[str, str] = {}
    opposites: dict[str, frozenset[str]] = {}
    for left, right in data.get("direction", {}).get("pairs", []):
        keys = []
        for group in (left, right):
            forms = group.split()
            head = key(forms[0])
            for form in forms:
                canonical.setdefault(plain(form), head)
                if len(plain(form)) >= _STEM_MIN:
                    stem_heads.setdefault(key(form), head)
            keys.append(head)
        a, b = keys
        opposites[a] = opposites.get(a, frozenset()) | {b}
        opposites[b] = opposites.get(b, frozenset()) | {a}
    units = _ordered(_text(num, "words")) | _numbers(num, "aliases")
    cues = _words(_text(neg, "cues")) | _words(_text(neg, "bound_cues"))  # "frühestens"
    denials = _words(_text(neg, "denials"))
    special = cues | denials | set(canonical)
    return Language(
        code=code,
        name=str(data.get("name", code)),
        cjk=cjk,
        stemmer=stemmer,
        decimal=str(data.get("decimal", ".")),
        names="unseen-characters" if data.get("names") == "unseen-characters" else "capitalised",
        nouns_capitalised=bool(data.get("nouns_capitalised", False)),
        stopwords=_words(_text(data, "stopwords")) - special,
        cues=cues,
        plain_words=_words(_text(neg, "plain")),
        phrases=frozenset(
            (plain(a), plain(b)) for a, b in (p.split() for p in neg.get("phrases", []))
        ),
        verbs=_words(_text(neg, "verbs")),
        markers=_words(_text(neg, "verb_marker")),
        denials=denials,
        number_sign=plain(_text(neg, "number_sign")),
        clause_words=_words(_text(neg, "clause_words")),
        true_words=_words(_text(neg, "true_words")),
        false_words=_words(_text(neg, "false_words")),
        that=_words(_text(neg, "that")),
        negation_after=bool(neg.get("after", False)),
        canonical=canonical,
        stem_heads=stem_heads,
        opposites=opposites,
        units=units,
        tens=_tens(_text(num, "tens")),
        joiners=_words(_text(num, "joiners")),
        compound_joiner=plain(_text(num, "compound_joiner")),
        dozen=_words(_text(num, "dozen")),
        hundred=_words(_text(num, "hundred")),
        multipliers=_numbers(num, "multipliers"),
        percent=tuple(tuple(plain(w) for w in p.split()) for p in num.get("percent", ["%"])),
        percent_prefix=_text(num, "percent_prefix"),
        ordinal_suffixes=_words(_text(num, "ordinal_suffixes")),
        not_alone=_words(_text(num, "not_alone")),
        fractions=_numbers(num, "fractions"),
        fraction_before=_words(_text(num, "fraction_before")),
        fraction_of=tuple(_text(num, "fraction_of").split()),
        share_units=_numbers(num, "share_units"),
        unit_times=_words(_text(num, "unit_times")),
        named=_named(data.get("dates", {}), num),
        named_compound=_compound(data.get("dates", {})),
        cjk_digits=_numbers(num, "digits"),
        cjk_units=_numbers(num, "units"),
        abbreviations=frozenset(a.rstrip(".") for a in data.get("abbreviations", [])),
        clause_final_negation=bool(neg.get("clause_final", False)),
        negative_prefixes=tuple(sorted(_words(_text(neg, "prefixes")), key=len, reverse=True)),
        stem_exceptions=exceptions,
        phrases_of=_phrase_lists(data, _PHRASE_TABLES),
        subject_dropped=bool(dict(data.get("capitals", {})).get("subject_dropped", False)),
        data=data,  # the number reader's tables ([numbers], [clock]): not read again
    )


def _phrase_lists(data: dict[str, object], tables: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Each list of phrases in ``tables`` as "table.key" → its phrases, plain."""
    out: dict[str, tuple[str, ...]] = {}
    for name in tables:
        table = data.get(name, {})
        for key, value in table.items() if isinstance(table, dict) else ():
            if isinstance(value, list):
                out[f"{name}.{key}"] = tuple(" ".join(map(plain, str(v).split())) for v in value)
    return out


def _slots(words: object) -> list[list[str]]:
    """ "a|b c": slots in order, each one or more spellings."""
    return [slot.split("|") for slot in words.split()] if isinstance(words, str) else []


def _named(dates: dict[str, object], num: dict[str, object]) -> dict[str, str]:
    named: dict[str, str] = {}
    for table, prefix in (("months", "month "), ("weekdays", "weekday ")):
        for i, slot in enumerate(_slots(dates.get(table))):
            named.update({plain(form): f"{prefix}{i + 1}" for form in slot})
    endings = _text(num, "ordinal_endings").split() or [""]
    for i, slot in enumerate(_slots(num.get("ordinals"))):
        for form in slot:
            named.update({plain(form + end): str(i + 1) for end in endings})
    named.update({word: "100%" for word in _words(_text(num, "wholes"))})  # "all" = 100%
    named.update({word: "50%" for word in _words(_text(num, "halves"))})  # "一半" = 50%
    for word in _words(_text(num, "not_ordinals")):  # "secondo": also "according to"
        named.pop(word, None)
    return named


def _compound(dates: dict[str, object]) -> re.Pattern[str] | None:
    """A weekday that begins a compound word ("zaterdagnacht", "Montagabend"), as group 1."""
    if not dates.get("compounds"):
        return None
    forms = sorted((plain(f) for s in _slots(dates.get("weekdays")) for f in s), key=len)
    return re.compile("(" + "|".join(map(re.escape, reversed(forms))) + r")\w{3,}")


def _tens(words: str) -> dict[str, float]:
    """Tens words in order: "twenty thirty ..." (from 20), or "diez veinte ..." (from 10)."""
    listed = [plain(w) for w in words.split()]
    first = 10 if len(listed) == 9 else 20
    return {w: float(first + 10 * i) for i, w in enumerate(listed)}


@cache
def supported_languages() -> tuple[str, ...]:
    """The codes that have a data file, sorted."""
    folder = resources.files(__package__).joinpath("languages")
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml")))


@dataclass(slots=True)
class Token:
    """One token of a text: its characters, where they stand, and what kind they are."""

    text: str
    start: int
    end: int
    kind: Kind


@dataclass(frozen=True)
class RuleWords:
    """A language's ``[rules]`` table: the words the embedded path's kind and attribution
    rules (``summarizer._rules``) read, each as written in its data file."""

    code: str
    speech_verbs: tuple[str, ...] = ()  # "X sagte", "..., a déclaré X"
    according_to: tuple[str, ...] = ()  # before a source: "laut X", "据X"
    according_after: tuple[str, ...] = ()  # after a source: "X zufolge", "Xによると"
    topic_markers: tuple[str, ...] = ()  # "Xは、…と述べた": the speaker is the topic
    titles: tuple[str, ...] = ()  # role words before a name, not part of it ("*": any letters)
    name_joiners: tuple[str, ...] = ()  # lower-case words inside a name ("Eva de Vries")
    not_names: tuple[str, ...] = ()  # pronouns: a speaker but no name (他, 彼女)
    quotes: tuple[str, ...] = ()  # opening and closing mark, two characters each
    opinion: tuple[str, ...] = ()  # words of judgement
    future: tuple[str, ...] = ()  # words about the future
    not_counts_after: tuple[str, ...] = ()  # after a number: a duration or a date
    not_counts_before: tuple[str, ...] = ()  # before a number: a weekday, an ordinal


@cache
def rule_words(code: str) -> RuleWords:
    """The ``[rules]`` table of ``code``'s data file (empty lists where it has none)."""
    path = resources.files(__package__).joinpath("languages", f"{code}.toml")
    if not code.isalpha() or not path.is_file():
        raise UnsupportedLanguageError(code)
    table = tomllib.loads(path.read_text(encoding="utf-8")).get("rules", {})

    def words(key: str) -> tuple[str, ...]:
        return tuple(str(word) for word in table.get(key, []))

    return RuleWords(
        code=code,
        speech_verbs=words("speech_verbs"),
        according_to=words("according_to"),
        according_after=words("according_after"),
        topic_markers=words("topic_markers"),
        titles=words("titles"),
        name_joiners=words("name_joiners"),
        not_names=words("not_names"),
        quotes=words("quotes"),
        opinion=words("opinion"),
        future=words("future"),
        not_counts_after=words("not_counts_after"),
        not_counts_before=words("not_counts_before"),
    )
