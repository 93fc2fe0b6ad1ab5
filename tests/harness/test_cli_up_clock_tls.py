"""``ats-harness up`` on real time, and ``up --tls``, seen only through the SUT contract.

A SUT reached by URL keeps its own, real clock: it checks a webhook's
signature time and a JWT's ``iat`` against it. These tests play that SUT:
they read only the printed export lines and talk HTTP(S) to the fakes and
the control plane.
"""

from __future__ import annotations

import json
import signal
import ssl
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from test_cli_up import CONTRACT, START_TIMEOUT, STOP_TIMEOUT, URL_VARS, Up, parse_exports, start_up

from examples.reference_integration import signatures

ONE_MINUTE = timedelta(minutes=1)
TLS_VARS = ("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS")


def _serve(*args: str) -> tuple[Up, dict[str, str], str]:
    running = start_up("--any-port", "--seed", "3", *args)
    running.read_until("ready in", START_TIMEOUT)
    env = parse_exports("\n".join(running.lines))
    control = next(line for line in running.lines if line.startswith("# control plane:")).split()[3].rstrip("/")
    return running, env, control


def _stop(running: Up) -> None:
    if running.proc.poll() is None:
        running.proc.send_signal(signal.SIGINT)
        running.proc.wait(STOP_TIMEOUT)
    running.stop()


@pytest.fixture
def served() -> Iterator[tuple[dict[str, str], str, requests.Session]]:
    running, env, control = _serve()
    with requests.Session() as http:
        http.trust_env = False
        yield env, control, http
    _stop(running)


def _date_header(http: requests.Session, env: dict[str, str], **kwargs: Any) -> datetime:
    answer = http.get(
        f"{env['CALENDLY_BASE_URL']}/users/me",
        headers={"Authorization": f"Bearer {env['CALENDLY_TOKEN']}"},
        timeout=10,
        **kwargs,
    )
    assert answer.status_code == 200, answer.text
    return parsedate_to_datetime(answer.headers["Date"])


def test_up_date_headers_follow_real_time_and_the_clock_stays_virtual(
    served: tuple[dict[str, str], str, requests.Session], capsys: pytest.CaptureFixture
) -> None:
    env, control, http = served
    served_at = _date_header(http, env)
    skew = served_at - datetime.now(UTC)
    with capsys.disabled():
        print(f"\n[ats-harness up] Date header minus real time: {skew.total_seconds():+.1f} s")
    assert abs(skew) < ONE_MINUTE, (served_at, skew)

    # Still a virtual clock: the control plane moves it a day on, and freezes it.
    moved = http.post(f"{control}/clock", json={"advance_seconds": 86400, "freeze": True}, timeout=10)
    assert moved.status_code == 200, moved.text
    assert moved.json()["running"] is False
    later = _date_header(http, env)
    assert timedelta(days=1) - ONE_MINUTE < later - served_at < timedelta(days=1) + ONE_MINUTE, (served_at, later)

    # A reset lands on the real now again (not on the instant up started, nor on the fixed start of certify).
    reset = http.post(f"{control}/reset", json={}, timeout=10)
    assert reset.status_code == 200, reset.text
    assert abs(_date_header(http, env) - datetime.now(UTC)) < ONE_MINUTE


def test_up_start_sets_another_start() -> None:
    running, env, _ = _serve("--start", "2031-07-14T08:30:00Z", "--frozen")
    try:
        with requests.Session() as http:
            http.trust_env = False
            assert _date_header(http, env) == datetime(2031, 7, 14, 8, 30, tzinfo=UTC)
    finally:
        _stop(running)


@pytest.mark.parametrize("text", ["yesterday", "2031-07-14T08:30:00"])
def test_up_refuses_a_start_without_an_offset_or_unreadable(text: str) -> None:
    import os
    import subprocess

    from test_cli_up import _command

    done = subprocess.run(
        [*_command(), "up", "--any-port", "--start", text],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert repr(text) in done.stderr and "2026-03-02T09:00:00Z" in done.stderr, done.stderr
    assert "export " not in done.stdout


# -- webhooks signed at up time, checked by a SUT on real time ----------------------------------------
class Receiver:
    """A SUT's webhook endpoint: records each POST's headers (lower-cased) and raw body."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.arrived = threading.Condition()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
                with outer.arrived:
                    outer.received.append(
                        {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
                    )
                    outer.arrived.notify_all()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def wait_for(self, path: str, timeout: float = 15.0) -> dict[str, Any]:
        with self.arrived:
            found = self.arrived.wait_for(lambda: [r for r in self.received if r["path"] == path], timeout)
        assert found, f"no webhook at {path} within {timeout} s; got {[r['path'] for r in self.received]}"
        return found[0]  # type: ignore[no-any-return]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


def test_webhooks_signed_under_up_pass_a_freshness_check_on_real_time(
    served: tuple[dict[str, str], str, requests.Session], receiver: Receiver, capsys: pytest.CaptureFixture
) -> None:
    env, control, http = served
    # Calendly: subscribe with a signing key, book through a single-use link, check the t= of the signature.
    calendly = requests.Session()
    calendly.trust_env = False
    calendly.headers["Authorization"] = f"Bearer {env['CALENDLY_TOKEN']}"
    base = env["CALENDLY_BASE_URL"]
    me = calendly.get(f"{base}/users/me", timeout=10).json()["resource"]
    subscribed = calendly.post(
        f"{base}/webhook_subscriptions",
        json={
            "url": receiver.url("/hooks/calendly"),
            "events": ["invitee.created"],
            "organization": me["current_organization"],
            "scope": "organization",
            "signing_key": "sut-signing-key",
        },
        timeout=10,
    )
    assert subscribed.status_code == 201, subscribed.text
    types = calendly.get(f"{base}/event_types", params={"user": me["uri"]}, timeout=10).json()["collection"]
    link = calendly.post(
        f"{base}/scheduling_links",
        json={"max_event_count": 1, "owner": types[0]["uri"], "owner_type": "EventType"},
        timeout=10,
    )
    assert link.status_code == 201, link.text
    start = (datetime.now(UTC) + timedelta(days=3)).replace(hour=15, minute=0, second=0, microsecond=0)
    booked = http.post(
        f"{control}/actions/scheduler.book",
        json={
            "booking_url": link.json()["resource"]["booking_url"],
            "invitee_name": "Ada Lovelace",
            "email": "ada@candidates.example",
            "start_time": start.isoformat().replace("+00:00", "Z"),
        },
        timeout=10,
    )
    assert booked.status_code == 200, booked.text
    hook = receiver.wait_for("/hooks/calendly")
    stamp = int(hook["headers"]["calendly-webhook-signature"].split(",")[0].removeprefix("t="))
    calendly_age = datetime.now(UTC).timestamp() - stamp
    assert signatures.calendly(
        "sut-signing-key", hook["headers"], hook["body"], datetime.now(UTC), timedelta(minutes=3)
    ), hook["headers"].get("calendly-webhook-signature")
    calendly.close()

    # BambooHR: a webhook on employee.created, verified with its timestamp header on the SUT's real clock.
    bhr = f"{env['BAMBOOHR_BASE_URL']}/api/gateway.php/{env['BAMBOOHR_COMPANY_DOMAIN']}/v1"
    auth = (env["BAMBOOHR_API_KEY"], "x")
    json_accept = {"Accept": "application/json"}
    hooked = http.post(
        f"{bhr}/webhooks",
        json={"name": "SUT", "url": receiver.url("/hooks/bamboohr"), "format": "json", "events": ["employee.created"]},
        auth=auth,
        headers=json_accept,
        timeout=10,
    )
    assert hooked.status_code == 201, hooked.text
    private_key = hooked.json()["privateKey"]
    created = http.post(
        f"{bhr}/employees",
        json={"firstName": "Ada", "lastName": "Lovelace"},
        auth=auth,
        headers=json_accept,
        timeout=10,
    )
    assert created.status_code == 201, created.text
    hook = receiver.wait_for("/hooks/bamboohr")
    bamboohr_age = datetime.now(UTC).timestamp() - int(hook["headers"]["x-bamboohr-timestamp"])
    with capsys.disabled():
        ages = f"Calendly {calendly_age:.1f} s, BambooHR {bamboohr_age:.1f} s"
        print(f"\n[ats-harness up] signature age on arrival: {ages}")
    assert signatures.bamboohr(private_key, hook["headers"], hook["body"], datetime.now(UTC), timedelta(minutes=5)), (
        hook["headers"]
    )
    assert json.loads(hook["body"])["type"] == "employee.created"


# -- up --tls ----------------------------------------------------------------------------------------
def test_up_tls_serves_https_that_verifies_against_the_exported_bundle() -> None:
    running, env, control = _serve("--tls")
    try:
        assert set(CONTRACT) | set(TLS_VARS) <= set(env)
        for name in URL_VARS:
            assert urlsplit(env[name]).scheme == "https", (name, env[name])
        assert control.startswith("https://127.0.0.1:")
        bundle = Path(env["SSL_CERT_FILE"])
        assert bundle.is_file() and env["REQUESTS_CA_BUNDLE"] == str(bundle)
        ca_only = Path(env["NODE_EXTRA_CA_CERTS"])
        assert ca_only.read_bytes().count(b"BEGIN CERTIFICATE") == 1
        assert bundle.read_bytes().startswith(ca_only.read_bytes())

        with requests.Session() as http:
            http.trust_env = False  # no REQUESTS_CA_BUNDLE from this process: trust is given explicitly
            # Without the bundle a client refuses the certificate: the CA is this run's own.
            with pytest.raises(requests.exceptions.SSLError):
                http.get(f"{control}/health", timeout=10)
            health = http.get(f"{control}/health", verify=str(bundle), timeout=10)
            assert health.status_code == 200, health.text
            assert abs(_date_header(http, env, verify=str(ca_only)) - datetime.now(UTC)) < ONE_MINUTE
            slack = http.post(env["SLACK_WEBHOOK_URL"], json={"text": "over TLS"}, verify=str(bundle), timeout=10)
            assert slack.status_code == 200, slack.text

        # The standard library, told only SSL_CERT_FILE's file, verifies the loopback certificate by name.
        context = ssl.create_default_context(cafile=env["SSL_CERT_FILE"])
        host, port = urlsplit(env["GREENHOUSE_BASE_URL"]).hostname, urlsplit(env["GREENHOUSE_BASE_URL"]).port
        import socket

        with (
            socket.create_connection((host, port), timeout=10) as raw,
            context.wrap_socket(raw, server_hostname=host) as tls,
        ):
            assert tls.version() in {"TLSv1.2", "TLSv1.3"}
    finally:
        _stop(running)
    assert not bundle.exists(), "the CA files outlive the run"


def test_docusign_jwt_grant_under_up_tls_with_the_unmodified_sdk() -> None:
    """The SDK builds ``https://<oauth host>/oauth/token`` and signs ``iat`` with the machine's clock:
    over up's TLS and real-time clock it works as it would against DocuSign (no expired_grant)."""
    docusign = pytest.importorskip("docusign_esign")
    from docusign_esign.client.configuration import Configuration

    running, env, _ = _serve("--tls")
    config = Configuration()  # the SDK's one (singleton) configuration, read by every ApiClient it makes
    previous, config.ssl_ca_cert = config.ssl_ca_cert, env["SSL_CERT_FILE"]
    try:
        auth = urlsplit(env["DOCUSIGN_AUTH_URL"])
        client = docusign.ApiClient(host=env["DOCUSIGN_BASE_URL"] + "/restapi", oauth_host_name=auth.netloc + auth.path)
        token = client.request_jwt_user_token(
            client_id=env["DOCUSIGN_INTEGRATION_KEY"],
            user_id=env["DOCUSIGN_USER_ID"],
            oauth_host_name=client.oauth_host_name,
            private_key_bytes=env["DOCUSIGN_PRIVATE_KEY"].encode(),
            expires_in=3600,
            scopes=["signature", "impersonation"],
        )
        assert token.token_type == "Bearer" and token.access_token
        (account,) = client.get_user_info(token.access_token).get_accounts()
        assert account.account_id == env["DOCUSIGN_ACCOUNT_ID"]
        client.rest_client.pool_manager.clear()
    finally:
        config.ssl_ca_cert = previous
        _stop(running)
