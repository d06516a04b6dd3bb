"""Long answers: an answer cut off at the token limit keeps its complete claims, and
continuation calls ask for the claims after the last one (``meta.continuations``)."""

from __future__ import annotations

import functools
import typing
from typing import TypeVar

import instructor
from pydantic import BaseModel, Field, ValidationError, create_model

from ._context import RunContext
from ._drafts import MoreClaims, SummaryDraft
from ._model import Reply
from ._request import chat_options
from ._result import CallStats
from ._structured import PARSE_ERRORS, IncompleteOutputException, partial_answer

__all__ = ["MAX_CONTINUATIONS", "continue_answer", "salvage"]

D = TypeVar("D", bound=BaseModel)

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
