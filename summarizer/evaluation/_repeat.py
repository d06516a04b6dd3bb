"""Repeated runs (``summarizer eval --repeat N``): how much a live model's scores move from run
to run, and a gate tolerance derived from it.

``run_repeated`` runs every gold document ``N`` times with the response cache off (the cache
would replay the first answer), through the unchanged runner: the first run is the run folder
(its scores are the ones gated and reported); runs 2..N are scored into temporary folders and
only their ``results.jsonl`` is kept, as ``repeats/<k>.jsonl`` in the run folder. Each metric's
spread over the ``N`` run means is recorded in ``summary.json`` under ``run.repeat``::

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

import json
import math
import shutil
import statistics
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scipy import stats

from .._errors import ConfigurationError
from ._baseline_file import Baseline
from ._gate import GateFailure, GateResult, MetricGate, Suite, compare
from ._matching import DEFAULT_MATCHER, Matcher
from ._report import write_html, write_markdown
from ._run import SUMMARY_FILE, EvalRun, summary_payload
from ._runner import run_eval

if TYPE_CHECKING:
    from .._protocols import SummarizerLike

__all__ = [
    "NoiseGateFailure",
    "apply_noise",
    "compare_with_noise",
    "explain_noise",
    "noise_tolerance",
    "run_repeated",
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


def run_repeated(
    gold: Any,
    summarizer: SummarizerLike,
    out_dir: Path,
    repeat: int,
    *,
    concurrency: int = 2,
    matcher: Matcher | str = DEFAULT_MATCHER,
    threshold: float | None = None,
    reports: bool = True,
) -> EvalRun:
    """``run_eval`` ``repeat`` times (the summarizer's cache must be off); the first run's
    folder with ``run.repeat`` added (see the module's docstring)."""
    if repeat < 1:
        raise ConfigurationError(f"--repeat must be at least 1, not {repeat}")
    if repeat > 1 and summarizer.cache is not None:
        raise ConfigurationError("--repeat needs the response cache off (it replays answers)")
    out_dir = Path(out_dir)
    first = run_eval(gold, summarizer, out_dir, concurrency=concurrency, matcher=matcher,
                     threshold=threshold, reports=reports)  # fmt: skip
    if repeat == 1:
        return first
    runs = [first]
    scratch = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.repeats-", dir=out_dir.parent))
    try:
        for k in range(2, repeat + 1):
            runs.append(
                run_eval(
                    gold,
                    summarizer,
                    scratch / str(k),
                    concurrency=concurrency,
                    matcher=matcher,
                    threshold=threshold,
                    reports=False,
                )
            )
        kept = out_dir / "repeats"
        kept.mkdir(exist_ok=True)
        for k in range(2, repeat + 1):
            shutil.move(scratch / str(k) / "results.jsonl", kept / f"{k}.jsonl")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    first.run.repeat = spread(runs)
    summary = out_dir / SUMMARY_FILE
    tmp = summary.with_name(summary.name + ".tmp")
    tmp.write_text(json.dumps(summary_payload(first), indent=2, ensure_ascii=False) + "\n",
                   encoding="utf-8")  # fmt: skip
    tmp.replace(summary)
    if reports:
        write_markdown(first, out_dir / "report.md")
        write_html(first, out_dir / "report.html")
    return first


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
