"""Corpus runs from the CLI: JSONL in, JSONL out, one line per id, resume after a kill;
several paths; the Batch API files. HTTP goes to a loopback server that answers with a
response recorded from the embedded model."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer import Summary
from summarizer.cli import app
from summarizer.evaluation import load_gold
from tests.support.common import CASSETTES, ROOT
from tests.support.loopback import Answer, Script, loopback_server, recorded_body

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

RECORDED = recorded_body(CASSETTES / "test_seed_article_sync.yaml")
# The embedded model's profile (its recorded answer is replayed): sentence evidence, one
# reask, and no reask for claims their evidence does not state (they are flagged).
ENV = {
    "SUMMARIZER_EVIDENCE_MODE": "sentence",
    "SUMMARIZER_MAX_REASKS": "1",
    "SUMMARIZER_REASK_UNSUPPORTED": "0",
}


def write_docs(path: Path, seed_text: str, count: int, extra: list[str] = ()) -> list[str]:
    ids = []
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            ids.append(f"doc-{i:03d}")
            text = f"{seed_text.rstrip()}\nCopy {i}.\n"
            out.write(json.dumps({"id": ids[-1], "text": text, "source": "test"}) + "\n")
        for line in extra:
            out.write(line + "\n")
    return ids


def read_lines(path: Path) -> list[dict]:
    raw = path.read_text(encoding="utf-8")
    assert raw.endswith("\n")
    return [json.loads(line) for line in raw.splitlines()]


def run_cli(*args: str) -> object:
    return CliRunner().invoke(app, list(args), env=ENV)


def test_jsonl_run_one_line_per_id(tmp_path: Path, seed_text: str) -> None:
    docs, results = tmp_path / "docs.jsonl", tmp_path / "results.jsonl"
    bad = ['{"id": "broken", "text": ', '{"id": "no-text"}', '{"id": "empty", "text": "  "}']
    ids = write_docs(docs, seed_text, 5, bad)
    script = Script([Answer(200, RECORDED)])
    with loopback_server(script) as url:
        outcome = run_cli(
            "summarize", "--input", str(docs), "--output", str(results),
            "--concurrency", "3", "--no-cache", "--base-url", url, "--model", "m",
        )  # fmt: skip
    assert outcome.exit_code == 1, outcome.output  # some inputs were bad
    rows = read_lines(results)
    by_id = {row["id"]: row for row in rows if "id" in row}
    by_line = {row["line"]: row for row in rows if "id" not in row}
    assert len(rows) == len(by_id) + len(by_line) == 8
    for doc_id in ids:
        Summary.model_validate(by_id[doc_id]["result"])
        assert by_id[doc_id]["metadata"] == {"source": "test"}
    assert by_line[6]["error"]["type"] == "MalformedLineError"  # invalid JSON: keyed by line
    assert by_id["no-text"]["error"]["type"] == "MalformedLineError"
    assert by_id["empty"]["error"]["type"] == "EmptyDocumentError"
    assert len(script.seen) == 5
    assert "failed 3" in outcome.stderr


def test_resume_skips_finished_ids_and_drops_a_torn_line(tmp_path: Path, seed_text: str) -> None:
    docs, results = tmp_path / "docs.jsonl", tmp_path / "results.jsonl"
    ids = write_docs(docs, seed_text, 6)
    script = Script([Answer(200, RECORDED)])
    with loopback_server(script) as url:
        args = ("summarize", "--input", str(docs), "--output", str(results),
                "--no-cache", "--base-url", url, "--model", "m")  # fmt: skip
        assert run_cli(*args).exit_code == 0
        first = results.read_text(encoding="utf-8").splitlines(keepends=True)
        # Keep two whole lines and half of a third, as a crash mid-write would.
        results.write_text("".join(first[:2]) + first[2][:40], encoding="utf-8")
        served = len(script.seen)
        assert run_cli(*args).exit_code == 0
    rows = read_lines(results)
    assert sorted(row["id"] for row in rows) == ids
    assert len(script.seen) - served == 4  # only the unfinished documents were redone


def test_killed_run_resumes_without_redoing_or_losing(tmp_path: Path, seed_text: str) -> None:
    docs, results = tmp_path / "docs.jsonl", tmp_path / "results.jsonl"
    ids = write_docs(docs, seed_text, 20)
    script = Script([Answer(200, RECORDED, delay=0.15)])
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    env.update(ENV)
    with loopback_server(script) as url:
        command = [
            sys.executable, "-m", "summarizer", "summarize", "--input", str(docs),
            "--output", str(results), "--no-cache", "--concurrency", "1",
            "--base-url", url, "--model", "m",
        ]  # fmt: skip
        process = subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if results.exists() and results.read_text(encoding="utf-8").count("\n") >= 5:
                break
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        done_before = results.read_text(encoding="utf-8").count("\n")
        assert 5 <= done_before < 20
        served = len(script.seen)
        finished = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, timeout=120)
        assert finished.returncode == 0, finished.stderr.decode()
    rows = read_lines(results)
    assert sorted(row["id"] for row in rows) == ids  # none missing, none twice
    assert len(script.seen) - served <= 20 - done_before + 1  # at most the one in flight redone


def test_several_paths_as_json_lines(tmp_path: Path, seed_text: str) -> None:
    a, b, c = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    a.write_text(seed_text, encoding="utf-8")
    b.write_text(seed_text + "\nMore.\n", encoding="utf-8")
    c.write_bytes(b"\xff\xfe not utf-8")
    with loopback_server(Script([Answer(200, RECORDED)])) as url:
        outcome = run_cli("summarize", str(a), str(b), str(c), "--json", "--base-url", url,
                          "--model", "m")  # fmt: skip
    assert outcome.exit_code == 1
    rows = [json.loads(line) for line in outcome.stdout.splitlines()]
    assert [row["id"] for row in rows] == [str(a), str(b), str(c)]
    assert "result" in rows[0] and "result" in rows[1]
    assert rows[2]["error"]["type"] == "DocumentDecodeError"


BATCH_DOCS = ROOT / "tests" / "data" / "batch_docs.jsonl"
BATCH_OUTPUT = ROOT / "tests" / "data" / "batch_output.jsonl"
BATCH_ENV = {"SUMMARIZER_EVIDENCE_MODE": "sentence", "SUMMARIZER_CHUNK_CHARS": "6000"}


def test_batch_prepare_writes_one_request_per_unit(tmp_path: Path) -> None:
    requests = tmp_path / "requests.jsonl"
    outcome = CliRunner().invoke(
        app,
        ["batch", "prepare", "--input", str(BATCH_DOCS), "--output", str(requests),
         "--model", "smollm2-135m-instruct"],
        env=BATCH_ENV,
    )  # fmt: skip
    assert outcome.exit_code == 0, outcome.output
    rows = read_lines(requests)
    assert [r["custom_id"] for r in rows] == [
        "brief", "abstract", "press-release", "court#chunk-0", "court#chunk-1"
    ]  # fmt: skip
    for row in rows:
        assert row["method"] == "POST" and row["url"] == "/v1/chat/completions"
        body = row["body"]
        assert body["tool_choice"]["function"]["name"] == "StructuredSummary"
        assert body["model"] == "smollm2-135m-instruct"


def test_batch_collect_from_a_recorded_output_file(tmp_path: Path) -> None:
    results = tmp_path / "results.jsonl"
    outcome = CliRunner().invoke(
        app,
        ["batch", "collect", str(BATCH_OUTPUT), "--input", str(BATCH_DOCS),
         "--output", str(results)],
        env=BATCH_ENV,
    )  # fmt: skip
    rows = read_lines(results)
    docs = {json.loads(line)["id"]: json.loads(line)["text"] for line in BATCH_DOCS.open()}
    assert [row["id"] for row in rows] == list(docs)
    ok = [row for row in rows if "result" in row]
    assert ok, outcome.output
    for row in ok:
        summary = Summary.model_validate(row["result"])
        for claim in summary.claims:
            for evidence in claim.evidence:
                assert docs[row["id"]][evidence.start : evidence.end] == evidence.quote
    court = next(row for row in rows if row["id"] == "court")
    if "result" in court:
        assert court["result"]["meta"]["chunks"] == 2
    assert outcome.exit_code == (0 if len(ok) == len(rows) else 1)


SECRET = "test-key-not-a-real-secret-7f3a9c"


def test_no_key_in_results_stderr_or_reports(tmp_path: Path, seed_text: str) -> None:
    """The key is sent (Authorization), and lands in no results file, report or log line."""
    docs, results = tmp_path / "docs.jsonl", tmp_path / "results.jsonl"
    write_docs(docs, seed_text, 2, ['{"id": "bad", "text": ""}'])
    script = Script([Answer(200, RECORDED)])
    with loopback_server(script) as url:
        outcome = CliRunner().invoke(
            app,
            ["--verbose", "summarize", "--input", str(docs), "--output", str(results),
             "--no-cache", "--base-url", url, "--model", "m"],
            env={**ENV, "OPENAI_API_KEY": SECRET},
        )  # fmt: skip
    sent = {k.lower(): v for k, v in script.seen[0][2].items()}
    assert sent["authorization"] == f"Bearer {SECRET}"
    assert SECRET not in results.read_text(encoding="utf-8")
    assert SECRET not in outcome.output


@pytest.mark.slow
def test_killed_eval_resumes_from_the_cache(tmp_path: Path) -> None:
    """An eval killed mid-run and started again asks the model only for documents it had not
    finished: finished ones come from the response cache."""
    out = tmp_path / "run"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    env.update(ENV, SUMMARIZER_CACHE_DIR=str(tmp_path / "cache"))
    script = Script([Answer(200, RECORDED, delay=0.3)])
    gold = ROOT / "evals" / "gold" / "gold.jsonl"
    with loopback_server(script) as url:
        command = [
            sys.executable, "-m", "summarizer", "eval", str(gold), "--out", str(out),
            "--concurrency", "1", "--base-url", url, "--model", "smollm2-135m-instruct",
            "--evidence-mode", "sentence", "--max-claims", "12",
        ]  # fmt: skip
        process = subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL)  # fmt: skip
        # The run is written into a hidden folder beside --out, renamed into place at the end.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            partial = list(tmp_path.glob(".run.partial-*/results.jsonl"))
            if partial and partial[0].read_text(encoding="utf-8").count("\n") >= 4:
                break
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert not out.exists()  # killed: no half-written run folder in its place
        text = partial[0].read_text(encoding="utf-8")
        before = [json.loads(line) for line in text.splitlines()]
        finished = sum(1 for row in before if "result" in row)
        assert finished >= 1
        served = len(script.seen)
        again = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, timeout=300)
        assert again.returncode == 0, again.stderr.decode()[-2000:]
        redone = len(script.seen) - served
    results = out / "results.jsonl"
    rows = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    n = len(load_gold(gold).documents)
    assert len(rows) == n and len({row["id"] for row in rows}) == n
    # Every document that had a result was served from the cache: at most the other ones
    # (with a reask each) went to the server again.
    assert redone <= (n - finished) * 2
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["run"]["n_documents"] == n
