"""``summarizer.testing``: the scripted model (a test double) drives a real ``Summarizer``
through ``httpx2.MockTransport``: no HTTP, no server, no socket (``--block-network`` holds)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx2
import pytest

from summarizer import Summary
from summarizer._errors import APIConnectionError, AuthenticationError, ServerError
from summarizer.evaluation import load_gold, run_eval
from summarizer.testing import (
    Cutoff,
    Fail,
    ScriptedModel,
    ScriptedRequest,
    scripted_summarizer,
)
from tests.support.common import ROOT

DOC = (
    "The council met on Monday. Libraries reopen on Tuesday after repairs. "
    "The vote was seven to two."
)
CLAIMS = [
    ("Libraries reopen on Tuesday.", "Libraries reopen on Tuesday"),
    ("The vote was seven to two.", "The vote was seven to two"),
    ("The council met on Monday.", "The council met on Monday"),
]


def test_fixed_claims_come_back_grounded_and_requests_are_recorded() -> None:
    model = ScriptedModel.from_claims(CLAIMS, title="Council news")
    with scripted_summarizer(model) as summarizer:
        result = summarizer.summarize(DOC)
    assert result.title == "Council news"
    assert [c.text for c in result.claims] == [text for text, _ in CLAIMS]
    for claim, (_, quote) in zip(result.claims, CLAIMS, strict=True):
        span = claim.evidence[0]
        assert DOC[span.start : span.end] == span.quote == quote
    assert len(model.requests) == 1
    request = model.requests[0]
    assert request.tool == "StructuredSummary" and request.number == 1
    assert request.document == DOC and not request.is_reask
    assert result.meta.model == "scripted"


def test_answers_from_a_function_and_a_reask_after_an_invalid_answer() -> None:
    def answer(request: ScriptedRequest) -> dict[str, object] | str:
        if not request.is_reask:
            return "this is not JSON"  # the pipeline feeds the error back and asks again
        first = (request.document or "").split(". ")[0]
        return {"title": "T", "summary": "S", "key_points": ["K"],
                "claims": [{"text": first, "kind": "fact", "attributed_to": None,
                            "evidence": [first]}]}  # fmt: skip

    model = ScriptedModel(answer)
    with scripted_summarizer(model) as summarizer:
        result = summarizer.summarize(DOC)
    assert [c.text for c in result.claims] == ["The council met on Monday"]
    assert len(model.requests) == 2 and model.requests[1].is_reask
    assert model.requests[1].document is None or "not JSON" in model.requests[1].text


def test_a_cut_off_answer_is_continued() -> None:
    model = ScriptedModel.from_claims(CLAIMS, cut_after=1)
    with scripted_summarizer(model) as summarizer:
        result = summarizer.summarize(DOC)
    assert [c.text for c in result.claims] == [text for text, _ in CLAIMS]
    assert [r.tool for r in model.requests] == ["StructuredSummary", "MoreClaims"]
    assert result.meta.continuations == 1


def test_a_cut_off_answer_with_nothing_after_it() -> None:
    """A played ``Cutoff``: the complete claims are kept, the one cut in half is not."""
    claims = [{"text": t, "kind": "fact", "evidence": [q]} for t, q in CLAIMS]
    full = {"title": "T", "summary": "S", "key_points": ["K"], "claims": claims}
    cut = len(json.dumps({**full, "claims": full["claims"][:2]})) - 2 + 5
    model = ScriptedModel([Cutoff(full, cut), {"claims": []}, {"claims": []}])
    with scripted_summarizer(model, max_retries=1) as summarizer:
        result = summarizer.summarize(DOC)
    assert [c.text for c in result.claims][:2] == [CLAIMS[0][0], CLAIMS[1][0]]


@pytest.mark.parametrize(
    ("answer", "error", "requests"),
    [
        (Fail(401, "bad key"), AuthenticationError, 1),  # never retried
        (Fail(503, "overloaded"), ServerError, 3),  # retried, then given up
    ],
)
def test_error_answers_become_the_library_errors(
    answer: Fail, error: type[Exception], requests: int
) -> None:
    model = ScriptedModel(lambda _: answer)
    with scripted_summarizer(model, max_retries=3, max_retry_seconds=5) as summarizer:
        with pytest.raises(error, match=answer.message):
            summarizer.summarize(DOC)
    assert len(model.requests) == requests


def test_a_transport_error_raised_by_the_script() -> None:
    def refuse(request: ScriptedRequest) -> str:
        raise httpx2.ConnectError("connection refused")

    model = ScriptedModel(refuse)
    with scripted_summarizer(model, max_retries=1) as summarizer:
        with pytest.raises(APIConnectionError):
            summarizer.summarize(DOC)
    assert len(model.requests) == 1


def test_running_out_of_scripted_answers_fails_the_test() -> None:
    model = ScriptedModel([Fail(500)])
    with scripted_summarizer(model, max_retries=2, max_retry_seconds=5) as summarizer:
        with pytest.raises(Exception, match="ran out of answers at request 2"):
            summarizer.summarize(DOC)


def test_an_eval_run_with_the_scripted_model(tmp_path: Path) -> None:
    """The async path (``run_eval``): every gold document asked once, each answer scored."""
    gold = load_gold(ROOT / "evals" / "gold" / "gold.jsonl")

    def first_sentence(request: ScriptedRequest) -> dict[str, object]:
        sentence = (request.document or "").split(". ")[0].strip()
        return {"title": "T", "summary": "S", "key_points": ["K"],
                "claims": [{"text": sentence, "kind": "fact", "attributed_to": None,
                            "evidence": [sentence]}]}  # fmt: skip

    model = ScriptedModel(first_sentence)
    with scripted_summarizer(model) as summarizer:
        run = run_eval(gold, summarizer, tmp_path / "run", concurrency=3)
    asked = [r for r in model.requests if not r.is_reask]  # some answers are asked again
    assert sorted(r.document or "" for r in asked) == sorted(d.source_text for d in gold.documents)
    assert run.n_failed == 0
    for doc in run.documents:
        assert isinstance(doc.result, Summary)
        assert len(doc.result.claims) == 1 and doc.result.claims[0].grounded
