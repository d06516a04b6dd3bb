"""Runs side by side (``summarizer compare RUN_DIR RUN_DIR... --out DIR``): the prompt × model
matrix for claim-level metrics.

Each run is a run folder ``summarizer eval`` wrote (``summary.json`` and ``results.jsonl``); the
runs are the columns of ``report.html`` and ``report.md``: the settings that differ (template
and its hash, model, judge, strategy, ...), every metric with its bootstrap 95% CI (and its
run-to-run spread when the run was repeated), each document's claim F1 and grounding rate (or
its failure), and, per document, the claims (by exact text) that some runs have and others
lack. (Not to be confused with ``compare`` of ``_gate``, which gates one run on a baseline.)
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from .._errors import GateError, PathError
from ._gate import run_config
from ._report_md import SCORE_METRICS, md_text
from ._run import RESULTS_FILE, SUMMARY_FILE, RunInfo

__all__ = ["RunFolder", "load_run_folder", "render_comparison_html",
           "render_comparison_markdown", "write_comparison"]  # fmt: skip

_SETTINGS = ("model", "backend", "template", "template_sha256", "evidence_mode", "strategy",
             "matcher", "judge", "max_claims", "gold", "gold_sha256", "predictions",
             "repeats", "n_documents", "n_failed")  # fmt: skip
_DOC_METRICS = ("claims.f1", "grounding.rate")
_CLAIMS_SHOWN = 50  # per document, in report.md (the HTML shows all)


@dataclass(frozen=True)
class RunFolder:
    """What ``compare`` reads of one run folder."""

    name: str
    path: Path
    summary: dict[str, Any]
    claims: dict[str, list[str]]
    errors: dict[str, str]

    def settings(self) -> dict[str, str]:
        info = self.summary.get("run", {})
        template = info.get("template") or {}
        config = run_config(RunInfo.model_validate(info))
        repeat = info.get("repeat")
        values = {
            "model": info.get("model"),
            "backend": info.get("backend"),
            "template": template.get("name") if isinstance(template, dict) else template,
            "template_sha256": str(config["template"] or "")[:12] or None,
            "evidence_mode": info.get("evidence_mode"),
            "strategy": info.get("strategy"),
            "matcher": config["matcher"],
            "judge": info.get("judge"),
            "max_claims": info.get("max_claims"),
            "gold": info.get("gold"),
            "gold_sha256": str(config["gold"] or "")[:12] or None,
            "predictions": info.get("predictions"),
            "repeats": repeat.get("n") if isinstance(repeat, dict) else None,
            "n_documents": info.get("n_documents"),
            "n_failed": info.get("n_failed"),
        }
        return {k: "—" if v is None else str(v) for k, v in values.items()}

    def metric(self, name: str) -> tuple[str, str, str]:
        """``(mean, "[low, high]", spread)`` as text (``"—"``, ``""`` when absent)."""
        entry = self.summary.get("model", {}).get(name) or {}
        mean, low, high = entry.get("mean"), entry.get("ci_low"), entry.get("ci_high")
        if mean is None:
            return "—", "", ""
        ci = "" if low is None or high is None else f"[{low:.3f}, {high:.3f}]"
        repeat = self.summary.get("run", {}).get("repeat")
        noise = repeat.get("metrics", {}).get(name) if isinstance(repeat, dict) else None
        spread = f"± {noise['sd']:.3f} over {repeat['n']} runs" if noise else ""
        return f"{mean:.3f}", ci, spread

    def document(self, doc_id: str) -> str:
        if doc_id in self.errors:
            return f"failed: {self.errors[doc_id]}"
        values = self.summary.get("documents", {}).get(doc_id)
        if values is None:
            return "—"
        return " · ".join(
            f"{name.split('.')[-1] if name != 'claims.f1' else 'F1'} "
            f"{'—' if values.get(name) is None else format(values[name], '.3f')}"
            for name in _DOC_METRICS
        )


def load_run_folder(path: str | Path, name: str | None = None) -> RunFolder:
    """Read a run folder; ``PathError`` naming it when it is not one."""
    folder = Path(path)
    summary_file, results_file = folder / SUMMARY_FILE, folder / RESULTS_FILE
    if not summary_file.is_file() or not results_file.is_file():
        raise PathError(f"{folder} is not a run folder (no {SUMMARY_FILE} and {RESULTS_FILE})")
    try:
        summary = json.loads(summary_file.read_text(encoding="utf-8"))
        claims: dict[str, list[str]] = {}
        errors: dict[str, str] = {}
        for number, line in enumerate(results_file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("id"), str):
                raise GateError(f"{results_file}, line {number}: not a results record")
            result, error = record.get("result"), record.get("error")
            if isinstance(result, dict):
                claims[record["id"]] = [str(c.get("text", "")) for c in result.get("claims", [])]
            elif isinstance(error, dict):
                errors[record["id"]] = f"{error.get('type', 'error')}: {error.get('message', '')}"
    except (OSError, UnicodeDecodeError, ValueError, RecursionError, AttributeError) as exc:
        raise GateError(f"cannot read the run folder {folder}: {exc}") from None
    if not isinstance(summary, dict) or not isinstance(summary.get("model"), dict):
        raise GateError(f"{summary_file}: not a summary.json that summarizer eval wrote")
    return RunFolder(name or folder.resolve().name, folder, summary, claims, errors)


@dataclass(frozen=True)
class _ClaimRow:
    text: str
    present: tuple[bool, ...]


@dataclass(frozen=True)
class Comparison:
    """The matrix, as plain text cells (escaped by whoever renders them)."""

    names: tuple[str, ...]
    settings: list[tuple[str, tuple[str, ...], bool]]  # name, value per run, differs
    metrics: list[tuple[str, tuple[tuple[str, str, str], ...]]]
    documents: list[tuple[str, tuple[str, ...]]]
    claims: list[tuple[str, list[_ClaimRow]]]  # per document: claims not in every run


def build_comparison(runs: list[RunFolder]) -> Comparison:
    settings = []
    per_run = [r.settings() for r in runs]
    for key in _SETTINGS:
        values = tuple(s[key] for s in per_run)
        settings.append((key, values, len(set(values)) > 1))
    metric_names = [m for m in SCORE_METRICS if any(r.metric(m)[0] != "—" for r in runs)]
    metrics = [(m, tuple(r.metric(m) for r in runs)) for m in metric_names]
    ids: list[str] = []
    for run in runs:
        for doc_id in [*run.summary.get("documents", {}), *run.claims, *run.errors]:
            if doc_id not in ids:
                ids.append(doc_id)
    documents = [(d, tuple(r.document(d) for r in runs)) for d in ids]
    claims = []
    for doc_id in ids:
        texts: list[str] = []
        for run in runs:
            texts += [t for t in run.claims.get(doc_id, []) if t not in texts]
        rows = [_ClaimRow(t, tuple(t in r.claims.get(doc_id, []) for r in runs)) for t in texts]
        rows = [row for row in rows if not all(row.present)]
        if rows:
            claims.append((doc_id, rows))
    return Comparison(tuple(r.name for r in runs), settings, metrics, documents, claims)


def render_comparison_markdown(comparison: Comparison) -> str:
    names = [md_text(n) for n in comparison.names]
    head = "| | " + " | ".join(names) + " |"
    rule = "|---|" + "---|" * len(names)
    lines = ["## Runs compared: " + ", ".join(names), "", "### Settings that differ", ""]
    differing = [s for s in comparison.settings if s[2]]
    if differing:
        lines += [head, rule]
        lines += [f"| {k} | " + " | ".join(md_text(v) for v in vals) + " |"
                  for k, vals, _ in differing]  # fmt: skip
    else:
        lines.append("None: the runs were made the same way.")
    lines += ["", "### Metrics (mean, bootstrap 95% CI)", "", head, rule]
    for name, cells in comparison.metrics:
        shown = [" ".join(part for part in cell if part) for cell in cells]
        lines.append(f"| {md_text(name)} | " + " | ".join(shown) + " |")
    lines += ["", "### Documents (claim F1 · grounding rate)", "", head, rule]
    for doc_id, texts in comparison.documents:
        lines.append(f"| {md_text(doc_id)} | " + " | ".join(md_text(t) for t in texts) + " |")
    lines += ["", "### Claims some runs have and others lack", ""]
    if not comparison.claims:
        lines.append("None: every run has the same claims.")
    for doc_id, rows in comparison.claims:
        lines += ["", f"**{md_text(doc_id)}**", "", "| claim | " + " | ".join(names) + " |",
                  "|---|" + "---|" * len(names)]  # fmt: skip
        for row in rows[:_CLAIMS_SHOWN]:
            marks = " | ".join("yes" if p else "**no**" for p in row.present)
            lines.append(f"| {md_text(row.text)} | {marks} |")
        if len(rows) > _CLAIMS_SHOWN:
            lines.append(
                f"| … {len(rows) - _CLAIMS_SHOWN} more (report.html) |" + " |" * len(names)
            )
    return "\n".join(lines) + "\n"


_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("summarizer.evaluation", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_comparison_html(comparison: Comparison) -> str:
    return _ENV.get_template("compare.html.j2").render(c=comparison)


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_comparison(
    run_dirs: list[str | Path], out: str | Path, names: list[str] | None = None
) -> tuple[Path, Path]:
    """Compare the run folders into ``out/report.html`` and ``out/report.md``. ``out`` may not
    be one of the runs (its reports would be replaced); nothing else in it is touched."""
    if len(run_dirs) < 2:
        raise PathError("compare needs at least two run folders")
    if names is not None and len(names) != len(run_dirs):
        raise PathError(f"{len(names)} --name for {len(run_dirs)} run folders: give one per run")
    runs = [load_run_folder(p, names[i] if names else None) for i, p in enumerate(run_dirs)]
    seen: dict[str, int] = {}
    for i, run in enumerate(runs):  # two folders named alike (a/latest, b/latest)
        seen[run.name] = seen.get(run.name, 0) + 1
        if seen[run.name] > 1:
            runs[i] = RunFolder(f"{run.name} ({seen[run.name]})", run.path, run.summary,
                                run.claims, run.errors)  # fmt: skip
    target = Path(out)
    if any(target.resolve() == Path(p).resolve() for p in run_dirs):
        raise PathError(f"--out {target} is one of the runs compared: choose another folder")
    if target.exists() and not target.is_dir():
        raise PathError(f"--out {target} is a file, not a folder")
    target.mkdir(parents=True, exist_ok=True)
    comparison = build_comparison(runs)
    html, md = target / "report.html", target / "report.md"
    _write(html, render_comparison_html(comparison))
    _write(md, render_comparison_markdown(comparison))
    return html, md
