"""Human-readable reports of an evaluation run: ``report.md`` and a self-contained ``report.html``.

The HTML page has no external assets (inline CSS, no scripts) and escapes every piece of
document or model text: documents contain ``<``, ``{{ }}`` and prompt-injection lines.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ._aggregate import METRIC_NAMES, Metric
from ._scoring import ClaimMatch, GoldMiss

if TYPE_CHECKING:
    from ._runner import DocumentResult, EvalRun

__all__ = ["REPORT_METRICS", "render_html", "render_markdown", "write_html", "write_markdown"]

# Every scored metric; of the run facts only the schema-valid rate (the others are costs).
REPORT_METRICS: tuple[str, ...] = tuple(
    name for name in METRIC_NAMES if not name.startswith("run.") or name == "run.schema_valid_rate"
)

_DOC_METRICS = ("claims.precision", "claims.recall", "claims.f1", "grounding.rate",
                "summary.rouge1")  # fmt: skip


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _with_ci(metric: Metric | None) -> str:
    if metric is None or metric.mean is None:
        return "—"
    if metric.ci_low is None or metric.ci_high is None:
        return _num(metric.mean)
    return f"{metric.mean:.3f} [{metric.ci_low:.3f}, {metric.ci_high:.3f}]"


# What a failed direction means, for the reports.
FAILURE_TEXT = {
    "pred_to_gold": "prediction lacks part of the gold claim",
    "gold_to_pred": "prediction says more than the gold claim",
    "both": "neither states the other",
    "taken": "equivalent, but paired elsewhere",
}


def _directions(pair: ClaimMatch | GoldMiss) -> str:
    """``pred⇒gold 0.91 · gold⇒pred 0.40``, or empty for a matcher without directions."""
    if pair.pred_to_gold is None or pair.gold_to_pred is None:
        return ""
    return f"pred⇒gold {pair.pred_to_gold:.2f} · gold⇒pred {pair.gold_to_pred:.2f}"


def _failure(pair: ClaimMatch | GoldMiss) -> str:
    return FAILURE_TEXT.get(pair.failed or "", "")


def _run_line(run: EvalRun) -> str:
    info = run.run
    template = info.get("template") or {}
    return (
        f"model {info.get('model')} ({info.get('backend')}), template "
        f"{template.get('name')}@{str(template.get('sha256', ''))[:12]}, "
        f"matcher {info.get('matcher')} @ {info.get('threshold')}, "
        f"{info.get('n_documents')} documents, {info.get('n_failed')} failed"
    )


# --- Markdown -----------------------------------------------------------------------------------


def _md(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def render_markdown(run: EvalRun) -> str:
    lines = [
        "# Evaluation report",
        "",
        _md(_run_line(run)),
        "",
        "## Scores",
        "",
        "Mean over documents, with a bootstrap 95% confidence interval; "
        "lead-3 is the first-three-sentences baseline (every sentence a claim).",
        "",
        "| metric | model | lead-3 baseline |",
        "|---|---|---|",
    ]
    for name in REPORT_METRICS:
        lines.append(
            f"| {name} | {_with_ci(run.model_metrics.get(name))} | "
            f"{_with_ci(run.baseline_metrics.get(name))} |"
        )
    lines += [
        "",
        "## Documents",
        "",
        "| document | status | " + " | ".join(_DOC_METRICS) + " | lead-3 claims.f1 |",
        "|---|---|" + "---|" * (len(_DOC_METRICS) + 1),
    ]
    for doc in run.documents:
        flat = doc.score.metrics()
        status = "ok" if doc.result is not None else f"failed: {(doc.error or {}).get('type')}"
        cells = " | ".join(_num(flat.get(name)) for name in _DOC_METRICS)
        lines.append(
            f"| {_md(doc.gold.id)} | {_md(status)} | {cells} | "
            f"{_num(doc.baseline_score.claims.f1)} |"
        )
    lines += _md_claim_pairs(run)
    failed = [d for d in run.documents if d.result is None]
    if failed:
        lines += ["", "## Failed documents", ""]
        for doc in failed:
            error = doc.error or {}
            lines.append(f"- **{_md(doc.gold.id)}**: {_md(error.get('type', ''))}: "
                         f"{_md(error.get('message', ''))}")  # fmt: skip
    return "\n".join(lines) + "\n"


def _md_claim_pairs(run: EvalRun) -> list[str]:
    """Per document: each predicted claim with its gold partner (or best candidate), the two
    direction scores and what failed; then the missed gold claims."""
    lines = [
        "",
        "## Claim pairs",
        "",
        "pred⇒gold: how far the predicted claim states the gold claim; gold⇒pred: how far the "
        "gold claim states the predicted one. A pair matches when the claims are equivalent.",
    ]
    for doc in run.documents:
        if doc.result is None:
            continue
        gold, predicted = doc.gold.claims, doc.result.claims
        lines += ["", f"### {_md(doc.gold.id)}", "",
                  "| # | predicted claim | gold claim (or best candidate) | score | directions | "
                  "result |", "|---|---|---|---|---|---|"]  # fmt: skip
        for m in doc.score.claims.matches:
            if m.predicted >= len(predicted):
                continue
            partner = _md(gold[m.candidate].text) if m.candidate is not None else "—"
            result = "match" if m.gold is not None else f"no match: {_failure(m) or 'below'}"
            lines.append(
                f"| {m.predicted + 1} | {_md(predicted[m.predicted].text)} | {partner} | "
                f"{m.score:.2f} | {_directions(m)} | {result} |"
            )
        for miss in doc.score.claims.missed:
            best = predicted[miss.candidate].text if miss.candidate is not None else None
            lines.append(
                f"| — | {_md(best) if best else '—'} | {_md(gold[miss.gold].text)} | "
                f"{miss.score:.2f} | {_directions(miss)} | "
                f"missed gold: {_failure(miss) or 'no candidate'} |"
            )
    return lines


def write_markdown(run: EvalRun, path: Path) -> None:
    Path(path).write_text(render_markdown(run), encoding="utf-8")


# --- HTML ---------------------------------------------------------------------------------------


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


_CSS = """
:root { color-scheme: light; }
body { font: 16px/1.55 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: #1d232a; background: #fafafa; margin: 0; }
main { max-width: 1180px; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 1.8rem; margin: 0 0 .3rem; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 .6rem; border-bottom: 2px solid #dde3ea; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .5rem; }
.meta { color: #5b6672; font-size: .92rem; }
table { border-collapse: collapse; width: 100%; background: #fff; margin: .4rem 0 1rem;
        font-size: .93rem; }
th, td { border: 1px solid #dde3ea; padding: .4rem .6rem; text-align: left;
         vertical-align: top; }
th { background: #eef2f6; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.ci { color: #6b7682; font-size: .85em; }
section.doc { background: #fff; border: 1px solid #dde3ea; border-radius: 8px;
              padding: 1rem 1.4rem 1.2rem; margin: 1.6rem 0; }
.source { white-space: pre-wrap; overflow-wrap: anywhere; font-family: Georgia, "Times New Roman",
          serif; font-size: .98rem; line-height: 1.7; background: #fcfcfa; border: 1px solid #eee;
          padding: .8rem 1rem; max-height: 34rem; overflow: auto; }
mark { background: #fff1a8; padding: 0 .05em; border-radius: 2px; }
mark.multi { background: #ffd97a; }
sup.tag { font: 600 .68rem/1 sans-serif; color: #fff; background: #8a5a00; border-radius: 3px;
          padding: 1px 3px; margin-right: 2px; }
.matched td { background: #f1faf2; }
.unmatched td { background: #fff6f0; }
.missed td { background: #f4f6fb; }
.badge { display: inline-block; font-size: .8rem; padding: 1px 7px; border-radius: 9px;
         background: #e6f4ea; color: #1e6b34; }
.badge.fail { background: #fde8e8; color: #9b1c1c; }
.summary { margin: .4rem 0 .8rem; }
td.dir { white-space: nowrap; font-variant-numeric: tabular-nums; font-size: .85em; }
.cand { color: #6b7682; }
"""


def _metric_cell(metric: Metric | None) -> str:
    if metric is None or metric.mean is None:
        return '<td class="num">—</td>'
    ci = ""
    if metric.ci_low is not None and metric.ci_high is not None:
        ci = f' <span class="ci">[{metric.ci_low:.3f}, {metric.ci_high:.3f}]</span>'
    return f'<td class="num">{metric.mean:.3f}{ci}</td>'


def _highlight(source: str, spans: Iterable[tuple[int, int, int]]) -> str:
    """``source`` escaped, with each ``(start, end, claim number)`` span in a ``<mark>``."""
    spans = [(s, e, n) for s, e, n in spans if 0 <= s < e <= len(source)]
    cuts = sorted({0, len(source), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    starts: dict[int, list[int]] = {}
    for s, _, n in spans:
        starts.setdefault(s, []).append(n)
    out: list[str] = []
    for lo, hi in itertools.pairwise(cuts):
        for n in sorted(set(starts.get(lo, []))):
            out.append(f'<sup class="tag">{n}</sup>')
        covering = sorted({n for s, e, n in spans if s <= lo and hi <= e})
        text = _e(source[lo:hi])
        if covering:
            cls = ' class="multi"' if len(covering) > 1 else ""
            title = "claim " + ", ".join(str(n) for n in covering)
            out.append(f'<mark{cls} title="{title}">{text}</mark>')
        else:
            out.append(text)
    return "".join(out)


def _pair_cells(pair: ClaimMatch | GoldMiss) -> str:
    directions = _e(_directions(pair)) or "—"
    failure = _e(_failure(pair))
    return f'<td class="dir">{directions}</td><td>{failure}</td>'


def _claims_table(doc: DocumentResult) -> str:
    gold = doc.gold.claims
    predicted = doc.result.claims if doc.result is not None else []
    rows: list[str] = []
    for m in doc.score.claims.matches:
        if m.gold is not None and m.predicted < len(predicted):
            rows.append(
                f'<tr class="matched"><td>{m.predicted + 1}</td>'
                f"<td>{_e(predicted[m.predicted].text)}</td>"
                f'<td class="num">{m.score:.2f}</td>{_pair_cells(m)}'
                f"<td>{_e(gold[m.gold].text)}</td></tr>"
            )
    for m in doc.score.claims.matches:
        if m.gold is None and m.predicted < len(predicted):
            claim = predicted[m.predicted]
            note = "" if claim.grounded else " <em>(ungrounded)</em>"
            best = (
                f'<span class="cand">best: {_e(gold[m.candidate].text)}</span>'
                if m.candidate is not None
                else "—"
            )
            rows.append(
                f'<tr class="unmatched"><td>{m.predicted + 1}</td>'
                f"<td>{_e(claim.text)}{note}</td>"
                f'<td class="num">best {m.score:.2f}</td>{_pair_cells(m)}<td>{best}</td></tr>'
            )
    for miss in doc.score.claims.missed:
        best = (
            f'<span class="cand">best: {_e(predicted[miss.candidate].text)}</span>'
            if miss.candidate is not None and miss.candidate < len(predicted)
            else "—"
        )
        rows.append(
            f'<tr class="missed"><td>—</td><td>{best}</td>'
            f'<td class="num">{f"best {miss.score:.2f}" if miss.candidate is not None else ""}'
            f"</td>{_pair_cells(miss)}<td>{_e(gold[miss.gold].text)}</td></tr>"
        )
    c = doc.score.claims
    return (
        f"<h3>Claims: {c.n_matched} matched, {c.n_predicted - c.n_matched} unmatched predicted, "
        f"{c.n_gold - c.n_matched} missed gold</h3>"
        '<p class="meta">pred⇒gold: how far the predicted claim states the gold claim; '
        "gold⇒pred: how far the gold claim states the predicted one. A match needs both.</p>"
        "<table><thead><tr><th>#</th><th>predicted claim</th><th>score</th>"
        "<th>directions</th><th>why not matched</th>"
        "<th>gold claim</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _document_section(doc: DocumentResult) -> str:
    parts = [f'<section class="doc" id="{_e(doc.gold.id)}">', f"<h2>{_e(doc.gold.id)}</h2>"]
    flat = doc.score.metrics()
    if doc.result is None:
        error = doc.error or {}
        parts.append(
            f'<p><span class="badge fail">failed</span> {_e(error.get("type", ""))}: '
            f"{_e(error.get('message', ''))}</p>"
        )
    else:
        parts.append(
            '<p><span class="badge">ok</span> '
            + " · ".join(f"{_e(name)} {_num(flat.get(name))}" for name in _DOC_METRICS)
            + f" · lead-3 claims.f1 {_num(doc.baseline_score.claims.f1)}</p>"
        )
        parts.append(
            f'<p class="summary"><strong>{_e(doc.result.title)}</strong> — '
            f"{_e(doc.result.summary)}</p>"
        )
    spans: list[tuple[int, int, int]] = []
    if doc.result is not None:
        for number, claim in enumerate(doc.result.claims, 1):
            spans += [(e.start, e.end, number) for e in claim.evidence]
    parts.append("<h3>Source, with the evidence of each predicted claim</h3>")
    parts.append(f'<div class="source">{_highlight(doc.gold.source_text, spans)}</div>')
    parts.append(_claims_table(doc))
    parts.append("</section>")
    return "\n".join(parts)


def render_html(run: EvalRun) -> str:
    rows = "".join(
        f"<tr><td>{_e(name)}</td>{_metric_cell(run.model_metrics.get(name))}"
        f"{_metric_cell(run.baseline_metrics.get(name))}</tr>"
        for name in REPORT_METRICS
    )
    index = "".join(
        f'<tr><td><a href="#{_e(d.gold.id)}">{_e(d.gold.id)}</a></td>'
        f"<td>{'ok' if d.result is not None else 'failed'}</td>"
        + "".join(f'<td class="num">{_num(d.score.metrics().get(n))}</td>' for n in _DOC_METRICS)
        + f'<td class="num">{_num(d.baseline_score.claims.f1)}</td></tr>'
        for d in run.documents
    )
    head = "".join(f"<th>{_e(n)}</th>" for n in _DOC_METRICS)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Evaluation report</title>
<style>{_CSS}</style>
</head>
<body>
<main>
<h1>Evaluation report</h1>
<p class="meta">{_e(_run_line(run))}</p>
<h2>Scores</h2>
<p class="meta">Mean over documents with a bootstrap 95% confidence interval. The lead-3 baseline
takes the first three sentences as the summary and every sentence as a claim.</p>
<table><thead><tr><th>metric</th><th>model</th><th>lead-3 baseline</th></tr></thead>
<tbody>{rows}</tbody></table>
<h2>Documents</h2>
<table><thead><tr><th>document</th><th>status</th>{head}<th>lead-3 claims.f1</th></tr></thead>
<tbody>{index}</tbody></table>
{"".join(_document_section(d) for d in run.documents)}
</main>
</body>
</html>
"""


def write_html(run: EvalRun, path: Path) -> None:
    Path(path).write_text(render_html(run), encoding="utf-8")
