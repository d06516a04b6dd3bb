"""Long documents: split on sentence/paragraph boundaries with overlap, summarize each chunk,
merge.

Each chunk is a slice of the source (``source[chunk.start:chunk.end]``), so a chunk's evidence
maps back to the whole document by adding ``chunk.start``; ``source[start:end] == quote`` still
holds. Claims found in more than one chunk (the overlap, or repetition) are merged: same
evidence span, or near-identical text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from ._document import Document
from ._errors import SummarizerError
from ._schema import Claim, Evidence, Summary, Usage

__all__ = [
    "Chunk",
    "document_claims",
    "merge_claims",
    "plan_chunks",
    "shift_claims",
    "total_usage",
    "usable_parts",
]

_DUPLICATE_TEXT_SCORE = 92.0


@dataclass(frozen=True, slots=True)
class Chunk:
    index: int
    start: int
    end: int
    text: str


def plan_chunks(document: Document, max_chars: int, overlap_chars: int = 0) -> list[Chunk]:
    """Pack whole sentences into chunks of at most ``max_chars`` (a longer sentence is a chunk
    of its own, cut at ``max_chars``); consecutive chunks share about ``overlap_chars``."""
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    overlap_chars = max(0, min(overlap_chars, max_chars // 2))
    text = document.text
    spans: list[tuple[int, int]] = []
    for sentence in document.sentences:
        start = sentence.start
        while sentence.end - start > max_chars:  # a monster "sentence" (tables, no punctuation)
            cut = text.rfind(" ", start + max_chars // 2, start + max_chars)
            cut = cut if cut > start else start + max_chars
            spans.append((start, cut))
            start = cut
            while start < sentence.end and text[start].isspace():
                start += 1
        if start < sentence.end:
            spans.append((start, sentence.end))
    chunks: list[Chunk] = []
    first = 0
    while first < len(spans):
        last = first
        while last + 1 < len(spans) and spans[last + 1][1] - spans[first][0] <= max_chars:
            last += 1
        start, end = spans[first][0], spans[last][1]
        chunks.append(Chunk(len(chunks), start, end, text[start:end]))
        if last + 1 >= len(spans):
            break
        following = last + 1
        while following - 1 > first and end - spans[following - 1][0] <= overlap_chars:
            following -= 1
        first = following
    return chunks


def shift_claims(result: Summary, chunk: Chunk, source: str) -> list[Claim]:
    """The chunk's claims with evidence offsets moved into the whole document."""
    shifted: list[Claim] = []
    for claim in result.claims:
        evidence = [
            Evidence(
                quote=e.quote,
                start=e.start + chunk.start,
                end=e.end + chunk.start,
                alignment=e.alignment,
                score=e.score,
            )
            for e in claim.evidence
        ]
        for e in evidence:
            assert source[e.start : e.end] == e.quote, "chunk offsets must map exactly"
        shifted.append(claim.model_copy(update={"evidence": evidence}))
    return shifted


def merge_claims(claims: Sequence[Claim]) -> list[Claim]:
    """Drop claims that repeat an earlier one (same evidence, or near-identical text);
    the kept claim gains the duplicate's other evidence."""
    kept: list[Claim] = []
    for claim in claims:
        spans = {(e.start, e.end) for e in claim.evidence}
        twin = None
        for other in kept:
            same_span = bool(spans) and spans <= {(e.start, e.end) for e in other.evidence}
            same_text = (
                fuzz.token_sort_ratio(claim.text.lower(), other.text.lower())
                >= _DUPLICATE_TEXT_SCORE
            )
            if same_text or (same_span and claim.text.lower() == other.text.lower()):
                twin = other
                break
            if same_span and fuzz.token_set_ratio(claim.text, other.text) >= 80:
                twin = other
                break
        if twin is None:
            kept.append(claim)
            continue
        extra = [
            e
            for e in claim.evidence
            if (e.start, e.end) not in {(x.start, x.end) for x in twin.evidence}
        ]
        if extra:
            index = kept.index(twin)
            kept[index] = twin.model_copy(
                update={
                    "evidence": [*twin.evidence, *extra],
                    "grounded": twin.grounded or claim.grounded,
                }
            )
    return kept


def document_claims(
    document: Document, chunks: Sequence[Chunk], parts: Sequence[Summary]
) -> list[Claim]:
    """Every chunk's claims, moved into the whole document and merged."""
    return merge_claims(
        [c for chunk, part in zip(chunks, parts, strict=True)
         for c in shift_claims(part, chunk, document.text)]
    )  # fmt: skip


def total_usage(parts: Sequence[Summary], *more: Usage) -> Usage:
    """Tokens over every part (and any further calls, e.g. the combine call)."""
    usage = Usage()
    for item in [*(p.meta.usage for p in parts), *more]:
        usage.add(item.prompt_tokens, item.completion_tokens, item.reasoning_tokens)
    return usage


def usable_parts(
    chunks: list[Chunk], outcomes: list[Summary | SummarizerError]
) -> tuple[list[Chunk], list[Summary], int]:
    """Chunks whose summary validated, and how many failed. A chunk the model never answered
    validly is left out (counted in ``meta.failed_chunks``); if every chunk failed, the first
    error is raised."""
    kept = [(c, o) for c, o in zip(chunks, outcomes, strict=True) if isinstance(o, Summary)]
    if not kept:
        first = outcomes[0]
        assert isinstance(first, SummarizerError)
        raise first
    return [c for c, _ in kept], [part for _, part in kept], len(chunks) - len(kept)
