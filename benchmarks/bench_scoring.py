"""Time the scorer: 1,000 documents x 20 predicted x 20 gold claims, default matcher.

Prints one JSON line: ``match_aggregate_s`` (claim similarity + assignment + aggregation, no
ROUGE) and ``full_score_document_s`` (``score_document`` with ROUGE, plus aggregation).
Run: ``python benchmarks/bench_scoring.py``.
"""

from __future__ import annotations

import json
import random
import time

from summarizer._schema import Claim, ClaimKind, Meta, Summary, TemplateInfo
from summarizer.evaluation._aggregate import aggregate
from summarizer.evaluation._gold import GoldClaim, GoldDocument
from summarizer.evaluation._matching import DEFAULT_MATCHER, get_matcher
from summarizer.evaluation._scoring import score_document

N_DOCS, N_CLAIMS, WORDS = 1000, 20, 12


def _corpus(rng: random.Random) -> list[tuple[Summary, GoldDocument]]:
    vocab = [f"w{i}" for i in range(3000)] + ["the", "of", "in", "said", "12", "2015"]
    meta = Meta(
        model="m",
        backend="b",
        mode="json",
        evidence_mode="quote",
        template=TemplateInfo(name="t", sha256=""),
        attempts=1,
        reasks=0,
        transport_retries=0,
    )
    docs = []
    for d in range(N_DOCS):
        topic = rng.sample(vocab, 150)  # claims of one document share words, as real ones do
        gold_texts = [" ".join(rng.choices(topic, k=WORDS)) for _ in range(N_CLAIMS)]
        pred_texts = [
            " ".join(rng.sample(g.split(), WORDS - 3) + rng.choices(topic, k=3)) for g in gold_texts
        ]
        rng.shuffle(pred_texts)
        gold = GoldDocument(
            id=str(d),
            kind=None,
            source_text="x",
            source_path=None,
            summary=" ".join(gold_texts[:3]),
            key_points=gold_texts[:3],
            claims=[
                GoldClaim(text=t, kind=ClaimKind.FACT, attributed_to=None, evidence=[])
                for t in gold_texts
            ],
        )
        pred = Summary(
            title="t",
            summary=" ".join(pred_texts[:3]),
            key_points=pred_texts[:3],
            claims=[Claim(text=t, kind=ClaimKind.FACT) for t in pred_texts],
            meta=meta,
        )
        docs.append((pred, gold))
    return docs


def main() -> None:
    docs = _corpus(random.Random(0))
    matcher = get_matcher(DEFAULT_MATCHER)
    start = time.perf_counter()
    fast = [score_document(p, g, matcher, rouge=False) for p, g in docs]
    aggregate(fast)
    match_s = time.perf_counter() - start
    start = time.perf_counter()
    full = [score_document(p, g, matcher) for p, g in docs]
    aggregate(full)
    full_s = time.perf_counter() - start
    print(
        json.dumps(
            {
                "docs": N_DOCS,
                "claims_per_side": N_CLAIMS,
                "matcher": matcher.name,
                "match_aggregate_s": round(match_s, 3),
                "full_score_document_s": round(full_s, 3),
                "mean_claims_f1": round(sum(s.claims.f1 for s in fast) / len(fast), 3),
                "target_s": 2.0,
            }
        )
    )


if __name__ == "__main__":
    main()
