"""Response cache: the same 1,000 distinct documents twice, with a disk cache in a temp dir.

The first run fills the cache through the replay server; the second must make zero server
calls and finish in at most 2 s. Documents are the seed article with an id line appended at the
END, so they differ but the recorded answer's sentence numbers stay valid. Prints one JSON line.

Run: ``python benchmarks/bench_cache.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from _common import numbered, replay_options, report, seed_text
from replay_server import replay_server

from summarizer import Summarizer
from summarizer._batch import BatchLedger, astream_summaries

DOCS, CONCURRENCY, TARGET_S = 1000, 64, 2.0


async def run(base_url: str, cache: Path, docs: int) -> tuple[float, BatchLedger]:
    text = seed_text()
    ledger = BatchLedger()
    async with Summarizer(cache=cache, **replay_options(base_url)) as summarizer:
        started = time.perf_counter()
        items = ((i, numbered(text, i)) for i in range(docs))
        async for _ in astream_summaries(items, summarizer, concurrency=CONCURRENCY, ledger=ledger):
            pass
        return time.perf_counter() - started, ledger


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=DOCS)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="summarizer-bench-cache-") as folder,
        replay_server(latency=0.0) as server,
    ):
        first_s, first = asyncio.run(run(server.base_url, Path(folder), args.docs))
        after_first = server.stats()["chat_requests"]
        second_s, second = asyncio.run(run(server.base_url, Path(folder), args.docs))
        second_calls = server.stats()["chat_requests"] - after_first
    report(
        {
            "benchmark": "cache",
            "figure": "second_run_s",
            "second_run_s": round(second_s, 3),
            "second_run_server_calls": second_calls,
            "target": f"second run: 0 server calls and <= {TARGET_S} s",
            "met": second_calls == 0 and second_s <= TARGET_S and second.cached == args.docs,
            "first_run_s": round(first_s, 3),
            "first_run_server_calls": after_first,
            "first_run_done": first.done,
            "second_run_cached": second.cached,
            "second_run_ms_per_doc": round(1000 * second_s / args.docs, 3),
            "params": {"docs": args.docs, "concurrency": CONCURRENCY, "server_latency_s": 0.0},
        }
    )


if __name__ == "__main__":
    main()
