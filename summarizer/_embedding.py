"""The ``embedding`` and ``hybrid`` support judges (the optional ``embed`` extra).

- ``embedding``: the cosine of the all-MiniLM-L6-v2 sentence embeddings of claim and premise,
  negative values clipped to 0. Symmetric: it measures closeness of meaning, not entailment,
  so it cannot see a changed number or a dropped "not" (hence ``hybrid``).
- ``hybrid``: the lexical judge's hard checks (a number, negation, direction word or name of
  the claim missing from the premise score 0), otherwise a weighted mean of the lexical
  judge's content-word coverage and a one-way embedding score, ``token_recall``: each token of
  the claim (its contextual MiniLM vector) finds its most similar token in the premise, and
  the cosines are averaged over the claim (BERTScore's recall, without idf weights). Unlike the
  sentence cosine it does not fall when the premise says more than the claim.

The thresholds are the best Cohen's kappa of unit presence on REALSumm articles 0-49; the
weight is the largest in the range where that kappa is flat (0-0.5). On REALSumm neither judge
beats ``lexical``: the figures per half and the reasoning are in ``evals/MATCHERS.md``. Both
judges build their model through ``load_minilm`` (one per process) and raise a one-line
``ConfigurationError`` naming the extra when it is not installed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from ._minilm import MiniLM, load_minilm, require_embed_extra
from ._support import FloatMatrix, Judge, LexicalJudge, Verdict

__all__ = [
    "EMBEDDING_THRESHOLD",
    "HYBRID_THRESHOLD",
    "HYBRID_WEIGHT",
    "EmbeddingJudge",
    "HybridJudge",
]

# Tuned on REALSumm articles 0-49: see evals/MATCHERS.md ("Embedding judges").
EMBEDDING_THRESHOLD: Final = 0.5
HYBRID_WEIGHT: Final = 0.5  # share of the token recall in the hybrid score (kappa flat 0-0.5)
HYBRID_THRESHOLD: Final = 0.6


def _check_pairs(claims: Sequence[str], premises: Sequence[str]) -> None:
    if len(claims) != len(premises):
        raise ValueError(f"{len(claims)} claims but {len(premises)} premises")


class EmbeddingJudge:
    """Cosine similarity of sentence embeddings, clipped to [0, 1]."""

    def __init__(self, threshold: float = EMBEDDING_THRESHOLD, model: MiniLM | None = None) -> None:
        require_embed_extra()  # the extra's error first, even when a model is cached
        self._threshold = float(threshold)
        self._model = model if model is not None else load_minilm()

    @property
    def name(self) -> str:
        return "embedding"

    @property
    def threshold(self) -> float:
        return self._threshold

    @property
    def model(self) -> MiniLM:
        return self._model

    def score_matrix(self, claims: Sequence[str], premises: Sequence[str]) -> FloatMatrix:
        if not claims or not premises:
            return np.zeros((len(claims), len(premises)), dtype=np.float64)
        vectors = self._model.encode([*claims, *premises])
        c, p = vectors[: len(claims)], vectors[len(claims) :]
        return _unit_interval(c @ p.T)

    def pair_scores(self, claims: Sequence[str], premises: Sequence[str]) -> FloatMatrix:
        """``score_matrix`` of each ``claims[i]`` with ``premises[i]`` only (a vector)."""
        _check_pairs(claims, premises)
        if not claims:
            return np.zeros(0, dtype=np.float64)
        vectors = self._model.encode([*claims, *premises])
        c, p = vectors[: len(claims)], vectors[len(claims) :]
        return _unit_interval(np.einsum("ij,ij->i", c, p))

    def token_recall(self, claims: Sequence[str], premises: Sequence[str]) -> FloatMatrix:
        """``r[i, j]``: how much of claim i premise j carries, token by token (one-way)."""
        if not claims or not premises:
            return np.zeros((len(claims), len(premises)), dtype=np.float64)
        texts = list(dict.fromkeys([*claims, *premises]))
        vectors = dict(zip(texts, self._model.token_vectors(texts), strict=True))
        return _recall([vectors[c] for c in claims], [vectors[p] for p in premises])

    def pair_recall(self, claims: Sequence[str], premises: Sequence[str]) -> FloatMatrix:
        """``token_recall`` of each ``claims[i]`` with ``premises[i]`` only (a vector)."""
        _check_pairs(claims, premises)
        texts = list(dict.fromkeys([*claims, *premises]))
        vectors = dict(zip(texts, self._model.token_vectors(texts), strict=True))
        pairs = zip(claims, premises, strict=True)
        return np.array([_recall([vectors[c]], [vectors[p]])[0, 0] for c, p in pairs])

    def verdicts(self, claims: Sequence[str], premises: Sequence[str]) -> list[Verdict]:
        scores = self.pair_scores(claims, premises)
        out = []
        for score in scores.tolist():
            supported = score >= self._threshold
            reason = None
            if not supported:
                reason = (
                    f"the evidence is not close in meaning to the claim "
                    f"(embedding similarity {score:.2f}, {self._threshold:.2f} needed)"
                )
            out.append(Verdict(score=score, supported=supported, reason=reason))
        return out


@runtime_checkable
class _Judgement(Protocol):
    @property
    def coverage(self) -> FloatMatrix: ...

    @property
    def failed(self) -> npt.NDArray[np.bool_]: ...


@runtime_checkable
class _LexicalParts(Protocol):
    """What ``hybrid`` needs from the lexical judge: coverage and hard checks apart."""

    def judgement(self, claims: Sequence[str], premises: Sequence[str]) -> _Judgement: ...


class HybridJudge:
    """The lexical judge's hard checks, then ``weight`` × token recall + (1 − weight) × coverage."""

    def __init__(
        self,
        weight: float = HYBRID_WEIGHT,
        threshold: float = HYBRID_THRESHOLD,
        *,
        embedding: EmbeddingJudge | None = None,
        lexical: Judge | None = None,
    ) -> None:
        if not 0.0 <= weight <= 1.0:
            raise ValueError(f"weight must be in [0, 1], got {weight}")
        self._weight = float(weight)
        self._threshold = float(threshold)
        self._embedding = embedding if embedding is not None else EmbeddingJudge()
        lexical = lexical if lexical is not None else LexicalJudge()
        if not isinstance(lexical, _LexicalParts):
            raise TypeError(f"the {lexical.name!r} judge has no judgement() with coverage/failed")
        self._lexical = lexical
        self._lexical_judge = lexical

    @property
    def name(self) -> str:
        return "hybrid"

    @property
    def threshold(self) -> float:
        return self._threshold

    @property
    def weight(self) -> float:
        return self._weight

    def parts(
        self, claims: Sequence[str], premises: Sequence[str]
    ) -> tuple[FloatMatrix, FloatMatrix, npt.NDArray[np.bool_]]:
        """Token recall, lexical coverage and hard-check failures of every pair (for tuning)."""
        recall = self._embedding.token_recall(claims, premises)
        if not claims or not premises:
            return recall, recall.copy(), np.zeros(recall.shape, dtype=bool)
        judgement = self._lexical.judgement(claims, premises)
        coverage = np.asarray(judgement.coverage, dtype=np.float64)
        return recall, coverage, np.asarray(judgement.failed, dtype=bool)

    def combine(
        self, recall: FloatMatrix, coverage: FloatMatrix, failed: npt.NDArray[np.bool_]
    ) -> FloatMatrix:
        mixed = self._weight * recall + (1.0 - self._weight) * coverage
        return np.where(failed, 0.0, np.clip(mixed, 0.0, 1.0))

    def score_matrix(self, claims: Sequence[str], premises: Sequence[str]) -> FloatMatrix:
        return self.combine(*self.parts(claims, premises))

    def verdicts(self, claims: Sequence[str], premises: Sequence[str]) -> list[Verdict]:
        _check_pairs(claims, premises)
        recall = self._embedding.pair_recall(claims, premises).tolist()
        lexical = self._lexical_judge.verdicts(claims, premises)  # reasons of hard checks
        out = []
        for i, (claim, premise) in enumerate(zip(claims, premises, strict=True)):
            judgement = self._lexical.judgement([claim], [premise])
            coverage = float(judgement.coverage[0, 0])
            failed = bool(judgement.failed[0, 0])
            mixed = self._weight * recall[i] + (1.0 - self._weight) * coverage
            score = 0.0 if failed else min(max(mixed, 0.0), 1.0)
            supported = score >= self._threshold
            reason = None
            if failed:
                reason = lexical[i].reason
            elif not supported:
                reason = (
                    f"hybrid support {score:.2f} below {self._threshold:.2f} "
                    f"(token recall {recall[i]:.2f}, claim words found {coverage:.0%})"
                )
            out.append(Verdict(score=score, supported=supported, reason=reason))
        return out


def _recall(
    claims: list[npt.NDArray[np.float32]], premises: list[npt.NDArray[np.float32]]
) -> FloatMatrix:
    """Mean over each claim's tokens of the best cosine with any token of each premise."""
    out = np.zeros((len(claims), len(premises)), dtype=np.float64)
    kept = [j for j, p in enumerate(premises) if len(p)]
    if not kept:
        return out
    every = np.concatenate([premises[j] for j in kept])
    starts = np.cumsum([0] + [len(premises[j]) for j in kept[:-1]])
    for i, claim in enumerate(claims):
        if len(claim):
            best = np.maximum.reduceat(claim @ every.T, starts, axis=1)  # (tokens, premises)
            out[i, kept] = best.mean(axis=0)
    return np.clip(out, 0.0, 1.0)


def _unit_interval(cosine: npt.NDArray[np.float32]) -> FloatMatrix:
    return np.clip(cosine.astype(np.float64), 0.0, 1.0)
