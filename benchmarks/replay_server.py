"""An OpenAI-compatible replay server for benchmarks, on 127.0.0.1.

It answers ``POST /v1/chat/completions`` with a response body *recorded* from the real embedded
llama.cpp server (read from a cassette under ``tests/cassettes/``; never written by hand) after
a configurable latency, holding at most ``capacity`` requests in service at once (the rest
queue, as on a real server with that many slots). ``GET /v1/models`` lists the recorded model.
``GET /_stats`` returns counters: requests served, the highest concurrency seen, and the
server's own handling time per request (parse + answer, excluding the latency sleep and the
queue wait), so a benchmark can subtract it from a client-side measurement.

Plain asyncio streams, HTTP/1.1 keep-alive: one event loop sustains hundreds of connections.

    with replay_server(latency=0.2, capacity=64) as server:     # a child process
        Summarizer(base_url=server.base_url, ...)
        server.stats()["chat_requests"]

Run alone: ``python benchmarks/replay_server.py --latency 0.2 --capacity 64`` prints one JSON
line with its port when ready.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
CASSETTES = ROOT / "tests" / "cassettes"
SEED_CASSETTE = CASSETTES / "test_seed_article_sync.yaml"
SEED_ARTICLE = ROOT / "evals" / "gold" / "documents" / "000_seed_isis.txt"

__all__ = [
    "CASSETTES",
    "SEED_ARTICLE",
    "SEED_CASSETTE",
    "ReplayServer",
    "recorded_interaction",
    "replay_server",
]


def recorded_interaction(cassette: Path = SEED_CASSETTE, index: int = -1) -> dict[str, Any]:
    """One recorded POST exchange: ``{"request": {...parsed JSON...}, "body": str}``."""
    data = yaml.safe_load(cassette.read_text(encoding="utf-8"))
    posts = [i for i in data["interactions"] if i["request"]["method"] == "POST"]
    chosen = posts[index]
    body = chosen["response"]["body"]["string"]
    request = chosen["request"]["body"]
    return {
        "request": json.loads(request) if request else {},
        "body": body if isinstance(body, str) else body.decode("utf-8"),
    }


@dataclass
class Stats:
    chat_requests: int = 0
    other_requests: int = 0
    in_flight: int = 0
    max_in_flight: int = 0
    handling_s: list[float] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        handled = sorted(self.handling_s)
        return {
            "chat_requests": self.chat_requests,
            "other_requests": self.other_requests,
            "max_in_flight": self.max_in_flight,
            "handling_s_total": sum(handled),
            "handling_s_p50": handled[len(handled) // 2] if handled else 0.0,
            "handling_s_all": self.handling_s,
        }


class ReplayServer:
    """The asyncio server itself; ``serve()`` runs it on the current event loop."""

    def __init__(
        self,
        *,
        latency: float = 0.0,
        capacity: int = 64,
        cassette: Path = SEED_CASSETTE,
        port: int = 0,
    ) -> None:
        recorded = recorded_interaction(cassette)
        self.body = recorded["body"].encode("utf-8")
        self.model = json.loads(self.body).get("model") or "recorded"
        self.latency = latency
        self.capacity = capacity
        self.port = port
        self.stats = Stats()
        self._slots: asyncio.Semaphore | None = None

    async def serve(self, ready: Any = None) -> None:
        self._slots = asyncio.Semaphore(self.capacity)
        server = await asyncio.start_server(self._connection, "127.0.0.1", self.port, backlog=1024)
        self.port = server.sockets[0].getsockname()[1]
        if ready is not None:
            ready(self.port)
        async with server:
            await server.serve_forever()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError, ValueError):
            while True:
                line = await reader.readline()
                if not line:
                    break
                started = time.perf_counter()
                method, target, _ = line.decode("latin-1").split(" ", 2)
                length, close = 0, False
                while True:
                    header = await reader.readline()
                    if header in (b"\r\n", b"\n", b""):
                        break
                    name, _, value = header.decode("latin-1").partition(":")
                    name = name.strip().lower()
                    if name == "content-length":
                        length = int(value)
                    elif name == "connection" and value.strip().lower() == "close":
                        close = True
                if length:
                    await reader.readexactly(length)
                handled = time.perf_counter() - started
                status, payload = await self._answer(method, target.split("?", 1)[0])
                started = time.perf_counter()
                writer.write(
                    b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\n"
                    b"content-length: %d\r\n%s\r\n"
                    % (
                        status,
                        b"OK" if status == 200 else b"Not Found",
                        len(payload),
                        b"connection: close\r\n" if close else b"",
                    )
                    + payload
                )
                await writer.drain()
                if method == "POST" and target.endswith("/chat/completions"):
                    self.stats.handling_s.append(handled + time.perf_counter() - started)
                if close:
                    break
        writer.close()

    async def _answer(self, method: str, path: str) -> tuple[int, bytes]:
        stats = self.stats
        if method == "POST" and path.endswith("/chat/completions"):
            assert self._slots is not None
            async with self._slots:  # beyond ``capacity``, requests queue here
                stats.in_flight += 1
                stats.max_in_flight = max(stats.max_in_flight, stats.in_flight)
                try:
                    if self.latency:
                        await asyncio.sleep(self.latency)
                finally:
                    stats.in_flight -= 1
            stats.chat_requests += 1
            return 200, self.body
        if method == "GET" and path.endswith("/models"):
            stats.other_requests += 1
            listing = {"object": "list", "data": [{"id": self.model, "object": "model"}]}
            return 200, json.dumps(listing).encode()
        if method == "GET" and path == "/_stats":
            return 200, json.dumps(stats.as_dict()).encode()
        if method == "POST" and path == "/_reset":
            self.stats = Stats()
            return 200, b"{}"
        stats.other_requests += 1
        return 404, b'{"error": {"message": "not found", "type": "not_found"}}'


class ServerHandle:
    """What ``replay_server`` yields: the base URL, and the server's counters on demand."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}/v1"

    def _call(self, method: str, path: str) -> dict[str, Any]:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method)
        with urllib.request.urlopen(request, timeout=30) as response:
            result: dict[str, Any] = json.load(response)
            return result

    def stats(self) -> dict[str, Any]:
        return self._call("GET", "/_stats")

    def reset(self) -> None:
        self._call("POST", "/_reset")


@contextlib.contextmanager
def replay_server(
    *,
    latency: float = 0.0,
    capacity: int = 64,
    cassette: Path = SEED_CASSETTE,
    in_thread: bool = False,
) -> Iterator[ServerHandle]:
    """Run a ``ReplayServer`` in a child process (default: its own core and GIL) or a thread."""
    if in_thread:
        server = ReplayServer(latency=latency, capacity=capacity, cassette=cassette)
        loop = asyncio.new_event_loop()
        started = threading.Event()

        async def run() -> None:
            with contextlib.suppress(asyncio.CancelledError):
                await server.serve(lambda _port: started.set())

        task = loop.create_task(run())
        thread = threading.Thread(target=loop.run_until_complete, args=(task,), daemon=True)
        thread.start()
        started.wait(30)
        try:
            yield ServerHandle(server.port)
        finally:
            loop.call_soon_threadsafe(task.cancel)
            thread.join(5)
            loop.close()
        return
    command = [
        sys.executable, str(Path(__file__).resolve()),
        "--latency", str(latency), "--capacity", str(capacity), "--cassette", str(cassette),
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("the replay server did not start")
        yield ServerHandle(json.loads(line)["port"])
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per request")
    parser.add_argument("--capacity", type=int, default=64, help="requests served at once")
    parser.add_argument("--cassette", type=Path, default=SEED_CASSETTE)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    server = ReplayServer(
        latency=args.latency, capacity=args.capacity, cassette=args.cassette, port=args.port
    )

    def ready(port: int) -> None:
        print(json.dumps({"port": port}), flush=True)

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(server.serve(ready))


if __name__ == "__main__":
    main()
