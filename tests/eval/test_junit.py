"""What CI reads from ``summarizer eval``: the JUnit file (``--junit-xml``), the job summary
(``GITHUB_STEP_SUMMARY``) and ``report.md`` (a pull-request comment), on the committed capable
run (``tests/data/runs/capable``) scored with ``--predictions`` against the baseline it wrote.

The JUnit file is validated against the Jenkins xUnit plugin's JUnit schema
(``tests/data/junit/junit-10.xsd``) with ``xmlschema`` and read back with ``junitparser``, a
consumer library, not with the code that wrote it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import xmlschema
from junitparser import JUnitXml, TestCase
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.evaluation import load_suite
from tests.support.capable_server import plant
from tests.support.common import ROOT

DATA = Path(__file__).parents[1] / "data"
RUNS = DATA / "runs"
GOLD = ROOT / "evals" / "gold" / "gold.jsonl"
SUITE = ROOT / "evals" / "suite.toml"
BASELINE = RUNS / "capable-baseline.json"
GOOD = RUNS / "capable" / "results.jsonl"
SCHEMA = xmlschema.XMLSchema(DATA / "junit" / "junit-10.xsd")
HOSTILE = (
    "<script>alert('pwned')</script> \x1b]8;;http://evil.example\x07click\x1b]8;;\x07 "
    "\x1b[31mred\x1b[0m \u202eevil\u200b @everyone | a cell | [link](http://evil.example) "
    "\x9b2J"
)


def lines_of(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]


def write_lines(path: Path, lines: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    return path


def gated(predictions: Path, tmp_path: Path, *extra: str, summary: Path | None = None) -> Any:
    args = ["eval", str(GOLD), "--predictions", str(predictions), "--max-claims", "40",
            "--out", str(tmp_path / "run"), "--suite", str(SUITE), "--junit-xml",
            str(tmp_path / "junit.xml"), *extra]  # fmt: skip
    env = {"GITHUB_STEP_SUMMARY": str(summary) if summary else None}
    return CliRunner().invoke(app, args, env=env)


def read_junit(path: Path) -> tuple[JUnitXml, list[TestCase]]:
    SCHEMA.validate(str(path))  # raises naming the element when the file is not valid
    xml = JUnitXml.fromfile(str(path))
    cases = [case for suite in xml for case in suite]
    return xml, cases


def failures(cases: list[TestCase]) -> dict[str, list[str]]:
    return {
        c.name: [r.message for r in c.result if r._tag == "failure"]
        for c in cases
        if any(r._tag == "failure" for r in c.result)
    }


def test_unchanged_run_has_no_failures(tmp_path: Path) -> None:
    summary = tmp_path / "step-summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    outcome = gated(GOOD, tmp_path, "--baseline", str(BASELINE), summary=summary)
    assert outcome.exit_code == 0, outcome.output
    xml, cases = read_junit(tmp_path / "junit.xml")
    suite = next(iter(xml))
    assert suite.failures == 0 and failures(cases) == {}
    gated_metrics = [g.name for g in load_suite(SUITE).metrics]
    metric_cases = [c.name for c in cases if c.classname == "summarizer.eval.metrics"]
    assert metric_cases == gated_metrics
    documents = [c.name for c in cases if c.classname == "summarizer.eval.documents"]
    assert documents == [line["id"] for line in lines_of(GOOD)]
    assert suite.tests == len(cases) == len(gated_metrics) + len(documents)
    properties = {p.name: p.value for p in suite.properties()}
    assert properties["model"] == "capable-model" and properties["matcher"] == "support:lexical"
    assert len(properties["template_sha256"]) == 64 and properties["gold"] == "gold.jsonl"
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n"), "the job summary is appended to, not replaced"
    assert "Verdict: **gate passed**" in text and "| claims.f1 |" in text
    report = (tmp_path / "run" / "report.md").read_text(encoding="utf-8")
    assert "Verdict: **gate passed**" in report and "report.html" in report


@pytest.fixture
def negated(tmp_path: Path) -> Path:
    """The capable run's results with every third claim negated (a planted regression)."""
    lines = lines_of(GOOD)
    for line in lines:
        line.pop("score", None)
        line["result"]["claims"] = plant("negate", line["result"]["claims"])
    return write_lines(tmp_path / "negated.jsonl", lines)


def test_planted_regression_fails_naming_the_metric(tmp_path: Path, negated: Path) -> None:
    summary = tmp_path / "step-summary.md"
    outcome = gated(negated, tmp_path, "--baseline", str(BASELINE), summary=summary)
    assert outcome.exit_code == 1, outcome.output
    xml, cases = read_junit(tmp_path / "junit.xml")
    failed = failures(cases)
    assert next(iter(xml)).failures == len(failed) >= 1
    assert "claims.f1" in failed
    message = failed["claims.f1"][0]
    # the gate's own line, as `summarizer eval` prints it
    assert message.startswith("claims.f1: ") and "dropped below baseline" in message
    assert "documents that fell: " in message and "->" in message
    printed = " ".join(outcome.stdout.split())
    assert f"gate failed: {' '.join(message.split())}" in printed
    text = summary.read_text(encoding="utf-8")
    assert "**gate failed**" in text and "**FAIL**" in text and "claims.f1" in text
    report = (tmp_path / "run" / "report.md").read_text(encoding="utf-8")
    assert "**gate failed**" in report and "### Claims that appeared or disappeared" in report
    assert " is not " in report  # a negated claim, listed as appeared
    assert len(report) < 65_536


def test_newly_failed_document_is_a_failed_case(tmp_path: Path) -> None:
    lines = lines_of(GOOD)
    lines[1] = {"id": lines[1]["id"], "error": {"type": "APITimeoutError", "message": "slow"}}
    outcome = gated(write_lines(tmp_path / "p.jsonl", lines), tmp_path, "--baseline", str(BASELINE))
    assert outcome.exit_code == 1, outcome.output
    _, cases = read_junit(tmp_path / "junit.xml")
    failed = failures(cases)
    assert failed[lines[1]["id"]] == [f"newly failed: {lines[1]['id']}: APITimeoutError: slow"]
    report = (tmp_path / "run" / "report.md").read_text(encoding="utf-8")
    assert "### Newly failed documents" in report


def test_not_comparable_run_is_a_failed_settings_case(tmp_path: Path) -> None:
    outcome = gated(GOOD, tmp_path, "--baseline", str(BASELINE), "--max-claims", "12")
    assert outcome.exit_code == 2, outcome.output
    _, cases = read_junit(tmp_path / "junit.xml")
    failed = failures(cases)
    assert list(failed) == ["max_claims"]
    assert "not comparable" in failed["max_claims"][0]


def test_without_a_baseline_the_file_records_scores(tmp_path: Path) -> None:
    summary = tmp_path / "step-summary.md"
    outcome = gated(GOOD, tmp_path, summary=summary)
    assert outcome.exit_code == 0, outcome.output
    xml, cases = read_junit(tmp_path / "junit.xml")
    assert next(iter(xml)).failures == 0
    assert "claims.f1" in [c.name for c in cases]
    assert "not gated" in summary.read_text(encoding="utf-8")


def test_no_summary_file_when_the_variable_is_unset(tmp_path: Path) -> None:
    outcome = gated(GOOD, tmp_path, "--baseline", str(BASELINE))
    assert outcome.exit_code == 0, outcome.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["junit.xml", "run"]


def test_model_text_cannot_inject_into_report_md(tmp_path: Path) -> None:
    """A claim carrying HTML, terminal escapes (OSC 8 hyperlink, CSI colour, 8-bit CSI), a
    bidi override, a zero-width space, an @mention, a table cell and a link reaches report.md,
    claims.md, the job summary and the JUnit file as inert text."""
    lines = lines_of(GOOD)
    lines[0]["result"]["claims"][0]["text"] = HOSTILE
    lines[0]["result"]["title"] = HOSTILE
    summary = tmp_path / "step-summary.md"
    outcome = gated(write_lines(tmp_path / "p.jsonl", lines), tmp_path, "--baseline",
                    str(BASELINE), summary=summary)  # fmt: skip
    assert outcome.exit_code in (0, 1), outcome.output
    run = tmp_path / "run"
    report = (run / "report.md").read_text(encoding="utf-8")
    claims = (run / "claims.md").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert('pwned')&lt;/script&gt;" in report  # shown, as text
    for text in (report, claims, summary.read_text(encoding="utf-8")):
        assert "<script" not in text
        assert not any(c in text for c in "\x1b\x07\x9b\u202e\u200b")
        # whole sequences go, not just their ESC: no hyperlink target, colour or erase code
        assert "8;;" not in text and "31m" not in text and "2J" not in text
        assert "@everyone" not in text
        assert "[link](http" not in text and "| a cell |" not in text
    assert "\\[link\\](http" in report and "\\| a cell \\|" in report
    xml_text = (tmp_path / "junit.xml").read_text(encoding="utf-8")
    assert "\x1b" not in xml_text and "\x07" not in xml_text
    read_junit(tmp_path / "junit.xml")


def test_junit_path_may_not_be_an_input(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(GOLD.read_bytes())
    for target in (gold, tmp_path):
        args = ["eval", str(GOLD), "--predictions", str(GOOD), "--out", str(tmp_path / "run"),
                "--junit-xml", str(target if target != gold else GOOD)]  # fmt: skip
        outcome = CliRunner().invoke(app, args)
        expected = "which this run reads" if target == gold else "is not a regular file"
        assert outcome.exit_code == 2 and expected in outcome.output
    assert not (tmp_path / "run").exists()
