"""The support judges by name. ``get_judge("lexical")`` is the default and ships in the core;
any other judge comes from a plugin package that declares an entry point in the group
``summarizer.judges`` (see docs/judge-plugin.md)::

    [project.entry-points."summarizer.judges"]
    my-judge = "my_package:MyJudge"     # a class or function; called with no arguments

The object an entry point names is called with no arguments and must return a ``Judge``. The
core's own ``lexical`` judge is declared the same way in its pyproject; it is also known
without installed metadata (a source checkout on ``PYTHONPATH``). The model as judge
(``verify="llm"``) is a pipeline step, not a registered judge (``_llm_judge``).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import EntryPoint, entry_points

from ._errors import ConfigurationError
from ._support import LexicalJudge
from ._verdict import DEFAULT_JUDGE, Judge

__all__ = ["ENTRY_POINT_GROUP", "get_judge", "judge_names", "register_judge"]

ENTRY_POINT_GROUP = "summarizer.judges"

_REGISTERED: dict[str, Callable[[], Judge]] = {DEFAULT_JUDGE: LexicalJudge}


def register_judge(name: str, factory: Callable[[], Judge]) -> None:
    """Make ``get_judge(name)`` build a judge with ``factory`` in this process (an installed
    plugin does not need this: its entry point is found by name)."""
    _REGISTERED[name] = factory


def _plugins() -> dict[str, EntryPoint]:
    """The installed plugins' entry points, read afresh (a plugin installed or put on
    ``sys.path`` while the process runs is found)."""
    return {point.name: point for point in entry_points(group=ENTRY_POINT_GROUP)}


def judge_names() -> list[str]:
    """The names ``get_judge`` accepts."""
    return sorted({*_REGISTERED, *_plugins()})


def get_judge(name: str) -> Judge:
    """The judge registered as ``name``; a ``ConfigurationError`` lists the known names."""
    factory = _REGISTERED.get(name)
    if factory is None:
        point = _plugins().get(name)
        if point is None:
            raise ConfigurationError(
                f"unknown judge {name!r}; known judges: {', '.join(judge_names())}"
            )
        try:
            factory = point.load()
        except (ImportError, AttributeError) as exc:
            raise ConfigurationError(
                f"judge {name!r} ({point.value}, entry point group {ENTRY_POINT_GROUP}) cannot "
                f"be loaded: {exc}"
            ) from None
    judge = factory()
    if not isinstance(judge, Judge):
        raise ConfigurationError(
            f"judge {name!r} is not a Judge (it needs name, threshold, score_matrix, verdicts)"
        )
    return judge
