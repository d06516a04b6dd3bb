"""Starts the embedded model for real (no key, no network) and summarizes the seed article.

Marked slow; CI runs it. ``SUMMARIZER_SKIP_SLOW=1`` skips it locally.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from summarizer import Summarizer
from tests.support.common import SAMPLE

pytestmark = [pytest.mark.slow, pytest.mark.block_network(allowed_hosts=["127.0.0.1"])]


def test_embedded_default_summarizes_the_seed_article() -> None:
    # The seed article as committed (evals/gold/documents/): no skip when ../shared is absent.
    source = SAMPLE.read_bytes().decode("utf-8")
    with Summarizer() as summarizer:  # no key, no base URL: the embedded model
        assert summarizer.settings.backend == "local"
        result = summarizer.summarize(source)
        assert summarizer._local is not None and summarizer._local.alive()
    assert summarizer._local is None  # stopped on close
    assert result.meta.backend == "local"
    assert result.meta.model == "smollm2-135m-instruct"
    assert result.claims
    for claim in result.claims:
        assert claim.evidence
        for evidence in claim.evidence:
            assert source[evidence.start : evidence.end] == evidence.quote


def test_cli_on_stdin_prints_only_json() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    source = SAMPLE.read_bytes()
    completed = subprocess.run(
        [sys.executable, "-m", "summarizer", "summarize", "-", "--json"],
        input=source,
        capture_output=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr.decode()
    assert b"embedded SmolLM2-135M model" in completed.stderr
    payload = json.loads(completed.stdout)
    text = source.decode("utf-8")
    assert payload["claims"]
    for claim in payload["claims"]:
        assert claim["evidence"]
        for evidence in claim["evidence"]:
            assert text[evidence["start"] : evidence["end"]] == evidence["quote"]


def test_the_same_request_gets_the_same_answer() -> None:
    """Determinism: the seed article twice on one server (the second request shares its whole
    prompt with the first), then a different document, then the seed article again."""
    source = SAMPLE.read_bytes().decode("utf-8")
    other = "The council approved the budget on Tuesday. It adds two librarians. " * 3
    with Summarizer() as summarizer:
        first = summarizer.summarize(source)
        second = summarizer.summarize(source)
        summarizer.summarize(other)
        third = summarizer.summarize(source)

    def answer(result: object) -> object:
        return result.model_dump(exclude={"meta": {"latency_s"}})  # type: ignore[attr-defined]

    assert answer(second) == answer(first)
    assert answer(third) == answer(first)
    assert first.meta.usage.completion_tokens == third.meta.usage.completion_tokens
