"""Score a results file that is already written: an earlier run, or another system's output.

``summarizer eval GOLD --predictions results.jsonl`` reads the documented results JSONL (one
line per document: ``{"id": ..., "result": {...}}`` with a ``Summary``, or
``{"id": ..., "error": {"type": ..., "message": ...}}``; other fields such as ``score`` or
``metadata`` are ignored) and scores it against the gold file exactly as a live run is scored,
into the same run folder, without calling a model. A gold document with no line in the file is
scored as failed (``MissingPrediction``); a line whose id is not in the gold file, a repeated
id, or a line that is not such a record is a ``GateError`` naming the file and line.

What made the output (model, evidence mode, template) is read from the results' ``meta``;
``max_claims`` is not recorded in results, so it is None unless declared (``--max-claims``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .._errors import GateError
from .._schema import Summary
from ._baselines import lead3
from ._gold import GoldFile
from ._matching import DEFAULT_MATCHER, Matcher, get_matcher
from ._runner import DocumentResult, EvalRun, finish_run, write_run
from ._scoring import score_document

__all__ = ["MISSING", "read_predictions", "score_predictions"]

MISSING = "MissingPrediction"
Outcome = Summary | dict[str, str]


def _bad(path: Path, line: int, message: str) -> GateError:
    return GateError(f"{path}, line {line}: {message}")


def read_predictions(path: str | Path, gold: GoldFile) -> dict[str, Outcome]:
    """Each gold id's ``Summary`` or error record, as the results file gives it."""
    file = Path(path)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise GateError(f"cannot read predictions {file}: {exc.strerror}") from None
    known = {doc.id for doc in gold.documents}
    found: dict[str, Outcome] = {}
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise _bad(file, number, f"not a JSON line ({exc})") from None
        if not isinstance(record, dict):
            raise _bad(file, number, "not a JSON object")
        if "id" not in record and "line" in record:
            continue  # an input line that had no usable id: nothing to score
        doc_id = record.get("id")
        if not isinstance(doc_id, str):
            raise _bad(file, number, f"no string id (got {doc_id!r})")
        if doc_id not in known:
            raise _bad(file, number, f"id {doc_id!r} is not in the gold file {gold.path.name}")
        if doc_id in found:
            raise _bad(file, number, f"id {doc_id!r} appears twice")
        if ("result" in record) == ("error" in record):
            raise _bad(file, number, f"{doc_id}: needs exactly one of 'result' and 'error'")
        if "error" in record:
            error = record["error"]
            if not isinstance(error, dict):
                raise _bad(file, number, f"{doc_id}: 'error' must be an object")
            found[doc_id] = {
                "type": str(error.get("type", "Error")),
                "message": str(error.get("message", "")),
            }
            continue
        try:
            found[doc_id] = Summary.model_validate(record["result"])
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise _bad(file, number, f"{doc_id}: result.{where}: {first['msg']}") from None
    return found


def _common(values: list[Any]) -> Any:
    """The one value every result shares, else ``"mixed"`` (None when there are none)."""
    distinct = {json.dumps(v, sort_keys=True) for v in values}
    if not distinct:
        return None
    return values[0] if len(distinct) == 1 else "mixed"


def _template(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {"name": str(value["name"]), "sha256": str(value["sha256"])}
    label = "mixed" if value == "mixed" else "unknown"
    return {"name": label, "sha256": label}


def _facts(results: list[Summary], declared: dict[str, Any]) -> dict[str, Any]:
    metas = [r.meta for r in results]
    facts = {
        "model": _common([m.model for m in metas]),
        "backend": _common([m.backend for m in metas]),
        "evidence_mode": _common([m.evidence_mode for m in metas]),
        "strategy": _common([m.strategy for m in metas]),
        "max_claims": None,
        "template": _template(_common([m.template.model_dump() for m in metas])),
        "judge": _common([m.judge for m in metas]),
        "predictions": True,
    }
    facts.update({k: v for k, v in declared.items() if v is not None})
    return facts


def score_predictions(
    gold: GoldFile,
    path: str | Path,
    out_dir: str | Path,
    *,
    matcher: Matcher | str = DEFAULT_MATCHER,
    threshold: float | None = None,
    declared: dict[str, Any] | None = None,
    reports: bool = True,
) -> EvalRun:
    """Score the results file ``path`` against ``gold`` and write the run into ``out_dir``
    (atomically, as ``run_eval`` does). ``declared`` overrides facts about the run that the
    results do not record (``max_claims``) or that the user states (``model``)."""
    outcomes = read_predictions(path, gold)
    resolved = get_matcher(matcher) if isinstance(matcher, str) else matcher
    declared = dict(declared or {})
    max_claims = declared.get("max_claims")
    documents: list[DocumentResult] = []
    for doc in gold.documents:
        outcome = outcomes.get(doc.id)
        if outcome is None:
            outcome = {"type": MISSING, "message": f"no line for {doc.id} in {Path(path).name}"}
        result = outcome if isinstance(outcome, Summary) else None
        error = None if isinstance(outcome, Summary) else outcome
        score = score_document(result, doc, resolved, threshold)
        baseline = lead3(doc.source_text, max_claims=max_claims)
        baseline_score = score_document(baseline, doc, resolved, threshold)
        documents.append(DocumentResult(doc, result, error, score, baseline, baseline_score))
    facts = _facts([d.result for d in documents if d.result is not None], declared)
    return write_run(
        Path(out_dir),
        lambda work: finish_run(gold, documents, work, facts, threshold=threshold, reports=reports),
    )
