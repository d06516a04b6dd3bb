"""The hand-labelled gold file: its format, and a loader that checks every record.

The gold file is JSON Lines, one document per line (format described in ``evals/README.md``)::

    {"format_version": 1, "id": "000_seed_isis", "source_path": "documents/000_seed_isis.txt",
     "kind": "news", "summary": "...", "key_points": ["..."],
     "claims": [{"text": "...", "kind": "statistic", "attributed_to": "UN",
                 "evidence": [{"quote": "...", "start": 123, "end": 160}]}]}

A record holds exactly one of ``source`` (the text inline) and ``source_path`` (a file relative
to the gold file's folder, read as UTF-8 with no newline translation). For every evidence span,
``source_text[start:end] == quote``.

A ``source_path`` must stay inside the gold file's folder once ``..`` and symlinks are resolved,
name a regular file (not a device, FIFO or folder) and hold at most ``MAX_SOURCE_BYTES``; the
gold file itself at most ``MAX_GOLD_BYTES``. Error messages quote only the offending field of
the gold file, never the content of a source file.

``load_gold`` never lets a JSON or pydantic traceback escape: every problem is a
``GoldFileError`` that names the file, the 1-based line and the dotted field, e.g.
``evals/gold/gold.jsonl, line 4, field claims.3.evidence.0: quote does not match ...``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError

from .._errors import GoldFileError
from .._schema import ClaimKind
from ._files import (
    NotRegularFile,
    describe_validation_error,
    json_type,
    parse_json,
    read_regular,
)

__all__ = [
    "FORMAT_VERSION",
    "MAX_GOLD_BYTES",
    "MAX_SOURCE_BYTES",
    "READ_VERSIONS",
    "GoldClaim",
    "GoldDocument",
    "GoldEvidence",
    "GoldFile",
    "GoldFileError",
    "check_record",
    "load_gold",
]

FORMAT_VERSION = 2
"""The ``format_version`` written now: version 1 plus an optional ``status`` (draft | done)."""
READ_VERSIONS = (1, 2)
"""Every ``format_version`` this loader reads."""

MAX_SOURCE_BYTES = 16 * 2**20
"""The largest source file a gold record may name (16 MiB)."""
MAX_GOLD_BYTES = 64 * 2**20
"""The largest gold file read (64 MiB)."""

_SNIPPET = 40  # characters of a quote shown in an error message

_Fail = Callable[[str, str | None], "GoldFileError"]


# ---------------------------------------------------------------------------------------------
# Public models: what a caller gets back.


class GoldEvidence(BaseModel):
    """A span of the document: ``source_text[start:end] == quote``."""

    model_config = ConfigDict(frozen=True)

    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class GoldClaim(BaseModel):
    """One atomic claim of the document, as labelled by a person."""

    model_config = ConfigDict(frozen=True)

    text: str
    kind: ClaimKind
    attributed_to: str | None
    evidence: list[GoldEvidence]


class GoldDocument(BaseModel):
    """One labelled document. ``source_text`` is the resolved text (inline or read from file)."""

    model_config = ConfigDict(frozen=True)

    id: str
    kind: str | None
    source_text: str
    source_path: str | None = Field(
        description="as written in the gold file (relative to it), None for inline sources"
    )
    summary: str
    key_points: list[str]
    claims: list[GoldClaim]
    # Not in dumps: the gold digest (``_run.gold_digest``) covers what scores depend on.
    status: Literal["draft", "done"] = Field(default="done", exclude=True)


class GoldFile(BaseModel):
    """Every document of one gold file, in file order."""

    model_config = ConfigDict(frozen=True)

    path: Path
    documents: list[GoldDocument]

    def counts(self) -> dict[str, int]:
        """Totals: ``documents``, ``claims``, ``claims.<kind>`` for every ``ClaimKind`` (zeros
        included), ``evidence_spans`` and ``characters`` (of the source texts)."""
        kinds = Counter(claim.kind for doc in self.documents for claim in doc.claims)
        result = {
            "documents": len(self.documents),
            "claims": sum(len(doc.claims) for doc in self.documents),
        }
        for kind in ClaimKind:
            result[f"claims.{kind.value}"] = kinds.get(kind, 0)
        result["evidence_spans"] = sum(
            len(claim.evidence) for doc in self.documents for claim in doc.claims
        )
        result["characters"] = sum(len(doc.source_text) for doc in self.documents)
        return result

    def drafts(self) -> list[str]:
        """Ids of the documents marked ``"status": "draft"`` (labelling not finished)."""
        return [doc.id for doc in self.documents if doc.status == "draft"]


# ---------------------------------------------------------------------------------------------
# Raw models: one record exactly as written in the file. Strict, and unknown fields are refused
# so that a misspelt key ("atributed_to") is an error rather than silently dropped.

_NonEmpty = Annotated[StrictStr, Field(min_length=1)]
_Strict = ConfigDict(extra="forbid", strict=True)


class _RawEvidence(BaseModel):
    model_config = _Strict

    quote: _NonEmpty
    start: Annotated[StrictInt, Field(ge=0)]
    end: Annotated[StrictInt, Field(ge=0)]


class _RawClaim(BaseModel):
    model_config = _Strict

    text: _NonEmpty
    # Strict mode would refuse the JSON string "fact" for an enum given as a Python object.
    kind: Annotated[ClaimKind, Field(strict=False)]
    attributed_to: StrictStr | None
    evidence: Annotated[list[_RawEvidence], Field(min_length=1)]


class _RawRecord(BaseModel):
    model_config = _Strict

    format_version: StrictInt
    id: _NonEmpty
    source: StrictStr | None = None
    source_path: _NonEmpty | None = None
    kind: StrictStr | None = None
    summary: _NonEmpty
    key_points: list[_NonEmpty]
    claims: list[_RawClaim]
    status: Literal["draft", "done"] | None = None  # format_version 2 only


# ---------------------------------------------------------------------------------------------


def load_gold(path: str | Path) -> GoldFile:
    """Read and check a gold file; raise ``GoldFileError`` naming the line and field of the
    first problem."""
    gold_path = Path(path)
    try:
        data = read_regular(gold_path, MAX_GOLD_BYTES)
    except FileNotFoundError:
        raise GoldFileError(path, "no such file") from None
    except IsADirectoryError:
        raise GoldFileError(path, "is a directory, not a gold file") from None
    except NotRegularFile as exc:
        raise GoldFileError(path, f"{exc}, not a gold file") from None
    except OSError as exc:
        raise GoldFileError(path, f"cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GoldFileError(path, f"not UTF-8 (byte {exc.start})") from None

    documents: list[GoldDocument] = []
    errors: list[GoldFileError] = []
    first_line: dict[str, int] = {}
    for number, raw_line in enumerate(text.split("\n"), start=1):
        if not raw_line.strip():
            continue
        try:
            document = _parse_record(path, gold_path.parent, number, raw_line)
        except GoldFileError as exc:
            errors.append(exc)
            continue
        if document.id in first_line:
            errors.append(
                GoldFileError(
                    path,
                    f"duplicate id {document.id!r} (lines {first_line[document.id]} and {number})",
                    line=number,
                    field="id",
                )
            )
            continue
        first_line[document.id] = number
        documents.append(document)

    if errors:
        first = errors[0]
        if len(errors) > 1:
            more = "\n".join(f"  {error}" for error in errors[1:])
            first = GoldFileError(
                path,
                f"{first.detail}\n(and {len(errors) - 1} more bad record(s):\n{more})",
                line=first.line,
                field=first.field,
            )
        first.errors = [first, *errors[1:]]
        raise first
    if not documents:
        raise GoldFileError(path, "holds no documents (the file is empty)")
    return GoldFile(path=gold_path, documents=documents)


def _parse_record(path: str | Path, folder: Path, line: int, raw_line: str) -> GoldDocument:
    def fail(message: str, field: str | None) -> GoldFileError:
        return GoldFileError(path, message, line=line, field=field)

    try:
        obj: Any = parse_json(raw_line)
    except ValueError as exc:
        raise fail(str(exc), None) from None
    if not isinstance(obj, dict):
        raise fail(f"expected a JSON object, got {json_type(obj)}", None)

    # The version decides how the rest is read, so it is checked first.
    if "format_version" not in obj:
        raise fail("missing field", "format_version")
    version = obj["format_version"]
    if type(version) is not int or version not in READ_VERSIONS:
        raise fail(
            f"unknown format_version {version!r} (this loader reads "
            f"{', '.join(map(str, READ_VERSIONS))})",
            "format_version",
        )
    if version == 1 and "status" in obj:
        raise fail("unknown field (status needs format_version 2)", "status")

    try:
        record = _RawRecord.model_validate(obj)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = ".".join(str(part) for part in first["loc"]) or None
        raise fail(describe_validation_error(first), field) from None

    if (record.source is None) == (record.source_path is None):
        both = record.source is not None
        raise fail(
            "has both 'source' and 'source_path'; give exactly one"
            if both
            else "has neither 'source' nor 'source_path'; give exactly one",
            "source" if both else None,
        )
    if record.source is not None:
        source_text = record.source
    else:
        assert record.source_path is not None
        source_text = _read_source(record.source_path, folder, fail)
    if not source_text.strip():
        raise fail("the source text is empty", "source" if record.source is not None else None)

    claims: list[GoldClaim] = []
    for c, claim in enumerate(record.claims):
        evidence: list[GoldEvidence] = []
        for e, span in enumerate(claim.evidence):
            where = f"claims.{c}.evidence.{e}"
            _check_span(span, source_text, where, fail)
            evidence.append(GoldEvidence(quote=span.quote, start=span.start, end=span.end))
        claims.append(
            GoldClaim(
                text=claim.text,
                kind=claim.kind,
                attributed_to=claim.attributed_to,
                evidence=evidence,
            )
        )
    return GoldDocument(
        id=record.id,
        kind=record.kind,
        source_text=source_text,
        source_path=record.source_path,
        summary=record.summary,
        key_points=list(record.key_points),
        claims=claims,
        status=record.status or "done",
    )


def check_record(record: object, gold_path: str | Path) -> GoldDocument:
    """Check one record (a JSON-able object) by exactly the rules ``load_gold`` applies to a
    line of the gold file at ``gold_path`` (whose folder ``source_path`` is relative to)."""
    try:
        line = json.dumps(record, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise GoldFileError(gold_path, f"not a JSON record: {exc}") from None
    return _parse_record(gold_path, Path(gold_path).parent, 1, line)


def _read_source(source_path: str, folder: Path, fail: _Fail) -> str:
    if "\x00" in source_path:
        raise fail("source_path holds a NUL byte", "source_path")
    if PurePosixPath(source_path).is_absolute() or PureWindowsPath(source_path).is_absolute():
        raise fail(
            f"source_path must be relative to the gold file's folder, not {source_path!r}",
            "source_path",
        )
    try:
        root = folder.resolve()
        resolved = (folder / source_path).resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise fail(f"cannot resolve {source_path!r}: {exc}", "source_path") from None
    if not resolved.is_relative_to(root):
        raise fail(
            f"source_path {source_path!r} leads outside the gold file's folder "
            "(after resolving '..' and symlinks)",
            "source_path",
        )
    try:
        data = read_regular(resolved, MAX_SOURCE_BYTES)
    except FileNotFoundError:
        raise fail(f"no such file: {source_path} (next to the gold file)", "source_path") from None
    except IsADirectoryError:
        raise fail(f"{source_path} is a directory, not a source file", "source_path") from None
    except NotRegularFile as exc:
        raise fail(f"{source_path} {exc}", "source_path") from None
    except OSError as exc:
        raise fail(f"cannot read {source_path}: {exc.strerror or exc}", "source_path") from None
    try:
        # Decoded by hand: no newline translation, so offsets count "\r\n" as two characters.
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail(f"{source_path} is not UTF-8 (byte {exc.start})", "source_path") from None


def _check_span(span: _RawEvidence, source: str, where: str, fail: _Fail) -> None:
    size = len(source)
    if span.start > size:
        raise fail(f"start {span.start} is beyond the end of the source ({size})", f"{where}.start")
    if span.end > size:
        raise fail(f"end {span.end} is beyond the end of the source ({size})", f"{where}.end")
    if span.end < span.start:
        raise fail(f"end {span.end} is before start {span.start}", f"{where}.end")
    found = source[span.start : span.end]
    if found != span.quote:
        hint = ""
        at = source.find(span.quote)
        if at >= 0:
            hint = f"; the quote occurs at [{at}:{at + len(span.quote)}]"
        # Only the quote (the gold file's own field) is shown: the source may be any file.
        raise fail(
            f"quote {_snippet(span.quote)} does not match source[{span.start}:{span.end}]{hint}",
            where,
        )


def _snippet(text: str) -> str:
    if len(text) > _SNIPPET:
        text = text[: _SNIPPET - 3] + "..."
    return repr(text)
