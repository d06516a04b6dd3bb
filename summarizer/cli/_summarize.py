"""``summarizer summarize``: one or several files, standard input, or a JSONL corpus (resumable)."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from .._batch import summarize_in_order
from .._client import Summarizer
from .._corpus import (
    CorpusReport,
    check_corpus_paths,
    run_corpus,
    unparsed_path,
)
from .._errors import SummarizerError
from .._jsonl import results_row
from .._local import LOCAL_MODEL_NOTE
from .._settings import check_budget

if TYPE_CHECKING:
    pass

from ._common import (
    BackendOpt,
    BaseUrlOpt,
    ModelOpt,
    ModeOpt,
    StrategyOpt,
    TemplatesOpt,
    VerifyOpt,
    app,
    clean,
    fail,
    fail_on,
    for_terminal,
    json_for_terminal,
    print_summary,
    read_input,
    stderr,
)

__all__ = ["summarize"]


@app.command()
def summarize(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Text files, or - for standard input.", show_default=False),
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the Summary as JSON on stdout, nothing else.")
    ] = False,
    input_jsonl: Annotated[
        Path | None,
        typer.Option("--input", help='JSONL of {"id": ..., "text": ...} lines to summarize.'),
    ] = None,
    output_jsonl: Annotated[
        Path | None, typer.Option("--output", help="Results JSONL (with --input).")
    ] = None,
    concurrency: Annotated[int, typer.Option("--concurrency", min=1)] = 4,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Do not use the on-disk response cache (--input).")
    ] = False,
    restart: Annotated[
        bool, typer.Option("--restart", help="Overwrite --output instead of resuming it.")
    ] = False,
    keep_errors: Annotated[
        bool,
        typer.Option(
            "--keep-errors",
            help="On resume, keep transport / rate-limit / timeout errors instead of retrying.",
        ),
    ] = False,
    budget: Annotated[
        float | None, typer.Option("--budget", help="Stop starting documents past this USD cost.")
    ] = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    backend: BackendOpt = None,
    templates: TemplatesOpt = None,
    mode: ModeOpt = None,
    verify: VerifyOpt = None,
    strategy: StrategyOpt = None,
    on_unsupported: Annotated[
        str | None,
        typer.Option(
            "--on-unsupported", help="flag (default) | drop: claims not stated by their evidence."
        ),
    ] = None,
) -> None:
    """Summarize documents into a title, summary, key points and grounded claims."""
    options: dict[str, Any] = {
        "model": model, "base_url": base_url, "backend": backend,
        "templates": templates, "mode": mode, "verify": verify, "strategy": strategy,
        "on_unsupported": on_unsupported,
    }  # fmt: skip
    if input_jsonl is not None:
        if paths:
            raise typer.BadParameter("give either PATHS or --input, not both")
        if output_jsonl is None:
            raise typer.BadParameter("--input needs --output")
        _summarize_corpus(
            input_jsonl, output_jsonl, options, concurrency, not no_cache, not restart, budget,
            keep_errors,
        )  # fmt: skip
        return
    if not paths:
        raise typer.BadParameter("give a file, - for standard input, or --input FILE.jsonl")
    documents = [(path, read_input(path)) for path in paths]
    try:
        with Summarizer(**options) as summarizer:
            if summarizer.settings.backend == "local":
                stderr.print(f"[yellow]note:[/] {LOCAL_MODEL_NOTE}", highlight=False)
            if len(documents) == 1:
                result = summarizer.summarize(documents[0][1])
                if json_output:
                    sys.stdout.write(json_for_terminal(result.model_dump_json(indent=2)) + "\n")
                else:
                    print_summary(for_terminal(result), Console(emoji=False))
                return
            texts = [data for _, data in documents]
            outcomes = asyncio.run(summarize_in_order(texts, summarizer, concurrency=concurrency))
    except SummarizerError as exc:
        fail_on(exc)
    failed = 0
    console = Console(emoji=False)
    for (path, _), outcome in zip(documents, outcomes, strict=True):
        if isinstance(outcome, SummarizerError):
            failed += 1
            stderr.print(
                f"[bold red]error:[/] {escape(clean(path))}: {escape(clean(str(outcome)))}",
                highlight=False,
            )
            if json_output:
                sys.stdout.write(json.dumps(results_row({"id": path}, outcome)) + "\n")
        elif json_output:
            sys.stdout.write(json.dumps(results_row({"id": path}, outcome)) + "\n")
        else:
            console.rule(escape(clean(path)))
            print_summary(for_terminal(outcome), console)
    if failed:
        raise typer.Exit(1)


def _count_lines(path: Path) -> int:
    with path.open("rb") as lines:
        return sum(1 for line in lines if line.strip())


def _summarize_corpus(
    input_jsonl: Path,
    output_jsonl: Path,
    options: dict[str, Any],
    concurrency: int,
    cache: bool,
    resume: bool,
    budget: float | None,
    keep_errors: bool,
) -> None:
    try:
        check_budget(budget, "--budget")
        check_corpus_paths(input_jsonl, output_jsonl)  # before a model server is started
        total = _count_lines(input_jsonl)
    except SummarizerError as exc:
        fail_on(exc)
    except OSError as exc:
        fail(f"cannot read {input_jsonl}: {exc.strerror or exc}")
    try:
        with Summarizer(cache=cache, **options) as summarizer:
            if summarizer.settings.backend == "local":
                stderr.print(f"[yellow]note:[/] {LOCAL_MODEL_NOTE}", highlight=False)
            with Progress(
                TextColumn("[bold]summarizing[/]"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[status]}"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=stderr,
            ) as progress:
                task = progress.add_task("run", total=total, status="")

                def update(report: CorpusReport) -> None:
                    ledger = report.ledger
                    progress.update(
                        task,
                        completed=report.skipped + ledger.done + ledger.failed,
                        status=f"failed {ledger.failed} · "
                        f"{ledger.prompt_tokens + ledger.completion_tokens} tokens · "
                        f"${ledger.cost_usd:.4f}",
                    )

                report = asyncio.run(
                    run_corpus(
                        input_jsonl, output_jsonl, summarizer,
                        concurrency=concurrency, resume=resume, keep_errors=keep_errors,
                        budget_usd=budget, on_progress=update,
                    )
                )  # fmt: skip
    except SummarizerError as exc:
        fail_on(exc)
    ledger = report.ledger
    if report.set_aside:
        aside = escape(clean(str(unparsed_path(output_jsonl))))
        stderr.print(
            f"[yellow]note:[/] moved {report.set_aside} unreadable line(s) of "
            f"{escape(clean(str(output_jsonl)))} to {aside}",
            highlight=False,
        )
    stderr.print(
        f"done {ledger.done} ({ledger.cached} cached), failed {ledger.failed}, "
        f"retried {report.retried}, skipped {report.skipped} already in "
        f"{escape(clean(str(output_jsonl)))}; "
        f"{ledger.prompt_tokens + ledger.completion_tokens} tokens, ${ledger.cost_usd:.4f}"
        + (f" ({ledger.unpriced} unpriced)" if ledger.unpriced else ""),
        highlight=False,
    )
    if ledger.failed:
        raise typer.Exit(1)
