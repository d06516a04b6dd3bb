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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._client import Summarizer
from .._corpus import json_line
from .._errors import PathError, SummarizerError
from .._schema import Summary
from ._aggregate import Metric, aggregate
from ._baselines import lead3
from ._gold import GoldDocument, GoldFile
from ._matching import DEFAULT_MATCHER, Matcher
from ._scoring import DocumentScore, score_document

__all__ = [
    "RESULTS_FILE",
    "SUMMARY_FILE",
    "DocumentResult",
    "EvalRun",
    "run_eval",
    "summary_payload",
]

RESULTS_FILE = "results.jsonl"
SUMMARY_FILE = "summary.json"


@dataclass
class DocumentResult:
    """One gold document: the model's summary (or its error), and both scores."""

    gold: GoldDocument
    result: Summary | None
    error: dict[str, str] | None
    score: DocumentScore
    baseline: Summary
    baseline_score: DocumentScore

    def record(self) -> dict[str, Any]:
        """The ``results.jsonl`` line for this document."""
        line: dict[str, Any] = {"id": self.gold.id}
        if self.result is not None:
            line["result"] = self.result.model_dump(mode="json")
        else:
            line["error"] = self.error
        line["score"] = self.score.model_dump(mode="json")
        return line


@dataclass
class EvalRun:
    """Everything one evaluation produced, in gold-file order."""

    gold: GoldFile
    out_dir: Path
    documents: list[DocumentResult]
    model_metrics: dict[str, Metric]
    baseline_metrics: dict[str, Metric]
    run: dict[str, Any] = field(default_factory=dict)

    @property
    def n_failed(self) -> int:
        return sum(1 for d in self.documents if d.result is None)

    def summary(self) -> dict[str, Any]:
        return summary_payload(self)


def _metrics_json(metrics: dict[str, Metric]) -> dict[str, dict[str, float | int | None]]:
    return {name: m.model_dump() for name, m in metrics.items()}


def summary_payload(run: EvalRun) -> dict[str, Any]:
    """The content of ``summary.json``."""
    return {
        "model": _metrics_json(run.model_metrics),
        "baseline_lead3": _metrics_json(run.baseline_metrics),
        "documents": {d.gold.id: d.score.metrics() for d in run.documents},
        "run": run.run,
    }


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
    semaphore = asyncio.Semaphore(max(1, concurrency))
    max_claims = summarizer.settings.max_claims

    async def one(doc: GoldDocument) -> DocumentResult:
        result: Summary | None = None
        error: dict[str, str] | None = None
        async with semaphore:
            try:
                result = await summarizer.asummarize(doc.source_text)
            except SummarizerError as exc:
                error = {"type": type(exc).__name__, "message": str(exc)}
        score = await asyncio.to_thread(score_document, result, doc, matcher, threshold)
        baseline = lead3(doc.source_text, max_claims=max_claims)
        baseline_score = await asyncio.to_thread(score_document, baseline, doc, matcher, threshold)
        item = DocumentResult(doc, result, error, score, baseline, baseline_score)
        _write_line(results_path, item.record())
        return item

    try:
        return list(await asyncio.gather(*(one(doc) for doc in gold.documents)))
    finally:
        # The async HTTP client belongs to this event loop: close it before the loop ends.
        client = summarizer._client
        if client is not None:
            await client.aclose()
            summarizer.close()


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
    out_dir = Path(out_dir)
    work = start_run_folder(out_dir)
    try:
        run = _run_into(gold, summarizer, work, concurrency, matcher, threshold, reports)
        publish_run_folder(work, out_dir)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    run.out_dir = out_dir
    return run


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
    # Rewrite in gold order: the streamed file is in completion order.
    _atomic_write(results_path, "".join(json_line(d.record()) for d in documents))
    first = documents[0].score if documents else None
    run = EvalRun(
        gold=gold,
        out_dir=out_dir,
        documents=documents,
        model_metrics=aggregate([d.score for d in documents]),
        baseline_metrics=aggregate([d.baseline_score for d in documents]),
    )
    run.run = {
        "model": settings.model,
        "backend": settings.backend,
        "evidence_mode": settings.evidence_mode,
        "max_claims": settings.max_claims,
        "template": {"name": template.name, "sha256": template.sha256},
        "matcher": first.matcher if first else None,
        "threshold": first.threshold if first else threshold,
        "gold": gold.path.name,
        "n_documents": len(documents),
        "n_failed": run.n_failed,
    }
    _atomic_write(
        out_dir / SUMMARY_FILE,
        json.dumps(summary_payload(run), indent=2, ensure_ascii=False) + "\n",
    )
    if reports:
        from ._report import write_html, write_markdown

        write_markdown(run, out_dir / "report.md")
        write_html(run, out_dir / "report.html")
    return run
