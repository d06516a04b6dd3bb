"""Adversarial claims generated from the gold file: support is more than word overlap.

For every gold claim (with its gold evidence) deterministic code — no model — writes variants:

- must be rejected: the whole document as the claim; three gold claims glued together; the
  negation flipped; a number changed; a date changed; a named entity swapped for another entity
  of the same document; the attributed source swapped for another source of the document.
  None may be judged supported by the claim's gold evidence (``judge.verdicts``) nor match the
  original gold claim (the default claim matcher).
- must still match the original gold claim: a paraphrase (number formats, synonyms) and the
  clauses reordered.

The rates are printed (visible without ``-s``) and held to thresholds measured here, once for
the judge against the joined quotes and once through the product's ``verify_claims`` (the
frame and the checks on the evidence sentences), with absolute floors for both rejecting and
keeping (``PRODUCT_FLOORS``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

import numpy as np
import pytest

from summarizer._document import Document
from summarizer._judges import get_judge
from summarizer._schema import Alignment, Claim, ClaimKind, Evidence, Summary
from summarizer._support import DEFAULT_JUDGE, Judge
from summarizer._verify import verify_claims
from summarizer.evaluation._equivalence import (
    DEFAULT_CLAIM_MATCHER,
    SupportMatcher,
    with_attribution,
)
from summarizer.evaluation._matching import get_matcher
from summarizer.evaluation._scoring import score_document
from tests.support.adversarial_variants import (
    KEEP,
    REJECT,
    REPORTED,
    Variant,
    generate,
    gold_documents,
    joined_evidence,
    paragraphs,
    stub_meta,
)

# --- rates --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rates:
    """Per kind: how many variants, the share the judge calls supported by the original
    evidence, and the share each matcher matches to the original gold claim."""

    n: dict[str, int]
    supported: dict[str, float]
    matched: dict[str, dict[str, float]]  # matcher name -> kind -> rate


def _matched(matcher_name: str, judge: Judge, variants: list[Variant]) -> dict[str, float]:
    if matcher_name.startswith(DEFAULT_CLAIM_MATCHER):
        rule = "hmean" if "hmean" in matcher_name else "min"
        matcher: object = SupportMatcher(judge, rule)
        threshold = judge.threshold
    else:
        matcher = get_matcher(matcher_name)
        threshold = 0.55
    hits: dict[str, list[bool]] = defaultdict(list)
    by_doc: dict[str, list[Variant]] = defaultdict(list)
    for v in variants:
        by_doc[v.doc].append(v)
    for doc_id, group in by_doc.items():
        claims = gold_documents()[doc_id].claims
        texts = [v.text for v in group]
        if isinstance(matcher, SupportMatcher):  # as score_document does it
            sim = matcher.combine(
                *matcher.directions(
                    texts,
                    [c.text for c in claims],
                    [with_attribution(v.text, v.attributed_to) for v in group],
                    [with_attribution(c.text, c.attributed_to) for c in claims],
                )
            )
        else:
            sim = matcher.similarity_matrix(texts, [c.text for c in claims])  # type: ignore[attr-defined]
        for row, v in enumerate(group):
            hits[v.kind].append(bool(sim[row, v.gold] >= threshold))
    return {kind: float(np.mean(h)) for kind, h in hits.items()}


def _controls(judge: Judge) -> list[Variant]:
    """The gold claims themselves (kind "original"): supported by their evidence, matched."""
    return [
        Variant("original", doc.id, j, c.text, joined_evidence(c), c.attributed_to)
        for doc in gold_documents().values()
        for j, c in enumerate(doc.claims)
    ]


MATCHERS: Final = ("support", "support-hmean", "content-words")


@pytest.fixture(scope="module")
def judge() -> Judge:
    return get_judge(DEFAULT_JUDGE)


@pytest.fixture(scope="module")
def rates(judge: Judge) -> Rates:
    variants = generate() + _controls(judge)
    verdicts = judge.verdicts([v.text for v in variants], [v.evidence for v in variants])
    supported: dict[str, list[bool]] = defaultdict(list)
    for v, verdict in zip(variants, verdicts, strict=True):
        supported[v.kind].append(verdict.supported)
    counts: dict[str, int] = defaultdict(int)
    for v in variants:
        counts[v.kind] += 1
    return Rates(
        n=dict(counts),
        supported={k: float(np.mean(x)) for k, x in supported.items()},
        matched={name: _matched(name, judge, variants) for name in MATCHERS},
    )


def _table(rates: Rates, judge: Judge) -> Iterator[str]:
    yield ""
    yield (
        f"adversarial suite (judge {judge.name} @ {judge.threshold}; "
        "the gold file's English documents, 350 claims)"
    )
    yield (
        f"{'kind':<15}{'n':>5}  {'rejected by judge':>18}"
        + "".join(f"{'rejected: ' + m:>26}" for m in MATCHERS)
    )
    for kind in (*REJECT, *REPORTED, *KEEP, "original"):
        judge_cell = f"{1 - rates.supported[kind]:.3f}"
        cells = "".join(f"{1 - rates.matched[m][kind]:>26.3f}" for m in MATCHERS)
        yield f"{kind:<15}{rates.n[kind]:>5}  {judge_cell:>18}{cells}"
    yield "(paraphrase, reorder and original must be kept: the lower the rejection, the better)"


def test_print_rates(rates: Rates, judge: Judge, capsys: pytest.CaptureFixture[str]) -> None:
    lines = list(_table(rates, judge))
    with capsys.disabled():  # visible in CI output without -s
        print("\n".join(lines))
    assert set(rates.n) == {*REJECT, *REPORTED, *KEEP, "original"}


# Measured with the lexical judge on the gold file (figures printed by test_print_rates),
# rejected by the judge / by the support matcher: whole_document 1.000 / 1.000 (350), glued
# 0.989 / 0.991 (350), negation 0.985 / 0.976 (335), negation_wide 0.989 / 0.983 (350), number
# 0.995 / 1.000 (189), date 1.000 / 0.991 (112), entity 1.000 / 0.996 (228), attribution
# 1.000 / 1.000 (13). Kept by the matcher: paraphrase, reorder and the gold claims 1.000.
# The support-hmean matcher rejects glued claims at 0.937 only; content-words rejects almost
# nothing.
# 0.95 leaves room for one-off misses of a future judge, not for a kind of claim to get through.
MIN_REJECTED: Final = 0.95
MIN_KEPT: Final = 0.95


@pytest.mark.parametrize("kind", REJECT)
def test_adversarial_claims_are_not_supported_by_the_evidence(rates: Rates, kind: str) -> None:
    assert rates.n[kind] >= 10
    assert 1 - rates.supported[kind] >= MIN_REJECTED, kind


@pytest.mark.parametrize("kind", REJECT)
def test_adversarial_claims_do_not_match_the_gold_claim(rates: Rates, kind: str) -> None:
    assert 1 - rates.matched[DEFAULT_CLAIM_MATCHER][kind] >= MIN_REJECTED, kind


@pytest.mark.parametrize("kind", KEEP)
def test_paraphrases_and_reorderings_still_match(rates: Rates, kind: str) -> None:
    assert rates.n[kind] >= 50
    assert rates.matched[DEFAULT_CLAIM_MATCHER][kind] >= MIN_KEPT, kind
    # the judge is no harder on them than on the gold claims themselves
    assert rates.supported[kind] >= rates.supported["original"] - 0.05, kind


def test_every_gold_claim_matches_itself(rates: Rates) -> None:
    assert rates.matched[DEFAULT_CLAIM_MATCHER]["original"] == 1.0


def test_the_minimum_rejects_more_than_the_harmonic_mean(rates: Rates) -> None:
    """Why the default combines the directions by their minimum: glued claims."""
    rejected = {m: 1 - rates.matched[m]["glued"] for m in ("support", "support-hmean")}
    assert rejected["support"] > rejected["support-hmean"]


def test_the_recall_only_matcher_is_fooled(rates: Rates) -> None:
    """The old default matches most adversarial claims (why it is no longer the default)."""
    assert rates.matched["content-words"]["whole_document"] >= 0.99
    assert rates.matched["content-words"]["glued"] >= 0.99


@pytest.mark.parametrize("doc_id", sorted(gold_documents()))
def test_forty_copies_of_the_document_score_zero_precision(doc_id: str) -> None:
    doc = gold_documents()[doc_id]
    claims = [Claim(text=doc.source_text, kind=ClaimKind.FACT, grounded=False)] * 40
    summary = Summary(title="t", summary="s", key_points=[], claims=claims, meta=stub_meta())
    score = score_document(summary, doc)
    assert score.matcher == f"{DEFAULT_CLAIM_MATCHER}:{DEFAULT_JUDGE}"
    assert score.claims.n_matched == 0 and score.claims.precision == 0.0
    threshold = get_judge(DEFAULT_JUDGE).threshold
    assert all(
        m.gold_to_pred is not None and m.gold_to_pred < threshold for m in score.claims.matches
    )
    gamed = score_document(summary, doc, "content-words")
    # the recall-only matcher pairs (nearly) every copy with a gold claim of its own
    assert gamed.claims.n_matched >= min(40, len(doc.claims)) - 1


def test_repeating_a_gold_claim_earns_one_match() -> None:
    doc = gold_documents()["000_seed_isis"]
    claims = [Claim(text=doc.claims[5].text, kind=ClaimKind.FACT, grounded=False)] * 40
    summary = Summary(title="t", summary="s", key_points=[], claims=claims, meta=stub_meta())
    score = score_document(summary, doc)
    assert score.claims.n_matched == 1 and score.claims.precision == pytest.approx(1 / 40)
    assert [m.failed for m in score.claims.matches].count("taken") == 39


# --- the product's path: verify_claims, frame and all -----------------------------------------

# Measured with the lexical judge through ``verify_claims`` (each variant on the original gold
# claim's evidence spans in its document, the frame, the full names the evidence refers to
# (``_coref``) and the checks on the evidence sentences included), share rejected:
# whole_document 1.000 (350), glued 0.969 (350), negation 0.973 (335), negation_wide 0.977
# (350), number 0.995 (189), date 0.973 (112), entity 0.965 (228), attribution 0.923 (13);
# share kept: paraphrase 0.962 (105), reorder 0.959 (148), the gold claims themselves 0.954
# (350; 0.500 against their bare quotes, as above). Without ``_coref``: negation_wide 0.980,
# paraphrase 0.952, reorder 0.905, gold claims 0.937. Before the rules of issue 20's third
# round (each sentence stated and cited, names of several words swapped, an added negation,
# the document's headline year; evals/MATCHERS.md): glued 0.871, negation 0.967,
# negation_wide 0.969, date 0.964, entity 0.934; kept paraphrase 0.895, reorder 0.899, gold
# claims 0.917. The one attribution miss was a true variant: "According to Elena Vasquez,
# ..." where the evidence says "The majority found that ..." and the sentence before it
# "Writing for the majority, Judge Elena Vasquez held ..."; the swapped source is now never
# one named in the evidence's paragraph ("According to Robert Hale, ...", who dissented), and
# attribution is 1.000 (13).
# The floors sit 0.01-0.02 under these figures: a rate that collapses fails, a kind that
# improves is free to.
PRODUCT_FLOORS: Final[dict[str, float]] = {
    "whole_document": 0.98, "glued": 0.955, "negation": 0.96, "negation_wide": 0.96,
    "number": 0.98, "date": 0.96, "entity": 0.95, "attribution": 0.98,
    "paraphrase": 0.95, "reorder": 0.945, "original": 0.94,
}  # fmt: skip


@pytest.fixture(scope="module")
def product_rates(judge: Judge) -> dict[str, float]:
    """Per kind, the share the product's ``verify_claims`` calls supported."""
    variants = generate() + _controls(judge)
    by_doc: dict[str, list[Variant]] = defaultdict(list)
    for v in variants:
        by_doc[v.doc].append(v)
    hits: dict[str, list[bool]] = defaultdict(list)
    for doc_id, group in by_doc.items():
        gold = gold_documents()[doc_id]
        claims = [
            Claim(
                text=v.text,
                kind=ClaimKind.FACT,
                evidence=[
                    Evidence(
                        quote=e.quote,
                        start=e.start,
                        end=e.end,
                        alignment=Alignment.EXACT,
                        score=1.0,
                    )
                    for e in gold.claims[v.gold].evidence
                ],
            )
            for v in group
        ]
        verified = verify_claims(claims, judge, Document(gold.source_text)).claims
        for v, claim in zip(group, verified, strict=True):
            hits[v.kind].append(claim.support is not None and claim.support.supported is True)
    return {kind: float(np.mean(h)) for kind, h in hits.items()}


@pytest.mark.parametrize("kind", sorted(PRODUCT_FLOORS))
def test_the_product_path_holds_its_floors(product_rates: dict[str, float], kind: str) -> None:
    share = product_rates[kind] if kind in (*KEEP, "original") else 1 - product_rates[kind]
    assert share >= PRODUCT_FLOORS[kind], (kind, round(share, 3))


def test_a_swapped_source_is_not_one_the_evidence_paragraph_names() -> None:
    """A source named beside the evidence may be the one who says it ("Writing for the
    majority, Judge Elena Vasquez held ... The majority found that ..."): putting that source
    in is no wrong claim, so the generator takes another."""
    docs = gold_documents()
    swapped = [v for v in generate() if v.kind == "attribution"]
    assert len(swapped) >= 10
    for v in swapped:
        doc = docs[v.doc]
        near = paragraphs(doc, doc.claims[v.gold])
        assert v.attributed_to is not None
        assert v.attributed_to.split()[-1] not in near, (v.text, near[:200])
