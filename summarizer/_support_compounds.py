"""Compounds against their parts, split on the document's own words; forms the stemmer misses.

German and Dutch write in one word what a rewrite says in several, and the reverse:
"Facharzttermin" / "Termin beim Facharzt", "Buskosten" / "Kosten für den Bus", "Baubeginn" /
"Beginn des Baus", "bezoekersaantal" / "aantal bezoekers". Coverage compares whole words, so
such a rewrite loses every word of the compound. No dictionary is read: a compound is split
where both parts are words the text at hand has:

- a claim word the premise lacks counts as found when it splits into a modifier and a head
  that one sentence of the premise both has (the modifier may end in a linking element of
  the language's ``[compounds] links``: "Bau-s-", "olifant-en-", "bezoeker-s-"); the
  premise's words count with such an ending taken off as well ("des Baus" gives "bau");
- a claim word the premise lacks counts as found when a premise compound holds it as its
  head ("Kosten" in "Buskosten") or its modifier ("Hüfte" in "Hüftgelenk"), the compound's
  other part being a word of the claim or the document, two such words, or six letters or more
  (no prefix: "Stand" is not found in "Verstand");
- a claim word the premise has in another form: with or without an ending of the language's
  ``[compounds] endings`` (inflection the stemmer misses: "Handy" / "Handys"; French,
  Spanish, Italian and Portuguese list none), or stemmed as written, accents kept ("déroulé"
  / "déroulée", "recibió" / "recibido", "renováveis" / "renovável"): the judge folds accents
  before it stems, which the Romance stemmers need to see; a future form (``[modality]
  future_endings``: "bloccherà") is never another tense's word.

A language without ``[compounds]`` is left alone. Asked only for a claim below the
threshold, only for its words coverage did not find; each text's index is cached.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from ._support_lexical import analyse
from .text._language import language, plain
from .text._phrases import phrase_list
from .text._tokens import prepare, sentences

__all__ = ["compound_found"]

_PART_MIN: Final = 3  # letters of a modifier or head ("Bus", "Bau")
_WORD_MIN: Final = 7  # letters of a word read as a compound
_LONG_PART: Final = 6  # letters of a modifier that is no prefix ("zer-", "gegen-", "unter-")


@dataclass(frozen=True, slots=True)
class _Index:
    """A text's words as compound parts: the forms it has, and its long words' every split."""

    forms: frozenset[str]  # every word plain, its key, and plain without a linking ending
    sentences: tuple[frozenset[str], ...]  # the same, sentence by sentence
    heads: dict[str, tuple[str, ...]]  # a long word's every head (plain) -> its modifiers
    modifiers: dict[str, tuple[str, ...]]  # every modifier, linking element off -> its heads


def compound_found(
    claim: str, premise: str, code: str, vocabulary: frozenset[str] | None
) -> frozenset[str]:
    """The content keys of ``claim`` that ``premise`` lacks as words but has as compound
    parts (see the module). ``vocabulary``: the document's folded words, which a premise
    compound's other part must be one of (None: the claim's and the premise's words)."""
    if not _enabled(code):
        return frozenset()
    c, p = analyse(claim, code), analyse(premise, code)
    missing = [(k, s) for k, s in c.content.items() if k not in p.content and s.isalpha()]
    if not missing:
        return frozenset()
    mine, theirs = _index(claim, code), _index(premise, code)
    known = (vocabulary or frozenset()) | frozenset(c.content) | frozenset(p.content)
    known = known | mine.forms | theirs.forms
    return frozenset(
        key for key, written in missing if _found(written, c.content, theirs, known, code)
    )


def _found(
    written: str, claim: Mapping[str, str], theirs: _Index, known: frozenset[str], code: str
) -> bool:
    """Whether the premise (``theirs``) has the claim's word (as ``written``) in another form
    or as parts."""
    if not _written_forms(written, code).isdisjoint(theirs.forms):  # "déroulé" / "déroulée"
        return True
    word = plain(written)
    forms = _forms(word, code)
    # "Buskosten" / "Kosten für den Bus": both parts in one sentence
    if any(_splits_into(word, one, code) for one in theirs.sentences):
        return True
    key = language(code).key
    # a part is one of the word's forms as written or with an ending ("Kosten" / "-kostens")
    parts = [f + e for f in forms for e in ("", *_endings(code))]
    if any(_is_part(m, known, code) for f in parts for m in theirs.heads.get(f, ())):
        return True  # "Kosten" / "Buskosten"
    return any(  # "Bus" with "Kosten" / "Buskosten"
        key(h) in claim or _is_part(h, known, code)
        for f in parts
        for h in theirs.modifiers.get(f, ())
    )


@lru_cache(maxsize=16)
def _links(code: str) -> tuple[str, ...]:
    return tuple(sorted(phrase_list(code, "compounds.links"), key=len, reverse=True))


@lru_cache(maxsize=16)
def _enabled(code: str) -> bool:
    """Whether the language's file has a ``[compounds]`` table (links, endings or both)."""
    return any(k.startswith("compounds.") for k in language(code).phrases_of)


@lru_cache(maxsize=1 << 15)
def _written_forms(written: str, code: str) -> frozenset[str]:
    """``_forms`` of a word as written, and its stem taken with its accents: the stemmer
    reads "recibió", "lascerà", "renováveis" as the verb or adjective they are, not the
    accent-folded "recibio", "lascera", "renovaveis"."""
    word = plain(written)
    if _future(word, written, code):  # "bloccherà" is not "bloccato": another tense
        return _forms(word, code)
    return _forms(word, code) | {language(code).stem(written.casefold())}


def _future(word: str, written: str, code: str) -> bool:
    """A future-tense form (``[modality] future_endings``, where the ending carries an accent
    or has six letters or more, as ``_support_modality`` counts them)."""
    return any(
        word.endswith(e) and (written[-1] != word[-1] or len(e) >= 6)
        for e in phrase_list(code, "modality.future_endings")
    )


@lru_cache(maxsize=16)
def _endings(code: str) -> tuple[str, ...]:
    return tuple(sorted(phrase_list(code, "compounds.endings"), key=len, reverse=True))


@lru_cache(maxsize=1 << 15)
def _forms(word: str, code: str) -> frozenset[str]:
    """A plain word's forms: itself, its key, and without a linking or agreement ending
    ("baus" → "bau", "olifanten" → "olifant", "deroulee" → "deroule")."""
    lang = language(code)
    out = {word, lang.key(word)}
    for link in _endings(code):
        if word.endswith(link) and len(word) - len(link) >= _PART_MIN:
            out.add(word[: -len(link)])
    return frozenset(out)


def _is_part(part: str, known: frozenset[str], code: str) -> bool:
    """Whether the other part of a compound is a word of the document (or of the claim and
    premise): itself, or a modifier and head that are ("Kinderauto-"), or long enough to be
    no prefix ("Gesundheits-" of "Gesundheitsministerin", not "Ver-" of "Verstand")."""
    if len(part) >= _LONG_PART or _is_word(part, known, code):
        return True
    return _splits_into(part, known, code)


def _is_word(part: str, known: frozenset[str], code: str) -> bool:
    return any(language(code).key(f) in known or f in known for f in _forms(part, code))


def _splits_into(word: str, forms: frozenset[str], code: str) -> bool:
    """Whether ``word`` is a modifier and a head that ``forms`` both has."""
    key = language(code).key
    for cut in range(_PART_MIN, len(word) - _PART_MIN + 1):
        head = word[cut:]
        if head not in forms and key(head) not in forms:
            continue
        if any(m in forms or key(m) in forms for m in _modifier_forms(word[:cut], code)):
            return True
    return False


def _modifier_forms(modifier: str, code: str) -> Iterable[str]:
    yield modifier
    for link in _links(code):
        if modifier.endswith(link) and len(modifier) - len(link) >= _PART_MIN:
            yield modifier[: -len(link)]


def _written(text: str, code: str) -> list[str]:
    """The content words of ``text`` as written, but those of a name where nouns are written
    in lower case ("Wildlands" is no compound)."""
    a, nouns = analyse(text, code), language(code).nouns_capitalised
    names = set() if nouns else {w for run in a.names for w in run.surface.split()}
    return [s for s in a.content.values() if s.isalpha() and s not in names]


@lru_cache(maxsize=1 << 12)
def _index(text: str, code: str) -> _Index:
    """``text``'s words as compound parts (cached by text): see ``_Index``."""
    written = _written(text, code)
    words = {plain(s) for s in written}
    forms: set[str] = set()
    heads: dict[str, list[str]] = {}
    modifiers: dict[str, list[str]] = {}
    for w in written:
        forms |= _written_forms(w, code)
    for word in words:  # every cut, as strings only: no word is stemmed here
        for cut in range(_PART_MIN, len(word) - _PART_MIN + 1) if len(word) >= _WORD_MIN else ():
            heads.setdefault(word[cut:], []).append(word[:cut])
            for m in _modifier_forms(word[:cut], code):
                modifiers.setdefault(m, []).append(word[cut:])
    lang = language(code)
    by_sentence = tuple(
        frozenset().union(*(_written_forms(w, code) for w in _written(s, code)))
        for _, s in sentences(prepare(text, lang), lang)
    )
    return _Index(
        frozenset(forms),
        by_sentence,
        {k: tuple(v) for k, v in heads.items()},
        {k: tuple(v) for k, v in modifiers.items()},
    )
