"""The JSON Lines of corpus runs, read and written in one place: an input line becomes an
``InputRecord`` (a bad line a record with a ``problem``, never an exception), a record is told
apart by its ``record_key``, and every results line is written by ``json_line``. Used by the
corpus runner, the eval runner and the batch engine. ``results_row`` is the one results-line
format they all write."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._errors import InputError, MalformedLineError, SummarizerError
from ._schema import Summary

__all__ = [
    "DocId",
    "InputRecord",
    "Key",
    "error_fields",
    "is_id",
    "json_line",
    "read_jsonl_documents",
    "record_key",
    "results_row",
]

DocId = str | int
Key = tuple[str, DocId]


def record_key(doc_id: DocId | None, line: int) -> Key:
    """How a record is told apart: its id with its JSON type, or its input line if it has no
    usable id. ``5``, ``"5"`` and line 5 are three different keys."""
    if doc_id is None:
        return ("line", line)
    return ("str" if isinstance(doc_id, str) else "int", doc_id)


def is_id(value: object) -> bool:
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


@dataclass(frozen=True)
class InputRecord:
    line: int
    id: DocId | None  # None: the line has no usable id; its output line is keyed by ``line``
    text: str | None
    metadata: dict[str, Any]
    problem: InputError | None = None  # why the record is unusable (it still gets an output line)

    @property
    def key(self) -> Key:
        return record_key(self.id, self.line)


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", float: "a number", list: "an array", dict: "an object"}.get(
        type(value), type(value).__name__
    )


def read_jsonl_documents(path: Path) -> Iterator[InputRecord]:
    """Stream the input; a bad line becomes a record with a ``problem``, never an exception.
    Blank lines are skipped."""
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            where = f"line {number}"
            try:
                row = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                bad = MalformedLineError(f"{where}: not UTF-8 (invalid byte at offset {exc.start})")
                yield InputRecord(number, None, None, {}, bad)
                continue
            except json.JSONDecodeError as exc:
                bad = MalformedLineError(f"{where}: invalid JSON ({exc.msg}, column {exc.colno})")
                yield InputRecord(number, None, None, {}, bad)
                continue
            except RecursionError:
                bad = MalformedLineError(f"{where}: JSON nested too deeply to read")
                yield InputRecord(number, None, None, {}, bad)
                continue
            if not isinstance(row, dict):
                bad = MalformedLineError(f"{where}: not a JSON object")
                yield InputRecord(number, None, None, {}, bad)
                continue
            if "id" not in row or not is_id(row["id"]):
                got = "no id" if "id" not in row else f"an id that is {_json_kind(row['id'])}"
                bad = MalformedLineError(f"{where}: {got}; an id must be a string or an integer")
                yield InputRecord(number, None, None, {}, bad)
                continue
            doc_id = row["id"]
            text = row.get("text")
            metadata = {k: v for k, v in row.items() if k not in ("id", "text")}
            if not isinstance(text, str):
                bad = MalformedLineError(f'{where}: no "text" string')
                yield InputRecord(number, doc_id, None, metadata, bad)
                continue
            yield InputRecord(number, doc_id, text, metadata)


def json_line(row: dict[str, Any]) -> str:
    """One JSON line. Text is kept as is (written as UTF-8), unless the row holds a lone
    surrogate, which UTF-8 cannot encode: that row gets ``\\u`` escapes, so it round-trips."""
    line = json.dumps(row, ensure_ascii=False) + "\n"
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(row) + "\n"
    return line


def error_fields(exc: SummarizerError) -> dict[str, str]:
    """An error as a results line carries it."""
    return {"type": type(exc).__name__, "message": str(exc)}


def results_row(
    key: Mapping[str, Any],
    outcome: Summary | SummarizerError | Mapping[str, str],
    *,
    metadata: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The one results-line format (corpus runs, ``--json`` over several paths, Batch API
    collect, eval ``results.jsonl``): ``key`` (``{"id": ...}``, or ``{"line": N}`` for an input
    line without a usable id), optional ``metadata``, then ``result`` or ``error``."""
    row: dict[str, Any] = dict(key)
    if metadata:
        row["metadata"] = dict(metadata)
    if isinstance(outcome, Summary):
        row["result"] = outcome.model_dump(mode="json")
    elif isinstance(outcome, SummarizerError):
        row["error"] = error_fields(outcome)
    else:
        row["error"] = dict(outcome)
    return row
