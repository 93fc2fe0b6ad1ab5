"""Fixtures for the Calendly fake: a served world, an API client, a webhook receiver.

Signatures are checked with the algorithm as Calendly documents it
(developer.calendly.com/api-docs/overview/webhooks/webhook-signatures),
written here from scratch rather than borrowed from the fake.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import requests

from fakes.world import World

SCHEMAS = Path(__file__).resolve().parents[3] / "contracts" / "calendly" / "webhooks"
SEED = 7


def schema_for(event: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{event}.schema.json").read_text())


def contract_problems(world: World) -> list[str]:
    """Every webhook body the fake sent in this world, checked against its JSON Schema."""
    problems = []
    for delivery in world.hub.dispatcher.deliveries(fake="calendly"):
        body = json.loads(delivery.body)
        validator = jsonschema.Draft202012Validator(schema_for(delivery.event))
        problems += [
            f"{delivery.event} #{delivery.id}: {e.message} at {list(e.path)}" for e in validator.iter_errors(body)
        ]
    return problems


def verify_signature(signing_key: str, header: str | None, body: bytes) -> int:
    """Check ``t=<unix>,v1=<hex>`` as documented; return t. Raises AssertionError on a mismatch."""
    assert header, "no Calendly-Webhook-Signature header"
    fields = dict(part.strip().split("=", 1) for part in header.split(","))
    assert set(fields) == {"t", "v1"}, header
    signed = fields["t"].encode() + b"." + body
    expected = hmac.new(signing_key.encode(), signed, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(fields["v1"], expected), f"v1={fields['v1']} but HMAC gives {expected}"
    return int(fields["t"])


class Receiver:
    """A webhook endpoint on 127.0.0.1 that records each POST and answers queued statuses (then 200)."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.statuses: list[int] = []
        self.default_status = 200
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with outer._lock:
                    outer.received.append(
                        {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
                    )
                    status = outer.statuses.pop(0) if outer.statuses else outer.default_status
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()

    def url(self, path: str = "/hooks/calendly") -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def events(self) -> list[dict[str, Any]]:
        with self._lock:
            return [json.loads(r["body"]) for r in self.received]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


class Api:
    """A requests session that speaks to the fake the way a SUT would: base URL + bearer token."""

    def __init__(self, world: World) -> None:
        env = world.contract_env()
        self.base = env["CALENDLY_BASE_URL"]
        self.token = env["CALENDLY_TOKEN"]
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {self.token}"

    def _url(self, path: str) -> str:
        return path if path.startswith("http") else self.base + path

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.get(self._url(path), timeout=5, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.post(self._url(path), timeout=5, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.delete(self._url(path), timeout=5, **kwargs)

    def me(self) -> dict[str, Any]:
        return self.get("/users/me").json()["resource"]

    def event_type(self, name: str) -> dict[str, Any]:
        listing = self.get("/event_types", params={"user": self.me()["uri"]}).json()
        return next(t for t in listing["collection"] if t["name"] == name)

    def booking_url(self, stage: str = "Phone Screen") -> str:
        body = {"max_event_count": 1, "owner": self.event_type(stage)["uri"], "owner_type": "EventType"}
        response = self.post("/scheduling_links", json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["resource"]["booking_url"])

    def subscribe(
        self,
        url: str,
        signing_key: str | None = "whsec-harness",
        scope: str = "organization",
        events: tuple[str, ...] = ("invitee.created", "invitee.canceled"),
    ) -> dict[str, Any]:
        me = self.me()
        body: dict[str, Any] = {
            "url": url,
            "events": list(events),
            "organization": me["current_organization"],
            "scope": scope,
        }
        if scope == "user":
            body["user"] = me["uri"]
        if signing_key is not None:
            body["signing_key"] = signing_key
        response = self.post("/webhook_subscriptions", json=body)
        assert response.status_code == 201, response.text
        return dict(response.json()["resource"])

    def close(self) -> None:
        self.session.close()


@pytest.fixture
def world() -> Iterator[World]:
    w = World(seed=SEED, systems=["scheduler", "inbox"])
    w.serve(smtp_port=None)
    try:
        yield w
        problems = contract_problems(w)
        harness_bugs = list(w.hub.errors)
    finally:
        w.stop()
    assert not problems, "webhooks that break contracts/calendly/webhooks:\n" + "\n".join(problems)
    assert not harness_bugs, harness_bugs


@pytest.fixture
def api(world: World) -> Iterator[Api]:
    client = Api(world)
    yield client
    client.close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()
