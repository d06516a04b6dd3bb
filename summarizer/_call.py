"""The call loop: one structured call, from the request to the accepted draft.

- the request: chat options named as each model family needs them. OpenAI's own API takes
  ``max_completion_tokens`` for every chat model (``max_tokens`` is refused by its reasoning
  models); other OpenAI-compatible servers (llama.cpp, some vLLM and Ollama versions) know only
  ``max_tokens``. Reasoning models take no ``temperature`` but the default, and get headroom for
  the reasoning tokens they spend before answering;
- reasks: parse errors and the caller's ``check`` problems are fed back to the model;
- long answers: an answer cut off at the token limit keeps its complete claims, and continuation
  calls ask for the claims after the last one (``meta.continuations``);
- the answer cache, and ``CallStats``: what the call cost.

``ask`` is a generator (the I/O-free core's unit): it yields request bodies and is sent the
``Reply`` for each; it returns the accepted draft, what ``check`` made of it, and the call's
``CallStats``. Every step that needs the model (the summary, the labels, the combine call,
the model as judge) goes through it.
"""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Callable, Generator
from typing import Any, TypeVar

import instructor
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, Field, ValidationError, create_model

from ._cache import fingerprint
from ._context import RunContext
from ._drafts import MoreClaims, SummaryDraft
from ._errors import SchemaValidationError
from ._model import Reply, scrub_secrets
from ._schema import Usage
from ._settings import Settings
from ._structured import PARSE_ERRORS, IncompleteOutputException, partial_answer

__all__ = [
    "MAX_CONTINUATIONS",
    "REASONING_HEADROOM",
    "CallStats",
    "Exchange",
    "ask",
    "cache_key",
    "chat_options",
    "continue_answer",
    "generation_options",
    "is_reasoning_model",
    "salvage",
]

D = TypeVar("D", bound=BaseModel)
C = TypeVar("C")
R = TypeVar("R")

# A structured exchange: yields request bodies, is sent replies, returns R.
Exchange = Generator[dict[str, Any], Reply, R]


class CallStats(BaseModel):
    """What one structured call cost: attempts (1 + reasks), transport retries, tokens."""

    attempts: int = 0
    transport_retries: int = 0
    usage: Usage = Field(default_factory=Usage)
    cached: bool = False
    continuations: int = 0
    judge_calls: int = 0

    def record(self, completion: ChatCompletion, transport_retries: int = 0) -> None:
        """Count one answered call (its tokens, reasoning tokens included)."""
        self.attempts += 1
        self.transport_retries += transport_retries
        usage = completion.usage
        if usage is not None:
            details = usage.completion_tokens_details
            reasoning = (details.reasoning_tokens or 0) if details is not None else 0
            self.usage.add(usage.prompt_tokens, usage.completion_tokens, reasoning)

    def as_cached(self) -> CallStats:
        """The same call served from the cache: nothing was spent this time."""
        return CallStats(cached=True)

    def plus(self, other: CallStats) -> CallStats:
        usage = Usage()
        for item in (self.usage, other.usage):
            usage.add(item.prompt_tokens, item.completion_tokens, item.reasoning_tokens)
        return CallStats(
            attempts=self.attempts + other.attempts,
            transport_retries=self.transport_retries + other.transport_retries,
            usage=usage,
            cached=self.cached and other.cached,
            continuations=self.continuations + other.continuations,
            judge_calls=self.judge_calls + other.judge_calls,
        )


# --- the request ---------------------------------------------------------------------------

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
    reasoning = is_reasoning_model(model)
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


def chat_options(context: RunContext, messages: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "model": context.model,
        "messages": messages,
        **generation_options(context.settings, context.model),
    }


def is_reasoning_model(model: str) -> bool:
    """OpenAI's o-series and GPT-5 family (by name)."""
    return bool(_REASONING_MODEL.match(model))


# --- one call with reasks ------------------------------------------------------------------


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
    key = cache_key(context, body) if context.cache is not None else ""
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
                    last_errors=scrub_secrets(str(exc), context.secrets)[:2000],
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


def cache_key(context: RunContext, body: dict[str, Any]) -> str:
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


# --- long answers: salvage and continuation -------------------------------------------------

# Continuation calls asked for one answer cut off at the token limit, at most.
MAX_CONTINUATIONS = 8


def salvage(reply: Reply, response_model: type[D]) -> D | None:
    """A draft of the complete claims of an answer cut off at the token limit (the claim the
    limit cut in half is left out), or ``None`` if the answer holds no usable draft."""
    if not issubclass(response_model, SummaryDraft):
        return None
    complete = _complete_claims(reply, response_model)
    if complete is None:
        return None
    data, claims = complete
    if not claims:
        return None
    try:
        return response_model.model_validate({**data, "claims": [c.model_dump() for c in claims]})
    except ValidationError:
        return None


def continue_answer(
    context: RunContext, messages: list[dict[str, str]], draft: D, stats: CallStats
) -> typing.Generator[dict[str, typing.Any], Reply, D]:
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
        body = context.structured.request(more_model, chat_options(context, follow_up))
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
    complete = _complete_claims(reply, more_model)
    return None if complete is None else more_model(claims=complete[1])


def _complete_claims(
    reply: Reply, model: type[BaseModel]
) -> tuple[dict[str, typing.Any], list[BaseModel]] | None:
    """A cut-off answer's JSON so far and its leading claims that validate as ``model``'s claim
    type (the one the token limit cut in half, and anything after it, left out)."""
    data = partial_answer(reply.completion)
    if data is None or not isinstance(data.get("claims"), list):
        return None
    (item,) = typing.get_args(model.model_fields["claims"].annotation) or (None,)
    if item is None:
        return None
    claims = []
    for raw in data["claims"]:
        try:
            claims.append(item.model_validate(raw))
        except ValidationError:
            break  # the one the limit cut
    return data, claims


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
