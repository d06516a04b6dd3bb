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

import functools
import re
import typing
from collections.abc import Callable, Generator
from typing import Any, TypeVar

import instructor
from pydantic import BaseModel, Field, ValidationError, create_model

from ._cache import fingerprint
from ._chunking import Chunk
from ._context import RunContext
from ._document import Document
from ._drafts import CombinedDraft, MoreClaims, SummaryDraft, draft_model, ground_draft
from ._errors import SchemaValidationError
from ._extractive import LabelsDraft, assemble, labels_model, plan_extract
from ._model import Reply
from ._prompts import RenderedPrompt
from ._result import CallStats, build_summary, merge_chunk_summaries
from ._schema import Claim, Summary
from ._settings import Settings
from ._structured import PARSE_ERRORS, IncompleteOutputException, partial_answer
from ._verify import verify_claims

__all__ = [
    "MAX_CONTINUATIONS",
    "REASONING_HEADROOM",
    "Exchange",
    "ask",
    "combine_parts",
    "generation_options",
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
    body = context.structured.request(response_model, _options(context, messages))
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
            salvaged = _salvage(reply, response_model)
            if salvaged is None:
                raise SchemaValidationError(
                    f"the model's output was cut off at max_tokens={settings.max_tokens}",
                    attempts=stats.attempts,
                ) from None
            # Continue the conversation as it stands (with any reask and its feedback), less
            # what the mode added to the first request (its schema instructions).
            history = [*messages, *body["messages"][first_length:]]
            draft = yield from _continue(context, history, salvaged, stats)
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


# Model names that take only the default temperature and count hidden reasoning tokens against
# the completion budget (OpenAI's o-series and GPT-5 family).
_REASONING_MODEL = re.compile(r"^(?:openai/)?(?:o\d|gpt-5)", re.IGNORECASE)
# Completion tokens added for a reasoning model's hidden reasoning, on top of max_tokens.
REASONING_HEADROOM = 8192


def generation_options(settings: Settings, model: str) -> dict[str, Any]:
    """Sampling and length options, named as the model family needs them.

    OpenAI's own API takes ``max_completion_tokens`` for every chat model (``max_tokens`` is
    refused by its reasoning models); other OpenAI-compatible servers (llama.cpp, some vLLM and
    Ollama versions) know only ``max_tokens``. Reasoning models take no ``temperature`` but the
    default, and get headroom for the reasoning tokens they spend before answering."""
    reasoning = bool(_REASONING_MODEL.match(model))
    options: dict[str, Any] = {}
    if not reasoning:
        options["temperature"] = settings.temperature
    budget = settings.max_tokens + (REASONING_HEADROOM if reasoning else 0)
    if settings.backend == "openai" or reasoning:
        options["max_completion_tokens"] = budget
    else:
        options["max_tokens"] = budget
    if settings.seed is not None and settings.backend != "openai":
        options["seed"] = settings.seed
    return options


def _options(context: RunContext, messages: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "model": context.model,
        "messages": messages,
        **generation_options(context.settings, context.model),
    }


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


# Continuation calls asked for one answer cut off at the token limit, at most.
MAX_CONTINUATIONS = 8


def _salvage(reply: Reply, response_model: type[D]) -> D | None:
    """A draft of the complete claims of an answer cut off at the token limit (the claim the
    limit cut in half is left out), or ``None`` if the answer holds no usable draft."""
    if not issubclass(response_model, SummaryDraft):
        return None
    data = partial_answer(reply.completion)
    if data is None or not isinstance(data.get("claims"), list):
        return None
    claim_type = response_model.model_fields["claims"].annotation
    (item,) = typing.get_args(claim_type) or (None,)
    if item is None:
        return None
    claims = []
    for raw in data["claims"]:
        try:
            claims.append(item.model_validate(raw))
        except ValidationError:
            break  # the one the limit cut
    if not claims:
        return None
    try:
        return response_model.model_validate({**data, "claims": [c.model_dump() for c in claims]})
    except ValidationError:
        return None


def _continue(
    context: RunContext, messages: list[dict[str, str]], draft: D, stats: CallStats
) -> Exchange[D]:
    """Ask for the claims after the last one a cut-off answer held, until an answer ends by
    itself (or brings nothing new, or ``MAX_CONTINUATIONS`` calls were made)."""
    assert isinstance(draft, SummaryDraft)
    claims = list(draft.claims)
    item = type(claims[0])
    more_model = more_claims_model_like(item)
    for _ in range(MAX_CONTINUATIONS):
        follow_up = [
            *messages,
            {
                "role": "user",
                "content": f"Your answer was cut off after {len(claims)} claims; the last one "
                f"was: {claims[-1].text!r}. Continue the list: give only the claims that come "
                "after it, in the same form, without repeating any claim.",
            },
        ]
        body = context.structured.request(more_model, _options(context, follow_up))
        reply = yield body
        stats.record(reply.completion, reply.transport_retries)
        stats.continuations += 1
        cut = False
        more: MoreClaims | None
        try:
            more = context.structured.parse(reply.completion, more_model)
        except IncompleteOutputException:
            cut = True
            more = _salvage_more(reply, more_model)
        except PARSE_ERRORS:
            break
        seen = {c.text.strip().lower() for c in claims}
        new = [c for c in more.claims if c.text.strip().lower() not in seen] if more else []
        claims.extend(new)
        if not cut or not new:
            break
    return draft.model_copy(update={"claims": claims})


def _salvage_more(reply: Reply, more_model: type[MoreClaims]) -> MoreClaims | None:
    data = partial_answer(reply.completion)
    if data is None or not isinstance(data.get("claims"), list):
        return None
    (item,) = typing.get_args(more_model.model_fields["claims"].annotation)
    kept = []
    for raw in data["claims"]:
        try:
            kept.append(item.model_validate(raw))
        except ValidationError:
            break
    return more_model(claims=kept)


def more_claims_model_like(item: type[BaseModel]) -> type[MoreClaims]:
    """The continuation schema for claims of type ``item``."""
    return _more_claims(item)


@functools.lru_cache(maxsize=64)
def _more_claims(item: type[BaseModel]) -> type[MoreClaims]:
    model: type[MoreClaims] = create_model(
        "MoreClaims",
        __base__=MoreClaims,
        claims=(list[item], Field(default_factory=list)),  # type: ignore[valid-type]
    )
    wrapped: type[MoreClaims] = instructor.openai_schema(model)
    return wrapped


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
