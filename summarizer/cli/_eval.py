"""``summarizer eval``, ``gold check`` and ``meta-eval``: scores, the regression gate and
agreement with people."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .._client import Summarizer
from .._errors import SummarizerError
from .._local import LOCAL_MODEL_NOTE

if TYPE_CHECKING:
    from ..evaluation._gate import GateResult
    from ..evaluation._gold import GoldFile
    from ..evaluation._matching import Matcher
    from ..evaluation._runner import EvalRun

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
    stderr,
)

__all__ = ["eval_command", "gold_check", "meta_eval_command", "print_gate", "print_scores"]

# --- evaluation -----------------------------------------------------------------------------

gold_app = typer.Typer(help="Check hand-labelled gold files.", no_args_is_help=True)
app.add_typer(gold_app, name="gold")


def _default_suite(gold_path: Path) -> Path | None:
    candidate = gold_path.resolve().parent.parent / "suite.toml"
    return candidate if candidate.is_file() else None


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _ci(metric: dict[str, float | int | None]) -> str:
    low, high = metric.get("ci_low"), metric.get("ci_high")
    if low is None or high is None:
        return ""
    return f"[{float(low):.3f}, {float(high):.3f}]"


def print_scores(summary: dict[str, Any], console: Console) -> None:
    from ..evaluation._report import REPORT_METRICS

    table = Table(title="Scores (mean, bootstrap 95% CI over documents)")
    table.add_column("metric", no_wrap=True)
    table.add_column("model", justify="right")
    table.add_column("model CI", justify="right")
    table.add_column("lead-3", justify="right")
    table.add_column("lead-3 CI", justify="right")
    for name in REPORT_METRICS:
        model = summary["model"].get(name, {})
        base = summary["baseline_lead3"].get(name, {})
        table.add_row(name, _fmt(model.get("mean")), _ci(model), _fmt(base.get("mean")), _ci(base))
    console.print(table)
    run = summary["run"]
    console.print(
        f"[dim]{escape(str(run['model']))} · {run['backend']} · template "
        f"{escape(run['template']['name'])}@{run['template']['sha256'][:12]} · "
        f"{run['n_documents']} documents, {run['n_failed']} failed[/]"
    )


def _delta(row: dict[str, Any]) -> str:
    now, before = row["current"], row["baseline"]
    return "" if now is None or before is None else f"{now - before:+.3f}"


def print_gate(result: GateResult, console: Console, *, refresh: bool = False) -> None:
    """The gate table, allowed differences, newly failed documents, claims that appeared and
    disappeared, and the verdict (``refresh``: what changed, without a verdict)."""
    table = Table(title="Baseline refresh: what changed" if refresh else "Regression gate")
    # limit: the lowest mean that passes (baseline - tolerance, or the floor if higher)
    for column in ("metric", "now", "95% CI", "baseline", "change", "limit", ""):
        table.add_column(column, justify="left" if column == "metric" else "right", no_wrap=True)
    for row in result.rows:
        low, high = row.get("ci", (None, None))
        limits = [row["floor"]] if row["floor"] is not None else []
        if row["baseline"] is not None:
            limits.append(row["baseline"] - row["tolerance"])
        table.add_row(
            row["metric"],
            _fmt(row["current"]),
            "" if low is None or high is None else f"{low:.3f}–{high:.3f}",
            _fmt(row["baseline"]),
            _delta(row),
            _fmt(max(limits)) if limits else "—",
            "[green]ok[/]" if row["ok"] else "[bold red]FAIL[/]",
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
    junit_xml: Annotated[
        Path | None, typer.Option("--junit-xml", help="Also write the verdict as JUnit XML.")
    ] = None,
    repeat: Annotated[
        int, typer.Option("--repeat", min=1, help="Run each document N times; report the spread.")
    ] = 1,
) -> None:
    """Summarize and score every gold document; gate on a baseline (exit 1 when it fails,
    2 when the run is not comparable with it)."""
    from ..evaluation._gate import CONFIG_KEYS, compare, load_baseline, load_suite, write_baseline
    from ..evaluation._gold import load_gold
    from ..evaluation._matching import get_matcher
    from ..evaluation._predictions import score_predictions
    from ..evaluation._repeat import compare_with_noise

    console = Console(emoji=False)
    if out.exists() and not out.is_dir():
        fail(f"--out {out} is a file, not a run folder")
    allowed = list(allow_difference or [])
    unknown = sorted(set(allowed) - set(CONFIG_KEYS))
    if unknown:
        fail(
            f"unknown --allow-difference {', '.join(unknown)}: choose from "
            f"{', '.join(CONFIG_KEYS)}",
            code=2,
        )
    if update_baseline is not None and (baseline is not None or write_baseline_to is not None):
        fail("--update-baseline replaces --baseline and --write-baseline: give it alone", code=2)
    refreshing = update_baseline is not None and update_baseline.exists()
    if refreshing:
        baseline = update_baseline
    if repeat > 1 and predictions is not None:
        fail("--repeat asks the model again: it cannot repeat --predictions", code=2)
    inputs = [p.resolve() for p in (gold, baseline, predictions, suite, update_baseline) if p]
    if junit_xml is not None and (junit_xml.is_dir() or junit_xml.resolve() in inputs):
        fail(f"--junit-xml {junit_xml} is a folder or one of the run's inputs", code=2)
    run: EvalRun
    try:
        gold_file = load_gold(gold)
        if gold_file.drafts() and not allow_drafts:
            drafts = gold_file.drafts()
            named = ", ".join(drafts[:3]) + (", ..." if len(drafts) > 3 else "")
            fail(
                f"{gold} has {len(drafts)} document(s) marked draft ({named}): finish "
                "labelling them, or pass --allow-drafts",
                code=2,
            )
        resolved_matcher = get_matcher(matcher)
        suite_path = suite if suite is not None else _default_suite(gold)
        loaded_suite = load_suite(suite_path) if baseline is not None and suite_path else None
        if baseline is not None and loaded_suite is None:
            fail(f"--baseline needs a suite file: pass --suite (none found for {gold})", code=2)
        loaded_baseline = load_baseline(baseline) if baseline is not None else None
        if predictions is not None:
            declared = {"max_claims": max_claims, "evidence_mode": evidence_mode, "model": model}
            run = score_predictions(
                gold_file, predictions, out, matcher=resolved_matcher, declared=declared
            )
        else:
            run = _eval_with_model(gold_file, out, resolved_matcher, concurrency, {
                "model": model, "base_url": base_url, "backend": backend,
                "templates": templates, "mode": mode, "evidence_mode": evidence_mode,
                "max_claims": max_claims, "max_tokens": max_tokens,
                "context_window": context_window, "cache": not no_cache and repeat == 1,
                "verify": verify, "strategy": strategy,
            }, repeat)  # fmt: skip
        if write_baseline_to is not None:
            write_baseline(run, write_baseline_to)
        if update_baseline is not None:
            write_baseline_to = update_baseline
            write_baseline(run, update_baseline)
    except SummarizerError as exc:
        fail_on(exc)
    except OSError as exc:
        fail(f"cannot write {exc.filename or write_baseline_to}: {exc.strerror or exc}")
    print_scores(run.summary(), console)
    console.print(
        f"[dim]wrote {escape(str(out))}/ (results.jsonl, summary.json, report.md, report.html)[/]"
    )
    gate_result: GateResult | None = None
    if refreshing and loaded_baseline is not None and loaded_suite is not None:
        print_gate(compare(run, loaded_baseline, loaded_suite, allow=CONFIG_KEYS), console,
                   refresh=True)  # fmt: skip
        console.print(f"updated the baseline {escape(str(update_baseline))}", highlight=False)
    elif update_baseline is not None:
        console.print(f"wrote the baseline {escape(str(update_baseline))}", highlight=False)
    elif loaded_baseline is not None and loaded_suite is not None:
        result = gate_result = compare_with_noise(run, loaded_baseline, loaded_suite, allowed)
        _ci_outputs(run, result, junit_xml)
        if result.incomparable:
            names = "; ".join(str(d) for d in result.incomparable)
            fail(
                f"not comparable with the baseline {baseline}: {names}; pass "
                + " ".join(f"--allow-difference {d.name}" for d in result.incomparable)
                + " to gate anyway",
                code=2,
            )
        print_gate(result, console)
        if not result.passed:
            raise typer.Exit(1)
    if gate_result is None:
        _ci_outputs(run, None, junit_xml)
    if run.documents and run.n_failed == len(run.documents):
        first = next(d.error for d in run.documents if d.error is not None)
        fail(
            f"every document failed ({run.n_failed} of {len(run.documents)}); the first: "
            f"{first['type']}: {first['message']}"
        )


def _ci_outputs(run: EvalRun, result: GateResult | None, junit_xml: Path | None) -> None:
    """report.md with the verdict, ``--junit-xml``, and the GitHub job summary."""
    from ..evaluation._junit import write_gate_outputs

    try:
        write_gate_outputs(run, result, junit=junit_xml)
    except OSError as exc:
        fail(f"cannot write {exc.filename or junit_xml}: {exc.strerror or exc}")


def _eval_with_model(gold_file: GoldFile, out: Path, matcher: Matcher, concurrency: int,
                     options: dict[str, Any], repeat: int = 1) -> EvalRun:  # fmt: skip
    """``summarizer eval`` with a model: summarize every gold document (``repeat`` times, the
    cache off), then score."""
    from ..evaluation._repeat import run_repeated

    summarizer = Summarizer(**options)
    if summarizer.settings.backend == "local":
        stderr.print(f"[yellow]note:[/] {LOCAL_MODEL_NOTE}", highlight=False)
    try:
        return run_repeated(gold_file, summarizer, out, repeat, concurrency=concurrency,
                            matcher=matcher)  # fmt: skip
    finally:
        summarizer.close()


@gold_app.command("check")
def gold_check(gold: Annotated[Path, typer.Argument(help="The gold file (JSON Lines).")]) -> None:
    """Validate a gold file and print its counts."""
    from ..evaluation._gold import load_gold

    try:
        loaded = load_gold(gold)
    except SummarizerError as exc:
        fail_on(exc)
    table = Table(title=f"{escape(str(gold))}: ok")
    table.add_column("count")
    table.add_column("value", justify="right")
    for name, value in loaded.counts().items():
        table.add_row(name, str(value))
    Console(emoji=False).print(table)


def _parse_articles(spec: str | None) -> slice | None:
    if spec is None:
        return None
    start, sep, stop = spec.partition(":")
    try:
        if not sep:
            index = int(start)
            return slice(index, index + 1)
        return slice(int(start) if start else None, int(stop) if stop else None)
    except ValueError:
        fail(f"--articles must look like 50:100, not {spec!r}", code=2)


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
    try:
        if judge == "llm":
            if threshold is not None:
                fail("--threshold does not apply to --judge llm (its verdicts are 0 or 1)", code=2)
            from ._metaeval_llm import meta_eval_llm

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
        table.add_row(key, _fmt(result.get(key)))
    console.print(table)
    sys.stdout.write(text + "\n")
