"""The batch engine killed (SIGKILL) mid-step — during submit (after the service took an
upload, after it created a batch), during status, during collect — and run again: every id
ends with exactly one line, and nothing was uploaded, created or answered twice."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest

from summarizer.batch import load_manifest
from tests.support.batch_api_double import BatchApiDouble, BatchScript, batch_api_double
from tests.support.batch_support import (
    MODEL,
    batch_env,
    cli_process,
    read_rows,
    recorded_answer,
    run_cli,
    write_docs,
)

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])


def killed_during(double: BatchApiDouble, kind: str, nth: int, args: list[str]) -> None:
    """Run ``summarizer ARGS``; SIGKILL it while the double holds its ``nth`` call of
    ``kind`` (after doing it, before answering)."""
    double.stalled.clear()
    stall = (kind, double.calls[kind] + nth)
    double.script.stall = stall
    process = cli_process(args, batch_env(double.url))
    try:
        assert double.stalled.wait(60), f"never reached {stall}: {process.communicate()[1]}"
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    finally:
        double.script.stall = None
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL


def ok(args: list[str], double: BatchApiDouble) -> subprocess.CompletedProcess[str]:
    done = run_cli(args, batch_env(double.url))
    assert done.returncode in (0, 1), done.stderr
    return done


def test_killed_at_every_step_then_rerun_completes(seed_text: str, tmp_path: Path) -> None:
    ids = [f"d{i}" for i in range(30)]
    docs = write_docs(tmp_path / "docs.jsonl", [(i, seed_text) for i in ids])
    manifest, out = tmp_path / "m.json", tmp_path / "results.jsonl"
    script = BatchScript(recorded_answer, max_requests_per_file=5, fail_share=0.1,
                         expire_every=3, steps=2, stall_seconds=60)  # fmt: skip
    submit = ["batch", "submit", "--input", str(docs), "--manifest", str(manifest),
              "--model", MODEL, "--max-requests-per-file", "5"]  # fmt: skip
    status = ["batch", "status", "--manifest", str(manifest), "--wait", "--poll-interval", "0.01"]
    collect = ["batch", "collect", "--manifest", str(manifest), "--input", str(docs),
               "--output", str(out)]  # fmt: skip
    with batch_api_double(script) as double:
        submit_first = [*submit, "--base-url", double.url]
        # Killed after the service stored the 3rd upload, before the manifest knew its id.
        killed_during(double, "upload", 3, submit_first)
        # Killed after the service created the next batch, before the manifest knew its id.
        killed_during(double, "create", 1, submit_first)
        ok(submit_first, double)
        assert (double.uploads, double.creates) == (6, 6)
        killed_during(double, "retrieve", 7, status)
        ok(status, double)
        killed_during(double, "content", 2, collect)
        ok(collect, double)
        rows = read_rows(out)
        missing = len(ids) - sum("result" in r for r in rows)
        assert missing > 0  # one batch expired half-way, some lines failed
        killed_during(double, "upload", 1, submit)  # the resubmission, killed too
        ok(submit, double)
        ok(status, double)
        killed_during(double, "content", 1, collect)
        final = ok(collect, double)
        assert final.returncode == 0, final.stderr
    rows = read_rows(out)
    assert sorted(r["id"] for r in rows) == sorted(ids)  # every id, exactly once
    assert all("result" in r for r in rows)
    assert max(double.answered.values()) == 1  # no document answered twice
    loaded = load_manifest(manifest)
    assert loaded is not None and len(loaded.shards) > 6
    shards = len(loaded.shards)
    assert double.uploads == double.creates == shards  # nothing uploaded or created twice
    assert (
        len({s.file_id for s in loaded.shards} | {s.batch_id for s in loaded.shards}) == 2 * shards
    )
