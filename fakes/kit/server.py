"""A small HTTP/1.1 server over httptools that can also misbehave on purpose.

Why not uvicorn: an ASGI app never sees its socket, and the fault rules need
one (a TCP reset, a hang, half a body under a full Content-Length). This
protocol writes each response in one ``write()`` with TCP_NODELAY, keeps
connections alive, answers pipelined requests in order and never lets a
handler exception reach the socket as anything but the vendor's 500.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import struct
from collections import deque
from datetime import datetime
from email.utils import format_datetime
from http import HTTPStatus
from typing import TYPE_CHECKING
from urllib.parse import unquote

import httptools

from .http import Request, Response

if TYPE_CHECKING:
    from .http import Fake

_REASONS = {s.value: s.phrase for s in HTTPStatus}
_LINGER_RESET = struct.pack("ii", 1, 0)


class _Connection(asyncio.Protocol):
    __slots__ = (
        "_body",
        "_busy",
        "_closed",
        "_headers",
        "_queue",
        "_url",
        "fake",
        "origin",
        "parser",
        "server",
        "transport",
    )

    def __init__(self, fake: Fake, origin: str, server: FakeServer) -> None:
        self.fake = fake
        self.origin = origin
        self.server = server
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpRequestParser(self)
        self._url = b""
        self._headers: dict[str, str] = {}
        self._body: list[bytes] = []
        self._busy = False  # a delayed answer is pending: queue the ones behind it
        self._queue: deque[tuple[Response, bool]] = deque()
        self._closed = False

    # -- asyncio.Protocol ------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        sock = transport.get_extra_info("socket")
        if sock is not None:
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass
        self.server.connections.add(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self._closed = True
        self.server.connections.discard(self)

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._send_raw(400, b"upgrades are not supported", keep_alive=False)
        except httptools.HttpParserError as exc:
            self._send_raw(400, f"malformed HTTP request: {exc}".encode(), keep_alive=False)

    # -- httptools callbacks -----------------------------------------------
    def on_message_begin(self) -> None:
        self._url = b""
        self._headers = {}
        self._body = []

    def on_url(self, url: bytes) -> None:
        self._url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        key = name.decode("latin-1").lower()
        text = value.decode("utf-8", "replace")
        self._headers[key] = f"{self._headers[key]}, {text}" if key in self._headers else text

    def on_headers_complete(self) -> None:
        if self._headers.get("expect", "").lower() == "100-continue" and self.transport:
            self.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")

    def on_body(self, body: bytes) -> None:
        self._body.append(body)

    def on_message_complete(self) -> None:
        try:
            url = httptools.parse_url(self._url)
            path = unquote(url.path.decode("utf-8", "replace")) if url.path else "/"
            query = url.query.decode("utf-8", "replace") if url.query else ""
        except httptools.HttpParserInvalidURLError:
            self._send_raw(400, b"invalid request target", keep_alive=False)
            return
        request = Request(
            self.parser.get_method().decode(),
            path,
            query,
            self._headers,
            b"".join(self._body),
            origin=self.origin,
        )
        response = self.fake.handle(request)
        keep_alive = self.parser.should_keep_alive()
        if self._busy:
            self._queue.append((response, keep_alive))
        else:
            self._answer(response, keep_alive)

    # -- answering ---------------------------------------------------------
    def _answer(self, response: Response, keep_alive: bool) -> None:
        transport = self.transport
        if transport is None or self._closed:
            return
        action = response.action
        if action is None:
            transport.write(self._serialise(response, keep_alive))
            if not keep_alive:
                transport.close()
            return
        loop = asyncio.get_event_loop()
        if action == "delay":
            self._busy = True
            loop.call_later(response.action_seconds, self._finish_delay, response, keep_alive)
        elif action == "reset":
            sock = transport.get_extra_info("socket")
            if sock is not None:
                try:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _LINGER_RESET)
                except OSError:
                    pass
            transport.abort()
        elif action == "hang":
            self._busy = True
            transport.pause_reading()
            loop.call_later(response.action_seconds, transport.close)
        elif action == "truncate":
            whole = self._serialise(response, keep_alive=False)
            header_end = whole.index(b"\r\n\r\n") + 4
            body = whole[header_end:]
            transport.write(whole[:header_end] + body[: max(1, len(body) // 2)])
            transport.close()

    def _finish_delay(self, response: Response, keep_alive: bool) -> None:
        self._busy = False
        response.action = None
        self._answer(response, keep_alive)
        while self._queue and not self._busy:
            queued, queued_keep_alive = self._queue.popleft()
            self._answer(queued, queued_keep_alive)

    def _serialise(self, response: Response, keep_alive: bool) -> bytes:
        status = response.status
        head = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Unknown')}"]
        for name, value in response.headers:
            head.append(f"{name}: {value}")
        head.append(f"Content-Length: {len(response.body)}")
        head.append(f"Date: {_http_date(self.fake.hub.clock.now())}")
        head.append("Connection: keep-alive" if keep_alive else "Connection: close")
        return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1", "replace") + response.body

    def _send_raw(self, status: int, message: bytes, keep_alive: bool) -> None:
        response = Response(status, [("Content-Type", "text/plain; charset=utf-8")], message)
        if self.transport is not None and not self._closed:
            self.transport.write(self._serialise(response, keep_alive))
            if not keep_alive:
                self.transport.close()


_last_date: tuple[int, str] = (-1, "")


def _http_date(now: datetime) -> str:
    """The Date header, formatted once per virtual second (the clock is usually frozen)."""
    global _last_date
    second = int(now.timestamp())
    if _last_date[0] != second:
        _last_date = (second, format_datetime(now.replace(microsecond=0), usegmt=True))
    return _last_date[1]


class FakeServer:
    """Serves one fake on one loopback origin; over TLS when given an ``ssl`` server context."""

    def __init__(
        self, fake: Fake, host: str = "127.0.0.1", port: int = 0, ssl_context: ssl.SSLContext | None = None
    ) -> None:
        self.fake = fake
        self.host = host
        self.port = port
        self.ssl_context = ssl_context
        self.connections: set[_Connection] = set()
        self._server: asyncio.base_events.Server | None = None

    @property
    def origin(self) -> str:
        return f"{'https' if self.ssl_context is not None else 'http'}://{self.host}:{self.port}"

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            lambda: _Connection(self.fake, self.origin, self),
            self.host,
            self.port,
            backlog=1024,
            reuse_address=True,
            ssl=self.ssl_context,
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for conn in list(self.connections):
                if conn.transport is not None:
                    conn.transport.abort()
            await self._server.wait_closed()
            self._server = None
