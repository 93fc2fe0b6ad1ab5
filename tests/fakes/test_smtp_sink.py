"""The SMTP sink hands each message to the callback it was given; the world files it in the inbox."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from fakes.world import World


def _send(port: int, to: str, subject: str) -> None:
    message = EmailMessage()
    message["From"] = "offers@example.com"
    message["To"] = to
    message["Subject"] = subject
    message.set_content("Welcome aboard")
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.send_message(message)


def test_a_message_sent_over_smtp_reaches_the_inbox_model() -> None:
    world = World(systems=["inbox"])
    try:
        world.serve()
        assert world.smtp_port  # told by the sink's bound callback
        assert world.contract_env()["SMTP_PORT"] == str(world.smtp_port)
        _send(world.smtp_port, "ada@example.com", "Your offer")
        emails = world.inbox.emails(to="ada@example.com")
        assert [e["subject"] for e in emails] == ["Your offer"]
        assert "Welcome aboard" in emails[0]["text"]
    finally:
        world.stop()
