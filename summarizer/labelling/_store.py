"""The gold file being built: each document's record and version, and atomic saves.

A document's *version* is the sha256 of its line in the gold file ("" while it has none). A
save names the version it started from; when the line has changed since (another tab, another
window, a hand edit), the save is refused with ``StaleVersion`` instead of overwriting it.

Saves check the record with ``check_record``, the rules of ``summarizer gold check``, and then
replace the gold file atomically: the whole new file is written beside it, fsynced and renamed
over it, so a crash leaves the old file or the new one, never a torn one. Lines of documents
that are not being labelled are kept byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .._atomic import atomic_write
from .._errors import ConfigurationError, GoldFileError
from .._schema import Summary
from ..evaluation._gold import FORMAT_VERSION, MAX_GOLD_BYTES, check_record, load_gold
from ._documents import Document, proposed_claims, read_regular, same_file, source_fields

__all__ = ["DocumentState", "GoldStore", "StaleVersion"]

Status = Literal["not started", "draft", "done"]


class StaleVersion(Exception):
    """The document was saved elsewhere after this page loaded it."""


@dataclass(frozen=True)
class DocumentState:
    """What the document page starts from."""

    id: str
    text: str
    status: Status
    version: str
    origin: Literal["gold", "prefill", "empty"]
    record: dict[str, Any]


class GoldStore:
    """The documents of one labelling session and the gold file they are saved to."""

    def __init__(
        self,
        gold_path: Path,
        documents: list[Document],
        prefill: dict[str, Summary] | None = None,
        inputs: list[Path] | None = None,
    ) -> None:
        self.gold_path = gold_path
        self._prefill = dict(prefill or {})
        self._lock = threading.Lock()
        for other in inputs or []:
            if same_file(gold_path, other):
                raise ConfigurationError(
                    f"--gold {gold_path} is one of the inputs ({other}); choose another file"
                )
        if gold_path.is_dir():
            raise ConfigurationError(f"--gold {gold_path} is a folder, not a gold file")
        if not gold_path.parent.is_dir():
            raise ConfigurationError(
                f"--gold {gold_path}: the folder {gold_path.parent} is missing"
            )
        by_id = {doc.id: doc for doc in documents}
        if gold_path.exists():
            for doc in load_gold(gold_path).documents:  # a bad gold file is refused up front
                if doc.id not in by_id or by_id[doc.id].text != doc.source_text:
                    # The gold record's text is what its offsets count in.
                    path = by_id[doc.id].path if doc.id in by_id else None
                    by_id[doc.id] = Document(doc.id, doc.source_text, path)
        if not by_id:
            raise ConfigurationError("no documents to label")
        self.documents = by_id

    # -- reading ---------------------------------------------------------------------------

    def _lines(self) -> list[tuple[str | None, str]]:
        """Every non-blank line of the gold file with its record's id (None if unreadable)."""
        if not self.gold_path.exists():
            return []
        data = read_regular(self.gold_path, MAX_GOLD_BYTES, "gold file").decode("utf-8")
        lines: list[tuple[str | None, str]] = []
        for line in data.split("\n"):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, RecursionError):
                record = None
            doc_id = record.get("id") if isinstance(record, dict) else None
            lines.append((doc_id if isinstance(doc_id, str) else None, line))
        return lines

    def _records(self) -> dict[str, str]:
        return {doc_id: line for doc_id, line in self._lines() if doc_id is not None}

    def statuses(self) -> dict[str, Status]:
        """Each document's status: not started, draft or done."""
        records = self._records()
        result: dict[str, Status] = {}
        for doc_id in self.documents:
            line = records.get(doc_id)
            result[doc_id] = "not started" if line is None else _status(json.loads(line))
        return result

    def state(self, doc_id: str) -> DocumentState:
        """The document's record: from the gold file, else proposed from the results file,
        else empty."""
        doc = self.documents[doc_id]
        line = self._records().get(doc_id)
        if line is not None:
            record = json.loads(line)
            version = hashlib.sha256(line.encode()).hexdigest()
            return DocumentState(doc_id, doc.text, _status(record), version, "gold", record)
        empty: dict[str, Any] = {"kind": None, "summary": "", "key_points": [], "claims": []}
        summary = self._prefill.get(doc_id)
        if summary is None:
            return DocumentState(doc_id, doc.text, "not started", "", "empty", empty)
        proposed = {
            **empty,
            "summary": summary.summary,
            "key_points": list(summary.key_points),
            "claims": proposed_claims(doc.text, summary),
        }
        return DocumentState(doc_id, doc.text, "not started", "", "prefill", proposed)

    # -- saving ----------------------------------------------------------------------------

    def save(self, doc_id: str, version: str, fields: dict[str, Any]) -> str:
        """Check and write the document's record; return its new version.

        ``fields``: status, kind, summary, key_points, claims. Raises ``StaleVersion`` when the
        gold file's line is not the one at ``version``, ``GoldFileError`` (naming the field)
        when the record breaks a rule of ``gold check``.
        """
        doc = self.documents[doc_id]
        with self._lock:
            lines = self._lines()
            current = next((line for i, line in lines if i == doc_id), None)
            now = "" if current is None else hashlib.sha256(current.encode()).hexdigest()
            if now != version:
                raise StaleVersion(doc_id)
            old = json.loads(current) if current is not None else {}
            source = {k: old[k] for k in ("source", "source_path") if k in old}
            record = {
                "format_version": FORMAT_VERSION,
                "id": doc_id,
                **(source or source_fields(doc, self.gold_path)),
                "kind": fields.get("kind") or None,
                "status": fields.get("status"),
                "summary": fields.get("summary"),
                "key_points": fields.get("key_points"),
                "claims": fields.get("claims"),
            }
            checked = check_record(record, self.gold_path)
            if checked.source_text != doc.text:
                raise GoldFileError(self.gold_path, "the document changed on disk; reload")
            new_line = json.dumps(record, ensure_ascii=False)
            replaced = False
            out: list[str] = []
            for line_id, line in lines:
                if line_id == doc_id:
                    out.append(new_line)
                    replaced = True
                else:
                    out.append(line)
            if not replaced:
                out.append(new_line)
            atomic_write(self.gold_path, "\n".join(out) + "\n")
            return hashlib.sha256(new_line.encode()).hexdigest()


def _status(record: Any) -> Status:
    value = record.get("status") if isinstance(record, dict) else None
    return "draft" if value == "draft" else "done"
