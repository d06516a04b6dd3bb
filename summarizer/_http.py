"""The HTTP transport under the openai client: a whole-request deadline and a cap on the
decoded size of every answer.

httpx2's ``timeout`` bounds each network read, not the request: a server that sends its headers
and then one byte a second never trips it. And httpx2 decodes ``gzip`` as it reads, so a small
compressed body can expand without bound (a 2 MB gzip bomb is 2 GiB decoded). Both guards sit
in a transport (``httpx2.HTTPTransport`` / ``AsyncHTTPTransport``, handed to the openai client
as ``http_client=``) rather than in hand-written HTTP:

- the deadline of a request is its read timeout (what ``ModelClient`` gives per attempt),
  counted from when the request is sent, for the headers and the whole body; past it the
  request fails with ``httpx2.ReadTimeout`` (the openai client reports ``APITimeoutError``);
- the body is decoded here (``gzip``, ``deflate`` or none, which is all the transport asks
  for) a bounded piece at a time, and an answer longer than ``MAX_RESPONSE_BYTES`` decoded
  fails with ``ResponseTooLargeError``; the response handed up carries the decoded body.
"""

from __future__ import annotations

import asyncio
import time
import zlib
from collections.abc import AsyncIterator, Iterator

import httpx2

__all__ = [
    "MAX_RESPONSE_BYTES",
    "GuardedAsyncTransport",
    "GuardedTransport",
    "ResponseTooLargeError",
]

MAX_RESPONSE_BYTES = 8 * 1024 * 1024
"""The largest answer accepted, decoded (a long structured summary is a few hundred KB)."""

# httpx2's default pool for the openai client (its DEFAULT_CONNECTION_LIMITS).
_LIMITS = httpx2.Limits(max_connections=1000, max_keepalive_connections=100)
_PIECE = 256 * 1024  # decoded bytes produced per decompression step, at most
_ACCEPT = "gzip, deflate"


class ResponseTooLargeError(Exception):
    """An answer longer than the cap, or in an encoding the transport did not ask for."""


def _deadline(request: httpx2.Request) -> float | None:
    timeout = request.extensions.get("timeout") or {}
    read = timeout.get("read") if isinstance(timeout, dict) else None
    return time.monotonic() + float(read) if read is not None else None


class _Decoder:
    """Bounded incremental decoding of one response body."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.limit = limit
        self.total = 0
        self._zlib: zlib._Decompress | None = None
        self._deflate = False
        if encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._zlib = zlib.decompressobj()
            self._deflate = True
        elif encoding not in ("", "identity"):
            raise ResponseTooLargeError(f"the answer uses content-encoding {encoding!r}")

    def _count(self, piece: bytes) -> bytes:
        self.total += len(piece)
        if self.total > self.limit:
            raise ResponseTooLargeError(
                f"the answer is larger than {self.limit // (1024 * 1024)} MiB decoded"
            )
        return piece

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._zlib is None:
            yield self._count(data)
            return
        pending = data
        while pending:
            try:
                piece = self._zlib.decompress(pending, _PIECE)
            except zlib.error:
                if not (self._deflate and self.total == 0):
                    raise ResponseTooLargeError("the answer's compressed body is corrupt") from None
                self._zlib, self._deflate = zlib.decompressobj(-zlib.MAX_WBITS), False
                continue  # a raw deflate stream, as some servers send for "deflate"
            yield self._count(piece)
            pending = self._zlib.unconsumed_tail

    def flush(self) -> bytes:
        return self._count(self._zlib.flush()) if self._zlib is not None else b""


def _plain_headers(response: httpx2.Response) -> tuple[str, list[tuple[bytes, bytes]]]:
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if not encoding:
        return "", response.headers.raw
    skip = {b"content-encoding", b"content-length"}
    return encoding, [(k, v) for k, v in response.headers.raw if k.lower() not in skip]


def _timed_out(request: httpx2.Request) -> httpx2.ReadTimeout:
    return httpx2.ReadTimeout("the answer did not complete within the timeout", request=request)


class _SyncBody(httpx2.SyncByteStream):
    def __init__(
        self,
        inner: httpx2.SyncByteStream,
        decoder: _Decoder,
        deadline: float | None,
        request: httpx2.Request,
    ) -> None:
        self._inner, self._decoder = inner, decoder
        self._deadline, self._request = deadline, request

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._inner:
            if self._deadline is not None and time.monotonic() > self._deadline:
                raise _timed_out(self._request)
            yield from self._decoder.feed(chunk)
        yield self._decoder.flush()

    def close(self) -> None:
        self._inner.close()


class _AsyncBody(httpx2.AsyncByteStream):
    def __init__(
        self,
        inner: httpx2.AsyncByteStream,
        decoder: _Decoder,
        deadline: float | None,
        request: httpx2.Request,
    ) -> None:
        self._inner, self._decoder = inner, decoder
        self._deadline, self._request = deadline, request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        chunks = self._inner.__aiter__()
        while True:
            remaining = None if self._deadline is None else self._deadline - time.monotonic()
            try:
                async with asyncio.timeout(remaining):
                    chunk = await chunks.__anext__()
            except StopAsyncIteration:
                break
            except TimeoutError:
                raise _timed_out(self._request) from None
            for piece in self._decoder.feed(chunk):
                yield piece
        yield self._decoder.flush()

    async def aclose(self) -> None:
        await self._inner.aclose()


class GuardedTransport(httpx2.BaseTransport):
    """``httpx2.HTTPTransport`` with a whole-request deadline and a decoded-size cap."""

    def __init__(self, limit: int = MAX_RESPONSE_BYTES) -> None:
        self._inner = httpx2.HTTPTransport(limits=_LIMITS)
        self._limit = limit

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        deadline = _deadline(request)
        request.headers["accept-encoding"] = _ACCEPT
        response = self._inner.handle_request(request)
        if deadline is not None and time.monotonic() > deadline:
            response.close()
            raise _timed_out(request)
        encoding, headers = _plain_headers(response)
        try:
            decoder = _Decoder(encoding, self._limit)
        except ResponseTooLargeError:
            response.close()
            raise
        assert isinstance(response.stream, httpx2.SyncByteStream)
        body = _SyncBody(response.stream, decoder, deadline, request)
        return httpx2.Response(
            response.status_code, headers=headers, stream=body, extensions=response.extensions
        )

    def close(self) -> None:
        self._inner.close()


class GuardedAsyncTransport(httpx2.AsyncBaseTransport):
    """``httpx2.AsyncHTTPTransport`` with a whole-request deadline and a decoded-size cap."""

    def __init__(self, limit: int = MAX_RESPONSE_BYTES) -> None:
        self._inner = httpx2.AsyncHTTPTransport(limits=_LIMITS)
        self._limit = limit

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        deadline = _deadline(request)
        request.headers["accept-encoding"] = _ACCEPT
        remaining = None if deadline is None else deadline - time.monotonic()
        try:
            async with asyncio.timeout(remaining):
                response = await self._inner.handle_async_request(request)
        except TimeoutError:
            raise _timed_out(request) from None
        encoding, headers = _plain_headers(response)
        try:
            decoder = _Decoder(encoding, self._limit)
        except ResponseTooLargeError:
            await response.aclose()
            raise
        assert isinstance(response.stream, httpx2.AsyncByteStream)
        body = _AsyncBody(response.stream, decoder, deadline, request)
        return httpx2.Response(
            response.status_code, headers=headers, stream=body, extensions=response.extensions
        )

    async def aclose(self) -> None:
        await self._inner.aclose()
