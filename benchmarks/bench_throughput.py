"""Throughput: 1,000 documents through ``astream_summaries`` against a replay server.

The server answers each request with a recorded llama.cpp response after 200 ms and serves 64
at once; the client runs 64 at once, cache off. The ideal wall time is 1000 x 0.2 / 64 s; the
target is at most 1.05 x ideal. Prints one JSON line.

Run: ``python benchmarks/bench_throughput.py`` (``--profile FILE`` writes a cProfile dump).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import time

from _common import numbered, replay_options, report, seed_text
from replay_server import replay_server

from summarizer import Summarizer
from summarizer._batch import BatchLedger, astream_summaries

DOCS, LATENCY, CAPACITY, CONCURRENCY = 1000, 0.2, 64, 64


async def run(base_url: str, docs: int, concurrency: int) -> tuple[float, BatchLedger, float]:
    text = seed_text()
    ledger = BatchLedger()
    async with Summarizer(**replay_options(base_url)) as summarizer:
        # One warm-up call outside the timing: imports, connection pool, schema caches.
        await summarizer.asummarize(numbered(text, -1))
        cpu = time.process_time()
        started = time.perf_counter()
        items = ((i, numbered(text, i)) for i in range(docs))
        async for _ in astream_summaries(items, summarizer, concurrency=concurrency, ledger=ledger):
            pass
        wall = time.perf_counter() - started
        cpu = time.process_time() - cpu
    return wall, ledger, cpu


async def raw(base_url: str, docs: int, concurrency: int) -> float:
    """Harness check: the same requests as bare aiohttp POSTs, no summarizer, no openai."""
    import aiohttp

    body = {"model": "m", "messages": [{"role": "user", "content": seed_text()}]}
    gate = asyncio.Semaphore(concurrency)
    async with aiohttp.ClientSession() as session:

        async def post() -> None:
            async with gate, session.post(f"{base_url}/chat/completions", json=body) as response:
                await response.json()

        started = time.perf_counter()
        await asyncio.gather(*(post() for _ in range(docs)))
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=DOCS)
    parser.add_argument("--latency", type=float, default=LATENCY)
    parser.add_argument("--capacity", type=int, default=CAPACITY)
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY)
    parser.add_argument("--profile", help="write a cProfile dump of the timed run here")
    parser.add_argument(
        "--no-harness-check", action="store_true", help="skip the bare-HTTP harness check"
    )
    args = parser.parse_args()
    with replay_server(latency=args.latency, capacity=args.capacity) as server:
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        wall, ledger, cpu = asyncio.run(run(server.base_url, args.docs, args.concurrency))
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
        stats = server.stats()
        harness = (
            None
            if args.no_harness_check
            else asyncio.run(raw(server.base_url, args.docs, args.concurrency))
        )
    slots = min(args.capacity, args.concurrency)
    ideal = args.docs * args.latency / slots
    report(
        {
            "benchmark": "throughput",
            "figure": "wall_s",
            "wall_s": round(wall, 3),
            "ideal_s": round(ideal, 3),
            "ratio": round(wall / ideal, 3),
            "target": "wall_s <= 1.05 x ideal_s",
            "met": wall <= 1.05 * ideal,
            "docs_per_s": round(args.docs / wall, 1),
            "client_cpu_s": round(cpu, 3),
            "client_cpu_ms_per_doc": round(1000 * cpu / args.docs, 2),
            "harness_check_raw_http_s": round(harness, 3) if harness is not None else None,
            "done": ledger.done,
            "failed": ledger.failed,
            "server_chat_requests": stats["chat_requests"],
            "server_max_in_flight": stats["max_in_flight"],
            "params": {
                "docs": args.docs,
                "latency_s": args.latency,
                "server_capacity": args.capacity,
                "client_concurrency": args.concurrency,
                "cache": False,
                "profiled": bool(args.profile),
            },
        }
    )


if __name__ == "__main__":
    main()
