"""A seeded, deterministic fault-injecting OpenAI-compatible server on 127.0.0.1.

Every POST is tied to the document it is about (a hash of the request's first two messages,
system and user, which stay the same across transport retries *and* instructor's reasks) and
to its attempt number for that document. The fault served is decided from a hash of
``(seed, document, attempt)``: the same seed gives the same faults to the same documents
whatever the order in which concurrent requests arrive.

Faults (``FAULTS``):

    rate_limit   429 with ``Retry-After`` (seconds, small)
    server_500   500 with an error body
    server_503   503 with an error body
    slow         the success body, sent only after ``slow_seconds`` (beyond the client timeout)
    drop         200 headers announcing the full body, half of it, then the socket is closed
    truncated    200 whose body is the recorded body cut in half (invalid JSON)
    bad_schema   the recorded body with ``claims`` removed from the tool-call arguments
    ungrounded   the recorded body with evidence that is not in the source: sentence numbers
                 out of range (sentence mode) or quotes that are not in the text (quote mode)

Answers that are not a chat completion (``ANSWER_FAULTS``, issue 16):

    html          200, ``text/html``: a proxy's error page
    null          200, ``null``
    array         200, ``[]``
    no_choices    200, ``{"choices": []}``
    error_object  200, ``{"error": {...}}``
    huge          200, a 10 MB JSON object
    bad_utf8      200, the success body with a byte that is not UTF-8 inside a string
    deep_json     200, JSON nested 100,000 deep
    retry_soon    429 with ``Retry-After: soon-ish``
    drip          200 headers, then one byte of the success body every ``drip_seconds``
    gzip_bomb     200, ``content-encoding: gzip``: 64 MiB of zeros compressed to 64 KB

With ``models_html`` the ``/models`` listing is an HTML page too.

Otherwise the answer is the success body: a response recorded from the embedded llama.cpp
server (``loopback.recorded_body``). Fault bodies are derived from it programmatically.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.support.loopback import error_body
from tests.support.serving import serving

__all__ = [
    "ANSWER_FAULTS",
    "FAULTS",
    "FaultPlan",
    "FaultServer",
    "Served",
    "document_key",
    "drop_claims",
    "fabricated_quotes",
    "fault_server",
    "map_evidence",
]

FAULTS = (
    "rate_limit",
    "server_500",
    "server_503",
    "slow",
    "drop",
    "truncated",
    "bad_schema",
    "ungrounded",
)

ANSWER_FAULTS = (
    "html",
    "null",
    "array",
    "no_choices",
    "error_object",
    "huge",
    "bad_utf8",
    "deep_json",
    "retry_soon",
    "drip",
    "gzip_bomb",
)
_DEPTH = 100_000
_STATIC_BODIES = {
    "html": b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>",
    "null": b"null",
    "array": b"[]",
    "no_choices": b'{"id": "x", "object": "chat.completion", "choices": []}',
    "error_object": b'{"error": {"message": "model overloaded", "type": "server_error"}}',
    "deep_json": b'{"choices": ' + b"[" * _DEPTH + b"]" * _DEPTH + b"}",
}


@cache
def huge_body() -> bytes:
    """A 10 MB JSON object (no chat completion in it)."""
    return json.dumps({"id": "x", "padding": "x" * 10_000_000}).encode()


@cache
def gzip_bomb() -> bytes:
    """64 MiB of zeros, gzip-compressed (about 64 KB on the wire)."""
    return gzip.compress(bytes(64 * 1024 * 1024), compresslevel=9)


def bad_utf8(body: str) -> bytes:
    """``body`` with a byte that is not UTF-8 (0xFF) inside its first string value."""
    raw = body.encode()
    at = raw.index(b'"', raw.index(b":")) + 1
    return raw[:at] + b"\xff" + raw[at:]


# Quotes that appear in no test document (and are far from any of its sentences).
FABRICATED_QUOTES = (
    "Purple elephants negotiated a ceasefire on the far side of the moon.",
    "The orchestra of lighthouse keepers voted to abolish Tuesdays forever.",
)


def map_evidence(body: str, change: Callable[[list[Any]], list[Any]]) -> str:
    """``body`` with every claim's ``evidence`` list replaced by ``change(evidence)``."""

    def edit(arguments: dict[str, Any]) -> dict[str, Any]:
        for claim in arguments.get("claims", []):
            claim["evidence"] = change(claim["evidence"])
        return arguments

    return _edit_arguments(body, edit)


def drop_claims(body: str) -> str:
    """``body`` whose tool-call arguments lack the required ``claims`` field."""

    def edit(arguments: dict[str, Any]) -> dict[str, Any]:
        arguments.pop("claims", None)
        return arguments

    return _edit_arguments(body, edit)


def _edit_arguments(body: str, edit: Callable[[dict[str, Any]], dict[str, Any]]) -> str:
    data = json.loads(body)
    for choice in data["choices"]:
        message = choice["message"]
        calls = [call["function"] for call in message.get("tool_calls") or []]
        if message.get("function_call"):
            calls.append(message["function_call"])
        for call in calls:
            call["arguments"] = json.dumps(edit(json.loads(call["arguments"])))
    return json.dumps(data)


@dataclass(frozen=True)
class FaultPlan:
    """Which share of requests meets which fault, and the fault's parameters."""

    seed: int
    shares: dict[str, float]
    retry_after: tuple[float, ...] = (0.05, 0.1, 0.2)
    slow_seconds: float = 1.0
    drip_seconds: float = 0.2
    models_html: bool = False
    # A fixed schedule instead of shares: fault of attempt n is ``script[n - 1]`` for every
    # document (``None`` = success; past its end, success).
    script: tuple[str | None, ...] | None = None

    def __post_init__(self) -> None:
        known = {*FAULTS, *ANSWER_FAULTS, None}
        unknown = (set(self.shares) | set(self.script or ())) - known
        if unknown:
            raise ValueError(f"unknown faults: {sorted(unknown)}")
        if sum(self.shares.values()) > 1.0:
            raise ValueError("fault shares add up to more than 1")

    def _unit(self, key: str, attempt: int, salt: str = "") -> float:
        digest = hashlib.sha256(f"{self.seed}|{key}|{attempt}|{salt}".encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2**64

    def decide(self, key: str, attempt: int) -> str | None:
        """The fault for ``attempt`` (1-based) of document ``key``; ``None`` for success."""
        if self.script is not None:
            return self.script[attempt - 1] if attempt <= len(self.script) else None
        point, cumulative = self._unit(key, attempt), 0.0
        for name in (*FAULTS, *ANSWER_FAULTS):
            cumulative += self.shares.get(name, 0.0)
            if point < cumulative:
                return name
        return None

    def retry_after_for(self, key: str, attempt: int) -> float:
        options = self.retry_after
        return options[int(self._unit(key, attempt, "retry-after") * len(options))]


@dataclass(frozen=True)
class Served:
    """One request as the server saw it, and what it answered."""

    key: str
    attempt: int
    fault: str | None
    received: float  # time.monotonic() on arrival
    answered: float  # time.monotonic() when the answer (or its headers) was sent
    retry_after: float | None = None
    request: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    headers: dict[str, str] = field(default_factory=dict, repr=False, compare=False)


@dataclass
class FaultServer:
    """State shared with the handler threads: the plan, the bodies and the request log."""

    plan: FaultPlan
    success_body: str
    ungrounded_body: str
    url: str = ""
    log: list[Served] = field(default_factory=list)
    _attempts: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.bad_schema_body = drop_claims(self.success_body)
        self.truncated_body = self.success_body[: len(self.success_body) // 2]

    @property
    def faults(self) -> Counter[str]:
        """Every fault served, by name."""
        return Counter(entry.fault for entry in self.log if entry.fault is not None)

    def by_document(self) -> dict[str, list[Served]]:
        grouped: dict[str, list[Served]] = {}
        for entry in sorted(self.log, key=lambda e: (e.key, e.attempt)):
            grouped.setdefault(entry.key, []).append(entry)
        return grouped

    def register(self, key: str) -> int:
        with self._lock:
            self._attempts[key] += 1
            return self._attempts[key]

    def record(self, entry: Served) -> None:
        with self._lock:
            self.log.append(entry)


def document_key(payload: dict[str, Any]) -> str:
    """What identifies a document's requests: its system and user messages."""
    messages = payload.get("messages") or []
    head = json.dumps(messages[:2], sort_keys=True)
    return hashlib.sha256(head.encode()).hexdigest()[:16]


@contextmanager
def fault_server(
    plan: FaultPlan,
    success_body: str,
    *,
    ungrounded_body: str | None = None,
    echo_auth: bool = False,
) -> Iterator[FaultServer]:
    """Serve ``plan`` on 127.0.0.1; the yielded state's ``url`` is the base URL (``.../v1``).

    ``ungrounded_body`` defaults to the success body with every sentence number moved out of
    range (sentence-mode evidence). With ``echo_auth`` the error answers (429, 5xx) quote the
    request's ``Authorization`` header back, as a careless proxy might.
    """
    if ungrounded_body is None:
        ungrounded_body = map_evidence(success_body, lambda ev: [n + 1000 for n in ev])
    state = FaultServer(plan, success_body, ungrounded_body)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, status: int, payload: bytes, headers: dict[str, str] | None = None):
            headers = {"content-type": "application/json", **(headers or {})}
            self.send_response(status)
            self.send_header("content-length", str(len(payload)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(payload)
                self.wfile.flush()

        def do_GET(self) -> None:
            if plan.models_html:
                self._send(200, _STATIC_BODIES["html"], {"content-type": "text/html"})
                return
            self._send(200, json.dumps({"object": "list", "data": []}).encode())

        def _answer_fault(self, fault: str) -> None:
            """Serve one of ``ANSWER_FAULTS`` (recorded by the caller)."""
            if fault == "retry_soon":
                self._send(429, error_body("slow down").encode(), {"retry-after": "soon-ish"})
            elif fault == "html":
                self._send(200, _STATIC_BODIES["html"], {"content-type": "text/html"})
            elif fault in _STATIC_BODIES:
                self._send(200, _STATIC_BODIES[fault])
            elif fault == "huge":
                self._send(200, huge_body())
            elif fault == "bad_utf8":
                self._send(200, bad_utf8(state.success_body))
            elif fault == "gzip_bomb":
                self._send(200, gzip_bomb(), {"content-encoding": "gzip"})
            elif fault == "drip":
                body = state.success_body.encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                with suppress(OSError):
                    for at in range(len(body)):
                        self.wfile.write(body[at : at + 1])
                        self.wfile.flush()
                        time.sleep(plan.drip_seconds)
                self.close_connection = True

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length) if length else b""
            received = time.monotonic()
            try:
                payload = json.loads(raw)
            except ValueError:
                self._send(400, error_body("request body is not JSON").encode())
                return
            key = document_key(payload)
            attempt = state.register(key)
            fault = plan.decide(key, attempt)
            seen = {"request": payload, "headers": dict(self.headers)}
            echo = f" (auth: {self.headers.get('authorization')})" if echo_auth else ""
            if fault in ANSWER_FAULTS:
                state.record(Served(key, attempt, fault, received, time.monotonic(), **seen))
                self._answer_fault(fault)
                return
            if fault == "rate_limit":
                wait = plan.retry_after_for(key, attempt)
                state.record(Served(key, attempt, fault, received, time.monotonic(), wait, **seen))
                self._send(
                    429, error_body("rate limited" + echo).encode(), {"retry-after": f"{wait:g}"}
                )
                return
            if fault in ("server_500", "server_503"):
                status = 500 if fault == "server_500" else 503
                state.record(Served(key, attempt, fault, received, time.monotonic(), **seen))
                self._send(status, error_body(f"injected {status}{echo}").encode())
                return
            if fault == "drop":
                body = state.success_body.encode()
                state.record(Served(key, attempt, fault, received, time.monotonic(), **seen))
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                with suppress(OSError):
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
                return
            if fault == "slow":
                time.sleep(plan.slow_seconds)
            body_text = {
                "truncated": state.truncated_body,
                "bad_schema": state.bad_schema_body,
                "ungrounded": state.ungrounded_body,
            }.get(fault or "", state.success_body)
            state.record(Served(key, attempt, fault, received, time.monotonic(), **seen))
            self._send(200, body_text.encode())

    class Server(ThreadingHTTPServer):
        # A deep accept queue: with the default (5), concurrent clients can see a connect
        # timeout that the server never logs, which would look like a fault nobody served.
        request_queue_size = 256
        daemon_threads = True
        block_on_close = False

        def handle_error(self, request: Any, client_address: Any) -> None:
            pass  # a client that gave up (a deadline, a size cap) is expected, not news

    server = Server(("127.0.0.1", 0), Handler)
    with serving(server) as state.url:
        yield state


def fabricated_quotes(evidence: list[Any]) -> list[str]:
    """Quote-mode evidence that is in no document: one fabricated quote per item."""
    return [FABRICATED_QUOTES[i % len(FABRICATED_QUOTES)] for i in range(len(evidence))]
