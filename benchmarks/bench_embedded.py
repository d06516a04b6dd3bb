"""The seed article end to end with the real embedded model (SmolLM2-135M via llama.cpp).

``Summarizer()`` with no options: the default local backend starts its llama.cpp server. The
cold figure holds the server's start (model load) and the first call; the warm figure is a
second call on the same ``Summarizer``. Completion tokens per second = completion tokens (all
attempts) / the model-call time in ``meta.latency_s``. It takes the CPU for a minute or more:
run it last, alone. Prints one JSON line.

Run: ``python benchmarks/bench_embedded.py``.
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any

from _common import report, seed_text

from summarizer import Summarizer, SummarizerError
from summarizer._settings import Settings


def one(summarizer: Summarizer, text: str) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        result = summarizer.summarize(text)
    except SummarizerError as exc:
        return {"seconds": round(time.perf_counter() - started, 2), "error": str(exc)[:300]}
    seconds = time.perf_counter() - started
    meta = result.meta
    return {
        "seconds": round(seconds, 2),
        "model_call_s": meta.latency_s,
        "attempts": meta.attempts,
        "prompt_tokens": meta.usage.prompt_tokens,
        "completion_tokens": meta.usage.completion_tokens,
        "completion_tokens_per_s": round(meta.usage.completion_tokens / meta.latency_s, 1),
        "claims": len(result.claims),
        "ungrounded_claims": meta.ungrounded_claims,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--warm-runs", type=int, default=1)
    args = parser.parse_args()
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "SUMMARIZER_BASE_URL", "SUMMARIZER_BACKEND"):
        os.environ.pop(name, None)  # the default: the embedded backend
    text = seed_text()
    started = time.perf_counter()
    summarizer = Summarizer()
    settings: Settings = summarizer.settings
    try:
        cold = one(summarizer, text)
        cold["seconds_incl_server_start"] = round(time.perf_counter() - started, 2)
        warm = [one(summarizer, text) for _ in range(args.warm_runs)]
    finally:
        summarizer.close()
    report(
        {
            "benchmark": "embedded",
            "figure": "seconds for the seed article, cold (incl. server start) and warm",
            "cold_s": cold["seconds_incl_server_start"],
            "warm_s": warm[-1]["seconds"],
            "completion_tokens_per_s": warm[-1].get("completion_tokens_per_s"),
            "target": "none (reported)",
            "met": None,
            "cold": cold,
            "warm": warm,
            "params": {
                "backend": settings.backend,
                "model": settings.model,
                "evidence_mode": settings.evidence_mode,
                "max_tokens": settings.max_tokens,
                "max_reasks": settings.max_reasks,
                "threads": os.cpu_count(),
            },
        }
    )


if __name__ == "__main__":
    main()
