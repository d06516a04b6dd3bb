"""Which capitalised words of a claim are names the evidence must have (Latin script).

Capitals mark names, but also the first word of a sentence, and in German every noun. The
lexical judge's names check (``_support.LexicalJudge``) asks the evidence for the claim's
name runs (``_support_lexical``); this module tells it which capitalised words are no names,
from what the document writes:

- **names of the document** (``Capitals.names``): words it writes capitalised inside a
  sentence, and sentence-first words it never writes in lower case;
- **a sentence-first word** ("Rimase", "Solo", "Around", the "After" of "After Houston") is
  uncertain: split off a run unless the document writes it as a name, and a name only when
  the document never uses it *and* the evidence has a name that the claim lacks (the claim
  put its word where the evidence has a name: "Lyon is ..." on "Marseille is ...");
- **German nouns** (``nouns_capitalised``): a capitalised word right after a determiner or a
  number ("der Rat", "vier Klassenräume", the data file's ``[capitals] determiners``) is a
  common noun: in a claim when it stands alone ("die Kölner Polizei" stays a name), and
  everywhere when the document writes it so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ._support_lexical import Analysis, NameRun, analyse, is_acronym, is_name
from ._support_names_forms import short_place_adjective
from ._support_nouns import proper_in, proper_words, without_common_nouns
from .text._common_words import place_like, title
from .text._language import Language, language, plain
from .text._numbers import starts_number
from .text._tokens import Token, prepare, sentences, tokens

__all__ = ["Capitals", "capitals", "claim_names", "lead_put_in"]


@dataclass(frozen=True, slots=True)
class Capitals:
    """What a document writes capitalised (folded words)."""

    names: frozenset[str]  # capitalised inside a sentence, or never in lower case
    inside: frozenset[str]  # capitalised inside a sentence
    nouns: frozenset[str]  # German: written right after a determiner or a number
    places: tuple[tuple[str, str], ...] = ()  # (plain, folded) of each name written inside
    proper: frozenset[str] = frozenset()  # German: written in a proper name (_support_nouns)


def _after_determiner(toks: list[Token], k: int, lang: Language) -> bool:
    if k == 0:
        return False
    prev = toks[k - 1]
    low = plain(prev.text)
    if low in lang.phrases_of.get("capitals.merged_articles", ()):  # "im Frühling"
        return not place_like(plain(toks[k].text), lang.code)  # "am Lindenweg": a name
    return (
        prev.kind == "num"
        or low in lang.phrases_of.get("capitals.determiners", ())
        or (prev.kind == "word" and starts_number(low, lang))
    )


def _before_genitive(toks: list[Token], k: int, lang: Language) -> bool:
    """Whether the word at ``k`` heads a genitive ("Angaben des Ministeriums"): a noun."""
    genitive = lang.phrases_of.get("capitals.genitive_articles", ())
    return k + 1 < len(toks) and plain(toks[k + 1].text) in genitive


def _common(toks: list[Token], k: int, lang: Language) -> bool:
    """German: the capitalised word at ``k`` is a common noun by its neighbours."""
    return _after_determiner(toks, k, lang) or _before_genitive(toks, k, lang)


def _sentence_tokens(text: str, lang: Language) -> list[list[Token]]:
    return [tokens(s, 0, lang) for _, s in sentences(prepare(text, lang), lang)]


@lru_cache(maxsize=1 << 10)
def capitals(text: str, code: str) -> Capitals:
    """The document's names and (German) common nouns, read once (cached)."""
    lang = language(code)
    if lang.cjk:
        return Capitals(frozenset(), frozenset(), frozenset())
    inside: set[str] = set()
    first: set[str] = set()
    lower: set[str] = set()
    nouns: set[str] = set()
    places: dict[str, str] = {}
    proper: set[str] = set()
    for toks in _sentence_tokens(text, lang):
        proper.update(proper_words(toks, lang))
        for k, tok in enumerate(toks):
            if tok.kind != "word":
                continue
            word = lang.fold(tok.text)
            if tok.text[0].islower():
                lower.add(word)
            elif is_name(tok.text, lang):
                (inside if k else first).add(word)
                if k:
                    places.setdefault(plain(tok.text), word)
                if lang.nouns_capitalised and _common(toks, k, lang):
                    nouns.add(word)
    return Capitals(
        frozenset(inside | (first - lower)),
        frozenset(inside),
        frozenset(nouns),
        tuple(places.items()),
        frozenset(proper),
    )


_STEM_MIN = 4  # letters a name keeps before an adjective ending ("Zwol" + "se")
_DROPPED = 3  # letters of the name an adjective ending may replace ("Brit-ain" / "Brit-ish")


def _adjective_of(word: str, code: str, document: Capitals) -> str | None:
    """The folded name of the document that ``word`` (plain) is the adjective of, with one
    of the language's ``[capitals] adjective_endings`` ("Zwolse" of "Zwolle", "Delfzijlse"
    of "Delfzijl", "British" of "Britain"), or None."""
    endings = language(code).phrases_of.get("capitals.adjective_endings", ())
    for ending in endings:
        if not word.endswith(ending):
            continue
        stem = word[: len(word) - len(ending)]
        if len(stem) < _STEM_MIN:
            # a short name written whole before its ending ("Edese" of "Ede", "Osser" of
            # "Oss"): only that name (_support_names_forms)
            exact = short_place_adjective(stem, document.places)
            if exact is not None:
                return exact
            continue
        for name, folded in document.places:
            if name.startswith(stem) and len(name) - len(stem) <= _DROPPED and name != word:
                return folded
    return None


@lru_cache(maxsize=1 << 14)
def _claim_nouns(text: str, code: str) -> frozenset[str]:
    """German: the capitalised words of ``text`` right after a determiner or a number, or
    right before a genitive article."""
    lang = language(code)
    return frozenset(
        lang.fold(tok.text)
        for toks in _sentence_tokens(text, lang)
        for k, tok in enumerate(toks)
        if tok.kind == "word" and tok.text[0].isupper() and _common(toks, k, lang)
    )


def claim_names(
    claim: Analysis,
    text: str,
    code: str,
    lower_case: frozenset[str] | None,
    document: Capitals | None,
) -> tuple[NameRun, ...]:
    """The claim's name runs, without the words that are no names: a sentence-first word
    that the document does not write as a name (``uncertain``: ``lead_put_in`` judges it on
    the evidence), German common nouns. Without ``document``, the runs and the sentence-first
    words the document never uses (``lower_case``: the document's words)."""
    if document is None or lower_case is None:
        if lower_case is None:
            return claim.names
        return claim.names + tuple(r for r in claim.leads if r.words[0] not in lower_case)
    return _certain(claim, text, code, document)[0]


def _certain(
    claim: Analysis, text: str, code: str, document: Capitals
) -> tuple[tuple[NameRun, ...], tuple[NameRun, ...]]:
    """(the claim's name runs without their words that are no names, its sentence-first
    words: lone, or split off a run)."""
    nouns = language(code).nouns_capitalised
    mine = _claim_nouns(text, code) if nouns else frozenset()
    runs: list[NameRun] = []
    leads = list(claim.leads)
    for run in _split_at_punctuation(claim.names, text):
        words, surface, acronym = run.words, run.surface, run.acronym
        head = surface.split(" ", 1)
        split = run.lead and len(words) > 1 and not is_acronym(head[0])
        if split and words[0] not in document.names:  # "After Houston": "After" is uncertain
            leads.append(NameRun(words[:1], None, head[0], True))
            words, surface, acronym = words[1:], head[1], None
        words, surface, acronym = _without_titles(words, surface, acronym, code)
        if nouns:
            common = document.nouns | (mine if len(words) == 1 else frozenset())
            words = tuple(w for w in words if w not in common)
            words, surface, acronym = _without_nouns(words, surface, acronym, document, text, code)
        if words and len(words) == len(surface.split(" ")):
            words = tuple(
                w if w in document.names else _adjective_of(plain(s), code, document) or w
                for w, s in zip(words, surface.split(" "), strict=True)
            )
        if words:
            runs.append(NameRun(words, acronym, surface, run.lead))
    return tuple(runs), tuple(leads)


def _without_nouns(
    words: tuple[str, ...],
    surface: str,
    acronym: str | None,
    document: Capitals,
    text: str,
    code: str,
) -> tuple[tuple[str, ...], str, str | None]:
    """German: a run without the words the dictionary has as common nouns
    (``_support_nouns``)."""
    kept, rest = without_common_nouns(words, surface, document.proper | proper_in(text, code), code)
    if kept == words:
        return words, surface, acronym
    parts = rest.split(" ")
    return kept, rest, "".join(s[0] for s in parts).casefold() if len(parts) > 1 else None


def _without_titles(
    words: tuple[str, ...], surface: str, acronym: str | None, code: str
) -> tuple[tuple[str, ...], str, str | None]:
    """A run without its titles: words before its last one that are titles ("CEO Maria
    Okafor", "Councillor Reyes"; the last word is kept: "Gerhard Meister" is a name)."""
    parts = surface.split(" ")
    if len(parts) < 2 or len(parts) != len(words):
        return words, surface, acronym
    keep = [k for k, s in enumerate(parts) if k == len(parts) - 1 or not title(plain(s), code)]
    if len(keep) == len(parts):
        return words, surface, acronym
    rest = [parts[k] for k in keep]
    initials = "".join(s[0] for s in rest).casefold() if len(rest) > 1 else None
    return tuple(words[k] for k in keep), " ".join(rest), initials


def _second(text: str, code: str) -> str | None:
    """The folded second word of ``text``'s first sentence (None: none)."""
    lang = language(code)
    toks = next(iter(_sentence_tokens(text, lang)), [])
    return lang.fold(toks[1].text) if len(toks) > 1 and toks[1].kind == "word" else None


_PUNCT = re.compile(r"[,;:()\[\]—–]")


def _split_at_punctuation(runs: tuple[NameRun, ...], text: str) -> list[NameRun]:
    """The claim's runs, each cut where ``text`` has punctuation between two of its words
    ("According to the Post, IS ...": "Post" and "IS"; "Background: Evening ...")."""
    out: list[NameRun] = []
    for run in runs:
        surface = run.surface.split(" ")
        if len(surface) < 2 or len(surface) != len(run.words):
            out.append(run)
            continue
        found = re.search(r"(\W+?)".join(map(re.escape, surface)), text)
        gaps = found.groups() if found else ()
        start = 0
        for k in range(1, len(surface) + 1):
            if k == len(surface) or (gaps and _PUNCT.search(gaps[k - 1])):
                part = surface[start:k]
                acronym = "".join(w[0] for w in part).casefold() if len(part) > 1 else None
                if len(part) == 1 and is_acronym(part[0]):
                    acronym = part[0].casefold()
                out.append(
                    NameRun(run.words[start:k], acronym, " ".join(part), run.lead and not start)
                )
                start = k
    return out


def lead_put_in(
    claim: str,
    evidence: str,
    code: str,
    lower_case: frozenset[str] | None,
    document: Capitals | None,
) -> tuple[str, str] | None:
    """A sentence-first word of the claim that the document never uses, where the evidence
    has a name the claim lacks ("Lyon is ..." on "Marseille is ..."): (the word, that name),
    or None. A word the document never uses with no name of the evidence left out is a word
    of the rewrite ("Rimase nubile" for "Non si sposò"), no name."""
    if document is None or lower_case is None or language(code).cjk:
        return None
    c, e = analyse(claim, code), analyse(evidence, code)
    leads = [
        r for r in _certain(c, claim, code, document)[1]
        if r.words[0] not in lower_case and r.words[0] not in e.content
    ]  # fmt: skip
    if not leads:
        return None
    nouns = document.nouns if language(code).nouns_capitalised else frozenset()
    for run in e.names:  # a name of the evidence that the claim lacks altogether
        names = [w for w in run.words if w in document.names and w not in nouns]
        if names and not any(w in c.content for w in names):
            return leads[0].surface, run.surface
    # "Oslo introduced" / "Stockholm introduced": the claim's first word replaces the
    # evidence's (not where a sentence may start with its verb: "Rimase" / "Visse")
    swapped = not language(code).subject_dropped and _second(claim, code) == _second(evidence, code)
    for run in e.leads:  # a first word the document writes as a name inside a sentence, or
        word = run.words[0]  # one the claim's first word replaces (never in lower case)
        if word not in c.content and (
            word in document.inside or (swapped and word in document.names)
        ):
            return leads[0].surface, run.surface
    return None
