"""A test double of OpenAI's Files and Batches API: real HTTP on 127.0.0.1, the public API's
wire format and error bodies, a script for what goes wrong. Not a provider: it answers every
request with what ``answer(body)`` returns (tests pass a response body recorded from the
embedded model, never a hand-written answer).

Endpoints: ``POST /v1/files`` (multipart, ``purpose=batch``), ``GET /v1/files`` (paginated),
``GET /v1/files/{id}``, ``GET /v1/files/{id}/content``, ``POST /v1/batches``,
``GET /v1/batches`` (paginated, newest first), ``GET /v1/batches/{id}``,
``POST /v1/batches/{id}/cancel``.

The script (``BatchScript``): the limits per input file (requests, bytes) checked at
validation, as the service does (a batch that breaks them ends ``failed`` with
``errors.data``); a share of custom ids whose line fails (HTTP 500 in the error file) in the
first batch that holds them; every n-th created batch expiring half-way (the rest
``batch_expired`` in the error file); slow state changes (each retrieve moves a batch one
step: validating → in_progress, a share of its requests per step → finalizing → completed);
optionally a 429
with ``Retry-After`` on every k-th retrieve. It counts uploads, creates and every answer given
per custom id, so a test can prove nothing was uploaded, created or answered twice.
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from tests.support.serving import serving

Json = dict[str, Any]


@dataclass
class BatchScript:
    answer: Callable[[Json], Json]
    max_requests_per_file: int = 50_000
    max_bytes_per_file: int = 200 * 1024 * 1024
    fail_share: float = 0.0  # custom ids failing (HTTP 500) in the first batch that holds them
    expire_every: int = 0  # every n-th created batch expires half-way (0: never)
    steps: int = 3  # retrieves a batch spends in_progress
    rate_limit_every: int = 0  # every k-th retrieve answers 429 with Retry-After (0: never)
    api_key: str = "double-key"
    # Stall the n-th call of a kind ("upload", "create", "retrieve", "content") after the
    # double has done it and before it answers, so a test can kill the client in that gap.
    stall: tuple[str, int] | None = None
    stall_seconds: float = 30.0


@dataclass
class _Batch:
    data: Json
    lines: list[Json]
    expires: bool
    done: int = 0
    failing: set[str] = field(default_factory=set)
    outputs: list[bytes] = field(default_factory=list)
    errors_out: list[bytes] = field(default_factory=list)


@dataclass
class BatchApiDouble:
    script: BatchScript
    url: str = ""
    uploads: int = 0
    creates: int = 0
    retrieves: int = 0
    answered: Counter[str] = field(default_factory=Counter)  # 200 answers per custom id
    files: dict[str, tuple[Json, bytes]] = field(default_factory=dict)
    batches: dict[str, _Batch] = field(default_factory=dict)
    failed_once: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    calls: Counter[str] = field(default_factory=Counter)
    stalled: threading.Event = field(default_factory=threading.Event)

    def _maybe_stall(self, method: str, path: str, status: int) -> None:
        parts = urlparse(path).path.rstrip("/").split("/")[2:]
        kind = {
            ("POST", 1, "files"): "upload",
            ("POST", 1, "batches"): "create",
            ("GET", 2, "batches"): "retrieve",
            ("GET", 3, "files"): "content",
        }.get((method, len(parts), parts[0] if parts else ""))
        if kind is None or status != 200:
            return
        with self.lock:
            self.calls[kind] += 1
            hit = self.script.stall == (kind, self.calls[kind])
        if hit:
            self.stalled.set()
            time.sleep(self.script.stall_seconds)

    # -- files -------------------------------------------------------------------------------

    def _new_file(self, name: str, purpose: str, content: bytes) -> Json:
        file_id = f"file-{len(self.files) + 1:06d}"
        meta = {
            "id": file_id,
            "object": "file",
            "bytes": len(content),
            "created_at": int(time.time()),
            "filename": name,
            "purpose": purpose,
            "status": "processed",
        }
        self.files[file_id] = (meta, content)
        return meta

    def upload(self, headers: Any, body: bytes) -> tuple[int, Json]:
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + headers["content-type"].encode() + b"\r\n\r\n" + body
        )
        fields: dict[str, tuple[str | None, bytes]] = {}
        for part in message.iter_parts():
            payload = part.get_payload(decode=True)
            fields[str(part.get_param("name", header="content-disposition"))] = (
                part.get_filename(),
                payload if isinstance(payload, bytes) else b"",
            )
        if "file" not in fields or fields.get("purpose", (None, b""))[1] != b"batch":
            return 400, _error("'file' and purpose 'batch' are required", "invalid_request_error")
        name, content = fields["file"]
        self.uploads += 1
        return 200, self._new_file(name or "upload.jsonl", "batch", content)

    # -- batches -----------------------------------------------------------------------------

    def create(self, request: Json) -> tuple[int, Json]:
        file_id = request.get("input_file_id")
        if file_id not in self.files:
            return 404, _error(
                f"No such File object: {file_id}", "invalid_request_error", param="input_file_id"
            )
        self.creates += 1
        number = len(self.batches) + 1
        batch_id = f"batch_{number:06d}"
        data = {
            "id": batch_id,
            "object": "batch",
            "endpoint": request.get("endpoint"),
            "errors": None,
            "input_file_id": file_id,
            "completion_window": request.get("completion_window"),
            "status": "validating",
            "output_file_id": None,
            "error_file_id": None,
            "created_at": int(time.time()),
            "request_counts": {"total": 0, "completed": 0, "failed": 0},
            "metadata": request.get("metadata"),
        }
        expires = bool(self.script.expire_every) and number % self.script.expire_every == 0
        self.batches[batch_id] = _Batch(data, [], expires)
        return 200, data

    def _validate(self, batch: _Batch) -> list[Json]:
        content = self.files[batch.data["input_file_id"]][1]
        errors: list[Json] = []
        if len(content) > self.script.max_bytes_per_file:
            errors.append(
                {
                    "code": "file_too_large",
                    "message": f"The input file is larger "
                    f"than the {self.script.max_bytes_per_file}-byte limit.",
                }
            )
        seen: set[str] = set()
        for number, raw in enumerate(content.splitlines(), 1):
            try:
                line = json.loads(raw)
                assert isinstance(line, dict) and isinstance(line["body"], dict)
                name = line["custom_id"]
            except (ValueError, AssertionError, KeyError, TypeError):
                errors.append(
                    {
                        "code": "invalid_json_line",
                        "line": number,
                        "message": "This line is not parseable as valid JSON.",
                    }
                )
                continue
            if line.get("url") != batch.data["endpoint"]:
                errors.append(
                    {
                        "code": "mismatched_endpoint",
                        "line": number,
                        "param": "url",
                        "message": "The url does not match the batch's endpoint.",
                    }
                )
            if name in seen:
                errors.append(
                    {
                        "code": "duplicate_custom_id",
                        "line": number,
                        "param": "custom_id",
                        "message": "The custom_id for this request is a duplicate.",
                    }
                )
            seen.add(name)
            batch.lines.append(line)
            digest = int(hashlib.sha256(name.encode()).hexdigest(), 16) % 10_000
            if digest < self.script.fail_share * 10_000 and name not in self.failed_once:
                self.failed_once.add(name)
                batch.failing.add(name)
        if len(batch.lines) > self.script.max_requests_per_file:
            errors.append(
                {
                    "code": "too_many_requests",
                    "message": f"The input file holds more "
                    f"than {self.script.max_requests_per_file} requests.",
                }
            )
        return errors

    def _run_line(self, batch: _Batch, line: Json, out: list[bytes], err: list[bytes]) -> None:
        name = line["custom_id"]
        key = f"{batch.data['id']}/{name}".encode()
        request_id = f"req_{hashlib.md5(key).hexdigest()[:12]}"
        if name in batch.failing:
            body = _error("The server had an error while processing your request.", "server_error")
            err.append(
                _line(
                    batch, name, {"status_code": 500, "request_id": request_id, "body": body}, None
                )
            )
            batch.data["request_counts"]["failed"] += 1
            return
        self.answered[name] += 1
        out.append(
            _line(
                batch,
                name,
                {
                    "status_code": 200,
                    "request_id": request_id,
                    "body": self.script.answer(line["body"]),
                },
                None,
            )
        )
        batch.data["request_counts"]["completed"] += 1

    def _finish(self, batch: _Batch, status: str, out: list[bytes], err: list[bytes]) -> None:
        batch.data["status"] = status
        batch.data[f"{status}_at"] = int(time.time())
        if out:
            batch.data["output_file_id"] = self._new_file(
                "output.jsonl", "batch_output", b"".join(out)
            )["id"]
        if err:
            batch.data["error_file_id"] = self._new_file(
                "errors.jsonl", "batch_output", b"".join(err)
            )["id"]

    def advance(self, batch: _Batch) -> None:
        """One step of a batch's life (each retrieve)."""
        data, status = batch.data, batch.data["status"]
        if status == "validating":
            errors = self._validate(batch)
            if errors:
                data["status"], data["failed_at"] = "failed", int(time.time())
                data["errors"] = {"object": "list", "data": errors}
                batch.lines = []
                return
            data["status"] = "in_progress"
            data["request_counts"]["total"] = len(batch.lines)
        elif status == "in_progress":
            total = len(batch.lines)
            stop = total // 2 if batch.expires else total
            share = max(1, -(-total // self.script.steps))
            for line in batch.lines[batch.done : min(batch.done + share, stop)]:
                self._run_line(batch, line, batch.outputs, batch.errors_out)
            batch.done = min(batch.done + share, stop)
            if batch.done >= stop and batch.expires:
                for line in batch.lines[stop:]:
                    batch.errors_out.append(
                        _line(
                            batch,
                            line["custom_id"],
                            None,
                            {
                                "code": "batch_expired",
                                "message": "This request could not be "
                                "executed before the completion window expired.",
                            },
                        )
                    )
                self._finish(batch, "expired", batch.outputs, batch.errors_out)
            elif batch.done >= stop:
                data["status"] = "finalizing"
        elif status == "finalizing":
            self._finish(batch, "completed", batch.outputs, batch.errors_out)
        elif status == "cancelling":
            self._finish(batch, "cancelled", batch.outputs, batch.errors_out)

    # -- HTTP --------------------------------------------------------------------------------

    def handle(
        self, method: str, path: str, headers: Any, body: bytes
    ) -> tuple[int, Any, dict[str, str]]:
        if headers.get("authorization") != f"Bearer {self.script.api_key}":
            return (
                401,
                _error(
                    "Incorrect API key provided.", "invalid_request_error", code="invalid_api_key"
                ),
                {},
            )
        url = urlparse(path)
        parts = url.path.rstrip("/").split("/")[2:]  # after /v1
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        with self.lock:
            if method == "POST" and parts == ["files"]:
                return (*self.upload(headers, body), {})
            if method == "GET" and parts == ["files"]:
                items = [
                    m
                    for m, _ in self.files.values()
                    if not query.get("purpose") or m["purpose"] == query["purpose"]
                ]
                return 200, _page(items, query), {}
            if parts[:1] == ["files"] and len(parts) >= 2:
                if parts[1] not in self.files:
                    return (
                        404,
                        _error(f"No such File object: {parts[1]}", "invalid_request_error"),
                        {},
                    )
                meta, content = self.files[parts[1]]
                return (200, content, {}) if parts[2:] == ["content"] else (200, meta, {})
            if method == "POST" and parts == ["batches"]:
                return (*self.create(json.loads(body)), {})
            if method == "GET" and parts == ["batches"]:
                items = [b.data for b in reversed(self.batches.values())]
                return 200, _page(items, query), {}
            if parts[:1] == ["batches"] and len(parts) >= 2:
                batch = self.batches.get(parts[1])
                if batch is None:
                    return (
                        404,
                        _error(f"No batch found with id '{parts[1]}'.", "invalid_request_error"),
                        {},
                    )
                if method == "POST" and parts[2:] == ["cancel"]:
                    if batch.data["status"] in ("validating", "in_progress", "finalizing"):
                        batch.data["status"] = "cancelling"
                    return 200, batch.data, {}
                self.retrieves += 1
                every = self.script.rate_limit_every
                if every and self.retrieves % every == 0:
                    return (
                        429,
                        _error(
                            "Rate limit reached for requests.",
                            "requests",
                            code="rate_limit_exceeded",
                        ),
                        {"retry-after": "0.05"},
                    )
                self.advance(batch)
                return 200, batch.data, {}
        return 404, _error(f"Invalid URL ({method} {url.path})", "invalid_request_error"), {}


def _error(message: str, kind: str, *, param: str | None = None, code: str | None = None) -> Json:
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def _line(batch: _Batch, name: str, response: Json | None, error: Json | None) -> bytes:
    row = {
        "id": f"batch_req_{hashlib.md5(name.encode()).hexdigest()[:16]}",
        "custom_id": name,
        "response": response,
        "error": error,
    }
    return (json.dumps(row) + "\n").encode()


def _page(items: list[Json], query: dict[str, str]) -> Json:
    after, limit = query.get("after"), int(query.get("limit") or 20)
    start = next((i + 1 for i, item in enumerate(items) if item["id"] == after), 0) if after else 0
    page = items[start : start + limit]
    return {
        "object": "list",
        "data": page,
        "has_more": start + limit < len(items),
        "first_id": page[0]["id"] if page else None,
        "last_id": page[-1]["id"] if page else None,
    }


@contextmanager
def batch_api_double(script: BatchScript) -> Iterator[BatchApiDouble]:
    """The double, serving on 127.0.0.1 (``double.url`` ends in ``/v1``)."""
    double = BatchApiDouble(script)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _serve(self, method: str) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            status, payload, extra = double.handle(method, self.path, self.headers, body)
            double._maybe_stall(method, self.path, status)
            data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
            self.send_response(status)
            kind = "application/octet-stream" if isinstance(payload, bytes) else "application/json"
            self.send_header("content-type", kind)
            self.send_header("content-length", str(len(data)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):  # the client was killed
                self.wfile.write(data)

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with serving(server) as double.url:
        yield double
