"""Words and names of Chinese and Japanese text, by a part-of-speech tagger.

Case marks no names in these scripts and spaces no words, so the text analyser asks a tagger
whose dictionary ships inside its package (nothing is downloaded or written at run time):

- Chinese: ``rjieba`` (the jieba-rs binding; jieba's dictionary and tag set compiled in):
  names are ``nr`` person, ``ns`` place, ``nt`` organisation, ``nz`` other proper noun.
- Japanese: ``sudachipy`` with ``sudachidict-small``: names are ``名詞-固有名詞`` (person,
  place, organisation).

A numeral is never a name (jieba's ``m``, Sudachi's ``名詞-数詞``): numbers are the number
check's; a name may hold one ("四川", "九州"). Each tagger is loaded on first use, once per
process (rjieba ~0.1 s, Sudachi ~0.02 s); Sudachi's tokenizer serves one thread, so each
thread gets its own over the one shared dictionary.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Final

__all__ = ["name_spans", "names", "words"]

_ZH_NAMES: Final = frozenset({"nr", "nrfg", "nrt", "ns", "nt", "nz"})

Tagger = Callable[[str], list[tuple[str, bool]]]  # (word, is a name), in the text's order


@lru_cache(maxsize=1 << 14)
def words(text: str, code: str) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of each word of ``text`` (a run of CJK characters) in language
    ``code``; in a language without a tagger, the whole text is one word."""
    return tuple((start, end) for start, end, _ in _tagged(text, code))


@lru_cache(maxsize=1 << 14)
def names(text: str, code: str) -> frozenset[int]:
    """The positions in ``text`` of characters inside a name (a person, place, organisation
    or product)."""
    return frozenset(
        k for start, end, name in _tagged(text, code) if name for k in range(start, end)
    )


@lru_cache(maxsize=1 << 14)
def name_spans(text: str, code: str) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of each stretch of name characters of ``text`` (adjacent names, as
    "北京" "大学", make one)."""
    spans: list[tuple[int, int]] = []
    for k in sorted(names(text, code)):
        if spans and spans[-1][1] == k:
            spans[-1] = (spans[-1][0], k + 1)
        else:
            spans.append((k, k + 1))
    return tuple(spans)


@lru_cache(maxsize=1 << 14)
def _tagged(text: str, code: str) -> tuple[tuple[int, int, bool], ...]:
    tagger = _tagger(code)
    if tagger is None or not text:
        return ((0, len(text), False),)
    out = []
    at = 0
    for word, name in tagger(text):
        start = text.find(word, at)
        if start < 0:  # a word the tagger normalised: the rest is one word
            break
        if start > at:  # characters the tagger skipped
            out.append((at, start, False))
        out.append((start, start + len(word), name))
        at = start + len(word)
    if at < len(text):
        out.append((at, len(text), False))
    return tuple(out)


def _tagger(code: str) -> Tagger | None:
    load = _TAGGERS.get(code)
    return load() if load is not None else None


@cache
def _chinese() -> Tagger:
    import rjieba

    def run(text: str) -> list[tuple[str, bool]]:
        return [(w, t in _ZH_NAMES) for w, t in rjieba.tag(text)]

    return run


@cache
def _japanese() -> Tagger:
    from sudachipy import Dictionary, SplitMode

    dictionary = Dictionary(dict="small")  # shared; a Sudachi tokenizer serves one thread
    local = threading.local()

    def run(text: str) -> list[tuple[str, bool]]:
        tokenizer = getattr(local, "tokenizer", None)
        if tokenizer is None:
            tokenizer = local.tokenizer = dictionary.tokenizer(SplitMode.C)
        # the input's own characters (``begin``/``end``), not a normalised surface
        return [
            (text[m.begin() : m.end()], m.part_of_speech()[1] == "固有名詞")
            for m in tokenizer.tokenize(text)
        ]

    return run


_TAGGERS: Final[dict[str, Callable[[], Tagger]]] = {"zh": _chinese, "ja": _japanese}
