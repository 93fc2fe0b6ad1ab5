"""The real wire: ``python -m examples.reference_integration`` on loopback, and SMTP."""

from __future__ import annotations

import email
import email.policy
import json
import os
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
import requests

from examples.reference_integration.notify import Mailer

ROOT = Path(__file__).resolve().parents[2]


class _SubscriptionStub(BaseHTTPRequestHandler):
    """Just the two start-up calls: BambooHR's web hook and Calendly's subscription."""

    seen: ClassVar[list[str]] = []

    def _answer(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self.seen.append(f"GET {self.path}")
        self._answer(200, {"resource": {"uri": "u", "current_organization": "o"}})

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.seen.append(f"POST {self.path}")
        self._answer(201, {"id": "1", "privateKey": "k"} if self.path.endswith("/webhooks") else {"resource": {}})

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def stub() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SubscriptionStub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_module_serves_and_says_when_ready(stub):
    port = _free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "BAMBOOHR_BASE_URL": stub,
        "BAMBOOHR_COMPANY_DOMAIN": "acme",
        "CALENDLY_BASE_URL": stub,
        "REPORTING_DATABASE_URL": "sqlite://",
        "PYTHONUNBUFFERED": "1",
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "examples.reference_integration"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline, health = time.monotonic() + 15, None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                health = requests.get(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.05)
        assert health is not None and health.json() == {"status": "ok"}
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    assert f"reference integration ready on http://127.0.0.1:{port}\n" in out, err
    assert _SubscriptionStub.seen[:3] == [
        "POST /api/gateway.php/acme/v1/webhooks",
        "GET /users/me",
        "POST /webhook_subscriptions",
    ]


class _SmtpSink(socketserver.StreamRequestHandler):
    """Enough SMTP to accept one message: what the harness's sink speaks, no auth, no TLS."""

    messages: ClassVar[list[bytes]] = []

    def handle(self) -> None:
        self.wfile.write(b"220 sink\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                data = b"".join(iter(self.rfile.readline, b".\r\n"))
                self.messages.append(data)
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            self.wfile.write(b"250 ok\r\n")


def test_mailer_speaks_plain_smtp_with_unicode_intact():
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpSink) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        Mailer("127.0.0.1", server.server_address[1], "recruiting@example.com").send(
            "zoe@example.com",
            "We received your application",
            "Hello Zoë O'Brien-Nuñez,",
            {"X-Touchpoint": "application_confirmation"},
        )
        server.shutdown()
    [raw] = _SmtpSink.messages
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert (message["To"], message["Subject"], message["X-Touchpoint"]) == (
        "zoe@example.com",
        "We received your application",
        "application_confirmation",
    )
    assert message.get_content().strip() == "Hello Zoë O'Brien-Nuñez,"
