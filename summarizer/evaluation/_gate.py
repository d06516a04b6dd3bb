"""The regression gate: compare a run with a committed baseline under a suite's tolerances.

The suite (``_suite``) names the gated metrics with their tolerance and floor; the baseline
(``_baseline_file``) is an earlier run.

``compare`` first checks that the two runs are comparable: the same gold file (digest of its
documents and labels), template, evidence mode, matcher (and threshold), support judge,
``max_claims`` and model (``CONFIG_KEYS``). A difference fails the gate as *not comparable*
unless it is allowed by name (``allow``), and then it is reported. Then a metric fails when its
mean is below its floor, or more than ``tolerance`` below the baseline's mean; the failure names
the documents whose value fell. A document that fails now but did not in the baseline fails the
gate and is named. Claims that appeared or disappeared (by exact text) are listed per document.

A gate never passes having gated nothing: a gated metric with no finite mean in the baseline
(``"model": {}``, a metric left out, ``null``) fails as ``missing-baseline``, and one with no
value in this run while the baseline has one fails as ``missing``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from .._errors import GateError
from ._baseline_file import (
    BASELINE_FORMAT,
    BASELINE_VERSION,
    Baseline,
    as_baseline,
    baseline_of,
    baseline_payload,
    claims_from_results,
    load_baseline,
    read_baseline,
    write_baseline,
)
from ._gate_result import (
    ClaimDiff,
    ConfigDifference,
    GateFailure,
    GateResult,
    GateRow,
    short_value,
)
from ._run import EvalRun, RunInfo, RunSummary
from ._suite import MetricGate, Suite, load_suite

__all__ = [
    "BASELINE_FORMAT",
    "BASELINE_VERSION",
    "CONFIG_KEYS",
    "Baseline",
    "ClaimDiff",
    "ConfigDifference",
    "GateError",
    "GateFailure",
    "GateResult",
    "GateRow",
    "MetricGate",
    "Suite",
    "baseline_payload",
    "claims_from_results",
    "compare",
    "load_baseline",
    "load_suite",
    "read_baseline",
    "run_config",
    "write_baseline",
]

# What must be equal for two runs' scores to be compared (``--allow-difference NAME``).
CONFIG_KEYS = (
    "gold", "template", "evidence_mode", "strategy", "matcher", "judge", "max_claims", "model",
)  # fmt: skip
_MOVED_SHOWN = 5


def run_config(facts: RunInfo) -> dict[str, Any]:
    """The settings of ``CONFIG_KEYS``, from a run's facts (``summary.json``'s ``run``)."""
    matcher = facts.matcher
    return {
        "gold": facts.gold_sha256,
        "template": facts.template.sha256 if facts.template is not None else None,
        "evidence_mode": facts.evidence_mode,
        "strategy": facts.strategy,
        "matcher": None if matcher is None else f"{matcher}@{facts.threshold}",
        "judge": facts.judge,
        "max_claims": facts.max_claims,
        "model": facts.model,
    }


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _fell(current: RunSummary, baseline: RunSummary, metric: str) -> tuple[str, ...]:
    """Documents whose ``metric`` is lower than in the baseline, the largest fall first."""
    fell: list[tuple[float, str]] = []
    for doc_id, before_metrics in baseline.documents.items():
        before = _finite(before_metrics.get(metric))
        now = _finite(current.documents.get(doc_id, {}).get(metric))
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


def _as_baseline(value: EvalRun | Baseline | dict[str, Any], what: str) -> Baseline:
    if isinstance(value, EvalRun):
        return baseline_of(value)
    return as_baseline(value, what)


def _gate_metric(
    gate: MetricGate, now_summary: RunSummary, base_summary: RunSummary, result: GateResult
) -> None:
    now = _finite(now_summary.mean(gate.name))
    before = _finite(base_summary.mean(gate.name))
    interval = now_summary.model.get(gate.name)
    fell = _fell(now_summary, base_summary, gate.name)
    failures: list[GateFailure] = []
    if before is None:
        failures.append(GateFailure(gate.name, now, None, 0.0, "missing-baseline"))
    elif now is None:
        failures.append(GateFailure(gate.name, None, before, 0.0, "missing", fell))
    if now is not None and gate.floor is not None and now < gate.floor - 1e-12:
        failures.append(GateFailure(gate.name, now, before, gate.floor, "floor", fell))
    if now is not None and before is not None and now < before - gate.tolerance - 1e-12:
        limit = before - gate.tolerance
        failures.append(GateFailure(gate.name, now, before, limit, "regression", fell))
    result.failures.extend(failures)
    result.rows.append(
        GateRow(
            metric=gate.name,
            current=now,
            baseline=before,
            ci_low=interval.ci_low if interval is not None else None,
            ci_high=interval.ci_high if interval is not None else None,
            tolerance=gate.tolerance,
            floor=gate.floor,
            ok=not failures,
        )
    )


def compare(
    current: EvalRun | Baseline | dict[str, Any],
    baseline: Baseline | dict[str, Any],
    suite: Suite,
    *,
    allow: Iterable[str] = (),
) -> GateResult:
    """Gate ``current`` (an ``EvalRun``, a ``Baseline`` or baseline JSON data) on
    ``baseline`` (a ``Baseline`` or its JSON data, as ``load_baseline`` gives it).

    ``allow``: names of ``CONFIG_KEYS`` that may differ (reported in ``result.allowed``).
    A ``GateError`` when either side is not a baseline or an ``allow`` name is unknown.
    """
    allowed = set(allow)
    unknown = allowed - set(CONFIG_KEYS)
    if unknown:
        raise GateError(
            f"unknown --allow-difference {', '.join(sorted(unknown))}: "
            f"choose from {', '.join(CONFIG_KEYS)}"
        )
    now, before = _as_baseline(current, "the current run"), _as_baseline(baseline, "the baseline")
    result = GateResult()
    now_cfg, before_cfg = run_config(now.summary.run), run_config(before.summary.run)
    for key in CONFIG_KEYS:
        if now_cfg[key] != before_cfg[key]:
            difference = ConfigDifference(key, before_cfg[key], now_cfg[key])
            result.differences.append(difference)
            if key in allowed:
                result.allowed.append(difference)
            else:
                reason = f"config:{short_value(before_cfg[key])}->{short_value(now_cfg[key])}"
                result.failures.append(GateFailure(f"run.{key}", None, None, 0.0, reason))
    if not suite.metrics:
        raise GateError("the suite gates no metric")
    for gate in suite.metrics:
        _gate_metric(gate, now.summary, before.summary, result)

    before_failed = set(before.failed)
    result.newly_failed = [d for d in now.failed if d not in before_failed]
    if result.newly_failed:
        detail = []
        for doc_id in result.newly_failed:
            error = now.errors.get(doc_id)
            kind, message = (error.type, error.message) if error else ("error", "")
            detail.append(f"{doc_id} ({kind}: {message})")
        result.failures.append(
            GateFailure("documents", None, None, 0.0, "newly-failed", tuple(detail))
        )
    if now.claims is not None:
        base_claims = before.claims or {}
        for doc_id in sorted(set(base_claims) | set(now.claims)):
            old, new = base_claims.get(doc_id, []), now.claims.get(doc_id, [])
            old_set, new_set = set(old), set(new)
            appeared = [c for c in new if c not in old_set]
            disappeared = [c for c in old if c not in new_set]
            if appeared or disappeared:
                result.claim_diffs.append(ClaimDiff(doc_id, appeared, disappeared))
    return result
