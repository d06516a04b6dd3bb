"""The run folder ``--out``: written whole in a hidden folder beside it, then swapped in, and
only ever in place of a folder this tool wrote.

``write_run`` writes everything into a new hidden folder beside ``out_dir``
(``.<name>.partial-*``), which then takes the place of ``out_dir`` in one rename (on Linux an
atomic exchange, ``renameat2(RENAME_EXCHANGE)``): a killed eval leaves either the previous run
or the new one, never a mix.

The folder it replaces, and then deletes, must be a run folder: missing, empty, or marked by
the file ``.summarizer-run`` that every run folder holds (or, written before the marker existed,
holding only a run's files, ``results.jsonl`` and ``summary.json`` among them). A folder of
notes, a documents folder, the gold file's folder, a folder that holds any input of the run,
the current folder or one above it, or a symbolic link is refused (``PathError``, naming it)
before anything is sent, and checked again just before the swap.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from .._errors import PathError
from .._jsonl import json_line
from ._aggregate import aggregate
from ._files import atomic_write, is_within, parse_json, read_regular
from ._gold import GoldFile
from ._report import write_html, write_markdown
from ._run import (
    RESULTS_FILE,
    SUMMARY_FILE,
    DocumentResult,
    EvalRun,
    RunInfo,
    gold_digest,
    summary_payload,
    support_metric,
)

__all__ = [
    "MARKER",
    "check_out_dir",
    "finish_run",
    "gold_inputs",
    "is_run_folder",
    "publish_run_folder",
    "write_run",
]

MARKER = ".summarizer-run"
_SIGNATURE = '{"written_by": "summarizer eval", "format": 1}\n'
# What a run folder written before the marker existed may hold.
_RUN_FILES = frozenset({"results.jsonl", "summary.json", "report.md", "report.html",
                        "results.jsonl.tmp", "summary.json.tmp"})  # fmt: skip
_SUMMARY_KEYS = frozenset({"model", "baseline_lead3", "documents", "run"})


def _legacy_run_folder(names: set[str], folder: Path) -> bool:
    if not names <= _RUN_FILES or not {"results.jsonl", "summary.json"} <= names:
        return False
    try:
        summary = parse_json(read_regular(folder / "summary.json"))
    except (OSError, ValueError):
        return False
    return isinstance(summary, dict) and set(summary) >= _SUMMARY_KEYS


def is_run_folder(folder: Path) -> bool:
    """``folder`` is empty, or a run folder this tool wrote (its marker, or a former run's
    files only)."""
    try:
        names = {entry.name for entry in os.scandir(folder)}
        if not names:
            return True
        if MARKER in names:
            return read_regular(folder / MARKER, 1024).decode("utf-8", "replace") == _SIGNATURE
    except OSError:
        return False
    return _legacy_run_folder(names, folder)


def check_out_dir(out_dir: Path, inputs: Iterable[Path] = ()) -> Path:
    """``out_dir`` as an absolute path, when a run may be put in its place; ``PathError``
    naming it otherwise (see the module docstring)."""
    given = out_dir
    out = Path(os.path.abspath(out_dir))
    if out.is_symlink():
        raise PathError(f"--out {given} is a symbolic link: name the run folder itself")
    if out.exists() and not out.is_dir():
        raise PathError(f"--out {given} is a file, not a run folder")
    try:
        cwd = Path.cwd()
    except OSError:  # the current folder was deleted: nothing above it to protect
        cwd = None
    if cwd is not None and is_within(cwd, out):
        raise PathError(f"--out {given} ({out}) is the current folder or one above it")
    for path in inputs:
        if is_within(path, out):
            raise PathError(
                f"--out {given} holds {path}, which this run reads or writes: the folder is "
                "replaced by the run; choose another --out"
            )
    if out.is_dir() and not is_run_folder(out):
        raise PathError(
            f"--out {given} ({out}) is not empty and is not a run folder (it has no {MARKER}): "
            "the run would replace it; choose a new or empty folder"
        )
    return out


def start_run_folder(out_dir: Path) -> Path:
    """Make the hidden folder the run is written into, marked as a run folder; ``PathError``
    names the path when it cannot, before any document is summarized."""
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.partial-", dir=out_dir.parent))
        (work / MARKER).write_text(_SIGNATURE, encoding="utf-8")
        return work
    except OSError as exc:
        where = exc.filename or out_dir.parent
        raise PathError(f"cannot create the run folder in {where}: {exc.strerror}") from None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2`` with ``RENAME_EXCHANGE``); False when
    the platform or file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    return bool(renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0)


def publish_run_folder(work: Path, out_dir: Path) -> None:
    """Put the finished run folder ``work`` in the place of ``out_dir`` (checked again: only
    a run folder is replaced, and deleted)."""
    try:
        if not out_dir.exists() and not out_dir.is_symlink():
            work.rename(out_dir)
            return
        if out_dir.is_symlink() or not out_dir.is_dir() or not is_run_folder(out_dir):
            raise PathError(
                f"{out_dir} changed during the run and is no longer a run folder: left it as it "
                f"is; the run is in {work}"
            )
        if _exchange(work, out_dir):
            shutil.rmtree(work, ignore_errors=True)  # ``work`` now holds the previous run
            return
        previous = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
        out_dir.rename(previous / out_dir.name)
        work.rename(out_dir)
        shutil.rmtree(previous, ignore_errors=True)
    except OSError as exc:
        raise PathError(
            f"cannot move the finished run into {out_dir}: {exc.strerror} (it is in {work})"
        ) from None


def write_run(
    out_dir: Path, write: Callable[[Path], EvalRun], inputs: Iterable[Path] = ()
) -> EvalRun:
    """Run ``write`` into a hidden folder beside ``out_dir`` and put it in ``out_dir``'s place
    when it is done: a killed run leaves the previous run folder, never a mix. ``inputs``: the
    files the run reads or writes, which ``out_dir`` must not hold (``check_out_dir``)."""
    given = Path(out_dir)
    target = check_out_dir(given, inputs)
    work = start_run_folder(target)
    try:
        run = write(work)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    publish_run_folder(work, target)  # a PathError names where the finished run was left
    run.out_dir = given
    return run


def gold_inputs(gold: GoldFile) -> list[Path]:
    """The gold file and every source file it names: what a run folder must never hold."""
    folder = gold.path.parent
    return [gold.path, *(folder / d.source_path for d in gold.documents if d.source_path)]


def finish_run(
    gold: GoldFile,
    documents: list[DocumentResult],
    out_dir: Path,
    facts: RunInfo,
    *,
    threshold: float | None = None,
    reports: bool = True,
) -> EvalRun:
    """Aggregate scored documents (gold-file order) into an ``EvalRun`` and write its files.

    ``facts``: what made the output (``model``, ``backend``, ``evidence_mode``, ``max_claims``,
    ``template``, ``judge``); the matcher, the gold file's digest and the counts are added."""
    # Rewrite in gold order: the streamed file is in completion order.
    atomic_write(out_dir / RESULTS_FILE, "".join(json_line(d.record()) for d in documents))
    first = documents[0].score if documents else None
    model_metrics = aggregate([d.score for d in documents])
    model_metrics["support.rate"] = support_metric([d.result for d in documents])
    run = EvalRun(
        gold=gold,
        out_dir=out_dir,
        documents=documents,
        model_metrics=model_metrics,
        baseline_metrics=aggregate([d.baseline_score for d in documents]),
    )
    run.run = facts.model_copy(
        update={
            "matcher": first.matcher if first else None,
            "threshold": first.threshold if first else threshold,
            "gold": gold.path.name,
            "gold_sha256": gold_digest(gold),
            "n_documents": len(documents),
            "n_failed": run.n_failed,
        }
    )
    atomic_write(
        out_dir / SUMMARY_FILE,
        json.dumps(summary_payload(run), indent=2, ensure_ascii=False) + "\n",
    )
    if reports:
        write_markdown(run, out_dir / "report.md")
        write_html(run, out_dir / "report.html")
    return run
