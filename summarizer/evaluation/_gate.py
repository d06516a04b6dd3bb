"""The regression gate: compare a run with a committed baseline under a suite's tolerances.

A suite (``evals/suite.toml``) names the gated metrics::

    [metrics."claims.f1"]
    tolerance = 0.03   # allowed drop of the mean below the baseline's mean
    floor = 0.01       # the mean may never be below this

A baseline file is a run's ``summary.json`` plus the claim texts of every document::

    {"format": "summarizer-baseline", "version": 1,
     "summary": {... summary.json ...},
     "claims": {"000_seed_isis": ["claim text", ...], ...}}

``compare`` fails a metric when its mean is below its floor, or more than ``tolerance`` below
the baseline's mean. It also lists, per document, the claims that appeared or disappeared
(by exact claim text) and the documents that newly failed.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._errors import SummarizerError
from ._runner import EvalRun, summary_payload

__all__ = [
    "BASELINE_FORMAT",
    "ClaimDiff",
    "GateError",
    "GateFailure",
    "GateResult",
    "MetricGate",
    "Suite",
    "baseline_payload",
    "claims_from_results",
    "compare",
    "load_baseline",
    "load_suite",
    "write_baseline",
]

BASELINE_FORMAT = "summarizer-baseline"
BASELINE_VERSION = 1


class GateError(SummarizerError):
    """A suite or baseline file is missing or malformed."""


@dataclass(frozen=True)
class MetricGate:
    name: str
    tolerance: float = 0.0
    floor: float | None = None


@dataclass(frozen=True)
class Suite:
    metrics: tuple[MetricGate, ...]
    path: Path | None = None


@dataclass(frozen=True)
class GateFailure:
    metric: str
    current: float | None
    baseline: float | None
    limit: float
    reason: str  # "floor" | "regression" | "missing" | "config:BEFORE->NOW"

    def __str__(self) -> str:
        cur = "n/a" if self.current is None else f"{self.current:.4f}"
        if self.reason == "floor":
            return f"{self.metric}: {cur} is below the floor {self.limit:.4f}"
        if self.reason.startswith("config:"):
            before, _, now = self.reason[len("config:") :].partition("->")
            return f"{self.metric}: the baseline used {before}, this run {now}: not comparable"
        if self.reason == "missing":
            return f"{self.metric}: no value in the current run"
        base = "n/a" if self.baseline is None else f"{self.baseline:.4f}"
        return (
            f"{self.metric}: {cur} dropped below baseline {base} by more than the tolerance "
            f"(limit {self.limit:.4f})"
        )


@dataclass(frozen=True)
class ClaimDiff:
    id: str
    appeared: list[str]
    disappeared: list[str]


@dataclass
class GateResult:
    failures: list[GateFailure] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    claim_diffs: list[ClaimDiff] = field(default_factory=list)
    newly_failed: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise GateError(f"{where}: expected a number, got {value!r}")
    return float(value)


def load_suite(path: str | Path) -> Suite:
    """Read a suite TOML file; every problem is a ``GateError`` naming the file."""
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GateError(f"cannot read suite {file}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise GateError(f"{file}: invalid TOML: {exc}") from None
    metrics = data.get("metrics")
    if not isinstance(metrics, dict) or not metrics:
        raise GateError(f'{file}: needs a [metrics."NAME"] table per gated metric')
    gates = []
    for name, spec in metrics.items():
        if not isinstance(spec, dict):
            raise GateError(f"{file}: metrics.{name} must be a table")
        unknown = set(spec) - {"tolerance", "floor"}
        if unknown:
            raise GateError(f"{file}: metrics.{name}: unknown keys {sorted(unknown)}")
        tolerance = _number(spec.get("tolerance", 0.0), f"{file}: metrics.{name}.tolerance")
        floor = spec.get("floor")
        gates.append(
            MetricGate(
                name=name,
                tolerance=tolerance,
                floor=None if floor is None else _number(floor, f"{file}: metrics.{name}.floor"),
            )
        )
    return Suite(metrics=tuple(gates), path=file)


def claims_from_results(results_path: str | Path) -> dict[str, list[str]]:
    """Claim texts per document id, read from a run's ``results.jsonl``."""
    claims: dict[str, list[str]] = {}
    for line in Path(results_path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        result = record.get("result") or {}
        claims[record["id"]] = [c["text"] for c in result.get("claims", [])]
    return claims


def baseline_payload(run: EvalRun) -> dict[str, Any]:
    return {
        "format": BASELINE_FORMAT,
        "version": BASELINE_VERSION,
        "summary": summary_payload(run),
        "claims": {
            d.gold.id: [c.text for c in d.result.claims] if d.result is not None else []
            for d in run.documents
        },
        "failed": [d.gold.id for d in run.documents if d.result is None],
    }


def write_baseline(run: EvalRun, path: str | Path) -> None:
    file = Path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(
        json.dumps(baseline_payload(run), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def load_baseline(path: str | Path) -> dict[str, Any]:
    file = Path(path)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GateError(f"cannot read baseline {file}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise GateError(f"{file}: invalid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != BASELINE_FORMAT:
        raise GateError(f"{file}: not a summarizer baseline (write one with --write-baseline)")
    if data.get("version") != BASELINE_VERSION:
        raise GateError(f"{file}: unsupported baseline version {data.get('version')!r}")
    return data


def _mean(summary: dict[str, Any], metric: str) -> float | None:
    entry = summary.get("model", {}).get(metric)
    if not isinstance(entry, dict):
        return None
    value = entry.get("mean")
    return None if value is None else float(value)


def compare(
    current: dict[str, Any],
    baseline: dict[str, Any],
    suite: Suite,
    *,
    current_claims: dict[str, list[str]] | None = None,
) -> GateResult:
    """Gate ``current`` (a ``summary.json`` dict, or a baseline-format dict) on ``baseline``.

    ``current_claims`` (claim texts per document, e.g. from ``claims_from_results``) enables
    the per-document claim diff; a baseline-format ``current`` carries its own.
    """
    if current.get("format") == BASELINE_FORMAT:
        current_claims = current_claims or current.get("claims")
        current_failed = list(current.get("failed", []))
        current = current["summary"]
    else:
        current_failed = []
    base_summary = baseline["summary"] if baseline.get("format") == BASELINE_FORMAT else baseline
    result = GateResult()
    for key in ("matcher", "threshold"):
        now_cfg = current.get("run", {}).get(key)
        before_cfg = base_summary.get("run", {}).get(key)
        if now_cfg is not None and before_cfg is not None and now_cfg != before_cfg:
            result.failures.append(
                GateFailure(f"run.{key}", None, None, 0.0, f"config:{before_cfg}->{now_cfg}")
            )
    for gate in suite.metrics:
        now, before = _mean(current, gate.name), _mean(base_summary, gate.name)
        row: dict[str, Any] = {
            "metric": gate.name,
            "current": now,
            "baseline": before,
            "tolerance": gate.tolerance,
            "floor": gate.floor,
            "ok": True,
        }
        if now is None:
            if before is not None:
                result.failures.append(GateFailure(gate.name, None, before, 0.0, "missing"))
                row["ok"] = False
        else:
            if gate.floor is not None and now < gate.floor - 1e-12:
                result.failures.append(GateFailure(gate.name, now, before, gate.floor, "floor"))
                row["ok"] = False
            if before is not None and now < before - gate.tolerance - 1e-12:
                limit = before - gate.tolerance
                result.failures.append(GateFailure(gate.name, now, before, limit, "regression"))
                row["ok"] = False
        result.rows.append(row)

    before_failed = set(baseline.get("failed", []))
    result.newly_failed = [doc for doc in current_failed if doc not in before_failed]
    base_claims: dict[str, list[str]] = baseline.get("claims", {})
    if current_claims is not None:
        for doc_id in sorted(set(base_claims) | set(current_claims)):
            old, new = base_claims.get(doc_id, []), current_claims.get(doc_id, [])
            old_set, new_set = set(old), set(new)
            appeared = [c for c in new if c not in old_set]
            disappeared = [c for c in old if c not in new_set]
            if appeared or disappeared:
                result.claim_diffs.append(ClaimDiff(doc_id, appeared, disappeared))
    return result
