"""What scoring one document produces: its claim pairs and misses (``ClaimMatch``,
``GoldMiss``, ``ClaimScores``) and every metric of the document (``DocumentScore``). Data only,
read by the aggregate, the run summary and the reports; ``_pairing`` and ``_scoring`` fill it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

__all__ = ["ClaimMatch", "ClaimScores", "DocumentScore", "Failure", "GoldMiss", "RunFacts"]

# Which direction of the equivalence fell below the threshold for an unmatched claim, or
# "taken" when its best partner was paired with another claim.
Failure = Literal["pred_to_gold", "gold_to_pred", "both", "taken"]


class ClaimMatch(BaseModel):
    """One predicted claim: the gold claim it was paired with (or None) and the similarity.

    ``candidate`` is the paired gold claim, or the most similar one when unmatched; the
    direction scores and ``failed`` refer to it (None for a matcher without directions).
    """

    predicted: int
    gold: int | None
    score: float = Field(description="similarity to the paired gold claim; best one if unmatched")
    candidate: int | None = None
    pred_to_gold: float | None = Field(
        default=None, description="how far the predicted claim states the gold claim"
    )
    gold_to_pred: float | None = Field(
        default=None, description="how far the gold claim states the predicted claim"
    )
    failed: Failure | None = Field(
        default=None, description="unmatched: the direction(s) below threshold, or 'taken'"
    )


class GoldMiss(BaseModel):
    """A gold claim no prediction was paired with, and its most similar prediction (if any)."""

    gold: int
    candidate: int | None
    score: float
    pred_to_gold: float | None = None
    gold_to_pred: float | None = None
    failed: Failure | None = None


class ClaimScores(BaseModel):
    precision: float
    recall: float
    f1: float
    n_predicted: int
    n_gold: int
    n_matched: int
    matches: list[ClaimMatch] = Field(default_factory=list)
    unmatched_gold: list[int] = Field(default_factory=list)
    missed: list[GoldMiss] = Field(default_factory=list)


class RunFacts(BaseModel):
    """Copied from ``Summary.meta``; all zero for a failed run."""

    schema_valid: bool
    attempts: int = 0
    reasks: int = 0
    total_tokens: int = 0
    latency_s: float = 0.0


class DocumentScore(BaseModel):
    """Every metric for one document. ``None`` means "not defined here" (e.g. no matched
    claims to check attribution on) and is left out of averages; a failed run scores 0."""

    id: str
    failed: bool = False
    matcher: str
    threshold: float
    claims: ClaimScores
    grounding_rate: float | None
    grounding_iou: float | None
    attribution_accuracy: float | None
    kind_accuracy: float | None
    rouge1: float
    rouge2: float
    rougeL: float
    key_point_coverage: float | None
    run: RunFacts

    def metrics(self) -> dict[str, float | None]:
        """The flat, dotted metric names ``aggregate`` averages."""
        return {
            "claims.precision": self.claims.precision,
            "claims.recall": self.claims.recall,
            "claims.f1": self.claims.f1,
            "grounding.rate": self.grounding_rate,
            "grounding.iou": self.grounding_iou,
            "attribution.accuracy": self.attribution_accuracy,
            "kind.accuracy": self.kind_accuracy,
            "summary.rouge1": self.rouge1,
            "summary.rouge2": self.rouge2,
            "summary.rougeL": self.rougeL,
            "key_points.coverage": self.key_point_coverage,
            "run.schema_valid_rate": 1.0 if self.run.schema_valid else 0.0,
            "run.attempts": float(self.run.attempts),
            "run.reasks": float(self.run.reasks),
            "run.total_tokens": float(self.run.total_tokens),
            "run.latency_s": self.run.latency_s,
        }
