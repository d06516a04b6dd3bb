"""A batch answer becomes a result through the live pipeline: ``summarize_document`` is
driven with the batch's answer as the reply to its first request.

Grounding, support, the reask policy's verdicts, the result format: all are the live path's.
What a batch cannot do is a *second* call. Without ``live`` (a function that posts a request
body to the model and returns its ``Reply``):

- no reask is asked (``max_reasks=0``): evidence that cannot be located is flagged, exactly as
  the live path flags it after its last reask;
- ``verify="llm"`` is not claimed: the model-as-judge call is not made and ``meta.judge`` is
  ``None`` (not verified);
- an answer cut off at the token limit needs a continuation call: ``BatchFollowUpError``;
- a long document's chunks are merged without the combine call (the title is the first
  chunk's, the summary and key points are joined from the chunks').

With ``live``, each of those calls is made live, as ``summarize`` would make it. Tokens of the
batch answer are priced at the batch rate, tokens of live calls at the list price.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from openai.types.chat import ChatCompletion

from .._call import CallStats, Exchange
from .._chunking import Chunk
from .._context import RunContext
from .._document import Document
from .._errors import BatchFollowUpError, SchemaValidationError, SummarizerError
from .._llm_judge import LLM_JUDGE
from .._model import Reply
from .._pipeline import combine_parts, summarize_document
from .._protocols import SummarizerLike
from .._result import merge_chunk_summaries
from .._schema import Summary, Usage

__all__ = ["LivePost", "replay_context", "replay_document"]

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
