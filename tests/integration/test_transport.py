"""Retry policy and error translation, against a real HTTP server on loopback."""

from __future__ import annotations

import asyncio
import itertools
import time
import tracemalloc

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
    SummarizerError,
    Summary,
)
from summarizer._errors import MalformedResponseError
from summarizer.text import detect_language
from tests.support.common import CASSETTES
from tests.support.faults import FaultPlan, fault_server, gzip_bomb
from tests.support.loopback import Answer, Script, error_body, loopback_server, recorded_body

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


# --- issue 16: answers that are not a chat completion, slow bodies, gzip bombs -------------------

RECORDED = recorded_body(CASSETTES / "test_seed_article_sync.yaml")
SEED_OPTIONS: dict[str, object] = {"evidence_mode": "sentence", "max_reasks": 0}
ODD_BODIES = ("html", "null", "array", "no_choices", "error_object", "huge", "bad_utf8",
              "deep_json")  # fmt: skip


@pytest.mark.parametrize("fault", ODD_BODIES)
def test_16_3_odd_200_is_a_typed_error_after_the_retries(fault: str, seed_text: str) -> None:
    """Each odd body, every time: ``MalformedResponseError`` naming what came, no traceback
    (before: AttributeError, IndexError, RecursionError or a str for a completion)."""
    plan = FaultPlan(seed=0, shares={}, script=(fault,) * 5)
    with fault_server(plan, RECORDED) as server, make(server.url, max_retries=2,
                                                      **SEED_OPTIONS) as s:  # fmt: skip
        with pytest.raises(MalformedResponseError, match="answered 200 with|larger than"):
            s.summarize(seed_text)
    # a body over the size cap is not asked for again; the others are retried like a cut body
    assert len(server.log) == (1 if fault == "huge" else 2)


@pytest.mark.parametrize("fault", ODD_BODIES)
def test_16_3_odd_200_then_a_good_answer_recovers(fault: str, seed_text: str) -> None:
    plan = FaultPlan(seed=0, shares={}, script=(fault,))
    with fault_server(plan, RECORDED) as server, make(server.url, max_retries=2,
                                                      **SEED_OPTIONS) as s:  # fmt: skip
        outcome: Summary | SummarizerError
        try:
            outcome = s.summarize(seed_text)
        except MalformedResponseError as exc:  # "huge" is not retried
            outcome = exc
    assert isinstance(outcome, MalformedResponseError if fault == "huge" else Summary)


def test_16_3_unreadable_retry_after_is_ignored(seed_text: str) -> None:
    """``Retry-After: soon-ish`` (before: a ValueError out of the wait function)."""
    plan = FaultPlan(seed=0, shares={}, script=("retry_soon",))
    with fault_server(plan, RECORDED) as server, make(server.url, **SEED_OPTIONS) as s:
        assert isinstance(s.summarize(seed_text), Summary)
    assert [entry.fault for entry in server.log] == ["retry_soon", None]


def test_16_3_html_from_models_is_a_typed_error(seed_text: str) -> None:
    """No model configured: the server's model list is asked for, and is an HTML page."""
    plan = FaultPlan(seed=0, shares={}, models_html=True)
    with fault_server(plan, RECORDED) as server, make(server.url, model=None) as s:
        with pytest.raises(MalformedResponseError, match="HTML"):
            s.summarize(seed_text)


def _drip(url: str, *, asynchronous: bool, **extra: object) -> tuple[BaseException, float]:
    with make(url, **{**SEED_OPTIONS, **extra}) as s:  # type: ignore[arg-type]
        started = time.monotonic()
        try:
            if asynchronous:
                asyncio.run(s.asummarize(TEXT))
            else:
                s.summarize(TEXT)
        except SummarizerError as exc:
            return exc, time.monotonic() - started
    raise AssertionError("a dripping answer was accepted")


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_16_10_a_dripping_answer_ends_at_the_timeout(asynchronous: bool) -> None:
    """Headers, then a byte every 0.2 s: each attempt ends at its 1 s deadline (before: the
    whole body was waited for, about 20 minutes)."""
    plan = FaultPlan(seed=0, shares={}, script=("drip",) * 5, drip_seconds=0.2)
    with fault_server(plan, RECORDED) as server:
        error, took = _drip(server.url, asynchronous=asynchronous, timeout=1.0, max_retries=2)
    assert isinstance(error, APITimeoutError), error
    assert len(server.log) == 2
    assert took < 4.0, took  # 2 x 1 s, one backoff (<= 1 s), and slack


def test_16_10_retries_end_within_the_retry_budget() -> None:
    """A 10 s timeout, a 1.5 s retry budget: the call ends near 1.5 s, not 10 s x attempts."""
    plan = FaultPlan(seed=0, shares={}, script=("drip",) * 5, drip_seconds=0.2)
    with fault_server(plan, RECORDED) as server:
        error, took = _drip(server.url, asynchronous=True, timeout=10.0, max_retries=5,
                            max_retry_seconds=1.5)  # fmt: skip
    assert isinstance(error, APITimeoutError), error
    assert took < 3.0, took


def test_16_10_a_gzip_bomb_is_stopped_by_the_size_cap() -> None:
    """64 MiB of zeros in 64 KB of gzip: decoding stops at the 8 MiB cap (Python's peak
    allocation stays far below the decoded size; before: all 64 MiB were decoded, then the
    body was handed on)."""
    gzip_bomb()  # built before measuring
    # the language model (py3langid, ~70 MB traced while it loads) is loaded once a process,
    # by whichever call detects first: load it before measuring what decoding holds
    detect_language("A sentence that loads the language model.")
    plan = FaultPlan(seed=0, shares={}, script=("gzip_bomb",) * 5)
    with fault_server(plan, RECORDED) as server, make(server.url, max_retries=3) as s:
        tracemalloc.start()
        try:
            with pytest.raises(MalformedResponseError, match="larger than 8 MiB"):
                s.summarize(TEXT)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert len(server.log) == 1  # not asked again
    assert peak < 24 * 1024 * 1024, peak
