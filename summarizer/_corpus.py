"""A corpus run: documents from JSONL (``{"id": ..., "text": ...}``, other fields kept as
metadata) to results JSONL.

Output lines:

- ``{"id": ..., "result": {...}}`` (a ``Summary``) or ``{"id": ..., "error": {...}}``: exactly
  one per input id. Ids are strings or integers, compared and written back exactly as given
  (``5`` and ``"5"`` are two ids).
- ``{"line": N, "error": {"type": ..., "message": ...}}``, with no ``id``: input line N could
  not be used (``MalformedLineError``: not UTF-8, not JSON, not an object, no string or integer
  id) or repeats an id of an earlier line (``DuplicateIdError``). Such a line can never be
  mistaken for the result of a real id.

Lines are appended whole and fsynced as each document finishes. Running again resumes: every
complete line of the output is kept and its id skipped, except lines that ended in a retryable
error (transport, rate limit, timeout, 5xx, budget), which are redone unless ``keep_errors``.
Output lines that cannot be read (a torn last line, a stray edit) are moved, not deleted, to
``<output>.unparsed``. Input is streamed: memory does not grow with the text of the corpus.
An input or output line nested too deeply for the JSON reader is an unusable line like any
other. One run at a time writes an output (``_output.output_lock``), and a run that ends
checks that every line it wrote or kept is in the file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._batch import BatchLedger, BudgetExceededError, astream_summaries
from ._errors import (
    APIConnectionError,
    APITimeoutError,
    DuplicateIdError,
    InputError,
    LocalModelError,
    MalformedResponseError,
    PathError,
    RateLimitError,
    ServerError,
    SummarizerError,
)
from ._jsonl import (
    DocId,
    InputRecord,
    Key,
    is_id,
    json_line,
    read_jsonl_documents,
    record_key,
    results_row,
)
from ._output import check_corpus_paths, output_lock
from ._protocols import SummarizerLike
from ._schema import Summary

__all__ = [
    "RETRYABLE_ERRORS",
    "CorpusReport",
    "DocId",
    "InputRecord",
    "check_corpus_paths",
    "json_line",
    "read_jsonl_documents",
    "record_key",
    "run_corpus",
    "unparsed_path",
]

RETRYABLE_ERRORS: tuple[type[SummarizerError], ...] = (
    APIConnectionError,
    APITimeoutError,
    RateLimitError,
    ServerError,
    MalformedResponseError,
    LocalModelError,
    BudgetExceededError,
)
"""Errors that say nothing about the document: a resumed run tries those documents again."""
_RETRYABLE_NAMES = frozenset(error.__name__ for error in RETRYABLE_ERRORS)


def _row(record: InputRecord, outcome: Summary | SummarizerError) -> dict[str, Any]:
    key = {"id": record.id} if record.id is not None else {"line": record.line}
    return results_row(key, outcome, metadata=record.metadata)


def _output_key(raw: bytes) -> tuple[Key, dict[str, Any]] | None:
    """The key of a complete, well-formed output line, or None if it cannot be read."""
    if not raw.endswith(b"\n"):
        return None  # torn: the process died while writing it
    try:
        row = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):  # RecursionError: nested too deeply
        return None
    if not isinstance(row, dict) or not isinstance(row.get("result", row.get("error")), dict):
        return None
    if "id" in row:
        return (record_key(row["id"], 0), row) if is_id(row["id"]) else None
    line = row.get("line")
    if isinstance(line, int) and not isinstance(line, bool) and line > 0:
        return record_key(None, line), row
    return None


@dataclass
class _Resume:
    finished: set[Key] = field(default_factory=set)
    retry: set[Key] = field(default_factory=set)
    set_aside: int = 0


def _prepare_output(path: Path, keep_errors: bool) -> _Resume:
    """Read what an earlier run wrote. Keep every readable line (the first one per key); move
    unreadable lines and repeated keys to ``<output>.unparsed``; drop retryable error lines
    unless ``keep_errors`` (those documents are redone). Rewritten atomically if changed."""
    state = _Resume()
    if not path.exists():
        return state
    kept: list[bytes] = []
    aside: list[bytes] = []
    with path.open("rb") as handle:
        for raw in handle:
            if not raw.strip():
                continue
            parsed = _output_key(raw)
            if parsed is None or parsed[0] in state.finished or parsed[0] in state.retry:
                aside.append(raw if raw.endswith(b"\n") else raw + b"\n")
                continue
            key, row = parsed
            error = row.get("error")
            if (
                not keep_errors
                and isinstance(error, dict)
                and error.get("type") in _RETRYABLE_NAMES
            ):
                state.retry.add(key)
                continue
            state.finished.add(key)
            kept.append(raw)
    state.set_aside = len(aside)
    if aside:
        with unparsed_path(path).open("ab") as side:
            side.writelines(aside)
            side.flush()
            os.fsync(side.fileno())
    if aside or state.retry or sum(map(len, kept)) != path.stat().st_size:
        tmp = path.with_name(f".{path.name}.resume-tmp")
        with tmp.open("wb") as out:
            out.writelines(kept)
            out.flush()
            os.fsync(out.fileno())
        tmp.replace(path)
    return state


def unparsed_path(output_path: Path) -> Path:
    """Where a resumed run moves output lines it cannot read."""
    return output_path.with_name(output_path.name + ".unparsed")


@dataclass
class CorpusReport:
    ledger: BatchLedger
    skipped: int = 0  # already in the output
    retried: int = 0  # had a retryable error in the output, and were redone
    set_aside: int = 0  # unreadable output lines moved to ``unparsed_path(output)``


async def run_corpus(
    input_path: Path,
    output_path: Path,
    summarizer: SummarizerLike,
    *,
    concurrency: int = 4,
    resume: bool = True,
    keep_errors: bool = False,
    budget_usd: float | None = None,
    requests_per_minute: float | None = None,
    tokens_per_minute: float | None = None,
    on_progress: Callable[[CorpusReport], None] | None = None,
) -> CorpusReport:
    """Summarize every input line into the output file; see the module docstring.

    The output is locked for the run (``_lock``): a second run on it is refused with
    ``OutputLockedError``. At the end every line the run wrote or kept is checked to be in the
    file; if one is missing (something else rewrote it), ``PathError`` says how many."""
    check_corpus_paths(input_path, output_path)
    with output_lock(output_path):
        report, accounted = await _run_locked(
            input_path, output_path, summarizer, concurrency=concurrency, resume=resume,
            keep_errors=keep_errors, budget_usd=budget_usd,
            requests_per_minute=requests_per_minute, tokens_per_minute=tokens_per_minute,
            on_progress=on_progress,
        )  # fmt: skip
        missing = accounted - _keys_in(output_path)
    if missing:
        raise PathError(
            f"{len(missing)} result line(s) of this run are not in {output_path}: another "
            "process rewrote it; run the same command again to redo them"
        )
    return report


def _keys_in(path: Path) -> set[Key]:
    try:
        with path.open("rb") as lines:
            return {parsed[0] for raw in lines if (parsed := _output_key(raw)) is not None}
    except OSError:
        return set()


async def _run_locked(
    input_path: Path,
    output_path: Path,
    summarizer: SummarizerLike,
    *,
    concurrency: int,
    resume: bool,
    keep_errors: bool,
    budget_usd: float | None,
    requests_per_minute: float | None,
    tokens_per_minute: float | None,
    on_progress: Callable[[CorpusReport], None] | None,
) -> tuple[CorpusReport, set[Key]]:
    report = CorpusReport(BatchLedger(budget_usd=budget_usd))
    try:
        state = _prepare_output(output_path, keep_errors) if resume else _Resume()
        out = output_path.open("ab" if resume else "wb")
    except OSError as exc:
        raise PathError(f"cannot write {output_path}: {exc.strerror or exc}") from None
    report.set_aside = state.set_aside
    first_line: dict[Key, int] = {}
    pending: dict[Key, InputRecord] = {}
    accounted: set[Key] = set()

    def emit(record: InputRecord, outcome: Summary | SummarizerError) -> None:
        try:
            out.write(json_line(_row(record, outcome)).encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        except OSError as exc:  # e.g. the disk is full: one typed error, not a traceback
            raise PathError(f"cannot write {output_path}: {exc.strerror or exc}") from None
        accounted.add(record.key)

    def progress() -> None:
        if on_progress is not None:
            on_progress(report)

    def todo() -> Iterator[tuple[Key, str]]:
        for record in read_jsonl_documents(input_path):
            key = record.key
            problem: InputError | None = record.problem
            if record.id is not None and key in first_line:
                problem = DuplicateIdError(
                    f"line {record.line}: id {json.dumps(record.id)} was already used on "
                    f"line {first_line[key]}"
                )
                record = InputRecord(record.line, None, None, {}, problem)
                key = record.key
            elif record.id is not None:
                first_line[key] = record.line
            if key in state.finished:
                accounted.add(key)
                report.skipped += 1
                progress()
                continue
            if key in state.retry:
                report.retried += 1
            if problem is not None:
                report.ledger.record(problem)
                emit(record, problem)
                progress()
                continue
            assert record.text is not None
            pending[key] = record
            yield key, record.text

    with out:
        async for outcome in astream_summaries(
            todo(),
            summarizer,
            concurrency=concurrency,
            requests_per_minute=requests_per_minute,
            tokens_per_minute=tokens_per_minute,
            ledger=report.ledger,
        ):
            emit(pending.pop(outcome.key), outcome.result)
            progress()
    return report, accounted
