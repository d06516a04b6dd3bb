"""Step 3b: the model. One OpenAI-compatible HTTP client per backend, wrapped by the one
retry layer, and the translation of openai's errors into the library's own.

``post``/``apost`` send one chat request body and return a ``Reply`` (the completion and the
transport retries it took): the accounting is returned, never written into shared state.

An async HTTP client's connections belong to the event loop that opened them, so each running
loop gets an async client of its own: one ``ModelClient`` (one ``Summarizer``) serves
``asyncio.run`` after ``asyncio.run`` and several threads' loops at once. A loop's client is
closed when the loop shuts down (``asyncio.run`` closes its async generators, and one of them
holds the client), or earlier by ``aclose`` from that loop.
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
import weakref
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Any

import httpx2
import openai
from openai.types.chat import ChatCompletion
from tenacity import RetryCallState

from ._answer import AnswerError, parse_completion, parse_model_list
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
from ._http import GuardedAsyncTransport, GuardedTransport, ResponseTooLargeError
from ._retry import RetryPolicy

__all__ = ["ModelClient", "Reply", "scrub_secrets", "translate_error"]

_KEYLIKE = re.compile(r"(sk-[A-Za-z0-9*_\-]{3,}|Bearer\s+\S+)")
_CONTEXT_WORDS = ("context length", "context window", "maximum context", "too many tokens",
                  "exceeds the context", "context_length_exceeded")  # fmt: skip


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
    if isinstance(exc, AnswerError):
        return MalformedResponseError(
            scrub_secrets(f"the server at {base_url} answered 200 with {exc}", secrets)
        )
    if isinstance(exc.__cause__, ResponseTooLargeError):
        return MalformedResponseError(f"the server at {base_url}: {exc.__cause__}")
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


@dataclass(frozen=True)
class Reply:
    """One answered HTTP call: the completion, and how many transient failures it took."""

    completion: ChatCompletion
    transport_retries: int


class ModelClient:
    """HTTP to one OpenAI-compatible endpoint, with one retry layer (sync and async).

    Each attempt may take ``timeout`` seconds in all (headers and body), and no more than what
    is left of the retry budget; answers are capped in size and checked before they are used
    (``_http``, ``_answer``)."""

    def __init__(
        self,
        *,
        base_url: str | None,
        api_key: str | None,
        timeout: float,
        retry: RetryPolicy,
    ) -> None:
        self.base_url = base_url or "https://api.openai.com/v1"
        self.timeout = timeout
        self.retry = retry
        self._secrets = (api_key,) if api_key else ()
        # A placeholder key for servers that need none; never a real-looking key.
        self._key = api_key or "no-key-needed"
        self._sync: openai.OpenAI | None = None
        # Per running event loop: its async client, and the async generator that closes it
        # when the loop shuts down.
        self._async: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopClient] = (
            weakref.WeakKeyDictionary()
        )
        self._async_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"ModelClient(base_url={self.base_url!r})"

    def _sync_client(self) -> openai.OpenAI:
        if self._sync is None:
            http = openai.DefaultHttpxClient(transport=GuardedTransport(), timeout=self.timeout)
            self._sync = openai.OpenAI(
                base_url=self.base_url,
                api_key=self._key,
                timeout=self.timeout,
                max_retries=0,
                http_client=http,
            )
        return self._sync

    def _open_async_client(self) -> openai.AsyncOpenAI:
        http = openai.DefaultAsyncHttpxClient(
            transport=GuardedAsyncTransport(), timeout=self.timeout
        )
        return openai.AsyncOpenAI(
            base_url=self.base_url,
            api_key=self._key,
            timeout=self.timeout,
            max_retries=0,
            http_client=http,
        )

    async def _async_client(self) -> openai.AsyncOpenAI:
        """The running loop's async client, opened on its first use in that loop."""
        loop = asyncio.get_running_loop()
        with self._async_lock:
            held = self._async.get(loop)
            if held is not None:
                return held.client
            client = self._open_async_client()
            held = self._async[loop] = _LoopClient(client, _closed_with_the_loop(client))
        # Started in this loop, the generator is the loop's to close when it shuts down.
        await anext(held.closer)
        return client

    def _attempt_timeout(self, started: float) -> float:
        """This attempt's whole-request deadline: the timeout, within the retry budget."""
        left = self.retry.max_total_seconds - (time.monotonic() - started)
        return max(min(self.timeout, left), 0.001)

    def post(self, body: dict[str, Any]) -> Reply:
        """POST one chat request, retrying transient failures."""
        retries = [0]

        def count(_: RetryCallState) -> None:
            retries[0] += 1

        client = self._sync_client()
        started = time.monotonic()
        try:
            for attempt in self.retry.retrying(count):
                with attempt:
                    # The plain POST: the same JSON body as chat.completions.create(), without
                    # its recursive transform of messages and tools (~0.5 ms a request).
                    raw = client.post(
                        "/chat/completions",
                        body=body,
                        cast_to=httpx2.Response,
                        options={"timeout": self._attempt_timeout(started)},
                    )
                    completion = parse_completion(raw.content)
        except (openai.OpenAIError, AnswerError) as exc:
            raise self._translate(exc) from None
        return Reply(completion, retries[0])

    async def apost(self, body: dict[str, Any]) -> Reply:
        """Async ``post``."""
        retries = [0]

        def count(_: RetryCallState) -> None:
            retries[0] += 1

        client = await self._async_client()
        started = time.monotonic()
        try:
            async for attempt in self.retry.async_retrying(count):
                with attempt:
                    raw = await client.post(
                        "/chat/completions",
                        body=body,
                        cast_to=httpx2.Response,
                        options={"timeout": self._attempt_timeout(started)},
                    )
                    completion = parse_completion(raw.content)
        except (openai.OpenAIError, AnswerError) as exc:
            raise self._translate(exc) from None
        return Reply(completion, retries[0])

    def _translate(self, exc: Exception) -> BackendError:
        return translate_error(
            exc, base_url=self.base_url, timeout=self.timeout, secrets=self._secrets
        )

    def list_models(self) -> list[str]:
        try:
            raw = self._sync_client().get("/models", cast_to=httpx2.Response)
            return parse_model_list(raw.content)
        except (openai.OpenAIError, AnswerError) as exc:
            raise self._translate(exc) from None

    def close(self) -> None:
        if self._sync is not None:
            self._sync.close()
            self._sync = None

    async def aclose(self) -> None:
        """Close the running loop's async client (another loop's closes with that loop)."""
        with self._async_lock:
            held = self._async.pop(asyncio.get_running_loop(), None)
        if held is not None:
            await held.closer.aclose()


@dataclass(frozen=True)
class _LoopClient:
    client: openai.AsyncOpenAI
    closer: AsyncGenerator[None, None]


async def _closed_with_the_loop(client: openai.AsyncOpenAI) -> AsyncGenerator[None, None]:
    """Holds ``client`` open until closed: by ``aclose``, or by the loop's shutdown."""
    try:
        yield
    finally:
        await client.close()
