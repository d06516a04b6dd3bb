"""``summarizer meta-eval``: agreement of a support judge with human presence labels; with
``--judge llm`` the model as a measured judge (the estimate of calls, tokens and cost on
stderr before the first call; the run itself is ``evaluation.meta_evaluate_llm``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .._client import Summarizer
from .._errors import SummarizerError
from ._common import BaseUrlOpt, ModelOpt, app, fail, fail_on, fmt, stderr

__all__ = ["meta_eval_command", "meta_eval_llm"]


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


def _parse_articles(spec: str | None) -> slice | None:
    """``N`` or ``START:STOP`` (either end may be left out): indices from 0, START < STOP."""
    if spec is None:
        return None
    usage = f"--articles must be N or START:STOP with 0 <= START < STOP (e.g. 50:100), not {spec!r}"
    start, sep, stop = spec.strip().partition(":")
    try:
        first = int(start) if start else None
        last = int(stop) if stop else None
    except ValueError:
        fail(usage, code=2)
    if not sep:
        last = None if first is None else first + 1
    if (first is not None and first < 0) or (last is not None and last <= (first or 0)):
        fail(usage, code=2)
    return slice(first, last)


def _check_threshold(threshold: float | None) -> None:
    if threshold is not None and not 0.0 <= threshold <= 1.0:  # False for NaN too
        fail(f"--threshold must be a number from 0 to 1, not {threshold}", code=2)


@app.command("meta-eval")
def meta_eval_command(
    directory: Annotated[
        Path,
        typer.Argument(help="Folder with SCUs.txt, summaries/, labels/; or a labels.jsonl file."),
    ],
    json_output: Annotated[bool, typer.Option("--json", help="Print only JSON.")] = False,
    judge: Annotated[
        str,
        typer.Option(
            "--judge", help="Support judge: lexical, llm (the model), or another registered one."
        ),
    ] = "lexical",
    threshold: Annotated[
        float | None, typer.Option("--threshold", help="Support threshold (default: the judge's).")
    ] = None,
    articles: Annotated[
        str | None, typer.Option("--articles", help="Article range, e.g. 50:100.")
    ] = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    max_cost: Annotated[
        float | None,
        typer.Option("--max-cost", help="--judge llm: stop starting calls past this USD cost."),
    ] = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, help="--judge llm: calls at a time.")
    ] = 4,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="--judge llm: do not use the response cache.")
    ] = False,
) -> None:
    """Agreement of a support judge with human presence labels (accuracy, kappa, taus)."""
    from ..evaluation._metaeval import meta_evaluate

    chosen = _parse_articles(articles)
    _check_threshold(threshold)
    try:
        if judge == "llm":
            if threshold is not None:
                fail("--threshold does not apply to --judge llm (its verdicts are 0 or 1)", code=2)
            result = meta_eval_llm(
                directory, chosen, model, base_url, max_cost, concurrency, not no_cache
            )
        else:
            if model or base_url or max_cost is not None:
                fail("--model, --base-url and --max-cost are for --judge llm", code=2)
            result = meta_evaluate(directory, judge, articles=chosen, threshold=threshold)
    except SummarizerError as exc:
        fail_on(exc)
    text = json.dumps(result, indent=2, sort_keys=True)
    if json_output:
        sys.stdout.write(text + "\n")
        return
    console = Console()
    table = Table(title=f"meta-evaluation: {escape(result['judge'])} @ {result['threshold']}")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key in ("accuracy", "kappa", "summary_tau", "system_tau"):
        table.add_row(key, fmt(result.get(key)))
    console.print(table)
    sys.stdout.write(text + "\n")
