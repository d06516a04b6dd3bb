"""The judge's contract, below everything that judges: ``Judge`` (the protocol a support judge
implements, built in or brought by a plugin), the ``Verdict`` it gives, the score matrix type and
the default judge's name. The lexical judge itself is in ``_support``; the registry in
``_judges``; the run context (``_context``) and the eval's matchers need only these types.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

__all__ = ["DEFAULT_JUDGE", "HARD_CHECKS", "FloatMatrix", "Judge", "Verdict", "VerdictCheck"]

FloatMatrix = npt.NDArray[np.float64]

DEFAULT_JUDGE: Final = "lexical"


# Which check decided a verdict that is not "supported": a hard check (the evidence
# contradicts the claim) or coverage (the evidence does not state it).
VerdictCheck = Literal["number", "negation", "direction", "name", "coverage", "model"]
HARD_CHECKS: Final[frozenset[str]] = frozenset({"number", "negation", "direction", "name"})


@dataclass(frozen=True, slots=True)
class Verdict:
    """One claim judged against one premise (its evidence)."""

    score: float  # in [0, 1]
    supported: bool
    reason: str | None = None  # one line, when not supported: what the premise lacks
    check: VerdictCheck | None = None  # what decided it, when not supported


@runtime_checkable
class Judge(Protocol):
    """Scores how far premises state claims. Implementations must be deterministic."""

    @property
    def name(self) -> str:
        """The name the judge is registered (and reported) under."""
        ...

    @property
    def threshold(self) -> float:
        """Scores at or above it are labelled supported (unless a hard check failed)."""
        ...

    def score_matrix(self, claims: Sequence[str], premises: Sequence[str]) -> FloatMatrix:
        """``s[i, j]`` in [0, 1]: how far ``premises[j]`` states ``claims[i]``.

        One direction only (premise ⇒ claim). A pair that fails a hard check scores below
        ``threshold``. Shape ``(len(claims), len(premises))``.
        """
        ...

    def verdicts(self, claims: Sequence[str], premises: Sequence[str]) -> list[Verdict]:
        """Pairwise: ``claims[i]`` judged against ``premises[i]`` (equal lengths)."""
        ...
