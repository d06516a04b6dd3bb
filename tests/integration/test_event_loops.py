"""One ``Summarizer`` used from several event loops, against a real HTTP server on loopback.

An async HTTP client's connections belong to the event loop that opened them, so each running
loop gets an async client of its own (``ModelClient``, keyed by the loop), closed when that loop
shuts down: ``asyncio.run`` twice, and two threads' loops at once, all work on one instance.
"""

from __future__ import annotations

import asyncio
import threading

import openai
import pytest

from summarizer import Summarizer, Summary
from tests.support.common import CASSETTES
from tests.support.loopback import Answer, Script, loopback_server, recorded_body

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

RECORDED = recorded_body(CASSETTES / "test_seed_article_sync.yaml")


def make(url: str) -> Summarizer:
    return Summarizer(
        base_url=url, model="test-model", api_key="test-key-not-a-real-secret",
        evidence_mode="sentence", max_reasks=0, max_retries=1, timeout=10.0,
    )  # fmt: skip


def test_one_summarizer_from_asyncio_run_twice_and_from_two_threads_loops(
    seed_text: str,
) -> None:
    script = Script([Answer(200, RECORDED)])
    outcomes: list[object] = []
    with loopback_server(script, keep_alive=True) as url, make(url) as summarizer:
        outcomes.append(asyncio.run(summarizer.asummarize(seed_text)))
        outcomes.append(asyncio.run(summarizer.asummarize(seed_text)))  # a new loop
        both_running = threading.Barrier(2, timeout=30)

        async def one() -> Summary:
            await asyncio.to_thread(both_running.wait)  # the two loops overlap
            first = await summarizer.asummarize(seed_text)
            await asyncio.to_thread(both_running.wait)
            second = await summarizer.asummarize(seed_text)  # the loop's own client, reused
            assert first.claims == second.claims
            return second

        def in_a_thread() -> None:
            try:
                outcomes.append(asyncio.run(one()))
            except BaseException as exc:
                outcomes.append(exc)

        threads = [threading.Thread(target=in_a_thread) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert [type(o).__name__ for o in outcomes] == ["Summary"] * 4, outcomes
    assert len(script.seen) == 6


def test_a_loops_client_is_closed_when_the_loop_shuts_down(seed_text: str) -> None:
    """Nothing is left open by a loop that ended: ``asyncio.run`` closes the client its loop
    used; ``aclose`` closes the running loop's client at once, and the next call opens another."""
    script = Script([Answer(200, RECORDED)])
    with loopback_server(script, keep_alive=True) as url, make(url) as summarizer:
        model = summarizer._model_client()

        async def used() -> openai.AsyncOpenAI:
            await summarizer.asummarize(seed_text)
            return await model._async_client()

        ended = asyncio.run(used())
        assert ended.is_closed()

        async def closed_then_reopened() -> tuple[openai.AsyncOpenAI, openai.AsyncOpenAI]:
            first = await used()
            await model.aclose()
            return first, await used()

        first, second = asyncio.run(closed_then_reopened())
        assert first.is_closed() and second is not first
