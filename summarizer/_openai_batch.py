"""Batch API request lines for ``(id, text)`` pairs (kept for scripts that import it; the batch
engine itself is ``summarizer.batch``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ._errors import ConfigurationError
from ._protocols import SummarizerLike
from .batch._lines import plan_units, request_line

__all__ = ["prepare_requests"]


def prepare_requests(
    documents: Iterable[tuple[str, str]], summarizer: SummarizerLike, *, model: str | None = None
) -> Iterator[dict[str, Any]]:
    """One request line per document, or per chunk of a long document."""
    name = model or summarizer.settings.model
    if not name:
        raise ConfigurationError("batch requests need a model name: pass --model")
    for doc_id, text in documents:
        for unit in plan_units(summarizer, doc_id, text)[2]:
            yield request_line(summarizer, unit, name)
