"""Step 4: grounding. Locate the model's proposed evidence in the source.

The model may paraphrase, re-type curly quotes as straight ones, or collapse line breaks,
so a quote is looked for in three passes, and the first that succeeds wins:

1. ``exact``       — the quote occurs verbatim;
2. ``normalized``  — equal after folding whitespace runs, quote marks, dashes and case;
3. ``fuzzy``       — around ``rapidfuzz``'s best partial alignment, the span whose ratio to the
                      quote is highest, accepted at ``fuzzy_threshold`` (a dropped or added
                      word still gives the whole span).

A stray full stop or whitespace at either end of a quote (``"\\nthe group said."`` for
``the group said``) is not part of the span: when the quote as written is not found, it is
looked for again without them, and the fuzzy pass never starts or ends a span on a space.

A quote with an ellipsis (``…``, ``...`` or ``[...]``) that does not occur as written is taken
as pieces of the source in order: each piece is located with the same three passes, the first
anywhere in the document, every next one after the previous piece and within
``MAX_ELLIPSIS_GAP`` characters of it. ``locate_spans`` returns those pieces, one ``Evidence``
each; ``locate`` returns the one span from the first piece to the last.

Whatever the pass, the evidence recorded is a slice of the source:
``Evidence.quote == source[Evidence.start:Evidence.end]``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import pairwise

from rapidfuzz import fuzz

from ._document import Document
from ._schema import Alignment, Evidence

__all__ = [
    "DEFAULT_FUZZY_THRESHOLD",
    "MAX_ELLIPSIS_GAP",
    "NormalizedText",
    "locate",
    "locate_sentence",
    "locate_spans",
    "split_ellipsis",
]

DEFAULT_FUZZY_THRESHOLD = 90.0
# Characters of source text an ellipsis may stand for between two pieces of one quote.
MAX_ELLIPSIS_GAP = 500
_MIN_QUOTE_CHARS = 8
# Occurrences of an ellipsis quote's first piece tried as its anchor (a repeated phrase).
_MAX_ANCHORS = 20
# The fuzzy pass looks for a region at this share of the threshold, then moves the span's ends
# by up to _REFINE_EDGES word or punctuation edges (at most _REFINE_CHARS characters) to where
# the whole quote's ratio is best; that ratio must reach the threshold.
_REGION_CUTOFF = 0.8
_REFINE_EDGES = 12
_REFINE_CHARS = 120

_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-",
    "\u2026": "...",
}  # fmt: skip
# "…" or "..." (or more dots), alone or in square or round brackets, with any spaces around.
_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:…|\.{3,})\s*\]|\(\s*(?:…|\.{3,})\s*\)|…|\.{3,})\s*")
_STRAY = " \t\r\n\f\v."  # stripped from a quote's ends when it is not found as written

_Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A folded copy of a text and, for each of its characters, the index it came from."""

    text: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, raw: str) -> NormalizedText:
        out: list[str] = []
        origin: list[int] = []
        pending_space = False
        for index, char in enumerate(raw):
            if char.isspace():
                pending_space = bool(out)
                continue
            if pending_space:
                out.append(" ")
                origin.append(index - 1)
                pending_space = False
            folded = _FOLD.get(char, char).lower()
            out.extend(folded)
            origin.extend([index] * len(folded))
        return cls("".join(out), tuple(origin))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the folded text back to the raw text."""
        return self.origin[start], self.origin[end - 1] + 1

    def index_of(self, raw_index: int) -> int:
        """The first folded index that comes from ``raw_index`` or later."""
        return bisect_left(self.origin, raw_index)


def split_ellipsis(quote: str) -> list[str]:
    """The pieces of a quote around its ellipses (empty pieces dropped); ``[quote]`` if none."""
    pieces = [piece.strip() for piece in _ELLIPSIS.split(quote)]
    return [piece for piece in pieces if piece.strip(_STRAY)] or [quote]


def locate_spans(
    quote: str,
    document: Document,
    *,
    fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD,
    hint: int | None = None,
) -> list[Evidence]:
    """The spans of the source that ``quote`` stands for; empty when it cannot be located.

    One span for a quote found as written (or nearly); one per piece for a quote whose
    ellipses elide source text. ``hint`` is a character offset: when the quote (or its first
    piece) occurs more than once, the occurrence nearest to it is taken.
    """
    stripped = quote.strip()
    if not stripped:
        return []
    finder = _Finder(document, fuzzy_threshold)
    pieces = split_ellipsis(stripped)
    if pieces == [stripped]:
        found = finder.find(stripped, hint, fuzzy=True)
        return [found] if found is not None else []
    whole = finder.find(stripped, hint, fuzzy=False)  # the source's own ellipsis?
    if whole is not None:
        return [whole]
    if len(pieces) == 1:  # a leading or trailing ellipsis only
        found = finder.find(pieces[0], hint, fuzzy=True)
        return [found] if found is not None else []
    return _chain(pieces, finder, hint)


def locate(
    quote: str,
    document: Document,
    *,
    fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD,
    hint: int | None = None,
) -> Evidence | None:
    """Find ``quote`` in the document; ``None`` when it cannot be located.

    ``hint`` is a character offset: when the quote occurs more than once, the occurrence
    nearest to it is taken (the first one without a hint). A quote with an ellipsis gives the
    one span from its first piece to its last (``locate_spans`` gives the pieces), with the
    weakest piece's alignment and score.
    """
    spans = locate_spans(quote, document, fuzzy_threshold=fuzzy_threshold, hint=hint)
    if not spans:
        return None
    if len(spans) == 1:
        return spans[0]
    start, end = spans[0].start, spans[-1].end
    weakest = min(spans, key=lambda e: (_RANK[e.alignment], e.score))
    return Evidence(
        quote=document.text[start:end],
        start=start,
        end=end,
        alignment=weakest.alignment,
        score=weakest.score,
    )


_RANK = {Alignment.FUZZY: 0, Alignment.NORMALIZED: 1, Alignment.EXACT: 2, Alignment.SENTENCE: 3}


def _chain(pieces: list[str], finder: _Finder, hint: int | None) -> list[Evidence]:
    """Each piece after the previous one and near it. Every occurrence of the first piece is
    tried as the anchor; of the chains that complete, the tightest wins (ties: nearest to
    ``hint``, then first)."""
    best: tuple[int, int, list[Evidence]] | None = None
    for anchor in finder.anchors(pieces[0], hint):
        spans = [anchor]
        for piece in pieces[1:]:
            lo = spans[-1].end
            found = finder.find(piece, lo, fuzzy=True, lo=lo, hi=lo + MAX_ELLIPSIS_GAP)
            if found is None:
                break
            spans.append(found)
        else:
            gaps = sum(b.start - a.end for a, b in pairwise(spans))
            distance = abs(anchor.start - hint) if hint is not None else 0
            if best is None or (gaps, distance) < best[:2]:
                best = (gaps, distance, spans)
    return _join(finder.source, best[2]) if best is not None else []


class _Finder:
    """The three passes over one document, optionally limited to spans that start in a
    window ``[lo, hi]`` of the source."""

    def __init__(self, document: Document, fuzzy_threshold: float) -> None:
        self.source = document.text
        self.document = document
        self.threshold = fuzzy_threshold

    @property
    def folded(self) -> NormalizedText:
        return _normalized(self.document)

    def find(
        self,
        quote: str,
        hint: int | None,
        *,
        fuzzy: bool,
        lo: int = 0,
        hi: int | None = None,
    ) -> Evidence | None:
        hi = len(self.source) if hi is None else min(hi, len(self.source))
        alignment, spans = self._occurrences(quote, lo, hi)
        if spans:
            if hint is not None:
                spans = [min(spans, key=lambda span: abs(span[0] - hint))]
            return _evidence(self.source, *spans[0], alignment, 1.0)
        return self._fuzzy(quote, lo, hi) if fuzzy else None

    def anchors(self, quote: str, hint: int | None) -> list[Evidence]:
        """Occurrences of ``quote`` (exact, else normalized, else the best fuzzy one)."""
        alignment, spans = self._occurrences(quote, 0, len(self.source))
        if spans:
            if hint is not None:
                spans.sort(key=lambda span: abs(span[0] - hint))
            return [_evidence(self.source, s, e, alignment, 1.0) for s, e in spans[:_MAX_ANCHORS]]
        fuzzy = self._fuzzy(quote, 0, len(self.source))
        return [fuzzy] if fuzzy is not None else []

    def _occurrences(self, quote: str, lo: int, hi: int) -> tuple[Alignment, list[_Span]]:
        """Exact occurrences of the quote as written, else without stray ends, else the same
        two after folding; each starts in ``[lo, hi]``."""
        candidates = [quote]
        trimmed = quote.strip(_STRAY)
        if trimmed and trimmed != quote:
            candidates.append(trimmed)
        for alignment, search in (
            (Alignment.EXACT, self._exact),
            (Alignment.NORMALIZED, self._normalized),
        ):
            for candidate in candidates:
                found = search(candidate, lo, hi)
                if found:
                    return alignment, found
        return Alignment.EXACT, []

    def _exact(self, quote: str, lo: int, hi: int) -> list[_Span]:
        found: list[_Span] = []
        start = self.source.find(quote, lo)
        while 0 <= start <= hi:
            found.append((start, start + len(quote)))
            start = self.source.find(quote, start + 1)
        return found

    def _normalized(self, quote: str, lo: int, hi: int) -> list[_Span]:
        folded, needle = self.folded, NormalizedText.of(quote).text
        if not needle:
            return []
        found: list[_Span] = []
        start, last = folded.text.find(needle, folded.index_of(lo)), folded.index_of(hi + 1)
        while 0 <= start < last:
            found.append(folded.span(start, start + len(needle)))
            start = folded.text.find(needle, start + 1)
        return found

    def _fuzzy(self, quote: str, lo: int, hi: int) -> Evidence | None:
        """The span most like the quote (``fuzz.ratio`` at word boundaries, around the best
        partial alignment), if it scores at least the threshold."""
        folded, needle = self.folded, NormalizedText.of(quote).text
        if len(needle) < _MIN_QUOTE_CHARS:
            return None
        first = folded.index_of(lo)
        # A span may start anywhere in the window and run on past its end.
        last = min(len(folded.text), folded.index_of(hi + 1) + len(needle) * 2)
        region = fuzz.partial_ratio_alignment(
            needle, folded.text[first:last], score_cutoff=self.threshold * _REGION_CUTOFF
        )
        if region is None or region.dest_end <= region.dest_start:
            return None
        score, start, end = _refine(
            needle, folded.text, first + region.dest_start, first + region.dest_end
        )
        if score < self.threshold:
            return None
        s, e = folded.span(start, end)
        s, e = _widen_to_words(self.source, s, e)
        return _evidence(self.source, s, e, Alignment.FUZZY, round(score / 100.0, 4))


def _refine(needle: str, text: str, start: int, end: int) -> tuple[float, int, int]:
    """The best ``fuzz.ratio`` of ``needle`` to a span of ``text`` whose ends are near
    ``start`` and ``end`` (a dropped or added word moves them), and that span."""
    best = (-1.0, start, end)
    for s in _word_edges(text, start, starts=True):
        for e in _word_edges(text, end, starts=False):
            if e > s:
                score = fuzz.ratio(needle, text[s:e], score_cutoff=best[0])
                if score > best[0]:
                    best = (score, s, e)
    return best


def _word_edges(text: str, index: int, *, starts: bool) -> list[int]:
    """``index`` and the places nearest to it, ``_REFINE_EDGES`` on each side, where a span may
    start (or end): anywhere but inside a run of letters and digits."""
    edges = [index]
    first, last = (0, len(text) - 1) if starts else (1, len(text))
    for step in (-1, 1):
        found, i = 0, index + step
        while found < _REFINE_EDGES and first <= i <= last and abs(i - index) <= _REFINE_CHARS:
            inside_word = 0 < i < len(text) and text[i - 1].isalnum() and text[i].isalnum()
            if not inside_word and text[i if starts else i - 1] != " ":
                edges.append(i)
                found += 1
            i += step
    return edges


def _join(source: str, spans: list[Evidence]) -> list[Evidence]:
    """Neighbouring pieces as one span where the source between them is only whitespace or an
    ellipsis of its own (the quote's ellipsis was the source's)."""
    joined = [spans[0]]
    for span in spans[1:]:
        previous = joined[-1]
        between = source[previous.end : span.start]
        if between.strip() and not _ELLIPSIS.fullmatch(between):
            joined.append(span)
            continue
        weakest = min((previous, span), key=lambda e: (_RANK[e.alignment], e.score))
        joined[-1] = _evidence(source, previous.start, span.end, weakest.alignment, weakest.score)
    return joined


def _evidence(source: str, start: int, end: int, alignment: Alignment, score: float) -> Evidence:
    return Evidence(quote=source[start:end], start=start, end=end, alignment=alignment, score=score)


def locate_sentence(number: int, document: Document) -> Evidence | None:
    """Evidence for sentence ``number`` (1-based) of the document, or ``None``."""
    sentences = document.sentences
    if not 1 <= number <= len(sentences):
        return None
    sentence = sentences[number - 1]
    return Evidence(
        quote=sentence.text,
        start=sentence.start,
        end=sentence.end,
        alignment=Alignment.SENTENCE,
        score=1.0,
    )


def _widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Extend a fuzzy span so that it neither starts nor ends inside a word."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


_CACHE_ATTR = "_summarizer_normalized"


def _normalized(document: Document) -> NormalizedText:
    cached: NormalizedText | None = document.__dict__.get(_CACHE_ATTR)
    if cached is None:
        cached = NormalizedText.of(document.text)
        document.__dict__[_CACHE_ATTR] = cached
    return cached
