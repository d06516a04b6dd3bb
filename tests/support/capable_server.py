"""A scripted capable-model server on 127.0.0.1 — a TEST DOUBLE, not a model.

It plays a strong model on the gold documents (``evals/gold/gold.jsonl``): its answers are the
gold file's own claims and quotes, some of the quotes perturbed the way models perturb them
(``capable_answers.NEAR_MISS_KINDS``), some paraphrased, plus invented claims whose quotes are
in no document (the answers themselves are built in ``tests/support/capable_answers.py``).
It sits beside the recorded cassettes (``tests/cassettes/``, recorded from a real llama.cpp
server), not in their place: it proves that the library handles a capable model's answers and
OpenAI's wire formats and parameter rules, as written down here; it proves nothing about how any
real model answers.

What it does, deterministically (the same request always gets the same bytes):

- ``GET /v1/models`` lists ``Plan.models``.
- ``POST /v1/chat/completions`` finds the gold document whose text is in the messages and
  answers in the wire format of the instructor mode the request implies, as OpenAI returns it:
  ``tools`` in the request → a forced tool call whose ``arguments`` is the JSON (``tools``);
  ``response_format`` ``json_schema`` or ``json_object`` → ``content`` is the JSON
  (``json_schema``, ``json``); neither → ``content`` is the JSON in a ```json fence
  (``md_json``, whose request asks for that fence).
- The first answer (no assistant message in the request yet) holds the near-miss, paraphrased
  and invented quotes. A reask (an assistant message and the validation errors after it) gets the
  answer a strong model gives: invented claims left out, paraphrases replaced by the exact gold
  quote, everything else unchanged.
- A continuation (a last user message "... cut off after N claims; the last one was: '...'",
  the library's wording) gets ``{"claims": [...]}``: the claims after that one, of the answer
  the same conversation would give. Like a model, the double knows only the messages it is sent.
- The support judge's request (``verify="llm"``: a last user message "Judge each of the N
  claims, in order.") gets N verdicts, every one ``supported``: the double plays a lenient
  judge, so what the library's hard checks catch on top of it is what a test sees.
- The output budget is honoured: completion tokens (estimated as characters / 4, plus
  ``Plan.reasoning_tokens`` for a reasoning-model name) beyond ``max_completion_tokens`` or
  ``max_tokens`` cut the output there, with ``finish_reason: "length"``.
- A reasoning-model name (``o1``, ``o3``, ``o4``, ``gpt-5`` prefixes) gets OpenAI's HTTP 400 for
  ``max_tokens`` and for a ``temperature`` other than 1, with OpenAI's error JSON.
- Planted regressions (``PLANTED_KINDS``), for the eval gate's tests: when a system message holds
  a line ``PLANTED: <kind>`` (the templates in ``tests/data/planted/<kind>/`` put it there), the
  answer is changed by ``plant``: ``drop-attribution`` sets every ``attributed_to`` to null,
  ``negate`` negates every third claim (``negate``; in a non-English gold document with that
  language's rules, ``language_variants.NEGATE``), ``one-claim`` keeps only the first claim.
  This is the double obeying a marker, NOT a model following an instruction: it shows that the
  gate catches such output, not that any model would write it.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from summarizer.evaluation import GoldDocument, GoldFile, load_gold
from summarizer.text import detect_language
from tests.support.capable_answers import GOLD_PATH, scripted_claims
from tests.support.language_variants import NEGATE, first_rule
from tests.support.serving import serving

__all__ = [
    "PLANTED_KINDS",
    "REASONING_PREFIXES",
    "CapableServer",
    "Plan",
    "Served",
    "capable_server",
    "negate",
    "plant",
]

REASONING_PREFIXES = ("o1", "o3", "o4", "gpt-5")
_CREATED = 1764201600  # a fixed timestamp: answers are byte-for-byte deterministic


@dataclass(frozen=True)
class Plan:
    """What the double answers: how many gold claims and invented claims, in which models."""

    gold_claims: int = 20
    invented: int = 3
    models: tuple[str, ...] = ("capable-model",)
    reasoning_tokens: int = 384


@dataclass
class Served:
    """One request as the server saw it, and its answer's status."""

    path: str
    body: dict[str, Any]
    status: int
    mode: str | None = None
    reask: int = 0
    answer: dict[str, Any] = field(default_factory=dict)


@dataclass
class _State:
    plan: Plan
    gold: GoldFile
    seen: list[Served] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _tokens(text: str) -> int:
    return max(1, (len(text) + 3) // 4)


def _error(message: str, param: str, code: str) -> tuple[int, dict[str, Any]]:
    return 400, {
        "error": {
            "message": message,
            "type": "invalid_request_error",
            "param": param,
            "code": code,
        }
    }


def _rejected(body: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
    """OpenAI's answer to parameters a reasoning model does not take."""
    if not str(body.get("model", "")).startswith(REASONING_PREFIXES):
        return None
    if "max_tokens" in body:
        return _error(
            "Unsupported parameter: 'max_tokens' is not supported with this model. "
            "Use 'max_completion_tokens' instead.",
            "max_tokens",
            "unsupported_parameter",
        )
    temperature = body.get("temperature")
    if temperature is not None and float(temperature) != 1.0:
        return _error(
            f"Unsupported value: 'temperature' does not support {float(temperature):g} with "
            "this model. Only the default (1) value is supported.",
            "temperature",
            "unsupported_value",
        )
    return None


def _mode(body: dict[str, Any]) -> str:
    if body.get("tools"):
        return "tools"
    kind = (body.get("response_format") or {}).get("type")
    return {"json_schema": "json_schema", "json_object": "json"}.get(kind, "md_json")


def _folded(text: str) -> str:
    return " ".join(text.split())


def _document(state: _State, messages: list[dict[str, Any]]) -> GoldDocument | None:
    prompt = _folded(" ".join(str(m.get("content") or "") for m in messages))
    for document in state.gold.documents:
        if _folded(document.source_text)[:400] in prompt:
            return document
    return None


_CONTINUE = re.compile(
    r"cut off after (\d+) claims?; the last one was: ('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
)


def _continuation(messages: list[dict[str, Any]]) -> tuple[int, str] | None:
    """``(claims so far, the last one's text)`` when the last message asks to continue."""
    if not messages or messages[-1].get("role") != "user":
        return None
    found = _CONTINUE.search(str(messages[-1].get("content")))
    if found is None:
        return None
    return int(found.group(1)), str(ast.literal_eval(found.group(2)))


# --- planted regressions (a marker the double follows; see the module docstring) -------------

PLANTED_KINDS = ("drop-attribution", "negate", "one-claim")
_PLANTED = re.compile(r"^PLANTED: ([a-z-]+)[ \t]*$", re.MULTILINE)
_AUXILIARY = re.compile(
    r"\b(is|are|was|were|has|have|had|will|would|can|could|may|might|should|must|does|do|did)\b"
)
_NOT = re.compile(r"\s+not\b|n't\b")


def negate(text: str, code: str = "en") -> str:
    """``text`` with its polarity flipped: a "not" removed where it has one, else put after its
    first auxiliary verb, else "It is not the case that ..." in front. In another language
    (``code``), the first of that language's negation toggles that applies
    (``language_variants.NEGATE``); the text unchanged when none does."""
    if code != "en":
        return first_rule(NEGATE.get(code, ()), text) or text
    if _NOT.search(text):
        return _NOT.sub("", text, count=1)
    found = _AUXILIARY.search(text)
    if found:
        return f"{text[: found.end()]} not{text[found.end() :]}"
    return f"It is not the case that {text}"


def plant(kind: str, claims: list[dict[str, Any]], code: str | None = None) -> list[dict[str, Any]]:
    """Claims (JSON objects with ``text`` and ``attributed_to``) as the regression ``kind``
    would write them, in language ``code`` (None: the language detected in the claims); works
    on the double's answers and on results-file claims alike."""
    if code is None:
        code = detect_language(" ".join(str(c.get("text", "")) for c in claims)).code
    if kind == "drop-attribution":
        return [{**claim, "attributed_to": None} for claim in claims]
    if kind == "negate":
        return [
            {**claim, "text": negate(claim["text"], code)} if index % 3 == 0 else claim
            for index, claim in enumerate(claims)
        ]
    if kind == "one-claim":
        return claims[:1]
    raise ValueError(f"unknown planted regression {kind!r}: one of {PLANTED_KINDS}")


_JUDGE_EACH = re.compile(r"^Judge each of the (\d+) claims, in order\.$", re.MULTILINE)


def _judge_items(messages: list[dict[str, Any]]) -> int | None:
    """The number of claims when the request is the support judge's (``verify_user.j2``)."""
    if not messages or messages[-1].get("role") != "user":
        return None
    found = _JUDGE_EACH.search(str(messages[-1].get("content") or ""))
    return int(found.group(1)) if found else None


def _planted(messages: list[dict[str, Any]]) -> str | None:
    for message in messages:
        if message.get("role") == "system":
            found = _PLANTED.search(str(message.get("content") or ""))
            if found:
                return found.group(1)
    return None


def _complete(state: _State, body: dict[str, Any]) -> tuple[int, dict[str, Any], Served]:
    served = Served("/v1/chat/completions", body, 400)
    rejected = _rejected(body)
    if rejected is not None:
        return *rejected, served
    messages = body.get("messages") or []
    plan = state.plan
    served.mode = mode = _mode(body)
    judged = _judge_items(messages)
    answer: dict[str, Any]
    if judged is not None:
        answer = {"verdicts": [{"supported": True, "reason": None}] * judged}
    else:
        document = _document(state, messages)
        if document is None:
            served.status = 400
            return (
                *_error("scripted server: no gold document in the messages", "messages", "x"),
                served,
            )
        served.reask = reask = sum(1 for m in messages if m.get("role") == "assistant")
        claims = scripted_claims(document, plan.gold_claims, plan.invented)
        chosen = [(c, c.quotes if reask == 0 else c.after_reask()) for c in claims]
        answer = {
            "title": document.source_text.strip().splitlines()[0][:90],
            "summary": document.summary,
            "key_points": document.key_points[:6],
            "claims": [c.as_json(quotes) for c, quotes in chosen if quotes is not None],
        }
        planted = _planted(messages)
        if planted is not None:
            code = detect_language(document.source_text).code
            answer["claims"] = plant(planted, answer["claims"], code)
        follow = _continuation(messages)
        if follow is not None:
            texts = [c["text"] for c in answer["claims"]]
            after = texts.index(follow[1]) + 1 if follow[1] in texts else follow[0]
            answer = {"claims": answer["claims"][after:]}
    if mode == "md_json":
        output = "```json\n" + json.dumps(answer, ensure_ascii=False, indent=2) + "\n```"
    else:
        output = json.dumps(answer, ensure_ascii=False)
    model = str(body.get("model"))
    reasoning = plan.reasoning_tokens if model.startswith(REASONING_PREFIXES) else 0
    budget = body.get("max_completion_tokens") or body.get("max_tokens")
    finish = "stop"
    if budget is not None and reasoning + _tokens(output) > int(budget):
        output, finish = output[: max(0, int(budget) - reasoning) * 4], "length"
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": None}
    if mode == "tools":
        choice = body.get("tool_choice")
        name = choice["function"]["name"] if isinstance(choice, dict) else None
        message["tool_calls"] = [
            {
                "id": f"call_{digest[:24]}",
                "type": "function",
                "function": {"name": name or body["tools"][0]["function"]["name"],
                             "arguments": output},
            }
        ]  # fmt: skip
    else:
        message["content"] = output
    message["annotations"] = []
    prompt_tokens = _tokens(json.dumps(messages, ensure_ascii=False))
    completion_tokens = reasoning + _tokens(output)
    served.status = 200
    return (
        200,
        {
            "id": f"chatcmpl-{digest[:29]}",
            "object": "chat.completion",
            "created": _CREATED,
            "model": model,
            # a forced tool call ends with "stop", as OpenAI's does
            "choices": [
                {"index": 0, "message": message, "logprobs": None, "finish_reason": finish}
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
                "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                "completion_tokens_details": {
                    "reasoning_tokens": reasoning,
                    "audio_tokens": 0,
                    "accepted_prediction_tokens": 0,
                    "rejected_prediction_tokens": 0,
                },
            },
            "service_tier": "default",
            "system_fingerprint": "fp_capable_double",
        },
        served,
    )


@dataclass
class CapableServer:
    """A running double: ``url`` (ends in ``/v1``) and every request it ``seen``."""

    url: str
    seen: list[Served]


@contextmanager
def capable_server(plan: Plan | None = None, gold: Path = GOLD_PATH) -> Iterator[CapableServer]:
    state = _State(plan or Plan(), load_gold(gold))

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.send_header("x-request-id", "req_" + hashlib.sha256(data).hexdigest()[:24])
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path.rstrip("/") != "/v1/models":
                self._send(
                    404, {"error": {"message": "not found", "type": "invalid_request_error"}}
                )
                return
            data = [{"id": m, "object": "model", "created": _CREATED, "owned_by": "capable-double"}
                    for m in state.plan.models]  # fmt: skip
            with state.lock:
                state.seen.append(Served(self.path, {}, 200))
            self._send(200, {"object": "list", "data": data})

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._send(
                    404, {"error": {"message": "not found", "type": "invalid_request_error"}}
                )
                return
            status, payload, served = _complete(state, body)
            served.answer = payload
            with state.lock:
                state.seen.append(served)
            self._send(status, payload)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with serving(server) as url:
        yield CapableServer(url, state.seen)
