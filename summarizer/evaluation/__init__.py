"""Scoring structured summaries against a hand-labelled gold file."""

from ._aggregate import METRIC_NAMES, Metric, aggregate
from ._baselines import lead3
from ._gate import (
    GateError,
    GateFailure,
    GateResult,
    Suite,
    baseline_payload,
    claims_from_results,
    compare,
    load_baseline,
    load_suite,
    write_baseline,
)
from ._gold import GoldClaim, GoldDocument, GoldEvidence, GoldFile, GoldFileError, load_gold
from ._matching import Matcher, get_matcher, matcher_names, recommended_threshold
from ._metaeval import MetaEvalDataError, meta_evaluate
from ._report import write_html, write_markdown
from ._runner import DocumentResult, EvalRun, run_eval
from ._scoring import ClaimMatch, ClaimScores, DocumentScore, score_document

__all__ = [
    "METRIC_NAMES",
    "ClaimMatch",
    "ClaimScores",
    "DocumentResult",
    "DocumentScore",
    "EvalRun",
    "GateError",
    "GateFailure",
    "GateResult",
    "GoldClaim",
    "GoldDocument",
    "GoldEvidence",
    "GoldFile",
    "GoldFileError",
    "Matcher",
    "MetaEvalDataError",
    "Metric",
    "Suite",
    "aggregate",
    "baseline_payload",
    "claims_from_results",
    "compare",
    "get_matcher",
    "lead3",
    "load_baseline",
    "load_gold",
    "load_suite",
    "matcher_names",
    "meta_evaluate",
    "recommended_threshold",
    "run_eval",
    "score_document",
    "write_baseline",
    "write_html",
    "write_markdown",
]
