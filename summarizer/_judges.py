"""The support judges by name: ``get_judge("lexical")`` (the default), ``"embedding"`` and
``"hybrid"`` (the optional ``embed`` extra, imported only when one is asked for). The model as
judge (``verify="llm"``) is a pipeline step, not a registered judge (``_llm_judge``).
"""

from __future__ import annotations

from collections.abc import Callable

from ._errors import ConfigurationError
from ._support import DEFAULT_JUDGE, Judge, LexicalJudge

__all__ = ["get_judge", "judge_names", "register_judge"]

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


register_judge(DEFAULT_JUDGE, LexicalJudge)
register_judge("embedding", _embedding_judge)
register_judge("hybrid", _hybrid_judge)
