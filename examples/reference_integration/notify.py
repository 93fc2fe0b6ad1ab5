"""Outbound messages: candidate email over SMTP, alerts to Slack and the owner."""

from __future__ import annotations

import logging
import smtplib
import threading
from collections.abc import Mapping
from email.message import EmailMessage

from .http import VendorClient, VendorError

log = logging.getLogger("reference_integration")


class Mailer:
    """Plain SMTP (no auth, no TLS): what the harness's mail sink speaks."""

    def __init__(self, host: str, port: int, sender: str, timeout: float = 10.0) -> None:
        self.host, self.port, self.sender, self.timeout = host, port, sender, timeout

    def send(self, to: str, subject: str, body: str, headers: Mapping[str, str] | None = None) -> None:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        for name, value in (headers or {}).items():
            message[name] = value
        message.set_content(body)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            smtp.send_message(message)


class Alerter:
    """Every alert goes to Slack and by email to the named owner; a key sends it once."""

    def __init__(self, slack: VendorClient | None, mailer: Mailer, owner: str) -> None:
        self.slack, self.mailer, self.owner = slack, mailer, owner
        self.sent: list[str] = []
        self._keys: set[object] = set()
        self._lock = threading.Lock()

    def alert(self, text: str, key: object = None) -> bool:
        with self._lock:
            if key is not None:
                if key in self._keys:
                    return False
                self._keys.add(key)
            self.sent.append(text)
        log.warning("ALERT %s", text)
        delivered = False
        if self.slack is not None:
            try:
                self.slack.request("POST", self.slack.base_url, json={"text": text})
                delivered = True
            except VendorError as exc:
                log.error("alert not posted to Slack: %s", exc)
        try:
            self.mailer.send(self.owner, f"[integration alert] {text.splitlines()[0][:150]}", text)
            delivered = True
        except (OSError, smtplib.SMTPException) as exc:
            log.error("alert not emailed to %s: %s", self.owner, exc)
        return delivered
