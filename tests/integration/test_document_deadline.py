"""One deadline for a whole document (issue 16, item 10): reasks, continuations and retries
together stop at ``document_timeout``; on the event loop the request in flight is cancelled too.
Each request's own deadline is tested in ``test_transport.py``."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest

from summarizer import APITimeoutError, ConfigurationError, Summarizer
from summarizer.testing import ScriptedModel, ScriptedRequest, scripted_summarizer
from tests.support.loopback import Answer, Script, error_body, loopback_server

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

TEXT = "The council approved the bridge on Monday. Work starts in May."


def test_reasks_stop_at_the_document_deadline() -> None:
    """A model that answers slowly and never validly: without the deadline the document runs
    twenty reasks (over 6 s); with ``document_timeout=2.5`` no request starts after 2.5 s."""

    def slow_and_wrong(request: ScriptedRequest) -> str:
        time.sleep(0.3)
        return "this is not the JSON the schema asks for"

    model = ScriptedModel(slow_and_wrong)
    started = time.monotonic()
    with scripted_summarizer(model, max_reasks=20, document_timeout=2.5) as summarizer:
        with pytest.raises(APITimeoutError, match="within 2.5 s"):
            summarizer.summarize(TEXT)
    elapsed = time.monotonic() - started
    assert elapsed < 2.5 + 0.3 + 1.5, elapsed  # the deadline, one request, slack
    assert 2 <= len(model.requests) <= 9, len(model.requests)


@pytest.fixture
def slow_server() -> Iterator[str]:
    """A server that takes 5 s to answer anything (a 503)."""
    with loopback_server(Script([Answer(503, error_body("busy"), delay=5.0)])) as url:
        yield url


def test_the_request_in_flight_is_cancelled_at_the_document_deadline(slow_server: str) -> None:
    """On the event loop the deadline cancels the request in flight: 0.5 s, not the 30 s the
    request's own timeout would allow."""

    async def run() -> float:
        started = time.monotonic()
        options = {"backend": "openai-compatible", "base_url": slow_server, "model": "m",
                   "timeout": 30.0, "max_retries": 0, "document_timeout": 0.5}  # fmt: skip
        async with Summarizer(**options) as summarizer:  # type: ignore[arg-type]
            with pytest.raises(APITimeoutError):
                await summarizer.asummarize(TEXT)
        return time.monotonic() - started

    assert asyncio.run(run()) < 3.0


@pytest.mark.parametrize("value", ["0", "-5", "nan", "inf"])
def test_a_document_timeout_that_is_not_a_positive_number_is_refused(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("SUMMARIZER_DOCUMENT_TIMEOUT", value)
    with pytest.raises(ConfigurationError, match="SUMMARIZER_DOCUMENT_TIMEOUT"):
        Summarizer(backend="openai-compatible", base_url="http://127.0.0.1:9/v1", model="m")
