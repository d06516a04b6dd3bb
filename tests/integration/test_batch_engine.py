"""The provider's batch engine end to end, against the Files + Batches API double: submit →
status → collect, resubmission of what has no answer, the manifest, the typed errors, the
vLLM run_batch file path, and collect's answers going through the live pipeline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer import Summarizer, Summary
from summarizer.batch import custom_id, load_manifest
from summarizer.cli import app
from tests.support.batch_api_double import BatchScript, batch_api_double
from tests.support.batch_support import (
    MODEL,
    RECORDED,
    batch_env,
    read_rows,
    recorded_answer,
    run_cli,
    write_docs,
)
from tests.support.common import embedded_options
from tests.support.loopback import Answer, Script, loopback_server

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])


def submit_args(docs: Path, manifest: Path, url: str, *extra: str) -> list[str]:
    return ["batch", "submit", "--input", str(docs), "--manifest", str(manifest),
            "--model", MODEL, "--base-url", url, *extra]  # fmt: skip


def status_args(manifest: Path) -> list[str]:
    return ["batch", "status", "--manifest", str(manifest), "--wait", "--poll-interval", "0.01"]


def collect_args(docs: Path, manifest: Path, out: Path) -> list[str]:
    return ["batch", "collect", "--manifest", str(manifest), "--input", str(docs),
            "--output", str(out)]  # fmt: skip


def invoke(args: list[str], env: dict[str, str]) -> Any:
    return CliRunner().invoke(app, args, env=env)


def test_custom_ids_never_collide() -> None:
    assert custom_id("006", 1) == "006#chunk-1"
    assert custom_id("006#chunk-1") == "006%23chunk-1"
    assert custom_id("a%23b") != custom_id("a#b")
    assert len({custom_id("006", 1), custom_id("006#chunk-1"), custom_id("006%23chunk-1")}) == 3


def test_end_to_end_with_failures_expiry_and_resubmission(seed_text: str, tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs.jsonl", [(f"d{i}", seed_text) for i in range(60)])
    manifest, out = tmp_path / "m.json", tmp_path / "results.jsonl"
    script = BatchScript(recorded_answer, max_requests_per_file=20, fail_share=0.05,
                         expire_every=3, steps=2)  # fmt: skip
    with batch_api_double(script) as double:
        env = batch_env(double.url)
        first = invoke(
            submit_args(docs, manifest, double.url, "--max-requests-per-file", "20"), env
        )
        assert first.exit_code == 0, first.output
        assert (double.uploads, double.creates) == (3, 3)
        assert invoke(status_args(manifest), env).exit_code == 0
        collected = invoke(collect_args(docs, manifest, out), env)
        assert collected.exit_code == 1  # some lines failed, one batch expired
        rows = read_rows(out)
        errors = {r["error"]["type"] for r in rows if "error" in r}
        assert "BatchExpiredError" in errors and "BatchRequestError" in errors
        assert "expired 10" in collected.output
        again = invoke(submit_args(docs, manifest, double.url), env)
        assert again.exit_code == 0, again.output
        resubmitted = load_manifest(manifest)
        assert resubmitted is not None
        second = [s for s in resubmitted.shards if s.round == 2]
        assert sum(len(s.custom_ids) for s in second) == len(rows) - sum(
            "result" in r for r in rows
        )
        assert invoke(status_args(manifest), env).exit_code == 0
        final = invoke(collect_args(docs, manifest, out), env)
        assert final.exit_code == 0, final.output
        rows = read_rows(out)
        assert sorted(r["id"] for r in rows) == sorted(f"d{i}" for i in range(60))
        assert all("result" in r for r in rows)
        assert max(double.answered.values()) == 1  # no document answered twice
        assert (double.uploads, double.creates) == (4, 4)
        nothing = invoke(submit_args(docs, manifest, double.url), env)
        assert "nothing to submit" in nothing.output
        assert double.uploads == 4


def test_collected_result_has_the_live_verdicts(seed_text: str, tmp_path: Path) -> None:
    """The same answer, live and from a batch: the same claims, evidence and support."""
    with loopback_server(Script([Answer(200, json.dumps(RECORDED))])) as url:
        with Summarizer(**embedded_options(url)) as live:
            expected = live.summarize(seed_text)
    docs = write_docs(tmp_path / "docs.jsonl", [("seed", seed_text)])
    manifest, out = tmp_path / "m.json", tmp_path / "results.jsonl"
    with batch_api_double(BatchScript(recorded_answer)) as double:
        env = batch_env(double.url)
        assert invoke(submit_args(docs, manifest, double.url), env).exit_code == 0
        assert invoke(status_args(manifest), env).exit_code == 0
        assert invoke(collect_args(docs, manifest, out), env).exit_code == 0
    got = Summary.model_validate(read_rows(out)[0]["result"])
    assert [c.model_dump() for c in got.claims] == [c.model_dump() for c in expected.claims]
    assert [c.support for c in got.claims] == [c.support for c in expected.claims]
    assert any(c.support is not None for c in got.claims)
    assert got.meta.judge == expected.meta.judge == "lexical"


def test_submit_request_is_the_pipelines_first_request(seed_text: str, tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs.jsonl", [("seed", seed_text)])
    manifest = tmp_path / "m.json"
    with batch_api_double(BatchScript(recorded_answer)) as double:
        env = batch_env(double.url)
        assert invoke(submit_args(docs, manifest, double.url), env).exit_code == 0
        uploaded = next(iter(double.files.values()))[1]
    line = json.loads(uploaded)
    with Summarizer(**embedded_options("http://127.0.0.1:9/v1")) as live:
        assert line["body"] == live.first_request(seed_text, MODEL)
    assert line["custom_id"] == "seed" and line["url"] == "/v1/chat/completions"


def test_shards_respect_the_byte_limit(seed_text: str, tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs.jsonl", [(f"d{i}", seed_text) for i in range(5)])
    manifest = tmp_path / "m.json"
    with batch_api_double(BatchScript(recorded_answer)) as double:
        env = batch_env(double.url)
        one = len(json.dumps({"x": seed_text}))
        outcome = invoke(
            submit_args(docs, manifest, double.url, "--max-bytes-per-file", str(3 * one)), env
        )
        assert outcome.exit_code == 0, outcome.output
        sizes = [len(content) for meta, content in double.files.values()]
    loaded = load_manifest(manifest)
    assert loaded is not None
    assert all(size <= 3 * one for size in sizes)
    assert sum(len(s.custom_ids) for s in loaded.shards) == 5 and len(loaded.shards) > 1


def test_validation_failure_is_reported_with_the_services_message(
    seed_text: str, tmp_path: Path
) -> None:
    docs = write_docs(tmp_path / "docs.jsonl", [(f"d{i}", seed_text) for i in range(4)])
    manifest, out = tmp_path / "m.json", tmp_path / "results.jsonl"
    script = BatchScript(recorded_answer, max_requests_per_file=3)  # stricter than the client
    with batch_api_double(script) as double:
        env = batch_env(double.url)
        assert invoke(submit_args(docs, manifest, double.url), env).exit_code == 0
        status = invoke(status_args(manifest), env)
        assert "failed" in status.output and "more than 3 requests" in status.output
        collect = invoke(collect_args(docs, manifest, out), env)
        assert collect.exit_code == 1
        rows = read_rows(out)
        assert len(rows) == 4
        assert all("failed validation" in r["error"]["message"] for r in rows)


def test_status_honours_rate_limits(seed_text: str, tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs.jsonl", [(f"d{i}", seed_text) for i in range(4)])
    manifest = tmp_path / "m.json"
    script = BatchScript(recorded_answer, max_requests_per_file=2, rate_limit_every=2)
    with batch_api_double(script) as double:
        env = {**batch_env(double.url), "SUMMARIZER_MAX_RETRIES": "0"}
        submitted = invoke(
            submit_args(docs, manifest, double.url, "--max-requests-per-file", "2"), env
        )
        assert submitted.exit_code == 0, submitted.output
        status = invoke(status_args(manifest), env)
        assert status.exit_code == 0, status.output
        assert status.output.count("completed") == 2
        assert double.retrieves >= 2 * 4  # every other poll was refused, and waited out


def test_pending_ids_get_no_line_and_collect_merges(seed_text: str, tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs.jsonl", [(f"d{i}", seed_text) for i in range(4)])
    manifest, out = tmp_path / "m.json", tmp_path / "results.jsonl"
    with batch_api_double(BatchScript(recorded_answer)) as double:
        env = batch_env(double.url)
        assert invoke(submit_args(docs, manifest, double.url), env).exit_code == 0
        early = invoke(collect_args(docs, manifest, out), env)
        assert "pending 4" in early.output and read_rows(out) == []
        assert invoke(status_args(manifest), env).exit_code == 0
        assert invoke(collect_args(docs, manifest, out), env).exit_code == 0
        before = out.read_bytes()
        again = invoke(collect_args(docs, manifest, out), env)
        assert again.exit_code == 0 and "done 4" in again.output
        assert out.read_bytes() == before  # results kept as written, never redone


def test_llm_judge_is_not_claimed_without_a_live_call(seed_text: str, tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs.jsonl", [("seed", seed_text)])
    manifest, out = tmp_path / "m.json", tmp_path / "results.jsonl"
    with batch_api_double(BatchScript(recorded_answer)) as double:
        env = {**batch_env(double.url), "SUMMARIZER_VERIFY": "llm"}
        assert invoke(submit_args(docs, manifest, double.url), env).exit_code == 0
        assert invoke(status_args(manifest), env).exit_code == 0
        collected = invoke(collect_args(docs, manifest, out), env)
    assert collected.exit_code == 0, collected.output
    assert "not judged" in collected.output
    result = read_rows(out)[0]["result"]
    assert result["meta"]["judge"] is None
    assert all(c["support"] is None for c in result["claims"])


def test_submit_refuses_a_manifest_of_another_model(seed_text: str, tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs.jsonl", [("a", seed_text)])
    manifest = tmp_path / "m.json"
    with batch_api_double(BatchScript(recorded_answer)) as double:
        env = batch_env(double.url)
        assert invoke(submit_args(docs, manifest, double.url), env).exit_code == 0
        other = invoke([*submit_args(docs, manifest, double.url)[:-4], "--model", "gpt-4o"], env)
    assert other.exit_code == 2 and "was submitted with model" in other.output
    manifest.write_text("{not json")
    broken = invoke(["batch", "status", "--manifest", str(manifest)], env)
    assert broken.exit_code == 2 and "is not a batch manifest" in broken.output


def test_cli_subprocess_smoke(seed_text: str, tmp_path: Path) -> None:
    """The installed entry point (a subprocess), as the fault tests drive it."""
    docs = write_docs(tmp_path / "docs.jsonl", [("a", seed_text)])
    manifest = tmp_path / "m.json"
    with batch_api_double(BatchScript(recorded_answer)) as double:
        done = run_cli(submit_args(docs, manifest, double.url), batch_env(double.url))
    assert done.returncode == 0, done.stderr
    assert "round 1: submitted 1 requests in 1 batch(es)" in done.stderr


def test_collect_refuses_options_other_than_submits(seed_text: str, tmp_path: Path) -> None:
    """Answers are replayed only under the options they were asked with."""
    docs = write_docs(tmp_path / "docs.jsonl", [("a", seed_text)])
    manifest, out = tmp_path / "m.json", tmp_path / "results.jsonl"
    with batch_api_double(BatchScript(recorded_answer)) as double:
        env = batch_env(double.url)
        assert invoke(submit_args(docs, manifest, double.url), env).exit_code == 0
        other = invoke(collect_args(docs, manifest, out), {**env, "SUMMARIZER_MAX_CLAIMS": "5"})
    assert other.exit_code == 2
    assert "shape requests differently" in other.output
    assert not out.exists()
