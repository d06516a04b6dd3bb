"""The command line: ``summarizer summarize PATH`` (``-`` for stdin) and friends.

Exit codes: 0 ok, 1 a document, a file or the model failed (one line on stderr, no
traceback), 2 usage and configuration errors (typer's own, and ``ConfigurationError``).

Pretty (non-JSON) output shows user and model text literally: rich markup and ``:emoji:`` codes
are not interpreted, and control characters and escape sequences are removed from it. JSON
output is exact.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from ._batch import summarize_many
from ._client import Summarizer
from ._corpus import (
    CorpusReport,
    check_corpus_paths,
    json_line,
    read_jsonl_documents,
    run_corpus,
    unparsed_path,
)
from ._errors import ConfigurationError, SummarizerError
from ._local import LOCAL_MODEL_NOTE
from ._openai_batch import collect_results, prepare_requests
from ._result import results_row
from ._schema import Claim, Summary

if TYPE_CHECKING:
    from .evaluation._gate import GateResult
    from .evaluation._gold import GoldFile
    from .evaluation._matching import Matcher
    from .evaluation._runner import EvalRun

__all__ = ["app", "main"]

app = typer.Typer(
    name="summarizer",
    help="Grounded structured summaries from any OpenAI-compatible model.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
stderr = Console(stderr=True, emoji=False)

# Escape sequences (CSI, OSC, DCS/SOS/PM/APC, two-byte), then any other C0/C1 control but
# tab and newline, then lone surrogates (which no terminal encoding can write).
_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b[ -~]?|[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]"
)


# rich replaces :name: emoji codes in a Panel title whatever the console's emoji setting; a
# WORD JOINER (U+2060, invisible) after the colon keeps the code as text.
_EMOJI_CODE = re.compile(r":(?=[^\s:]+:)")


def clean(text: str) -> str:
    """``text`` without control characters or terminal escape sequences."""
    return _CONTROL.sub("", text)


def for_terminal(result: Summary) -> Summary:
    """A copy of ``result`` whose printed text fields are ``clean``."""
    claims = [
        claim.model_copy(
            update={
                "text": clean(claim.text),
                "attributed_to": clean(claim.attributed_to) if claim.attributed_to else None,
            }
        )
        for claim in result.claims
    ]
    meta = result.meta.model_copy(
        update={
            "model": clean(result.meta.model),
            "template": result.meta.template.model_copy(
                update={"name": clean(result.meta.template.name)}
            ),
        }
    )
    return result.model_copy(
        update={
            "title": _EMOJI_CODE.sub(":\u2060", clean(result.title)),
            "summary": clean(result.summary),
            "key_points": [clean(point) for point in result.key_points],
            "claims": claims,
            "meta": meta,
        }
    )


@app.callback()
def _root(
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show library logs (retries, reasks).")
    ] = False,
) -> None:
    """Grounded structured summaries from any OpenAI-compatible model."""
    # Errors reach the user as one `error:` line; the libraries' own log lines (instructor
    # logs every failed attempt at ERROR) would otherwise reach stderr through
    # logging.lastResort. --verbose shows them.
    if verbose:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    else:
        for name in ("instructor", "openai", "httpx2", "httpx"):
            logger = logging.getLogger(name)
            logger.addHandler(logging.NullHandler())
            logger.propagate = False


def fail(message: str, code: int = 1) -> NoReturn:
    stderr.print(f"[bold red]error:[/] {escape(clean(message))}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def fail_on(exc: SummarizerError) -> NoReturn:
    """One error line; exit 2 for a configuration error, else 1."""
    fail(str(exc), 2 if isinstance(exc, ConfigurationError) else 1)


def read_input(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    file = Path(path)
    if not file.exists():
        fail(f"no such file: {path}")
    if file.is_dir():
        fail(f"{path} is a directory, not a document")
    try:
        return file.read_bytes()
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror}")


ModelOpt = Annotated[str | None, typer.Option("--model", "-m", help="Model name.")]
BaseUrlOpt = Annotated[
    str | None, typer.Option("--base-url", help="URL of an OpenAI-compatible server.")
]
BackendOpt = Annotated[
    str | None, typer.Option("--backend", help="local | openai | openai-compatible")
]
TemplatesOpt = Annotated[
    Path | None, typer.Option("--templates", help="Folder with system.j2 and user.j2.")
]
ModeOpt = Annotated[
    str | None, typer.Option("--mode", help="instructor mode: tools | json | md_json | json_schema")
]


def print_summary(result: Summary, console: Console) -> None:
    console.print(Panel(escape(result.summary), title=f"[bold]{escape(result.title)}[/]"))
    if result.key_points:
        console.print("[bold]Key points[/]")
        for point in result.key_points:
            console.print(f"  • {escape(point)}")
    table = Table(title="Claims", show_lines=False, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("claim")
    table.add_column("kind", no_wrap=True)
    table.add_column("attributed to")
    table.add_column("evidence")
    table.add_column("supported")
    for index, claim in enumerate(result.claims, 1):
        spans = ", ".join(f"[{e.start}:{e.end}] {e.alignment.value}" for e in claim.evidence)
        if not claim.grounded:
            spans = f"[red]ungrounded[/] {spans}"
        table.add_row(
            str(index),
            escape(claim.text),
            claim.kind.value,
            escape(claim.attributed_to or "—"),
            spans,
            _support_cell(claim),
        )
    console.print(table)
    meta = result.meta
    if meta.judge is not None:
        console.print(
            f"[dim]support judged by {escape(meta.judge)}: "
            f"{len(result.claims) - meta.unsupported_claims} of {len(result.claims)} claims "
            f"stated by their evidence; {meta.unsupported_claims} flagged, "
            f"{meta.dropped_claims} dropped[/]"
        )
    console.print(
        f"[dim]{meta.backend} · {escape(meta.model)} · {meta.attempts} attempt(s), "
        f"{meta.reasks} reask(s) · {meta.usage.total_tokens} tokens · {meta.latency_s:.1f} s · "
        f"template {escape(meta.template.name)}@{meta.template.sha256[:12]}[/]"
    )


def _support_cell(claim: Claim) -> str:
    support = claim.support
    if support is None:
        return "[dim]not checked[/]"
    if support.supported:
        return f"[green]yes[/] {support.score:.2f}"
    reason = f" {escape(support.reason)}" if support.reason else ""
    return f"[bold red]no[/] {support.score:.2f}{reason}"


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
) -> None:
    """Summarize documents into a title, summary, key points and grounded claims."""
    options: dict[str, Any] = {
        "model": model, "base_url": base_url, "backend": backend,
        "templates": templates, "mode": mode,
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
                    sys.stdout.write(result.model_dump_json(indent=2) + "\n")
                else:
                    print_summary(for_terminal(result), Console(emoji=False))
                return
            outcomes = summarize_many(
                [data for _, data in documents], summarizer=summarizer, concurrency=concurrency
            )
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


# --- the provider's batch endpoint ----------------------------------------------------------

_OFFLINE_URL = "http://batch.invalid/v1"  # never contacted: batch files are made offline
batch_app = typer.Typer(help="OpenAI Batch API: prepare requests, collect results.")
app.add_typer(batch_app, name="batch")


def _documents(path: Path, output: Path) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """The documents, keyed by their id as text (Batch API custom ids are strings), and the
    ids as given; refuses ids that are the same as text (``5`` and ``"5"``)."""
    try:
        check_corpus_paths(path, output)
    except SummarizerError as exc:
        fail_on(exc)
    rows = []
    given: dict[str, Any] = {}
    for record in read_jsonl_documents(path):
        if record.problem is not None or record.text is None or record.id is None:
            fail(f"{path}: {record.problem}")
        key = str(record.id)
        if key in given:
            fail(f"{path}: line {record.line}: id {json.dumps(record.id)} repeats an earlier id")
        given[key] = record.id
        rows.append((key, record.text))
    return rows, given


@batch_app.command("prepare")
def batch_prepare(
    input_jsonl: Annotated[Path, typer.Option("--input", help="Documents JSONL (id, text).")],
    output: Annotated[Path, typer.Option("--output", help="Batch API requests JSONL.")],
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    templates: TemplatesOpt = None,
) -> None:
    """Write one Batch API request per document (or per chunk of a long document)."""
    documents, _ = _documents(input_jsonl, output)
    try:
        # Requests are only written here: no server is contacted and no key is needed.
        summarizer = Summarizer(
            model=model or "gpt-4o-mini",
            templates=templates,
            backend="openai-compatible",
            base_url=base_url or _OFFLINE_URL,
        )
        count = 0
        with output.open("w", encoding="utf-8") as out:
            for request in prepare_requests(documents, summarizer):
                out.write(json.dumps(request, ensure_ascii=False) + "\n")
                count += 1
    except SummarizerError as exc:
        fail_on(exc)
    except (OSError, UnicodeEncodeError) as exc:
        fail(f"cannot write {output}: {getattr(exc, 'strerror', None) or exc}")
    stderr.print(f"wrote {count} requests for {len(documents)} documents to {output}")


@batch_app.command("collect")
def batch_collect(
    batch_output: Annotated[Path, typer.Argument(help="The Batch API output JSONL.")],
    input_jsonl: Annotated[
        Path, typer.Option("--input", help="The documents it was prepared from.")
    ],
    output: Annotated[
        Path, typer.Option("--output", help="Results JSONL (as summarize --input writes).")
    ],
    model: ModelOpt = None,
    templates: TemplatesOpt = None,
) -> None:
    """Parse a Batch API output file into validated, grounded results."""
    documents, given = _documents(input_jsonl, output)
    try:
        check_corpus_paths(batch_output, output)  # exists, readable, and not the output
    except SummarizerError as exc:
        fail_on(exc)
    failed = 0
    try:
        summarizer = Summarizer(
            model=model, templates=templates, backend="openai-compatible", base_url=_OFFLINE_URL
        )
        with (
            batch_output.open(encoding="utf-8") as lines,
            output.open("w", encoding="utf-8") as out,
        ):
            for item in collect_results(lines, documents, summarizer):
                if isinstance(item.result, SummarizerError):
                    failed += 1
                out.write(json_line(results_row({"id": given.get(item.id, item.id)}, item.result)))
    except SummarizerError as exc:
        fail_on(exc)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    stderr.print(f"collected {len(documents) - failed} results, {failed} failed, into {output}")
    if failed:
        raise typer.Exit(1)


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
    from .evaluation._report import REPORT_METRICS

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
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Ask the model again even for documents answered before (the cache also "
            "makes an interrupted eval resume without redoing finished documents).",
        ),
    ] = False,
) -> None:
    """Summarize and score every gold document; gate on a baseline (exit 1 when it fails,
    2 when the run is not comparable with it)."""
    from .evaluation._gate import CONFIG_KEYS, compare, load_baseline, load_suite, write_baseline
    from .evaluation._gold import load_gold
    from .evaluation._matching import get_matcher
    from .evaluation._predictions import score_predictions

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
    run: EvalRun
    try:
        gold_file = load_gold(gold)
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
                "context_window": context_window, "cache": not no_cache,
            })  # fmt: skip
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
    if refreshing and loaded_baseline is not None and loaded_suite is not None:
        print_gate(compare(run, loaded_baseline, loaded_suite, allow=CONFIG_KEYS), console,
                   refresh=True)  # fmt: skip
        console.print(f"updated the baseline {escape(str(update_baseline))}", highlight=False)
    elif update_baseline is not None:
        console.print(f"wrote the baseline {escape(str(update_baseline))}", highlight=False)
    elif loaded_baseline is not None and loaded_suite is not None:
        result = compare(run, loaded_baseline, loaded_suite, allow=allowed)
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
    if run.documents and run.n_failed == len(run.documents):
        first = next(d.error for d in run.documents if d.error is not None)
        fail(
            f"every document failed ({run.n_failed} of {len(run.documents)}); the first: "
            f"{first['type']}: {first['message']}"
        )


def _eval_with_model(
    gold_file: GoldFile, out: Path, matcher: Matcher, concurrency: int, options: dict[str, Any]
) -> EvalRun:
    """``summarizer eval`` with a model: summarize every gold document, then score."""
    from .evaluation._runner import run_eval

    summarizer = Summarizer(**options)
    if summarizer.settings.backend == "local":
        stderr.print(f"[yellow]note:[/] {LOCAL_MODEL_NOTE}", highlight=False)
    try:
        return run_eval(gold_file, summarizer, out, concurrency=concurrency, matcher=matcher)
    finally:
        summarizer.close()


@gold_app.command("check")
def gold_check(gold: Annotated[Path, typer.Argument(help="The gold file (JSON Lines).")]) -> None:
    """Validate a gold file and print its counts."""
    from .evaluation._gold import load_gold

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
    directory: Annotated[Path, typer.Argument(help="Folder with SCUs.txt, summaries/, labels/.")],
    json_output: Annotated[bool, typer.Option("--json", help="Print only JSON.")] = False,
    judge: Annotated[
        str, typer.Option("--judge", help="Support judge (lexical, or another registered one).")
    ] = "lexical",
    threshold: Annotated[
        float | None, typer.Option("--threshold", help="Support threshold (default: the judge's).")
    ] = None,
    articles: Annotated[
        str | None, typer.Option("--articles", help="Article range, e.g. 50:100.")
    ] = None,
) -> None:
    """Agreement of a support judge with human presence labels (accuracy, kappa, taus)."""
    from .evaluation._metaeval import meta_evaluate

    chosen = _parse_articles(articles)
    try:
        result = meta_evaluate(directory, judge, articles=chosen, threshold=threshold)
    except SummarizerError as exc:
        fail(str(exc))
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


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        stderr.print("interrupted")
        raise SystemExit(130) from None


if __name__ == "__main__":
    main()
