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

A Batch API answer becomes a result through the same pipeline (``replay_document``, at the end
of this module): ``summarize_document`` is driven with the batch's answer as the reply to its
first request, so grounding, support, the reask policy's verdicts and the result format are
the live path's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from openai.types.chat import ChatCompletion

from ._call import CallStats, Exchange, ask
from ._chunking import Chunk
from ._context import RunContext
from ._document import Document
from ._drafts import CombinedDraft, SummaryDraft, draft_model, ground_draft
from ._errors import BatchFollowUpError, SchemaValidationError, SummarizerError
from ._extractive import LabelsDraft, assemble, labels_model, plan_extract
from ._llm_judge import LLM_JUDGE, judge_with_model
from ._model import Reply
from ._prompts import RenderedPrompt
from ._protocols import SummarizerLike
from ._result import build_summary, merge_chunk_summaries
from ._schema import Claim, Summary, Usage
from ._settings import Settings
from ._verify import verify_claims, write_language

__all__ = [
    "Exchange",
    "LivePost",
    "ask",
    "combine_parts",
    "render",
    "replay_context",
    "replay_document",
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
    extract = plan_extract(document, context.settings.max_claims, context.settings.language)
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


# --- a batch answer through the pipeline ----------------------------------------------------
#
# A batch answer becomes a result through the live pipeline: ``summarize_document`` is
# driven with the batch's answer as the reply to its first request.
#
# Grounding, support, the reask policy's verdicts, the result format: all are the live path's.
# What a batch cannot do is a *second* call. Without ``live`` (a function that posts a request
# body to the model and returns its ``Reply``):
#
# - no reask is asked (``max_reasks=0``): evidence that cannot be located is flagged, exactly as
#   the live path flags it after its last reask;
# - ``verify="llm"`` is not claimed: the model-as-judge call is not made and ``meta.judge`` is
#   ``None`` (not verified);
# - an answer cut off at the token limit needs a continuation call: ``BatchFollowUpError``;
# - a long document's chunks are merged without the combine call (the title is the first
#   chunk's, the summary and key points are joined from the chunks').
#
# With ``live``, each of those calls is made live, as ``summarize`` would make it. Tokens of the
# batch answer are priced at the batch rate, tokens of live calls at the list price.

LivePost = Callable[[dict[str, Any]], Reply]


def replay_context(summarizer: SummarizerLike, model: str, *, live: bool) -> RunContext:
    """The live path's context, less the calls a batch cannot make when nothing is live."""
    context = replace(summarizer.context(model), cache=None)
    if live:
        return context
    settings = context.settings
    verify = None if settings.verify == LLM_JUDGE else settings.verify
    return replace(
        context, settings=settings.model_copy(update={"max_reasks": 0, "verify": verify})
    )


def _drive(exchange: Exchange[Summary], answer: ChatCompletion, live: LivePost | None) -> Summary:
    """Send ``answer`` as the reply to the first request; any further request goes live."""
    try:
        next(exchange)
        body = exchange.send(Reply(completion=answer, transport_retries=0))
        while True:
            if live is None:
                exchange.close()
                raise BatchFollowUpError(
                    "the answer was cut off at the token limit and needs a continuation call, "
                    "which a batch cannot make: collect with --live to make it live"
                )
            body = exchange.send(live(body))
    except StopIteration as done:
        result: Summary = done.value
        return result


def _usage(answer: ChatCompletion) -> Usage:
    stats = CallStats()
    stats.record(answer)
    return stats.usage


def _priced(summary: Summary, batch_usage: Usage, context: RunContext) -> Summary:
    """``meta.cost_usd`` with the batch answers' tokens at the batch rate."""
    meta = summary.meta
    total = meta.usage
    rest = Usage()
    rest.add(
        max(total.prompt_tokens - batch_usage.prompt_tokens, 0),
        max(total.completion_tokens - batch_usage.completion_tokens, 0),
    )
    batch_cost = context.prices.cost(meta.model, batch_usage, backend=meta.backend, batch=True)
    live_cost = context.prices.cost(meta.model, rest, backend=meta.backend)
    cost = None if batch_cost is None or live_cost is None else round(batch_cost + live_cost, 8)
    return summary.model_copy(update={"meta": meta.model_copy(update={"cost_usd": cost})})


def replay_document(
    context: RunContext,
    document: Document,
    chunks: list[Chunk] | None,
    answers: Sequence[ChatCompletion],
    live: LivePost | None = None,
) -> Summary:
    """The result of ``document`` from its batch answers (one per chunk, in order), through
    the live pipeline. Raises the document's ``SummarizerError``."""
    batch_usage = Usage()
    for answer in answers:
        used = _usage(answer)
        batch_usage.add(used.prompt_tokens, used.completion_tokens, used.reasoning_tokens)
    if chunks is None:
        summary = _drive(summarize_document(context, document), answers[0], live)
        return _priced(summary, batch_usage, context)
    outcomes: list[Summary | SummarizerError] = []
    for chunk, answer in zip(chunks, answers, strict=True):
        try:
            outcomes.append(_drive(summarize_document(context, Document(chunk.text)), answer, live))
        except SchemaValidationError as exc:  # as live: a chunk never answered validly is left out
            outcomes.append(exc)
    kept = [(c, o) for c, o in zip(chunks, outcomes, strict=True) if isinstance(o, Summary)]
    if not kept:
        first = outcomes[0]
        assert isinstance(first, SummarizerError)
        raise first
    kept_chunks, parts = [c for c, _ in kept], [p for _, p in kept]
    failed = len(chunks) - len(kept)
    if live is None:
        merged = merge_chunk_summaries(
            context, document, kept_chunks, parts, None, CallStats(), failed_chunks=failed
        )
    else:
        merged = _drive_live(combine_parts(context, document, kept_chunks, parts, failed), live)
    return _priced(merged, batch_usage, context)


def _drive_live(exchange: Exchange[Summary], live: LivePost) -> Summary:
    try:
        body = next(exchange)
        while True:
            body = exchange.send(live(body))
    except StopIteration as done:
        result: Summary = done.value
        return result
