"""Average document scores, with bootstrap 95% confidence intervals over documents."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from pydantic import BaseModel

from ._scores import DocumentScore

__all__ = ["METRIC_NAMES", "Metric", "aggregate"]

METRIC_NAMES: tuple[str, ...] = (
    "claims.precision",
    "claims.recall",
    "claims.f1",
    "grounding.rate",
    "grounding.iou",
    "attribution.accuracy",
    "kind.accuracy",
    "summary.rouge1",
    "summary.rouge2",
    "summary.rougeL",
    "key_points.coverage",
    "run.schema_valid_rate",
    "run.attempts",
    "run.reasks",
    "run.total_tokens",
    "run.latency_s",
)


class Metric(BaseModel):
    """Mean over the documents where the metric is defined, and its bootstrap 95% interval."""

    mean: float | None
    ci_low: float | None
    ci_high: float | None
    n: int


def aggregate(
    scores: Sequence[DocumentScore], *, n_boot: int = 1000, seed: int = 0
) -> dict[str, Metric]:
    """Mean and percentile-bootstrap 95% CI of every metric, resampling documents.

    Vectorised: one ``(n_boot, n_docs)`` index draw serves every metric. A document where a
    metric is undefined (None) is left out of that metric's mean, in each resample too.
    """
    n_docs = len(scores)
    values = np.full((n_docs, len(METRIC_NAMES)), np.nan)
    for row, score in enumerate(scores):
        flat = score.metrics()
        for col, name in enumerate(METRIC_NAMES):
            v = flat.get(name)
            if v is not None:
                values[row, col] = v
    defined = ~np.isnan(values)
    filled = np.where(defined, values, 0.0)
    counts = defined.sum(axis=0)
    means = np.divide(
        filled.sum(axis=0), counts, out=np.full(len(METRIC_NAMES), np.nan), where=counts > 0
    )
    if n_docs and n_boot > 0:
        rng = np.random.default_rng(seed)
        idx = rng.integers(0, n_docs, size=(n_boot, n_docs))
        boot_sum = filled[idx].sum(axis=1)  # (n_boot, n_metrics)
        boot_n = defined[idx].sum(axis=1)
        boot = np.divide(boot_sum, boot_n, out=np.full(boot_sum.shape, np.nan), where=boot_n > 0)
        low, high = np.full(len(METRIC_NAMES), np.nan), np.full(len(METRIC_NAMES), np.nan)
        has = (~np.isnan(boot)).any(axis=0)
        if has.any():
            low[has], high[has] = np.nanpercentile(boot[:, has], [2.5, 97.5], axis=0)
    else:
        low = high = np.full(len(METRIC_NAMES), np.nan)
    return {
        name: Metric(
            mean=_opt(means[k]), ci_low=_opt(low[k]), ci_high=_opt(high[k]), n=int(counts[k])
        )
        for k, name in enumerate(METRIC_NAMES)
    }


def _opt(x: float) -> float | None:
    return None if np.isnan(x) else float(x)
