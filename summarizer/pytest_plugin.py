"""A pytest plugin: gate a gold suite inside a team's own tests.

Registered by the ``pytest11`` entry point, so installing the package enables it (or load it
explicitly: ``pytest -p summarizer.pytest_plugin``). It adds the ``summarizer_gate`` fixture::

    def test_summaries_hold_up(summarizer_gate):
        summarizer_gate(
            "evals/gold/gold.jsonl",
            baseline="evals/baselines/ours.json",
            predictions="runs/nightly/results.jsonl",  # or summarizer=Summarizer(...)
        )

The call runs the suite (``summarizer.testing.run_gate``: live, replayed from cassettes,
scripted, or scoring ``--predictions``-style results) into a folder under the test's
``tmp_path`` (or ``--summarizer-runs DIR``), gates it on the baseline, and fails the test with
the gate's own lines ("claims.f1: 0.41 dropped below baseline 0.63 ...") when it does not pass.
It returns the ``GateOutcome`` (run and result) when it does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .testing import GateOutcome, run_gate

__all__ = ["GateCheck", "pytest_addoption", "summarizer_gate"]

GateCheck = Callable[..., GateOutcome]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("summarizer")
    group.addoption(
        "--summarizer-runs",
        default=None,
        metavar="DIR",
        help="Keep the run folders of summarizer_gate here (default: each test's tmp_path).",
    )


def _folder(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:100] or "run"


@pytest.fixture
def summarizer_gate(request: pytest.FixtureRequest, tmp_path: Path) -> GateCheck:
    """Run a gold suite and gate it on a baseline; fail the test with the gate's messages."""
    keep = request.config.getoption("--summarizer-runs")
    runs = Path(keep) if keep else tmp_path
    count = [0]

    def check(gold: str | Path, *, baseline: str | Path, **options: Any) -> GateOutcome:
        count[0] += 1
        out = options.pop("out", None) or runs / f"{_folder(request.node.name)}-{count[0]}"
        outcome = run_gate(gold, baseline, out, **options)
        if not outcome.passed:
            lines = "\n".join(f"  {message}" for message in outcome.messages)
            pytest.fail(
                f"summarizer gate failed on {Path(gold).name} against {Path(baseline).name} "
                f"(run folder {out}):\n{lines}",
                pytrace=False,
            )
        return outcome

    return check
