"""A capable model's answers, through the scripted double in ``tests/support/capable_server.py``.

- Grounding of every gold quote of every gold document, perturbed the way models perturb
  quotes: each near-miss kind located at the right offsets, every invented quote rejected.
  The table it computes is the one in BENCHMARKS.md ("Quotes as capable models write them").
- The double's own contract: OpenAI's wire format per instructor mode, OpenAI's HTTP 400s for a
  reasoning-model name, the output budget, determinism.
- End to end through ``Summarizer`` in each instructor mode.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from summarizer import Document, Summarizer, Summary
from summarizer._grounding import locate_spans
from summarizer.evaluation import GoldDocument, load_gold
from tests.support.capable_answers import (
    GOLD_PATH,
    KINDS,
    PARAPHRASES,
    Quote,
    ScriptedClaim,
    invented_quotes,
    near_miss,
    scripted_claims,
)
from tests.support.capable_server import Plan, Served, capable_server

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

GOLD = load_gold(GOLD_PATH)
SEED = GOLD.documents[0]
BENCHMARKS = Path(__file__).resolve().parents[2] / "BENCHMARKS.md"
MODES = ("tools", "json_schema", "json", "md_json")
REJECTED = ("invented", "ellipsis_invented_piece", "ellipsis_out_of_order", "paraphrase")
WRITTEN = {
    "exact": "the gold quote as it stands",
    "quote_marks": "curly quote marks typed straight, straight ones curly",
    "whitespace": "a doubled space and a line break for a space",
    "case": "all lower case",
    "word_dropped": "one middle word of 3+ letters left out (quotes of 8+ words, 50+ characters)",
    "full_stop": "a full stop added that the source does not have there",
    "newline": "a leading line break",
    "ellipsis": "middle third of the words elided: ` … `, ` ... `, ` [...] `, `… `",
    "invented": "not in the document: on-topic inventions, other documents' quotes",
    "ellipsis_invented_piece": "a real quote … an invented one",
    "ellipsis_out_of_order": "two real quotes, the later one first, joined by ` … `",
    "paraphrase": "a gold quote reworded (seed article only)",
}


def _cases(document: GoldDocument) -> list[Quote]:
    source, cases, turn = document.source_text, [], 0
    for claim in document.claims:
        for evidence in claim.evidence:
            for kind in KINDS:
                quote = near_miss(kind, evidence.quote, evidence.start, source, variant=turn)
                if quote is not None:
                    cases.append(quote)
                    turn += 1
    cases.extend(invented_quotes(document, GOLD))
    if document.id == SEED.id:
        cases.extend(Quote("paraphrase", text, ()) for text in PARAPHRASES.values())
    return cases


def _right(quote: Quote, document: Document) -> bool:
    """Located at exactly the expected spans, or (a quote that must be) rejected."""
    found = [(e.start, e.end) for e in locate_spans(quote.text, document)]
    for start, end in found:  # the invariant, whatever the pass
        assert 0 <= start < end <= len(document.text)
    return found == list(quote.spans)


def grounding_table() -> dict[str, dict[str, tuple[int, int]]]:
    """kind → {"seed": (right, total), "all": (right, total)}."""
    table: dict[str, dict[str, list[int]]] = {}
    for gold_document in GOLD.documents:
        document = Document(gold_document.source_text)
        for quote in _cases(gold_document):
            row = table.setdefault(quote.kind, {"seed": [0, 0], "all": [0, 0]})
            right = _right(quote, document)
            for column in ("seed", "all") if gold_document.id == SEED.id else ("all",):
                row[column][0] += right
                row[column][1] += 1
    order = [*KINDS, *REJECTED]
    return {k: {c: (v[0], v[1]) for c, v in table[k].items()} for k in order if k in table}


def render_table(table: dict[str, dict[str, tuple[int, int]]]) -> str:
    lines = [
        f"| quote kind | what the model wrote | expected | seed article | all {len(GOLD.documents)}"
        " gold documents |",
        "| --- | --- | --- | --- | --- |",
    ]
    for kind, row in table.items():
        expected = "rejected" if kind in REJECTED else "located at the right offsets"
        cells = [f"{row[c][0]}/{row[c][1]}" if c in row else "–" for c in ("seed", "all")]
        lines.append(f"| `{kind}` | {WRITTEN[kind]} | {expected} | {cells[0]} | {cells[1]} |")
    return "\n".join(lines)


def test_every_near_miss_is_located_and_every_invention_rejected() -> None:
    for document in GOLD.documents:  # else "the right offsets" would be ambiguous
        for claim in document.claims:
            assert all(document.source_text.count(e.quote) == 1 for e in claim.evidence)
    table = grounding_table()
    assert set(table) == set(KINDS) | set(REJECTED)
    for kind, row in table.items():
        right, total = row["all"]
        assert total > 0 and right == total, f"{kind}: {right}/{total}"
    assert table["ellipsis"]["seed"][1] >= 6 and table["invented"]["seed"][1] >= 6
    # The figures in BENCHMARKS.md are this table, as measured.
    assert render_table(table) in BENCHMARKS.read_text(encoding="utf-8")


# -- the double's own contract -------------------------------------------------------------------


def _post(url: str, body: dict[str, Any]) -> tuple[int, dict[str, Any], bytes]:
    request = urllib.request.Request(
        url + "/chat/completions",
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read()
            return response.status, json.loads(raw), raw
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, json.loads(raw), raw


def _body(model: str, **extra: Any) -> dict[str, Any]:
    messages = [
        {"role": "system", "content": "Summarize."},
        {"role": "user", "content": f"<document>\n{SEED.source_text}\n</document>"},
    ]
    return {
        "model": model,
        "messages": messages,
        "response_format": {"type": "json_object"},
        **extra,
    }


@pytest.mark.parametrize("model", ["o1", "o3-mini", "o4-mini", "gpt-5", "gpt-5-mini"])
def test_reasoning_model_names_reject_max_tokens_and_temperature(model: str) -> None:
    with capable_server() as server:
        status, error, _ = _post(server.url, _body(model, max_tokens=4096))
        assert status == 400
        assert error == {
            "error": {
                "message": "Unsupported parameter: 'max_tokens' is not supported with this "
                "model. Use 'max_completion_tokens' instead.",
                "type": "invalid_request_error",
                "param": "max_tokens",
                "code": "unsupported_parameter",
            }
        }
        for temperature, shown in ((0.0, "0"), (0.2, "0.2")):
            body = _body(model, temperature=temperature, max_completion_tokens=8000)
            status, error, _ = _post(server.url, body)
            assert status == 400
            assert error["error"]["param"] == "temperature"
            assert error["error"]["code"] == "unsupported_value"
            assert error["error"]["message"] == (
                f"Unsupported value: 'temperature' does not support {shown} with this model. "
                "Only the default (1) value is supported."
            )
        for accepted in (_body(model, max_completion_tokens=8000), _body(model, temperature=1)):
            status, answer, _ = _post(server.url, accepted)
            assert status == 200
            usage = answer["usage"]
            assert usage["completion_tokens_details"]["reasoning_tokens"] == 384
            assert usage["completion_tokens"] > 384


def test_other_model_names_take_max_tokens_and_temperature_zero() -> None:
    with capable_server() as server:
        status, answer, _ = _post(server.url, _body("gpt-4o-mini", max_tokens=8000, temperature=0))
        assert status == 200
        assert answer["choices"][0]["finish_reason"] == "stop"
        assert answer["usage"]["completion_tokens_details"]["reasoning_tokens"] == 0


def test_the_output_budget_cuts_the_answer() -> None:
    with capable_server(Plan(gold_claims=58, invented=4)) as server:
        status, answer, _ = _post(server.url, _body("gpt-5-mini", max_completion_tokens=2000))
        assert status == 200
        choice = answer["choices"][0]
        assert choice["finish_reason"] == "length"
        assert len(choice["message"]["content"]) == (2000 - 384) * 4
        with pytest.raises(json.JSONDecodeError):
            json.loads(choice["message"]["content"])
        status, answer, _ = _post(server.url, _body("gpt-5-mini", max_completion_tokens=8000))
        assert answer["choices"][0]["finish_reason"] == "stop"
        assert len(json.loads(answer["choices"][0]["message"]["content"])["claims"]) == 62


def test_answers_are_deterministic_and_need_a_gold_document() -> None:
    with capable_server() as server:
        first = _post(server.url, _body("gpt-4o-mini"))[2]
    with capable_server() as server:
        assert _post(server.url, _body("gpt-4o-mini"))[2] == first
        status, error, _ = _post(
            server.url, {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
        )
        assert status == 400 and "no gold document" in error["error"]["message"]


def test_a_continuation_gets_the_claims_after_the_last_one() -> None:
    claims = scripted_claims(SEED, gold_claims=58, invented=4)
    last = claims[9].text
    body = _body("gpt-4o-mini", max_tokens=8000)
    body["messages"].append(
        {"role": "user", "content": f"Your answer was cut off after 10 claims; the last one was: "
         f"{last!r}. Continue the list: give only the claims that come after it."}
    )  # fmt: skip
    with capable_server(Plan(gold_claims=58, invented=4)) as server:
        status, answer, _ = _post(server.url, body)
    assert status == 200
    more = json.loads(answer["choices"][0]["message"]["content"])
    assert list(more) == ["claims"]
    assert [c["text"] for c in more["claims"]] == [c.text for c in claims[10:]]


def test_the_full_answer_has_every_kind_and_sixty_claims() -> None:
    claims = scripted_claims(SEED, gold_claims=58, invented=4)
    assert len(claims) == 62 == len(SEED.claims) + 4
    kinds = {q.kind for c in claims for q in c.quotes}
    assert kinds == {*KINDS, "paraphrase", "invented"}


# -- end to end, each instructor mode -------------------------------------------------------------


def expected_after_reask(claims: list[ScriptedClaim]) -> list[tuple[str, list[Quote]]]:
    """Each claim the result must keep, and its quotes, after the one reask."""
    out = []
    for claim in claims:
        quotes = claim.after_reask()
        if quotes is not None:
            out.append((claim.text, list(quotes)))
    return out


def evidence_is_right(recorded: list[tuple[int, int]], quotes: list[Quote]) -> bool:
    """Each quote at its expected spans, in order (an ellipsis quote: its pieces' spans)."""
    return recorded == [span for q in quotes for span in q.spans]


# The support judge (tested in test_support.py / test_pipeline.py) is off here: these tests are
# about grounding and the wire formats, and its reasks would change the count of reasks.
OFF = {"verify": "off"}


def check_summary(result: Summary, plan: Plan, text: str, *, reasks: int | None = 1) -> None:
    claims = scripted_claims(SEED, plan.gold_claims, plan.invented)
    expected = expected_after_reask(claims)
    assert [c.text for c in result.claims] == [text for text, _ in expected]
    for claim, (_, quotes) in zip(result.claims, expected, strict=True):
        assert claim.grounded, claim
        for evidence in claim.evidence:
            assert text[evidence.start : evidence.end] == evidence.quote
        recorded = [(e.start, e.end) for e in claim.evidence]
        assert evidence_is_right(recorded, quotes), (claim.text, recorded, quotes)
    assert result.meta.ungrounded_claims == 0 and result.meta.dropped_claims == 0
    if reasks is not None:
        assert result.meta.reasks == reasks  # the invented and paraphrased quotes, rejected once


@pytest.mark.parametrize("mode", MODES)
def test_a_moderate_answer_end_to_end(mode: str, seed_text: str) -> None:
    plan = Plan(gold_claims=17, invented=3)  # 20 claims, 2 of them paraphrased
    with capable_server(plan) as server:
        options = {"base_url": server.url, "model": "capable-model", "evidence_mode": "quote"}
        with Summarizer(**options, **OFF, mode=mode) as summarizer:
            result = summarizer.summarize(seed_text)
        posts = [s for s in server.seen if s.path.endswith("/chat/completions")]
    check_summary(result, plan, seed_text)
    assert [(s.status, s.mode, s.reask) for s in posts] == [(200, mode, 0), (200, mode, 1)]
    # The reask tells the model which quotes were not found: the invented and paraphrased ones.
    first_answer = scripted_claims(SEED, plan.gold_claims, plan.invented)
    rejected = [q.text for c in first_answer for q in c.quotes if not q.spans]
    located = [q.text for c in first_answer for q in c.quotes if q.spans and q.kind != "exact"]
    feedback = _feedback(posts[1])
    assert len(rejected) == 5 and all(q[:30] in feedback for q in rejected)
    assert not any(q.strip()[:30] in feedback for q in located)
    _check_wire(mode, posts[0].body, posts[0].answer)


def _check_wire(mode: str, request: dict[str, Any], answer: dict[str, Any]) -> None:
    """The request instructor sent for ``mode`` and the double's answer, as OpenAI shapes it."""
    message = answer["choices"][0]["message"]
    assert answer["object"] == "chat.completion" and message["role"] == "assistant"
    if mode == "tools":
        name = request["tool_choice"]["function"]["name"]
        assert request["tools"][0]["function"]["name"] == name
        assert message["content"] is None
        (call,) = message["tool_calls"]
        assert call["type"] == "function" and call["function"]["name"] == name
        assert "claims" in json.loads(call["function"]["arguments"])
        return
    assert "tools" not in request and "tool_calls" not in message
    content = message["content"]
    if mode == "md_json":
        assert "response_format" not in request
        assert "```json" in request["messages"][-1]["content"]
        assert content.startswith("```json\n") and content.endswith("\n```")
        content = content[len("```json\n") : -len("\n```")]
    else:
        kind = {"json_schema": "json_schema", "json": "json_object"}[mode]
        assert request["response_format"]["type"] == kind
    assert "claims" in json.loads(content)


def _feedback(served: Served) -> str:
    """What the reask told the model: every message after the model's own answer."""
    messages = served.body["messages"]
    reply = next(i for i, m in enumerate(messages) if m["role"] == "assistant")
    return " ".join(str(m.get("content")) for m in messages[reply + 1 :])


def api_table() -> tuple[dict[str, dict[str, tuple[int, int]]], dict[str, Summary]]:
    """The seed article's 62-claim answer through ``Summarizer`` in each mode: kind → mode →
    (right, total). Right: a located quote's claim kept with the quote at its spans; a rejected
    quote named in the reask, then left out (invented) or replaced by the gold quote
    (paraphrase) in the kept claim."""
    plan = Plan(gold_claims=58, invented=4)
    claims = scripted_claims(SEED, plan.gold_claims, plan.invented)
    table: dict[str, dict[str, tuple[int, int]]] = {}
    results: dict[str, Summary] = {}
    for mode in MODES:
        with capable_server(plan) as server:
            options = {"base_url": server.url, "model": "capable-model", "evidence_mode": "quote"}
            with Summarizer(
                **options, **OFF, mode=mode, max_claims=80, max_tokens=8000
            ) as summarizer:
                result = results[mode] = summarizer.summarize(SEED.source_text)
            posts = [s for s in server.seen if s.path.endswith("/chat/completions")]
        feedback = _feedback(posts[-1]) if len(posts) > 1 else ""
        kept = {c.text: [(e.start, e.end) for e in c.evidence] for c in result.claims}
        for claim in claims:
            after = claim.after_reask()
            for index, quote in enumerate(claim.quotes):
                if index and quote.kind == "exact":
                    continue  # the claim's further quotes, always exact
                if quote.spans:
                    right = evidence_is_right(kept.get(claim.text, []), list(after or ()))
                elif after is None:
                    right = quote.text[:30] in feedback and claim.text not in kept
                else:
                    right = quote.text[:30] in feedback and evidence_is_right(
                        kept.get(claim.text, []), list(after)
                    )
                right_so_far, total = table.setdefault(quote.kind, {}).get(mode, (0, 0))
                table[quote.kind][mode] = (right_so_far + right, total + 1)
    order = [*KINDS, "paraphrase", "invented"]
    return {kind: table[kind] for kind in order}, results


def render_api_table(table: dict[str, dict[str, tuple[int, int]]]) -> str:
    lines = [
        "| quote kind | expected | " + " | ".join(f"`{m}`" for m in MODES) + " |",
        "| --- | --- |" + " --- |" * len(MODES),
    ]
    for kind, row in table.items():
        expected = {
            "paraphrase": "rejected, reasked, then the gold quote located",
            "invented": "rejected, reasked, then the claim left out",
        }.get(kind, "located at the right offsets")
        cells = " | ".join(f"{row[m][0]}/{row[m][1]}" for m in MODES)
        lines.append(f"| `{kind}` | {expected} | {cells} |")
    return "\n".join(lines)


def test_the_full_answer_in_every_mode_with_room_for_it() -> None:
    """62 claims (58 gold, 4 invented), with max_claims and max_tokens raised by hand."""
    table, results = api_table()
    for kind, row in table.items():
        for mode, (right, total) in row.items():
            assert total > 0 and right == total, f"{kind} in {mode}: {right}/{total}"
    for result in results.values():
        check_summary(result, Plan(gold_claims=58, invented=4), SEED.source_text)
        assert len(result.claims) == 58
    assert render_api_table(table) in BENCHMARKS.read_text(encoding="utf-8")
