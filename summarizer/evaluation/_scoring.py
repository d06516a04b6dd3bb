"""Score one structured summary against its gold document.

Claims are paired one-to-one (``scipy.optimize.linear_sum_assignment``) over the matcher's
similarity matrix; a pair below the threshold is no match. The default matcher (``support``)
asks the support judge in both directions, so a pair is a match only when the claims are
equivalent; every predicted claim and every missed gold claim records the two direction scores
against its partner (or best candidate) and which direction failed. Over the matched pairs the
scorer checks evidence overlap (IoU of character spans), attribution and claim kind. The prose
summary gets ROUGE against the gold summary. A gold key point is covered when one predicted
key point or summary sentence supports it (the judge, one direction), or, with a lexical
matcher, when its presence in them reaches the threshold.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from pydantic import BaseModel, Field
from rouge_score import rouge_scorer  # type: ignore[import-untyped, unused-ignore]
from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped, unused-ignore]

from .._document import split_sentences
from .._schema import Summary
from ._equivalence import (
    DEFAULT_CLAIM_MATCHER,
    DirectionalMatcher,
    Failure,
    SpanOverlapMatcher,
    direction_failure,
    unjudged_language,
    with_attribution,
)
from ._gold import GoldDocument
from ._matching import (
    FloatMatrix,
    Matcher,
    get_matcher,
    presence,
    recommended_threshold,
)

__all__ = [
    "ClaimMatch",
    "ClaimScores",
    "DocumentScore",
    "GoldMiss",
    "RunFacts",
    "match_claims",
    "normalize_attribution",
    "score_document",
    "span_iou",
]

_ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")


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


# --- claims -----------------------------------------------------------------------------------


def match_claims(
    similarity: FloatMatrix,
    threshold: float,
    directions: tuple[FloatMatrix, FloatMatrix] | None = None,
) -> ClaimScores:
    """Optimal one-to-one pairing; pairs below ``threshold`` do not count.

    Sub-threshold similarities are zeroed before the assignment, so the pairing maximises the
    total similarity of pairs that count (a near-miss cannot push out a real match).
    ``directions`` (``pred_to_gold``, ``gold_to_pred``), when the matcher has them, are reported
    per pair with the direction that failed.
    """
    n_pred, n_gold = similarity.shape
    gold_of: list[int | None] = [None] * n_pred
    if n_pred and n_gold:
        usable = np.where(similarity >= threshold, similarity, 0.0)
        rows, cols = linear_sum_assignment(usable, maximize=True)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            if similarity[r, c] >= threshold:
                gold_of[r] = c
    # The best candidate of an unmatched claim: most similar; among equals (often all zero, when
    # a hard check failed) the one with the stronger directions.
    rank = similarity if directions is None else similarity + 1e-6 * (directions[0] + directions[1])
    best_gold = rank.argmax(axis=1) if n_gold else None
    best_pred = rank.argmax(axis=0) if n_pred else None

    def detail(i: int, j: int, matched: bool) -> dict[str, Any]:
        """Score, direction scores and (unless matched) the failure of pair (i, j)."""
        out: dict[str, Any] = {"score": float(similarity[i, j])}
        failed: Failure | None = None
        if directions is not None:
            forward, backward = float(directions[0][i, j]), float(directions[1][i, j])
            out.update(pred_to_gold=forward, gold_to_pred=backward)
            failed = direction_failure(forward, backward, threshold)
        if not matched:
            out["failed"] = "taken" if similarity[i, j] >= threshold else failed
        return out

    matches: list[ClaimMatch] = []
    for i, g in enumerate(gold_of):
        j = g if g is not None else (int(best_gold[i]) if best_gold is not None else None)
        if j is None:
            matches.append(ClaimMatch(predicted=i, gold=None, score=0.0))
        else:
            matches.append(ClaimMatch(predicted=i, gold=g, candidate=j, **detail(i, j, g == j)))
    matched_gold = {g for g in gold_of if g is not None}
    n_matched = len(matched_gold)
    unmatched = [j for j in range(n_gold) if j not in matched_gold]
    missed: list[GoldMiss] = []
    for j in unmatched:
        if best_pred is None:
            missed.append(GoldMiss(gold=j, candidate=None, score=0.0))
        else:
            i = int(best_pred[j])
            missed.append(GoldMiss(gold=j, candidate=i, **detail(i, j, False)))
    precision = n_matched / n_pred if n_pred else (1.0 if n_gold == 0 else 0.0)
    recall = n_matched / n_gold if n_gold else (1.0 if n_pred == 0 else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return ClaimScores(
        precision=precision,
        recall=recall,
        f1=f1,
        n_predicted=n_pred,
        n_gold=n_gold,
        n_matched=n_matched,
        matches=matches,
        unmatched_gold=unmatched,
        missed=missed,
    )


def span_iou(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> float | None:
    """IoU of the character sets covered by two lists of ``(start, end)`` spans.

    None when both cover nothing. Interval arithmetic written out (a few lines) rather than
    building per-character sets, so it costs nothing for long documents.
    """
    ma, mb = _merge(a), _merge(b)
    size_a = sum(e - s for s, e in ma)
    size_b = sum(e - s for s, e in mb)
    if size_a + size_b == 0:
        return None
    inter, i, j = 0, 0, 0
    while i < len(ma) and j < len(mb):
        lo, hi = max(ma[i][0], mb[j][0]), min(ma[i][1], mb[j][1])
        inter += max(0, hi - lo)
        if ma[i][1] < mb[j][1]:
            i += 1
        else:
            j += 1
    return inter / (size_a + size_b - inter)


def _merge(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted((s, e) for s, e in spans if e > s):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_NON_WORD = re.compile(r"[^\w\s]")


def normalize_attribution(name: str | None) -> str | None:
    """Case-, punctuation- and article-insensitive form: "The Pentagon" -> "pentagon"."""
    if name is None:
        return None
    text = " ".join(_NON_WORD.sub(" ", name.casefold()).split())
    text = _ARTICLE.sub("", text)
    return text or None


# --- the document -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _rouge() -> rouge_scorer.RougeScorer:
    return rouge_scorer.RougeScorer(list(_ROUGE_TYPES), use_stemmer=True)


def _failed(gold: GoldDocument, matcher: Matcher, threshold: float) -> DocumentScore:
    return DocumentScore(
        id=gold.id,
        failed=True,
        matcher=matcher.name,
        threshold=threshold,
        claims=ClaimScores(
            precision=0.0,
            recall=0.0,
            f1=0.0,
            n_predicted=0,
            n_gold=len(gold.claims),
            n_matched=0,
            unmatched_gold=list(range(len(gold.claims))),
            missed=[GoldMiss(gold=j, candidate=None, score=0.0) for j in range(len(gold.claims))],
        ),
        grounding_rate=0.0,
        grounding_iou=0.0,
        attribution_accuracy=0.0,
        kind_accuracy=0.0,
        rouge1=0.0,
        rouge2=0.0,
        rougeL=0.0,
        key_point_coverage=0.0,
        run=RunFacts(schema_valid=False),
    )


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _key_points_covered(
    key_points: Sequence[str], texts: Sequence[str], matcher: Matcher, threshold: float
) -> list[bool]:
    """Per gold key point: does one predicted text support it (judge) / contain it (lexical)."""
    if isinstance(matcher, DirectionalMatcher):
        if not texts:
            return [False] * len(key_points)
        scores = matcher.judge.score_matrix(key_points, texts)
        return [bool(x) for x in np.asarray(scores).max(axis=1) >= matcher.threshold]
    return [bool(x) for x in presence(key_points, texts, matcher) >= threshold]


def score_document(
    predicted: Summary | None,
    gold: GoldDocument,
    matcher: Matcher | str = DEFAULT_CLAIM_MATCHER,
    threshold: float | None = None,
    *,
    rouge: bool = True,
) -> DocumentScore:
    """Score ``predicted`` against ``gold``; ``predicted=None`` (the run failed) scores zeros.

    ``threshold`` defaults to the matcher's tuned threshold. ``rouge=False`` skips the
    (comparatively slow) ROUGE computation and reports 0 for it.
    """
    resolved = get_matcher(matcher) if isinstance(matcher, str) else matcher
    if threshold is None:
        threshold = recommended_threshold(resolved)
    if predicted is None:
        return _failed(gold, resolved, threshold)

    pred_claims, gold_claims = predicted.claims, gold.claims
    pred_texts, gold_texts = [c.text for c in pred_claims], [c.text for c in gold_claims]
    unjudged = isinstance(resolved, DirectionalMatcher) and unjudged_language(gold.source_text)
    if unjudged:  # the judge cannot read the language: evidence spans only
        resolved = SpanOverlapMatcher(unjudged)
        threshold = resolved.threshold
        claims = match_claims(resolved.claim_matrix(pred_claims, gold_claims), threshold)
    elif isinstance(resolved, DirectionalMatcher):
        directions = resolved.directions(
            pred_texts,
            gold_texts,
            [with_attribution(c.text, c.attributed_to) for c in pred_claims],
            [with_attribution(c.text, c.attributed_to) for c in gold_claims],
        )
        claims = match_claims(resolved.combine(*directions), threshold, directions)
    else:
        claims = match_claims(resolved.similarity_matrix(pred_texts, gold_texts), threshold)

    grounded = [1.0 if c.grounded and c.evidence else 0.0 for c in pred_claims]
    ious: list[float] = []
    attribution: list[float] = []
    kinds: list[float] = []
    for m in claims.matches:
        if m.gold is None:
            continue
        p, g = pred_claims[m.predicted], gold_claims[m.gold]
        iou = span_iou(
            [(e.start, e.end) for e in p.evidence] if p.grounded else [],
            [(e.start, e.end) for e in g.evidence],
        )
        if iou is not None:
            ious.append(iou)
        same = normalize_attribution(p.attributed_to) == normalize_attribution(g.attributed_to)
        attribution.append(1.0 if same else 0.0)
        kinds.append(1.0 if p.kind == g.kind else 0.0)

    rouge_f = {t: 0.0 for t in _ROUGE_TYPES}
    if rouge:
        result = _rouge().score(gold.summary, predicted.summary)
        rouge_f = {t: float(result[t].fmeasure) for t in _ROUGE_TYPES}

    coverage: float | None = None
    if gold.key_points:
        texts = [s.text for s in split_sentences(predicted.summary)] + list(predicted.key_points)
        coverage = float(np.mean(_key_points_covered(gold.key_points, texts, resolved, threshold)))

    meta = predicted.meta
    return DocumentScore(
        id=gold.id,
        matcher=resolved.name,
        threshold=threshold,
        claims=claims,
        grounding_rate=_mean(grounded),
        grounding_iou=_mean(ious),
        attribution_accuracy=_mean(attribution),
        kind_accuracy=_mean(kinds),
        rouge1=rouge_f["rouge1"],
        rouge2=rouge_f["rouge2"],
        rougeL=rouge_f["rougeL"],
        key_point_coverage=coverage,
        run=RunFacts(
            schema_valid=True,
            attempts=meta.attempts,
            reasks=meta.reasks,
            total_tokens=meta.usage.total_tokens,
            latency_s=meta.latency_s,
        ),
    )
