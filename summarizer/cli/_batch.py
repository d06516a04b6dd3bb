"""``summarizer batch prepare|submit|status|collect``: the provider's batch engine.

``submit``/``status``/``collect --manifest`` drive OpenAI's Batch API end to end; ``prepare``
and ``collect FILE`` are the file path (vLLM's ``run_batch`` reads and writes the same JSONL).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from openai.types.chat import ChatCompletion
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .._client import Summarizer
from .._context import RunContext
from .._errors import (
    BatchManifestError,
    BatchMissingError,
    ConfigurationError,
    SummarizerError,
)
from .._jsonl import InputRecord, json_line
from .._output import check_corpus_paths
from .._pipeline import LivePost, replay_context
from ..batch._collect import CollectReport, collect
from ..batch._lines import OutputIndex, options_digest, plan_units, request_line, usable_records
from ..batch._manifest import Manifest, load_manifest, save_manifest, write_atomically
from ..batch._remote import Remote, index_of, missing_for
from ..batch._submit import MAX_BYTES_PER_FILE, MAX_REQUESTS_PER_FILE, submit
from ._common import BaseUrlOpt, ModelOpt, TemplatesOpt, app, clean, fail, fail_on, stderr

__all__ = ["batch_app"]

_OFFLINE_URL = "http://batch.invalid/v1"  # never contacted: batch files are made offline
batch_app = typer.Typer(help="The provider's batch engine: submit, status, collect; or files.")
app.add_typer(batch_app, name="batch")

ManifestOpt = Annotated[Path, typer.Option("--manifest", help="The batch manifest (JSON).")]
InputOpt = Annotated[Path, typer.Option("--input", help="Documents JSONL (id, text).")]


def _say(message: str) -> None:
    stderr.print(escape(clean(message)), highlight=False, soft_wrap=True)


def _problem(record: InputRecord, exc: SummarizerError) -> None:
    who = f"id {json.dumps(record.id)}" if record.id is not None else "no id"
    _say(f"line {record.line} ({who}): {type(exc).__name__}: {exc}")


@batch_app.command("prepare")
def batch_prepare(
    input_jsonl: InputOpt,
    output: Annotated[Path, typer.Option("--output", help="Batch API requests JSONL.")],
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    templates: TemplatesOpt = None,
) -> None:
    """Write one request per document (or per chunk of a long one); a bad line is named on
    stderr and left out, and the file is written whole or not at all."""
    problems = count = 0
    try:
        check_corpus_paths(input_jsonl, output)
        # Requests are only written here: no server is contacted and no key is needed.
        summarizer = Summarizer(
            model=model or "gpt-4o-mini",
            templates=templates,
            backend="openai-compatible",
            base_url=base_url or _OFFLINE_URL,
        )
        name = summarizer.settings.model or ""
        lines: list[str] = []
        for record in usable_records(input_jsonl):
            try:
                if record.problem is not None or record.id is None or record.text is None:
                    raise record.problem or SummarizerError("no text")
                units = plan_units(summarizer, record.id, record.text)[2]
                lines.extend(json_line(request_line(summarizer, u, name)) for u in units)
            except SummarizerError as exc:
                problems += 1
                _problem(record, exc)
        count = len(lines)
        write_atomically(output, "".join(lines).encode("utf-8"))
    except SummarizerError as exc:
        fail_on(exc)
    _say(
        f"wrote {count} requests to {output}"
        + (f"; {problems} line(s) left out" if problems else "")
    )
    if problems:
        raise typer.Exit(1)


def _summarizer(manifest: Manifest) -> Summarizer:
    """The options batch submit used; refused if the environment now shapes requests
    differently (answers are replayed under the options they were asked with)."""
    summarizer = Summarizer(
        model=manifest.model, templates=manifest.templates, base_url=manifest.base_url
    )
    digest = options_digest(summarizer, manifest.model)
    if manifest.options_digest and digest != manifest.options_digest:
        summarizer.close()
        raise BatchManifestError(
            "the options in force shape requests differently from those batch submit used "
            "(a SUMMARIZER_* setting or the templates changed): run with the same options"
        )
    manifest.options_digest = digest
    return summarizer


def _manifest(path: Path) -> Manifest:
    manifest = load_manifest(path)
    if manifest is None:
        raise ConfigurationError(f"no batch manifest at {path}: run batch submit first")
    return manifest


@batch_app.command("submit")
def batch_submit(
    input_jsonl: InputOpt,
    manifest_path: ManifestOpt,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    templates: TemplatesOpt = None,
    max_requests: Annotated[
        int, typer.Option("--max-requests-per-file", min=1, help="Requests per uploaded file.")
    ] = MAX_REQUESTS_PER_FILE,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes-per-file", min=1024, help="Bytes per uploaded file.")
    ] = MAX_BYTES_PER_FILE,
) -> None:
    """Shard, upload and create a batch per shard; rerun to resume, or, once every batch has
    ended, to submit only the requests that have no answer yet."""
    try:
        check_corpus_paths(input_jsonl, manifest_path)
        manifest = load_manifest(manifest_path)
        if manifest is None:
            if not model:
                raise ConfigurationError("batch submit needs a model name: pass --model")
            manifest = Manifest(
                input=str(input_jsonl),
                model=model,
                base_url=base_url,
                templates=str(templates) if templates else None,
                max_requests_per_file=max_requests,
                max_bytes_per_file=max_bytes,
            )
            save_manifest(manifest_path, manifest)
        elif model and model != manifest.model:
            raise ConfigurationError(
                f"{manifest_path} was submitted with model {manifest.model!r}, not {model!r}"
            )
        with _summarizer(manifest) as summarizer:
            remote = Remote.of(summarizer, manifest, manifest_path)
            report = submit(remote, input_jsonl, summarizer, _problem)
    except SummarizerError as exc:
        fail_on(exc)
    if report.running:
        _say(
            f"{report.running} batch(es) still running: nothing new submitted "
            f"(batch status --manifest {manifest_path} --wait)"
        )
    elif report.round is None:
        _say(f"nothing to submit: all {report.answered} requests have an answer")
    else:
        _say(
            f"round {report.round}: submitted {report.requests} requests in {report.shards} "
            f"batch(es); {report.answered} already answered, {report.problems} document(s) "
            f"without a request; uploads {remote.uploads}, batches created {remote.creates}"
        )


def _show(manifest: Manifest) -> None:
    for shard in manifest.shards:
        counts = shard.request_counts
        _say(
            f"{shard.label}: {shard.status or 'not created'} · {counts.completed} done, "
            f"{counts.failed} failed of {counts.total or len(shard.custom_ids)} · "
            f"batch {shard.batch_id or '-'}"
        )
        for error in shard.errors:
            _say(f"  {error}")


@batch_app.command("status")
def batch_status(
    manifest_path: ManifestOpt,
    wait: Annotated[bool, typer.Option("--wait", help="Poll until every batch has ended.")] = False,
    interval: Annotated[
        float,
        typer.Option(
            "--poll-interval", min=0.01, help="First pause between polls, seconds (grows to 60)."
        ),
    ] = 10.0,
    wait_timeout: Annotated[
        float,
        typer.Option("--wait-timeout", min=0.0, help="Stop waiting after this many seconds."),
    ] = 26 * 3600.0,
) -> None:
    """Each batch's state and request counts; with --wait, a progress bar until all end."""
    try:
        manifest = _manifest(manifest_path)
        unlaunched = [s.label for s in manifest.shards if s.batch_id is None]
        if unlaunched:
            raise ConfigurationError(
                f"{', '.join(unlaunched)}: no batch created yet; run batch submit again"
            )
        with _summarizer(manifest) as summarizer:
            remote = Remote.of(summarizer, manifest, manifest_path)
            if not wait:
                remote.refresh()
                ended = all(s.ended for s in manifest.shards)
            else:
                total = sum(len(s.custom_ids) for s in manifest.shards)
                with Progress(
                    TextColumn("[bold]batches[/]"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TextColumn("{task.fields[status]}"),
                    TimeElapsedColumn(),
                    console=stderr,
                ) as progress:
                    task = progress.add_task("wait", total=total, status="")

                    def update(m: Manifest) -> None:
                        done = sum(
                            s.request_counts.completed + s.request_counts.failed for s in m.shards
                        )
                        ended = sum(1 for s in m.shards if s.ended)
                        progress.update(
                            task, completed=done, status=f"{ended}/{len(m.shards)} batches ended"
                        )

                    ended = remote.wait(interval=interval, timeout=wait_timeout, on_poll=update)
    except SummarizerError as exc:
        fail_on(exc)
    _show(manifest)
    if wait and not ended:
        fail(f"batches still running after {wait_timeout:g} s")


@batch_app.command("collect")
def batch_collect(
    batch_output: Annotated[
        Path | None,
        typer.Argument(help="An output file (vLLM run_batch, or downloaded); or use --manifest."),
    ] = None,
    input_jsonl: InputOpt = Path(),
    output: Annotated[Path, typer.Option("--output", help="Results JSONL.")] = Path(),
    manifest_path: Annotated[
        Path | None, typer.Option("--manifest", help="Collect what batch submit started.")
    ] = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    templates: TemplatesOpt = None,
    live: Annotated[
        bool,
        typer.Option(
            "--live",
            help="Make the calls a batch cannot (reasks, "
            "continuations, the llm judge, the combine call) live.",
        ),
    ] = False,
) -> None:
    """Turn batch answers into results through the live pipeline: one line per id."""
    if (batch_output is None) == (manifest_path is None):
        fail("give either an output FILE or --manifest", 2)
    if input_jsonl == Path() or output == Path():
        fail("--input and --output are required", 2)
    try:
        check_corpus_paths(input_jsonl, output)
        if batch_output is not None:
            check_corpus_paths(batch_output, output)  # exists, readable, and not the output
            report = _collect_file(
                batch_output, input_jsonl, output, model, base_url, templates, live
            )
        else:
            assert manifest_path is not None
            check_corpus_paths(manifest_path, output)
            report = _collect_manifest(manifest_path, input_jsonl, output, live)
    except SummarizerError as exc:
        fail_on(exc)
    ledger = report.ledger
    tokens = ledger.prompt_tokens + ledger.completion_tokens
    _say(
        f"done {report.done}, failed {report.failed}, expired {report.expired}, pending "
        f"{report.pending} (written to {output}); {tokens} tokens, ${ledger.cost_usd:.4f}"
    )
    if report.conflicts:
        _say(f"{report.conflicts} custom id(s) have two different answers: flagged, not used")
    if report.unreadable:
        _say(f"{report.unreadable} output line(s) are not batch lines and were skipped")
    if report.failed or report.expired:
        raise typer.Exit(1)


def _live_post(summarizer: Summarizer) -> LivePost:
    return summarizer._model_client().post


def _run(
    input_jsonl: Path,
    output: Path,
    summarizer: Summarizer,
    fixed: str | None,
    index: OutputIndex,
    manifest: Manifest | None,
    live: bool,
) -> CollectReport:
    contexts: dict[str, RunContext] = {}

    def context_for(answer: ChatCompletion) -> RunContext:
        name = fixed or answer.model
        if name not in contexts:
            contexts[name] = replay_context(summarizer, name, live=live)
        return contexts[name]

    if summarizer.settings.verify == "llm" and not live:
        _say(
            "note: verify='llm' needs a second call per document, which a batch cannot make: "
            "claims are not judged (meta.judge is null); pass --live to judge them live"
        )
    missing = missing_for(manifest) if manifest is not None else _absent
    return collect(
        input_jsonl,
        output,
        summarizer,
        context_for,
        index,
        missing,
        live=_live_post(summarizer) if live else None,
    )


def _absent(name: str) -> SummarizerError:
    return BatchMissingError(f"the batch output has no line for request {name!r}")


def _collect_file(
    batch_output: Path,
    input_jsonl: Path,
    output: Path,
    model: str | None,
    base_url: str | None,
    templates: Path | None,
    live: bool,
) -> CollectReport:
    if live and not base_url:
        raise ConfigurationError("--live needs the model server: pass --base-url")
    with Summarizer(
        model=model,
        templates=templates,
        backend="openai-compatible",
        base_url=base_url or _OFFLINE_URL,
    ) as summarizer:
        index = OutputIndex()
        index.add(batch_output)
        return _run(input_jsonl, output, summarizer, model, index, None, live)


def _collect_manifest(
    manifest_path: Path, input_jsonl: Path, output: Path, live: bool
) -> CollectReport:
    manifest = _manifest(manifest_path)
    with _summarizer(manifest) as summarizer:
        if not all(s.fetched for s in manifest.shards):
            remote = Remote.of(summarizer, manifest, manifest_path)
            remote.refresh()
            remote.download()
        index = index_of(manifest, manifest_path)
        return _run(input_jsonl, output, summarizer, manifest.model, index, manifest, live)
