"""Batches, the response cache and the cost ledger, over real HTTP to a loopback server that
answers with a response recorded from the embedded model."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer import (
    BudgetExceededError,
    DocumentDecodeError,
    EmptyDocumentError,
    Price,
    PriceTable,
    ResponseCache,
    Summarizer,
    Summary,
    summarize_many,
)
from tests.support.common import CASSETTES, embedded_options
from tests.support.loopback import Answer, Script, loopback_server, recorded_body

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

RECORDED = recorded_body(CASSETTES / "test_seed_article_sync.yaml")


def options(url: str, **extra: object) -> dict[str, object]:
    return embedded_options(url, **extra)


def test_results_in_input_order_with_typed_errors(seed_text: str) -> None:
    script = Script([Answer(200, RECORDED)])
    texts: list[str | bytes] = [seed_text, "", seed_text, b"\xff\xfe bad", seed_text]
    with loopback_server(script) as url:
        results = summarize_many(texts, concurrency=3, **options(url))
    assert len(results) == 5
    assert isinstance(results[1], EmptyDocumentError)
    assert isinstance(results[3], DocumentDecodeError)
    for index in (0, 2, 4):
        result = results[index]
        assert isinstance(result, Summary)
        for claim in result.claims:
            for evidence in claim.evidence:
                assert seed_text[evidence.start : evidence.end] == evidence.quote
    assert len(script.seen) == 3  # bad documents never reach the server


def test_second_identical_run_makes_zero_calls(seed_text: str, tmp_path: Path) -> None:
    script = Script([Answer(200, RECORDED)])
    with loopback_server(script) as url:
        with Summarizer(cache=tmp_path / "cache", **options(url)) as first:
            fresh = first.summarize(seed_text)
        assert len(script.seen) == 1 and not fresh.meta.cached
        with Summarizer(cache=tmp_path / "cache", **options(url)) as second:
            again = second.summarize(seed_text)
        assert len(script.seen) == 1  # served from disk
    assert again.meta.cached
    assert again.claims == fresh.claims
    assert len(ResponseCache(tmp_path / "cache")) == 1


def test_cache_key_changes_with_options(seed_text: str, tmp_path: Path) -> None:
    with loopback_server(Script([Answer(200, RECORDED)])) as url:
        a = Summarizer(cache=tmp_path, **options(url))
        b = Summarizer(cache=tmp_path, **options(url, temperature=0.7))
        doc, _ = a.prepare(seed_text)
        assert a.cache_key(doc, "m") != b.cache_key(doc, "m")
        assert a.cache_key(doc, "m") != a.cache_key(doc, "other")
        a.close()
        b.close()


def test_cost_from_usage_and_overridable_prices(seed_text: str) -> None:
    prices = PriceTable({"smollm2-135m-instruct": Price(prompt=1.0, completion=2.0)})
    with loopback_server(Script([Answer(200, RECORDED)])) as url:
        with Summarizer(prices=prices, **options(url)) as s:
            result = s.summarize(seed_text)
    usage = result.meta.usage
    expected = (usage.prompt_tokens * 1.0 + usage.completion_tokens * 2.0) / 1_000_000
    assert result.meta.cost_usd == pytest.approx(expected)
    assert PriceTable().cost("unknown-model", usage) is None
    assert PriceTable().cost("gpt-4o-mini-2024-07-18", usage) == PriceTable().cost(
        "gpt-4o-mini", usage
    )


def test_budget_stops_the_run_cleanly(seed_text: str) -> None:
    prices = PriceTable({"smollm2-135m-instruct": Price(prompt=100.0, completion=100.0)})
    script = Script([Answer(200, RECORDED)])
    with loopback_server(script) as url:
        with Summarizer(prices=prices, **options(url)) as s:
            results = summarize_many([seed_text] * 4, summarizer=s, concurrency=1, budget_usd=0.01)
    assert isinstance(results[0], Summary)
    assert all(isinstance(r, BudgetExceededError) for r in results[1:])
    assert len(script.seen) == 1


def test_rate_limited_batch_still_completes(seed_text: str) -> None:
    script = Script([Answer(200, RECORDED)])
    with loopback_server(script) as url:
        results = summarize_many(
            [seed_text] * 3, concurrency=2, requests_per_minute=600, **options(url)
        )
    assert all(isinstance(r, Summary) for r in results)
    assert len(script.seen) == 3
