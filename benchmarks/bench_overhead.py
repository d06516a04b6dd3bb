"""Client overhead per document on the seed article, excluding the server's time.

Two measurements, both over ``--runs`` runs after a warm-up:

* ``end_to_end`` (the figure held against the targets): wall time of ``Summarizer.summarize()``
  against the replay server at latency 0, minus the server's own handling time for that request
  (reported by the server). It holds everything the client does: template render, request
  build (instructor + openai), HTTP over loopback, response parse, draft validation, grounding
  and ``Summary`` construction.
* ``pieces``: the library's own steps timed directly, without HTTP, openai or instructor:
  ``prepare()`` (split + render), the request options, parsing the recorded response body,
  validating the draft with grounding, and building the ``Summary``.

Targets: p50 <= 2 ms, p99 <= 10 ms. Prints one JSON line.
Run: ``python benchmarks/bench_overhead.py``.
"""

from __future__ import annotations

import argparse
import statistics
import time

from _common import replay_options, report, seed_text
from openai.types.chat import ChatCompletion
from replay_server import SEED_CASSETTE, recorded_interaction, replay_server

from summarizer import Document, Summarizer
from summarizer._model import Reply
from summarizer._pipeline import summarize_document

WARMUP, RUNS = 20, 300
P50_TARGET_MS, P99_TARGET_MS = 2.0, 10.0


def quantiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    cut = statistics.quantiles(ordered, n=100, method="inclusive")
    return {
        "p50_ms": round(1000 * statistics.median(ordered), 3),
        "p99_ms": round(1000 * cut[98], 3),
        "mean_ms": round(1000 * statistics.fmean(ordered), 3),
        "max_ms": round(1000 * ordered[-1], 3),
    }


def end_to_end(runs: int) -> dict[str, float]:
    text = seed_text()
    with replay_server(latency=0.0) as server, Summarizer(**replay_options(server.base_url)) as s:
        for _ in range(WARMUP):
            s.summarize(text)
        server.reset()
        walls = []
        for _ in range(runs):
            started = time.perf_counter()
            result = s.summarize(text)
            walls.append(time.perf_counter() - started)
            assert result.claims and result.meta.attempts == 1
        handled = server.stats()["handling_s_all"]
    assert len(handled) == runs, "one server request per summarize()"
    client = [wall - server_s for wall, server_s in zip(walls, handled, strict=True)]
    return {
        **quantiles(client),
        "wall_p50_ms": round(1000 * statistics.median(walls), 3),
        "server_p50_ms": round(1000 * statistics.median(handled), 3),
    }


def pieces(runs: int) -> dict[str, float]:
    """The I/O-free pipeline alone: prompt, request body, parse, grounding, support, result
    (the recorded completion is handed straight to the exchange, no HTTP)."""
    text = seed_text()
    body = recorded_interaction(SEED_CASSETTE)["body"]
    s = Summarizer(**replay_options("http://127.0.0.1:9/v1"))
    context = s.context(s.settings.model or "recorded")
    samples = []
    for i in range(WARMUP + runs):
        started = time.perf_counter()
        exchange = summarize_document(context, Document(text))
        next(exchange)
        try:
            exchange.send(Reply(ChatCompletion.model_validate_json(body), 0))
        except StopIteration as done:
            result = done.value
        elapsed = time.perf_counter() - started
        assert result.claims
        if i >= WARMUP:
            samples.append(elapsed)
    s.close()
    return quantiles(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    e2e = end_to_end(args.runs)
    parts = pieces(args.runs)
    report(
        {
            "benchmark": "overhead",
            "figure": "end_to_end client ms per document (wall minus server handling)",
            "p50_ms": e2e["p50_ms"],
            "p99_ms": e2e["p99_ms"],
            "target": f"p50 <= {P50_TARGET_MS} ms, p99 <= {P99_TARGET_MS} ms",
            "met": e2e["p50_ms"] <= P50_TARGET_MS and e2e["p99_ms"] <= P99_TARGET_MS,
            "end_to_end": e2e,
            "pieces": parts,
            "pieces_met": parts["p50_ms"] <= P50_TARGET_MS and parts["p99_ms"] <= P99_TARGET_MS,
            "params": {"runs": args.runs, "warmup": WARMUP, "document": "seed article"},
        }
    )


if __name__ == "__main__":
    main()
