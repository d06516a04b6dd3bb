"""Many documents: bounded concurrency, optional client-side rate limits and a cost budget.

``summarize_in_order`` (behind the public ``summarize_many``, ``_api``) returns one entry per
input, in input order: a ``Summary`` or the ``SummarizerError`` that document met. One bad
document never sinks the batch.
``astream_summaries`` yields results as they finish while holding at most ``concurrency``
documents in flight, so a corpus streamed from JSONL is never held in memory at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiolimiter import AsyncLimiter

from ._document import Document
from ._errors import BudgetExceededError, SummarizerError
from ._protocols import SummarizerLike
from ._schema import Summary
from ._settings import check_budget

__all__ = [
    "BatchLedger",
    "BudgetExceededError",
    "Outcome",
    "RequestPacer",
    "astream_summaries",
    "summarize_in_order",
]

Input = str | bytes | Document


@dataclass
class BatchLedger:
    """Running totals for a batch: tokens and estimated cost over every attempt."""

    budget_usd: float | None = None
    done: int = 0
    failed: int = 0
    cached: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    unpriced: int = 0
    errors: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_budget(self.budget_usd)  # a finite number >= 0, or None

    @property
    def over_budget(self) -> bool:
        return self.budget_usd is not None and self.cost_usd >= self.budget_usd

    def record(self, outcome: Summary | SummarizerError) -> None:
        if isinstance(outcome, Summary):
            self.done += 1
            meta = outcome.meta
            if meta.cached:
                self.cached += 1
                return
            self.prompt_tokens += meta.usage.prompt_tokens
            self.completion_tokens += meta.usage.completion_tokens
            if meta.cost_usd is None:
                self.unpriced += 1
            else:
                self.cost_usd += meta.cost_usd
        else:
            self.failed += 1
            name = type(outcome).__name__
            self.errors[name] = self.errors.get(name, 0) + 1


@dataclass(frozen=True)
class RequestPacer:
    """Client-side limits on *requests* (every chunk and reask is one) and on tokens, awaited
    by the async driver before each HTTP request."""

    rpm: AsyncLimiter | None = None
    tpm: AsyncLimiter | None = None

    @classmethod
    def of(
        cls, requests_per_minute: float | None, tokens_per_minute: float | None
    ) -> RequestPacer | None:
        if not requests_per_minute and not tokens_per_minute:
            return None
        return cls(
            AsyncLimiter(requests_per_minute, 60) if requests_per_minute else None,
            AsyncLimiter(tokens_per_minute, 60) if tokens_per_minute else None,
        )

    async def wait(self, body: dict[str, Any]) -> None:
        if self.rpm is not None:
            await self.rpm.acquire()
        if self.tpm is not None:
            prompt_chars = sum(len(str(m.get("content", ""))) for m in body.get("messages", []))
            expected = prompt_chars / 3.5 + float(body.get("max_tokens") or 1000)
            await self.tpm.acquire(min(expected, self.tpm.max_rate))


@dataclass(frozen=True)
class Outcome:
    """One finished document of a stream: its position, its key and what became of it."""

    index: int
    key: Any
    result: Summary | SummarizerError


async def astream_summaries(
    items: Iterable[tuple[Any, Input]],
    summarizer: SummarizerLike,
    *,
    concurrency: int = 4,
    requests_per_minute: float | None = None,
    tokens_per_minute: float | None = None,
    ledger: BatchLedger | None = None,
) -> AsyncIterator[Outcome]:
    """Summarize ``(key, text)`` pairs, yielding each ``Outcome`` as it finishes."""
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    ledger = ledger if ledger is not None else BatchLedger()
    pacer = RequestPacer.of(requests_per_minute, tokens_per_minute)

    async def one(index: int, key: Any, text: Input) -> Outcome:
        try:
            if ledger.over_budget:
                raise BudgetExceededError(
                    f"cost budget of ${ledger.budget_usd:g} spent "
                    f"(${ledger.cost_usd:.4f} so far); document not started"
                )
            result: Summary | SummarizerError = await summarizer.asummarize(text, pacer=pacer)
        except SummarizerError as exc:
            result = exc
        ledger.record(result)
        return Outcome(index, key, result)

    pending: set[asyncio.Task[Outcome]] = set()
    iterator = iter(enumerate(items))
    exhausted = False
    while pending or not exhausted:
        while not exhausted and len(pending) < concurrency:
            try:
                index, (key, text) = next(iterator)
            except StopIteration:
                exhausted = True
                break
            pending.add(asyncio.ensure_future(one(index, key, text)))
        if not pending:
            break
        finished, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        for task in finished:
            yield task.result()


async def summarize_in_order(
    texts: Sequence[Input],
    summarizer: SummarizerLike,
    *,
    concurrency: int = 4,
    requests_per_minute: float | None = None,
    tokens_per_minute: float | None = None,
    budget_usd: float | None = None,
) -> list[Summary | SummarizerError]:
    """Summarize ``texts`` with ``summarizer``; a ``Summary`` or an error per input, in order."""
    results: list[Summary | SummarizerError | None] = [None] * len(texts)
    async for outcome in astream_summaries(
        ((i, t) for i, t in enumerate(texts)),
        summarizer,
        concurrency=concurrency,
        requests_per_minute=requests_per_minute,
        tokens_per_minute=tokens_per_minute,
        ledger=BatchLedger(budget_usd=budget_usd),
    ):
        results[outcome.index] = outcome.result
    return [r for r in results if r is not None]
