"""Time the ``lexical`` support judge per claim–evidence pair on the gold file's claims.

Claims and evidence are those of ``evals/gold/gold.jsonl`` (each claim's evidence quotes joined
into one premise). Three figures, each the best of ``REPEATS`` runs:

- ``matrix_cold_ms_per_pair``: ``score_matrix`` of every claim against every premise (all
  documents at once), text analysis caches cleared first, so every text is read from scratch;
- ``matrix_warm_ms_per_pair``: the same with the analyses cached (a claim re-judged);
- ``verdicts_cold_ms_per_pair``: ``verdicts`` of each claim against its own evidence (the
  product's call: pairwise, with the reason for unsupported pairs), caches cleared;
- ``verdicts_new_texts_ms_per_pair``: the same with only the text analyses cleared and the word
  stem cache warm, as in a process that has judged other documents before;
- ``verify_claims_ms_per_claim``: the product's whole step (``verify_claims``: language
  detection, the frame, the hard checks on the evidence sentences, the aligned name and
  clause checks) per gold claim, every cache cleared;
- ``document_words_ms_per_doc`` and ``detect_language_ms_per_doc``: the two readings of a whole
  document that ``verify_claims`` makes once per document (its word set for the name check,
  its language), per gold document, caches cleared (the word stems too for the first).

Each figure is CPU time of this process (``time.process_time``), which a busy machine inflates
much less than wall time; the wall times are printed beside them (``*_wall_*``).

Target: ≤ 0.2 ms per pair. Run: ``python benchmarks/bench_judge.py``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from _common import report

from summarizer import _support_lexical
from summarizer._document import Document
from summarizer._judges import get_judge
from summarizer._schema import Alignment, Claim, Evidence
from summarizer._support_lexical import analyse, document_words
from summarizer._verify import document_language, verify_claims
from summarizer.evaluation._gold import load_gold
from summarizer.text import _language, detect_language

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
    _support_lexical._sentence.cache_clear()
    document_words.cache_clear()
    document_language.cache_clear()
    if stems:
        _support_lexical._facts.cache_clear()
        _language.plain.cache_clear()
        _language._fold.cache_clear()
        _language._stem.cache_clear()


def _documents() -> list[tuple[Document, list[Claim]]]:
    out = []
    for doc in load_gold(GOLD).documents:
        claims = [
            Claim(
                text=c.text,
                kind=c.kind,
                evidence=[
                    Evidence(
                        quote=e.quote, start=e.start, end=e.end, alignment=Alignment.EXACT, score=1
                    )
                    for e in c.evidence
                ],
            )
            for c in doc.claims
        ]
        out.append((Document(doc.source_text), claims))
    return out


def _best(run: object, *, cold: bool, stems: bool = True) -> tuple[float, float]:
    """Best CPU and best wall seconds over ``REPEATS`` runs."""
    cpu, wall = [], []
    for _ in range(REPEATS):
        if cold:
            _clear(stems=stems)
        start, start_cpu = time.perf_counter(), time.process_time()
        run()  # type: ignore[operator]
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    return min(cpu), min(wall)


def main() -> None:
    judge = get_judge("lexical")
    claims, premises = _pairs()
    n_matrix = len(claims) * len(premises)
    cold, cold_wall = _best(lambda: judge.score_matrix(claims, premises), cold=True)
    warm, _ = _best(lambda: judge.score_matrix(claims, premises), cold=False)
    pairwise, pairwise_wall = _best(lambda: judge.verdicts(claims, premises), cold=True)
    new_texts, _ = _best(lambda: judge.verdicts(claims, premises), cold=True, stems=False)
    supported = sum(v.supported for v in judge.verdicts(claims, premises))
    documents = _documents()
    n_claims = sum(len(c) for _, c in documents)
    verify, _ = _best(lambda: [verify_claims(c, judge, d) for d, c in documents], cold=True)
    texts = [(d.text, document_language(d.text).code) for d, _ in documents]
    words, _ = _best(lambda: [document_words(t, code) for t, code in texts], cold=True)
    detect, _ = _best(lambda: [detect_language(t) for t, _ in texts], cold=True)
    per_pair = 1000 / len(claims)
    cold_ms = 1000 * cold / n_matrix
    report(
        {
            "benchmark": "lexical judge cost per claim-evidence pair (CPU ms)",
            "claims": len(claims),
            "premises": len(premises),
            "matrix_pairs": n_matrix,
            "matrix_cold_ms_per_pair": round(cold_ms, 5),
            "matrix_cold_wall_ms_per_pair": round(1000 * cold_wall / n_matrix, 5),
            "matrix_warm_ms_per_pair": round(1000 * warm / n_matrix, 5),
            "verdicts_cold_ms_per_pair": round(pairwise * per_pair, 4),
            "verdicts_cold_wall_ms_per_pair": round(pairwise_wall * per_pair, 4),
            "verdicts_new_texts_ms_per_pair": round(new_texts * per_pair, 4),
            "verify_claims_ms_per_claim": round(1000 * verify / n_claims, 4),
            "document_words_ms_per_doc": round(1000 * words / len(texts), 4),
            "detect_language_ms_per_doc": round(1000 * detect / len(texts), 4),
            "documents": len(texts),
            "gold_claims_supported_by_own_quotes": f"{supported}/{len(claims)}",
            "target_ms_per_pair": TARGET_MS,
            "met": max(cold_ms, pairwise * per_pair) <= TARGET_MS,
            "repeats": REPEATS,
        }
    )


if __name__ == "__main__":
    main()
