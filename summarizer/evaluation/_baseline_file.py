"""The baseline file the gate compares a run with (``--write-baseline``, ``--update-baseline``).

A baseline file is what ``baseline_payload`` makes of a run::

    {"format": "summarizer-baseline", "version": 2,
     "summary": {... summary.json: metrics, per-document metrics, run facts ...},
     "claims": {"000_seed_isis": ["claim text", ...], ...},
     "failed": ["id", ...], "errors": {"id": {"type": ..., "message": ...}}}

``read_baseline`` checks all of it (``Baseline``): a file that is not a regular file of at most
``MAX_INPUT_BYTES``, not UTF-8, not JSON, with ``NaN``, nested too deeply, of another format or
version, or with a field of the wrong type is a one-line ``GateError`` naming the file (and the
field). ``write_baseline`` writes atomically (a full disk leaves the previous file whole).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .._errors import GateError
from ._files import atomic_write, parse_json
from ._run import EvalRun, RunSummary
from ._suite import read_text

__all__ = [
    "BASELINE_FORMAT",
    "BASELINE_VERSION",
    "Baseline",
    "ErrorRecord",
    "baseline_of",
    "baseline_payload",
    "claims_from_results",
    "load_baseline",
    "read_baseline",
    "write_baseline",
]

BASELINE_FORMAT = "summarizer-baseline"
BASELINE_VERSION = 2


class ErrorRecord(BaseModel):
    """A failed document's error: its type name and message."""

    type: str = "error"
    message: str = ""


class Baseline(BaseModel):
    """A run as the gate reads it: its summary, claim texts and failures per document."""

    model_config = ConfigDict(extra="allow")

    format: Literal["summarizer-baseline"] = "summarizer-baseline"
    version: Literal[2] = 2
    summary: RunSummary
    claims: dict[str, list[str]] | None = Field(
        default=None, description="None for a bare summary.json (metrics only)"
    )
    failed: list[str] = Field(default_factory=list)
    errors: dict[str, ErrorRecord] = Field(default_factory=dict)


def baseline_of(run: EvalRun) -> Baseline:
    """A run as a baseline (and as ``compare`` reads the current run)."""
    return Baseline(
        summary=run.summary(),
        claims={
            d.gold.id: [c.text for c in d.result.claims] if d.result is not None else []
            for d in run.documents
        },
        failed=[d.gold.id for d in run.documents if d.result is None],
        errors={d.gold.id: ErrorRecord(**d.error) for d in run.documents if d.error is not None},
    )


def baseline_payload(run: EvalRun) -> dict[str, Any]:
    """A run as baseline JSON data."""
    return baseline_of(run).model_dump(mode="json", exclude_none=False)


def write_baseline(run: EvalRun, path: str | Path) -> None:
    """Write ``run`` as a baseline file at ``path``, atomically."""
    text = json.dumps(baseline_payload(run), indent=2, ensure_ascii=False) + "\n"
    atomic_write(Path(path), text)


def as_baseline(data: Any, where: str) -> Baseline:
    """Baseline JSON data (or a bare ``summary.json``) checked into a ``Baseline``."""
    if isinstance(data, Baseline):
        return data
    if not isinstance(data, dict):
        raise GateError(f"{where}: not a summarizer baseline (write one with --write-baseline)")
    if "format" not in data and {"model", "run"} <= set(data):
        data = {"summary": data}  # a bare summary.json: metrics only
    elif data.get("format") != BASELINE_FORMAT:
        raise GateError(f"{where}: not a summarizer baseline (write one with --write-baseline)")
    elif data.get("version") != BASELINE_VERSION:
        raise GateError(
            f"{where}: baseline version {data.get('version')!r}, this version reads "
            f"{BASELINE_VERSION}: write it again with --write-baseline (it records the run's "
            "settings, so that runs made differently are not compared)"
        )
    try:
        return Baseline.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = ".".join(str(part) for part in first["loc"])
        raise GateError(f"{where}: field {field}: {first['msg']}") from None


def _read(path: str | Path) -> tuple[Path, Any]:
    file = Path(path)
    text = read_text(file, "baseline")
    try:
        return file, parse_json(text)
    except ValueError as exc:
        raise GateError(f"{file}: {exc}") from None


def read_baseline(path: str | Path) -> Baseline:
    """Read and check a baseline file; every problem is a one-line ``GateError``."""
    file, data = _read(path)
    return as_baseline(data, str(file))


def load_baseline(path: str | Path) -> dict[str, Any]:
    """A baseline file's JSON data, checked as ``read_baseline`` does (for callers that edit
    it as data; ``compare`` takes either)."""
    file, data = _read(path)
    as_baseline(data, str(file))
    assert isinstance(data, dict)
    return data


def claims_from_results(results_path: str | Path) -> dict[str, list[str]]:
    """Claim texts per document id, read from a run's ``results.jsonl``."""
    file = Path(results_path)
    claims: dict[str, list[str]] = {}
    for number, line in enumerate(read_text(file, "results").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = parse_json(line)
            result = record.get("result") or {}
            claims[str(record["id"])] = [str(c["text"]) for c in result.get("claims", [])]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise GateError(f"{file}, line {number}: not a results line ({exc})") from None
    return claims
