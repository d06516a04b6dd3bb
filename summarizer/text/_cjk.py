"""Which characters of a Chinese or Japanese text belong to a name, and which to a noun.

Case marks no names in these scripts, so the judge asks a part-of-speech tagger whose
dictionary ships inside its package (nothing is downloaded or written at run time):

- Chinese: ``rjieba`` (the jieba-rs binding; jieba's dictionary and tag set compiled in):
  ``nr`` person, ``ns`` place, ``nt`` organisation, ``nz`` other proper noun.
- Japanese: ``sudachipy`` with ``sudachidict-small``: ``名詞-固有名詞`` (person, place,
  organisation).

Numerals are never names or nouns here (``名詞-数詞``, jieba's ``m``): numbers are the number
check's. A tagger is loaded on first use, once per process; the support judge asks only about
a claim's clause that has characters its evidence lacks, so most pairs never load one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Final

__all__ = ["Tagged", "tag"]

_ZH_NAMES: Final = frozenset({"nr", "nrfg", "nrt", "ns", "nt", "nz"})

Tagger = Callable[[str], list[tuple[str, str, bool]]]  # (word, coarse tag, is a name)


@dataclass(frozen=True, slots=True)
class Tagged:
    """Character positions (in the tagged text) inside a name, and inside any noun."""

    names: frozenset[int]
    nouns: frozenset[int]  # names included


@lru_cache(maxsize=1 << 14)
def tag(text: str, code: str) -> Tagged:
    """The name and noun characters of ``text`` (a clause) in language ``code`` ("zh", "ja");
    any other language has none."""
    tagger = _tagger(code)
    if tagger is None:
        return Tagged(frozenset(), frozenset())
    names: set[int] = set()
    nouns: set[int] = set()
    at = 0
    for word, coarse, is_name in tagger(text):
        start = text.find(word, at)
        if start < 0:  # a tagger that normalised a word: positions from here on are unknown
            break
        span = range(start, start + len(word))
        at = start + len(word)
        if is_name:
            names.update(span)
        if is_name or coarse == "noun":
            nouns.update(span)
    return Tagged(frozenset(names), frozenset(nouns))


def _tagger(code: str) -> Tagger | None:
    if code == "zh":
        return _chinese()
    if code == "ja":
        return _japanese()
    return None


@cache
def _chinese() -> Tagger:
    import rjieba

    def run(text: str) -> list[tuple[str, str, bool]]:
        return [
            (w, "noun" if t.startswith("n") else t, t in _ZH_NAMES) for w, t in rjieba.tag(text)
        ]

    return run


@cache
def _japanese() -> Tagger:
    from sudachipy import Dictionary, SplitMode

    tokenizer = Dictionary(dict="small").tokenizer(SplitMode.C)

    def run(text: str) -> list[tuple[str, str, bool]]:
        out = []
        for m in tokenizer.tokenize(text):
            pos = m.part_of_speech()
            noun = pos[0] == "名詞" and pos[1] != "数詞"
            word = text[m.begin() : m.end()]  # the input's own characters, not a normal form
            out.append((word, "noun" if noun else pos[0], pos[1] == "固有名詞"))
        return out

    return run


@lru_cache(maxsize=1 << 14)
def words(text: str, code: str) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of each word of ``text`` by the language's tagger (the whole text
    is one word in a language without one)."""
    tagger = _tagger(code)
    if tagger is None:
        return ((0, len(text)),)
    out = []
    at = 0
    for word, _, _ in tagger(text):
        start = text.find(word, at)
        if start < 0:  # a word the tagger normalised: the rest is one word
            out.append((at, len(text)))
            break
        if start > at:
            out.append((at, start))
        at = start + len(word)
        out.append((start, at))
    if at < len(text) and (not out or out[-1][1] < len(text)):
        out.append((at, len(text)))
    return tuple(out)
