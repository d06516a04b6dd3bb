"""Peak memory when streaming 1,000 vs 10,000 documents from JSONL to JSONL.

Each size runs in a fresh child process that reads ``{"id", "text"}`` lines lazily, feeds them
through ``astream_summaries`` (concurrency 64) against the replay server, and writes each
result as one JSON line as it finishes: nothing is kept in memory. The child reports its peak
RSS (``resource.getrusage``, ``ru_maxrss``). Target: flat, the 10,000-document peak within
about 10% of the 1,000-document one. Prints one JSON line.

Run: ``python benchmarks/bench_memory.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from _common import numbered, replay_options, report, seed_text
from replay_server import replay_server

SIZES, CONCURRENCY, GROWTH_TARGET = (1000, 10000), 64, 0.10


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _read(path: Path) -> Iterator[tuple[str, str]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            yield record["id"], record["text"]


async def _stream(base_url: str, source: Path, target: Path) -> dict[str, float]:
    from summarizer import Summarizer
    from summarizer._batch import BatchLedger, astream_summaries

    ledger = BatchLedger()
    async with Summarizer(**replay_options(base_url)) as summarizer:
        await summarizer.asummarize(seed_text())  # warm: imports, pool, schema caches
        baseline = _peak_mb()
        started = time.perf_counter()
        with target.open("w", encoding="utf-8") as out:
            async for outcome in astream_summaries(
                _read(source), summarizer, concurrency=CONCURRENCY, ledger=ledger
            ):
                result = outcome.result
                payload = (
                    result.model_dump_json()
                    if hasattr(result, "model_dump_json")
                    else json.dumps({"error": str(result)})
                )
                out.write(f'{{"id": {json.dumps(outcome.key)}, "result": {payload}}}\n')
        return {
            "peak_rss_mb": round(_peak_mb(), 1),
            "rss_after_warmup_mb": round(baseline, 1),
            "seconds": round(time.perf_counter() - started, 2),
            "done": ledger.done,
            "failed": ledger.failed,
        }


def child(base_url: str, source: Path, target: Path) -> None:
    print(json.dumps(asyncio.run(_stream(base_url, source, target))))


def measure(base_url: str, folder: Path, size: int) -> dict[str, float]:
    source, target = folder / f"in-{size}.jsonl", folder / f"out-{size}.jsonl"
    text = seed_text()
    with source.open("w", encoding="utf-8") as out:
        for i in range(size):
            out.write(json.dumps({"id": f"doc-{i}", "text": numbered(text, i)}) + "\n")
    command = [sys.executable, __file__, "--child", base_url, str(source), str(target)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    with target.open(encoding="utf-8") as lines:
        figures["lines_written"] = sum(1 for _ in lines)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", nargs=3, metavar=("BASE_URL", "INPUT", "OUTPUT"))
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return
    with (
        tempfile.TemporaryDirectory(prefix="summarizer-bench-memory-") as folder,
        replay_server(latency=0.0) as server,
    ):
        runs = {size: measure(server.base_url, Path(folder), size) for size in args.sizes}
    small, large = runs[min(runs)], runs[max(runs)]
    growth = large["peak_rss_mb"] / small["peak_rss_mb"] - 1
    report(
        {
            "benchmark": "memory",
            "figure": "peak_rss_mb by document count",
            "peak_rss_mb": {str(size): run["peak_rss_mb"] for size, run in runs.items()},
            "growth": round(growth, 3),
            "target": f"growth <= {GROWTH_TARGET:.0%}",
            "met": growth <= GROWTH_TARGET,
            "runs": {str(size): run for size, run in runs.items()},
            "params": {"sizes": args.sizes, "concurrency": CONCURRENCY, "server_latency_s": 0.0},
        }
    )


if __name__ == "__main__":
    main()
