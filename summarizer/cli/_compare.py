"""``summarizer compare``: runs side by side."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from .._errors import SummarizerError
from ._common import app, fail

__all__ = ["compare_command"]


@app.command("compare")
def compare_command(
    runs: Annotated[
        list[Path], typer.Argument(help="Two or more run folders (summarizer eval --out).")
    ],
    out: Annotated[Path, typer.Option("--out", help="Folder for report.html and report.md.")],
    name: Annotated[
        list[str] | None,
        typer.Option("--name", help="Column name per run, in order (default: the folder name)."),
    ] = None,
) -> None:
    """Compare run folders side by side: metrics with CIs, documents, claims one run has and
    another lacks, and the settings that differ."""
    from ..evaluation._compare import write_comparison

    if len(runs) < 2:
        fail("compare needs at least two run folders", code=2)
    try:
        html, md = write_comparison(list(runs), out, list(name) if name else None)
    except SummarizerError as exc:
        fail(str(exc), code=2)
    except OSError as exc:
        fail(f"cannot write {exc.filename or out}: {exc.strerror or exc}")
    Console(emoji=False).print(f"wrote {escape(str(html))} and {escape(str(md))}", highlight=False)
