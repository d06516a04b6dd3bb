"""A corpus run: documents from JSONL (``{"id": ..., "text": ...}``, other fields kept as
metadata) to results JSONL, exactly one line per input id: ``{"id": ..., "result": {...}}``
(a ``Summary``) or ``{"id": ..., "error": {"type": ..., "message": ...}}``.

Lines are appended whole and flushed as each document finishes, so an interrupted run leaves
no torn line; running again skips the ids already in the output (resume). Input is streamed:
memory does not grow with the corpus.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ._batch import BatchLedger, Outcome, astream_summaries
from ._client import Summarizer
from ._errors import InputError, SummarizerError
from ._schema import Summary

__all__ = ["CorpusReport", "InputRecord", "done_ids", "read_jsonl_documents", "run_corpus"]


@dataclass(frozen=True)
class InputRecord:
    id: str
    text: str | None
    metadata: dict[str, Any]
    problem: str | None = None  # why the line is unusable (it still gets an output line)


def read_jsonl_documents(path: Path) -> Iterator[InputRecord]:
    """Stream the input; a bad line becomes a record with a ``problem``, never an exception."""
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            try:
                row = json.loads(raw)
            except json.JSONDecodeError as exc:
                yield InputRecord(
                    f"line-{number}", None, {}, f"line {number}: invalid JSON ({exc.msg})"
                )
                continue
            if not isinstance(row, dict):
                yield InputRecord(f"line-{number}", None, {}, f"line {number}: not a JSON object")
                continue
            doc_id = str(row.get("id", f"line-{number}"))
            text = row.get("text")
            metadata = {k: v for k, v in row.items() if k not in ("id", "text")}
            if not isinstance(text, str):
                yield InputRecord(doc_id, None, metadata, f'line {number}: no "text" string')
                continue
            yield InputRecord(doc_id, text, metadata)


def done_ids(path: Path) -> set[str]:
    """Ids that already have a whole line in an output file (a torn last line is dropped)."""
    if not path.exists():
        return set()
    ids: set[str] = set()
    good_end = 0
    with path.open("rb") as handle:
        for raw in handle:
            if not raw.endswith(b"\n"):
                break
            try:
                ids.add(str(json.loads(raw)["id"]))
            except (ValueError, KeyError, TypeError):
                break
            good_end += len(raw)
    if good_end != path.stat().st_size:  # cut a torn tail so appends start on a fresh line
        with path.open("r+b") as handle:
            handle.truncate(good_end)
    return ids


@dataclass
class CorpusReport:
    ledger: BatchLedger
    skipped: int = 0


def _line(doc_id: str, metadata: dict[str, Any], outcome: Summary | SummarizerError) -> str:
    row: dict[str, Any] = {"id": doc_id}
    if metadata:
        row["metadata"] = metadata
    if isinstance(outcome, Summary):
        row["result"] = outcome.model_dump(mode="json")
    else:
        row["error"] = {"type": type(outcome).__name__, "message": str(outcome)}
    return json.dumps(row, ensure_ascii=False) + "\n"


def _write(out: IO[str], line: str) -> None:
    out.write(line)
    out.flush()
    os.fsync(out.fileno())


async def run_corpus(
    input_path: Path,
    output_path: Path,
    summarizer: Summarizer,
    *,
    concurrency: int = 4,
    resume: bool = True,
    budget_usd: float | None = None,
    requests_per_minute: float | None = None,
    tokens_per_minute: float | None = None,
    on_progress: Callable[[BatchLedger, Outcome | None], None] | None = None,
) -> CorpusReport:
    """Summarize every input line into the output file; see the module docstring."""
    finished = done_ids(output_path) if resume else set()
    report = CorpusReport(BatchLedger(budget_usd=budget_usd))
    seen: set[str] = set()
    mode = "a" if resume else "w"
    with output_path.open(mode, encoding="utf-8") as out:
        metadata: dict[str, dict[str, Any]] = {}

        def todo() -> Iterator[tuple[Any, str]]:
            for record in read_jsonl_documents(input_path):
                if record.id in finished or record.id in seen:
                    report.skipped += 1
                    continue
                seen.add(record.id)
                if record.problem is not None:
                    error = InputError(record.problem)
                    report.ledger.record(error)
                    _write(out, _line(record.id, record.metadata, error))
                    if on_progress:
                        on_progress(report.ledger, None)
                    continue
                metadata[record.id] = record.metadata
                assert record.text is not None
                yield record.id, record.text

        async for outcome in astream_summaries(
            todo(),
            summarizer,
            concurrency=concurrency,
            requests_per_minute=requests_per_minute,
            tokens_per_minute=tokens_per_minute,
            ledger=report.ledger,
        ):
            _write(out, _line(outcome.key, metadata.pop(outcome.key, {}), outcome.result))
            if on_progress:
                on_progress(report.ledger, outcome)
    return report
