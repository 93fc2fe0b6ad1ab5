"""An SMTP sink (aiosmtpd) on the runtime loop: every message is handed to a callback.

The sink knows no world: it is given ``deliver(mail_from, rcpt_tos, subject, text, headers, raw)``
(the world passes one that files the message in the inbox model under the hub lock) and
``bound(port)``, told the port it listens on once it does.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from typing import Any

# (mail_from, rcpt_tos, subject, text, headers, raw message)
Deliver = Callable[[str, list[str], str, str, dict[str, str], bytes], None]


class _Handler:
    def __init__(self, deliver: Deliver) -> None:
        self.deliver = deliver

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw: bytes = envelope.original_content or envelope.content
        message = message_from_bytes(raw, policy=policy.default)
        assert isinstance(message, EmailMessage)
        body = message.get_body(preferencelist=("plain", "html"))
        text = body.get_content() if body is not None else ""
        headers = {k: _header_text(v) for k, v in message.raw_items()}
        self.deliver(envelope.mail_from, list(envelope.rcpt_tos), str(message.get("subject", "")), text, headers, raw)
        return "250 Message accepted for delivery"


def _header_text(raw: str) -> str:
    """A header's value as text: unfolded, encoded words (RFC 2047) decoded. Cheaper than the email
    package's header objects, which parse every address and date the sink only stores."""
    value = raw.replace("\r\n", "").replace("\n", "").strip()
    return str(make_header(decode_header(value))) if "=?" in value else value


def smtp_hook(deliver: Deliver, host: str, port: int, bound: Callable[[int], None] = lambda port: None) -> Any:
    async def start(loop: asyncio.AbstractEventLoop) -> Any:
        from aiosmtpd.smtp import SMTP

        server = await loop.create_server(
            lambda: SMTP(
                _Handler(deliver), hostname="ats-harness.local", ident="ats-harness inbox", enable_SMTPUTF8=True
            ),
            host,
            port,
            reuse_address=True,
        )
        bound(server.sockets[0].getsockname()[1])

        async def stop() -> None:
            server.close()
            await server.wait_closed()

        return stop

    return start
