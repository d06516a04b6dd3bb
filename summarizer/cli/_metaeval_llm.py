"""``summarizer meta-eval --judge llm``: the model as a measured judge (the estimate of calls,
tokens and cost on stderr before the first call; the run itself is
``evaluation.meta_evaluate_llm``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.markup import escape

from .._client import Summarizer
from ._common import fail, stderr

__all__ = ["meta_eval_llm"]


def meta_eval_llm(
    directory: Path,
    articles: slice | None,
    model: str | None,
    base_url: str | None,
    max_cost: float | None,
    concurrency: int,
    cache: bool,
) -> dict[str, Any]:
    """``meta-eval --judge llm``: the estimate on stderr first, then the run."""
    from ..evaluation._metaeval_llm import JudgeCalls, meta_evaluate_llm

    if not model:
        fail("--judge llm needs --model (the model that judges)", code=2)
    if max_cost is not None and max_cost <= 0:
        fail("--max-cost must be more than 0", code=2)

    def announce(planned: JudgeCalls) -> None:
        cost = (
            "unknown (no price for this model)"
            if planned.cost_usd is None
            else (f"about ${planned.cost_usd:.4f}")
        )
        stderr.print(
            f"meta-eval with {escape(model)} as judge: {planned.calls} calls to make "
            f"({planned.cached} answered from the cache), about {planned.prompt_tokens:,} "
            f"prompt + {planned.completion_tokens:,} completion tokens, cost {cost}"
            + (f"; stops at --max-cost ${max_cost:g}" if max_cost is not None else ""),
            highlight=False,
            soft_wrap=True,
        )

    with Summarizer(model=model, base_url=base_url, cache=cache, verify="off") as summarizer:
        return meta_evaluate_llm(
            directory,
            summarizer,
            articles=articles,
            max_cost=max_cost,
            concurrency=concurrency,
            on_estimate=announce,
        )
