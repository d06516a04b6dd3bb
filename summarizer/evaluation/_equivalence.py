"""Claim equivalence: a predicted and a gold claim match when each *supports* the other.

One-way similarity (how much of the gold claim the prediction carries) rewards long claims: a
"claim" that is the whole document carries every gold claim. ``SupportMatcher`` asks a support
judge (``summarizer._support``) both ways:

- ``pred_to_gold[i, j]``: how far predicted claim ``i`` states gold claim ``j`` (the prediction
  says everything the gold claim says);
- ``gold_to_pred[i, j]``: how far gold claim ``j`` states predicted claim ``i`` (the prediction
  says nothing beyond the gold claim).

A claim's attribution is part of what it says, but the schema keeps it apart (``attributed_to``)
and claims state it in their text or not. So each side is judged *as a premise* together with
its attribution (``with_attribution``): "The Pentagon said the group is losing ground" and the
gold claim "The group is losing ground" attributed to the Pentagon state each other.

The pair's similarity combines the two symmetrically: the minimum (default: both directions must
reach the judge's threshold) or their harmonic mean. A multi-fact or whole-document claim fails
``gold_to_pred``; a partial claim fails ``pred_to_gold``. ``direction_failures`` names the failing
direction(s) of each pair, which the scorer and the reports show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal, Protocol, runtime_checkable

import numpy as np

from .._schema import Claim
from .._verdict import FloatMatrix, Judge
from ..text._detect import detect_language
from ..text._tokens import word_texts
from ._gold import GoldClaim
from ._scores import Failure

__all__ = [
    "COMBINE_RULES",
    "DEFAULT_CLAIM_MATCHER",
    "Combine",
    "DirectionalMatcher",
    "Failure",
    "Matcher",
    "SpanOverlapMatcher",
    "SupportMatcher",
    "direction_failure",
    "unjudged_language",
    "with_attribution",
]

DEFAULT_CLAIM_MATCHER: Final = "support"

Combine = Literal["min", "hmean"]
COMBINE_RULES: Final[tuple[Combine, ...]] = ("min", "hmean")

# Why a pair is not a match: the prediction lacks part of the gold claim ("pred_to_gold"), says
# more than the gold claim ("gold_to_pred"), both, or it is equivalent but the one-to-one
# pairing gave the gold claim (or the prediction) to another partner ("taken").


@runtime_checkable
class Matcher(Protocol):
    """Scores every predicted text against every gold text."""

    @property
    def name(self) -> str:
        """The name the matcher is registered (and reported) under."""
        ...

    def similarity_matrix(self, predicted: Sequence[str], gold: Sequence[str]) -> FloatMatrix:
        """An array of shape ``(len(predicted), len(gold))`` with values in [0, 1]."""
        ...


@runtime_checkable
class DirectionalMatcher(Protocol):
    """A matcher whose similarity combines two one-way support scores."""

    @property
    def name(self) -> str: ...

    @property
    def threshold(self) -> float:
        """The level each direction must reach (the judge's threshold)."""
        ...

    @property
    def judge(self) -> Judge: ...

    def directions(
        self,
        predicted: Sequence[str],
        gold: Sequence[str],
        predicted_premises: Sequence[str] | None = None,
        gold_premises: Sequence[str] | None = None,
    ) -> tuple[FloatMatrix, FloatMatrix]:
        """``(pred_to_gold, gold_to_pred)``, each of shape ``(len(predicted), len(gold))``.

        Each side is a claim in one direction and a premise in the other; ``*_premises`` (same
        lengths) are the texts used as premises, by default the claims themselves.
        """
        ...

    def combine(self, pred_to_gold: FloatMatrix, gold_to_pred: FloatMatrix) -> FloatMatrix: ...

    def similarity_matrix(self, predicted: Sequence[str], gold: Sequence[str]) -> FloatMatrix: ...


@dataclass(frozen=True)
class SupportMatcher:
    """Equivalence of claims through a support judge, asked in both directions."""

    judge: Judge
    rule: Combine = "min"

    @property
    def name(self) -> str:
        base = DEFAULT_CLAIM_MATCHER if self.rule == "min" else f"{DEFAULT_CLAIM_MATCHER}-hmean"
        return f"{base}:{self.judge.name}"

    @property
    def threshold(self) -> float:
        return float(self.judge.threshold)

    def directions(
        self,
        predicted: Sequence[str],
        gold: Sequence[str],
        predicted_premises: Sequence[str] | None = None,
        gold_premises: Sequence[str] | None = None,
    ) -> tuple[FloatMatrix, FloatMatrix]:
        shape = (len(predicted), len(gold))
        if not predicted or not gold:
            return np.zeros(shape), np.zeros(shape)
        as_premise_p = predicted if predicted_premises is None else predicted_premises
        as_premise_g = gold if gold_premises is None else gold_premises
        # score_matrix(claims, premises)[i, j]: premise j states claim i.
        pred_to_gold = np.asarray(self.judge.score_matrix(gold, as_premise_p), dtype=np.float64).T
        gold_to_pred = np.asarray(
            self.judge.score_matrix(predicted, as_premise_g), dtype=np.float64
        )
        return np.clip(pred_to_gold, 0.0, 1.0), np.clip(gold_to_pred, 0.0, 1.0)

    def combine(self, pred_to_gold: FloatMatrix, gold_to_pred: FloatMatrix) -> FloatMatrix:
        if self.rule == "min":
            return np.minimum(pred_to_gold, gold_to_pred)
        total = pred_to_gold + gold_to_pred
        safe = np.where(total > 0, total, 1.0)
        return np.where(total > 0, 2.0 * pred_to_gold * gold_to_pred / safe, 0.0)

    def similarity_matrix(self, predicted: Sequence[str], gold: Sequence[str]) -> FloatMatrix:
        return self.combine(*self.directions(predicted, gold))

    def supported_by_any(self, units: Sequence[str], texts: Sequence[str]) -> FloatMatrix:
        """For each unit, the best one-way support any one of ``texts`` gives it."""
        if not units or not texts:
            return np.zeros(len(units), dtype=np.float64)
        scores = np.asarray(self.judge.score_matrix(units, texts), dtype=np.float64)
        return np.asarray(scores.max(axis=1), dtype=np.float64)


def with_attribution(text: str, attributed_to: str | None) -> str:
    """``text`` as a premise: its source appended ("... According to UN.") unless the text
    already names every word of it, or it has none."""
    if not attributed_to:
        return text
    if set(word_texts(attributed_to.casefold())) <= set(word_texts(text.casefold())):
        return text
    return f"{text.rstrip()} According to {attributed_to}."


def direction_failure(pred_to_gold: float, gold_to_pred: float, threshold: float) -> Failure | None:
    """Which direction(s) fall below ``threshold``; None when both reach it."""
    lacks, adds = pred_to_gold < threshold, gold_to_pred < threshold
    if lacks and adds:
        return "both"
    if lacks:
        return "pred_to_gold"
    if adds:
        return "gold_to_pred"
    return None


# --- documents in a language the judge has no word lists for ----------------------------------

SPAN_OVERLAP: Final = "span-overlap"


def unjudged_language(text: str) -> str | None:
    """The code of ``text``'s language when the support judge cannot read it, else None."""
    detected = detect_language(text)
    return None if detected.supported else detected.code


@dataclass(frozen=True)
class SpanOverlapMatcher:
    """Claims of a document in a language the judge cannot read are paired by their evidence
    spans only: the overlap (intersection over union of the characters) of a predicted claim's
    evidence with a gold claim's. Texts (key points) match only when equal. The name says so:
    ``span-overlap (language fi not judged)``."""

    language: str
    threshold: float = 0.5

    @property
    def name(self) -> str:
        return f"{SPAN_OVERLAP} (language {self.language} not judged)"

    def span_matrix(
        self,
        predicted: Sequence[Sequence[tuple[int, int]]],
        gold: Sequence[Sequence[tuple[int, int]]],
    ) -> FloatMatrix:
        out = np.zeros((len(predicted), len(gold)), dtype=np.float64)
        for i, p in enumerate(predicted):
            mine = _characters(p)
            for j, g in enumerate(gold):
                theirs = _characters(g)
                union = len(mine | theirs)
                out[i, j] = len(mine & theirs) / union if union else 0.0
        return out

    def claim_matrix(self, predicted: Sequence[Claim], gold: Sequence[GoldClaim]) -> FloatMatrix:
        """``span_matrix`` of the claims' evidence (an ungrounded claim has none)."""
        return self.span_matrix(
            [[(e.start, e.end) for e in c.evidence] if c.grounded else [] for c in predicted],
            [[(e.start, e.end) for e in c.evidence] for c in gold],
        )

    def similarity_matrix(self, predicted: Sequence[str], gold: Sequence[str]) -> FloatMatrix:
        fold = [" ".join(t.split()) for t in predicted]
        return np.array(
            [[1.0 if p == " ".join(g.split()) else 0.0 for g in gold] for p in fold],
            dtype=np.float64,
        ).reshape(len(predicted), len(gold))


def _characters(spans: Sequence[tuple[int, int]]) -> set[int]:
    return {k for start, end in spans for k in range(start, end)}
