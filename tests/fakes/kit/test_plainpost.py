"""The plain-HTTP webhook POST: what a receiver answers, however it frames the answer, and every way the
exchange can fail, each named (the dispatcher records the text as the attempt's error)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from fakes.kit import plainpost

Reply = Callable[[bytes], Awaitable[bytes | None]]


def exchange(reply: bytes | None, *, delay: float = 0.0, timeout: float = 5.0) -> tuple[plainpost.Answer, bytes]:
    """POST to a one-shot loopback server that answers ``reply`` (None: answers nothing) and closes."""
    seen = bytearray()

    async def main() -> plainpost.Answer:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next(
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length")
                )
                seen.extend(head + await reader.readexactly(length))
                if delay:
                    await reader.read()  # until the client gives up and closes
                if reply is not None:
                    writer.write(reply)
                    await writer.drain()
            finally:
                writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            return await plainpost.post(
                f"http://127.0.0.1:{port}/hooks/ats?x=1", {"X-Signature": "abc"}, b'{"a": 1}', timeout
            )

    return asyncio.run(main()), bytes(seen)


def test_the_request_is_one_post_with_the_body_and_the_caller_s_headers() -> None:
    (status, error, body), seen = exchange(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
    assert (status, error, body) == (200, None, b"ok")
    head, _, sent = seen.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    assert lines[0] == b"POST /hooks/ats?x=1 HTTP/1.1"
    assert b"X-Signature: abc" in lines and b"Content-Length: 8" in lines and b"Connection: close" in lines
    assert sent == b'{"a": 1}'


@pytest.mark.parametrize(
    "reply, status, body",
    [
        (b"HTTP/1.1 201 Created\r\nContent-Length: 5\r\n\r\nhello", 201, b"hello"),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nHello\r\n6;x=y\r\n API E\r\n0\r\n\r\n", 200,
         b"Hello API E"),
        (b"HTTP/1.0 500 Oops\r\n\r\nclose-delimited", 500, b"close-delimited"),
        (b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n", 204, b""),
    ],
)
def test_every_framing_of_the_answer_is_read(reply: bytes, status: int, body: bytes) -> None:
    answer, _ = exchange(reply)
    assert answer == (status, None, body)


def test_a_receiver_that_does_not_answer_in_time_is_a_read_timeout() -> None:
    (status, error, _), _ = exchange(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", delay=1.0, timeout=0.2)
    assert status == 0 and error is not None and error.startswith("ReadTimeout")


@pytest.mark.parametrize("reply", [None, b"SMTP ready\r\n\r\n", b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"])
def test_a_closed_or_garbled_answer_is_a_protocol_error(reply: bytes | None) -> None:
    (status, error, _), _ = exchange(reply)
    assert status == 0 and error is not None and error.startswith("RemoteProtocolError"), error


def test_nobody_listening_is_a_connect_error() -> None:
    import socket

    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    status, error, _ = asyncio.run(plainpost.post(f"http://127.0.0.1:{port}/", {}, b"", 2.0))
    assert status == 0 and error is not None and error.startswith("ConnectError")
