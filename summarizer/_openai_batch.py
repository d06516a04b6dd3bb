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

import instructor
from openai.types.chat import ChatCompletion
from pydantic import ValidationError

from ._chunking import Chunk, document_claims, total_usage
from ._client import Summarizer
from ._document import Document
from ._drafts import GroundingSession, SummaryDraft, current_session
from ._errors import ConfigurationError, SchemaValidationError, SummarizerError
from ._schema import Meta, Summary

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
    _, prompt = summarizer.prepare(document)
    response_model = summarizer.draft_model(document)
    schema: dict[str, Any] = instructor.openai_schema(response_model).openai_schema  # type: ignore[attr-defined]
    body: dict[str, Any] = {
        "model": model,
        "messages": prompt.messages(),
        "temperature": settings.temperature,
        "max_tokens": settings.max_tokens,
        "tools": [{"type": "function", "function": schema}],
        "tool_choice": {"type": "function", "function": {"name": schema["name"]}},
    }
    if settings.seed is not None and settings.backend != "openai":
        body["seed"] = settings.seed
    return body


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
        calls = completion.choices[0].message.tool_calls or []
        arguments = calls[0].function.arguments if calls else ""  # type: ignore[union-attr]
    except (ValidationError, IndexError, AttributeError) as exc:
        return SchemaValidationError(f"unreadable batch response: {exc}", attempts=1)
    settings = summarizer.settings
    response_model = summarizer.draft_model(document)
    session = GroundingSession(
        document=document,
        evidence_mode=settings.evidence_mode,
        max_reasks=0,
        on_ungrounded=settings.on_ungrounded,
        fuzzy_threshold=settings.fuzzy_threshold,
        attempts=1,
    )
    if completion.usage is not None:
        session.usage.add(completion.usage.prompt_tokens, completion.usage.completion_tokens)
    token = current_session.set(session)
    try:
        draft: SummaryDraft = response_model.model_validate_json(arguments)
    except ValidationError as exc:
        return SchemaValidationError(
            "the batch response does not match the schema",
            attempts=1,
            last_errors=str(exc)[:2000],
        )
    finally:
        current_session.reset(token)
    meta = Meta(
        model=completion.model,
        backend=f"{settings.backend}-batch",
        mode=settings.mode,
        evidence_mode=settings.evidence_mode,
        template=summarizer.templates.info,
        usage=session.usage,
        attempts=1,
        ungrounded_claims=session.ungrounded,
        dropped_claims=session.dropped,
        source_sha256=document.sha256,
        cost_usd=summarizer.prices.cost(completion.model, session.usage),
    )
    return Summary(
        title=draft.title.strip(),
        summary=draft.summary.strip(),
        key_points=[p.strip() for p in draft.key_points if p.strip()],
        claims=session.claims,
        meta=meta,
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
        yield BatchItem(doc_id, _join(document, chunks, parts))


def _join(document: Document, chunks: list[Chunk], parts: list[Summary]) -> Summary:
    claims = document_claims(document, chunks, parts)
    usage = total_usage(parts)
    first = parts[0].meta
    costs = [p.meta.cost_usd for p in parts]
    meta = first.model_copy(
        update={
            "usage": usage,
            "attempts": len(parts),
            "ungrounded_claims": sum(1 for c in claims if not c.grounded),
            "dropped_claims": sum(p.meta.dropped_claims for p in parts),
            "source_sha256": document.sha256,
            "chunks": len(chunks),
            "cost_usd": None if None in costs else sum(c or 0.0 for c in costs),
        }
    )
    points = [p.key_points[0] for p in parts if p.key_points][:6]
    return Summary(
        title=parts[0].title,
        summary=" ".join(p.summary for p in parts),
        key_points=points,
        claims=claims,
        meta=meta,
    )
