"""A judge model on 127.0.0.1 that answers as the lexical judge would — a TEST DOUBLE, not a
model.

It speaks the chat-completions wire format (``POST /v1/chat/completions``, instructor's
``tools`` mode: a forced tool call whose ``arguments`` is the JSON; ``response_format`` modes:
the JSON as ``content``) and understands one request: the product's verify prompt
(``prompts/verify_user.j2``: ``[n] Claim: ...`` / ``Evidence: ...``). Each claim is judged
supported exactly when the lexical judge finds it present in its evidence — its best score over
the evidence's sentences and the whole evidence, as ``meta-eval`` takes presence — so the
figures of ``meta-eval --judge llm`` through this double must equal the lexical judge's. It
proves the plumbing (requests, cache, cost, resume, figures), nothing about any real model.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from summarizer._judges import get_judge
from summarizer.evaluation._metaeval import presence, split_summary
from tests.support.serving import serving

__all__ = ["JudgeDouble", "judge_double"]

_ITEM = re.compile(r"^\[(\d+)\] Claim: (.*)\nEvidence: (.*)$", re.MULTILINE)


@dataclass
class JudgeDouble:
    """A running double: ``url`` (ends in ``/v1``) and the request bodies it answered."""

    url: str
    seen: list[dict[str, Any]] = field(default_factory=list)


def _verdicts(user: str) -> list[dict[str, Any]]:
    judge = get_judge("lexical")
    out = []
    for _, claim, evidence in _ITEM.findall(user):
        score = float(presence([claim], split_summary(evidence), judge)[0])
        supported = score >= judge.threshold
        out.append({"supported": supported, "reason": None if supported else "not stated"})
    return out


def _answer(body: dict[str, Any]) -> dict[str, Any]:
    messages = body.get("messages") or []
    user = "\n".join(str(m.get("content") or "") for m in messages if m.get("role") == "user")
    arguments = json.dumps({"verdicts": _verdicts(user)})
    message: dict[str, Any] = {"role": "assistant", "content": None}
    if body.get("tools"):
        name = body["tools"][0]["function"]["name"]
        message["tool_calls"] = [
            {"id": "call_0", "type": "function", "function": {"name": name, "arguments": arguments}}
        ]
    else:
        message["content"] = arguments
    prompt = max(1, len(json.dumps(messages)) // 4)
    completion = max(1, len(arguments) // 4)
    return {
        "id": "chatcmpl-judge-double",
        "object": "chat.completion",
        "created": 0,
        "model": str(body.get("model")),
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        },
    }


@contextmanager
def judge_double() -> Iterator[JudgeDouble]:
    double = JudgeDouble("")
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            if self.path.rstrip("/") != "/v1/chat/completions":
                status, payload = 404, {"error": {"message": "not found"}}
            else:
                status, payload = 200, _answer(body)
                with lock:
                    double.seen.append(body)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with serving(server) as double.url:
        yield double
