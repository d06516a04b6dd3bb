"""The command line: ``summarizer summarize PATH`` (``-`` for stdin) and friends.

Exit codes: 0 ok, 1 a document or the model failed (one line on stderr, no traceback),
2 usage errors (typer's own).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from ._client import Summarizer
from ._errors import SummarizerError
from ._local import LOCAL_MODEL_NOTE
from ._schema import Summary

__all__ = ["app", "main"]

app = typer.Typer(
    name="summarizer",
    help="Grounded structured summaries from any OpenAI-compatible model.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
stderr = Console(stderr=True)


@app.callback()
def _root() -> None:
    """Grounded structured summaries from any OpenAI-compatible model."""


def fail(message: str, code: int = 1) -> NoReturn:
    stderr.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


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
        )
    console.print(table)
    meta = result.meta
    console.print(
        f"[dim]{meta.backend} · {escape(meta.model)} · {meta.attempts} attempt(s), "
        f"{meta.reasks} reask(s) · {meta.usage.total_tokens} tokens · {meta.latency_s:.1f} s · "
        f"template {escape(meta.template.name)}@{meta.template.sha256[:12]}[/]"
    )


@app.command()
def summarize(
    path: Annotated[str, typer.Argument(help="A text file, or - for standard input.")],
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the Summary as JSON on stdout, nothing else.")
    ] = False,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    backend: BackendOpt = None,
    templates: TemplatesOpt = None,
    mode: ModeOpt = None,
) -> None:
    """Summarize one document into a title, summary, key points and grounded claims."""
    data = read_input(path)
    try:
        with Summarizer(
            model=model, base_url=base_url, backend=backend, templates=templates, mode=mode
        ) as summarizer:
            if summarizer.settings.backend == "local":
                stderr.print(f"[yellow]note:[/] {LOCAL_MODEL_NOTE}", highlight=False)
            result = summarizer.summarize(data)
    except SummarizerError as exc:
        fail(str(exc))
    if json_output:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    else:
        print_summary(result, Console())


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        stderr.print("interrupted")
        raise SystemExit(130) from None


if __name__ == "__main__":
    main()
