"""What a 200 from the server must hold before the pipeline looks at it.

The openai client trusts a 200: an HTML page comes back as a ``str``, ``null`` as ``None``,
``{"choices": []}`` or ``{"error": ...}`` as a ``ChatCompletion`` missing what every later step
reads, and deeply nested JSON raises ``RecursionError``. Here the body is decoded (UTF-8 JSON,
a bounded nesting depth), its shape checked (a non-empty ``choices`` list of messages whose
``content`` is text and whose tool calls carry text arguments, ``usage`` counts that are
integers) and only then built into a ``ChatCompletion``: validated when it is well formed (fast),
else built leniently as the openai client would. Anything else is an ``AnswerError``, which
the retry layer treats like a body cut off in transit.
"""

from __future__ import annotations

from typing import Any

import jiter
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ConfigDict, Field, ValidationError

__all__ = ["AnswerError", "parse_completion", "parse_model_list"]


class AnswerError(ValueError):
    """A 200 whose body is not the answer asked for; the message says what it was."""


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _Function(_Loose):
    arguments: str | None = None


class _ToolCall(_Loose):
    function: _Function | None = None


class _Message(_Loose):
    content: str | None = None
    tool_calls: list[_ToolCall] | None = None
    function_call: _Function | None = None


class _Choice(_Loose):
    message: _Message
    finish_reason: str | None = None


class _Usage(_Loose):
    prompt_tokens: int = Field(default=0, ge=0)
    completion_tokens: int = Field(default=0, ge=0)


class _Completion(_Loose):
    choices: list[_Choice] = Field(min_length=1)
    usage: _Usage | None = None


class _Model(_Loose):
    id: str


class _ModelList(_Loose):
    data: list[_Model]


def _json(raw: bytes) -> Any:
    if not raw.strip():
        raise AnswerError("an empty body")
    head = raw.lstrip()[:1]
    if head == b"<":
        raise AnswerError("an HTML or XML page, not JSON")
    try:
        # jiter: UTF-8 only, and a nesting limit instead of Python's RecursionError.
        return jiter.from_json(raw, cache_mode="keys")
    except ValueError as exc:
        raise AnswerError(f"a body that is not JSON ({_short(str(exc))})") from None


def _short(text: str) -> str:
    return text if len(text) <= 120 else text[:117] + "..."


def _kind(value: object) -> str:
    if value is None:
        return "null"
    return {list: "an array", str: "a string", bool: "a boolean"}.get(type(value), "a number")


def parse_completion(raw: bytes) -> ChatCompletion:
    """The chat completion in ``raw``, or ``AnswerError`` saying what came instead."""
    data = _json(raw)
    if not isinstance(data, dict):
        raise AnswerError(f"JSON {_kind(data)}, not a chat completion object")
    if "choices" not in data and "error" in data:
        error = data["error"]
        message = error.get("message") if isinstance(error, dict) else error
        raise AnswerError(f"an error object ({_short(str(message))})")
    try:  # the common case: a well-formed answer, validated in pydantic-core (~10 us)
        completion = ChatCompletion.model_validate(data)
        if completion.choices:
            return completion
    except ValidationError:
        pass
    try:  # what the pipeline reads, leniently (a server may omit or vary the other fields)
        _Completion.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the body"
        raise AnswerError(f"no usable chat completion ({where}: {first['msg']})") from None
    return ChatCompletion.construct(**data)  # openai's own lenient build (~0.5 ms)


def parse_model_list(raw: bytes) -> list[str]:
    """The model ids of a ``/models`` answer, or ``AnswerError``."""
    data = _json(raw)
    try:
        listing = _ModelList.model_validate(data)
    except ValidationError:
        raise AnswerError('not a model list (expected {"data": [{"id": ...}]})') from None
    return [model.id for model in listing.data]
