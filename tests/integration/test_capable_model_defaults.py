"""A capable model with the library's defaults, against the capable-model test double:

- its full answer (62 claims, 4 of them invented) completes with every gold claim kept, in
  every instructor mode, although it exceeds ``max_claims`` and is cut off at ``max_tokens``
  (the complete claims are kept and continuation calls ask for the rest);
- a reasoning-model name, live and in ``batch prepare``: no ``max_tokens`` and no
  ``temperature`` but the default are sent (the double answers HTTP 400 as OpenAI does).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer import Summarizer
from summarizer.cli import app
from tests.integration.test_capable_model import MODES, SEED, _post, check_summary
from tests.support.capable_server import Plan, capable_server

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

FULL = Plan(gold_claims=58, invented=4)


@pytest.mark.parametrize("mode", MODES)
def test_the_full_answer_with_the_defaults(mode: str, seed_text: str) -> None:
    with capable_server(FULL) as server:
        options = {"base_url": server.url, "model": "capable-model", "evidence_mode": "quote"}
        with Summarizer(**options, mode=mode) as summarizer:
            result = summarizer.summarize(seed_text)
    check_summary(result, FULL, seed_text, reasks=None)
    assert len(result.claims) == 58
    assert result.meta.continuations >= 1  # 4,096 completion tokens do not hold 62 claims


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("model", ["gpt-5-mini", "o3-mini"])
def test_a_reasoning_model_name_with_the_defaults(model: str, mode: str, seed_text: str) -> None:
    plan = Plan(gold_claims=17, invented=3, models=(model,))
    with capable_server(plan) as server:
        options = {"base_url": server.url, "model": model, "evidence_mode": "quote"}
        with Summarizer(**options, mode=mode) as summarizer:
            result = summarizer.summarize(seed_text)
        posts = [s for s in server.seen if s.path.endswith("/chat/completions")]
    check_summary(result, plan, seed_text, reasks=None)
    for served in posts:
        assert "max_tokens" not in served.body and "max_completion_tokens" in served.body
        assert served.body.get("temperature", 1) == 1


def test_a_reasoning_model_name_with_the_full_answer(seed_text: str) -> None:
    """Hidden reasoning tokens count against the completion budget: leave room for them."""
    plan = Plan(gold_claims=58, invented=4, models=("gpt-5-mini",))
    with capable_server(plan) as server:
        options = {"base_url": server.url, "model": "gpt-5-mini", "evidence_mode": "quote"}
        with Summarizer(**options) as summarizer:
            result = summarizer.summarize(seed_text)
    check_summary(result, plan, seed_text, reasks=None)


def test_batch_prepare_for_a_reasoning_model(tmp_path: Path) -> None:
    docs, requests = tmp_path / "docs.jsonl", tmp_path / "requests.jsonl"
    docs.write_text(json.dumps({"id": "seed", "text": SEED.source_text}) + "\n", encoding="utf-8")
    outcome = CliRunner().invoke(
        app,
        ["batch", "prepare", "--input", str(docs), "--output", str(requests), "--model", "o3-mini"],
        env={"SUMMARIZER_EVIDENCE_MODE": "quote"},
    )
    assert outcome.exit_code == 0, outcome.output
    lines = [json.loads(line) for line in requests.read_text(encoding="utf-8").splitlines()]
    assert lines
    with capable_server(Plan(models=("o3-mini",))) as server:
        for line in lines:
            status, answer, _ = _post(server.url, line["body"])
            assert status == 200, answer
