"""The assembler: ``Summarizer`` (configured once, used for many calls). The top-level
functions that open one for a call are in ``_api``.

The steps themselves are I/O-free generators in ``_pipeline`` (document → prompt → model →
draft → grounding → support → result); this module holds the configuration, the lifecycle of
the model client (and of the embedded server), and two small drivers that do the I/O: one
sync, one async. A document passes through here once, on its way in and out.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from ._cache import ResponseCache
from ._call import Exchange, cache_key
from ._chunking import Chunk, plan_chunks, usable_parts
from ._context import RunContext
from ._cost import PriceTable
from ._document import Document
from ._drafts import SummaryDraft
from ._errors import (
    APITimeoutError,
    BackendError,
    DocumentTooLongError,
    LocalModelError,
    SchemaValidationError,
    SummarizerError,
)
from ._judges import get_judge
from ._local import LocalServer
from ._model import ModelClient, Reply
from ._pipeline import combine_parts, render, response_model_for, summarize_document
from ._prompts import PromptTemplates, RenderedPrompt
from ._protocols import Pacer
from ._retry import RetryPolicy
from ._schema import Summary
from ._settings import EvidenceMode, LongDocuments, Mode, OnFailure, Settings, Strategy
from ._structured import StructuredOutput
from ._verdict import Judge

__all__ = ["Summarizer"]

R = TypeVar("R")

# Prompt tokens kept free for the templates and the schema when checking a document's length.
_PROMPT_RESERVE_TOKENS = 700


class Summarizer:
    """A configured summarizer. Options: arguments first, then environment, then defaults.

    >>> with Summarizer() as s:            # embedded local model, no key, no network
    ...     result = s.summarize(text)
    """

    # fmt: off
    def __init__(
        self, *, backend: str | None = None, model: str | None = None,
        base_url: str | None = None, api_key: str | None = None, mode: Mode | None = None,
        evidence_mode: EvidenceMode | None = None, templates: str | Path | None = None,
        temperature: float | None = None, max_reasks: int | None = None,
        timeout: float | None = None, max_retries: int | None = None,
        max_retry_seconds: float | None = None, document_timeout: float | None = None,
        max_claims: int | None = None,
        min_claims: int | None = None, max_tokens: int | None = None,
        context_window: int | None = None, on_ungrounded: OnFailure | None = None,
        fuzzy_threshold: float | None = None, local_model_path: str | Path | None = None,
        seed: int | None = None, chunk_chars: int | None = None,
        chunk_overlap: int | None = None, max_chunks: int | None = None,
        long_documents: LongDocuments | None = None, verify: str | bool | None = None,
        on_unsupported: OnFailure | None = None, reask_unsupported: bool | None = None,
        strategy: Strategy | None = None, language: str | None = None,
        output_language: str | None = None,
        cache: bool | str | Path | ResponseCache = False, prices: PriceTable | None = None,
    ) -> None:
        """One keyword per field of ``Settings``, where its type, default and environment
        variable are declared; ``None``: not given (then the environment, then the default)."""
        given = locals()  # the parameters above, by name
        self.settings = Settings.resolve(**{name: given[name] for name in Settings.model_fields})
    # fmt: on
        self.templates = PromptTemplates(self.settings.templates)
        self.prices = prices or PriceTable()
        self.structured = StructuredOutput(self.settings.mode)
        verify = self.settings.verify
        # The "llm" judge is the model itself: a pipeline step, not a pure Judge.
        self.judge: Judge | None = get_judge(verify) if verify and verify != "llm" else None
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
        self._model: str | None = self.settings.model
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
                    timeout=settings.timeout,
                    retry=RetryPolicy(
                        max_attempts=settings.max_retries,
                        max_total_seconds=settings.max_retry_seconds,
                    ),
                )
            return self._client

    def model_name(self) -> str:
        """The configured model, else the server's first listed model (asked once)."""
        return self._model_name(self._model_client())

    def _model_name(self, client: ModelClient) -> str:
        """The configured model, else the server's first listed model (asked once)."""
        if self._model is None:
            models = client.list_models()
            if not models:
                raise SummarizerError(
                    f"the server at {client.base_url} lists no models: pass --model"
                )
            self._model = models[0]
        return self._model

    def context(self, model: str | None = None) -> RunContext:
        """The explicit dependencies every pipeline step receives."""
        return RunContext(
            settings=self.settings,
            templates=self.templates,
            structured=self.structured,
            model=model or self._model or "",
            judge=self.judge,
            prices=self.prices,
            cache=self.cache,
            secrets=(self.settings.api_key,) if self.settings.api_key else (),
        )

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._local is not None:
            self._local.stop()
            self._local = None

    async def aclose(self) -> None:
        """``close``, and the running event loop's async HTTP client (each loop has its own,
        closed when that loop shuts down)."""
        if self._client is not None:
            await self._client.aclose()
        await asyncio.to_thread(self.close)

    def __enter__(self) -> Summarizer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    async def __aenter__(self) -> Summarizer:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    # -- planning (no model call) ---------------------------------------------------------------

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
        document = self._fitting(text)
        return document, render(self.context(), document)

    def first_request(self, text: str | bytes | Document, model: str) -> dict[str, Any]:
        """The body of the first request the pipeline sends for a document that must fit one
        call (no model call, no cache): what a Batch API line carries, what the cache keys."""
        context = replace(self.context(model), cache=None)
        exchange = summarize_document(context, self._fitting(text))
        body = next(exchange)
        exchange.close()
        return body

    def _fitting(self, text: str | bytes | Document) -> Document:
        document = _as_document(text)
        budget = self.document_budget()
        if budget is not None and document.estimated_tokens() > budget:
            raise DocumentTooLongError(document.estimated_tokens(), budget)
        return document

    def draft_model(self, document: Document) -> type[SummaryDraft]:
        """The schema the model fills in for ``document``."""
        return response_model_for(self.settings, document)

    def cache_key(self, document: Document, model: str) -> str:
        """The response-cache key of ``document``'s first model call: the key the pipeline
        itself uses, taken from the first request body it would send (no model call)."""
        return cache_key(self.context(model), self.first_request(document, model))

    # -- the drivers ---------------------------------------------------------------------------

    def run(self, exchange: Exchange[R]) -> R:
        """Drive an I/O-free exchange (the model as judge, a batch follow-up) to its end."""
        return self._drive(exchange, self._model_client())

    def _drive(self, exchange: Exchange[R], client: ModelClient) -> R:
        """Run an exchange: send each request body it yields, hand it the reply. No request
        starts after ``document_timeout`` (each one is bounded by its own deadline)."""
        limit = self.settings.document_timeout
        deadline = time.monotonic() + limit
        try:
            body = next(exchange)
            while True:
                if time.monotonic() > deadline:
                    raise APITimeoutError(client.base_url, limit)
                body = exchange.send(self._checked(client.post, body))
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]

    async def _adrive(
        self, exchange: Exchange[R], client: ModelClient, pacer: Pacer | None = None
    ) -> R:
        """``_drive`` for the event loop: past ``document_timeout`` the request in flight is
        cancelled too."""
        limit = self.settings.document_timeout
        try:
            async with asyncio.timeout(limit):
                body = next(exchange)
                while True:
                    if pacer is not None:
                        await pacer.wait(body)
                    body = exchange.send(await self._achecked(client.apost, body))
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
        except TimeoutError:
            raise APITimeoutError(client.base_url, limit) from None

    def _checked(self, post: Callable[[dict[str, Any]], Reply], body: dict[str, Any]) -> Reply:
        try:
            return post(body)
        except BackendError as exc:
            raise self._dead_server() or exc from None

    async def _achecked(
        self, post: Callable[[dict[str, Any]], Awaitable[Reply]], body: dict[str, Any]
    ) -> Reply:
        try:
            return await post(body)
        except BackendError as exc:
            raise self._dead_server() or exc from None

    def _dead_server(self) -> LocalModelError | None:
        if self._local is not None and not self._local.alive():
            return LocalModelError(f"the embedded llama.cpp server died: {self._local.log_tail()}")
        return None

    # -- one document --------------------------------------------------------------------------

    def summarize(self, text: str | bytes | Document) -> Summary:
        """Summarize one document. Raises a ``SummarizerError`` subclass on failure.

        A document too long for one call is summarized in chunks and merged."""
        document, chunks = self.plan(text)
        client = self._model_client()
        context = self.context(self._model_name(client))
        if chunks is None:
            return self._drive(_timed(summarize_document, context, document), client)
        outcomes: list[Summary | SummarizerError] = []
        for chunk in chunks:
            try:
                part = Document(chunk.text)
                outcomes.append(self._drive(_timed(summarize_document, context, part), client))
            except SchemaValidationError as exc:
                outcomes.append(exc)
        kept, parts, failed = usable_parts(chunks, outcomes)
        return self._drive(combine_parts(context, document, kept, parts, failed), client)

    async def asummarize(
        self, text: str | bytes | Document, *, pacer: Pacer | None = None
    ) -> Summary:
        """Async ``summarize``: many calls may run concurrently on one ``Summarizer``.

        ``pacer`` (see ``summarize_many``'s rate limits) is awaited before every request."""
        document, chunks = self.plan(text)
        client = await asyncio.to_thread(self._model_client)
        model = await asyncio.to_thread(self._model_name, client)
        context = self.context(model)
        if chunks is None:
            exchange = _timed(summarize_document, context, document)
            return await self._adrive(exchange, client, pacer)
        gathered = await asyncio.gather(
            *(
                self._adrive(_timed(summarize_document, context, Document(c.text)), client, pacer)
                for c in chunks
            ),
            return_exceptions=True,
        )
        outcomes: list[Summary | SummarizerError] = []
        for item in gathered:
            if isinstance(item, SchemaValidationError | Summary):
                outcomes.append(item)
            else:
                raise item
        kept, parts, failed = usable_parts(chunks, outcomes)
        combine = combine_parts(context, document, kept, parts, failed)
        return await self._adrive(combine, client, pacer)


def _timed(
    step: Callable[..., Exchange[Summary]], context: RunContext, document: Document
) -> Exchange[Summary]:
    started = time.perf_counter()
    return step(context, document, latency=lambda: time.perf_counter() - started)


def _as_document(text: str | bytes | Document) -> Document:
    if isinstance(text, Document):
        return text
    if isinstance(text, bytes | bytearray):
        return Document.from_bytes(bytes(text))
    return Document(text)
