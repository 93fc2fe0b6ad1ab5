"""The dispatcher: retries wait on the virtual clock, each attempt is signed over its exact body at
the virtual instant it is sent, chaos acts as asked. A real receiver on loopback answers."""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from fakes.kit.clock import DEFAULT_START
from fakes.kit.hub import Hub
from fakes.kit.runtime import Runtime
from fakes.kit.webhooks import Delivery

KEY = b"s3cret"


class Receiver:
    """Answers POSTs with the statuses it is given, in turn (then 200), and keeps what came."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = list(statuses)
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hub() -> Iterator[Hub]:
    hub = Hub(seed=0)
    runtime = Runtime(hub, serve=False).start()
    try:
        yield hub
    finally:
        runtime.stop()


def sign(body: bytes, now: datetime) -> dict[str, str]:
    stamp = str(int(now.timestamp()))
    digest = hmac.new(KEY, stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return {"X-Stamp": stamp, "X-Signature": digest}


def settled(hub: Hub, delivery: Delivery, states: tuple[str, ...], timeout: float = 20.0) -> bool:
    """Wait (on the hub's change notification, no sleeps) until the delivery is in one of ``states``."""
    return hub_wait(hub, lambda: delivery.state in states, timeout)


def hub_wait(hub: Hub, predicate: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    version = hub.version
    while not predicate():
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        version = hub.wait_for_change(version, min(left, 0.05))
    return True


def test_a_failed_delivery_is_retried_on_the_virtual_clock_and_signed_each_time(hub: Hub) -> None:
    receiver = Receiver([500, 503])
    try:
        delivery = hub.dispatcher.enqueue(
            Delivery("greenhouse", "candidate_hired", receiver.url, b'{"n": 1}', {"Content-Type": "application/json"},
                     signer=sign, schedule=(60.0, 900.0, 3600.0))
        )
        assert settled(hub, delivery, ("retrying",))
        assert delivery.next_at == DEFAULT_START + timedelta(seconds=60)
        assert len(receiver.received) == 1  # no second attempt until the clock says so
        hub.clock.advance(59)
        assert delivery.state == "retrying" and len(delivery.attempts) == 1
        hub.clock.advance(1)
        assert hub_wait(hub, lambda: len(delivery.attempts) == 2 and delivery.state == "retrying", 20)
        assert delivery.next_at == DEFAULT_START + timedelta(seconds=60 + 900)
        hub.clock.advance(900)
        assert settled(hub, delivery, ("delivered",))
        assert [a["status"] for a in delivery.attempts] == [500, 503, 200]
        sent_at = [DEFAULT_START, DEFAULT_START + timedelta(seconds=60), DEFAULT_START + timedelta(seconds=960)]
        assert [a["at"] for a in delivery.attempts] == [t.isoformat() for t in sent_at]
        for (headers, body), at in zip(receiver.received, sent_at, strict=True):
            assert body == b'{"n": 1}'
            assert headers["x-stamp"] == str(int(at.timestamp()))  # signed at the virtual instant of the attempt
            expected = hmac.new(KEY, headers["x-stamp"].encode() + b"." + body, hashlib.sha256).hexdigest()
            assert hmac.compare_digest(headers["x-signature"], expected)
    finally:
        receiver.close()


def test_the_schedule_runs_out_and_the_delivery_fails(hub: Hub) -> None:
    receiver = Receiver([500, 500, 500])
    try:
        delivery = hub.dispatcher.enqueue(Delivery("bamboohr", "employee.updated", receiver.url, b"{}",
                                                   schedule=(10.0, 20.0)))
        assert settled(hub, delivery, ("retrying",))
        hub.clock.advance(10)
        assert hub_wait(hub, lambda: len(delivery.attempts) == 2 and delivery.state == "retrying", 20)
        hub.clock.advance(20)
        assert settled(hub, delivery, ("failed",))
        assert len(receiver.received) == 3 and hub.clock.pending_timers() == 0
    finally:
        receiver.close()


def test_chaos_bad_signature_corrupts_only_the_signature(hub: Hub) -> None:
    receiver = Receiver([])
    try:
        hub.dispatcher.add_chaos(kind="bad_signature", fake="calendly")
        delivery = hub.dispatcher.enqueue(Delivery("calendly", "invitee.created", receiver.url, b"{}", signer=sign))
        assert settled(hub, delivery, ("delivered", "failed"))
        [(headers, body)] = receiver.received
        good = sign(body, DEFAULT_START)
        assert headers["x-stamp"] == good["X-Stamp"]
        assert headers["x-signature"] != good["X-Signature"]
    finally:
        receiver.close()


def test_an_unreachable_receiver_is_a_network_error_retried_later(hub: Hub) -> None:
    receiver = Receiver([])
    url = receiver.url
    receiver.close()  # nothing listens there now
    delivery = hub.dispatcher.enqueue(Delivery("docusign", "envelope-sent", url, b"{}", schedule=(86400.0,)))
    assert settled(hub, delivery, ("retrying",))
    assert delivery.attempts[0]["status"] == 0 and delivery.attempts[0]["error"]


def test_a_scoped_reorder_is_overtaken_only_by_a_delivery_about_the_same_journey(hub: Hub) -> None:
    """Journeys run side by side: a delivery about journey A held back by A's reorder rule must be
    overtaken by A's next delivery, not by B's (which would leave A's order as it was)."""
    receiver = Receiver([])
    hub.dispatcher.hold_seconds = 5.0  # a release by the timer would hide the bug: only an overtake sends it
    try:
        hub.dispatcher.add_chaos(kind="reorder", fake="greenhouse", scope=lambda body: b'"app": "A"' in body)
        first_a = hub.dispatcher.enqueue(Delivery("greenhouse", "moved", receiver.url, b'{"app": "A", "n": 1}'))
        assert first_a.state == "held"
        b = hub.dispatcher.enqueue(Delivery("greenhouse", "moved", receiver.url, b'{"app": "B", "n": 1}'))
        assert settled(hub, b, ("delivered",))
        assert first_a.state == "held", "journey B's delivery released journey A's held one"
        second_a = hub.dispatcher.enqueue(Delivery("greenhouse", "moved", receiver.url, b'{"app": "A", "n": 2}'))
        assert settled(hub, second_a, ("delivered",)) and settled(hub, first_a, ("delivered",))
        assert [body for _, body in receiver.received] == [
            b'{"app": "B", "n": 1}',
            b'{"app": "A", "n": 2}',
            b'{"app": "A", "n": 1}',
        ]
    finally:
        receiver.close()
