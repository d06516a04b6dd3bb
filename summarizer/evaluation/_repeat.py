"""Repeated runs (``summarizer eval --repeat N``): how much a live model's scores move from run
to run, and a gate tolerance derived from it.

``run_repeated`` (in ``_runner``, beside ``run_eval``) runs every gold document ``N`` times
with the response cache off (the cache would replay the first answer), through the unchanged
runner: the first run is the run folder (its scores are the ones gated and reported); runs 2..N
are scored into temporary folders and only their ``results.jsonl`` is kept, as
``repeats/<k>.jsonl`` in the run folder. Each metric's spread over the ``N`` run means is
recorded in ``summary.json`` under ``run.repeat``::

    {"n": 5, "metrics": {"claims.f1": {"sd": 0.012, "min": 0.61, "max": 0.64,
                                       "tolerance": 0.04}, ...}}

and shown beside the bootstrap CI in the reports. The bootstrap CI says how much the mean would
move with other documents; the spread says how much it moves with the same documents asked
again.

**The tolerance rule.** A baseline written with ``--update-baseline`` (or ``--write-baseline``)
from a repeated run carries that spread; gating a later run on it, a metric's tolerance is

    tolerance = max(0.01, ceil_0.01(t_0.95(N - 1) * sqrt(2) * sd))

where ``sd`` is the sample standard deviation of the metric's mean over the ``N`` runs and
``t_0.95(N - 1)`` the one-sided 95% quantile of Student's t with ``N - 1`` degrees of freedom
(few runs give a wide tolerance, not a falsely tight one): the difference of two independent
runs' means has standard deviation ``sqrt(2) * sd``, so an unchanged system falls below the
limit in about one gate in twenty. The suite's tolerance is replaced by it for that metric
(floors still apply), and a failure says "fell beyond the noise measured over N runs".
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from scipy import stats

from ._baseline_file import Baseline
from ._gate import GateFailure, GateResult, MetricGate, Suite, compare
from ._run import EvalRun

__all__ = [
    "NoiseGateFailure",
    "apply_noise",
    "compare_with_noise",
    "explain_noise",
    "noise_tolerance",
    "spread",
]


def noise_tolerance(sd: float, n: int) -> float:
    """The tolerance rule above."""
    if n < 2:
        raise ValueError("a spread needs at least two runs")
    t = float(stats.t.ppf(0.95, n - 1))
    return max(0.01, math.ceil(round(t * math.sqrt(2) * sd * 100, 9)) / 100)


def spread(runs: list[EvalRun]) -> dict[str, Any]:
    """``run.repeat`` of the first of ``runs``: each metric's sd, min, max and tolerance."""
    metrics: dict[str, dict[str, float]] = {}
    for name in runs[0].model_metrics:
        means = [r.model_metrics[name].mean for r in runs if name in r.model_metrics]
        values = [float(m) for m in means if m is not None]
        if len(values) != len(runs):
            continue
        sd = statistics.stdev(values)
        metrics[name] = {
            "sd": sd,
            "min": min(values),
            "max": max(values),
            "tolerance": noise_tolerance(sd, len(runs)),
        }
    return {"n": len(runs), "metrics": metrics}


@dataclass(frozen=True)
class NoiseGateFailure(GateFailure):
    """A regression judged against the noise a repeated baseline measured."""

    repeats: int = 0

    def __str__(self) -> str:
        return f"{super().__str__()}; fell beyond the noise measured over {self.repeats} runs"


def _noise(baseline: dict[str, Any]) -> dict[str, Any] | None:
    summary = baseline.get("summary", baseline)
    repeat = summary.get("run", {}).get("repeat") if isinstance(summary, dict) else None
    return repeat if isinstance(repeat, dict) and isinstance(repeat.get("metrics"), dict) else None


def apply_noise(suite: Suite, baseline: dict[str, Any]) -> Suite:
    """``suite`` with each metric's tolerance set by the baseline's measured spread (the rule
    above), when the baseline was written from a repeated run; else ``suite`` unchanged."""
    noise = _noise(baseline)
    if noise is None:
        return suite
    gates: list[MetricGate] = []
    for gate in suite.metrics:
        entry = noise["metrics"].get(gate.name)
        if isinstance(entry, dict) and isinstance(entry.get("tolerance"), int | float):
            gate = replace(gate, tolerance=float(entry["tolerance"]))
        gates.append(gate)
    return replace(suite, metrics=tuple(gates))


def explain_noise(result: GateResult, baseline: dict[str, Any]) -> GateResult:
    """``result`` whose regressions on noise-derived tolerances say so."""
    noise = _noise(baseline)
    if noise is None:
        return result
    n = int(noise.get("n", 0))
    result.failures = [
        NoiseGateFailure(**{**f.__dict__, "repeats": n})
        if f.reason == "regression" and f.metric in noise["metrics"]
        else f
        for f in result.failures
    ]
    return result


def compare_with_noise(
    current: EvalRun | Baseline | dict[str, Any],
    baseline: Baseline | dict[str, Any],
    suite: Suite,
    allow: Iterable[str] = (),
) -> GateResult:
    """``compare`` (the gate), with the tolerances of a baseline written from repeated runs
    (``apply_noise``) and failures on them saying so (``explain_noise``)."""
    data = baseline.model_dump(mode="json") if isinstance(baseline, Baseline) else baseline
    result = compare(current, baseline, apply_noise(suite, data), allow=allow)
    return explain_noise(result, data)
