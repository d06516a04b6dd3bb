"""The one retry layer for transport errors (tenacity).

Retried: 429 (waiting what ``Retry-After`` says, when it says), 5xx, timeouts and connection
errors, with exponential backoff and jitter, bounded by a number of attempts and a total time.
Everything else fails at once. The openai client's own retries are switched off
(``max_retries=0``) so that retries never stack; instructor's reasks are for validation
errors only. Each retry is counted and returned with the reply (``_model.Reply``).
"""

from __future__ import annotations

import email.utils
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import openai
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
    wait_exponential_jitter,
)

from ._answer import AnswerError
from ._http import ResponseTooLargeError

__all__ = ["RetryPolicy", "is_transient", "retry_after_seconds"]


def is_transient(exc: BaseException) -> bool:
    """Whether ``exc`` is worth retrying: 408/409/429, 5xx, timeouts, connection errors, and a
    200 whose body is not a chat completion (cut off in transit, or a proxy's page). An answer
    over the size cap is not retried."""
    if isinstance(exc, AnswerError):
        return True
    if isinstance(exc, openai.APIConnectionError):  # incl. timeouts
        return not isinstance(exc.__cause__, ResponseTooLargeError)
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in (408, 409, 429) or exc.status_code >= 500
    return False


def retry_after_seconds(exc: BaseException | None) -> float | None:
    """The server's ``Retry-After`` (or ``retry-after-ms``) as seconds, if it sent one that
    can be read (seconds or an HTTP date); anything else (``soon-ish``, ``nan``) is ignored."""
    if not isinstance(exc, openai.APIStatusError):
        return None
    headers = exc.response.headers
    millis = _seconds(headers.get("retry-after-ms"))
    if millis is not None:
        return millis / 1000.0
    return _seconds(headers.get("retry-after"), dates=True)


def _seconds(value: str | None, *, dates: bool = False) -> float | None:
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        if not dates:
            return None
        try:
            number = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError, OverflowError):
            return None
    return max(number, 0.0) if math.isfinite(number) else None


@dataclass(frozen=True)
class RetryPolicy:
    """Bounds of the transport retry layer."""

    max_attempts: int = 5
    max_total_seconds: float = 120.0
    initial_wait: float = 0.5
    max_wait: float = 30.0

    def _wait(self) -> Callable[[RetryCallState], float]:
        backoff = wait_exponential_jitter(
            multiplier=self.initial_wait, max=self.max_wait, jitter=self.initial_wait
        )

        def wait(state: RetryCallState) -> float:
            outcome = state.outcome
            exc = outcome.exception() if outcome is not None else None
            told = retry_after_seconds(exc)
            wait = min(told, self.max_wait) if told is not None else float(backoff(state))
            # Never sleep past the budget: a call ends within max_total_seconds.
            left = self.max_total_seconds - (state.seconds_since_start or 0.0)
            return max(min(wait, left), 0.0)

        return wait

    def _kwargs(self, on_retry: Callable[[RetryCallState], None] | None) -> dict[str, Any]:
        return {
            "retry": retry_if_exception(is_transient),
            "stop": (
                stop_after_attempt(self.max_attempts) | stop_before_delay(self.max_total_seconds)
            ),
            "wait": self._wait(),
            "before_sleep": on_retry,
            "reraise": True,
        }

    def retrying(self, on_retry: Callable[[RetryCallState], None] | None = None) -> Retrying:
        return Retrying(**self._kwargs(on_retry))

    def async_retrying(
        self, on_retry: Callable[[RetryCallState], None] | None = None
    ) -> AsyncRetrying:
        return AsyncRetrying(**self._kwargs(on_retry))
