"""What the regression gate (``_gate.compare``) finds, as data: each gated metric's row, each
failure, the claims that moved, the settings in which the runs differ. Below the gate, so the
reports (``_report_md``, ``_junit``) that show a result do not stand on the gate that makes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["ClaimDiff", "ConfigDifference", "GateFailure", "GateResult", "GateRow", "short_value"]


@dataclass(frozen=True)
class ConfigDifference:
    """One setting in which the run differs from the baseline."""

    name: str
    baseline: Any
    current: Any

    def __str__(self) -> str:
        before, now = short_value(self.baseline), short_value(self.current)
        return f"{self.name} (baseline {before}, this run {now})"


def short_value(value: Any) -> str:
    """A setting as a gate message shows it (a sha256 cut to 12 characters)."""
    if value is None:
        return "not recorded"
    text = str(value)
    return text[:12] if len(text) == 64 and all(c in "0123456789abcdef" for c in text) else text


@dataclass(frozen=True)
class GateFailure:
    metric: str
    current: float | None
    baseline: float | None
    limit: float
    # "floor" | "regression" | "missing" | "missing-baseline" | "config:BEFORE->NOW" |
    # "newly-failed"
    reason: str
    # documents whose value fell ("id 0.950 -> 0.400"), or the failed document's error
    detail: tuple[str, ...] = ()

    def __str__(self) -> str:
        cur = "n/a" if self.current is None else f"{self.current:.4f}"
        base = "n/a" if self.baseline is None else f"{self.baseline:.4f}"
        if self.reason == "floor":
            text = f"{self.metric}: {cur} is below the floor {self.limit:.4f}"
        elif self.reason.startswith("config:"):
            before, _, now = self.reason[len("config:") :].partition("->")
            return f"{self.metric}: the baseline used {before}, this run {now}: not comparable"
        elif self.reason == "missing":
            text = f"{self.metric}: no value in the current run (baseline {base})"
        elif self.reason == "missing-baseline":
            return (
                f"{self.metric}: the baseline has no value for it, so nothing is gated: write the "
                "baseline again from a run that has it, or take the metric out of the suite"
            )
        elif self.reason == "newly-failed":
            return f"{self.metric}: newly failed: " + "; ".join(self.detail)
        else:
            text = (
                f"{self.metric}: {cur} dropped below baseline {base} by more than the tolerance "
                f"(limit {self.limit:.4f})"
            )
        if self.detail:
            text += "; documents that fell: " + ", ".join(self.detail)
        return text


@dataclass(frozen=True)
class ClaimDiff:
    id: str
    appeared: list[str]
    disappeared: list[str]


@dataclass(frozen=True)
class GateRow:
    """One gated metric: its mean now (with the 95% CI) and in the baseline, the suite's
    tolerance and floor, and whether it passed."""

    metric: str
    current: float | None
    baseline: float | None
    ci_low: float | None
    ci_high: float | None
    tolerance: float
    floor: float | None
    ok: bool

    @property
    def limit(self) -> float | None:
        """The lowest mean that passes: baseline - tolerance, or the floor if higher."""
        limits = [self.floor] if self.floor is not None else []
        if self.baseline is not None:
            limits.append(self.baseline - self.tolerance)
        return max(limits) if limits else None


@dataclass
class GateResult:
    failures: list[GateFailure] = field(default_factory=list)
    rows: list[GateRow] = field(default_factory=list)
    claim_diffs: list[ClaimDiff] = field(default_factory=list)
    newly_failed: list[str] = field(default_factory=list)
    differences: list[ConfigDifference] = field(default_factory=list)
    allowed: list[ConfigDifference] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def incomparable(self) -> list[ConfigDifference]:
        """Differences that were not allowed: the runs cannot be compared."""
        return [d for d in self.differences if d not in self.allowed]
