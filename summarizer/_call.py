"""One structured call: request, reasks, continuation of a cut-off answer, the answer cache.

``ask`` is a generator (the I/O-free core's unit): it yields request bodies and is sent the
``Reply`` for each; it returns the accepted draft, what ``check`` made of it, and the call's
``CallStats``. Every step that needs the model (the summary, the labels, the combine call,
the model as judge) goes through it.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any, TypeVar

from pydantic import BaseModel

from ._cache import fingerprint
from ._context import RunContext
from ._continuation import continue_answer, salvage
from ._errors import SchemaValidationError
from ._model import Reply, scrub_secrets
from ._request import chat_options
from ._result import CallStats
from ._structured import PARSE_ERRORS, IncompleteOutputException

__all__ = ["Exchange", "ask", "cache_key"]

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
