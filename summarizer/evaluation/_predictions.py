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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .._document import Document
from .._errors import GateError, SummarizerError
from .._judges import get_judge
from .._schema import Claim, Evidence, Summary
from .._verdict import Judge
from .._verify import verify_claims
from ._baselines import lead3
from ._equivalence import DEFAULT_CLAIM_MATCHER
from ._files import MAX_INPUT_BYTES, describe_os_error, parse_json, read_regular
from ._gold import GoldDocument, GoldFile
from ._matching import Matcher, get_matcher
from ._run import DocumentResult, EvalRun, RunInfo, TemplateRef
from ._run_folder import check_out_dir, finish_run, gold_inputs, write_run
from ._scoring import TooManyClaimsError, score_document

__all__ = ["MISSING", "Rechecked", "read_predictions", "recheck", "score_predictions"]

MISSING = "MissingPrediction"
Outcome = Summary | dict[str, str]


def _bad(path: Path, line: int, message: str) -> GateError:
    return GateError(f"{path}, line {line}: {message}")


def _offset_types(record: dict[str, Any]) -> str | None:
    """Where an evidence offset is not a JSON integer (``true``, ``"12"``, ``1.0``), if any:
    pydantic would convert those, and a span must be given exactly."""
    result = record.get("result")
    claims = result.get("claims") if isinstance(result, dict) else None
    for c, claim in enumerate(claims if isinstance(claims, list) else []):
        evidence = claim.get("evidence") if isinstance(claim, dict) else None
        for e, span in enumerate(evidence if isinstance(evidence, list) else []):
            for key in ("start", "end"):
                if isinstance(span, dict) and key in span and type(span[key]) is not int:
                    return f"result.claims.{c}.evidence.{e}.{key}: {span[key]!r} is not an integer"
    return None


def read_predictions(path: str | Path, gold: GoldFile) -> dict[str, Outcome]:
    """Each gold id's ``Summary`` or error record, as the results file gives it (nothing in it
    is checked against the source yet: see ``recheck``)."""
    file = Path(path)
    try:
        raw = read_regular(file, MAX_INPUT_BYTES)
    except OSError as exc:
        raise GateError(f"cannot read predictions {file}: {describe_os_error(exc)}") from None
    known = {doc.id for doc in gold.documents}
    found: dict[str, Outcome] = {}
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = parse_json(line)
        except ValueError as exc:
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
        wrong = _offset_types(record)
        if wrong is not None:
            raise _bad(file, number, f"{doc_id}: {wrong}")
        try:
            found[doc_id] = Summary.model_validate(record["result"])
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise _bad(file, number, f"{doc_id}: result.{where}: {first['msg']}") from None
    return found


@dataclass
class Rechecked:
    """What ``recheck`` changed in the predictions of a run."""

    spans_rejected: int = 0
    claims_ungrounded: int = 0
    support_judge: str | None = None
    support_cleared: int = 0
    _judges: dict[str, Judge | None] = field(default_factory=dict, repr=False)

    def judge(self, name: str | None) -> Judge | None:
        """The registered judge called ``name``; None when it cannot judge offline (``llm``,
        an optional judge that is not installed, or none named)."""
        if name is None:
            return None
        if name not in self._judges:
            try:
                self._judges[name] = get_judge(name)
            except (SummarizerError, ImportError):
                self._judges[name] = None
        return self._judges[name]


def _span_ok(span: Evidence, source: str) -> bool:
    return (
        0 <= span.start <= span.end <= len(source) and source[span.start : span.end] == span.quote
    )


def recheck(result: Summary, gold: GoldDocument, state: Rechecked) -> Summary:
    """``result`` as the pipeline would leave it on this source, whatever the file claimed:
    every evidence span must satisfy ``source[start:end] == quote`` (spans that do not are
    dropped and their claim is ungrounded; a claim is never made grounded here), and every
    claim's ``support`` is judged again by the judge its ``meta`` names (cleared when that
    judge cannot run offline)."""
    source = gold.source_text
    claims: list[Claim] = []
    for claim in result.claims:
        kept = [e for e in claim.evidence if _span_ok(e, source)]
        rejected = len(claim.evidence) - len(kept)
        grounded = claim.grounded and bool(kept) and rejected == 0
        state.spans_rejected += rejected
        state.claims_ungrounded += claim.grounded and not grounded
        claims.append(claim.model_copy(update={"evidence": kept, "grounded": grounded}))
    judge = state.judge(result.meta.judge)
    if judge is not None:
        claims = verify_claims(claims, judge, Document(source)).claims
        state.support_judge = judge.name
    else:
        state.support_cleared += sum(1 for c in claims if c.support is not None)
        claims = [c.model_copy(update={"support": None}) for c in claims]
    return result.model_copy(update={"claims": claims})


def _common(values: list[Any]) -> Any:
    """The one value every result shares, else ``"mixed"`` (None when there are none)."""
    distinct = {json.dumps(v, sort_keys=True) for v in values}
    if not distinct:
        return None
    return values[0] if len(distinct) == 1 else "mixed"


def _template(value: Any) -> TemplateRef:
    if isinstance(value, dict):
        return TemplateRef(name=str(value["name"]), sha256=str(value["sha256"]))
    label = "mixed" if value == "mixed" else "unknown"
    return TemplateRef(name=label, sha256=label)


Declared = dict[str, str | int | None]


def _facts(results: list[Summary], declared: Declared, rechecked: Rechecked) -> RunInfo:
    metas = [r.meta for r in results]
    facts = RunInfo.model_validate(
        dict(
            model=_common([m.model for m in metas]),
            backend=_common([m.backend for m in metas]),
            evidence_mode=_common([m.evidence_mode for m in metas]),
            strategy=_common([m.strategy for m in metas]),
            max_claims=None,
            template=_template(_common([m.template.model_dump() for m in metas])),
            judge=_common([m.judge for m in metas]),
            predictions=True,
            rechecked={
                "spans_rejected": rechecked.spans_rejected,
                "claims_ungrounded": rechecked.claims_ungrounded,
                "support_judge": rechecked.support_judge,
                "support_cleared": rechecked.support_cleared,
            },
        )
    )
    return facts.model_copy(update={k: v for k, v in declared.items() if v is not None})


def predictions_inputs(gold: GoldFile, path: Path) -> list[Path]:
    """What a run folder scoring ``path`` must never hold."""
    return [*gold_inputs(gold), path]


def score_predictions(
    gold: GoldFile,
    path: str | Path,
    out_dir: str | Path,
    *,
    matcher: Matcher | str = DEFAULT_CLAIM_MATCHER,
    threshold: float | None = None,
    declared: Declared | None = None,
    reports: bool = True,
    inputs: Iterable[Path] = (),
) -> EvalRun:
    """Score the results file ``path`` against ``gold`` and write the run into ``out_dir``
    (atomically, as ``run_eval`` does). Nothing in the file is trusted: ``recheck`` puts every
    result through grounding and support again before it is scored. ``declared`` overrides
    facts about the run that the results do not record (``max_claims``) or that the user
    states (``model``). ``inputs``: further files ``out_dir`` must not hold."""
    file = Path(path)
    check_out_dir(Path(out_dir), [*predictions_inputs(gold, file), *inputs])
    outcomes = read_predictions(file, gold)
    resolved = get_matcher(matcher) if isinstance(matcher, str) else matcher
    declared = dict(declared or {})
    declared_max = declared.get("max_claims")
    max_claims = declared_max if isinstance(declared_max, int) else None
    state = Rechecked()
    documents: list[DocumentResult] = []
    for doc in gold.documents:
        outcome = outcomes.get(doc.id)
        if outcome is None:
            outcome = {"type": MISSING, "message": f"no line for {doc.id} in {file.name}"}
        result = recheck(outcome, doc, state) if isinstance(outcome, Summary) else None
        error = None if isinstance(outcome, Summary) else outcome
        try:
            score = score_document(result, doc, resolved, threshold)
        except TooManyClaimsError as exc:  # scored as failed, named; the others are scored
            result, error = None, {"type": type(exc).__name__, "message": str(exc)}
            score = score_document(None, doc, resolved, threshold)
        baseline = lead3(doc.source_text, max_claims=max_claims)
        baseline_score = score_document(baseline, doc, resolved, threshold)
        documents.append(DocumentResult(doc, result, error, score, baseline, baseline_score))
    facts = _facts([d.result for d in documents if d.result is not None], declared, state)
    return write_run(
        Path(out_dir),
        lambda work: finish_run(gold, documents, work, facts, threshold=threshold, reports=reports),
        [*predictions_inputs(gold, file), *inputs],
    )
