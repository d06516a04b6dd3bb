"""Reports of an evaluation run (stub)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._runner import EvalRun

__all__ = ["write_html", "write_markdown"]


def write_markdown(run: EvalRun, path: Path) -> None:
    Path(path).write_text("lead-3\n", encoding="utf-8")


def write_html(run: EvalRun, path: Path) -> None:
    Path(path).write_text("<html></html>\n", encoding="utf-8")

REPORT_METRICS = (
    "claims.precision",
    "claims.recall",
    "claims.f1",
    "grounding.rate",
    "grounding.iou",
    "attribution.accuracy",
    "kind.accuracy",
    "summary.rouge1",
    "summary.rougeL",
    "key_points.coverage",
    "run.schema_valid_rate",
)
