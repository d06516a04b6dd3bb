"""The Batch API's JSONL lines, shared by OpenAI's Batch API and vLLM's ``run_batch``.

- **Custom ids.** One request per document, or per chunk of a long document. A document id is
  written with ``%`` and ``#`` escaped (``%25``, ``%23``), and a chunk adds ``#chunk-N``: the
  document ``006#chunk-1`` is ``006%23chunk-1`` and chunk 1 of ``006`` is ``006#chunk-1``, so
  two units never share a custom id. The integer ``5`` and the string ``"5"`` would: a corpus
  holding both is refused before any request is written.
- **Request lines** carry the body of the pipeline's own first request
  (``Summarizer.first_request``): template, schema and parameters per model family.
- **Output lines** ``{id, custom_id, response: {status_code, request_id, body}, error}`` are
  read one at a time into an ``OutputLine``; an ``OutputIndex`` remembers where each custom
  id's line is (file, offset, digest), not the line, in a scratch database on disk
  (``_index``), so memory grows neither with the answers nor with the ids.
  A custom id repeated with a different body is a conflict, never "last wins".
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from openai.types.chat import ChatCompletion
from pydantic import ValidationError

from .._chunking import Chunk
from .._document import Document
from .._errors import DuplicateIdError
from .._jsonl import DocId, InputRecord, read_jsonl_documents
from .._protocols import SummarizerLike
from ._index import IdMap, ScratchDatabase, key_bytes

__all__ = [
    "CHUNK_SEP",
    "ENDPOINT",
    "OutputIndex",
    "OutputLine",
    "Unit",
    "custom_id",
    "options_digest",
    "parse_output_line",
    "plan_units",
    "request_line",
    "usable_records",
]


CHUNK_SEP = "#chunk-"
ENDPOINT = "/v1/chat/completions"


def custom_id(doc_id: DocId, chunk: int | None = None) -> str:
    """The custom id of a document, or of one of its chunks (see the module docstring)."""
    text = str(doc_id).replace("%", "%25").replace("#", "%23")
    return text if chunk is None else f"{text}{CHUNK_SEP}{chunk}"


@dataclass(frozen=True)
class Unit:
    """One request: a whole document, or one chunk of a long one."""

    custom_id: str
    document: Document


def plan_units(
    summarizer: SummarizerLike, doc_id: DocId, text: str
) -> tuple[Document, list[Chunk] | None, list[Unit]]:
    """The document, its chunks (None: it fits one call) and its requests, as the live path
    plans them. Raises the document's ``SummarizerError`` (empty, too long, ...)."""
    document, chunks = summarizer.plan(text)
    if chunks is None:
        return document, None, [Unit(custom_id(doc_id), document)]
    units = [Unit(custom_id(doc_id, c.index), Document(c.text)) for c in chunks]
    return document, chunks, units


_PROBE = Document("A fixed probe document. Its requests show the options in force.")


def options_digest(summarizer: SummarizerLike, model: str) -> str:
    """A digest of what shapes every request (template, schema, generation options): the first
    request for a fixed probe document. Submit records it; collect checks it, so answers are
    never replayed under options other than the ones they were asked with."""
    body = summarizer.first_request(_PROBE, model)
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]


def request_line(summarizer: SummarizerLike, unit: Unit, model: str) -> dict[str, Any]:
    """A Batch API request line whose body is the pipeline's first request."""
    return {
        "custom_id": unit.custom_id,
        "method": "POST",
        "url": ENDPOINT,
        "body": summarizer.first_request(unit.document, model),
    }


@dataclass(frozen=True)
class OutputLine:
    """One line of an output or error file, as read."""

    custom_id: str
    status_code: int | None
    request_id: str | None
    body: Any
    error_code: str | None
    error_message: str | None

    @property
    def answered(self) -> bool:
        """A 200 with a body and no error: the model's answer."""
        return self.status_code == 200 and self.body is not None and self.error_message is None

    @property
    def expired(self) -> bool:
        return self.error_code == "batch_expired"

    @property
    def cancelled(self) -> bool:
        return self.error_code == "batch_cancelled"

    def completion(self) -> ChatCompletion | None:
        """The answer as a chat completion, or None if the body is not one."""
        try:
            return ChatCompletion.model_validate(self.body)
        except ValidationError:
            return None

    def failure(self) -> str:
        """What went wrong with a line that is not an answer, in the service's words."""
        if self.error_message is not None:
            code = f" {self.error_code}" if self.error_code else ""
            http = f" (HTTP {self.status_code})" if self.status_code is not None else ""
            return f"batch error{code}{http}: {self.error_message}"
        message = None
        if isinstance(self.body, dict) and isinstance(self.body.get("error"), dict):
            message = self.body["error"].get("message")
        status = self.status_code if self.status_code is not None else "without a status"
        return f"HTTP {status}: {message or 'no answer in the line'}"


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def parse_output_line(raw: bytes) -> OutputLine | None:
    """An output line, or None if it is not one (not JSON, nested too deep, no custom id)."""
    try:
        row = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if not isinstance(row, dict) or not isinstance(row.get("custom_id"), str):
        return None
    response = row.get("response")
    response = response if isinstance(response, dict) else {}
    status = response.get("status_code")
    error = row.get("error")
    code: str | None = None
    message: str | None = None
    if isinstance(error, dict):  # OpenAI: {"code": ..., "message": ...}
        code, message = _text(error.get("code")), _text(error.get("message")) or "no message"
    elif error is not None and error != "":  # vLLM's run_batch: the message as a string
        message = str(error)
    return OutputLine(
        custom_id=row["custom_id"],
        status_code=status if isinstance(status, int) and not isinstance(status, bool) else None,
        request_id=_text(response.get("request_id")),
        body=response.get("body"),
        error_code=code,
        error_message=message,
    )


def _digest(line: OutputLine) -> bytes:
    try:
        canonical = json.dumps(
            [line.status_code, line.body, line.error_code, line.error_message], sort_keys=True
        )
    except (ValueError, RecursionError):  # pragma: no cover - it was parsed from JSON
        canonical = repr(line)
    return hashlib.blake2b(canonical.encode("utf-8", "surrogatepass"), digest_size=16).digest()


# One row per custom id: the line that counts (file, offset, digest), whether it is an answer,
# and whether two different answers were seen. An answer beats an error line (the id was
# retried and answered); a later error replaces an earlier one; an answered id keeps its first
# answer, and another answer with a different digest marks it conflicting.
_SCHEMA = """CREATE TABLE lines (
    custom_id BLOB PRIMARY KEY, file INTEGER, at INTEGER, digest BLOB, answered INTEGER,
    conflict INTEGER) WITHOUT ROWID"""
_RECORD = """INSERT INTO lines VALUES (?, ?, ?, ?, ?, 0) ON CONFLICT (custom_id) DO UPDATE SET
    conflict = conflict OR (answered AND excluded.answered AND digest != excluded.digest),
    file = CASE WHEN answered THEN file ELSE excluded.file END,
    at = CASE WHEN answered THEN at ELSE excluded.at END,
    digest = CASE WHEN answered THEN digest ELSE excluded.digest END,
    answered = answered OR excluded.answered"""
_BATCH = 1000  # lines recorded per statement batch


class OutputIndex:
    """Where each custom id's line is, over any number of output and error files.

    Files are added in the order they were produced (earlier rounds first). An answer beats an
    error line (the id was retried and answered); a later error replaces an earlier one; the
    same answer twice is one answer; two different answers for one id are a conflict. The index
    is a scratch database on disk (``_index``): memory stays flat however many ids there are.
    ``close`` deletes it."""

    def __init__(self) -> None:
        self.files: list[Path] = []
        self.unreadable = 0  # lines that are not batch lines
        self._scratch = ScratchDatabase()
        self._db = self._scratch.db
        self._db.execute(_SCHEMA)
        self._open: dict[int, BinaryIO] = {}

    def add(self, path: Path) -> None:
        number = len(self.files)
        self.files.append(path)
        rows: list[tuple[bytes, int, int, bytes, bool]] = []
        with path.open("rb") as lines:
            offset = 0
            for raw in lines:
                here, offset = offset, offset + len(raw)
                if not raw.strip():
                    continue
                line = parse_output_line(raw)
                if line is None:
                    self.unreadable += 1
                    continue
                rows.append((key_bytes(line.custom_id), number, here, _digest(line), line.answered))
                if len(rows) >= _BATCH:
                    self._db.executemany(_RECORD, rows)
                    rows.clear()
        self._db.executemany(_RECORD, rows)

    def _row(self, key: str) -> tuple[int, int, int, int] | None:
        found: tuple[int, int, int, int] | None = self._db.execute(
            "SELECT file, at, answered, conflict FROM lines WHERE custom_id = ?", (key_bytes(key),)
        ).fetchone()
        return found

    @property
    def conflicts(self) -> int:
        """How many custom ids have two different answers."""
        return int(self._db.execute("SELECT count(*) FROM lines WHERE conflict").fetchone()[0])

    def conflicted(self, key: str) -> bool:
        row = self._row(key)
        return row is not None and bool(row[3])

    def __contains__(self, key: str) -> bool:
        return self._row(key) is not None

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM lines").fetchone()[0])

    def answered(self, key: str) -> bool:
        row = self._row(key)
        return row is not None and bool(row[2]) and not row[3]

    def get(self, key: str) -> OutputLine | None:
        row = self._row(key)
        if row is None:
            return None
        file, offset = row[0], row[1]
        handle = self._open.get(file)
        if handle is None:
            handle = self._open[file] = self.files[file].open("rb")
        handle.seek(offset)
        return parse_output_line(handle.readline())

    def close(self) -> None:
        """Close the files and delete the index."""
        for handle in self._open.values():
            handle.close()
        self._open.clear()
        self._scratch.close()

    def keys(self) -> Iterator[str]:
        for (key,) in self._db.execute("SELECT custom_id FROM lines ORDER BY custom_id"):
            yield bytes(key).decode("utf-8", "surrogatepass")


def usable_records(path: Path) -> Iterator[InputRecord]:
    """The corpus's input records, with a ``problem`` for a line that repeats an earlier id
    (``DuplicateIdError``) or whose custom id another id already has (``5`` beside ``"5"``);
    such a record is keyed by its line, as the corpus run keys it. One entry per id, on disk
    (``_index.IdMap``): its custom id and its line (negative for an integer id)."""
    with IdMap() as owners:
        yield from _checked(read_jsonl_documents(path), owners)


def _checked(records: Iterator[InputRecord], owners: IdMap) -> Iterator[InputRecord]:
    for record in records:
        if record.id is None or record.problem is not None:
            yield record
            continue
        name = custom_id(record.id)
        signed = -record.line if isinstance(record.id, int) else record.line
        earlier = owners.setdefault(name, signed)
        if earlier is None:
            yield record
            continue
        if (earlier < 0) == (signed < 0):  # the same id: custom ids are one-to-one per type
            message = f"id {json.dumps(record.id)} was already used on line {abs(earlier)}"
        else:
            message = (
                f"id {json.dumps(record.id)} has the same batch custom id {name!r} as the id "
                f"on line {abs(earlier)} (a number and a string); rename one"
            )
        yield InputRecord(
            record.line, None, None, {}, DuplicateIdError(f"line {record.line}: {message}")
        )
