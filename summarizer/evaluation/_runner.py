"""Run a summarizer over every document of a gold file, score it, and write the run to disk.

``run_eval`` writes a run folder, ``out_dir``, atomically: everything is written into a new
hidden folder beside it (``.<name>.partial-*``), which then takes the place of ``out_dir`` in one
rename (on Linux an atomic exchange, ``renameat2(RENAME_EXCHANGE)``). A killed eval therefore
leaves either the previous run or the new one, never a mix; the response cache lets the next
run skip the documents the killed one had finished. The folder holds:

- ``results.jsonl``: one line per document, appended as each document finishes, then rewritten
  in gold-file order at the end so that two runs of the same model give the same file (latency
  fields aside);
- ``summary.json``: aggregated metrics (model and lead-3 baseline), per-document metrics and
  facts about the run;
- ``report.md`` and ``report.html`` (see ``_report``).

A document that fails (any ``SummarizerError``) is recorded with its error type and message and
scored as failed (zeros); it never stops the run.
"""

from __future__ import annotations

import asyncio
import ctypes
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .._batch import astream_summaries
from .._client import Summarizer
from .._corpus import json_line
from .._errors import PathError
from .._result import error_fields
from .._schema import Summary
from ._aggregate import aggregate
from ._baselines import lead3
from ._gold import GoldFile
from ._matching import DEFAULT_MATCHER, Matcher
from ._report import write_html, write_markdown
from ._run import (
    RESULTS_FILE,
    SUMMARY_FILE,
    DocumentResult,
    EvalRun,
    gold_digest,
    summary_payload,
    support_metric,
    support_rate,
)
from ._scoring import score_document

__all__ = [
    "RESULTS_FILE",
    "SUMMARY_FILE",
    "DocumentResult",
    "EvalRun",
    "finish_run",
    "gold_digest",
    "run_eval",
    "summary_payload",
    "support_rate",
]


def _write_line(path: Path, record: dict[str, Any]) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json_line(record))
        handle.flush()
        os.fsync(handle.fileno())


def start_run_folder(out_dir: Path) -> Path:
    """Check that ``out_dir`` can be (re)placed and make the hidden folder the run is written
    into; ``PathError`` names the path when it cannot, before any document is summarized."""
    if out_dir.exists() and not out_dir.is_dir():
        raise PathError(f"--out {out_dir} is a file, not a run folder")
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.partial-", dir=out_dir.parent))
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
    """Put the finished run folder ``work`` in the place of ``out_dir``."""
    try:
        if not out_dir.exists() and not out_dir.is_symlink():
            work.rename(out_dir)
            return
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


def write_run(out_dir: Path, write: Callable[[Path], EvalRun]) -> EvalRun:
    """Run ``write`` into a hidden folder beside ``out_dir`` and put it in ``out_dir``'s place
    when it is done: a killed run leaves the previous run folder, never a mix."""
    out_dir = Path(out_dir)
    work = start_run_folder(out_dir)
    try:
        run = write(work)
        publish_run_folder(work, out_dir)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    run.out_dir = out_dir
    return run


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


async def _run_all(
    gold: GoldFile,
    summarizer: Summarizer,
    results_path: Path,
    concurrency: int,
    matcher: Matcher | str,
    threshold: float | None,
) -> list[DocumentResult]:
    """Every gold document through ``astream_summaries`` (bounded concurrency, one outcome
    each), scored and written to ``results.jsonl`` as it finishes."""
    max_claims = summarizer.settings.max_claims
    done: dict[int, DocumentResult] = {}
    texts = ((index, doc.source_text) for index, doc in enumerate(gold.documents))
    try:
        async for outcome in astream_summaries(texts, summarizer, concurrency=concurrency):
            doc = gold.documents[outcome.index]
            result = outcome.result if isinstance(outcome.result, Summary) else None
            error = None if isinstance(outcome.result, Summary) else error_fields(outcome.result)
            score = await asyncio.to_thread(score_document, result, doc, matcher, threshold)
            baseline = lead3(doc.source_text, max_claims=max_claims)
            baseline_score = await asyncio.to_thread(
                score_document, baseline, doc, matcher, threshold
            )
            item = DocumentResult(doc, result, error, score, baseline, baseline_score)
            _write_line(results_path, item.record())
            done[outcome.index] = item
    finally:
        # The async HTTP client belongs to this event loop; the summarizer stays the caller's.
        await summarizer.aclose_transport()
    return [done[index] for index in range(len(gold.documents))]


def run_eval(
    gold: GoldFile,
    summarizer: Summarizer,
    out_dir: Path,
    *,
    concurrency: int = 2,
    matcher: Matcher | str = DEFAULT_MATCHER,
    threshold: float | None = None,
    reports: bool = True,
) -> EvalRun:
    """Summarize and score every document of ``gold``; write the run into ``out_dir``.

    Documents run concurrently, at most ``concurrency`` at a time. The summarizer is closed
    afterwards (its HTTP client is bound to the event loop this function runs).
    """
    return write_run(
        Path(out_dir),
        lambda work: _run_into(gold, summarizer, work, concurrency, matcher, threshold, reports),
    )


def _run_into(
    gold: GoldFile,
    summarizer: Summarizer,
    out_dir: Path,
    concurrency: int,
    matcher: Matcher | str,
    threshold: float | None,
    reports: bool,
) -> EvalRun:
    results_path = out_dir / RESULTS_FILE
    results_path.write_text("", encoding="utf-8")
    settings = summarizer.settings
    template = summarizer.templates.info
    documents = asyncio.run(
        _run_all(gold, summarizer, results_path, concurrency, matcher, threshold)
    )
    facts = {
        "model": settings.model,
        "backend": settings.backend,
        "evidence_mode": settings.evidence_mode,
        "strategy": getattr(settings, "strategy", None),
        "max_claims": settings.max_claims,
        "template": {"name": template.name, "sha256": template.sha256},
        "judge": getattr(settings, "verify", None),
    }
    return finish_run(gold, documents, out_dir, facts, threshold=threshold, reports=reports)


def finish_run(
    gold: GoldFile,
    documents: list[DocumentResult],
    out_dir: Path,
    facts: dict[str, Any],
    *,
    threshold: float | None = None,
    reports: bool = True,
) -> EvalRun:
    """Aggregate scored documents (gold-file order) into an ``EvalRun`` and write its files.

    ``facts``: what made the output (``model``, ``backend``, ``evidence_mode``, ``max_claims``,
    ``template``, ``judge``); the matcher, the gold file's digest and the counts are added."""
    # Rewrite in gold order: the streamed file is in completion order.
    _atomic_write(out_dir / RESULTS_FILE, "".join(json_line(d.record()) for d in documents))
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
    run.run = {
        **facts,
        "matcher": first.matcher if first else None,
        "threshold": first.threshold if first else threshold,
        "gold": gold.path.name,
        "gold_sha256": gold_digest(gold),
        "n_documents": len(documents),
        "n_failed": run.n_failed,
    }
    _atomic_write(
        out_dir / SUMMARY_FILE,
        json.dumps(summary_payload(run), indent=2, ensure_ascii=False) + "\n",
    )
    if reports:
        write_markdown(run, out_dir / "report.md")
        write_html(run, out_dir / "report.html")
    return run
