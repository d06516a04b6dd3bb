"""Agreement between two gold files for the same documents (two people's labels).

``agree(a, b)`` treats ``a`` as the reference and ``b`` as the prediction and pairs their claims
exactly as the eval pairs a run's claims with the gold claims: equivalence by the support judge
asked in both directions (``_matching.support_matcher``), each side judged together with its
attribution, optimal one-to-one pairing (``_scoring.match_claims``). From the pairs it reports:

- claim precision / recall / F1 of ``b`` against ``a`` (per document, and micro-averaged over
  every claim of the documents both files have);
- span overlap: the IoU of the characters each matched pair's evidence covers (mean over pairs);
- Cohen's kappa of ``kind`` and of ``attributed_to`` (normalised as the eval compares it) over
  the matched pairs, with the raw agreement beside it;
- the ids only one of the files has.

Kappa is undefined (None) with no matched pair, and 1.0 when both annotators used a single
category and agree on it (the expected agreement is then 1 and the observed agreement is too).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ._equivalence import DEFAULT_CLAIM_MATCHER, SupportMatcher, with_attribution
from ._gold import GoldDocument, GoldFile
from ._matching import support_matcher
from ._scoring import match_claims, normalize_attribution, span_iou

__all__ = ["Agreement", "DocumentAgreement", "PairStats", "agree", "cohen_kappa"]


def cohen_kappa(first: Sequence[str | None], second: Sequence[str | None]) -> float | None:
    """Cohen's kappa of two raters' labels for the same items (None when there are none)."""
    if len(first) != len(second):
        raise ValueError("both raters must label the same items")
    n = len(first)
    if n == 0:
        return None
    observed = sum(x == y for x, y in zip(first, second, strict=True)) / n
    count_a, count_b = Counter(first), Counter(second)
    expected = sum(count_a[label] * count_b[label] for label in count_a) / (n * n)
    if expected >= 1.0:
        return 1.0 if observed >= 1.0 else 0.0
    return (observed - expected) / (1.0 - expected)


@dataclass(frozen=True)
class PairStats:
    """What the matched pairs of a document (or of every document) agree on."""

    n_a: int
    n_b: int
    n_matched: int
    span_iou: float | None
    kind_agreement: float | None
    kind_kappa: float | None
    attribution_agreement: float | None
    attribution_kappa: float | None

    @property
    def precision(self) -> float:
        return self.n_matched / self.n_b if self.n_b else (1.0 if self.n_a == 0 else 0.0)

    @property
    def recall(self) -> float:
        return self.n_matched / self.n_a if self.n_a else (1.0 if self.n_b == 0 else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int | None]:
        return {
            "claims_a": self.n_a,
            "claims_b": self.n_b,
            "matched": self.n_matched,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "span_iou": self.span_iou,
            "kind_agreement": self.kind_agreement,
            "kind_kappa": self.kind_kappa,
            "attribution_agreement": self.attribution_agreement,
            "attribution_kappa": self.attribution_kappa,
        }


@dataclass(frozen=True)
class _Pairs:
    n_a: int
    n_b: int
    ious: list[float] = field(default_factory=list)
    kinds: list[tuple[str, str]] = field(default_factory=list)
    sources: list[tuple[str | None, str | None]] = field(default_factory=list)

    def stats(self) -> PairStats:
        kind_a, kind_b = [k for k, _ in self.kinds], [k for _, k in self.kinds]
        src_a, src_b = [s for s, _ in self.sources], [s for _, s in self.sources]
        return PairStats(
            n_a=self.n_a,
            n_b=self.n_b,
            n_matched=len(self.kinds),
            span_iou=sum(self.ious) / len(self.ious) if self.ious else None,
            kind_agreement=_share(kind_a, kind_b),
            kind_kappa=cohen_kappa(kind_a, kind_b),
            attribution_agreement=_share(src_a, src_b),
            attribution_kappa=cohen_kappa(src_a, src_b),
        )


def _share(first: Sequence[str | None], second: Sequence[str | None]) -> float | None:
    if not first:
        return None
    return sum(x == y for x, y in zip(first, second, strict=True)) / len(first)


@dataclass(frozen=True)
class DocumentAgreement:
    id: str
    stats: PairStats


@dataclass(frozen=True)
class Agreement:
    """Per-document and overall agreement of ``b`` against ``a``."""

    matcher: str
    threshold: float
    documents: list[DocumentAgreement]
    overall: PairStats
    only_in_a: list[str]
    only_in_b: list[str]

    def as_dict(self) -> dict[str, object]:
        return {
            "matcher": self.matcher,
            "threshold": self.threshold,
            "overall": self.overall.as_dict(),
            "documents": {d.id: d.stats.as_dict() for d in self.documents},
            "only_in_a": self.only_in_a,
            "only_in_b": self.only_in_b,
        }


def _pair_document(a: GoldDocument, b: GoldDocument, matcher: SupportMatcher) -> _Pairs:
    directions = matcher.directions(
        [c.text for c in b.claims],
        [c.text for c in a.claims],
        [with_attribution(c.text, c.attributed_to) for c in b.claims],
        [with_attribution(c.text, c.attributed_to) for c in a.claims],
    )
    scores = match_claims(matcher.combine(*directions), matcher.threshold, directions)
    pairs = _Pairs(n_a=len(a.claims), n_b=len(b.claims))
    for match in scores.matches:
        if match.gold is None:
            continue
        cb, ca = b.claims[match.predicted], a.claims[match.gold]
        iou = span_iou(
            [(e.start, e.end) for e in ca.evidence], [(e.start, e.end) for e in cb.evidence]
        )
        if iou is not None:
            pairs.ious.append(iou)
        pairs.kinds.append((ca.kind.value, cb.kind.value))
        pairs.sources.append(
            (normalize_attribution(ca.attributed_to), normalize_attribution(cb.attributed_to))
        )
    return pairs


def agree(a: GoldFile, b: GoldFile, matcher: str = DEFAULT_CLAIM_MATCHER) -> Agreement:
    """Agreement of ``b``'s labels against ``a``'s, with the eval's claim equivalence
    (``matcher``: ``support`` or ``support-hmean``, optionally ``:JUDGE``)."""
    resolved = support_matcher(matcher)
    if resolved is None:
        raise ValueError(f"agreement needs a support matcher, not {matcher!r}")
    by_id = {doc.id: doc for doc in b.documents}
    in_a = {doc.id for doc in a.documents}
    documents: list[DocumentAgreement] = []
    total = _Pairs(n_a=0, n_b=0)
    n_a = n_b = 0
    for doc in a.documents:
        other = by_id.get(doc.id)
        if other is None:
            continue
        pairs = _pair_document(doc, other, resolved)
        documents.append(DocumentAgreement(doc.id, pairs.stats()))
        n_a, n_b = n_a + pairs.n_a, n_b + pairs.n_b
        total.ious.extend(pairs.ious)
        total.kinds.extend(pairs.kinds)
        total.sources.extend(pairs.sources)
    overall = _Pairs(n_a, n_b, total.ious, total.kinds, total.sources).stats()
    return Agreement(
        matcher=resolved.name,
        threshold=resolved.threshold,
        documents=documents,
        overall=overall,
        only_in_a=[doc.id for doc in a.documents if doc.id not in by_id],
        only_in_b=[doc.id for doc in b.documents if doc.id not in in_a],
    )
