"""The seed article end to end with the real embedded model (SmolLM2-135M via llama.cpp).

``Summarizer()`` with no options: the default local backend starts its llama.cpp server. The
cold figure holds the server's start (model load) and the first call; the warm figure is a
second call on the same ``Summarizer``. Completion tokens per second = completion tokens (all
attempts) / the model-call time in ``meta.latency_s``. It takes the CPU for a minute or more:
run it last, alone. Prints one JSON line.

With ``--busy``, the warm runs are repeated while one CPU-bound process (a Python busy loop)
runs beside them, as on a user's laptop: issue 12's bar is "within 3x its idle time".

Run: ``python benchmarks/bench_embedded.py [--busy]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
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
        "unsupported_claims": meta.unsupported_claims,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--warm-runs", type=int, default=1)
    parser.add_argument("--busy", action="store_true", help="also run warm beside a busy loop")
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
        busy: list[dict[str, Any]] = []
        if args.busy:
            loop = subprocess.Popen([sys.executable, "-c", "while True: pass"])
            try:
                time.sleep(1.0)
                busy = [one(summarizer, text) for _ in range(args.warm_runs)]
            finally:
                loop.kill()
                loop.wait()
    finally:
        summarizer.close()
    ratio = round(busy[-1]["seconds"] / warm[-1]["seconds"], 2) if busy else None
    report(
        {
            "benchmark": "embedded",
            "figure": "seconds for the seed article, cold (incl. server start) and warm",
            "cold_s": cold["seconds_incl_server_start"],
            "warm_s": warm[-1]["seconds"],
            "completion_tokens_per_s": warm[-1].get("completion_tokens_per_s"),
            "busy_s": busy[-1]["seconds"] if busy else None,
            "busy_over_idle": ratio,
            "target": "warm <= 60 s; beside a busy process <= 3x warm",
            "met": warm[-1]["seconds"] <= 60 and (ratio is None or ratio <= 3.0),
            "cold": cold,
            "warm": warm,
            "busy": busy,
            "params": {
                "backend": settings.backend,
                "model": settings.model,
                "evidence_mode": settings.evidence_mode,
                "max_tokens": settings.max_tokens,
                "max_reasks": settings.max_reasks,
                "strategy": settings.strategy,
                "cores": os.cpu_count(),
            },
        }
    )


if __name__ == "__main__":
    main()
