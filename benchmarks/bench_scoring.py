"""Time the scorer: 1,000 documents x 20 predicted x 20 gold claims, default matcher; and
measure the memory of scoring one document with many claims.

Prints one JSON line: ``match_aggregate_s`` (claim similarity + assignment + aggregation, no
ROUGE) and ``full_score_document_s`` (``score_document`` with ROUGE, plus aggregation).
Run: ``python benchmarks/bench_scoring.py``.

``python benchmarks/bench_scoring.py --memory 10000`` instead scores a predictions file whose
one document (the seed article, 29 gold claims) has that many claims, through ``summarizer
eval GOLD --predictions FILE`` in a fresh child process, and prints the child's peak RSS
(``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``), wall time, exit code and last stderr line.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


ROOT = Path(__file__).resolve().parent.parent
SEED_ID = "000_seed_isis"


def _many_claims(folder: Path, n_claims: int) -> tuple[Path, Path]:
    """A one-document gold file (the seed article) and a predictions file with ``n_claims``
    claims for it: each a source sentence with a numbered suffix, its evidence the sentence."""
    from summarizer._document import split_sentences

    gold_lines = (ROOT / "evals" / "gold" / "gold.jsonl").read_text(encoding="utf-8")
    record = next(json.loads(x) for x in gold_lines.splitlines() if SEED_ID in x)
    source = (ROOT / "evals" / "gold" / record.pop("source_path")).read_text(encoding="utf-8")
    record["source"] = source
    gold = folder / "gold.jsonl"
    gold.write_text(json.dumps(record) + "\n", encoding="utf-8")
    sentences = split_sentences(source)
    claims = []
    for i in range(n_claims):
        s = sentences[i % len(sentences)]
        evidence = [{"quote": s.text, "start": s.start, "end": s.end, "alignment": "exact",
                     "score": 1.0}]  # fmt: skip
        claims.append({"text": f"{s.text} (variant {i})", "kind": "fact", "evidence": evidence})
    meta = {"model": "m", "backend": "b", "mode": "tools", "evidence_mode": "quote",
            "template": {"name": "t", "sha256": ""}, "attempts": 1, "reasks": 0,
            "transport_retries": 0, "judge": "lexical"}  # fmt: skip
    result = {"title": "t", "summary": sentences[0].text, "key_points": [], "claims": claims,
              "meta": meta}  # fmt: skip
    predictions = folder / "predictions.jsonl"
    predictions.write_text(json.dumps({"id": SEED_ID, "result": result}) + "\n", "utf-8")
    return gold, predictions


def memory(n_claims: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        gold, predictions = _many_claims(folder, n_claims)
        command = [sys.executable, "-m", "summarizer", "eval", str(gold), "--predictions",
                   str(predictions), "--out", str(folder / "run")]  # fmt: skip
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        lines = done.stderr.strip().splitlines()
        return {
            "claims": n_claims,
            "predictions_mb": round(predictions.stat().st_size / 1e6, 2),
            "peak_rss_mb": round(peak_kib / 1024, 1),
            "wall_s": round(wall, 1),
            "exit_code": done.returncode,
            "stderr_last": lines[-1][:200] if lines else "",
        }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--memory", type=int, metavar="CLAIMS", help="measure scoring memory")
    args = parser.parse_args()
    if args.memory:
        print(json.dumps(memory(args.memory)))
        return
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
