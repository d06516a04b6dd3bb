"""Score one structured summary against its gold document.

Claims are paired one-to-one over the matcher's similarity matrix (``_pairing``, computed in
bounded blocks); a pair below the threshold is no match. The default matcher (``support``)
asks the support judge in both directions, so a pair is a match only when the claims are
equivalent; every predicted claim and every missed gold claim records the two direction scores
against its partner (or best candidate) and which direction failed. Over the matched pairs the
scorer checks evidence overlap (IoU of character spans), attribution and claim kind. The prose
summary gets ROUGE against the gold summary. A gold key point is covered when one predicted
key point or summary sentence supports it (the judge, one direction), or, with a lexical
matcher, when its presence in them reaches the threshold.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from rouge_score import rouge_scorer  # type: ignore[import-untyped, unused-ignore]

from .._document import split_sentences
from .._schema import Summary
from ..text._tokens import word_texts
from ._equivalence import (
    DEFAULT_CLAIM_MATCHER,
    DirectionalMatcher,
    SpanOverlapMatcher,
    unjudged_language,
    with_attribution,
)
from ._gold import GoldDocument
from ._matching import Matcher, RougeTokens, get_matcher, presence, recommended_threshold
from ._pairing import (
    TooManyClaimsError,
    blocked_directions,
    blocked_similarity,
    check_pairs,
    match_claims,
)
from ._scores import ClaimMatch, ClaimScores, DocumentScore, GoldMiss, RunFacts

__all__ = [
    "ClaimMatch",
    "ClaimScores",
    "DocumentScore",
    "GoldMiss",
    "RunFacts",
    "TooManyClaimsError",
    "match_claims",
    "normalize_attribution",
    "score_document",
    "span_iou",
]

_ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")


def span_iou(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> float | None:
    """IoU of the character sets covered by two lists of ``(start, end)`` spans.

    None when both cover nothing. Interval arithmetic written out (a few lines) rather than
    building per-character sets, so it costs nothing for long documents.
    """
    ma, mb = _merge(a), _merge(b)
    size_a = sum(e - s for s, e in ma)
    size_b = sum(e - s for s, e in mb)
    if size_a + size_b == 0:
        return None
    inter, i, j = 0, 0, 0
    while i < len(ma) and j < len(mb):
        lo, hi = max(ma[i][0], mb[j][0]), min(ma[i][1], mb[j][1])
        inter += max(0, hi - lo)
        if ma[i][1] < mb[j][1]:
            i += 1
        else:
            j += 1
    return inter / (size_a + size_b - inter)


def _merge(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted((s, e) for s, e in spans if e > s):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


_ARTICLE = re.compile(r"^(?:the|a|an)\s+")


def normalize_attribution(name: str | None) -> str | None:
    """Case-, punctuation- and article-insensitive form: "The Pentagon" -> "pentagon"."""
    if name is None:
        return None
    text = " ".join(word_texts(name.casefold()))
    text = _ARTICLE.sub("", text)
    return text or None


# --- the document -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _rouge() -> rouge_scorer.RougeScorer:
    return rouge_scorer.RougeScorer(list(_ROUGE_TYPES), tokenizer=RougeTokens())


def _failed(gold: GoldDocument, matcher: Matcher, threshold: float) -> DocumentScore:
    return DocumentScore(
        id=gold.id,
        failed=True,
        matcher=matcher.name,
        threshold=threshold,
        claims=ClaimScores(
            precision=0.0,
            recall=0.0,
            f1=0.0,
            n_predicted=0,
            n_gold=len(gold.claims),
            n_matched=0,
            unmatched_gold=list(range(len(gold.claims))),
            missed=[GoldMiss(gold=j, candidate=None, score=0.0) for j in range(len(gold.claims))],
        ),
        grounding_rate=0.0,
        grounding_iou=0.0,
        attribution_accuracy=0.0,
        kind_accuracy=0.0,
        rouge1=0.0,
        rouge2=0.0,
        rougeL=0.0,
        key_point_coverage=0.0,
        run=RunFacts(schema_valid=False),
    )


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _key_points_covered(
    key_points: Sequence[str], texts: Sequence[str], matcher: Matcher, threshold: float
) -> list[bool]:
    """Per gold key point: does one predicted text support it (judge) / contain it (lexical)."""
    if isinstance(matcher, DirectionalMatcher):
        if not texts:
            return [False] * len(key_points)
        scores = matcher.judge.score_matrix(key_points, texts)
        return [bool(x) for x in np.asarray(scores).max(axis=1) >= matcher.threshold]
    return [bool(x) for x in presence(key_points, texts, matcher) >= threshold]


def score_document(
    predicted: Summary | None,
    gold: GoldDocument,
    matcher: Matcher | str = DEFAULT_CLAIM_MATCHER,
    threshold: float | None = None,
    *,
    rouge: bool = True,
) -> DocumentScore:
    """Score ``predicted`` against ``gold``; ``predicted=None`` (the run failed) scores zeros.

    ``threshold`` defaults to the matcher's tuned threshold. ``rouge=False`` skips the
    (comparatively slow) ROUGE computation and reports 0 for it.
    """
    resolved = get_matcher(matcher) if isinstance(matcher, str) else matcher
    if threshold is None:
        threshold = recommended_threshold(resolved)
    if predicted is None:
        return _failed(gold, resolved, threshold)

    pred_claims, gold_claims = predicted.claims, gold.claims
    pred_texts, gold_texts = [c.text for c in pred_claims], [c.text for c in gold_claims]
    check_pairs(len(pred_texts), len(gold_texts))
    unjudged = isinstance(resolved, DirectionalMatcher) and unjudged_language(gold.source_text)
    if unjudged:  # the judge cannot read the language: evidence spans only
        resolved = SpanOverlapMatcher(unjudged)
        threshold = resolved.threshold
        claims = match_claims(resolved.claim_matrix(pred_claims, gold_claims), threshold)
    elif isinstance(resolved, DirectionalMatcher):
        directions = blocked_directions(
            resolved,
            pred_texts,
            gold_texts,
            [with_attribution(c.text, c.attributed_to) for c in pred_claims],
            [with_attribution(c.text, c.attributed_to) for c in gold_claims],
        )
        claims = match_claims(resolved.combine(*directions), threshold, directions)
    else:
        claims = match_claims(blocked_similarity(resolved, pred_texts, gold_texts), threshold)

    grounded = [1.0 if c.grounded and c.evidence else 0.0 for c in pred_claims]
    ious: list[float] = []
    attribution: list[float] = []
    kinds: list[float] = []
    for m in claims.matches:
        if m.gold is None:
            continue
        p, g = pred_claims[m.predicted], gold_claims[m.gold]
        iou = span_iou(
            [(e.start, e.end) for e in p.evidence] if p.grounded else [],
            [(e.start, e.end) for e in g.evidence],
        )
        if iou is not None:
            ious.append(iou)
        same = normalize_attribution(p.attributed_to) == normalize_attribution(g.attributed_to)
        attribution.append(1.0 if same else 0.0)
        kinds.append(1.0 if p.kind == g.kind else 0.0)

    rouge_f = {t: 0.0 for t in _ROUGE_TYPES}
    if rouge:
        result = _rouge().score(gold.summary, predicted.summary)
        rouge_f = {t: float(result[t].fmeasure) for t in _ROUGE_TYPES}

    coverage: float | None = None
    if gold.key_points:
        texts = [s.text for s in split_sentences(predicted.summary)] + list(predicted.key_points)
        coverage = float(np.mean(_key_points_covered(gold.key_points, texts, resolved, threshold)))

    meta = predicted.meta
    return DocumentScore(
        id=gold.id,
        matcher=resolved.name,
        threshold=threshold,
        claims=claims,
        grounding_rate=_mean(grounded),
        grounding_iou=_mean(ious),
        attribution_accuracy=_mean(attribution),
        kind_accuracy=_mean(kinds),
        rouge1=rouge_f["rouge1"],
        rouge2=rouge_f["rouge2"],
        rougeL=rouge_f["rougeL"],
        key_point_coverage=coverage,
        run=RunFacts(
            schema_valid=True,
            attempts=meta.attempts,
            reasks=meta.reasks,
            total_tokens=meta.usage.total_tokens,
            latency_s=meta.latency_s,
        ),
    )
