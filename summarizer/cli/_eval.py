"""``summarizer eval``: scores and the regression gate (the policy is
``summarizer.evaluation._evaluate``; this module parses options and prints the outcome)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .._client import Summarizer
from .._errors import GateError, SummarizerError
from .._local import LOCAL_MODEL_NOTE

if TYPE_CHECKING:
    from ..evaluation._aggregate import Metric
    from ..evaluation._evaluate import EvalOutcome, EvalPlan
    from ..evaluation._gate_result import GateResult
    from ..evaluation._run import RunSummary

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
    fmt,
    stderr,
)

__all__ = ["eval_command", "print_gate", "print_scores"]

# --- evaluation -----------------------------------------------------------------------------


def _ci(metric: Metric | None) -> str:
    if metric is None or metric.ci_low is None or metric.ci_high is None:
        return ""
    return f"[{metric.ci_low:.3f}, {metric.ci_high:.3f}]"


def print_scores(summary: RunSummary, console: Console) -> None:
    from ..evaluation._report import REPORT_METRICS

    table = Table(title="Scores (mean, bootstrap 95% CI over documents)")
    table.add_column("metric", no_wrap=True)
    table.add_column("model", justify="right")
    table.add_column("model CI", justify="right")
    table.add_column("lead-3", justify="right")
    table.add_column("lead-3 CI", justify="right")
    for name in REPORT_METRICS:
        model, base = summary.model.get(name), summary.baseline_lead3.get(name)
        table.add_row(
            name,
            fmt(model.mean if model else None),
            _ci(model),
            fmt(base.mean if base else None),
            _ci(base),
        )
    console.print(table)
    run = summary.run
    template = run.template
    console.print(
        f"[dim]{escape(clean(str(run.model)))} · {escape(clean(str(run.backend)))} · template "
        f"{escape(clean(template.name if template else '?'))}@"
        f"{escape(clean(template.sha256[:12] if template else ''))} · "
        f"{run.n_documents} documents, {run.n_failed} failed[/]"
    )


def print_gate(result: GateResult, console: Console, *, refresh: bool = False) -> None:
    """The gate table, allowed differences, newly failed documents, claims that appeared and
    disappeared, and the verdict (``refresh``: what changed, without a verdict)."""
    table = Table(title="Baseline refresh: what changed" if refresh else "Regression gate")
    # limit: the lowest mean that passes (baseline - tolerance, or the floor if higher)
    for column in ("metric", "now", "95% CI", "baseline", "change", "limit", ""):
        table.add_column(column, justify="left" if column == "metric" else "right", no_wrap=True)
    for row in result.rows:
        low, high, now, before = row.ci_low, row.ci_high, row.current, row.baseline
        table.add_row(
            row.metric,
            fmt(now),
            "" if low is None or high is None else f"{low:.3f}–{high:.3f}",
            fmt(before),
            "" if now is None or before is None else f"{now - before:+.3f}",
            fmt(row.limit),
            "[green]ok[/]" if row.ok else "[bold red]FAIL[/]",
        )
    console.print(table)
    for difference in result.allowed:
        console.print(
            f"[yellow]allowed difference:[/] {escape(clean(str(difference)))}", highlight=False
        )
    for doc in result.newly_failed:
        console.print(f"[red]newly failed:[/] {escape(doc)}")
    shown = 10  # claims per document and direction; the run folder has them all
    for diff in result.claim_diffs:
        console.print(
            f"[bold]{escape(diff.id)}[/] claims: {len(diff.disappeared)} disappeared, "
            f"{len(diff.appeared)} appeared"
        )
        for sign, style, texts in (("-", "red", diff.disappeared), ("+", "green", diff.appeared)):
            for text in texts[:shown]:
                console.print(f"  [{style}]{sign} {escape(clean(text))}[/]", highlight=False)
            if len(texts) > shown:
                console.print(f"  [{style}]{sign} ... {len(texts) - shown} more[/]")
    label = "[yellow]would fail:[/]" if refresh else "[bold red]gate failed:[/]"
    for failure in result.failures:
        console.print(f"{label} {escape(str(failure))}", highlight=False)
    if result.passed and not refresh:
        console.print("[green]gate passed[/]")


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Argument(help="The gold file (JSON Lines).")],
    out: Annotated[Path, typer.Option("--out", help="Run folder.")] = Path("runs/latest"),
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="Gate the run against this baseline file.")
    ] = None,
    write_baseline_to: Annotated[
        Path | None, typer.Option("--write-baseline", help="Write this run as a baseline file.")
    ] = None,
    update_baseline: Annotated[
        Path | None,
        typer.Option(
            "--update-baseline",
            help="Refresh this baseline file with the run: print what changed against it "
            "(metrics with CIs, claims per document, settings), then overwrite it.",
        ),
    ] = None,
    suite: Annotated[
        Path | None,
        typer.Option("--suite", help="Gate tolerances (default: suite.toml beside the gold dir)."),
    ] = None,
    predictions: Annotated[
        Path | None,
        typer.Option(
            "--predictions",
            help="Score this results JSONL (an earlier run, another system) instead of calling "
            "a model.",
        ),
    ] = None,
    allow_difference: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-difference",
            help="Gate even though the run differs from the baseline in this setting (gold, "
            "template, evidence_mode, matcher, judge, max_claims, model); repeatable.",
        ),
    ] = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    backend: BackendOpt = None,
    templates: TemplatesOpt = None,
    mode: ModeOpt = None,
    verify: VerifyOpt = None,
    strategy: StrategyOpt = None,
    evidence_mode: Annotated[
        str | None, typer.Option("--evidence-mode", help="quote | sentence")
    ] = None,
    max_claims: Annotated[int | None, typer.Option("--max-claims", min=1)] = None,
    max_tokens: Annotated[int | None, typer.Option("--max-tokens", min=1)] = None,
    context_window: Annotated[int | None, typer.Option("--context-window", min=1)] = None,
    concurrency: Annotated[int, typer.Option("--concurrency", min=1)] = 2,
    matcher: Annotated[
        str,
        typer.Option(
            "--matcher",
            help="Claim matcher: support (equivalence by the support judge, both ways), "
            "support:JUDGE, support-hmean, or a lexical one (content-words, token-set, rouge1).",
        ),
    ] = "support",
    allow_drafts: Annotated[
        bool,
        typer.Option(
            "--allow-drafts", help="Score a gold file that still has documents marked draft."
        ),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Ask the model again even for documents answered before (the cache also "
            "makes an interrupted eval resume without redoing finished documents).",
        ),
    ] = False,
    allow_shrink: Annotated[
        bool,
        typer.Option(
            "--allow-shrink",
            help="Write or refresh the baseline even from a run where every document failed, "
            "or (refreshing) with fewer documents or documents that newly failed.",
        ),
    ] = False,
    junit_xml: Annotated[
        Path | None, typer.Option("--junit-xml", help="Also write the verdict as JUnit XML.")
    ] = None,
    repeat: Annotated[
        int, typer.Option("--repeat", min=1, help="Run each document N times; report the spread.")
    ] = 1,
) -> None:
    """Summarize and score every gold document; gate on a baseline (exit 1 when it fails,
    2 when the run is not comparable with it)."""
    from ..evaluation._evaluate import EvalOptions, plan_eval

    console = Console(emoji=False)
    declared: dict[str, str | int | None] = {
        "max_claims": max_claims, "evidence_mode": evidence_mode, "model": model,
    }  # fmt: skip
    options = EvalOptions(
        gold=gold, out=out, predictions=predictions, baseline=baseline,
        write_baseline=write_baseline_to, update_baseline=update_baseline, suite=suite,
        allow_differences=tuple(allow_difference or ()), allow_shrink=allow_shrink,
        matcher=matcher, concurrency=concurrency, declared=declared, templates=templates,
        repeat=repeat, allow_drafts=allow_drafts, junit_xml=junit_xml,
    )  # fmt: skip
    try:
        plan = plan_eval(options)
    except GateError as exc:  # the suite or the baseline is unusable: nothing can be gated
        fail(str(exc), code=2)
    except SummarizerError as exc:
        fail_on(exc)
    settings = {
        "model": model, "base_url": base_url, "backend": backend, "templates": templates,
        "mode": mode, "evidence_mode": evidence_mode, "max_claims": max_claims,
        "max_tokens": max_tokens, "context_window": context_window,
        "cache": not no_cache and repeat == 1,
        "verify": verify, "strategy": strategy,
    }  # fmt: skip
    outcome = _run(plan, settings)
    _print_outcome(outcome, console, baseline)
    raise typer.Exit(outcome.exit_code)


def _run(plan: EvalPlan, settings: dict[str, Any]) -> EvalOutcome:
    """The planned run: with a summarizer made from ``settings`` unless it scores
    predictions; an error line on failure."""
    from ..evaluation._evaluate import run_plan

    summarizer: Summarizer | None = None
    try:
        if plan.options.predictions is None:
            summarizer = Summarizer(**settings)
            if summarizer.settings.backend == "local":
                stderr.print(f"[yellow]note:[/] {LOCAL_MODEL_NOTE}", highlight=False)
        return run_plan(plan, summarizer)
    except SummarizerError as exc:
        fail_on(exc)
    except OSError as exc:
        fail(f"cannot write {exc.filename or 'the baseline'}: {exc.strerror or exc}")
    finally:
        if summarizer is not None:
            summarizer.close()


def _print_outcome(outcome: EvalOutcome, console: Console, baseline: Path | None) -> None:
    """Scores, the gate or the refresh, the baseline written (or refused), the failures."""
    run = outcome.run
    print_scores(run.summary(), console)
    console.print(
        f"[dim]wrote {escape(clean(str(run.out_dir)))}/ (results.jsonl, summary.json, "
        "report.md, report.html)[/]"
    )
    if outcome.changes is not None:
        print_gate(outcome.changes, console, refresh=True)
    if outcome.gate is not None:
        if outcome.gate.incomparable:
            names = "; ".join(str(d) for d in outcome.gate.incomparable)
            flags = " ".join(f"--allow-difference {d.name}" for d in outcome.gate.incomparable)
            fail(f"not comparable with the baseline {baseline}: {names}; pass {flags} to gate "
                 "anyway", 2)  # fmt: skip
        print_gate(outcome.gate, console)
    written = outcome.baseline_written
    if written is not None:
        verb = "updated" if outcome.baseline_replaced else "wrote"
        console.print(f"{verb} the baseline {escape(clean(str(written)))}", highlight=False)
    if outcome.baseline_refused is not None:
        stderr.print(
            f"[bold red]error:[/] {escape(clean(outcome.baseline_refused))}: the baseline was "
            "not written (pass --allow-shrink to write it anyway)",
            highlight=False, soft_wrap=True,
        )  # fmt: skip
    if outcome.all_failed:
        first = next(d.error for d in run.documents if d.error is not None)
        fail(
            f"every document failed ({run.n_failed} of {len(run.documents)}); the first: "
            f"{first['type']}: {first['message']}"
        )
