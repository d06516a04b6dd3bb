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
scored as failed (zeros); it never stops the run. ``finish_run`` (aggregate and write the files)
is in ``_run_folder``, shared with scoring a predictions file. ``run_repeated`` runs the gold
file ``N`` times (``--repeat``; the spread and the noise rule are ``_repeat``'s).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from .._batch import astream_summaries
from .._errors import ConfigurationError
from .._jsonl import error_fields, json_line
from .._protocols import SummarizerLike
from .._schema import Summary
from ._baselines import lead3
from ._equivalence import DEFAULT_CLAIM_MATCHER
from ._gold import GoldFile
from ._matching import DEFAULT_MATCHER, Matcher
from ._repeat import spread
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
    support_rate,
)
from ._run_folder import finish_run, gold_inputs, write_run
from ._scoring import score_document

__all__ = [
    "RESULTS_FILE",
    "SUMMARY_FILE",
    "DocumentResult",
    "EvalRun",
    "gold_digest",
    "run_eval",
    "run_repeated",
    "summary_payload",
    "support_rate",
]


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
    async for outcome in astream_summaries(texts, summarizer, concurrency=concurrency):
        doc = gold.documents[outcome.index]
        result = outcome.result if isinstance(outcome.result, Summary) else None
        error = None if isinstance(outcome.result, Summary) else error_fields(outcome.result)
        score = await asyncio.to_thread(score_document, result, doc, matcher, threshold)
        baseline = lead3(doc.source_text, max_claims=max_claims)
        baseline_score = await asyncio.to_thread(score_document, baseline, doc, matcher, threshold)
        item = DocumentResult(doc, result, error, score, baseline, baseline_score)
        _write_line(results_path, item.record())
        done[outcome.index] = item
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


def run_repeated(
    gold: Any,
    summarizer: SummarizerLike,
    out_dir: Path,
    repeat: int,
    *,
    concurrency: int = 2,
    matcher: Matcher | str = DEFAULT_MATCHER,
    threshold: float | None = None,
    reports: bool = True,
) -> EvalRun:
    """``run_eval`` ``repeat`` times (the summarizer's cache must be off); the first run's
    folder with ``run.repeat`` added (see the module's docstring)."""
    if repeat < 1:
        raise ConfigurationError(f"--repeat must be at least 1, not {repeat}")
    if repeat > 1 and summarizer.cache is not None:
        raise ConfigurationError("--repeat needs the response cache off (it replays answers)")
    out_dir = Path(out_dir)
    first = run_eval(gold, summarizer, out_dir, concurrency=concurrency, matcher=matcher,
                     threshold=threshold, reports=reports)  # fmt: skip
    if repeat == 1:
        return first
    runs = [first]
    scratch = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.repeats-", dir=out_dir.parent))
    try:
        for k in range(2, repeat + 1):
            runs.append(
                run_eval(
                    gold,
                    summarizer,
                    scratch / str(k),
                    concurrency=concurrency,
                    matcher=matcher,
                    threshold=threshold,
                    reports=False,
                )
            )
        kept = out_dir / "repeats"
        kept.mkdir(exist_ok=True)
        for k in range(2, repeat + 1):
            shutil.move(scratch / str(k) / "results.jsonl", kept / f"{k}.jsonl")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    first.run.repeat = spread(runs)
    summary = out_dir / SUMMARY_FILE
    tmp = summary.with_name(summary.name + ".tmp")
    tmp.write_text(json.dumps(summary_payload(first), indent=2, ensure_ascii=False) + "\n",
                   encoding="utf-8")  # fmt: skip
    tmp.replace(summary)
    if reports:
        write_markdown(first, out_dir / "report.md")
        write_html(first, out_dir / "report.html")
    return first
