"""Step 5: support. Does a piece of text actually *state* a claim?

Grounding (step 4) only proves that the evidence exists in the source. A ``Judge`` decides
whether that evidence says what the claim says. The same notion of support serves three places:

- the product: after grounding, every claim is judged against its own evidence;
- the eval: a predicted and a gold claim are *equivalent* when each supports the other;
- the meta-eval: a human-written unit is present in a summary when the summary supports it.

A judge scores claim/premise pairs in batches, as a number in [0, 1], and labels a pair
supported when the score reaches the judge's ``threshold`` and no hard check failed. Judges are
registered by name (``get_judge``); optional ones import their runtime only when built.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from ._errors import ConfigurationError

__all__ = [
    "DEFAULT_JUDGE",
    "FloatMatrix",
    "Judge",
    "Verdict",
    "get_judge",
    "judge_names",
    "register_judge",
]

FloatMatrix = npt.NDArray[np.float64]

DEFAULT_JUDGE: Final = "lexical"


@dataclass(frozen=True, slots=True)
class Verdict:
    """One claim judged against one premise (its evidence)."""

    score: float  # in [0, 1]
    supported: bool
    reason: str | None = None  # one line, when not supported: what the premise lacks


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


_REGISTRY: dict[str, Callable[[], Judge]] = {}


def register_judge(name: str, factory: Callable[[], Judge]) -> None:
    """Make ``get_judge(name)`` build a judge with ``factory``."""
    _REGISTRY[name] = factory


def judge_names() -> list[str]:
    """The names ``get_judge`` accepts."""
    return sorted(_REGISTRY)


def get_judge(name: str) -> Judge:
    """The judge registered as ``name``; a ``ConfigurationError`` lists the known names."""
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise ConfigurationError(
            f"unknown judge {name!r}; known judges: {', '.join(judge_names())}"
        ) from None
    return factory()


def _embedding_judge() -> Judge:
    from ._embedding import EmbeddingJudge  # the optional 'embed' extra: imported when asked

    return EmbeddingJudge()


def _hybrid_judge() -> Judge:
    from ._embedding import HybridJudge

    return HybridJudge()


register_judge("embedding", _embedding_judge)
register_judge("hybrid", _hybrid_judge)
