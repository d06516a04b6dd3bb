"""``summarizer gold label | agree | draft``: build a gold file in the browser, measure how two
labellers agree, and turn a results file into a draft gold file; with ``gold check``, the
``summarizer gold ...`` group."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .._atomic import atomic_write
from .._errors import ConfigurationError, SummarizerError
from ._common import app, clean, fail, fail_on, stderr

__all__ = ["gold_agree", "gold_app", "gold_check", "gold_draft", "gold_label"]

gold_app = typer.Typer(help="Build and check hand-labelled gold files.", no_args_is_help=True)
app.add_typer(gold_app, name="gold")


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


@gold_app.command("label")
def gold_label(
    paths: Annotated[
        list[Path], typer.Argument(help="Text files, or folders of .txt files (id: file stem).")
    ],
    gold: Annotated[
        Path, typer.Option("--gold", help="The gold file to write (created on the first save).")
    ],
    prefill: Annotated[
        Path | None,
        typer.Option("--prefill", help="Propose claims from this results JSONL (matched by id)."),
    ] = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="0: a free port.")] = 8765,
) -> None:
    """Label documents in the browser: claims, kinds, attributions and evidence spans,
    saved to a gold file that ``gold check`` accepts. Serves until Ctrl-C."""
    try:
        from ..labelling import GoldStore, collect_documents, match_results, read_results
        from ..labelling._serve import serve
    except ImportError as exc:
        fail(f"gold label needs the label extra (pip install 'summarizer[label]'): {exc}", 2)
    try:
        documents = collect_documents(paths)
        inputs = [doc.path for doc in documents if doc.path is not None]
        proposals = {}
        if prefill is not None:
            inputs.append(prefill)
            proposals = match_results(read_results(prefill), [d.id for d in documents])
        store = GoldStore(gold, documents, proposals, inputs=inputs)
        if host not in ("127.0.0.1", "localhost", "::1"):
            stderr.print(
                f"[yellow]warning:[/] listening on {escape(host)}: anyone who can reach it and "
                "read a page can save to the gold file",
                highlight=False,
                soft_wrap=True,
            )

        def announce(url: str) -> None:
            stderr.print(
                f"labelling {len(store.documents)} document(s) into {escape(str(gold))}",
                highlight=False,
                soft_wrap=True,
            )
            print(f"open {url}   (Ctrl-C to stop)", flush=True)

        serve(store, host, port, announce)
    except SummarizerError as exc:
        fail_on(exc)


@gold_app.command("agree")
def gold_agree(
    first: Annotated[Path, typer.Argument(help="Gold file A (the reference).")],
    second: Annotated[Path, typer.Argument(help="Gold file B (scored against A).")],
    json_output: Annotated[bool, typer.Option("--json", help="Print only JSON.")] = False,
    matcher: Annotated[
        str, typer.Option("--matcher", help="support or support-hmean, optionally :JUDGE.")
    ] = "support",
) -> None:
    """Agreement of two labellers: claim P/R/F1 of B against A (the eval's matching), span
    overlap and Cohen's kappa of kind and attribution of matched claims."""
    from ..evaluation._agreement import agree
    from ..evaluation._gold import load_gold

    try:
        result = agree(load_gold(first), load_gold(second), matcher)
    except SummarizerError as exc:
        fail_on(exc)
    except ValueError as exc:
        fail(str(exc), 2)
    data = result.as_dict()
    if json_output:
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=True) + "\n")
        return
    console = Console(emoji=False)
    table = Table(title=f"agreement of {escape(str(second))} with {escape(str(first))}")
    columns = ("A", "B", "matched", "P", "R", "F1", "span IoU", "kind κ", "attr. κ")
    table.add_column("document", no_wrap=True)
    for column in columns:
        table.add_column(column, justify="right")
    rows = [(d.id, d.stats) for d in result.documents] + [("overall", result.overall)]
    for name, stats in rows:
        table.add_row(
            escape(clean(name)),
            str(stats.n_a),
            str(stats.n_b),
            str(stats.n_matched),
            *(_fmt(v) for v in (stats.precision, stats.recall, stats.f1, stats.span_iou)),
            _fmt(stats.kind_kappa),
            _fmt(stats.attribution_kappa),
        )
    console.print(table)
    console.print(
        f"[dim]A, B: claims in each file; matched by {escape(result.matcher)} @ "
        f"{result.threshold}; κ: Cohen's kappa over matched claims[/]"
    )
    for label, ids in (("only in A", result.only_in_a), ("only in B", result.only_in_b)):
        if ids:
            console.print(f"{label}: {escape(clean(', '.join(ids)))}", highlight=False)


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


@gold_app.command("draft")
def gold_draft(
    results: Annotated[Path, typer.Argument(help="A results JSONL (summarize --output).")],
    documents: Annotated[
        list[Path],
        typer.Option("--documents", help="The documents: text files or folders of .txt files."),
    ],
    gold: Annotated[Path, typer.Option("--gold", help="The draft gold file to create.")],
) -> None:
    """Turn a results file into a draft gold file (every document "status": "draft") to
    review in ``gold label``. Never overwrites: GOLD must not exist yet."""
    from ..evaluation._gold import check_record
    from ..labelling import (
        collect_documents,
        draft_record,
        match_results,
        read_results,
    )
    from ..labelling._documents import same_file

    try:
        if gold.exists() or gold.is_symlink():
            raise ConfigurationError(
                f"--gold {gold} exists; gold draft never overwrites a file: choose a new name"
            )
        if not gold.parent.is_dir():
            raise ConfigurationError(f"--gold {gold}: the folder {gold.parent} is missing")
        docs = collect_documents(documents)
        if any(same_file(results, d.path) for d in docs if d.path is not None):
            raise ConfigurationError(f"{results} is one of the documents")
        proposals = match_results(read_results(results), [d.id for d in docs])
        lines: list[str] = []
        skipped: list[str] = []
        dropped = 0
        for doc in docs:
            summary = proposals.get(doc.id)
            if summary is None:
                skipped.append(f"{doc.id} (no result)")
                continue
            record = draft_record(doc, summary, gold)
            dropped += len(summary.claims) - len(record["claims"])
            try:
                check_record(record, gold)
            except SummarizerError as exc:
                detail = getattr(exc, "detail", str(exc))
                skipped.append(f"{doc.id} ({getattr(exc, 'field', None) or 'record'}: {detail})")
                continue
            lines.append(json.dumps(record, ensure_ascii=False))
        if not lines:
            raise ConfigurationError(
                f"no document of {results} made a draft: {'; '.join(skipped) or 'no documents'}"
            )
        atomic_write(gold, "\n".join(lines) + "\n")
    except SummarizerError as exc:
        fail_on(exc)
    except OSError as exc:
        fail(f"cannot write {gold}: {exc.strerror or exc}")
    stderr.print(
        f"wrote {len(lines)} draft document(s) to {escape(str(gold))}; {dropped} claim(s) "
        "without evidence in the text left out",
        highlight=False,
        soft_wrap=True,
    )
    for item in skipped:
        stderr.print(f"[yellow]skipped:[/] {escape(clean(item))}", highlight=False, soft_wrap=True)
    stderr.print(
        f"review them: summarizer gold label {' '.join(escape(str(d)) for d in documents)} "
        f"--gold {escape(str(gold))}",
        highlight=False,
        soft_wrap=True,
    )
