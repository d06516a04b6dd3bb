"""Step 4: grounding. Locate the model's proposed evidence in the source.

The model may paraphrase, re-type curly quotes as straight ones, or collapse line breaks,
so a quote is looked for in three passes, and the first that succeeds wins:

1. ``exact``       — the quote occurs verbatim;
2. ``normalized``  — equal after folding whitespace runs, quote marks, dashes and case;
3. ``fuzzy``       — ``rapidfuzz``'s best partial alignment, accepted at ``fuzzy_threshold``.

Whatever the pass, the evidence recorded is a slice of the source:
``Evidence.quote == source[Evidence.start:Evidence.end]``.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from ._document import Document
from ._schema import Alignment, Evidence

__all__ = ["DEFAULT_FUZZY_THRESHOLD", "NormalizedText", "locate", "locate_sentence"]

DEFAULT_FUZZY_THRESHOLD = 90.0
_MIN_QUOTE_CHARS = 8

_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-",
    "\u2026": "...",
}  # fmt: skip


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


def _nearest(haystack: str, needle: str, hint: int | None) -> int:
    """Index of the occurrence of ``needle`` closest to ``hint`` (the first without one)."""
    first = haystack.find(needle)
    if first < 0 or hint is None:
        return first
    best, position = first, first
    while position >= 0:
        if abs(position - hint) < abs(best - hint):
            best = position
        position = haystack.find(needle, position + 1)
    return best


def locate(
    quote: str,
    document: Document,
    *,
    fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD,
    hint: int | None = None,
) -> Evidence | None:
    """Find ``quote`` in the document; ``None`` when it cannot be located.

    ``hint`` is a character offset: when the quote occurs more than once, the occurrence
    nearest to it is taken (the first one without a hint).
    """
    source = document.text
    stripped = quote.strip()
    if not stripped:
        return None
    start = _nearest(source, stripped, hint)
    if start >= 0:
        end = start + len(stripped)
        return Evidence(quote=stripped, start=start, end=end, alignment=Alignment.EXACT, score=1.0)

    folded_source = _normalized(document)
    folded_quote = NormalizedText.of(stripped).text
    if not folded_quote:
        return None
    found = _nearest(folded_source.text, folded_quote, hint)
    if found >= 0:
        s, e = folded_source.span(found, found + len(folded_quote))
        return Evidence(
            quote=source[s:e], start=s, end=e, alignment=Alignment.NORMALIZED, score=1.0
        )

    if len(folded_quote) < _MIN_QUOTE_CHARS:
        return None
    alignment = fuzz.partial_ratio_alignment(
        folded_quote, folded_source.text, score_cutoff=fuzzy_threshold
    )
    if alignment is None or alignment.dest_end <= alignment.dest_start:
        return None
    s, e = folded_source.span(alignment.dest_start, alignment.dest_end)
    s, e = _widen_to_words(source, s, e)
    return Evidence(
        quote=source[s:e],
        start=s,
        end=e,
        alignment=Alignment.FUZZY,
        score=round(alignment.score / 100.0, 4),
    )


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
