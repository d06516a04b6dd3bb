"""Claim pairing: the similarity of every predicted claim to every gold claim, and the optimal
one-to-one pairing over it (``scipy.optimize.linear_sum_assignment``).

The similarity is computed in blocks of ``BLOCK`` claims a side when there are more: a support
judge builds matrices over the vocabulary of the claims it is given, so one call on 10,000
claims holds several claims x vocabulary matrices at once (4.2 GB measured); blocks keep that to
a block's size. A judge scores each pair on its own, so blocks change no score. A document whose
claims make more than ``MAX_CLAIM_PAIRS`` pairs is refused (``TooManyClaimsError``): the pairing
itself needs a few matrices of that size.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped, unused-ignore]

from .._errors import SummarizerError
from .._verdict import FloatMatrix
from ._equivalence import DirectionalMatcher, Matcher, direction_failure
from ._scores import ClaimMatch, ClaimScores, Failure, GoldMiss

__all__ = [
    "BLOCK",
    "MAX_CLAIM_PAIRS",
    "ClaimMatch",
    "ClaimScores",
    "GoldMiss",
    "TooManyClaimsError",
    "blocked_directions",
    "blocked_similarity",
    "match_claims",
]

BLOCK = 256
"""Claims per side in one call of the matcher."""
MAX_CLAIM_PAIRS = 4_000_000
"""The most predicted x gold claim pairs scored in one document (32 MB per matrix)."""


class TooManyClaimsError(SummarizerError):
    """A document has more predicted x gold claim pairs than ``MAX_CLAIM_PAIRS``."""


def check_pairs(n_predicted: int, n_gold: int) -> None:
    if n_predicted * n_gold > MAX_CLAIM_PAIRS:
        raise TooManyClaimsError(
            f"{n_predicted} predicted x {n_gold} gold claims is more than the "
            f"{MAX_CLAIM_PAIRS:,} claim pairs scored in one document"
        )


def blocked_directions(
    matcher: DirectionalMatcher,
    predicted: list[str],
    gold: list[str],
    predicted_premises: list[str],
    gold_premises: list[str],
) -> tuple[FloatMatrix, FloatMatrix]:
    """``matcher.directions`` computed block by block (``BLOCK`` claims a side)."""
    if len(predicted) <= BLOCK and len(gold) <= BLOCK:
        return matcher.directions(predicted, gold, predicted_premises, gold_premises)
    forward = np.zeros((len(predicted), len(gold)), dtype=np.float64)
    backward = np.zeros_like(forward)
    for i in range(0, len(predicted), BLOCK):
        for j in range(0, len(gold), BLOCK):
            rows, cols = slice(i, i + BLOCK), slice(j, j + BLOCK)
            f, b = matcher.directions(
                predicted[rows], gold[cols], predicted_premises[rows], gold_premises[cols]
            )
            forward[rows, cols], backward[rows, cols] = f, b
    return forward, backward


def blocked_similarity(matcher: Matcher, predicted: list[str], gold: list[str]) -> FloatMatrix:
    """``matcher.similarity_matrix`` by blocks of predicted claims (a lexical matcher may weigh
    words by the gold texts of the call, so every call gets all of them)."""
    if len(predicted) <= BLOCK:
        return matcher.similarity_matrix(predicted, gold)
    parts = [
        matcher.similarity_matrix(predicted[i : i + BLOCK], gold)
        for i in range(0, len(predicted), BLOCK)
    ]
    return np.vstack(parts)


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
