"""``--repeat N``: every document asked N times with the cache off, each metric's run-to-run
spread recorded and shown beside its bootstrap CI, and a baseline written from repeated runs
setting tolerances from that spread (the rule in ``summarizer/evaluation/_repeat.py``)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.evaluation import compare, load_baseline, load_gold, load_suite, write_baseline
from summarizer.evaluation._repeat import (
    apply_noise,
    explain_noise,
    noise_tolerance,
)
from summarizer.evaluation._runner import run_repeated
from summarizer.testing import ScriptedModel, ScriptedRequest, scripted_summarizer
from tests.support.capable_server import Plan, capable_server
from tests.support.common import ROOT

GOLD = ROOT / "evals" / "gold" / "gold.jsonl"
SUITE = ROOT / "evals" / "suite.toml"


def test_the_tolerance_rule() -> None:
    # max(0.01, ceil_0.01(t_0.95(N-1) * sqrt(2) * sd)); t_0.95(2) = 2.920, t_0.95(4) = 2.132
    assert noise_tolerance(0.01, 3) == 0.05  # 2.920 * 1.414 * 0.01 = 0.0413 -> 0.05
    assert noise_tolerance(0.01, 5) == 0.04  # 2.132 * 1.414 * 0.01 = 0.0301 -> 0.04
    assert noise_tolerance(0.0, 4) == 0.01
    with pytest.raises(ValueError):
        noise_tolerance(0.01, 1)


def sentences(request: ScriptedRequest, count: int) -> dict[str, object]:
    parts = [p.strip() for p in (request.document or "").split(". ") if len(p.strip()) > 20]
    claims = [{"text": p, "kind": "fact", "attributed_to": None, "evidence": [p]}
              for p in parts[:count]]  # fmt: skip
    return {"title": "T", "summary": "S", "key_points": ["K"], "claims": claims}


class Varying:
    """A scripted model whose answers differ from run to run: the k-th time it is asked for a
    document it answers with ``counts[k]`` of its sentences (a reask gets the same count)."""

    def __init__(self, counts: list[int]) -> None:
        self.counts, self.asked = counts, Counter[str]()

    def __call__(self, request: ScriptedRequest) -> dict[str, object]:
        document = request.document or ""
        if not request.is_reask:
            self.asked[document] += 1
        return sentences(request, self.counts[(self.asked[document] - 1) % len(self.counts)])


def test_repeats_record_the_spread_and_set_the_tolerance(tmp_path: Path) -> None:
    gold = load_gold(GOLD)
    model = ScriptedModel(Varying([6, 7, 6, 6]))
    with scripted_summarizer(model) as summarizer:
        run = run_repeated(gold, summarizer, tmp_path / "run", 4, concurrency=1,
                           matcher="content-words")  # fmt: skip
    asked = [r for r in model.requests if not r.is_reask]
    assert len(asked) == 4 * len(gold.documents)  # no cache: every run asks again
    repeat = json.loads((tmp_path / "run" / "summary.json").read_text())["run"]["repeat"]
    assert repeat["n"] == 4 and repeat == run.run["repeat"]
    recall = repeat["metrics"]["claims.recall"]
    assert recall["sd"] > 0 and recall["min"] < recall["max"]
    assert recall["tolerance"] == noise_tolerance(recall["sd"], 4)
    kept = sorted(p.name for p in (tmp_path / "run" / "repeats").iterdir())
    assert kept == ["2.jsonl", "3.jsonl", "4.jsonl"]
    report = (tmp_path / "run" / "report.md").read_text(encoding="utf-8")
    assert "run-to-run spread" in report and f"± {recall['sd']:.3f}" in report

    baseline_file = tmp_path / "baseline.json"
    write_baseline(run, baseline_file)
    baseline = load_baseline(baseline_file)
    suite = apply_noise(load_suite(SUITE), baseline)
    gates = {g.name: g.tolerance for g in suite.metrics}
    assert gates["claims.recall"] == recall["tolerance"] != 0.10  # not the suite's own
    # A run with one sentence per document falls beyond that noise.
    with scripted_summarizer(ScriptedModel(lambda r: sentences(r, 1))) as summarizer:
        worse = run_repeated(gold, summarizer, tmp_path / "worse", 1, matcher="content-words")
    result = explain_noise(compare(worse, baseline, suite), baseline)
    line = next(str(f) for f in result.failures if f.metric == "claims.recall")
    assert line.endswith("fell beyond the noise measured over 4 runs")
    limit = baseline["summary"]["model"]["claims.recall"]["mean"] - gates["claims.recall"]
    assert f"(limit {limit:.4f})" in line


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_repeat_on_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "SUMMARIZER_TEMPLATES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    baseline = tmp_path / "baseline.json"
    with capable_server(Plan()) as server:
        args = ["eval", str(GOLD), "--out", str(tmp_path / "run"), "--base-url", server.url,
                "--model", "capable-model", "--suite", str(SUITE), "--matcher", "content-words",
                "--repeat", "2", "--update-baseline", str(baseline)]  # fmt: skip
        outcome = CliRunner().invoke(app, args)
    assert outcome.exit_code == 0, outcome.output
    repeat = load_baseline(baseline)["summary"]["run"]["repeat"]
    assert repeat["n"] == 2
    assert "claims.f1" in repeat["metrics"]
    for metric in repeat["metrics"].values():
        assert metric["min"] <= metric["max"] and metric["tolerance"] == noise_tolerance(
            metric["sd"], 2
        )
    assert (tmp_path / "run" / "repeats" / "2.jsonl").is_file()
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").rglob("*.db"))


def test_repeat_cannot_repeat_predictions(tmp_path: Path) -> None:
    results = Path(__file__).parents[1] / "data" / "runs" / "capable" / "results.jsonl"
    outcome = CliRunner().invoke(app, ["eval", str(GOLD), "--predictions", str(results),
                                       "--repeat", "2", "--out", str(tmp_path / "r")])  # fmt: skip
    assert outcome.exit_code == 2 and "cannot repeat --predictions" in outcome.output
    assert not (tmp_path / "r").exists()
