"""Past one machine: the provider's batch endpoint (OpenAI Batch API request/output JSONL).

``prepare_requests`` turns documents into Batch API request lines — one per document, or per
chunk of a long document — with the same body the live path sends (instructor's TOOLS mode:
the draft schema as the one tool, forced). ``collect_results`` parses a batch *output* file
back into validated, grounded ``Summary`` results. Grounding runs exactly as in the live path,
with no reasks (a batch cannot ask again): evidence that cannot be located is flagged.

A long document's chunks are merged as in the live path, except that the final "combine" call
is not made: its title is the first chunk's, its summary and key points are joined from the
chunks' (run the document live for a model-written overall summary).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from openai.types.chat import ChatCompletion
from pydantic import ValidationError

from ._chunking import Chunk
from ._client import Summarizer
from ._document import Document
from ._drafts import ground_draft
from ._errors import ConfigurationError, SchemaValidationError, SummarizerError
from ._result import CallStats, build_summary, merge_chunk_summaries
from ._schema import Summary
from ._structured import PARSE_ERRORS, IncompleteOutputException
from ._verify import verify_claims

__all__ = ["BatchItem", "collect_results", "prepare_requests"]

_SEP = "#chunk-"


@dataclass(frozen=True)
class BatchItem:
    """A collected document: its id and a ``Summary`` or the error it met."""

    id: str
    result: Summary | SummarizerError


def _units(summarizer: Summarizer, text: str) -> tuple[Document, list[Chunk] | None]:
    return summarizer.plan(text)


def _body(summarizer: Summarizer, document: Document, model: str) -> dict[str, Any]:
    settings = summarizer.settings
    if settings.mode != "tools":
        raise ConfigurationError("batch requests are prepared for the tools mode only")
    if settings.strategy != "write":
        raise ConfigurationError("batch requests are prepared for strategy 'write' only")
    return summarizer.first_request(document, model)


def prepare_requests(
    documents: Iterable[tuple[str, str]], summarizer: Summarizer, *, model: str | None = None
) -> Iterator[dict[str, Any]]:
    """Batch API request lines for ``(id, text)`` pairs; custom ids are ``id`` or
    ``id#chunk-N``."""
    name = model or summarizer.settings.model
    if not name:
        raise ConfigurationError("batch requests need a model name: pass --model")
    for doc_id, text in documents:
        document, chunks = _units(summarizer, text)
        units = [(doc_id, document)] if chunks is None else [
            (f"{doc_id}{_SEP}{c.index}", Document(c.text)) for c in chunks
        ]  # fmt: skip
        for custom_id, unit in units:
            yield {
                "custom_id": custom_id,
                "method": "POST",
                "url": "/v1/chat/completions",
                "body": _body(summarizer, unit, name),
            }


def _parse_unit(
    line: dict[str, Any], document: Document, summarizer: Summarizer
) -> Summary | SummarizerError:
    error = line.get("error")
    response = line.get("response") or {}
    if error:
        return SummarizerError(f"batch error {error.get('code')}: {error.get('message')}")
    if response.get("status_code") != 200:
        return SummarizerError(f"batch request failed with HTTP {response.get('status_code')}")
    try:
        completion = ChatCompletion.model_validate(response.get("body") or {})
    except ValidationError as exc:
        return SchemaValidationError(f"unreadable batch response: {exc}", attempts=1)
    settings = summarizer.settings
    try:
        draft = summarizer.structured.parse(completion, summarizer.draft_model(document))
    except IncompleteOutputException:
        return SchemaValidationError(
            f"the batch response was cut off at max_tokens={settings.max_tokens}", attempts=1
        )
    except PARSE_ERRORS as exc:
        return SchemaValidationError(
            "the batch response does not match the schema",
            attempts=1,
            last_errors=str(exc)[:2000],
        )
    # A batch cannot ask again: evidence that cannot be located or does not state its claim
    # is flagged (or dropped) at once.
    grounded = ground_draft(
        draft,
        document,
        evidence_mode=settings.evidence_mode,
        fuzzy_threshold=settings.fuzzy_threshold,
    )
    context = summarizer.context(completion.model)
    claims = verify_claims(grounded.claims, context.judge, document).claims
    stats = CallStats()
    stats.record(completion)
    return build_summary(
        context,
        document,
        draft,
        claims,
        stats,
        template=summarizer.templates.info,
        latency=0.0,
        backend=f"{settings.backend}-batch",
        model=completion.model,
    )


def collect_results(
    output_lines: Iterable[str],
    documents: Iterable[tuple[str, str]],
    summarizer: Summarizer,
) -> Iterator[BatchItem]:
    """Parse a Batch API output file against the documents it was prepared from.

    Yields exactly one ``BatchItem`` per document, in the documents' order; a document whose
    requests are missing from the output gets an error, never silence."""
    by_custom_id: dict[str, dict[str, Any]] = {}
    for number, raw in enumerate(output_lines, 1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
            by_custom_id[str(line["custom_id"])] = line
        except (ValueError, KeyError, TypeError):
            raise ConfigurationError(f"batch output line {number} is not a batch result") from None
    for doc_id, text in documents:
        try:
            document, chunks = _units(summarizer, text)
        except SummarizerError as exc:
            yield BatchItem(doc_id, exc)
            continue
        if chunks is None:
            line = by_custom_id.get(doc_id)
            result = (
                _parse_unit(line, document, summarizer)
                if line is not None
                else SummarizerError(f"no batch result for {doc_id!r}")
            )
            yield BatchItem(doc_id, result)
            continue
        parts: list[Summary] = []
        failure: SummarizerError | None = None
        for chunk in chunks:
            line = by_custom_id.get(f"{doc_id}{_SEP}{chunk.index}")
            if line is None:
                failure = SummarizerError(f"no batch result for {doc_id!r} chunk {chunk.index}")
                break
            part = _parse_unit(line, Document(chunk.text), summarizer)
            if isinstance(part, SummarizerError):
                failure = part
                break
            parts.append(part)
        if failure is not None:
            yield BatchItem(doc_id, failure)
            continue
        yield BatchItem(doc_id, _join(summarizer, document, chunks, parts))


def _join(
    summarizer: Summarizer, document: Document, chunks: list[Chunk], parts: list[Summary]
) -> Summary:
    context = summarizer.context(parts[0].meta.model)
    return merge_chunk_summaries(
        context, document, chunks, parts, None, CallStats(), backend=parts[0].meta.backend
    )
