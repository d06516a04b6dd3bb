"""The batch engine: submit → status --wait → collect against the Files + Batches API test
double (``tests/support/batch_api_double.py``, real HTTP on 127.0.0.1), the CLI in child processes.

``done-when``: 2,000 documents, a limit of 500 requests per file, 2 % of the lines failing,
every third batch expiring half-way; submit → status --wait → collect, then once more (only
what has no answer). Reports results, ids seen once, the most answers any custom id got, the
uploads and batches created, and whether a collected result carries the same claims and support
verdicts as a live ``summarize`` of the same answer.

``cost``: CPU time (user + system) and peak RSS (``VmHWM``) of ``batch submit`` and ``batch
collect`` for small documents (the seed article's first 12 sentences and a line naming the
document, about 1.8 kB), at each ``--documents`` size, each command a fresh child process,
with the machine's 5-minute load average when it ended. Flat memory: the largest size's peaks
within about 10 % of the smallest's.

Run: ``python benchmarks/bench_batch.py done-when`` and
``python benchmarks/bench_batch.py cost --documents 10000 100000``. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _common import MODEL, replay_options, report, seed_text  # noqa: E402

from summarizer import Summarizer, Summary  # noqa: E402
from summarizer._document import Document  # noqa: E402
from summarizer._settings import option_variables  # noqa: E402
from tests.support.batch_api_double import BatchScript, batch_api_double  # noqa: E402
from tests.support.batch_support import KEY, RECORDED, recorded_answer  # noqa: E402


def child(out: Path, args: list[str]) -> None:
    """Run ``summarizer ARGS`` in this process, then write its CPU time and peak RSS."""
    from summarizer.cli import main

    sys.argv = ["summarizer", *args]
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec.
    status = Path("/proc/self/status").read_text().splitlines()
    peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    out.write_text(json.dumps({"code": code, "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
                               "peak_rss_mb": round(peak_kb / 1024, 1)}))  # fmt: skip


def env_for(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    env.update(OPENAI_API_KEY=KEY, PYTHONPATH=str(ROOT))
    for name, value in replay_options(url).items():
        if value is not None and name not in ("backend", "model", "base_url", "api_key"):
            env[option_variables(name)[0]] = str(value)
    return env


def run(args: list[str], env: dict[str, str], work: Path) -> dict[str, Any]:
    out = work / "usage.json"
    started = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "child", str(out), "--", *args], env=env,
                          capture_output=True, text=True, check=False)  # fmt: skip
    figures: dict[str, Any] = json.loads(out.read_text())
    figures["wall_s"] = round(time.perf_counter() - started, 2)
    figures["load_avg_5min"] = round(os.getloadavg()[1], 1)  # the machine's load meanwhile
    figures["stderr_tail"] = done.stderr.strip().splitlines()[-1:] if done.stderr else []
    return figures


def write_docs(path: Path, texts: list[str]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for number, text in enumerate(texts):
            out.write(json.dumps({"id": f"doc-{number:06d}", "text": text}) + "\n")


def commands(docs: Path, manifest: Path, results: Path, url: str, per_file: int) -> list[list[str]]:
    return [
        ["batch", "submit", "--input", str(docs), "--manifest", str(manifest), "--model", MODEL,
         "--base-url", url, "--max-requests-per-file", str(per_file)],
        ["batch", "status", "--manifest", str(manifest), "--wait", "--poll-interval", "0.05"],
        ["batch", "collect", "--manifest", str(manifest), "--input", str(docs),
         "--output", str(results)],
    ]  # fmt: skip


def done_when() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        docs, manifest, results = work / "docs.jsonl", work / "m.json", work / "results.jsonl"
        write_docs(docs, [seed_text()] * 2000)
        script = BatchScript(recorded_answer, max_requests_per_file=500, fail_share=0.02,
                             expire_every=3)  # fmt: skip
        steps: list[dict[str, Any]] = []
        with batch_api_double(script) as double:
            env = env_for(double.url)
            for round_ in (1, 2):
                for args in commands(docs, manifest, results, double.url, 500):
                    steps.append({"round": round_, "command": args[1], **run(args, env, work)})
            rows = [json.loads(line) for line in results.read_text().splitlines()]
            ids = [row.get("id") for row in rows]
            figure = {
                "benchmark": "batch_done_when",
                "documents": 2000,
                "result_lines": len(rows),
                "results": sum("result" in row for row in rows),
                "distinct_ids": len(set(ids)),
                "most_answers_per_custom_id": max(double.answered.values()),
                "uploads": double.uploads,
                "batches_created": double.creates,
                "same_verdicts_as_live": same_as_live(rows[0]),
                "steps": steps,
            }
    figure["met"] = (figure["results"] == figure["distinct_ids"] == 2000
                     and figure["most_answers_per_custom_id"] == 1
                     and figure["same_verdicts_as_live"])  # fmt: skip
    report(figure)


def same_as_live(row: dict[str, Any]) -> bool:
    """A live ``summarize`` of the same answer (a loopback server replaying it) agrees."""
    from tests.support.loopback import Answer, Script, loopback_server

    script = Script([Answer(200, json.dumps(RECORDED))])
    with loopback_server(script) as url, Summarizer(**replay_options(url)) as live:
        expected = live.summarize(seed_text())
    got = Summary.model_validate(row["result"])
    return [c.model_dump() for c in got.claims] == [c.model_dump() for c in expected.claims]


def small_text(number: int) -> str:
    sentences = Document(seed_text()).sentences[:12]
    return seed_text()[: sentences[-1].end] + f"\n\nDocument id {number:06d}."


def cost(sizes: list[int], per_file: int, submit_only: bool) -> None:
    figures: dict[str, Any] = {}
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            work = Path(folder)
            docs, manifest, results = work / "docs.jsonl", work / "m.json", work / "results.jsonl"
            base = small_text(0)[: -len("000000.")]
            with docs.open("w", encoding="utf-8") as out:
                for number in range(size):
                    text = f"{base}{number:06d}."
                    out.write(json.dumps({"id": f"doc-{number:06d}", "text": text}) + "\n")
            script = BatchScript(recorded_answer, max_requests_per_file=per_file, steps=1)
            with batch_api_double(script) as double:
                env = env_for(double.url)
                submit, status, collect = commands(docs, manifest, results, double.url, per_file)
                measured = {"submit": run(submit, env, work)}
                print(json.dumps({"documents": size, **measured}), file=sys.stderr, flush=True)
                if submit_only:
                    figures[str(size)] = measured
                    continue
                run(status, env, work)
                measured["collect"] = run(collect, env, work)
                print(json.dumps({"documents": size, **measured}), file=sys.stderr, flush=True)
                lines = sum(1 for _ in results.open("rb"))
                measured["results"] = sum(1 for line in results.open("rb") if b'"result"' in line)
                measured["result_lines"] = lines
                measured["input_mb"] = round(docs.stat().st_size / 1e6, 1)
            figures[str(size)] = measured
    ordered = sorted(sizes)
    small, large = figures[str(ordered[0])], figures[str(ordered[-1])]
    growth = {
        step: round(large[step]["peak_rss_mb"] / small[step]["peak_rss_mb"] - 1, 3)
        for step in ("submit", "collect")
        if step in large and step in small
    }
    report({"benchmark": "batch_cost", "sizes": figures, "peak_rss_growth": growth,
            "met": all(g <= 0.10 for g in growth.values())})  # fmt: skip


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "child":
        child(Path(sys.argv[2]), sys.argv[4:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("done-when", "cost"))
    parser.add_argument("--documents", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--per-file", type=int, default=20_000)
    parser.add_argument("--submit-only", action="store_true", help="measure submit alone")
    options = parser.parse_args()
    if options.what == "done-when":
        done_when()
    else:
        cost(options.documents, options.per_file, options.submit_only)


if __name__ == "__main__":
    main()
