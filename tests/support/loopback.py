"""A scripted OpenAI-compatible server on 127.0.0.1 for transport tests.

Each request takes the next scripted answer: ``(status, headers, body)``. Success bodies are
never written by hand: they are response bodies recorded from the embedded llama.cpp server
(read from a cassette with ``recorded_body``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

from tests.support.serving import serving


@dataclass
class Answer:
    status: int
    body: str = "{}"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Script:
    answers: list[Answer]
    seen: list[tuple[float, str, dict[str, str], bytes]] = field(default_factory=list)

    def next(self) -> Answer:
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


def error_body(message: str, code: str | None = None) -> str:
    return json.dumps({"error": {"message": message, "type": "error", "code": code}})


@contextmanager
def loopback_server(script: Script, *, keep_alive: bool = False) -> Iterator[str]:
    """Serve ``script`` on 127.0.0.1; with ``keep_alive``, HTTP/1.1 connections stay open
    between requests, as real servers keep them (a client pools and reuses them)."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1" if keep_alive else "HTTP/1.0"

        def log_message(self, *args: Any) -> None:
            pass

        def _answer(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            script.seen.append((time.monotonic(), self.path, dict(self.headers), body))
            answer = script.next()
            if answer.delay:
                time.sleep(answer.delay)
            payload = answer.body.encode()
            self.send_response(answer.status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(payload)

        do_GET = _answer
        do_POST = _answer

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with serving(server) as url:
        yield url


def recorded_body(cassette: Path, index: int = -1) -> str:
    """The response body of one interaction of a recorded cassette."""
    data = yaml.safe_load(cassette.read_text(encoding="utf-8"))
    posts = [i for i in data["interactions"] if i["request"]["method"] == "POST"]
    body = posts[index]["response"]["body"]["string"]
    return body if isinstance(body, str) else body.decode("utf-8")
