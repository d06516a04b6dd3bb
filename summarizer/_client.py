"""The entry point: ``Summarizer`` (configured once, used for many calls), ``summarize`` and
``asummarize``. Reads top to bottom as the data flows: document → prompt → model → validated
draft → grounded ``Summary``.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel

from ._cache import ResponseCache, fingerprint
from ._chunking import Chunk, document_claims, plan_chunks, total_usage
from ._cost import PriceTable
from ._document import Document
from ._drafts import (
    CombinedDraft,
    GroundingSession,
    SummaryDraft,
    current_session,
    draft_model,
)
from ._errors import (
    DocumentTooLongError,
    SchemaValidationError,
    SummarizerError,
)
from ._local import LocalServer
from ._model import ModelClient, scrub_secrets
from ._prompts import PromptTemplates, RenderedPrompt
from ._retry import RetryPolicy
from ._schema import Meta, Summary
from ._settings import Settings

__all__ = ["Summarizer", "asummarize", "summarize"]

# Prompt tokens kept free for the templates and the schema when checking a document's length.
_PROMPT_RESERVE_TOKENS = 700


class Summarizer:
    """A configured summarizer. Options: arguments first, then environment, then defaults.

    >>> with Summarizer() as s:            # embedded local model, no key, no network
    ...     result = s.summarize(text)
    """

    def __init__(
        self,
        *,
        cache: bool | str | Path | ResponseCache = False,
        prices: PriceTable | None = None,
        **options: Any,
    ) -> None:
        self.settings = Settings.resolve(**options)
        self.templates = PromptTemplates(self.settings.templates)
        self.prices = prices or PriceTable()
        if isinstance(cache, ResponseCache):
            self.cache: ResponseCache | None = cache
        elif cache is True:
            self.cache = ResponseCache()
        elif cache:
            self.cache = ResponseCache(Path(cache))
        else:
            self.cache = None
        self._local: LocalServer | None = None
        self._client: ModelClient | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Summarizer({self.settings!r})"

    # -- lifecycle ---------------------------------------------------------------------------

    def _model_client(self) -> ModelClient:
        with self._lock:
            if self._client is None:
                settings = self.settings
                base_url = settings.base_url
                if settings.backend == "local":
                    self._local = LocalServer(
                        model_path=settings.local_model_path,
                        alias=settings.model or "local",
                        context_window=settings.context_window or 8192,
                    )
                    base_url = self._local.start()
                self._client = ModelClient(
                    base_url=base_url,
                    api_key=settings.api_key,
                    mode=settings.mode,
                    timeout=settings.timeout,
                    retry=RetryPolicy(
                        max_attempts=settings.max_retries,
                        max_total_seconds=settings.max_retry_seconds,
                    ),
                )
            return self._client

    def _model_name(self, client: ModelClient) -> str:
        if self.settings.model:
            return self.settings.model
        models = client.list_models()
        if not models:
            raise SummarizerError(f"the server at {client.base_url} lists no models: pass --model")
        return models[0]

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._local is not None:
            self._local.stop()
            self._local = None

    def __enter__(self) -> Summarizer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    async def __aenter__(self) -> Summarizer:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._client is not None:
            await self._client.aclose()
        self.close()

    # -- response cache ------------------------------------------------------------------------

    def cache_key(self, document: Document, model: str) -> str:
        """The response-cache key: everything that can change the answer."""
        settings = self.settings
        schema = _schema_fingerprint(self.draft_model(document))
        return fingerprint(
            {
                "backend": settings.backend,
                "base_url": settings.base_url,
                "model": model,
                "template": self.templates.info.sha256,
                "schema": schema,
                "options": [
                    settings.mode, settings.evidence_mode, settings.temperature,
                    settings.max_tokens, settings.max_claims, settings.max_reasks,
                    settings.on_ungrounded, settings.fuzzy_threshold, settings.seed,
                    settings.chunk_chars, settings.chunk_overlap,
                ],
                "document": document.sha256,
            }
        )  # fmt: skip

    def _cached(self, document: Document, model: str | None) -> Summary | None:
        if self.cache is None or not model:
            return None
        hit = self.cache.get(self.cache_key(document, model))
        if hit is None or hit.meta.source_sha256 != document.sha256:
            return None
        hit.meta.cached = True
        return hit

    def _store(self, document: Document, result: Summary) -> None:
        if self.cache is not None:
            self.cache.put(self.cache_key(document, result.meta.model), result)

    # -- one document --------------------------------------------------------------------------

    def document_budget(self) -> int | None:
        """Estimated tokens a document may have and still fit one call (None: no known limit)."""
        limit = self.settings.context_window
        if limit is None:
            return None
        return limit - self.settings.max_tokens - _PROMPT_RESERVE_TOKENS

    def plan(self, text: str | bytes | Document) -> tuple[Document, list[Chunk] | None]:
        """The checked document, and its chunks when it is too long for one call."""
        document = _as_document(text)
        settings = self.settings
        budget = self.document_budget()
        too_long = budget is not None and document.estimated_tokens() > budget
        if settings.chunk_chars is None and not too_long:
            return document, None
        if settings.chunk_chars is None and settings.long_documents == "error":
            assert budget is not None
            raise DocumentTooLongError(document.estimated_tokens(), budget)
        size = settings.chunk_chars or int((budget or 4000) * 3.0)
        if len(document.text) <= size:
            return document, None
        chunks = plan_chunks(document, size, settings.chunk_overlap or size // 10)
        if len(chunks) > settings.max_chunks:
            raise DocumentTooLongError(
                document.estimated_tokens(),
                (budget or size // 3) * settings.max_chunks,
                detail=f"{len(chunks)} chunks of {size} characters; max_chunks is "
                f"{settings.max_chunks}",
            )
        return document, chunks

    def prepare(self, text: str | bytes | Document) -> tuple[Document, RenderedPrompt]:
        """Check a document that must fit one call, and render its prompt (no model call)."""
        document = _as_document(text)
        budget = self.document_budget()
        if budget is not None and document.estimated_tokens() > budget:
            raise DocumentTooLongError(document.estimated_tokens(), budget)
        prompt = self.templates.render(
            document,
            evidence_mode=self.settings.evidence_mode,
            max_claims=self.settings.max_claims,
        )
        return document, prompt

    def _request(self, document: Document, prompt: RenderedPrompt, model: str) -> dict[str, Any]:
        """The keyword arguments of the structured call for one whole document."""
        return self._call_options(prompt.messages(), self.draft_model(document), model)

    def draft_model(self, document: Document) -> type[SummaryDraft]:
        """The schema the model fills in for ``document``."""
        settings = self.settings
        sentences = len(document.sentences)
        return draft_model(
            settings.evidence_mode,
            sentences,
            settings.max_claims,
            min(settings.min_claims, sentences) if settings.evidence_mode == "sentence" else 1,
        )

    def _call_options(
        self, messages: list[dict[str, str]], response_model: type[BaseModel], model: str
    ) -> dict[str, Any]:
        settings = self.settings
        kwargs: dict[str, Any] = {
            "model": model,
            "messages": messages,
            "response_model": response_model,
            "max_retries": settings.max_reasks,
            "temperature": settings.temperature,
            "max_tokens": settings.max_tokens,
        }
        if settings.seed is not None and settings.backend != "openai":
            kwargs["seed"] = settings.seed
        return kwargs

    def _session(self, document: Document) -> GroundingSession:
        return GroundingSession(
            document=document,
            evidence_mode=self.settings.evidence_mode,
            max_reasks=self.settings.max_reasks,
            on_ungrounded=self.settings.on_ungrounded,
            fuzzy_threshold=self.settings.fuzzy_threshold,
        )

    def summarize(self, text: str | bytes | Document) -> Summary:
        """Summarize one document. Raises a ``SummarizerError`` subclass on failure.

        A document too long for one call is summarized in chunks and merged."""
        document, chunks = self.plan(text)
        if chunks is None:
            return self._summarize_whole(document)
        hit = self._cached(document, self.settings.model)
        if hit is not None:
            return hit
        outcomes: list[Summary | SummarizerError] = []
        for chunk in chunks:
            try:
                outcomes.append(self._summarize_whole(Document(chunk.text)))
            except SchemaValidationError as exc:
                outcomes.append(exc)
        chunks, parts = _usable_parts(chunks, outcomes)
        client = self._model_client()
        model = self._model_name(client)
        messages = self._combine_messages(parts)
        session = self._session(document)
        with self._model_call(session):
            combined = client.create_structured(
                **self._call_options(messages, CombinedDraft, model)
            )
        return self._merge(document, chunks, parts, combined, session, model)

    async def asummarize(self, text: str | bytes | Document) -> Summary:
        """Async ``summarize``: many calls may run concurrently on one ``Summarizer``."""
        document, chunks = self.plan(text)
        if chunks is None:
            return await self._asummarize_whole(document)
        hit = self._cached(document, self.settings.model)
        if hit is not None:
            return hit
        gathered = await asyncio.gather(
            *(self._asummarize_whole(Document(c.text)) for c in chunks), return_exceptions=True
        )
        outcomes: list[Summary | SummarizerError] = []
        for item in gathered:
            if isinstance(item, SchemaValidationError | Summary):
                outcomes.append(item)
            else:
                raise item
        chunks, parts = _usable_parts(chunks, outcomes)
        client = await asyncio.to_thread(self._model_client)
        model: str = await asyncio.to_thread(self._model_name, client)
        messages = self._combine_messages(parts)
        session = self._session(document)
        with self._model_call(session):
            combined = await client.acreate_structured(
                **self._call_options(messages, CombinedDraft, model)
            )
        return self._merge(document, chunks, parts, combined, session, model)

    def _summarize_whole(self, document: Document) -> Summary:
        document, prompt = self.prepare(document)
        hit = self._cached(document, self.settings.model)
        if hit is not None:
            return hit
        client = self._model_client()
        model = self._model_name(client)
        hit = None if self.settings.model else self._cached(document, model)
        if hit is not None:
            return hit
        kwargs = self._request(document, prompt, model)
        session = self._session(document)
        started = time.perf_counter()
        with self._model_call(session):
            draft = client.create_structured(**kwargs)
        return self._finish(draft, session, prompt, model, started)

    async def _asummarize_whole(self, document: Document) -> Summary:
        document, prompt = self.prepare(document)
        hit = self._cached(document, self.settings.model)
        if hit is not None:
            return hit
        client = await asyncio.to_thread(self._model_client)
        model: str = await asyncio.to_thread(self._model_name, client)
        hit = None if self.settings.model else self._cached(document, model)
        if hit is not None:
            return hit
        kwargs = self._request(document, prompt, model)
        session = self._session(document)
        started = time.perf_counter()
        with self._model_call(session):
            draft = await client.acreate_structured(**kwargs)
        return self._finish(draft, session, prompt, model, started)

    def _finish(
        self,
        draft: SummaryDraft,
        session: GroundingSession,
        prompt: RenderedPrompt,
        model: str,
        started: float,
    ) -> Summary:
        result = self._result(draft, session, prompt, model, time.perf_counter() - started)
        self._store(session.document, result)
        return result

    # -- long documents ------------------------------------------------------------------------

    def _combine_messages(self, parts: list[Summary]) -> list[dict[str, str]]:
        return self.templates.render_combine(
            [{"title": p.title, "summary": p.summary, "key_points": p.key_points} for p in parts]
        ).messages()

    def _merge(
        self,
        document: Document,
        chunks: list[Chunk],
        parts: list[Summary],
        combined: CombinedDraft,
        session: GroundingSession,
        model: str,
    ) -> Summary:
        claims = document_claims(document, chunks, parts)
        usage = total_usage(parts, session.usage)
        settings = self.settings
        meta = Meta(
            model=model,
            backend=settings.backend,
            mode=settings.mode,
            evidence_mode=settings.evidence_mode,
            template=self.templates.info,
            usage=usage,
            attempts=sum(p.meta.attempts for p in parts) + session.attempts,
            reasks=sum(p.meta.reasks for p in parts) + max(session.attempts - 1, 0),
            transport_retries=sum(p.meta.transport_retries for p in parts)
            + session.transport_retries,
            latency_s=round(sum(p.meta.latency_s for p in parts), 4),
            ungrounded_claims=sum(1 for c in claims if not c.grounded),
            dropped_claims=sum(p.meta.dropped_claims for p in parts),
            source_sha256=document.sha256,
            cost_usd=self.prices.cost(model, usage, backend=settings.backend),
            chunks=len(chunks) + parts[0].meta.failed_chunks,
            failed_chunks=parts[0].meta.failed_chunks,
        )
        result = Summary(
            title=combined.title.strip(),
            summary=combined.summary.strip(),
            key_points=[p.strip() for p in combined.key_points if p.strip()],
            claims=claims,
            meta=meta,
        )
        self._store(document, result)
        return result

    @contextmanager
    def _model_call(self, session: GroundingSession) -> Iterator[None]:
        """One instructor call: ``session`` is the call's context (the validators ground
        against its document, the transport counts into it); any failure becomes the
        library's typed error."""
        token = current_session.set(session)
        try:
            yield
        except Exception as exc:
            raise self._failure(exc, session) from None
        finally:
            current_session.reset(token)

    def _failure(self, exc: Exception, session: GroundingSession) -> SummarizerError:
        if isinstance(exc, SummarizerError):
            return exc
        if isinstance(exc, InstructorRetryException):
            cause = exc.__cause__
            if isinstance(cause, SummarizerError):
                return cause
            return SchemaValidationError(
                "the model's output never matched the schema",
                attempts=session.attempts or int(exc.n_attempts or 0),
                last_errors=scrub_secrets(str(exc), self._secrets())[:2000],
            )
        if isinstance(exc, IncompleteOutputException):
            return SchemaValidationError(
                f"the model's output was cut off at max_tokens={self.settings.max_tokens}",
                attempts=max(session.attempts, 1),
            )
        if self._local is not None and not self._local.alive():
            from ._errors import LocalModelError

            return LocalModelError(f"the embedded llama.cpp server died: {self._local.log_tail()}")
        return SummarizerError(scrub_secrets(f"{type(exc).__name__}: {exc}", self._secrets()))

    def _secrets(self) -> tuple[str, ...]:
        return (self.settings.api_key,) if self.settings.api_key else ()

    def _result(
        self,
        draft: SummaryDraft,
        session: GroundingSession,
        prompt: RenderedPrompt,
        model: str,
        latency: float,
    ) -> Summary:
        settings = self.settings
        meta = Meta(
            model=model,
            backend=settings.backend,
            mode=settings.mode,
            evidence_mode=settings.evidence_mode,
            template=prompt.template,
            usage=session.usage,
            attempts=session.attempts,
            reasks=max(session.attempts - 1, 0),
            transport_retries=session.transport_retries,
            latency_s=round(latency, 4),
            ungrounded_claims=session.ungrounded,
            dropped_claims=session.dropped,
            source_sha256=session.document.sha256,
            cost_usd=self.prices.cost(model, session.usage, backend=settings.backend),
        )
        return Summary(
            title=draft.title.strip(),
            summary=draft.summary.strip(),
            key_points=[point.strip() for point in draft.key_points if point.strip()],
            claims=session.claims,
            meta=meta,
        )


def _usable_parts(
    chunks: list[Chunk], outcomes: list[Summary | SummarizerError]
) -> tuple[list[Chunk], list[Summary]]:
    """Chunks whose summary validated. A chunk the model never answered validly is left out
    (counted in ``meta.failed_chunks``); if every chunk failed, the first error is raised."""
    kept = [(c, o) for c, o in zip(chunks, outcomes, strict=True) if isinstance(o, Summary)]
    if not kept:
        first = outcomes[0]
        assert isinstance(first, SummarizerError)
        raise first
    failed = len(chunks) - len(kept)
    parts = [part for _, part in kept]
    parts[0] = parts[0].model_copy(
        update={"meta": parts[0].meta.model_copy(update={"failed_chunks": failed})}
    )
    return [c for c, _ in kept], parts


@lru_cache(maxsize=256)
def _schema_fingerprint(model: type[SummaryDraft]) -> str:
    return fingerprint(model.model_json_schema())


def _as_document(text: str | bytes | Document) -> Document:
    if isinstance(text, Document):
        return text
    if isinstance(text, bytes | bytearray):
        return Document.from_bytes(bytes(text))
    return Document(text)


_default: Summarizer | None = None
_default_options: dict[str, Any] = {}
_default_lock = threading.Lock()


def _shared(options: dict[str, Any]) -> Summarizer:
    """One shared ``Summarizer`` per set of options, so the local server starts once."""
    global _default, _default_options
    with _default_lock:
        if _default is None or options != _default_options:
            if _default is not None:
                _default.close()
            _default, _default_options = Summarizer(**options), dict(options)
        return _default


def summarize(text: str | bytes | Path | Document, **options: Any) -> Summary:
    """Summarize ``text`` (a ``str``, UTF-8 ``bytes``, or a ``Path`` to read)."""
    if isinstance(text, Path):
        text = text.read_bytes()
    return _shared(options).summarize(text)


async def asummarize(text: str | bytes | Path | Document, **options: Any) -> Summary:
    """Async ``summarize``."""
    if isinstance(text, Path):
        text = await asyncio.to_thread(text.read_bytes)
    return await _shared(options).asummarize(text)
