"""Batch outputs → results JSONL: exactly one line per input id, through the live pipeline.

Each document's answers (one per request: the document, or each chunk) are looked up in an
``OutputIndex`` and sent through ``replay_document``. A document gets a result, a typed error
(``BatchExpiredError``, ``BatchCancelledError``, ``BatchRequestError`` with the line's HTTP
status, ``BatchConflictError``, ``BatchMissingError``, or the pipeline's own), or — when one of
its requests is still running or not yet submitted — no line yet (*pending*).

An earlier collect into the same output is merged: its result lines are kept as they are (never
answered twice), its error lines are replaced by what the outputs say now. The new file is
written beside the output and renamed over it, so a collect killed half-way leaves the earlier
file whole. The input, the outputs and the results are streamed; what is kept per id (where its
answer is, whether an earlier collect answered it) is in scratch databases on disk
(``_index``), deleted when collect ends: memory does not grow with the corpus.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from openai.types.chat import ChatCompletion

from .._batch import BatchLedger
from .._context import RunContext
from .._errors import (
    BatchCancelledError,
    BatchConflictError,
    BatchExpiredError,
    BatchRequestError,
    PathError,
    SummarizerError,
)
from .._jsonl import DocId, InputRecord, json_line, record_key, results_row
from .._pipeline import LivePost, replay_document
from .._protocols import SummarizerLike
from .._schema import Summary
from ._index import IdMap
from ._lines import OutputIndex, OutputLine, plan_units, usable_records

__all__ = ["CollectReport", "ContextFor", "Missing", "collect"]

# What a request with no line in the outputs is: its error, or None while it is pending.
Missing = Callable[[str], SummarizerError | None]
# The run context a document's answers are replayed in (given its first answer).
ContextFor = Callable[[ChatCompletion], RunContext]


@dataclass
class CollectReport:
    ledger: BatchLedger = field(default_factory=BatchLedger)
    kept: int = 0  # results of an earlier collect, kept as written
    expired: int = 0
    pending: int = 0
    conflicts: int = 0
    unreadable: int = 0  # output lines that are not batch lines

    @property
    def done(self) -> int:
        return self.kept + self.ledger.done

    @property
    def failed(self) -> int:
        return self.ledger.failed - self.expired


def _line_error(line: OutputLine) -> SummarizerError:
    where = f"request {line.custom_id!r}"
    if line.expired:
        return BatchExpiredError(f"{where}: {line.failure()}; run batch submit again")
    if line.cancelled:
        return BatchCancelledError(f"{where}: {line.failure()}; run batch submit again")
    return BatchRequestError(f"{where}: {line.failure()}", status_code=line.status_code)


def _outcome(
    record: InputRecord,
    summarizer: SummarizerLike,
    context_for: ContextFor,
    index: OutputIndex,
    missing: Missing,
    live: LivePost | None,
) -> Summary | SummarizerError | None:
    assert record.id is not None and record.text is not None
    try:
        document, chunks, units = plan_units(summarizer, record.id, record.text)
    except SummarizerError as exc:  # as live: an empty or undecodable document, for example
        return exc
    answers = []
    for unit in units:
        if index.conflicted(unit.custom_id):
            return BatchConflictError(
                f"request {unit.custom_id!r} has two different answers in the batch output; "
                "neither is used"
            )
        line = index.get(unit.custom_id)
        if line is None:
            return missing(unit.custom_id)
        if not line.answered:
            return _line_error(line)
        answer = line.completion()
        if answer is None:
            return BatchRequestError(
                f"request {unit.custom_id!r}: HTTP 200, but the body is not a chat completion",
                status_code=200,
            )
        answers.append(answer)
    try:
        return replay_document(context_for(answers[0]), document, chunks, answers, live)
    except SummarizerError as exc:
        return exc


def _kept_key(doc_id: DocId) -> str:
    """An id as a key of the kept results: its JSON type and its value (``5`` is not ``"5"``)."""
    return f"{record_key(doc_id, 0)[0]}:{doc_id}"


def _earlier_results(path: Path, out: BinaryIO, kept: IdMap) -> None:
    """Copy an earlier collect's result lines (the first per id) to ``out``; their ids go to
    ``kept``."""
    if not path.exists():
        return
    with path.open("rb") as lines:
        for raw in lines:
            if not raw.endswith(b"\n"):
                continue  # torn
            try:
                row = json.loads(raw)
            except (ValueError, RecursionError):
                continue
            if (
                not isinstance(row, dict)
                or "id" not in row
                or not isinstance(row.get("result"), dict)
            ):
                continue
            doc_id = row["id"]
            if not isinstance(doc_id, str | int) or isinstance(doc_id, bool):
                continue
            if kept.setdefault(_kept_key(doc_id), 1) is None:
                out.write(raw)


def collect(
    input_path: Path,
    output_path: Path,
    summarizer: SummarizerLike,
    context_for: ContextFor,
    index: OutputIndex,
    missing: Missing,
    *,
    live: LivePost | None = None,
    on_progress: Callable[[CollectReport], None] | None = None,
) -> CollectReport:
    """Write ``output_path``: one line per input id (see the module docstring)."""
    report = CollectReport(conflicts=index.conflicts, unreadable=index.unreadable)
    tmp = output_path.with_name(f".{output_path.name}.collect-tmp")
    try:
        with tmp.open("wb") as out, IdMap() as kept:
            _earlier_results(output_path, out, kept)
            for record in usable_records(input_path):
                if record.id is not None and _kept_key(record.id) in kept:
                    report.kept += 1
                    continue
                outcome: Summary | SummarizerError | None
                if record.problem is not None:
                    outcome = record.problem
                else:
                    outcome = _outcome(record, summarizer, context_for, index, missing, live)
                if outcome is None:
                    report.pending += 1
                    continue
                report.ledger.record(outcome)
                if isinstance(outcome, BatchExpiredError | BatchCancelledError):
                    report.expired += 1
                where = {"id": record.id} if record.id is not None else {"line": record.line}
                row = results_row(where, outcome, metadata=record.metadata)
                out.write(json_line(row).encode("utf-8"))
                if on_progress is not None:
                    on_progress(report)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, output_path)
    except OSError as exc:
        raise PathError(f"cannot write {output_path}: {exc.strerror or exc}") from None
    finally:
        index.close()
        tmp.unlink(missing_ok=True)
    return report
