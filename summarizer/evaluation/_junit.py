"""The gate's verdict as a JUnit XML report, for CI systems (``summarizer eval --junit-xml``).

One ``<testsuite>`` for the run, its ``<properties>`` the run's settings (model, backend,
template and its hash, matcher and threshold, judge, strategy, evidence mode, gold file and its
digest, counts, repeats). Test cases:

- ``metrics``: one per gated metric; a failure's message is the gate's own line (metric, now,
  baseline, limit, the documents that fell). Without a baseline every metric passes: the file
  then only records the scores (in each case's ``system-out``).
- ``settings``: one per setting in which the run differs from the baseline; a failure when it
  was not allowed (the runs are not comparable).
- ``documents``: one per gold document; a failure when it failed now and not in the baseline,
  ``skipped`` when it failed in the baseline too (not a regression, but not a pass either).

The file follows the schema the Jenkins xUnit plugin validates against (Surefire's format),
which GitHub test-report actions and GitLab's ``artifacts:reports:junit`` read too.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._report_md import SCORE_METRICS, append_step_summary, write_markdown
from ._run import EvalRun

if TYPE_CHECKING:
    from ._gate_result import GateResult

__all__ = ["junit_xml", "run_properties", "write_gate_outputs", "write_junit"]

_SUITE = "summarizer eval"


def _xml_safe(text: object) -> str:
    """``text`` without the characters XML 1.0 cannot hold (control characters, which a
    model's answer may contain)."""
    return "".join(
        c
        for c in str(text)
        if c in "\t\n\r" or 0x20 <= ord(c) <= 0xD7FF or 0xE000 <= ord(c) <= 0xFFFD
        or 0x10000 <= ord(c) <= 0x10FFFF
    )  # fmt: skip


def run_properties(run: EvalRun) -> list[tuple[str, str]]:
    """The run's settings, flattened to ``(name, value)`` pairs."""
    info: dict[str, Any] = run.run.model_dump(mode="json")
    template = info.get("template") or {}
    pairs = [
        ("model", info.get("model")),
        ("backend", info.get("backend")),
        ("template", template.get("name") if isinstance(template, dict) else template),
        ("template_sha256", template.get("sha256") if isinstance(template, dict) else None),
        ("evidence_mode", info.get("evidence_mode")),
        ("strategy", info.get("strategy")),
        ("max_claims", info.get("max_claims")),
        ("judge", info.get("judge")),
        ("matcher", info.get("matcher")),
        ("threshold", info.get("threshold")),
        ("gold", info.get("gold")),
        ("gold_sha256", info.get("gold_sha256")),
        ("n_documents", info.get("n_documents")),
        ("n_failed", info.get("n_failed")),
        ("predictions", info.get("predictions")),
    ]
    repeat = info.get("repeat")
    if isinstance(repeat, dict):
        pairs.append(("repeat", repeat.get("n")))
    return [(name, _xml_safe(value)) for name, value in pairs if value is not None]


def _case(parent: ET.Element, classname: str, name: str) -> ET.Element:
    return ET.SubElement(
        parent, "testcase", {"classname": classname, "name": _xml_safe(name), "time": "0"}
    )


def _fail(case: ET.Element, message: str, kind: str) -> None:
    text = _xml_safe(message)
    element = ET.SubElement(case, "failure", {"message": text, "type": kind})
    element.text = text


def _metric_cases(suite: ET.Element, run: EvalRun, gate: GateResult | None) -> None:
    if gate is None:
        for name in SCORE_METRICS:
            metric = run.model_metrics.get(name)
            if metric is None or metric.mean is None:
                continue
            case = _case(suite, "summarizer.eval.metrics", name)
            out = ET.SubElement(case, "system-out")
            out.text = f"{name}: {metric.mean:.4f} (95% CI {metric.ci_low}, {metric.ci_high})"
        return
    for row in gate.rows:
        case = _case(suite, "summarizer.eval.metrics", row.metric)
        for failure in gate.failures:
            if failure.metric == row.metric:
                _fail(case, str(failure), failure.reason)
        out = ET.SubElement(case, "system-out")
        out.text = (
            f"{row.metric}: now {row.current} (95% CI {row.ci_low}, {row.ci_high}), baseline "
            f"{row.baseline}, tolerance {row.tolerance}, floor {row.floor}"
        )
    for difference in gate.differences:
        case = _case(suite, "summarizer.eval.settings", difference.name)
        if difference in gate.incomparable:
            _fail(case, f"not comparable with the baseline: {difference}", "not-comparable")
        else:
            out = ET.SubElement(case, "system-out")
            out.text = f"allowed difference: {difference}"


def _document_cases(suite: ET.Element, run: EvalRun, gate: GateResult | None) -> None:
    newly = set(gate.newly_failed) if gate is not None else set()
    for doc in run.documents:
        case = _case(suite, "summarizer.eval.documents", doc.gold.id)
        error = doc.error or {}
        if doc.result is None:
            line = f"{doc.gold.id}: {error.get('type', 'error')}: {error.get('message', '')}"
            if gate is None or doc.gold.id in newly:
                _fail(case, f"newly failed: {line}" if gate else f"failed: {line}", "failed")
            else:
                skipped = ET.SubElement(case, "skipped")
                skipped.set("message", _xml_safe(f"failed in the baseline too: {line}"))
            continue
        flat = doc.score.metrics()
        out = ET.SubElement(case, "system-out")
        out.text = ", ".join(
            f"{name} {value:.3f}" for name, value in flat.items() if isinstance(value, float)
        )


def junit_xml(run: EvalRun, gate: GateResult | None = None) -> str:
    """The JUnit XML document for ``run`` and, when it was gated, ``gate``."""
    root = ET.Element("testsuites", {"name": _SUITE})
    suite = ET.SubElement(
        root, "testsuite", {"name": _xml_safe(f"{_SUITE}: {run.run.get('gold')}")}
    )
    properties = ET.SubElement(suite, "properties")
    for name, value in run_properties(run):
        ET.SubElement(properties, "property", {"name": name, "value": value})
    _metric_cases(suite, run, gate)
    _document_cases(suite, run, gate)
    cases = suite.findall("testcase")
    counts: dict[str, int] = {
        "tests": len(cases),
        "failures": sum(1 for c in cases if c.find("failure") is not None),
        "errors": 0,
        "skipped": sum(1 for c in cases if c.find("skipped") is not None),
    }
    for key, count in counts.items():
        suite.set(key, str(count))
        if key != "skipped":
            root.set(key, str(count))
    suite.set("time", "0")
    suite.set("timestamp", datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S"))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_junit(run: EvalRun, gate: GateResult | None, path: str | Path) -> Path:
    """Write ``junit_xml`` to ``path`` (its folder is made); atomic (a temporary file beside it,
    then renamed)."""
    file = Path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_name(f".{file.name}.tmp")
    tmp.write_text(junit_xml(run, gate), encoding="utf-8")
    tmp.replace(file)
    return file


def write_gate_outputs(
    run: EvalRun,
    gate: GateResult | None,
    *,
    junit: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> None:
    """What CI reads after a run is gated (or not): ``report.md`` in the run folder rewritten
    with the verdict, the JUnit file when ``junit`` is given, and the job summary appended when
    ``GITHUB_STEP_SUMMARY`` is set."""
    write_markdown(run, run.out_dir / "report.md", gate)
    if junit is not None:
        write_junit(run, gate, junit)
    append_step_summary(run, gate, environ)
