"""The I/O-free pipeline: support after grounding, reasks with the judge's reason, the raw-answer
cache, request pacing, and no hidden channel carrying a call's state.

The model here is a test double in the pydantic-ai ``FunctionModel`` style: a function that
answers a request body with a chat completion whose tool call holds the given claims (the
wire format of instructor's ``tools`` mode). Recorded cassettes cover the real server; these
tests cover the pipeline's own decisions, which do not depend on who wrote the answer.
"""

from __future__ import annotations

import ast
import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openai.types.chat import ChatCompletion

from summarizer import Document, Summarizer, Summary
from summarizer._model import Reply
from summarizer._pipeline import summarize_document
from summarizer._support import Verdict
from tests.support.common import ROOT

UN_QUOTE = (
    "which in November was estimated by the UN to be between $850,000 and $1.5 million per day"
)
TIKRIT_QUOTE = (
    "Iraqi security forces and Shi’ite militia fighting the Islamic State took control of the "
    "center of a town on the southern outskirts of Saddam Hussein's home city Tikrit on Sunday"
)
# As the gold file has it: "Islamic State" comes from the document's title, not the sentence.
UN_CLAIM = (
    "In November the UN estimated Islamic State's oil revenue at between $850,000 and "
    "$1.5 million per day."
)
DRONE_CLAIM = "Islamic State used drones to attack civilians in Tikrit."
THREE_MILLION = (
    "In November the UN estimated Islamic State's oil revenue at between $850,000 and "
    "$3 million per day."
)
TIKRIT_CLAIM = (
    "Iraqi security forces and Shi'ite militia took control of the center of a town on the "
    "southern outskirts of Tikrit on Sunday."
)


def claim(text: str, quote: str, kind: str = "fact") -> dict[str, Any]:
    return {"text": text, "kind": kind, "attributed_to": None, "evidence": [quote]}


def completion(claims: list[dict[str, Any]], *, call: int = 0) -> ChatCompletion:
    """Test double: the chat completion a model in ``tools`` mode returns for these claims."""
    arguments = {
        "title": "Islamic State under pressure",
        "summary": "Airstrikes and internal divisions take a toll on Islamic State.",
        "key_points": ["Islamic State's oil revenue was estimated by the UN."],
        "claims": claims,
    }
    return ChatCompletion.model_validate(
        {
            "id": f"test-double-{call}",
            "object": "chat.completion",
            "created": 0,
            "model": "test-double",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {
                        "role": "assistant",
                        "content": None,
                        "tool_calls": [
                            {
                                "id": f"call-{call}",
                                "type": "function",
                                "function": {
                                    "name": "StructuredSummary",
                                    "arguments": json.dumps(arguments),
                                },
                            }
                        ],
                    },
                }
            ],
            "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
        }
    )


Answerer = Callable[[dict[str, Any], int], ChatCompletion]


def drive(summarizer: Summarizer, text: str, answer: Answerer) -> tuple[Summary, list[dict]]:
    """Run the pipeline with ``answer`` standing in for the HTTP call; returns the bodies."""
    exchange = summarize_document(summarizer.context("test-double"), Document(text))
    bodies: list[dict[str, Any]] = []
    try:
        body = next(exchange)
        while True:
            bodies.append(body)
            body = exchange.send(Reply(answer(body, len(bodies) - 1), 0))
    except StopIteration as done:
        return done.value, bodies


def quote_mode(**extra: Any) -> Summarizer:
    return Summarizer(
        backend="openai-compatible", base_url="http://127.0.0.1:9/v1", model="test-double",
        evidence_mode="quote", **extra,
    )  # fmt: skip


def test_fabricated_and_changed_number_claims_on_real_quotes_are_flagged(seed_text: str) -> None:
    """The issue's case: three claims on real, exact quotes; two say what the quote does not."""
    claims = [
        claim(UN_CLAIM, UN_QUOTE, "statistic"),
        claim(DRONE_CLAIM, TIKRIT_QUOTE),
        claim(THREE_MILLION, UN_QUOTE, "statistic"),
    ]
    with quote_mode(max_reasks=0) as s:
        result, bodies = drive(s, seed_text, lambda body, n: completion(claims, call=n))
    assert len(bodies) == 1
    assert all(c.grounded for c in result.claims)  # every quote is in the source ...
    support = [c.support for c in result.claims]
    assert all(x is not None and x.judge == "lexical" for x in support)
    assert [x.supported for x in support if x is not None] == [True, False, False]
    assert result.meta.unsupported_claims == 2 and result.meta.judge == "lexical"
    assert "3" in (support[2].reason or "")  # the changed number is named


def test_unsupported_claim_is_asked_again_with_the_reason(seed_text: str) -> None:
    first = [claim(UN_CLAIM, UN_QUOTE, "statistic"), claim(DRONE_CLAIM, TIKRIT_QUOTE)]
    fixed = [claim(UN_CLAIM, UN_QUOTE, "statistic"), claim(TIKRIT_CLAIM, TIKRIT_QUOTE)]

    def answer(body: dict[str, Any], n: int) -> ChatCompletion:
        return completion(first if n == 0 else fixed, call=n)

    with quote_mode(max_reasks=2) as s:
        result, bodies = drive(s, seed_text, answer)
    assert len(bodies) == 2
    reask = json.dumps(bodies[1]["messages"][-1])
    assert "claims[1]" in reask and "drones" in reask  # the judge's reason reaches the model
    assert result.meta.reasks == 1 and result.meta.unsupported_claims == 0
    assert all(c.support is not None and c.support.supported for c in result.claims)


def test_reasks_are_bounded_then_flag_or_drop(seed_text: str) -> None:
    claims = [claim(UN_CLAIM, UN_QUOTE, "statistic"), claim(DRONE_CLAIM, TIKRIT_QUOTE)]
    for policy, kept in (("flag", 2), ("drop", 1)):
        with quote_mode(max_reasks=1, on_unsupported=policy) as s:
            result, bodies = drive(s, seed_text, lambda body, n: completion(claims, call=n))
        assert len(bodies) == 2  # one reask, then accepted as it is
        assert len(result.claims) == kept
        assert result.meta.unsupported_claims == 1
        assert result.meta.dropped_claims == 2 - kept


def test_verify_off_leaves_support_unset(seed_text: str) -> None:
    claims = [claim(DRONE_CLAIM, TIKRIT_QUOTE)]
    with quote_mode(max_reasks=0, verify="off") as s:
        result, _ = drive(s, seed_text, lambda body, n: completion(claims, call=n))
    assert result.claims[0].support is None and result.meta.judge is None


def test_cache_keeps_the_raw_answer_and_judges_again_on_read(
    seed_text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claims = [claim(UN_CLAIM, UN_QUOTE, "statistic"), claim(DRONE_CLAIM, TIKRIT_QUOTE)]
    with quote_mode(max_reasks=0, cache=tmp_path) as s:
        first, bodies = drive(s, seed_text, lambda body, n: completion(claims, call=n))
        assert len(bodies) == 1 and not first.meta.cached
        # A later fix to the judge must reach cached answers: support is not stored.
        assert s.judge is not None
        monkeypatch.setattr(
            type(s.judge), "verdicts", lambda self, c, p: [Verdict(1.0, True) for _ in c]
        )
        second, bodies = drive(s, seed_text, lambda body, n: pytest.fail("no model call"))
    assert bodies == [] and second.meta.cached
    assert [c.text for c in second.claims] == [c.text for c in first.claims]
    assert [c.support.supported for c in second.claims if c.support] == [True, True]


def test_sync_and_async_drivers_agree(seed_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    claims = [claim(UN_CLAIM, UN_QUOTE, "statistic"), claim(DRONE_CLAIM, TIKRIT_QUOTE)]
    calls: list[str] = []

    def post(self: Any, body: dict[str, Any]) -> Reply:
        calls.append("sync")
        return Reply(completion(claims), 0)

    async def apost(self: Any, body: dict[str, Any]) -> Reply:
        calls.append("async")
        return Reply(completion(claims), 0)

    monkeypatch.setattr("summarizer._model.ModelClient.post", post)
    monkeypatch.setattr("summarizer._model.ModelClient.apost", apost)

    class CountingPacer:
        waits = 0

        async def wait(self, body: dict[str, Any]) -> None:
            CountingPacer.waits += 1

    with quote_mode(max_reasks=1) as s:
        sync = s.summarize(seed_text)
        asynced = asyncio.run(s.asummarize(seed_text, pacer=CountingPacer()))
    assert calls == ["sync", "sync", "async", "async"]  # the drone claim is asked again once
    assert CountingPacer.waits == 2  # the pacer counts requests, reasks included
    strip = {"meta": {"latency_s"}}
    assert sync.model_dump(exclude=strip) == asynced.model_dump(exclude=strip)


def test_no_hidden_channel_carries_a_calls_state() -> None:
    """No context variable anywhere; the transport knows nothing of drafts or results."""
    for path in sorted((ROOT / "summarizer").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + [getattr(node, "module", "") or ""]
                assert not any("contextvars" in n or n == "ContextVar" for n in names), path
                if path.name == "_model.py" and isinstance(node, ast.ImportFrom):
                    assert node.module not in ("_drafts", "_schema", "_pipeline"), path


def verdicts_completion(verdicts: list[dict[str, Any]], *, call: int) -> ChatCompletion:
    """Test double: the judge's answer (one verdict per claim) as a ``tools``-mode completion."""
    done = completion([], call=call)
    assert done.choices[0].message.tool_calls
    function = done.choices[0].message.tool_calls[0].function  # type: ignore[union-attr]
    function.name = "ClaimVerdicts"
    function.arguments = json.dumps({"verdicts": verdicts})
    return done


def test_the_model_as_judge_costs_one_call_and_is_counted(seed_text: str) -> None:
    claims = [
        claim(UN_CLAIM, UN_QUOTE, "statistic"),
        claim(DRONE_CLAIM, TIKRIT_QUOTE),
        claim(THREE_MILLION, UN_QUOTE, "statistic"),
    ]
    said = [
        {"supported": True, "reason": None},
        {"supported": False, "reason": "the evidence says nothing of drones"},
        {"supported": True, "reason": None},  # the model misses the changed number ...
    ]

    def answer(body: dict[str, Any], n: int) -> ChatCompletion:
        if n == 0:
            return completion(claims, call=n)
        assert "Claim: " + DRONE_CLAIM in json.dumps(body["messages"], ensure_ascii=False)
        return verdicts_completion(said, call=n)

    with quote_mode(max_reasks=0, verify="llm") as s:
        result, bodies = drive(s, seed_text, answer)
    assert len(bodies) == 2  # the summary, then one judge call for every claim
    support = [c.support for c in result.claims]
    assert [x.judge for x in support if x] == ["llm"] * 3
    assert [x.supported for x in support if x] == [True, False, False]  # ... the checks don't
    assert support[1] is not None and "drones" in (support[1].reason or "")
    meta = result.meta
    assert meta.judge == "llm" and meta.judge_calls == 1 and meta.reasks == 0
    assert meta.usage.total_tokens == 300  # both calls counted
