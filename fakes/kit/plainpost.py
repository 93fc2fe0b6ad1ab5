"""One webhook POST over plain HTTP/1.1 on asyncio streams.

Deliveries are the harness's hottest outgoing path: every journey sends a
dozen, each on a fresh connection (as vendors send them). A general client
(httpx) spends most of its time in machinery a single ``Connection: close``
POST does not need, so plain ``http://`` deliveries go through this module
and everything else (TLS, an in-process ASGI transport) through httpx.

It answers what the dispatcher records: the status code, an error text
naming what failed (``ConnectError``, ``ReadTimeout``, ``RemoteProtocolError``),
and the response body, read by Content-Length, chunked encoding or to the end.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

Answer = tuple[int, str | None, bytes]
HOP_BY_HOP = {"host", "content-length", "connection", "transfer-encoding"}
MAX_HEAD = 64 * 1024


async def post(
    url: str, headers: dict[str, str], body: bytes, timeout: float, connect_timeout: float = 10.0
) -> Answer:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), connect_timeout)
    except TimeoutError:
        return 0, f"ConnectTimeout: no connection to {host}:{port} within {connect_timeout:g} s", b""
    except OSError as exc:
        return 0, f"ConnectError: {exc}", b""
    try:
        lines = [f"POST {target} HTTP/1.1", f"Host: {parts.netloc}", f"Content-Length: {len(body)}"]
        lines.append("Connection: close")
        lines += [f"{name}: {value}" for name, value in headers.items() if name.lower() not in HOP_BY_HOP]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + body)
        await writer.drain()
        status, content = await asyncio.wait_for(_response(reader), timeout)
        return status, None, content
    except TimeoutError:
        return 0, f"ReadTimeout: no answer within {timeout:g} s", b""
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as exc:
        return 0, f"RemoteProtocolError: {exc or type(exc).__name__}", b""
    except OSError as exc:
        return 0, f"ReadError: {exc}", b""
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except OSError:
            pass


async def _response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    while True:
        status, headers = await _head(reader)
        if status >= 200 or status == 101:
            break  # 1xx (100 Continue) come before the answer
    if status in (204, 304):
        return status, b""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return status, await _chunks(reader)
    if "content-length" in headers:
        return status, await reader.readexactly(int(headers["content-length"]))
    return status, await reader.read()  # the server closes the connection at the end of the body


async def _head(reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
    status_line = (await reader.readuntil(b"\r\n")).decode("latin-1").rstrip("\r\n")
    version, _, rest = status_line.partition(" ")
    if not version.startswith("HTTP/") or not rest[:3].isdigit():
        raise ValueError(f"not an HTTP status line: {status_line[:80]!r}")
    headers: dict[str, str] = {}
    size = len(status_line)
    while True:
        line = (await reader.readuntil(b"\r\n")).decode("latin-1").rstrip("\r\n")
        size += len(line)
        if size > MAX_HEAD:
            raise ValueError("response head over 64 KiB")
        if not line:
            return int(rest[:3]), headers
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()


async def _chunks(reader: asyncio.StreamReader) -> bytes:
    out = bytearray()
    while True:
        size_line = (await reader.readuntil(b"\r\n")).split(b";", 1)[0].strip()
        size = int(size_line, 16)
        if size == 0:
            while (await reader.readuntil(b"\r\n")) != b"\r\n":
                pass  # trailers
            return bytes(out)
        out += await reader.readexactly(size)
        await reader.readexactly(2)
