"""A tiny deterministic support judge for tests that must not depend on the real judges' scores.

Score: the share of the claim's content words (``_matching.content_words``) found in the
premise; a claim number missing from the premise caps the score below the threshold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from summarizer._support import FloatMatrix, Verdict
from summarizer.evaluation._matching import content_words


@dataclass(frozen=True)
class TinyJudge:
    name: str = "tiny"
    threshold: float = 0.6

    def _score(self, claim: str, premise: str) -> float:
        words, have = content_words(claim), content_words(premise)
        score = len(words & have) / len(words) if words else 0.0
        numbers = {w for w in words if w[0].isdigit()}
        if not numbers <= have:
            score = min(score, self.threshold / 2)
        return score

    def score_matrix(self, claims: Sequence[str], premises: Sequence[str]) -> FloatMatrix:
        out = np.zeros((len(claims), len(premises)), dtype=np.float64)
        for i, claim in enumerate(claims):
            for j, premise in enumerate(premises):
                out[i, j] = self._score(claim, premise)
        return out

    def verdicts(self, claims: Sequence[str], premises: Sequence[str]) -> list[Verdict]:
        scores = [self._score(c, p) for c, p in zip(claims, premises, strict=True)]
        return [Verdict(score=s, supported=s >= self.threshold) for s in scores]
