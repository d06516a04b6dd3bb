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

from collections.abc import Callable, Generator
from typing import Any, TypeVar

from pydantic import BaseModel

from ._cache import fingerprint
from ._chunking import Chunk
from ._context import RunContext
from ._continuation import continue_answer, salvage
from ._document import Document
from ._drafts import CombinedDraft, SummaryDraft, draft_model, ground_draft
from ._errors import SchemaValidationError
from ._extractive import LabelsDraft, assemble, labels_model, plan_extract
from ._model import Reply
from ._prompts import RenderedPrompt
from ._request import chat_options
from ._result import CallStats, build_summary, merge_chunk_summaries
from ._schema import Claim, Summary
from ._settings import Settings
from ._structured import PARSE_ERRORS, IncompleteOutputException
from ._verify import verify_claims

__all__ = [
    "Exchange",
    "ask",
    "combine_parts",
    "render",
    "response_model_for",
    "summarize_document",
]

D = TypeVar("D", bound=BaseModel)
C = TypeVar("C")
R = TypeVar("R")

# A structured exchange: yields request bodies, is sent replies, returns R.
Exchange = Generator[dict[str, Any], Reply, R]


def ask(
    context: RunContext,
    messages: list[dict[str, str]],
    response_model: type[D],
    check: Callable[[D], tuple[C, list[str]]],
) -> Exchange[tuple[D, C, CallStats]]:
    """One structured call with reasks: parse errors and ``check``'s problems are fed back
    to the model until ``max_reasks`` is spent; after that the last valid draft is accepted
    with its problems (the caller flags or drops what they concern).

    The model's accepted raw answer is cached (when a cache is given); on a hit, ``check``
    runs again on it, so a change to grounding or support never serves a stale verdict."""
    settings = context.settings
    body = context.structured.request(response_model, chat_options(context, messages))
    first_length = len(body["messages"])
    key = _cache_key(context, body)
    if context.cache is not None:
        hit = context.cache.get_answer(key)
        if hit is not None:
            draft = response_model.model_validate_json(hit["draft"])
            checked, _ = check(draft)
            return draft, checked, CallStats.model_validate(hit["stats"]).as_cached()
    stats = CallStats()
    for attempt in range(settings.max_reasks + 1):
        last = attempt == settings.max_reasks
        reply = yield body
        stats.record(reply.completion, reply.transport_retries)
        try:
            draft = context.structured.parse(reply.completion, response_model)
        except IncompleteOutputException:
            salvaged = salvage(reply, response_model)
            if salvaged is None:
                raise SchemaValidationError(
                    f"the model's output was cut off at max_tokens={settings.max_tokens}",
                    attempts=stats.attempts,
                ) from None
            # Continue the conversation as it stands (with any reask and its feedback), less
            # what the mode added to the first request (its schema instructions).
            history = [*messages, *body["messages"][first_length:]]
            draft = yield from continue_answer(context, history, salvaged, stats)
        except PARSE_ERRORS as exc:
            if last:
                raise SchemaValidationError(
                    "the model's output never matched the schema",
                    attempts=stats.attempts,
                    last_errors=_scrub(str(exc), context.secrets)[:2000],
                ) from None
            body = context.structured.reask(body, reply.completion, exc)
            continue
        checked, problems = check(draft)
        if problems and not last:
            problem = ValueError("fix these claims. " + "; ".join(problems))
            body = context.structured.reask(body, reply.completion, problem)
            continue
        if context.cache is not None:
            context.cache.put_answer(
                key, {"draft": draft.model_dump_json(), "stats": stats.model_dump(mode="json")}
            )
        return draft, checked, stats
    raise AssertionError("unreachable: the last attempt returns or raises")


def _cache_key(context: RunContext, body: dict[str, Any]) -> str:
    """Everything that can change the accepted answer: the endpoint, the first request (model,
    prompt, schema, generation options) and the reask policy (which depends on the judge)."""
    settings = context.settings
    return fingerprint(
        {
            "backend": settings.backend,
            "base_url": settings.base_url,
            "body": body,
            "max_reasks": settings.max_reasks,
            "judge": context.judge.name if context.judge is not None else None,
            "reask_unsupported": settings.reask_unsupported,
            "fuzzy_threshold": settings.fuzzy_threshold,
        }
    )


def _scrub(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    return text


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
        document, evidence_mode=settings.evidence_mode, max_claims=settings.max_claims
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
        verified = verify_claims(grounded.claims, context.judge, document)
        problems = grounded.problems + (verified.problems if settings.reask_unsupported else [])
        return verified.claims, problems

    draft, claims, stats = yield from ask(
        context, prompt.messages(), response_model_for(settings, document), check
    )
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
        return (draft, verify_claims(claims, context.judge, document).claims), []

    _, (draft, claims), stats = yield from ask(
        context,
        prompt.messages(),
        labels_model(len(extract.sentences), extract.speakers),
        check,
    )
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
    messages = context.templates.render_combine(
        [{"title": p.title, "summary": p.summary, "key_points": p.key_points} for p in parts]
    ).messages()

    def accept(_: CombinedDraft) -> tuple[None, list[str]]:
        return None, []

    combined, _, stats = yield from ask(context, messages, CombinedDraft, accept)
    return merge_chunk_summaries(
        context, document, chunks, parts, combined, stats, failed_chunks=failed_chunks
    )
