"""``summarizer batch prepare|collect``: the provider's Batch API files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .._client import Summarizer
from .._corpus import (
    check_corpus_paths,
    json_line,
    read_jsonl_documents,
)
from .._errors import SummarizerError
from .._openai_batch import collect_results, prepare_requests
from .._result import results_row

if TYPE_CHECKING:
    pass

from ._common import (
    BaseUrlOpt,
    ModelOpt,
    TemplatesOpt,
    app,
    fail,
    fail_on,
    stderr,
)

__all__ = ["batch_app"]

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
