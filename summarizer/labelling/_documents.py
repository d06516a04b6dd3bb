"""What a labelling session works on: the documents, a results file's proposals, and the
records a gold file is built from. No web framework here (``gold draft`` uses it too).

Every file is read the way the gold loader reads one: opened without blocking and checked to be
a regular file (a FIFO or ``/dev/zero`` is refused, not read), with a size cap, decoded as UTF-8
with no newline translation (``\\r\\n`` stays two characters, so offsets stay right).
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from pydantic import ValidationError

from .._errors import ConfigurationError
from .._schema import Summary
from ..evaluation._gold import FORMAT_VERSION, MAX_GOLD_BYTES, MAX_SOURCE_BYTES

__all__ = [
    "Document",
    "collect_documents",
    "draft_record",
    "match_results",
    "read_regular",
    "read_results",
    "same_file",
    "source_fields",
]


@dataclass(frozen=True)
class Document:
    """One document to label: its id (the file stem), exact text and the file it came from."""

    id: str
    text: str
    path: Path | None


def read_regular(path: Path, limit: int, what: str) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or a one-line
    ``ConfigurationError`` (no such file, a folder, a FIFO or device, too large)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ConfigurationError(f"{what} {path}: no such file") from None
    except OSError as exc:
        raise ConfigurationError(f"{what} {path}: cannot read: {exc.strerror or exc}") from None
    with os.fdopen(descriptor, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a device or FIFO)"
            raise ConfigurationError(f"{what} {path}: is {kind}")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ConfigurationError(f"{what} {path}: larger than the {limit // 2**20} MiB limit")
    return data


def _read_text(path: Path) -> str:
    data = read_regular(path, MAX_SOURCE_BYTES, "document")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigurationError(f"document {path}: not UTF-8 (byte {exc.start})") from None


def collect_documents(paths: list[Path]) -> list[Document]:
    """The documents named by ``paths``: text files, or folders whose ``*.txt`` files are taken
    (sorted by name). Two files with the same stem are refused: the stem is the id."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.glob("*.txt") if not p.name.startswith("."))
            if not found:
                raise ConfigurationError(f"{path} holds no .txt files")
            files.extend(found)
        else:
            files.append(path)
    documents: dict[str, Document] = {}
    for file in files:
        doc = Document(id=file.stem, text=_read_text(file), path=file)
        if not doc.text.strip():
            raise ConfigurationError(f"document {file} is empty")
        earlier = documents.get(doc.id)
        if earlier is not None:
            if earlier.path is not None and same_file(earlier.path, file):
                continue
            raise ConfigurationError(
                f"two documents have the id {doc.id!r} ({earlier.path} and {file}): the file "
                "name without its extension is the id, so rename one"
            )
        documents[doc.id] = doc
    return list(documents.values())


def same_file(a: Path, b: Path) -> bool:
    """The same file (a symlink or hard link counts), without failing on missing files."""
    try:
        return a.resolve() == b.resolve() or os.path.samefile(a, b)
    except OSError:
        return False


def read_results(path: Path) -> dict[str, Summary]:
    """The ``Summary`` of each id of a results file (``summarize --input/--output`` format);
    error lines and lines without an id are skipped; ids are compared as strings."""
    data = read_regular(path, MAX_GOLD_BYTES, "results file")
    found: dict[str, Summary] = {}
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            record: Any = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise ConfigurationError(f"{path}, line {number}: not a JSON line ({exc})") from None
        if not isinstance(record, dict) or "result" not in record:
            continue
        doc_id = record.get("id")
        if isinstance(doc_id, bool) or not isinstance(doc_id, str | int):
            continue
        try:
            found[str(doc_id)] = Summary.model_validate(record["result"])
        except ValidationError as exc:
            where = ".".join(str(p) for p in exc.errors()[0]["loc"])
            raise ConfigurationError(
                f"{path}, line {number}: result.{where}: {exc.errors()[0]['msg']}"
            ) from None
    return found


def match_results(results: dict[str, Summary], ids: list[str]) -> dict[str, Summary]:
    """Each document id's result: the line whose id is the document id, else the line whose id
    is a path with that stem (``summarize docs/*.txt --json`` writes paths as ids)."""
    known = set(ids)
    matched = {key: summary for key, summary in results.items() if key in known}
    for key, summary in results.items():
        stem = PurePath(key).stem
        if key not in known and stem in known and stem not in matched:
            matched[stem] = summary
    return matched


def source_fields(doc: Document, gold_path: Path) -> dict[str, str]:
    """``source_path`` (relative to the gold file's folder) when the document lies inside that
    folder, else the text inline as ``source``: the gold loader refuses paths leading out."""
    if doc.path is not None:
        root = gold_path.resolve().parent
        resolved = doc.path.resolve()
        if resolved.is_relative_to(root):
            return {"source_path": resolved.relative_to(root).as_posix()}
    return {"source": doc.text}


def proposed_claims(text: str, summary: Summary) -> list[dict[str, Any]]:
    """A result's claims as gold claims; evidence is kept only where ``text[start:end]`` is the
    quote (a results file is not trusted)."""
    claims: list[dict[str, Any]] = []
    for claim in summary.claims:
        spans = [
            {"quote": e.quote, "start": e.start, "end": e.end}
            for e in claim.evidence
            if e.quote and e.end <= len(text) and text[e.start : e.end] == e.quote
        ]
        claims.append(
            {
                "text": claim.text,
                "kind": claim.kind.value,
                "attributed_to": claim.attributed_to,
                "evidence": spans,
            }
        )
    return claims


def draft_record(doc: Document, summary: Summary, gold_path: Path) -> dict[str, Any]:
    """A draft gold record from a result: claims with located evidence, its summary and key
    points (claims whose evidence is not in the text are left out: a gold claim needs one)."""
    claims = [c for c in proposed_claims(doc.text, summary) if c["evidence"]]
    return {
        "format_version": FORMAT_VERSION,
        "id": doc.id,
        **source_fields(doc, gold_path),
        "kind": None,
        "status": "draft",
        "summary": summary.summary,
        "key_points": [p for p in summary.key_points if p.strip()],
        "claims": claims,
    }
