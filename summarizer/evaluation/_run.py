"""The data of one evaluation run: each document's result and scores (``DocumentResult``),
the run (``EvalRun``) and what ``summary.json`` holds. The runner makes these, ``--predictions``
makes them from a results file, and the reports and the gate read them."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .._result import results_row
from .._schema import Summary
from ._aggregate import Metric
from ._gold import GoldDocument, GoldFile
from ._scoring import DocumentScore

__all__ = [
    "RESULTS_FILE",
    "SUMMARY_FILE",
    "DocumentResult",
    "EvalRun",
    "gold_digest",
    "summary_payload",
    "support_metric",
    "support_rate",
]

RESULTS_FILE = "results.jsonl"
SUMMARY_FILE = "summary.json"


@dataclass
class DocumentResult:
    """One gold document: the model's summary (or its error), and both scores."""

    gold: GoldDocument
    result: Summary | None
    error: dict[str, str] | None
    score: DocumentScore
    baseline: Summary
    baseline_score: DocumentScore

    def record(self) -> dict[str, Any]:
        """The ``results.jsonl`` line for this document."""
        outcome = self.result if self.result is not None else (self.error or {})
        line = results_row({"id": self.gold.id}, outcome)
        line["score"] = self.score.model_dump(mode="json")
        return line


@dataclass
class EvalRun:
    """Everything one evaluation produced, in gold-file order."""

    gold: GoldFile
    out_dir: Path
    documents: list[DocumentResult]
    model_metrics: dict[str, Metric]
    baseline_metrics: dict[str, Metric]
    run: dict[str, Any] = field(default_factory=dict)

    @property
    def n_failed(self) -> int:
        return sum(1 for d in self.documents if d.result is None)

    def summary(self) -> dict[str, Any]:
        return summary_payload(self)


def _metrics_json(metrics: dict[str, Metric]) -> dict[str, dict[str, float | int | None]]:
    return {name: m.model_dump() for name, m in metrics.items()}


def support_rate(result: Summary | None) -> float | None:
    """Share of the predicted claims that their own evidence states (``claim.support``).

    A failed document scores 0, as every metric does; None when the document has no claims or
    they were not verified (``verify=off``, lead-3)."""
    if result is None:
        return 0.0
    judged = [
        bool(c.support.supported)
        for c in result.claims
        if c.support is not None and c.support.supported is not None
    ]
    return sum(judged) / len(judged) if judged else None


def support_metric(results: list[Summary | None], n_boot: int = 1000, seed: int = 0) -> Metric:
    """``support.rate`` averaged like ``aggregate`` does (mean over the documents where it is
    defined, percentile-bootstrap 95% CI resampling documents, the same seed)."""
    values = [support_rate(r) for r in results]
    defined = np.array([v is not None for v in values])
    filled = np.array([0.0 if v is None else v for v in values])
    if not defined.any():
        return Metric(mean=None, ci_low=None, ci_high=None, n=0)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(values), size=(n_boot, len(values)))
    counts = defined[idx].sum(axis=1)
    sums = filled[idx].sum(axis=1)
    boot = sums[counts > 0] / counts[counts > 0]
    low, high = np.percentile(boot, [2.5, 97.5])
    return Metric(
        mean=float(filled[defined].mean()), ci_low=float(low), ci_high=float(high),
        n=int(defined.sum()),
    )  # fmt: skip


def gold_digest(gold: GoldFile) -> str:
    """sha256 of what the scores depend on: every document's id, source text and labels, in
    order (not the file's bytes: moving a text inline or out to a file changes nothing)."""
    records = [d.model_dump(mode="json", exclude={"source_path"}) for d in gold.documents]
    return hashlib.sha256(json.dumps(records, sort_keys=True).encode()).hexdigest()


def summary_payload(run: EvalRun) -> dict[str, Any]:
    """The content of ``summary.json``."""
    return {
        "model": _metrics_json(run.model_metrics),
        "baseline_lead3": _metrics_json(run.baseline_metrics),
        "documents": {
            d.gold.id: {**d.score.metrics(), "support.rate": support_rate(d.result)}
            for d in run.documents
        },
        "run": run.run,
    }
