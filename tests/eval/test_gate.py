"""The eval gate end to end, through ``summarizer eval`` and the capable-model test double
(``tests/support/capable_server.py``, a scripted server, not a model).

Every baseline here is written by a good run in the same test module, never by hand: the
double answers the gold file's own claims through the default template, and that run's
``--write-baseline`` is what the other runs are held to. Then:

- planted regressions (drop attribution, negate every third claim, return one claim), made two
  ways: results files transformed from the good run and scored with ``--predictions``, and
  template folders (``tests/data/planted/``) whose marker the double follows. Each must fail the
  gate with a message that names the metric and the documents or claims that moved; the
  unchanged output must pass;
- a document that newly fails fails the gate and is named;
- a run made differently (gold file, template, evidence mode, matcher, ``max_claims``, model) is
  refused (exit 2, one line naming what differs) unless the difference is allowed by name.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.evaluation import compare, load_baseline, load_gold, load_suite
from summarizer.evaluation._gate import CONFIG_KEYS
from tests.support.capable_server import PLANTED_KINDS, Plan, capable_server, plant
from tests.support.common import ROOT

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

GOLD = ROOT / "evals" / "gold" / "gold.jsonl"
SUITE = ROOT / "evals" / "suite.toml"
PLANTED = Path(__file__).parents[1] / "data" / "planted"
MODEL = ("--model", "capable-model")
# The metric each planted regression must fail, at least.
EXPECTED = {
    "drop-attribution": "attribution.accuracy",
    "negate": "claims.f1",
    "one-claim": "claims.recall",
}
# The good run's settings (the double's default plan; library defaults otherwise).
MAX_CLAIMS = "40"


@dataclass(frozen=True)
class Good:
    """The good run: its run folder and the baseline it wrote."""

    out: Path
    baseline: Path

    @property
    def results(self) -> Path:
        return self.out / "results.jsonl"


def invoke(args: list[str]) -> Any:
    return CliRunner().invoke(app, args)


def live(url: str, out: Path, *extra: str) -> list[str]:
    return ["eval", str(GOLD), "--out", str(out), "--base-url", url, *MODEL, "--no-cache",
            "--suite", str(SUITE), *extra]  # fmt: skip


def scored(predictions: Path, out: Path, *extra: str) -> list[str]:
    return ["eval", str(GOLD), "--out", str(out), "--predictions", str(predictions),
            "--max-claims", MAX_CLAIMS, "--suite", str(SUITE), *extra]  # fmt: skip


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Good]:
    folder = tmp_path_factory.mktemp("good")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "SUMMARIZER_TEMPLATES"):
            patch.delenv(name, raising=False)
        patch.setenv("SUMMARIZER_CACHE_DIR", str(folder / "cache"))
        with capable_server(Plan()) as server:
            baseline = folder / "baseline.json"
            outcome = invoke(live(server.url, folder / "run", "--write-baseline", str(baseline)))
        assert outcome.exit_code == 0, outcome.output
        yield Good(folder / "run", baseline)


def read_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def write_lines(path: Path, lines: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    return path


def planted_file(good: Good, kind: str, path: Path) -> Path:
    """The good run's results with every document's claims changed as ``kind`` does."""
    lines = read_lines(good.results)
    for line in lines:
        line.pop("score", None)
        if "result" in line:
            line["result"]["claims"] = plant(kind, line["result"]["claims"])
    return write_lines(path, lines)


def gate_lines(output: str) -> list[str]:
    return [" ".join(x.split()) for x in output.split("gate failed:")[1:]]


def check_failed(outcome: Any, kind: str) -> str:
    """The gate failed on the metric ``kind`` moves, naming documents; returns the output."""
    assert outcome.exit_code == 1, outcome.output
    assert "Traceback" not in outcome.output
    output = " ".join(outcome.stdout.split())
    failures = gate_lines(outcome.stdout)
    metric = EXPECTED[kind]
    line = next((f for f in failures if f.startswith(f"{metric}:")), None)
    assert line is not None, output
    assert "documents that fell:" in line and "->" in line, line
    if kind in ("negate", "one-claim"):
        assert "claims: " in output and "disappeared" in output
    return output


# --- the unchanged output passes ----------------------------------------------------------------


def test_the_good_run_scores_well(good: Good) -> None:
    """The baseline is worth gating on: the double's claims match the gold claims."""
    summary = load_baseline(good.baseline)["summary"]
    means = {k: v["mean"] for k, v in summary["model"].items()}
    assert means["claims.precision"] == 1.0 and means["attribution.accuracy"] == 1.0
    assert means["claims.f1"] > 0.8 and means["kind.accuracy"] == 1.0
    assert summary["run"]["n_failed"] == 0 and len(summary["run"]["gold_sha256"]) == 64


def test_unchanged_predictions_pass(good: Good, tmp_path: Path) -> None:
    unchanged = write_lines(tmp_path / "same.jsonl", read_lines(good.results))
    outcome = invoke(scored(unchanged, tmp_path / "run", "--baseline", str(good.baseline)))
    assert outcome.exit_code == 0, outcome.output
    assert "gate passed" in outcome.stdout and "gate failed" not in outcome.stdout


def test_unchanged_template_passes_in_a_new_run(good: Good, tmp_path: Path) -> None:
    with capable_server(Plan()) as server:
        outcome = invoke(live(server.url, tmp_path / "run", "--baseline", str(good.baseline)))
    assert outcome.exit_code == 0, outcome.output
    assert "gate passed" in outcome.stdout and "claims:" not in outcome.stdout


# --- planted regressions ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", PLANTED_KINDS)
def test_planted_predictions_fail_the_gate(good: Good, tmp_path: Path, kind: str) -> None:
    path = planted_file(good, kind, tmp_path / f"{kind}.jsonl")
    outcome = invoke(scored(path, tmp_path / "run", "--baseline", str(good.baseline)))
    check_failed(outcome, kind)


@pytest.mark.parametrize("kind", PLANTED_KINDS)
def test_planted_templates_fail_the_gate(good: Good, tmp_path: Path, kind: str) -> None:
    templates = ("--templates", str(PLANTED / kind))
    with capable_server(Plan()) as server:
        refused = invoke(live(server.url, tmp_path / "a", *templates, "--baseline",
                              str(good.baseline)))  # fmt: skip
        allowed = invoke(live(server.url, tmp_path / "b", *templates, "--baseline",
                              str(good.baseline), "--allow-difference", "template"))  # fmt: skip
    assert refused.exit_code == 2, refused.output
    assert "not comparable" in refused.stderr and "template (baseline" in refused.stderr
    output = check_failed(allowed, kind)
    assert f"allowed difference: template (baseline {_template(good)[:12]}" in output


def _template(good: Good) -> str:
    return str(load_baseline(good.baseline)["summary"]["run"]["template"]["sha256"])


# --- failed documents ---------------------------------------------------------------------------


def test_a_newly_failed_document_fails_the_gate_and_is_named(good: Good, tmp_path: Path) -> None:
    lines = read_lines(good.results)
    lines[3] = {"id": lines[3]["id"], "error": {"type": "SchemaValidationError", "message": "x"}}
    missing = lines.pop(5)["id"]
    path = write_lines(tmp_path / "failed.jsonl", lines)
    outcome = invoke(scored(path, tmp_path / "run", "--baseline", str(good.baseline)))
    assert outcome.exit_code == 1, outcome.output
    output = " ".join(outcome.stdout.split())
    failed = lines[3]["id"]
    assert f"newly failed: {failed}" in output and f"newly failed: {missing}" in output
    assert f"documents: newly failed: {failed} (SchemaValidationError: x)" in output
    assert f"{missing} (MissingPrediction:" in output


# --- apples and oranges -------------------------------------------------------------------------


def _other_gold(path: Path) -> Path:
    """The gold file with the last claim of its last document removed (sources inline)."""
    texts = {doc.id: doc.source_text for doc in load_gold(GOLD).documents}
    records = [json.loads(x) for x in GOLD.read_text(encoding="utf-8").splitlines() if x.strip()]
    for record in records:
        if record.pop("source_path", None) is not None:
            record["source"] = texts[record["id"]]
    records[-1]["claims"] = records[-1]["claims"][:-1]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "extra"),
    [
        ("max_claims", ("--max-claims", "12")),
        ("model", ("--model", "another-model")),
        ("evidence_mode", ("--evidence-mode", "sentence")),
        ("matcher", ("--matcher", "rouge1")),
    ],
)
def test_a_different_setting_is_refused_unless_allowed(
    good: Good, tmp_path: Path, name: str, extra: tuple[str, ...]
) -> None:
    base = ["eval", str(GOLD), "--predictions", str(good.results), "--suite", str(SUITE),
            "--baseline", str(good.baseline)]  # fmt: skip
    if name != "max_claims":
        base += ["--max-claims", MAX_CLAIMS]
    refused = invoke([*base, "--out", str(tmp_path / "a"), *extra])
    assert refused.exit_code == 2, refused.output
    (line,) = refused.stderr.strip().splitlines() or [""]
    assert line.startswith("error: not comparable") and f" {name} (baseline " in line, line
    assert f"--allow-difference {name}" in line
    allowed = invoke([*base, "--out", str(tmp_path / "b"), *extra, "--allow-difference", name])
    assert allowed.exit_code in (0, 1), allowed.output
    assert f"allowed difference: {name} (baseline" in " ".join(allowed.stdout.split())


@pytest.mark.parametrize("key", CONFIG_KEYS)
def test_every_recorded_setting_is_compared(good: Good, key: str) -> None:
    baseline = load_baseline(good.baseline)
    other = json.loads(json.dumps(baseline))
    facts = other["summary"]["run"]
    if key == "template":
        facts["template"] = {"name": "default", "sha256": "f" * 64}
    elif key == "max_claims":
        facts["max_claims"] = 7
    else:
        facts["gold_sha256" if key == "gold" else key] = "changed"
    refused = compare(other, baseline, load_suite(SUITE))
    assert [d.name for d in refused.incomparable] == [key]
    assert [f.metric for f in refused.failures] == [f"run.{key}"]
    allowed = compare(other, baseline, load_suite(SUITE), allow=[key])
    assert allowed.passed and [d.name for d in allowed.allowed] == [key]


def test_another_gold_file_is_refused(good: Good, tmp_path: Path) -> None:
    other = _other_gold(tmp_path / "other.jsonl")
    outcome = invoke(["eval", str(other), "--predictions", str(good.results), "--max-claims",
                      MAX_CLAIMS, "--suite", str(SUITE), "--baseline", str(good.baseline),
                      "--out", str(tmp_path / "run")])  # fmt: skip
    assert outcome.exit_code == 2, outcome.output
    assert "not comparable" in outcome.stderr and " gold (baseline " in outcome.stderr


def test_an_unknown_allowed_difference_is_a_usage_error(good: Good, tmp_path: Path) -> None:
    outcome = invoke(["eval", str(GOLD), "--predictions", str(good.results), "--out",
                      str(tmp_path / "run"), "--allow-difference", "colour"])  # fmt: skip
    assert outcome.exit_code == 2
    assert "unknown --allow-difference colour" in outcome.stderr


# --- refreshing a baseline ---------------------------------------------------------------------


def test_update_baseline_prints_what_changed_then_writes(good: Good, tmp_path: Path) -> None:
    committed = tmp_path / "baseline.json"
    committed.write_bytes(good.baseline.read_bytes())
    path = planted_file(good, "one-claim", tmp_path / "one.jsonl")
    args = ["eval", str(GOLD), "--predictions", str(path), "--suite", str(SUITE),
            "--out", str(tmp_path / "run"), "--update-baseline", str(committed)]  # fmt: skip
    outcome = invoke(args)
    assert outcome.exit_code == 0, outcome.output
    output = " ".join(outcome.stdout.split())
    assert "Baseline refresh: what changed" in output and "gate failed" not in output
    assert "would fail: claims.recall:" in output and "95% CI" in output
    assert "allowed difference: max_claims (baseline 40, this run not recorded)" in output
    assert "000_seed_isis claims: 0 disappeared" not in output and "disappeared" in output
    assert f"updated the baseline {committed}" in output
    refreshed = load_baseline(committed)
    assert all(len(claims) <= 1 for claims in refreshed["claims"].values())
    # Gating the same output on the refreshed baseline passes.
    again = invoke(scored(path, tmp_path / "again", "--baseline", str(committed),
                          "--allow-difference", "max_claims"))  # fmt: skip
    assert again.exit_code == 0, again.output


# --- tolerances follow from measured noise ------------------------------------------------------

EMBEDDED = ROOT / "evals" / "baselines" / "embedded-smollm2.json"
# Share of byte-identical requests that got a different answer: 1 of the 5 repeated requests in
# tests/cassettes/ (recorded from the embedded model at temperature 0; evals/README.md).
FLIP_RATE = 0.2
MIN_TOLERANCE = 0.02  # a few claims' worth: a handful of flipped claims must not fail the gate
Z = 1.645  # one-sided 95%: the gate fails on a drop only


def derived_tolerance(half_widths: list[float]) -> float:
    """``FLIP_RATE`` of the documents redrawn, each at most as variable as the documents are
    among themselves: the difference of two runs' means has sd <= sqrt(2 * FLIP_RATE) * SE."""
    se = max(half_widths, default=0.0) / 1.96
    raw = Z * math.sqrt(2 * FLIP_RATE) * se
    return max(MIN_TOLERANCE, math.ceil(raw * 100 - 1e-9) / 100)


def test_suite_tolerances_follow_from_the_measured_noise(good: Good) -> None:
    references = [load_baseline(good.baseline), load_baseline(EMBEDDED)]
    derived: dict[str, float] = {}
    for gate in load_suite(SUITE).metrics:
        if gate.name == "run.schema_valid_rate":
            derived[gate.name] = 0.0  # a failed document is never noise
            continue
        halves = []
        for reference in references:
            metric = reference["summary"]["model"][gate.name]
            if metric["ci_low"] is not None:
                halves.append((metric["ci_high"] - metric["ci_low"]) / 2)
        derived[gate.name] = derived_tolerance(halves)
    written = {gate.name: gate.tolerance for gate in load_suite(SUITE).metrics}
    assert written == derived, f"evals/suite.toml should say {derived}"


# --- --predictions files ------------------------------------------------------------------------


def test_predictions_reproduce_the_live_run(good: Good, tmp_path: Path) -> None:
    outcome = invoke(scored(good.results, tmp_path / "run", "--write-baseline",
                            str(tmp_path / "again.json")))  # fmt: skip
    assert outcome.exit_code == 0, outcome.output
    live_run, again = load_baseline(good.baseline), load_baseline(tmp_path / "again.json")
    assert again["claims"] == live_run["claims"]
    assert again["summary"]["model"] == live_run["summary"]["model"]
    assert again["summary"]["documents"] == live_run["summary"]["documents"]
    assert again["summary"]["run"]["predictions"] is True


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda lines: [*lines, lines[0]], "appears twice"),
        (lambda lines: [{**lines[0], "id": "999_nope"}], "'999_nope' is not in the gold file"),
        (lambda lines: [{"id": lines[0]["id"]}], "needs exactly one of 'result' and 'error'"),
        (lambda lines: [{"id": lines[0]["id"], "result": {"title": "t"}}], "result.summary"),
    ],
)
def test_a_bad_predictions_file_names_file_and_line(
    good: Good, tmp_path: Path, mangle: Any, message: str
) -> None:
    lines = read_lines(good.results)
    path = write_lines(tmp_path / "bad.jsonl", mangle(lines))
    outcome = invoke(["eval", str(GOLD), "--predictions", str(path), "--out",
                      str(tmp_path / "run")])  # fmt: skip
    assert outcome.exit_code == 1, outcome.output
    text = " ".join(outcome.stderr.split())
    assert "bad.jsonl, line " in text and message in text, text
    assert "Traceback" not in outcome.output
