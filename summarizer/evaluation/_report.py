"""Human-readable reports of an evaluation run: ``report.md`` and a self-contained ``report.html``.

The HTML page is the Jinja template ``templates/report.html.j2`` (inline CSS, no scripts, no
external assets), rendered with autoescaping: this module hands it plain data (strings, numbers
already formatted, segments of the source) and builds no HTML itself. Documents contain ``<``,
``{{ }}`` and prompt-injection lines; they are data to the template, never template source.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from ._aggregate import Metric
from ._report_md import (
    DOC_METRICS,
    REPORT_METRICS,
    SCORE_METRICS,
    directions,
    failure_text,
    render_claim_pairs,
    render_markdown,
    write_markdown,
)
from ._run import DocumentResult, EvalRun

if TYPE_CHECKING:
    from .._schema import Support

__all__ = [
    "REPORT_METRICS",
    "SCORE_METRICS",
    "render_claim_pairs",
    "render_html",
    "render_markdown",
    "write_html",
    "write_markdown",
]


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _run_line(run: EvalRun) -> str:
    info = run.run
    template = info.get("template") or {}
    return (
        f"model {info.get('model')} ({info.get('backend')}), template "
        f"{template.get('name')}@{str(template.get('sha256', ''))[:12]}, "
        f"matcher {info.get('matcher')} @ {info.get('threshold')}, "
        f"{info.get('n_documents')} documents, {info.get('n_failed')} failed"
    )


# --- HTML ---------------------------------------------------------------------------------------
# Plain data for the template. Numbers arrive formatted ("0.912", "—"); the template escapes
# every string it prints, so nothing here is markup.

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("summarizer.evaluation", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class _Cell:
    """A metric: its mean and, when there is one, its interval (``""`` otherwise)."""

    mean: str
    ci: str = ""


def _cell(metric: Metric | None) -> _Cell:
    if metric is None or metric.mean is None:
        return _Cell("—")
    if metric.ci_low is None or metric.ci_high is None:
        return _Cell(_num(metric.mean))
    return _Cell(_num(metric.mean), f"[{metric.ci_low:.3f}, {metric.ci_high:.3f}]")


@dataclass(frozen=True)
class _Tag:
    """A claim number shown where one of the claim's evidence spans starts."""

    number: int
    unsupported: bool


@dataclass(frozen=True)
class _Segment:
    """A stretch of the source text, covered by the evidence of ``claims`` (maybe none)."""

    text: str
    tags: tuple[_Tag, ...]
    claims: tuple[int, ...]
    unsupported: bool  # one of ``claims`` is not supported by its evidence


def _segments(
    source: str, spans: Iterable[tuple[int, int, int]], unsupported: set[int]
) -> list[_Segment]:
    """``source`` cut at every ``(start, end, claim number)`` boundary, in order."""
    spans = [(s, e, n) for s, e, n in spans if 0 <= s < e <= len(source)]
    cuts = sorted({0, len(source), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[_Segment] = []
    for lo, hi in itertools.pairwise(cuts):
        starting = sorted({n for s, _, n in spans if s == lo})
        covering = tuple(sorted({n for s, e, n in spans if s <= lo and hi <= e}))
        out.append(
            _Segment(
                text=source[lo:hi],
                tags=tuple(_Tag(n, n in unsupported) for n in starting),
                claims=covering,
                unsupported=any(n in unsupported for n in covering),
            )
        )
    return out


@dataclass(frozen=True)
class _SupportCell:
    """``claim.support``: does the claim's own evidence state it?"""

    supported: bool | None  # None: not judged (a language without word lists)
    score: str
    judge: str
    reason: str


def _support(support: Support | None) -> _SupportCell | None:
    if support is None:
        return None
    return _SupportCell(
        support.supported, f"{support.score:.2f}", support.judge, support.reason or ""
    )


@dataclass(frozen=True)
class _ClaimRow:
    """One row of a document's claims table.

    ``kind`` is matched / unmatched (a predicted claim with no gold partner) / missed (a gold
    claim no prediction was paired with). ``predicted`` and ``gold`` are ``""`` when absent; a
    ``*_candidate`` flag says the text is the most similar claim, not a partner.
    """

    kind: str
    number: str
    predicted: str
    predicted_candidate: bool
    ungrounded: bool
    score: str
    directions: str
    failure: str
    gold: str
    gold_candidate: bool
    support: _SupportCell | None


def _claim_rows(doc: DocumentResult) -> list[_ClaimRow]:
    gold = doc.gold.claims
    predicted = doc.result.claims if doc.result is not None else []
    matches = [m for m in doc.score.claims.matches if m.predicted < len(predicted)]
    rows: list[_ClaimRow] = []
    # Matched pairs first, then unmatched predictions, then missed gold claims.
    for m in sorted(matches, key=lambda m: m.gold is None):
        claim = predicted[m.predicted]
        matched = m.gold is not None
        partner = m.gold if matched else m.candidate
        rows.append(
            _ClaimRow(
                kind="matched" if matched else "unmatched",
                number=str(m.predicted + 1),
                predicted=claim.text,
                predicted_candidate=False,
                ungrounded=not claim.grounded,
                score=f"{m.score:.2f}" if matched else f"best {m.score:.2f}",
                directions=directions(m),
                failure=failure_text(m),
                gold=gold[partner].text if partner is not None else "",
                gold_candidate=not matched,
                support=_support(claim.support),
            )
        )
    for miss in doc.score.claims.missed:
        best = miss.candidate if miss.candidate is not None else len(predicted)
        rows.append(
            _ClaimRow(
                kind="missed",
                number="—",
                predicted=predicted[best].text if best < len(predicted) else "",
                predicted_candidate=True,
                ungrounded=False,
                score=f"best {miss.score:.2f}" if miss.candidate is not None else "",
                directions=directions(miss),
                failure=failure_text(miss),
                gold=gold[miss.gold].text,
                gold_candidate=False,
                support=None,  # the row is a gold claim; its candidate has its own row
            )
        )
    return rows


@dataclass(frozen=True)
class _Document:
    id: str
    ok: bool
    error_type: str
    error_message: str
    title: str
    summary: str
    metrics: list[tuple[str, str]]
    baseline_f1: str
    segments: list[_Segment]
    rows: list[_ClaimRow]
    n_matched: int
    n_unmatched: int
    n_missed: int
    n_supported: int
    n_unsupported: int
    n_unverified: int


def _document(doc: DocumentResult) -> _Document:
    claims = doc.result.claims if doc.result is not None else []
    verdicts = [
        bool(c.support.supported)
        for c in claims
        if c.support is not None and c.support.supported is not None
    ]
    unsupported = {n for n, c in enumerate(claims, 1) if c.support and c.support.supported is False}
    spans = [(e.start, e.end, n) for n, c in enumerate(claims, 1) for e in c.evidence]
    flat = doc.score.metrics()
    error = doc.error or {}
    c = doc.score.claims
    return _Document(
        id=doc.gold.id,
        ok=doc.result is not None,
        error_type=error.get("type", ""),
        error_message=error.get("message", ""),
        title=doc.result.title if doc.result is not None else "",
        summary=doc.result.summary if doc.result is not None else "",
        metrics=[(name, _num(flat.get(name))) for name in DOC_METRICS],
        baseline_f1=_num(doc.baseline_score.claims.f1),
        segments=_segments(doc.gold.source_text, spans, unsupported),
        rows=_claim_rows(doc),
        n_matched=c.n_matched,
        n_unmatched=c.n_predicted - c.n_matched,
        n_missed=c.n_gold - c.n_matched,
        n_supported=sum(verdicts),
        n_unsupported=len(verdicts) - sum(verdicts),
        n_unverified=len(claims) - len(verdicts),
    )


def render_html(run: EvalRun) -> str:
    scores = [
        (name, _cell(run.model_metrics.get(name)), _cell(run.baseline_metrics.get(name)))
        for name in SCORE_METRICS
    ]
    return _ENV.get_template("report.html.j2").render(
        run_line=_run_line(run),
        scores=scores,
        doc_metrics=DOC_METRICS,
        documents=[_document(d) for d in run.documents],
    )


def write_html(run: EvalRun, path: Path) -> None:
    Path(path).write_text(render_html(run), encoding="utf-8")
