"""Step 3: the model. One OpenAI-compatible HTTP client per backend, wrapped by the retry layer
and patched by instructor, and the translation of openai's errors into the library's own.
"""

from __future__ import annotations

import json
import re
from typing import Any

import instructor
import openai
from openai.types.chat import ChatCompletion
from tenacity import RetryCallState

from ._drafts import current_session
from ._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BackendError,
    BadRequestError,
    ContextLengthError,
    MalformedResponseError,
    RateLimitError,
    ServerError,
)
from ._retry import RetryPolicy

__all__ = ["ModelClient", "instructor_mode", "scrub_secrets", "translate_error"]

_MODES = {
    "tools": instructor.Mode.TOOLS,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
    "json_schema": instructor.Mode.JSON_SCHEMA,
}
_KEYLIKE = re.compile(r"(sk-[A-Za-z0-9*_\-]{3,}|Bearer\s+\S+)")
_CONTEXT_WORDS = ("context length", "context window", "maximum context", "too many tokens",
                  "exceeds the context", "context_length_exceeded")  # fmt: skip


def instructor_mode(name: str) -> instructor.Mode:
    return _MODES[name]


def scrub_secrets(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Mask the given secrets and anything that looks like an API key or a bearer token."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    return _KEYLIKE.sub("***", text)


def _message(exc: openai.APIStatusError, secrets: tuple[str, ...]) -> str:
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return scrub_secrets(str(inner["message"]), secrets)[:500]
        if isinstance(body.get("detail"), str):
            return scrub_secrets(body["detail"], secrets)[:500]
    return scrub_secrets(exc.message, secrets)[:500]


def translate_error(
    exc: Exception, *, base_url: str, timeout: float, secrets: tuple[str, ...] = ()
) -> BackendError:
    """The library's typed error for an exception raised by the openai client.

    Messages are scrubbed of ``secrets`` (the configured key) and of anything key-like.
    """
    if isinstance(exc, json.JSONDecodeError):
        return MalformedResponseError(
            f"the server at {base_url} answered with a body that is not JSON ({exc.msg})"
        )
    if isinstance(exc, openai.APITimeoutError):
        return APITimeoutError(base_url, timeout)
    if isinstance(exc, openai.APIConnectionError):
        cause = exc.__cause__
        detail = scrub_secrets(str(cause), secrets) if cause is not None else ""
        return APIConnectionError(base_url, detail)
    if isinstance(exc, openai.APIStatusError):
        status, request_id, message = exc.status_code, exc.request_id, _message(exc, secrets)
        if status in (401, 403):
            return AuthenticationError(message, status_code=status, request_id=request_id)
        if status == 429:
            return RateLimitError(message, status_code=status, request_id=request_id)
        if status >= 500:
            if any(word in message.lower() for word in _CONTEXT_WORDS):
                return ContextLengthError(message, status_code=status, request_id=request_id)
            return ServerError(message, status_code=status, request_id=request_id)
        if any(word in message.lower() for word in _CONTEXT_WORDS):
            return ContextLengthError(message, status_code=status, request_id=request_id)
        if status in (400, 404, 409, 413, 422):
            return BadRequestError(message, status_code=status, request_id=request_id)
        return APIStatusError(message, status_code=status, request_id=request_id)
    return BackendError(scrub_secrets(f"{type(exc).__name__}: {exc}", secrets))


def _count_retry(state: RetryCallState) -> None:
    session = current_session.get()
    if session is not None:
        session.transport_retries += 1


def _count_attempt() -> None:
    """One instructor attempt = one call of the create function (however many HTTP retries)."""
    session = current_session.get()
    if session is not None:
        session.attempts += 1


def _relax_json(text: str) -> str:
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


def _repair(response: ChatCompletion) -> None:
    for choice in response.choices:
        for call in choice.message.tool_calls or []:
            function = getattr(call, "function", None)
            if function is not None and function.arguments:
                function.arguments = _relax_json(function.arguments)


def _count_response(response: ChatCompletion) -> None:
    session = current_session.get()
    if session is None:
        return
    usage = response.usage
    if usage is not None:
        session.usage.add(usage.prompt_tokens, usage.completion_tokens)


class ModelClient:
    """HTTP to one OpenAI-compatible endpoint, with one retry layer and instructor on top."""

    def __init__(
        self,
        *,
        base_url: str | None,
        api_key: str | None,
        mode: str,
        timeout: float,
        retry: RetryPolicy,
    ) -> None:
        self.base_url = base_url or "https://api.openai.com/v1"
        self.timeout = timeout
        self.retry = retry
        self.mode = instructor_mode(mode)
        self._secrets = (api_key,) if api_key else ()
        # A placeholder key for servers that need none; never a real-looking key.
        key = api_key or "no-key-needed"
        self._sync = openai.OpenAI(
            base_url=self.base_url, api_key=key, timeout=timeout, max_retries=0
        )
        self._async = openai.AsyncOpenAI(
            base_url=self.base_url, api_key=key, timeout=timeout, max_retries=0
        )
        self.create_structured = instructor.patch(create=self._create, mode=self.mode)
        self.acreate_structured = instructor.patch(create=self._acreate, mode=self.mode)

    def __repr__(self) -> str:
        return f"ModelClient(base_url={self.base_url!r}, mode={self.mode.value!r})"

    def _create(self, **kwargs: Any) -> ChatCompletion:
        _count_attempt()
        try:
            for attempt in self.retry.retrying(_count_retry):
                with attempt:
                    response = self._sync.post(
                        "/chat/completions", body=kwargs, cast_to=ChatCompletion
                    )
        except (openai.OpenAIError, json.JSONDecodeError) as exc:
            raise self._translate(exc) from None
        _repair(response)
        _count_response(response)
        return response

    async def _acreate(self, **kwargs: Any) -> ChatCompletion:
        _count_attempt()
        try:
            async for attempt in self.retry.async_retrying(_count_retry):
                with attempt:
                    # The plain POST: the same JSON body as chat.completions.create(), without
                    # its recursive transform of messages and tools (~0.5 ms a request).
                    response = await self._async.post(
                        "/chat/completions", body=kwargs, cast_to=ChatCompletion
                    )
        except (openai.OpenAIError, json.JSONDecodeError) as exc:
            raise self._translate(exc) from None
        _repair(response)
        _count_response(response)
        return response

    def _translate(self, exc: Exception) -> BackendError:
        return translate_error(
            exc, base_url=self.base_url, timeout=self.timeout, secrets=self._secrets
        )

    def list_models(self) -> list[str]:
        try:
            return [model.id for model in self._sync.models.list()]
        except (openai.OpenAIError, json.JSONDecodeError) as exc:
            raise self._translate(exc) from None

    def close(self) -> None:
        self._sync.close()

    async def aclose(self) -> None:
        await self._async.close()
