"""Step 6: the result. ``Meta`` and ``Summary`` are assembled here and nowhere else — for one
call, for a long document's chunks, and for Batch API output.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ._call import CallStats
from ._chunking import Chunk, document_claims
from ._context import RunContext
from ._document import Document
from ._drafts import CombinedDraft, SummaryDraft
from ._schema import Claim, Meta, Summary, TemplateInfo
from .text._detect import detect_language

__all__ = [
    "OnUnsupported",
    "Settled",
    "build_summary",
    "merge_chunk_summaries",
    "settle_claims",
    "support_counts",
]

OnUnsupported = Literal["flag", "drop"]


@dataclass(frozen=True)
class Settled:
    """The claims a result keeps, and the counts ``Meta`` reports."""

    claims: list[Claim]
    ungrounded: int
    unsupported: int
    dropped: int


def settle_claims(
    claims: Sequence[Claim],
    *,
    on_ungrounded: Literal["flag", "drop"],
    on_unsupported: OnUnsupported,
) -> Settled:
    """Apply the flag/drop policies once the reasks are spent."""
    kept: list[Claim] = []
    ungrounded = unsupported = 0
    for claim in claims:
        bad_ground = not claim.grounded
        bad_support = (
            claim.grounded and claim.support is not None and claim.support.supported is False
        )
        ungrounded += bad_ground  # counted whether kept (flagged) or dropped
        unsupported += bad_support
        if bad_ground and on_ungrounded == "drop":
            continue
        if bad_support and on_unsupported == "drop":
            continue
        kept.append(claim)
    return Settled(kept, ungrounded, unsupported, len(claims) - len(kept))


def support_counts(claims: Sequence[Claim]) -> tuple[int, int, int]:
    """(contradicted, not stated, not judged) among ``claims``: what ``Meta`` counts."""
    verdicts = [c.support.verdict for c in claims if c.support is not None]
    return (
        verdicts.count("contradicts"),
        verdicts.count("not_stated"),
        verdicts.count("not_judged"),
    )


def _meta(
    context: RunContext,
    document: Document,
    stats: CallStats,
    *,
    template: TemplateInfo,
    latency: float,
    ungrounded: int,
    unsupported: int,
    dropped: int,
    backend: str | None = None,
    model: str | None = None,
    reasks: int | None = None,
    chunks: int = 1,
    failed_chunks: int = 0,
    claims: Sequence[Claim] = (),
) -> Meta:
    settings = context.settings
    name = model or context.model
    contradicted, not_stated, not_judged = support_counts(claims)
    lang = detect_language(document.text, settings.language)
    backend_name = backend or settings.backend
    return Meta(
        model=name,
        backend=backend_name,
        mode=settings.mode,
        evidence_mode=settings.evidence_mode,
        strategy=settings.strategy,
        template=template,
        usage=stats.usage,
        attempts=stats.attempts,
        reasks=(
            max(stats.attempts - 1 - stats.continuations - stats.judge_calls, 0)
            if reasks is None
            else reasks
        ),
        continuations=stats.continuations,
        judge_calls=stats.judge_calls,
        transport_retries=stats.transport_retries,
        latency_s=round(latency, 4),
        ungrounded_claims=ungrounded,
        unsupported_claims=unsupported,
        dropped_claims=dropped,
        judge=context.settings.verify,
        source_sha256=document.sha256,
        cost_usd=context.prices.cost(name, stats.usage, backend=backend_name),
        chunks=chunks,
        failed_chunks=failed_chunks,
        cached=stats.cached,
        language=lang.code,
        language_source=lang.source,
        contradicted_claims=contradicted,
        not_stated_claims=not_stated,
        not_judged_claims=not_judged,
    )


def _points(points: Sequence[str]) -> list[str]:
    return [point.strip() for point in points if point.strip()]


def build_summary(
    context: RunContext,
    document: Document,
    draft: SummaryDraft,
    claims: Sequence[Claim],
    stats: CallStats,
    *,
    template: TemplateInfo,
    latency: float,
    backend: str | None = None,
    model: str | None = None,
) -> Summary:
    """One call's ``Summary``: the flag/drop policies applied, everything counted."""
    settings = context.settings
    settled = settle_claims(
        claims, on_ungrounded=settings.on_ungrounded, on_unsupported=settings.on_unsupported
    )
    meta = _meta(
        context,
        document,
        stats,
        template=template,
        latency=latency,
        ungrounded=settled.ungrounded,
        unsupported=settled.unsupported,
        dropped=settled.dropped,
        backend=backend,
        model=model,
        claims=settled.claims,
    )
    return Summary(
        title=draft.title.strip(),
        summary=draft.summary.strip(),
        key_points=_points(draft.key_points),
        claims=settled.claims,
        meta=meta,
    )


def merge_chunk_summaries(
    context: RunContext,
    document: Document,
    chunks: Sequence[Chunk],
    parts: Sequence[Summary],
    combined: CombinedDraft | None,
    stats: CallStats,
    *,
    failed_chunks: int = 0,
    backend: str | None = None,
) -> Summary:
    """A long document's result: every chunk's claims moved into the whole document and
    merged; the title, summary and key points from the combine call (``combined``), or, when
    there was none (Batch API), from the chunks themselves."""
    claims = document_claims(document, chunks, parts)
    total = stats
    for part in parts:
        total = total.plus(
            CallStats(
                attempts=part.meta.attempts,
                transport_retries=part.meta.transport_retries,
                usage=part.meta.usage,
                continuations=part.meta.continuations,
                judge_calls=part.meta.judge_calls,
            )
        )
    meta = _meta(
        context,
        document,
        total,
        template=context.templates.info,
        latency=sum(p.meta.latency_s for p in parts),
        ungrounded=sum(1 for c in claims if not c.grounded),
        unsupported=sum(
            1 for c in claims if c.support is not None and c.support.supported is False
        ),
        dropped=sum(p.meta.dropped_claims for p in parts),
        backend=backend,
        model=parts[0].meta.model if parts else None,
        reasks=sum(p.meta.reasks for p in parts) + max(stats.attempts - 1, 0),
        chunks=len(chunks) + failed_chunks,
        failed_chunks=failed_chunks,
        claims=claims,
    )
    if combined is not None:
        title, summary, points = combined.title, combined.summary, combined.key_points
    else:
        title = parts[0].title
        summary = " ".join(p.summary for p in parts)
        points = [p.key_points[0] for p in parts if p.key_points][:6]
    return Summary(
        title=title.strip(), summary=summary.strip(), key_points=_points(points), claims=claims,
        meta=meta,
    )  # fmt: skip
