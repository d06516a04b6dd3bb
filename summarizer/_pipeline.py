"""The I/O-free core: one document's way from prompt to ``Summary``, as generators.

Each step here only computes. A structured call is a generator that *yields* the chat request
body it needs sent and is *sent* the ``Reply``; a driver does the I/O (``Summarizer`` has one
sync and one async driver, a few lines each), so the reask loop, grounding, support and the
accounting are written once for both::

    exchange = summarize_document(context, document)
    body = next(exchange)
    while True:
        body = exchange.send(client.post(body))     # until StopIteration(value=Summary)

Everything a call needs arrives in an explicit ``RunContext``; everything it learns (attempts,
transport retries, tokens) is returned in ``CallStats``.
"""

from __future__ import annotations

from collections.abc import Callable

from ._call import Exchange, ask
from ._chunking import Chunk
from ._context import RunContext
from ._document import Document
from ._drafts import CombinedDraft, SummaryDraft, draft_model, ground_draft
from ._extractive import LabelsDraft, assemble, labels_model, plan_extract
from ._llm_judge import LLM_JUDGE, judge_with_model
from ._prompts import RenderedPrompt
from ._result import CallStats, build_summary, merge_chunk_summaries
from ._schema import Claim, Summary
from ._settings import Settings
from ._verify import verify_claims, write_language

__all__ = [
    "Exchange",
    "ask",
    "combine_parts",
    "render",
    "response_model_for",
    "summarize_document",
]


def response_model_for(settings: Settings, document: Document) -> type[SummaryDraft]:
    """The schema the model fills in for ``document``."""
    sentences = len(document.sentences)
    return draft_model(
        settings.evidence_mode,
        sentences,
        settings.max_claims,
        min(settings.min_claims, sentences) if settings.evidence_mode == "sentence" else 1,
    )


def render(context: RunContext, document: Document) -> RenderedPrompt:
    settings = context.settings
    return context.templates.render(
        document,
        evidence_mode=settings.evidence_mode,
        max_claims=settings.max_claims,
        write_language=write_language(document, settings.language, settings.output_language),
    )


def summarize_document(
    context: RunContext, document: Document, *, latency: Callable[[], float] = lambda: 0.0
) -> Exchange[Summary]:
    """document → prompt → model → draft → grounding → support → result."""
    settings = context.settings
    if settings.strategy == "extract":
        return (yield from _summarize_extract(context, document, latency))
    prompt = render(context, document)

    def check(draft: SummaryDraft) -> tuple[list[Claim], list[str]]:
        grounded = ground_draft(
            draft,
            document,
            evidence_mode=settings.evidence_mode,
            fuzzy_threshold=settings.fuzzy_threshold,
        )
        verified = verify_claims(
            grounded.claims, context.judge, document, language=settings.language
        )
        problems = grounded.problems + (verified.problems if settings.reask_unsupported else [])
        return verified.claims, problems

    draft, claims, stats = yield from ask(
        context, prompt.messages(), response_model_for(settings, document), check
    )
    if settings.verify == LLM_JUDGE:
        claims, judging = yield from judge_with_model(context, document, claims)
        stats = stats.plus(judging)
    return build_summary(
        context, document, draft, claims, stats, template=prompt.template, latency=latency()
    )


def _summarize_extract(
    context: RunContext, document: Document, latency: Callable[[], float]
) -> Exchange[Summary]:
    """The small model's way: sentences copied from the document, labelled by the model."""
    extract = plan_extract(document, context.settings.max_claims)
    prompt = context.templates.render_labels(extract.sentences, extract.speakers)

    def check(labels: LabelsDraft) -> tuple[tuple[SummaryDraft, list[Claim]], list[str]]:
        draft, claims = assemble(extract, labels)
        return (
            draft,
            verify_claims(
                claims, context.judge, document, language=context.settings.language
            ).claims,
        ), []

    _, (draft, claims), stats = yield from ask(
        context,
        prompt.messages(),
        labels_model(len(extract.sentences), extract.speakers),
        check,
    )
    if context.settings.verify == LLM_JUDGE:
        claims, judging = yield from judge_with_model(context, document, claims)
        stats = stats.plus(judging)
    return build_summary(
        context, document, draft, claims, stats, template=prompt.template, latency=latency()
    )


def combine_parts(
    context: RunContext,
    document: Document,
    chunks: list[Chunk],
    parts: list[Summary],
    failed_chunks: int = 0,
) -> Exchange[Summary]:
    """A long document's chunk summaries → one title, summary and key points (one call)."""
    if context.settings.strategy == "extract":  # assembled from the parts, not written
        return merge_chunk_summaries(
            context, document, chunks, parts, None, CallStats(), failed_chunks=failed_chunks
        )
    settings = context.settings
    messages = context.templates.render_combine(
        [{"title": p.title, "summary": p.summary, "key_points": p.key_points} for p in parts],
        write_language(document, settings.language, settings.output_language),
    ).messages()

    def accept(_: CombinedDraft) -> tuple[None, list[str]]:
        return None, []

    combined, _, stats = yield from ask(context, messages, CombinedDraft, accept)
    return merge_chunk_summaries(
        context, document, chunks, parts, combined, stats, failed_chunks=failed_chunks
    )
