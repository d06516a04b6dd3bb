"""What every command shares: the app, the error line, terminal-safe text, input reading,
common options and the summary table."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table

from .._errors import ConfigurationError, SummarizerError
from .._schema import Claim, Summary

if TYPE_CHECKING:
    pass


__all__ = [
    "BackendOpt",
    "BaseUrlOpt",
    "ModeOpt",
    "ModelOpt",
    "StrategyOpt",
    "TemplatesOpt",
    "VerifyOpt",
    "app",
    "clean",
    "fail",
    "fail_on",
    "fmt",
    "for_terminal",
    "json_for_terminal",
    "print_summary",
    "read_input",
    "stderr",
]


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


# Invisible characters that reorder or hide text (bidi overrides, embeddings and isolates,
# marks, zero-width characters, the BOM): shown visibly as <U+XXXX> in pretty output.
_INVISIBLE = re.compile(
    "[\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff]"
)
# What --json escapes as \uXXXX (it stays the same JSON value): C0/C1 controls, DEL, the
# invisible characters above, and lone surrogates.
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\u3164\ufeff\ud800-\udfff]"
)
MAX_INPUT_BYTES = 64 * 1024 * 1024
"""The most a single document read from a file or standard input may hold."""


# rich replaces :name: emoji codes in a Panel title whatever the console's emoji setting; a
# WORD JOINER (U+2060, invisible) after the colon keeps the code as text.
_EMOJI_CODE = re.compile(r":(?=[^\s:]+:)")


def clean(text: str) -> str:
    """``text`` without control characters or terminal escape sequences, and with invisible
    bidi and zero-width characters shown as ``<U+XXXX>``."""
    return _INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", _CONTROL.sub("", text))


def json_for_terminal(text: str) -> str:
    """JSON text (``text``) with control and invisible characters written as ``\\uXXXX``
    escapes: the same JSON value, and nothing a terminal acts on. Safe on JSON text because
    such characters can only stand inside its strings."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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


def read_input(path: str, limit: int = MAX_INPUT_BYTES) -> bytes:
    """A document's bytes from a file (a pipe or device too) or ``-``; at most ``limit`` bytes
    are read: more (``/dev/zero``, a huge file) is one error line."""
    if path == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        file = Path(path)
        if not file.exists():
            fail(f"no such file: {path}")
        if file.is_dir():
            fail(f"{path} is a directory, not a document")
        try:
            with file.open("rb") as handle:
                data = handle.read(limit + 1)
        except OSError as exc:
            fail(f"cannot read {path}: {exc.strerror}")
    if len(data) > limit:
        fail(f"{path} is larger than the {limit // (1024 * 1024)} MiB limit for a document")
    return data


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
VerifyOpt = Annotated[
    str | None,
    typer.Option(
        "--verify", help="Support judge: lexical (default) | llm | off | a plugin judge's name."
    ),
]
StrategyOpt = Annotated[
    str | None,
    typer.Option(
        "--strategy",
        help="write: the model writes the claims (default for real models); extract: it labels "
        "sentences copied from the document (default for the embedded model).",
    ),
]


WIDE_LAYOUT_COLUMNS = 100
"""From this terminal width on, claims are a table; below it, a block per claim."""


def print_summary(result: Summary, console: Console) -> None:
    console.print(Panel(escape(result.summary), title=f"[bold]{escape(result.title)}[/]"))
    if result.key_points:
        console.print("[bold]Key points[/]")
        for point in result.key_points:
            console.print(Padding(f"• {escape(point)}", (0, 0, 0, 2)))
    if console.width >= WIDE_LAYOUT_COLUMNS:
        _claims_table(result, console)
    else:
        _claim_blocks(result, console)
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


def _evidence_cell(claim: Claim) -> str:
    spans = ", ".join(f"[{e.start}:{e.end}] {e.alignment.value}" for e in claim.evidence)
    return f"[red]ungrounded[/] {spans}" if not claim.grounded else spans


def _claims_table(result: Summary, console: Console) -> None:
    table = Table(title="Claims", show_lines=False, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("claim", ratio=3)
    table.add_column("kind", no_wrap=True)
    table.add_column("attributed to", ratio=1)
    table.add_column("evidence", ratio=1)
    table.add_column("supported", ratio=1)
    for index, claim in enumerate(result.claims, 1):
        table.add_row(
            str(index),
            escape(claim.text),
            claim.kind.value,
            escape(claim.attributed_to or "—"),
            _evidence_cell(claim),
            _support_cell(claim),
        )
    console.print(table)


def _claim_blocks(result: Summary, console: Console) -> None:
    """A narrow terminal: a block per claim, its text on the full width (less its number),
    its kind, source, support and evidence on the line below."""
    console.print(f"[bold]Claims[/] ({len(result.claims)})")
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(ratio=1)
    for index, claim in enumerate(result.claims, 1):
        facts = [claim.kind.value]
        if claim.attributed_to:
            facts.append(f"attributed to {escape(claim.attributed_to)}")
        facts.append(f"supported {_support_cell(claim)}")
        facts.append(f"evidence {_evidence_cell(claim)}")
        grid.add_row(f"{index}.", f"{escape(claim.text)}\n[dim]{' · '.join(facts)}[/]")
    console.print(grid)


def _support_cell(claim: Claim) -> str:
    support = claim.support
    if support is None:
        return "[dim]not checked[/]"
    if support.supported is None:  # e.g. a language the judge has no word lists for
        return f"[yellow]not judged[/] {escape(clean(support.reason or ''))}"
    if support.supported:
        return f"[green]yes[/] {support.score:.2f}"
    reason = f" {escape(clean(support.reason))}" if support.reason else ""
    label = {"contradicts": "contradicts the evidence", "not_stated": "not stated"}
    return f"[bold red]no[/] {support.score:.2f} {label.get(support.verdict or '', '')}{reason}"


def fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"
