"""Retry policy and error translation, against a real HTTP server on loopback."""

from __future__ import annotations

import itertools
import time

import pytest

from summarizer import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ContextLengthError,
    RateLimitError,
    ServerError,
    Summarizer,
)

from .loopback import Answer, Script, error_body, loopback_server

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

TEXT = "The council approved the budget on Monday. It rises 4% to 12 million euros."


def make(url: str, **extra: object) -> Summarizer:
    options: dict[str, object] = {
        "base_url": url,
        "model": "test-model",
        "api_key": "test-key-not-a-real-secret",
        "max_retries": 4,
        "timeout": 5.0,
    }
    options.update(extra)
    return Summarizer(**options)


def test_503_is_retried_within_bounds_then_typed_error() -> None:
    script = Script([Answer(503, error_body("overloaded"))])
    with loopback_server(script) as url, make(url, max_retries=3) as s:
        with pytest.raises(ServerError) as info:
            s.summarize(TEXT)
    assert info.value.status_code == 503
    assert len(script.seen) == 3  # exactly max_retries attempts, no hidden client retries


def test_retry_after_is_honoured() -> None:
    script = Script([Answer(429, error_body("slow down"), {"retry-after": "0.6"})])
    with loopback_server(script) as url, make(url, max_retries=3) as s:
        with pytest.raises(RateLimitError, match="429"):
            s.summarize(TEXT)
    times = [t for t, *_ in script.seen]
    assert len(times) == 3
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert all(gap >= 0.55 for gap in gaps), gaps


def test_401_fails_fast_with_request_id_and_no_key_in_message() -> None:
    key = "test-key-not-a-real-secret"
    script = Script(
        [Answer(401, error_body(f"Incorrect API key provided: {key}"), {"x-request-id": "req_42"})]
    )
    with loopback_server(script) as url, make(url) as s:
        with pytest.raises(AuthenticationError) as info:
            s.summarize(TEXT)
    assert len(script.seen) == 1
    assert info.value.status_code == 401
    assert info.value.request_id == "req_42"
    sent = {name.lower(): value for name, value in script.seen[0][2].items()}
    assert sent["authorization"] == f"Bearer {key}"  # the key was sent ...
    assert key not in str(info.value)  # ... and never echoed back in the error
    assert "***" in str(info.value)


def test_400_fails_fast() -> None:
    script = Script([Answer(400, error_body("bad field 'temperature'"))])
    with loopback_server(script) as url, make(url) as s:
        with pytest.raises(BadRequestError, match="bad field"):
            s.summarize(TEXT)
    assert len(script.seen) == 1


def test_context_length_error_is_typed_and_not_retried() -> None:
    message = "This model's maximum context length is 8192 tokens; you requested 9000."
    script = Script([Answer(400, error_body(message, "context_length_exceeded"))])
    with loopback_server(script) as url, make(url) as s:
        with pytest.raises(ContextLengthError, match="maximum context length"):
            s.summarize(TEXT)
    assert len(script.seen) == 1


def test_timeout_is_retried_then_typed() -> None:
    script = Script([Answer(200, "{}", delay=1.5)])
    with loopback_server(script) as url, make(url, timeout=0.3, max_retries=2) as s:
        started = time.monotonic()
        with pytest.raises(APITimeoutError, match="within 0.3 s"):
            s.summarize(TEXT)
    assert len(script.seen) == 2
    assert time.monotonic() - started < 10


def test_unreachable_base_url_names_it() -> None:
    with loopback_server(Script([Answer(200)])) as url:
        dead = url  # the server is shut down when the block ends
    with make(dead, max_retries=2) as s, pytest.raises(APIConnectionError) as info:
        s.summarize(TEXT)
    assert dead in str(info.value)
