"""The regression gate: compare a run with a committed baseline under a suite's tolerances.

A suite (``evals/suite.toml``) names the gated metrics::

    [metrics."claims.f1"]
    tolerance = 0.03   # allowed drop of the mean below the baseline's mean
    floor = 0.01       # the mean may never be below this

A baseline file is what ``baseline_payload`` makes of a run (``--write-baseline``)::

    {"format": "summarizer-baseline", "version": 2,
     "summary": {... summary.json: metrics, per-document metrics, run facts ...},
     "claims": {"000_seed_isis": ["claim text", ...], ...},
     "failed": ["id", ...], "errors": {"id": {"type": ..., "message": ...}}}

``compare`` first checks that the two runs are comparable: the same gold file (digest of its
documents and labels), template, evidence mode, matcher (and threshold), support judge,
``max_claims`` and model (``CONFIG_KEYS``). A difference fails the gate as *not comparable*
unless it is allowed by name (``allow``), and then it is reported. Then a metric fails when its
mean is below its floor, or more than ``tolerance`` below the baseline's mean; the failure names
the documents whose value fell. A document that fails now but did not in the baseline fails the
gate and is named. Claims that appeared or disappeared (by exact text) are listed per document.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._errors import GateError
from ._run import EvalRun, summary_payload

__all__ = [
    "BASELINE_FORMAT",
    "BASELINE_VERSION",
    "CONFIG_KEYS",
    "ClaimDiff",
    "ConfigDifference",
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
    "run_config",
    "write_baseline",
]

BASELINE_FORMAT = "summarizer-baseline"
BASELINE_VERSION = 2
# What must be equal for two runs' scores to be compared (``--allow-difference NAME``).
CONFIG_KEYS = (
    "gold", "template", "evidence_mode", "strategy", "matcher", "judge", "max_claims", "model",
)  # fmt: skip
_MOVED_SHOWN = 5


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
class ConfigDifference:
    """One setting in which the run differs from the baseline."""

    name: str
    baseline: Any
    current: Any

    def __str__(self) -> str:
        return f"{self.name} (baseline {_short(self.baseline)}, this run {_short(self.current)})"


def _short(value: Any) -> str:
    if value is None:
        return "not recorded"
    text = str(value)
    return text[:12] if len(text) == 64 and all(c in "0123456789abcdef" for c in text) else text


@dataclass(frozen=True)
class GateFailure:
    metric: str
    current: float | None
    baseline: float | None
    limit: float
    reason: str  # "floor" | "regression" | "missing" | "config:BEFORE->NOW" | "newly-failed"
    # documents whose value fell ("id 0.950 -> 0.400"), or the failed document's error
    detail: tuple[str, ...] = ()

    def __str__(self) -> str:
        cur = "n/a" if self.current is None else f"{self.current:.4f}"
        base = "n/a" if self.baseline is None else f"{self.baseline:.4f}"
        if self.reason == "floor":
            text = f"{self.metric}: {cur} is below the floor {self.limit:.4f}"
        elif self.reason.startswith("config:"):
            before, _, now = self.reason[len("config:") :].partition("->")
            return f"{self.metric}: the baseline used {before}, this run {now}: not comparable"
        elif self.reason == "missing":
            text = f"{self.metric}: no value in the current run (baseline {base})"
        elif self.reason == "newly-failed":
            return f"{self.metric}: newly failed: " + "; ".join(self.detail)
        else:
            text = (
                f"{self.metric}: {cur} dropped below baseline {base} by more than the tolerance "
                f"(limit {self.limit:.4f})"
            )
        if self.detail:
            text += "; documents that fell: " + ", ".join(self.detail)
        return text


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
    differences: list[ConfigDifference] = field(default_factory=list)
    allowed: list[ConfigDifference] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def incomparable(self) -> list[ConfigDifference]:
        """Differences that were not allowed: the runs cannot be compared."""
        return [d for d in self.differences if d not in self.allowed]


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise GateError(f"{where}: expected a number, got {value!r}")
    return float(value)


def _read(
    file: Path,
    what: str,
    parse: Callable[[str], Any],
    invalid: type[Exception],
    syntax: str,
) -> Any:
    """``file`` parsed; a ``GateError`` naming it when it cannot be read or parsed."""
    try:
        return parse(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GateError(f"cannot read {what} {file}: {exc.strerror}") from None
    except invalid as exc:
        raise GateError(f"{file}: invalid {syntax}: {exc}") from None


def load_suite(path: str | Path) -> Suite:
    """Read a suite TOML file; every problem is a ``GateError`` naming the file."""
    file = Path(path)
    data = _read(file, "suite", tomllib.loads, tomllib.TOMLDecodeError, "TOML")
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
        if line.strip():
            record = json.loads(line)
            result = record.get("result") or {}
            claims[record["id"]] = [c["text"] for c in result.get("claims", [])]
    return claims


def baseline_payload(run: EvalRun) -> dict[str, Any]:
    """A run as a baseline (and as ``compare`` reads the current run)."""
    return {
        "format": BASELINE_FORMAT,
        "version": BASELINE_VERSION,
        "summary": summary_payload(run),
        "claims": {
            d.gold.id: [c.text for c in d.result.claims] if d.result is not None else []
            for d in run.documents
        },
        "failed": [d.gold.id for d in run.documents if d.result is None],
        "errors": {d.gold.id: d.error for d in run.documents if d.error is not None},
    }


def write_baseline(run: EvalRun, path: str | Path) -> None:
    file = Path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(
        json.dumps(baseline_payload(run), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def load_baseline(path: str | Path) -> dict[str, Any]:
    file = Path(path)
    data = _read(file, "baseline", json.loads, json.JSONDecodeError, "JSON")
    if not isinstance(data, dict) or data.get("format") != BASELINE_FORMAT:
        raise GateError(f"{file}: not a summarizer baseline (write one with --write-baseline)")
    if data.get("version") != BASELINE_VERSION:
        raise GateError(
            f"{file}: baseline version {data.get('version')!r}, this version reads "
            f"{BASELINE_VERSION}: write it again with --write-baseline (it records the run's "
            "settings, so that runs made differently are not compared)"
        )
    return data


def run_config(facts: dict[str, Any]) -> dict[str, Any]:
    """The settings of ``CONFIG_KEYS``, from a run's facts (``summary.json``'s ``run``)."""
    template = facts.get("template")
    matcher = facts.get("matcher")
    threshold = facts.get("threshold")
    return {
        "gold": facts.get("gold_sha256"),
        "template": template.get("sha256") if isinstance(template, dict) else template,
        "evidence_mode": facts.get("evidence_mode"),
        "strategy": facts.get("strategy"),
        "matcher": None if matcher is None else f"{matcher}@{threshold}",
        "judge": facts.get("judge"),
        "max_claims": facts.get("max_claims"),
        "model": facts.get("model"),
    }


def _mean(summary: dict[str, Any], metric: str) -> float | None:
    entry = summary.get("model", {}).get(metric)
    if not isinstance(entry, dict):
        return None
    value = entry.get("mean")
    return None if value is None else float(value)


def _fell(current: dict[str, Any], baseline: dict[str, Any], metric: str) -> tuple[str, ...]:
    """Documents whose ``metric`` is lower than in the baseline, the largest fall first."""
    now_docs, before_docs = current.get("documents", {}), baseline.get("documents", {})
    fell: list[tuple[float, str]] = []
    for doc_id, before_metrics in before_docs.items():
        before = before_metrics.get(metric)
        now = now_docs.get(doc_id, {}).get(metric)
        if before is None:
            continue
        if now is None or now < before - 1e-9:
            drop = before - (now if now is not None else 0.0)
            now_text = "n/a" if now is None else f"{now:.3f}"
            fell.append((drop, f"{doc_id} {before:.3f} -> {now_text}"))
    fell.sort(key=lambda item: -item[0])
    shown = [text for _, text in fell[:_MOVED_SHOWN]]
    if len(fell) > _MOVED_SHOWN:
        shown.append(f"{len(fell) - _MOVED_SHOWN} more")
    return tuple(shown)


def _as_payload(current: EvalRun | dict[str, Any]) -> dict[str, Any]:
    if isinstance(current, EvalRun):
        return baseline_payload(current)
    if current.get("format") == BASELINE_FORMAT:
        return current
    return {"summary": current}  # a bare summary.json: metrics only


def compare(
    current: EvalRun | dict[str, Any],
    baseline: dict[str, Any],
    suite: Suite,
    *,
    allow: Iterable[str] = (),
) -> GateResult:
    """Gate ``current`` (an ``EvalRun``, or a baseline-format dict) on ``baseline``.

    ``allow``: names of ``CONFIG_KEYS`` that may differ (reported in ``result.allowed``).
    """
    allowed = set(allow)
    unknown = allowed - set(CONFIG_KEYS)
    if unknown:
        raise GateError(
            f"unknown --allow-difference {', '.join(sorted(unknown))}: "
            f"choose from {', '.join(CONFIG_KEYS)}"
        )
    payload = _as_payload(current)
    now_summary = payload["summary"]
    base_summary = baseline["summary"] if baseline.get("format") == BASELINE_FORMAT else baseline
    result = GateResult()
    now_cfg = run_config(now_summary.get("run", {}))
    before_cfg = run_config(base_summary.get("run", {}))
    for key in CONFIG_KEYS:
        if now_cfg[key] != before_cfg[key]:
            difference = ConfigDifference(key, before_cfg[key], now_cfg[key])
            result.differences.append(difference)
            if key in allowed:
                result.allowed.append(difference)
            else:
                reason = f"config:{_short(before_cfg[key])}->{_short(now_cfg[key])}"
                result.failures.append(GateFailure(f"run.{key}", None, None, 0.0, reason))

    for gate in suite.metrics:
        now, before = _mean(now_summary, gate.name), _mean(base_summary, gate.name)
        interval = now_summary.get("model", {}).get(gate.name) or {}
        row: dict[str, Any] = {
            "metric": gate.name,
            "current": now,
            "baseline": before,
            "ci": (interval.get("ci_low"), interval.get("ci_high")),
            "tolerance": gate.tolerance,
            "floor": gate.floor,
            "ok": True,
        }
        fell = _fell(now_summary, base_summary, gate.name)
        if now is None:
            if before is not None:
                result.failures.append(GateFailure(gate.name, None, before, 0.0, "missing", fell))
                row["ok"] = False
        else:
            if gate.floor is not None and now < gate.floor - 1e-12:
                failure = GateFailure(gate.name, now, before, gate.floor, "floor", fell)
                result.failures.append(failure)
                row["ok"] = False
            if before is not None and now < before - gate.tolerance - 1e-12:
                limit = before - gate.tolerance
                failure = GateFailure(gate.name, now, before, limit, "regression", fell)
                result.failures.append(failure)
                row["ok"] = False
        result.rows.append(row)

    before_failed = set(baseline.get("failed", []))
    errors: dict[str, Any] = payload.get("errors", {})
    result.newly_failed = [d for d in payload.get("failed", []) if d not in before_failed]
    if result.newly_failed:
        detail = []
        for doc_id in result.newly_failed:
            error = errors.get(doc_id) or {}
            detail.append(f"{doc_id} ({error.get('type', 'error')}: {error.get('message', '')})")
        result.failures.append(
            GateFailure("documents", None, None, 0.0, "newly-failed", tuple(detail))
        )
    base_claims: dict[str, list[str]] = baseline.get("claims", {})
    current_claims: dict[str, list[str]] | None = payload.get("claims")
    if current_claims is not None:
        for doc_id in sorted(set(base_claims) | set(current_claims)):
            old, new = base_claims.get(doc_id, []), current_claims.get(doc_id, [])
            old_set, new_set = set(old), set(new)
            appeared = [c for c in new if c not in old_set]
            disappeared = [c for c in old if c not in new_set]
            if appeared or disappeared:
                result.claim_diffs.append(ClaimDiff(doc_id, appeared, disappeared))
    return result
