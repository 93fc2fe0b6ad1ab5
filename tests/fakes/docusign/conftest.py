"""Fixtures for the DocuSign fake: a served world, a plain ``requests`` client,
a webhook receiver, and a check that every Connect message matched its schema."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import jsonschema
import pytest
import requests

from fakes.world import World

SCHEMAS = Path(__file__).resolve().parents[3] / "contracts" / "docusign" / "webhooks"


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # Connect sends concurrently; the default backlog of 5 drops SYNs (1 s retransmits)
    daemon_threads = True


class Receiver:
    """A tiny listener that records every POST and answers with the next queued status (200 by default)."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k.lower(): v for k, v in self.headers.items()}
                receiver.received.append({"path": self.path, "headers": headers, "body": body})
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def url(self, path: str = "/docusign/connect") -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def events(self, path: str | None = None) -> list[str]:
        """Each message's event; a legacy XML message has none, so it shows as ``legacy:<envelope status>``."""
        return [event_of(r["body"]) for r in self.received if path is None or r["path"] == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


LEGACY_NS = "{http://www.docusign.net/API/3.0}"


def event_of(body: bytes) -> str:
    if body.startswith(b"<?xml"):
        return "legacy:" + (ElementTree.fromstring(body).findtext(f"{LEGACY_NS}EnvelopeStatus/{LEGACY_NS}Status") or "")
    return str(json.loads(body)["event"])


class Client:
    """DocuSign's REST API the way an integration calls it: base URL + account path + Bearer token."""

    def __init__(self, env: dict[str, str], token: str | None = None) -> None:
        self.env = env
        self.base = f"{env['DOCUSIGN_BASE_URL']}/restapi/v2.1/accounts/{env['DOCUSIGN_ACCOUNT_ID']}"
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token or env['DOCUSIGN_ACCESS_TOKEN']}"

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.get(self.base + path, timeout=10, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.post(self.base + path, timeout=10, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.put(self.base + path, timeout=10, **kwargs)

    def template_id(self) -> str:
        found = self.get("/templates", params={"search_text": "Offer Letter"}).json()
        return str(found["envelopeTemplates"][0]["templateId"])

    def create(self, body: dict[str, Any]) -> dict[str, Any]:
        response = self.post("/envelopes", json=body)
        assert response.status_code == 201, response.text
        return response.json()


def offer_definition(template_id: str, status: str = "sent", **extra: Any) -> dict[str, Any]:
    """The journey's envelope: both roles, the candidate's text tabs, the Greenhouse ids as custom fields."""
    tabs = {
        "candidate_name": "Zoë O'Brien-Nuñez",
        "job_title": "Staff Engineer",
        "department": "Platform",
        "start_date": "2026-04-01",
        "salary": "103000.00",
        "currency": "USD",
        "pay_period": "year",
        "employment_type": "Full-time",
        "hours_per_week": "37.5",
        "hiring_manager": "Hank Manager",
    }
    return {
        "templateId": template_id,
        "status": status,
        "emailSubject": "Your offer from Acme",
        "templateRoles": [
            {"roleName": "Hiring Manager", "name": "Hank Manager", "email": "hank@acme.example"},
            {
                "roleName": "Candidate",
                "name": "Zoë O'Brien-Nuñez",
                "email": "zoe@candidates.example",
                "tabs": {"textTabs": [{"tabLabel": k, "value": v} for k, v in tabs.items()]},
            },
        ],
        "customFields": {
            "textCustomFields": [
                {"name": "greenhouse_application_id", "value": "4001", "show": "false"},
                {"name": "greenhouse_offer_id", "value": "5001", "show": "false"},
            ]
        },
        **extra,
    }


def check_connect_messages(world: World) -> int:
    """Validate every Connect message the fake sent (each attempt's exact bytes) against its event's schema."""
    checked = 0
    for delivery in world.hub.dispatcher.deliveries(fake="docusign"):
        if delivery.headers.get("Content-Type", "").startswith("text/xml"):  # legacy XML: well-formed, right root
            assert ElementTree.fromstring(delivery.body).tag == f"{LEGACY_NS}DocuSignEnvelopeInformation"
            checked += len(delivery.attempts)
            continue
        schema = json.loads((SCHEMAS / f"{delivery.event}.schema.json").read_text())
        for attempt in range(len(delivery.attempts)):
            body = delivery.attempt_body(attempt)  # type: ignore[attr-defined]
            jsonschema.validate(json.loads(body), schema, cls=jsonschema.Draft202012Validator)
            checked += 1
    return checked


@pytest.fixture
def world() -> Iterator[World]:
    w = World(seed=11, systems=["esign", "inbox"])
    w.serve(smtp_port=None)
    yield w
    w.stop()
    check_connect_messages(w)
    assert w.hub.errors == [], "the fake answered 500 (a harness bug):\n" + "\n".join(t for _, t in w.hub.errors)


@pytest.fixture
def env(world: World) -> dict[str, str]:
    return world.contract_env()


@pytest.fixture
def ds(env: dict[str, str]) -> Iterator[Client]:
    client = Client(env)
    yield client
    client.session.close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()
