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
from pydantic import BaseModel, ConfigDict, Field

from .._jsonl import results_row
from .._schema import Summary
from ._aggregate import Metric
from ._gold import GoldDocument, GoldFile
from ._scores import DocumentScore

__all__ = [
    "RESULTS_FILE",
    "SUMMARY_FILE",
    "DocumentResult",
    "EvalRun",
    "RunInfo",
    "RunSummary",
    "TemplateRef",
    "gold_digest",
    "summary_payload",
    "support_metric",
    "support_rate",
]

RESULTS_FILE = "results.jsonl"
SUMMARY_FILE = "summary.json"


class TemplateRef(BaseModel):
    """The prompt template a run used (``"mixed"``/``"unknown"`` for predictions that differ or
    do not say)."""

    name: str
    sha256: str


class RunInfo(BaseModel):
    """What made a run and what it holds: ``summary.json``'s ``run``.

    Facts another version (or another tool) adds are kept (``extra="allow"``), so a file read
    and written again loses nothing. ``get`` and ``[]`` serve readers written against the
    former dict; new code reads the attributes."""

    model_config = ConfigDict(extra="allow")

    model: str | None = None
    backend: str | None = None
    evidence_mode: str | None = None
    strategy: str | None = None
    max_claims: int | None = None
    template: TemplateRef | None = None
    judge: str | None = None
    predictions: bool = False
    matcher: str | None = None
    threshold: float | None = None
    gold: str | None = None
    gold_sha256: str | None = None
    n_documents: int = 0
    n_failed: int = 0
    # ``--repeat N``: {"n": N, "metrics": {metric: {"sd", "min", "max", "tolerance"}}}
    repeat: dict[str, Any] | None = None

    def get(self, key: str, default: Any = None) -> Any:
        value = self.model_dump(mode="json").get(key, default)
        return default if value is None else value

    def __getitem__(self, key: str) -> Any:
        return self.model_dump(mode="json")[key]


Metrics = dict[str, Metric]


class RunSummary(BaseModel):
    """The content of ``summary.json``: aggregated metrics of the model and of lead-3, every
    document's metrics, and the run's facts."""

    model: Metrics = Field(description="mean and 95% CI per metric")
    baseline_lead3: Metrics
    documents: dict[str, dict[str, float | None]] = Field(default_factory=dict)
    run: RunInfo = Field(default_factory=RunInfo)

    def mean(self, metric: str) -> float | None:
        entry = self.model.get(metric)
        return None if entry is None else entry.mean


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
    run: RunInfo = field(default_factory=RunInfo)

    @property
    def n_failed(self) -> int:
        return sum(1 for d in self.documents if d.result is None)

    def summary(self) -> RunSummary:
        return RunSummary(
            model=dict(self.model_metrics),
            baseline_lead3=dict(self.baseline_metrics),
            documents={
                d.gold.id: {**d.score.metrics(), "support.rate": support_rate(d.result)}
                for d in self.documents
            },
            run=self.run,
        )


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
    """The content of ``summary.json`` as JSON data."""
    return run.summary().model_dump(mode="json")
