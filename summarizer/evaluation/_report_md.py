"""The Markdown reports of an evaluation run: ``report.md`` (short enough for a pull-request
comment), ``claims.md`` (every claim pair) and the CI job summary (``GITHUB_STEP_SUMMARY``).

``report.md`` holds the verdict of the gate (when the run was gated), every metric with its
bootstrap 95% CI (and, gated, its change against the baseline; with ``--repeat``, its run-to-run
spread), the documents that failed, the claims that appeared or disappeared, and a line pointing
to ``report.html``. It stays under ``MAX_COMMENT_CHARS`` (GitHub refuses comments over 65,536):
long lists are cut with "N more" and the HTML report has everything.

Every piece of document or model text goes through ``md_text``: terminal escape sequences
(CSI, OSC, ...), other control characters, bidi overrides and zero-width characters are removed,
HTML is escaped (``<script>`` arrives as text), Markdown punctuation is backslash-escaped (no
table, link, image or emphasis can be injected) and ``@`` cannot mention anyone.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._aggregate import METRIC_NAMES, Metric
from ._run import EvalRun
from ._scores import ClaimMatch, GoldMiss

if TYPE_CHECKING:
    from ._gate_result import GateResult

__all__ = [
    "DOC_METRICS",
    "MAX_COMMENT_CHARS",
    "REPORT_METRICS",
    "SCORE_METRICS",
    "append_step_summary",
    "md_text",
    "render_claim_pairs",
    "render_markdown",
    "render_step_summary",
    "verdict",
    "write_markdown",
]

# Every scored metric; of the run facts only the schema-valid rate (the others are costs).
REPORT_METRICS: tuple[str, ...] = tuple(
    name for name in METRIC_NAMES if not name.startswith("run.") or name == "run.schema_valid_rate"
)
# The scores tables add the share of predicted claims their own evidence supports (the runner
# computes it beside the scored metrics; lead-3 is never verified, so its column shows "—").
SCORE_METRICS: tuple[str, ...] = (*REPORT_METRICS, "support.rate")
DOC_METRICS = ("claims.precision", "claims.recall", "claims.f1", "grounding.rate",
               "summary.rouge1")  # fmt: skip

MAX_COMMENT_CHARS = 60_000
_SHOWN = 10  # claims per document and direction, documents per list

# ESC-introduced sequences: CSI (ESC [ ... final), OSC / DCS / PM / APC / SOS (ESC ] ... BEL or
# ST), and two-character escapes; then their 8-bit forms (U+009B CSI, U+009D OSC, ...).
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|[\x1b][\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[@-_]?"
)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")  # inline formatting, links, table cells
_MD_LEADING = re.compile(r"^([#+\-=]|\d+(?=[.)]))")  # a heading, list or rule at the start


def _visible(char: str) -> bool:
    """Not a control (Cc), format (Cf: bidi overrides, zero-width), surrogate or unassigned
    character."""
    return unicodedata.category(char) not in {"Cc", "Cf", "Cs", "Co", "Cn"}


def md_text(text: object) -> str:
    """``text`` safe to show in Markdown on one line (a table cell, a list item)."""
    plain = _ESCAPES.sub("", str(text))
    plain = " ".join("".join(c if _visible(c) or c in "\t\n\r" else "" for c in plain).split())
    plain = plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    plain = _MD_SPECIAL.sub(r"\\\1", plain)
    plain = _MD_LEADING.sub(lambda m: m[1] + "\\" if m[1][0].isdigit() else "\\" + m[1], plain)
    return plain.replace("@", "@&#8203;")  # no @mention, no e-mail autolink


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _with_ci(metric: Metric | Mapping[str, Any] | None) -> str:
    if isinstance(metric, Metric):
        metric = metric.model_dump()
    if not metric or metric.get("mean") is None:
        return "—"
    low, high = metric.get("ci_low"), metric.get("ci_high")
    text = f"{float(metric['mean']):.3f}"
    return text if low is None or high is None else f"{text} [{low:.3f}, {high:.3f}]"


def _spread(run: EvalRun, name: str) -> str:
    """``± sd (min–max, N runs)`` from ``--repeat``, or ``""``."""
    repeat = run.run.get("repeat")
    if not isinstance(repeat, dict):
        return ""
    entry = repeat.get("metrics", {}).get(name)
    if not isinstance(entry, dict) or entry.get("sd") is None:
        return ""
    return f"± {entry['sd']:.3f} ({entry['min']:.3f}–{entry['max']:.3f}, {repeat['n']} runs)"


def verdict(gate: GateResult | None) -> str:
    if gate is None:
        return "not gated (no baseline)"
    if gate.incomparable:
        return "**not comparable** with the baseline: " + md_text(
            "; ".join(str(d) for d in gate.incomparable)
        )
    if gate.passed:
        return "**gate passed**"
    return f"**gate failed** ({len(gate.failures)} failure{'s' * (len(gate.failures) != 1)})"


def _run_line(run: EvalRun) -> str:
    info = run.run
    template = info.get("template") or {}
    sha = str(template.get("sha256", ""))[:12]
    return md_text(
        f"model {info.get('model')} ({info.get('backend')}), template {template.get('name')}@"
        f"{sha}, matcher {info.get('matcher')} @ {info.get('threshold')}, "
        f"{info.get('n_documents')} documents, {info.get('n_failed')} failed"
    )


def _metric_table(run: EvalRun, gate: GateResult | None, names: tuple[str, ...]) -> list[str]:
    repeats = isinstance(run.run.get("repeat"), dict)
    spread_head = " run-to-run spread |" if repeats else ""
    spread_rule = "---|" if repeats else ""
    if gate is None:
        lines = [f"| metric | model (95% CI) |{spread_head} lead-3 baseline |",
                 f"|---|---|{spread_rule}---|"]  # fmt: skip
        for name in names:
            spread = f" {_spread(run, name)} |" if repeats else ""
            lines.append(
                f"| {md_text(name)} | {_with_ci(run.model_metrics.get(name))} |{spread} "
                f"{_with_ci(run.baseline_metrics.get(name))} |"
            )
        return lines
    lines = [f"| metric | now (95% CI) |{spread_head} baseline | change | limit | |",
             f"|---|---|{spread_rule}---|---|---|---|"]  # fmt: skip
    for row in gate.rows:
        now, before, limit = row.current, row.baseline, row.limit
        change = "" if now is None or before is None else f"{now - before:+.3f}"
        spread = f" {_spread(run, row.metric)} |" if repeats else ""
        lines.append(
            f"| {md_text(row.metric)} | {_with_ci(run.model_metrics.get(row.metric))} |"
            f"{spread} {_num(before)} | {change} | {_num(limit) if limit is not None else '—'} | "
            f"{'ok' if row.ok else '**FAIL**'} |"
        )
    return lines


def _more(lines: list[str], total: int, what: str) -> list[str]:
    return lines + (
        [f"- … {total - _SHOWN} more {what} (see report.html)"] if total > _SHOWN else []
    )


def _gate_sections(gate: GateResult) -> list[str]:
    lines: list[str] = []
    if gate.failures:
        lines += ["", "### Failures", ""]
        lines += [f"- {md_text(f)}" for f in gate.failures]
    if gate.allowed:
        lines += ["", "Allowed differences: " + md_text("; ".join(str(d) for d in gate.allowed))]
    if gate.newly_failed:
        lines += ["", "### Newly failed documents", ""]
        shown = [f"- {md_text(doc)}" for doc in gate.newly_failed[:_SHOWN]]
        lines += _more(shown, len(gate.newly_failed), "documents")
    if gate.claim_diffs:
        lines += ["", "### Claims that appeared or disappeared", ""]
        for diff in gate.claim_diffs[:_SHOWN]:
            lines.append(
                f"- **{md_text(diff.id)}**: {len(diff.disappeared)} disappeared, "
                f"{len(diff.appeared)} appeared"
            )
            for sign, texts in (("−", diff.disappeared), ("+", diff.appeared)):
                lines += [f"  - {sign} {md_text(t)}" for t in texts[:_SHOWN]]
                if len(texts) > _SHOWN:
                    lines.append(f"  - {sign} … {len(texts) - _SHOWN} more")
        if len(gate.claim_diffs) > _SHOWN:
            lines.append(f"- … {len(gate.claim_diffs) - _SHOWN} more documents (see report.html)")
    return lines


def render_markdown(
    run: EvalRun,
    gate: GateResult | None = None,
    *,
    names: tuple[str, ...] | None = None,
    html: str = "report.html",
) -> str:
    """``report.md``: verdict, metrics, failed documents, claim changes, a link line."""
    lines = [
        "## Evaluation report",
        "",
        f"Verdict: {verdict(gate)}",
        "",
        _run_line(run),
        "",
        "Mean over documents with a bootstrap 95% confidence interval; lead-3 is the "
        "first-three-sentences baseline (every sentence a claim).",
        "",
        *_metric_table(run, gate, names or SCORE_METRICS),
    ]
    if gate is not None:
        lines += _gate_sections(gate)
    failed = [d for d in run.documents if d.result is None]
    if failed:
        lines += ["", f"### Failed documents ({len(failed)} of {len(run.documents)})", ""]
        shown = []
        for doc in failed[:_SHOWN]:
            error = doc.error or {}
            shown.append(f"- **{md_text(doc.gold.id)}**: {md_text(error.get('type', ''))}: "
                         f"{md_text(error.get('message', ''))}"[:500])  # fmt: skip
        lines += _more(shown, len(failed), "failed documents")
    lines += [
        "",
        f"Full report (every document, claim pairs, evidence in the source): {md_text(html)} "
        "in the run folder; claim pairs as Markdown: claims.md.",
    ]
    text = "\n".join(lines) + "\n"
    if len(text) > MAX_COMMENT_CHARS:
        cut = text[: MAX_COMMENT_CHARS - 200].rsplit("\n", 1)[0]
        text = cut + "\n\n… cut to fit a pull-request comment; see report.html.\n"
    return text


def write_markdown(run: EvalRun, path: Path, gate: GateResult | None = None) -> None:
    """Write ``report.md`` at ``path`` and ``claims.md`` beside it."""
    file = Path(path)
    file.write_text(render_markdown(run, gate), encoding="utf-8")
    file.with_name("claims.md").write_text(render_claim_pairs(run), encoding="utf-8")


def render_step_summary(run: EvalRun, gate: GateResult | None) -> str:
    """The job-summary section: verdict and the metric table."""
    gold = md_text(run.run.get("gold", ""))
    lines = [f"### summarizer eval: {gold}", "", f"Verdict: {verdict(gate)}", "", _run_line(run)]
    lines += ["", *_metric_table(run, gate, SCORE_METRICS)]
    if gate is not None and gate.failures:
        lines += ["", *[f"- {md_text(f)}" for f in gate.failures]]
    return "\n".join(lines) + "\n\n"


def append_step_summary(
    run: EvalRun, gate: GateResult | None, environ: Mapping[str, str] | None = None
) -> Path | None:
    """Append ``render_step_summary`` to the file ``GITHUB_STEP_SUMMARY`` names (GitHub
    Actions sets it for each step); None, and nothing written, when it is not set."""
    target = (os.environ if environ is None else environ).get("GITHUB_STEP_SUMMARY")
    if not target:
        return None
    with Path(target).open("a", encoding="utf-8") as handle:
        handle.write(render_step_summary(run, gate))
    return Path(target)


# --- claim pairs (claims.md) ---------------------------------------------------------------------

# What a failed direction means, for the reports.
FAILURE_TEXT = {
    "pred_to_gold": "prediction lacks part of the gold claim",
    "gold_to_pred": "prediction says more than the gold claim",
    "both": "neither states the other",
    "taken": "equivalent, but paired elsewhere",
}


def directions(pair: ClaimMatch | GoldMiss) -> str:
    """``pred⇒gold 0.91 · gold⇒pred 0.40``, or empty for a matcher without directions."""
    if pair.pred_to_gold is None or pair.gold_to_pred is None:
        return ""
    return f"pred⇒gold {pair.pred_to_gold:.2f} · gold⇒pred {pair.gold_to_pred:.2f}"


def failure_text(pair: ClaimMatch | GoldMiss) -> str:
    return FAILURE_TEXT.get(pair.failed or "", "")


def render_claim_pairs(run: EvalRun) -> str:
    """``claims.md``: per document, each predicted claim with its gold partner (or best
    candidate), the two direction scores and what failed; then the missed gold claims."""
    lines = [
        "## Claim pairs",
        "",
        "pred⇒gold: how far the predicted claim states the gold claim; gold⇒pred: how far the "
        "gold claim states the predicted one. A pair matches when the claims are equivalent.",
    ]
    for doc in run.documents:
        if doc.result is None:
            continue
        gold, predicted = doc.gold.claims, doc.result.claims
        lines += ["", f"### {md_text(doc.gold.id)}", "",
                  "| # | predicted claim | gold claim (or best candidate) | score | directions | "
                  "result |", "|---|---|---|---|---|---|"]  # fmt: skip
        for m in doc.score.claims.matches:
            if m.predicted >= len(predicted):
                continue
            partner = md_text(gold[m.candidate].text) if m.candidate is not None else "—"
            result = "match" if m.gold is not None else f"no match: {failure_text(m) or 'below'}"
            lines.append(
                f"| {m.predicted + 1} | {md_text(predicted[m.predicted].text)} | {partner} | "
                f"{m.score:.2f} | {directions(m)} | {result} |"
            )
        for miss in doc.score.claims.missed:
            best = predicted[miss.candidate].text if miss.candidate is not None else None
            lines.append(
                f"| — | {md_text(best) if best else '—'} | {md_text(gold[miss.gold].text)} | "
                f"{miss.score:.2f} | {directions(miss)} | "
                f"missed gold: {failure_text(miss) or 'no candidate'} |"
            )
    return "\n".join(lines) + "\n"
