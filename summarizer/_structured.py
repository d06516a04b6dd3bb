"""Step 3a: structured output — the one place that uses instructor.

instructor knows, for each mode (``tools``, ``json``, ``md_json``, ``json_schema``), how to put
a pydantic schema into a chat request, how to parse the answer back into the model, and how to
word a reask after a validation error. Those three functions are all this library takes from
it. The HTTP call, the reask loop and the accounting are the pipeline's own, so that a call's
state (its document, its attempts, its tokens) is passed along explicitly instead of through
instructor's retry loop, its ``context=`` (which would re-render every message as Jinja) or a
context variable.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

import instructor
import jiter
from instructor.core.exceptions import IncompleteOutputException
from instructor.v2.core.providers import Provider
from instructor.v2.core.registry import ModeHandlers, mode_registry
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError

__all__ = [
    "PARSE_ERRORS",
    "IncompleteOutputException",
    "StructuredOutput",
    "partial_answer",
    "relax_tool_json",
]

T = TypeVar("T", bound=BaseModel)

_MODES = {
    "tools": instructor.Mode.TOOLS,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
    "json_schema": instructor.Mode.JSON_SCHEMA,
}

# What a model's answer can fail with when parsed: each is fed back to the model as a reask.
PARSE_ERRORS: tuple[type[Exception], ...] = (ValidationError, json.JSONDecodeError, ValueError)


@dataclass(frozen=True)
class StructuredOutput:
    """instructor's request builder, parser and reask wording for one mode."""

    mode: str

    @property
    def _handlers(self) -> ModeHandlers:
        return mode_registry.get_handlers(Provider.OPENAI, _MODES[self.mode])

    def request(self, response_model: type[T], kwargs: dict[str, Any]) -> dict[str, Any]:
        """The chat request body: ``kwargs`` plus the schema as this mode sends it."""
        if self.mode == "tools":  # the same body, with the schema part built once per model
            return {**kwargs, **_tools_part(response_model)}
        _, body = self._handlers.request_handler(response_model=response_model, kwargs=kwargs)
        return dict(body)

    def parse(self, completion: ChatCompletion, response_model: type[T]) -> T:
        """The answer as ``response_model``; raises one of ``PARSE_ERRORS``, or
        ``IncompleteOutputException`` when the answer was cut off at the token limit."""
        relax_tool_json(completion)
        parsed = self._handlers.response_parser(
            response=completion,
            response_model=response_model,
            validation_context=None,
            strict=True,
            stream=False,
            is_async=False,
        )
        if not isinstance(parsed, response_model):
            raise ValueError(f"expected {response_model.__name__}, got {type(parsed).__name__}")
        return parsed

    def reask(
        self, body: dict[str, Any], completion: ChatCompletion, problem: Exception
    ) -> dict[str, Any]:
        """The next request body: the answer, then the problem, worded as this mode needs."""
        copied = dict(body)
        copied["messages"] = list(body.get("messages", []))
        return dict(
            self._handlers.reask_handler(kwargs=copied, response=completion, exception=problem)
        )


@lru_cache(maxsize=256)
def _tools_part(response_model: type[BaseModel]) -> dict[str, Any]:
    """What instructor's ``tools`` mode adds to a request for ``response_model`` (``tools`` and
    ``tool_choice``). It depends on the model class only; instructor recomputes it, walking the
    whole schema, on every request."""
    handlers = mode_registry.get_handlers(Provider.OPENAI, _MODES["tools"])
    _, body = handlers.request_handler(response_model=response_model, kwargs={"messages": []})
    return {key: value for key, value in body.items() if key != "messages"}


def _relax(text: str) -> str:
    """Re-encode JSON whose strings hold raw control characters (llama.cpp's grammar lets a
    model write a bare newline inside a string; strict JSON parsers refuse it)."""
    try:
        json.loads(text)
        return text
    except ValueError:
        pass
    try:
        return json.dumps(json.loads(text, strict=False), ensure_ascii=False)
    except ValueError:
        return text  # not JSON at all: leave it for validation to report


def relax_tool_json(completion: ChatCompletion) -> None:
    """Repair tool-call arguments in place (see ``_relax``)."""
    for choice in completion.choices:
        for call in choice.message.tool_calls or []:
            function = getattr(call, "function", None)
            if function is not None and function.arguments:
                function.arguments = _relax(function.arguments)


_FENCE = re.compile(r"^\s*```(?:json)?\s*", re.IGNORECASE)


def partial_answer(completion: ChatCompletion) -> dict[str, Any] | None:
    """What a cut-off answer holds so far, as JSON: complete values only (a value the token
    limit cut in half is left out). ``None`` when nothing object-like can be read."""
    if not completion.choices:
        return None
    message = completion.choices[0].message
    calls = message.tool_calls or []
    function = getattr(calls[0], "function", None) if calls else None
    text = function.arguments if function is not None else _FENCE.sub("", message.content or "")
    start = text.find("{")
    if start < 0:
        return None
    try:
        value = jiter.from_json(text[start:].encode("utf-8"), partial_mode=True)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
