"""Time the ``lexical`` support judge per claim–evidence pair on the gold file's claims.

Claims and evidence are those of ``evals/gold/gold.jsonl`` (each claim's evidence quotes joined
into one premise). Three figures, each the best of ``REPEATS`` runs:

- ``matrix_cold_ms_per_pair``: ``score_matrix`` of every claim against every premise (all
  documents at once), text analysis caches cleared first, so every text is read from scratch;
- ``matrix_warm_ms_per_pair``: the same with the analyses cached (a claim re-judged);
- ``verdicts_cold_ms_per_pair``: ``verdicts`` of each claim against its own evidence (the
  product's call: pairwise, with the reason for unsupported pairs), caches cleared;
- ``verdicts_new_texts_ms_per_pair``: the same with only the text analyses cleared and the word
  stem cache warm, as in a process that has judged other documents before.

Target: ≤ 0.2 ms per pair. Run: ``python benchmarks/bench_judge.py``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from _common import report

from summarizer._support import get_judge
from summarizer._support_lexical import analyse, fold

GOLD = Path(__file__).resolve().parents[1] / "evals" / "gold" / "gold.jsonl"
REPEATS = 5
TARGET_MS = 0.2


def _pairs() -> tuple[list[str], list[str]]:
    claims, premises = [], []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        for claim in json.loads(line)["claims"]:
            quotes = [e["quote"] for e in claim["evidence"] if e.get("quote")]
            if quotes:
                claims.append(claim["text"])
                premises.append(" ".join(quotes))
    return claims, premises


def _clear(*, stems: bool = True) -> None:
    analyse.cache_clear()
    if stems:
        fold.cache_clear()


def _best(run: object, *, cold: bool, stems: bool = True) -> float:
    times = []
    for _ in range(REPEATS):
        if cold:
            _clear(stems=stems)
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    judge = get_judge("lexical")
    claims, premises = _pairs()
    n_matrix = len(claims) * len(premises)
    cold = _best(lambda: judge.score_matrix(claims, premises), cold=True)
    warm = _best(lambda: judge.score_matrix(claims, premises), cold=False)
    pairwise = _best(lambda: judge.verdicts(claims, premises), cold=True)
    new_texts = _best(lambda: judge.verdicts(claims, premises), cold=True, stems=False)
    supported = sum(v.supported for v in judge.verdicts(claims, premises))
    cold_ms = 1000 * cold / n_matrix
    report(
        {
            "benchmark": "lexical judge cost per claim-evidence pair",
            "claims": len(claims),
            "premises": len(premises),
            "matrix_pairs": n_matrix,
            "matrix_cold_s": round(cold, 3),
            "matrix_cold_ms_per_pair": round(cold_ms, 5),
            "matrix_warm_ms_per_pair": round(1000 * warm / n_matrix, 5),
            "verdicts_cold_ms_per_pair": round(1000 * pairwise / len(claims), 4),
            "verdicts_new_texts_ms_per_pair": round(1000 * new_texts / len(claims), 4),
            "gold_claims_supported_by_own_quotes": f"{supported}/{len(claims)}",
            "target_ms_per_pair": TARGET_MS,
            "met": max(cold_ms, 1000 * pairwise / len(claims)) <= TARGET_MS,
            "repeats": REPEATS,
        }
    )


if __name__ == "__main__":
    main()
