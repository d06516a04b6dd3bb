"""The gate's suite file: which metrics are gated, and how far each may fall.

``evals/suite.toml`` names the gated metrics::

    [metrics."claims.f1"]
    tolerance = 0.03   # allowed drop of the mean below the baseline's mean (finite, >= 0)
    floor = 0.01       # the mean may never be below this (finite)

Every problem is a ``GateError`` naming the file: a metric the scorer does not produce (a typo
would otherwise gate nothing), a tolerance or floor that is not a finite number, a negative
tolerance, a file that is not a regular file of at most ``MAX_INPUT_BYTES``, or TOML nested too
deeply to read.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._errors import GateError
from ._aggregate import METRIC_NAMES
from ._files import MAX_INPUT_BYTES, describe_os_error, read_regular

__all__ = ["GATED_METRICS", "MetricGate", "Suite", "load_suite"]

# Every metric a run's summary has a mean for (``support.rate`` is added by the run).
GATED_METRICS: tuple[str, ...] = (*METRIC_NAMES, "support.rate")


@dataclass(frozen=True)
class MetricGate:
    name: str
    tolerance: float = 0.0
    floor: float | None = None


@dataclass(frozen=True)
class Suite:
    metrics: tuple[MetricGate, ...]
    path: Path | None = None


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise GateError(f"{where}: expected a number, got {value!r}")
    if not math.isfinite(value):
        raise GateError(f"{where}: expected a finite number, got {value!r}")
    return float(value)


def read_text(file: Path, what: str) -> str:
    """The UTF-8 text of the regular file ``file``; a ``GateError`` naming it otherwise."""
    try:
        data = read_regular(file, MAX_INPUT_BYTES)
    except OSError as exc:
        raise GateError(f"cannot read {what} {file}: {describe_os_error(exc)}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GateError(f"{what} {file} is not UTF-8 text (byte {exc.start})") from None


def load_suite(path: str | Path) -> Suite:
    """Read a suite TOML file; every problem is a ``GateError`` naming the file."""
    file = Path(path)
    text = read_text(file, "suite")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise GateError(f"{file}: invalid TOML: {exc}") from None
    except RecursionError:
        raise GateError(f"{file}: invalid TOML: nested too deeply") from None
    metrics = data.get("metrics")
    if not isinstance(metrics, dict) or not metrics:
        raise GateError(f'{file}: needs a [metrics."NAME"] table per gated metric')
    gates = []
    for name, spec in metrics.items():
        if name not in GATED_METRICS:
            raise GateError(
                f"{file}: metrics.{name}: not a metric of a run (it would gate nothing); "
                f"choose from {', '.join(GATED_METRICS)}"
            )
        if not isinstance(spec, dict):
            raise GateError(f"{file}: metrics.{name} must be a table")
        unknown = set(spec) - {"tolerance", "floor"}
        if unknown:
            raise GateError(f"{file}: metrics.{name}: unknown keys {sorted(unknown)}")
        tolerance = _number(spec.get("tolerance", 0.0), f"{file}: metrics.{name}.tolerance")
        if tolerance < 0:
            raise GateError(f"{file}: metrics.{name}.tolerance: must not be negative")
        floor = spec.get("floor")
        gates.append(
            MetricGate(
                name=name,
                tolerance=tolerance,
                floor=None if floor is None else _number(floor, f"{file}: metrics.{name}.floor"),
            )
        )
    return Suite(metrics=tuple(gates), path=file)
