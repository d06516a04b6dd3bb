"""Scoring structured summaries against a hand-labelled gold file."""

from ._aggregate import METRIC_NAMES, Metric, aggregate
from ._baselines import lead3
from ._evaluate import (
    EvalConfigError,
    EvalOptions,
    EvalOutcome,
    EvalPlan,
    evaluate,
    plan_eval,
    run_plan,
)
from ._gate import (
    Baseline,
    GateError,
    GateFailure,
    GateResult,
    GateRow,
    Suite,
    baseline_payload,
    claims_from_results,
    compare,
    load_baseline,
    load_suite,
    read_baseline,
    write_baseline,
)
from ._gold import GoldClaim, GoldDocument, GoldEvidence, GoldFile, GoldFileError, load_gold
from ._matching import Matcher, get_matcher, matcher_names, recommended_threshold
from ._metaeval import MetaEvalDataError, meta_evaluate
from ._predictions import score_predictions
from ._report import write_html, write_markdown
from ._run import RunInfo, RunSummary
from ._runner import DocumentResult, EvalRun, run_eval
from ._scoring import ClaimMatch, ClaimScores, DocumentScore, score_document

__all__ = [
    "METRIC_NAMES",
    "Baseline",
    "ClaimMatch",
    "ClaimScores",
    "DocumentResult",
    "DocumentScore",
    "EvalConfigError",
    "EvalOptions",
    "EvalOutcome",
    "EvalPlan",
    "EvalRun",
    "GateError",
    "GateFailure",
    "GateResult",
    "GateRow",
    "GoldClaim",
    "GoldDocument",
    "GoldEvidence",
    "GoldFile",
    "GoldFileError",
    "Matcher",
    "MetaEvalDataError",
    "Metric",
    "RunInfo",
    "RunSummary",
    "Suite",
    "aggregate",
    "baseline_payload",
    "claims_from_results",
    "compare",
    "evaluate",
    "get_matcher",
    "lead3",
    "load_baseline",
    "load_gold",
    "load_suite",
    "matcher_names",
    "meta_evaluate",
    "plan_eval",
    "read_baseline",
    "recommended_threshold",
    "run_eval",
    "run_plan",
    "score_document",
    "score_predictions",
    "write_baseline",
    "write_html",
    "write_markdown",
]
