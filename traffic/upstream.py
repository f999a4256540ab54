"""The proxy's way to the upstream: persistent HTTP/1.1 connections to one server, pooled, each request
sent as its bytes came (httptools, llhttp's parser, reads the answers).

The forwarding path is the proxy's cost: httpx spent about 1 ms of CPU per request here, this pool
a tenth of that. A connection carries one exchange at a time and goes back to the pool only when
its answer was complete and the server keeps it open. A GET or HEAD that meets a pooled connection
the server closed meanwhile is sent once more on a new one; a POST never is (it may spend credit).
"""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

import httptools

CONNECT_SECONDS = 10.0
ANSWER_SECONDS = 30.0  # from the request's first byte to the answer's last
IDLE_KEPT = 256  # idle connections kept for reuse; any more are closed
RESENDABLE = frozenset({"GET", "HEAD", "OPTIONS"})  # safe to send again on a new connection

Headers = list[tuple[bytes, bytes]]


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    headers: Headers  # as the server sent them, names as it wrote them
    body: bytes  # the message body, de-chunked, content coding untouched


class UpstreamError(Exception):
    """The upstream could not be reached, or gave no readable answer."""


class _Stale(UpstreamError):
    """A pooled connection closed before any byte of the answer came."""


class _Connection(asyncio.Protocol):
    """One connection; `exchange` sends a request and waits for its whole answer."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.waiter: asyncio.Future[Answer] | None = None
        self.open, self.reusable, self.heard = True, True, False
        self.head_request = False
        self.headers: Headers = []
        self.body: list[bytes] = []
        self.until_close = False  # an answer without a length: its body ends when the connection does

    async def exchange(self, request: bytes, head_request: bool) -> Answer:
        if self.transport is None or self.transport.is_closing():
            raise _Stale("the connection is closing")
        self.waiter = asyncio.get_running_loop().create_future()
        self.head_request, self.heard = head_request, False
        self.transport.write(request)
        return await self.waiter

    def expire(self) -> None:
        self._fail(UpstreamError(f"no whole answer within {ANSWER_SECONDS:.0f} s"))

    def close(self) -> None:
        self.open = self.reusable = False
        if self.transport is not None:
            self.transport.close()

    # asyncio's side
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # a stream's: uvloop's is no subclass

    def data_received(self, data: bytes) -> None:
        if self.waiter is None or self.waiter.done():
            self.close()  # bytes nobody asked for (a server's 408 on an idle connection): not reusable
            return
        self.heard = True
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._fail(UpstreamError("the upstream switched protocols; the proxy passes on HTTP/1.1 only"))
        except httptools.HttpParserError as error:
            self._fail(UpstreamError(f"the upstream's answer is not HTTP/1.1: {error}"))

    def connection_lost(self, exc: Exception | None) -> None:
        self.open = self.reusable = False
        if self.waiter is None or self.waiter.done():
            return
        if self.until_close:
            self._complete()
        elif not self.heard:
            self.waiter.set_exception(_Stale(f"the connection closed before an answer ({exc or 'EOF'})"))
        else:
            self.waiter.set_exception(UpstreamError(f"the answer was cut short ({exc or 'EOF'})"))

    # httptools' side
    def on_message_begin(self) -> None:
        self.headers, self.body, self.until_close = [], [], False

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name, value))

    def on_headers_complete(self) -> None:
        status = self.parser.get_status_code()
        if status < 200:
            return  # an interim answer (100 Continue): the final one follows
        if self.head_request:
            self.reusable = False  # the parser would wait for a body a HEAD answer never has
            self._complete()
            return
        framed = any(name.lower() in (b"content-length", b"transfer-encoding") for name, _ in self.headers)
        if not framed and status not in (204, 304):
            self.until_close, self.reusable = True, False

    def on_body(self, body: bytes) -> None:
        self.body.append(body)

    def on_message_complete(self) -> None:
        if self.parser.get_status_code() < 200:
            return
        if not self.parser.should_keep_alive():
            self.reusable = False
        self._complete()

    def _complete(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(Answer(self.parser.get_status_code(), self.headers, b"".join(self.body)))

    def _fail(self, error: UpstreamError) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(error)
        self.close()


class Upstream:
    """One upstream server (`http(s)://host[:port][/base]`) and its pool of idle connections."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {url!r}")
        self.host = parts.hostname
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.tls = ssl.create_default_context() if parts.scheme == "https" else None
        self.netloc = parts.netloc.rpartition("@")[2]
        self.prefix = parts.path.rstrip("/").encode("latin-1")
        self._host_line = b"host: " + self.netloc.encode("idna") + b"\r\n"
        self._idle: list[_Connection] = []

    async def send(self, method: str, target: bytes, headers: Headers, body: bytes) -> Answer:
        """`target` is the path and query below the upstream's base path; `headers` exclude Host and
        Content-Length, which the request gets here. Raises UpstreamError."""
        request = self._request(method, target, headers, body)
        loop = asyncio.get_running_loop()
        for attempt in (1, 2):
            connection, pooled = await self._connection()
            late = loop.call_later(ANSWER_SECONDS, connection.expire)
            try:
                answer = await connection.exchange(request, head_request=method == "HEAD")
            except _Stale:
                connection.close()
                if pooled and attempt == 1 and method in RESENDABLE:
                    continue
                raise
            except BaseException:
                connection.close()
                raise
            finally:
                late.cancel()
            self._release(connection)
            return answer
        raise AssertionError("unreachable: the second attempt returns or raises")

    def _request(self, method: str, target: bytes, headers: Headers, body: bytes) -> bytes:
        lines = [method.encode("latin-1"), b" ", self.prefix, target, b" HTTP/1.1\r\n", self._host_line]
        for name, value in headers:
            lines += (name, b": ", value, b"\r\n")
        if body or method not in RESENDABLE:
            lines.append(b"content-length: %d\r\n" % len(body))
        lines += (b"\r\n", body)
        return b"".join(lines)

    async def _connection(self) -> tuple[_Connection, bool]:
        while self._idle:
            connection = self._idle.pop()
            if connection.open:
                return connection, True
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(CONNECT_SECONDS):
                _, connection = await loop.create_connection(
                    _Connection,
                    self.host,
                    self.port,
                    ssl=self.tls,
                    server_hostname=self.host if self.tls else None,
                )
        except TimeoutError:
            raise UpstreamError(f"no connection within {CONNECT_SECONDS:.0f} s") from None
        except (OSError, ssl.SSLError) as error:
            raise UpstreamError(f"{type(error).__name__}: {error}") from None
        return connection, False

    def _release(self, connection: _Connection) -> None:
        if connection.reusable and connection.open and len(self._idle) < IDLE_KEPT:
            self._idle.append(connection)
        else:
            connection.close()

    def close(self) -> None:
        while self._idle:
            self._idle.pop().close()
