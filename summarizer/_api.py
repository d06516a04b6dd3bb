"""The top-level functions: ``summarize``, ``asummarize``, ``summarize_many`` and
``asummarize_many``. Each opens a ``Summarizer`` of its own for the call (unless one is given)
and closes it after, so no two callers share one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._batch import Input, summarize_in_order
from ._client import Summarizer
from ._document import Document
from ._errors import SummarizerError
from ._schema import Summary

__all__ = ["asummarize", "asummarize_many", "summarize", "summarize_many"]


def summarize(text: str | bytes | Path | Document, **options: Any) -> Summary:
    """Summarize ``text`` (a ``str``, UTF-8 ``bytes``, or a ``Path`` to read) with a
    ``Summarizer(**options)`` opened for this call and closed after it, so no two callers
    share one. For many documents, keep one ``Summarizer`` (the embedded server starts once)."""
    if isinstance(text, Path):
        text = text.read_bytes()
    with Summarizer(**options) as summarizer:
        return summarizer.summarize(text)


async def asummarize(text: str | bytes | Path | Document, **options: Any) -> Summary:
    """Async ``summarize``: a ``Summarizer`` of its own, whose HTTP client belongs to the
    running event loop and is closed in it."""
    if isinstance(text, Path):
        text = await asyncio.to_thread(text.read_bytes)
    async with Summarizer(**options) as summarizer:
        return await summarizer.asummarize(text)


async def asummarize_many(
    texts: Sequence[Input],
    *,
    summarizer: Summarizer | None = None,
    concurrency: int = 4,
    requests_per_minute: float | None = None,
    tokens_per_minute: float | None = None,
    budget_usd: float | None = None,
    **options: Any,
) -> list[Summary | SummarizerError]:
    """Summarize ``texts``; the list holds a ``Summary`` or an error per input, in order."""
    own = summarizer is None
    worker = summarizer if summarizer is not None else Summarizer(**options)
    try:
        return await summarize_in_order(
            texts,
            worker,
            concurrency=concurrency,
            requests_per_minute=requests_per_minute,
            tokens_per_minute=tokens_per_minute,
            budget_usd=budget_usd,
        )
    finally:
        if own:
            await worker.aclose()


def summarize_many(texts: Sequence[Input], **kwargs: Any) -> list[Summary | SummarizerError]:
    """Blocking ``asummarize_many`` (do not call it from a running event loop)."""
    return asyncio.run(asummarize_many(texts, **kwargs))
