"""Run a summarizer over every document of a gold file, score it, and write the run to disk.

``run_eval`` writes a run folder, ``out_dir``, whole (``_run_folder``: a hidden folder swapped
in at the end, and only in place of a run folder). The folder holds:

- ``results.jsonl``: one line per document, appended as each document finishes, then rewritten
  in gold-file order at the end so that two runs of the same model give the same file (latency
  fields aside);
- ``summary.json``: aggregated metrics (model and lead-3 baseline), per-document metrics and
  facts about the run (``RunSummary``);
- ``report.md`` and ``report.html`` (see ``_report``), and the marker ``.summarizer-run``.

A document that fails (any ``SummarizerError``) is recorded with its error type and message and
scored as failed (zeros); it never stops the run.
"""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

from .._batch import astream_summaries
from .._jsonl import error_fields, json_line
from .._protocols import SummarizerLike
from .._schema import Summary
from ._aggregate import aggregate
from ._baselines import lead3
from ._equivalence import DEFAULT_CLAIM_MATCHER
from ._files import atomic_write
from ._gold import GoldFile
from ._matching import Matcher
from ._report import write_html, write_markdown
from ._run import (
    RESULTS_FILE,
    SUMMARY_FILE,
    DocumentResult,
    EvalRun,
    RunInfo,
    TemplateRef,
    gold_digest,
    summary_payload,
    support_metric,
    support_rate,
)
from ._run_folder import write_run
from ._scoring import score_document

__all__ = [
    "RESULTS_FILE",
    "SUMMARY_FILE",
    "DocumentResult",
    "EvalRun",
    "finish_run",
    "gold_digest",
    "gold_inputs",
    "run_eval",
    "summary_payload",
    "support_rate",
]


def gold_inputs(gold: GoldFile) -> list[Path]:
    """The gold file and every source file it names: what a run folder must never hold."""
    folder = gold.path.parent
    return [gold.path, *(folder / d.source_path for d in gold.documents if d.source_path)]


def _write_line(path: Path, record: dict[str, Any]) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json_line(record))
        handle.flush()
        os.fsync(handle.fileno())


async def _run_all(
    gold: GoldFile,
    summarizer: SummarizerLike,
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
    summarizer: SummarizerLike,
    out_dir: Path,
    *,
    concurrency: int = 2,
    matcher: Matcher | str = DEFAULT_CLAIM_MATCHER,
    threshold: float | None = None,
    reports: bool = True,
) -> EvalRun:
    """Summarize and score every document of ``gold``; write the run into ``out_dir``.

    Documents run concurrently, at most ``concurrency`` at a time. The summarizer's async
    transport is closed afterwards (it is bound to the event loop this function runs); the
    summarizer stays the caller's. ``PathError`` before any document is sent when ``out_dir``
    may not be replaced (``_run_folder.check_out_dir``).
    """
    return write_run(
        Path(out_dir),
        lambda work: _run_into(gold, summarizer, work, concurrency, matcher, threshold, reports),
        gold_inputs(gold),
    )


def _run_into(
    gold: GoldFile,
    summarizer: SummarizerLike,
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
    facts = RunInfo(
        model=settings.model,
        backend=settings.backend,
        evidence_mode=settings.evidence_mode,
        strategy=getattr(settings, "strategy", None),
        max_claims=settings.max_claims,
        template=TemplateRef(name=template.name, sha256=template.sha256),
        judge=getattr(settings, "verify", None),
    )
    return finish_run(gold, documents, out_dir, facts, threshold=threshold, reports=reports)


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
