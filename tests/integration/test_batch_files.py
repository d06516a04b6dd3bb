"""The file path of the batch engine: ``batch prepare`` → an offline runner (vLLM's
``run_batch``, or a downloaded OpenAI output) → ``batch collect FILE``; unambiguous custom ids,
conflicting and failed lines, and the batch rate in the cost."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer import Price, PriceTable, Summarizer
from summarizer.batch import replay_context, replay_document
from summarizer.cli import app
from tests.support.batch_support import MODEL, RECORDED, batch_env, read_rows, write_docs
from tests.support.common import embedded_options
from tests.support.loopback import Answer, Script, loopback_server

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

OFFLINE = "http://127.0.0.1:9/v1"


def env(**extra: str) -> dict[str, str]:
    return {**batch_env(OFFLINE), **extra}


def prepare(docs: Path, requests: Path, environ: dict[str, str]) -> Any:
    return CliRunner().invoke(
        app, ["batch", "prepare", "--input", str(docs), "--output", str(requests),
              "--model", MODEL], env=environ,
    )  # fmt: skip


def collect_file(batch_output: Path, docs: Path, out: Path, environ: dict[str, str]) -> Any:
    return CliRunner().invoke(
        app, ["batch", "collect", str(batch_output), "--input", str(docs), "--output", str(out),
              "--model", MODEL], env=environ,
    )  # fmt: skip


def vllm_line(custom_id: str, number: int, body: dict[str, Any] | None, error: str | None) -> str:
    """A line as vLLM's run_batch writes it (``BatchRequestOutput``): a failed request has
    status 400, no body, and its message as a string in ``error``."""
    response = {"status_code": 200 if error is None else 400,
                "request_id": f"vllm-batch-{number:032x}", "body": body}  # fmt: skip
    return json.dumps({"id": f"vllm-{number:032x}", "custom_id": custom_id,
                       "response": response, "error": error}) + "\n"  # fmt: skip


def test_vllm_run_batch_path(seed_text: str, tmp_path: Path) -> None:
    """prepare → run_batch's output format → collect FILE: one line per id, typed errors."""
    docs = write_docs(tmp_path / "docs.jsonl", [("a", seed_text), ("b", seed_text), (7, "")])
    requests, output, results = (tmp_path / n for n in ("req.jsonl", "out.jsonl", "res.jsonl"))
    prepared = prepare(docs, requests, env())
    assert prepared.exit_code == 1  # the empty document is named, the rest is written
    assert "line 3 (id 7): EmptyDocumentError" in prepared.output
    lines = read_rows(requests)
    assert [line["custom_id"] for line in lines] == ["a", "b"]
    # run_batch answers in its own order; "b" failed on the cluster.
    output.write_text(
        vllm_line("b", 1, None, "Error: maximum context length exceeded")
        + vllm_line("a", 2, RECORDED, None)
    )
    outcome = collect_file(output, docs, results, env())
    rows = {json.dumps(r.get("id", r.get("line"))): r for r in read_rows(results)}
    assert set(rows) == {'"a"', '"b"', "7"}
    assert "result" in rows['"a"']
    assert rows['"b"']["error"]["type"] == "BatchRequestError"
    assert "HTTP 400" in rows['"b"']["error"]["message"]
    assert "maximum context length" in rows['"b"']["error"]["message"]
    assert rows["7"]["error"]["type"] == "EmptyDocumentError"
    assert outcome.exit_code == 1


def test_chunk_ids_and_document_ids_never_collide(seed_text: str, tmp_path: Path) -> None:
    """``006#chunk-1`` beside a chunked ``006``: each gets its own answer, in any order."""
    environ = env(SUMMARIZER_CHUNK_CHARS=str(len(seed_text) + 1))
    texts = [("006", seed_text + "\n\n" + seed_text), ("006#chunk-1", seed_text)]
    docs = write_docs(tmp_path / "docs.jsonl", texts)
    requests, output, results = (tmp_path / n for n in ("req.jsonl", "out.jsonl", "res.jsonl"))
    assert prepare(docs, requests, environ).exit_code == 0
    ids = [line["custom_id"] for line in read_rows(requests)]
    assert len(ids) == len(set(ids)) >= 3
    assert "006%23chunk-1" in ids and "006#chunk-1" in ids
    # The chunks of 006 failed; the document 006#chunk-1 was answered. Reordered.
    output.write_text(
        vllm_line("006%23chunk-1", 1, RECORDED, None)
        + "".join(vllm_line(i, 2 + n, None, "failed") for n, i in enumerate(ids) if "#" in i)
    )
    collect_file(output, docs, results, environ)
    rows = {r["id"]: r for r in read_rows(results)}
    assert "result" in rows["006#chunk-1"]
    assert rows["006"]["error"]["type"] == "BatchRequestError"


def openai_line(custom_id: str, status: int, body: Any, error: Any = None) -> str:
    return json.dumps({"id": "batch_req_1", "custom_id": custom_id,
                       "response": {"status_code": status, "request_id": "req_1", "body": body},
                       "error": error}) + "\n"  # fmt: skip


def test_repeated_custom_id_with_another_body_is_flagged(seed_text: str, tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs.jsonl", [("a", seed_text), ("b", seed_text)])
    output, results = tmp_path / "out.jsonl", tmp_path / "res.jsonl"
    other = {**RECORDED, "id": "chatcmpl-other"}
    output.write_text(
        openai_line("a", 200, RECORDED) + openai_line("b", 200, RECORDED)
        + openai_line("a", 200, other) + openai_line("b", 200, RECORDED)
    )  # fmt: skip
    outcome = collect_file(output, docs, results, env())
    rows = {r["id"]: r for r in read_rows(results)}
    assert rows["a"]["error"]["type"] == "BatchConflictError"
    assert "two different answers" in rows["a"]["error"]["message"]
    assert "result" in rows["b"]  # the same answer twice is one answer
    assert "1 custom id(s) have two different answers" in outcome.output


def test_failed_line_carries_its_http_status_and_message(seed_text: str, tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs.jsonl", [(i, seed_text) for i in "abcd"])
    output, results = tmp_path / "out.jsonl", tmp_path / "res.jsonl"
    server_error = {"error": {"message": "The server had an error.", "type": "server_error"}}
    expired = {"code": "batch_expired", "message": "not executed before the window expired"}
    output.write_text(openai_line("a", 500, server_error) + json.dumps(
        {"id": "batch_req_2", "custom_id": "b", "response": None, "error": expired}) + "\n"
        + json.dumps({"custom_id": "d", "response": None, "error": None}) + "\n"
        + "[" * 100_000 + "\n")  # fmt: skip
    outcome = collect_file(output, docs, results, env())
    rows = {r["id"]: r for r in read_rows(results)}
    assert rows["a"]["error"] == {
        "type": "BatchRequestError",
        "message": "request 'a': HTTP 500: The server had an error.",
    }
    assert rows["b"]["error"]["type"] == "BatchExpiredError"
    assert rows["c"]["error"]["type"] == "BatchMissingError"
    message = rows["d"]["error"]["message"]
    assert message == "request 'd': HTTP without a status: no answer in the line"
    assert "HTTP None" not in results.read_text()
    assert "1 output line(s) are not batch lines" in outcome.output
    # The index of the outputs was a scratch database: nothing is left beside the files.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs.jsonl", "out.jsonl", "res.jsonl"]


def test_prepare_names_each_bad_line_and_writes_whole(seed_text: str, tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    docs.write_text(
        json.dumps({"id": "a", "text": seed_text}) + "\n{oops\n"
        + json.dumps({"id": 5, "text": seed_text}) + "\n"
        + json.dumps({"id": "5", "text": seed_text}) + "\n"
        + json.dumps({"id": "a", "text": seed_text}) + "\n"
    )  # fmt: skip
    requests = tmp_path / "req.jsonl"
    requests.write_text("an earlier file\n")
    outcome = prepare(docs, requests, env())
    assert outcome.exit_code == 1
    assert "line 2 (no id): MalformedLineError" in outcome.output
    assert (
        "line 4 (no id): DuplicateIdError" in outcome.output
        and "same batch custom id" in outcome.output
    )
    assert "line 5 (no id): DuplicateIdError" in outcome.output
    assert [r["custom_id"] for r in read_rows(requests)] == ["a", "5"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs.jsonl", "req.jsonl"]


def test_batch_tokens_cost_half_the_live_price(seed_text: str) -> None:
    prices = PriceTable({MODEL: Price(prompt=1.0, completion=2.0)})
    with loopback_server(Script([Answer(200, json.dumps(RECORDED))])) as url:
        with Summarizer(prices=prices, **embedded_options(url)) as live:
            expected = live.summarize(seed_text)
            document, chunks = live.plan(seed_text)
            from openai.types.chat import ChatCompletion

            answer = ChatCompletion.model_validate(RECORDED)
            got = replay_document(replay_context(live, MODEL, live=False), document, chunks,
                                  [answer])  # fmt: skip
    assert expected.meta.cost_usd
    assert got.meta.cost_usd == pytest.approx(expected.meta.cost_usd / 2)
    assert got.meta.usage == expected.meta.usage


def test_live_follow_up_calls_judge_as_a_live_summarize_would(seed_text: str) -> None:
    """``collect --live`` with ``verify="llm"``: the judge call is made live, and the result
    equals a live summarize of the same answer (judge, verdicts, calls counted)."""
    from summarizer._document import Document
    from summarizer._model import Reply
    from tests.unit.test_pipeline import (
        DRONE_CLAIM,
        TIKRIT_QUOTE,
        UN_CLAIM,
        UN_QUOTE,
        claim,
        completion,
        drive,
        quote_mode,
        verdicts_completion,
    )

    claims = [claim(UN_CLAIM, UN_QUOTE, "statistic"), claim(DRONE_CLAIM, TIKRIT_QUOTE)]
    said = [{"supported": True, "reason": None}, {"supported": False, "reason": "no drones"}]
    live_bodies: list[dict[str, Any]] = []

    def live(body: dict[str, Any]) -> Reply:
        live_bodies.append(body)
        return Reply(verdicts_completion(said, call=1), 0)

    with quote_mode(max_reasks=0, verify="llm") as s:

        def answer(body: dict[str, Any], n: int) -> Any:
            return completion(claims, call=n) if n == 0 else verdicts_completion(said, call=n)

        expected, _ = drive(s, seed_text, answer)
        context = replay_context(s, "test-double", live=True)
        got = replay_document(context, Document(seed_text), None, [completion(claims)], live)
    assert len(live_bodies) == 1  # the judge call, made live
    assert got.meta.judge == expected.meta.judge == "llm" and got.meta.judge_calls == 1
    assert [c.support for c in got.claims] == [c.support for c in expected.claims]
    assert got.claims[1].support is not None and not got.claims[1].support.supported
