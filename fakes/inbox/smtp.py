"""An SMTP sink (aiosmtpd) on the runtime loop: every message is kept."""

from __future__ import annotations

import asyncio
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..world import World


class _Handler:
    def __init__(self, world: World) -> None:
        self.world = world

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw: bytes = envelope.original_content or envelope.content
        message = message_from_bytes(raw, policy=policy.default)
        assert isinstance(message, EmailMessage)
        body = message.get_body(preferencelist=("plain", "html"))
        text = body.get_content() if body is not None else ""
        headers = {k: str(v) for k, v in message.items()}
        with self.world.hub.lock:
            self.world.model("inbox").receive_email(
                envelope.mail_from, list(envelope.rcpt_tos), str(message.get("subject", "")), text, headers, raw
            )
        return "250 Message accepted for delivery"


def smtp_hook(world: World, host: str, port: int) -> Any:
    async def start(loop: asyncio.AbstractEventLoop) -> Any:
        from aiosmtpd.smtp import SMTP

        server = await loop.create_server(
            lambda: SMTP(
                _Handler(world), hostname="ats-harness.local", ident="ats-harness inbox", enable_SMTPUTF8=True
            ),
            host,
            port,
            reuse_address=True,
        )
        world.smtp_port = server.sockets[0].getsockname()[1]

        async def stop() -> None:
            server.close()
            await server.wait_closed()

        return stop

    return start
