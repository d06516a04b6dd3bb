"""What the layers beside and above the pipeline need of a ``Summarizer``, as protocols.

The many-documents runner (``_batch``), the corpus run (``_corpus``), the Batch API engine
(``batch/``) and the eval runner take a summarizer as an argument typed by ``SummarizerLike``;
``Summarizer`` (``_client``, the assembler) satisfies it structurally, and the CLI, the
top-level functions (``_api``) and ``testing`` build one and pass it in. So nothing below the
assembler imports it: types low, implementations side by side, the assembler on top.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from ._cache import ResponseCache
from ._call import Exchange
from ._chunking import Chunk
from ._context import RunContext
from ._document import Document
from ._prompts import PromptTemplates
from ._schema import Summary
from ._settings import Settings

__all__ = ["Pacer", "SummarizerLike"]

R = TypeVar("R")


class Pacer(Protocol):
    """Client-side rate limits: awaited before every HTTP request (chunks and reasks count)."""

    async def wait(self, body: dict[str, Any]) -> None: ...


class SummarizerLike(Protocol):
    """A configured summarizer, as the runners use it (``Summarizer`` is one)."""

    @property
    def settings(self) -> Settings: ...

    @property
    def templates(self) -> PromptTemplates: ...

    @property
    def cache(self) -> ResponseCache | None: ...

    def context(self, model: str | None = None) -> RunContext:
        """The explicit dependencies every pipeline step receives."""
        ...

    def model_name(self) -> str:
        """The configured model, else the server's first listed model."""
        ...

    def plan(self, text: str | bytes | Document) -> tuple[Document, list[Chunk] | None]:
        """The checked document, and its chunks when it is too long for one call."""
        ...

    def first_request(self, text: str | bytes | Document, model: str) -> dict[str, Any]:
        """The body of the first request the pipeline sends for a document (no model call)."""
        ...

    def run(self, exchange: Exchange[R]) -> R:
        """Drive an I/O-free exchange against the model (blocking)."""
        ...

    async def asummarize(
        self, text: str | bytes | Document, *, pacer: Pacer | None = None
    ) -> Summary: ...
