"""Fixtures for the Greenhouse fake: one served world, Harvest clients, a web hook receiver.

Web hook signatures are checked here with Greenhouse's documented algorithm
(webhooks/_introduction.md, "Authentication": ``Signature: sha256 <hex
HMAC-SHA256(secret key, entire body)>``), written from scratch rather than
borrowed from the fake. After every test, each web hook the fake sent is
validated against its JSON Schema in contracts/greenhouse/webhooks/.
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

SCHEMAS = Path(__file__).resolve().parents[3] / "contracts" / "greenhouse" / "webhooks"
SEED = 11
STAGES = ["Application Review", "Phone Screen", "Technical Interview", "Onsite", "Offer"]


def schema_for(action: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{action}.schema.json").read_text())


def contract_problems(world: World) -> list[str]:
    problems = []
    for delivery in world.hub.dispatcher.deliveries(fake="greenhouse"):
        body = json.loads(delivery.body)
        validator = jsonschema.Draft202012Validator(schema_for(delivery.event))
        problems += [f"{delivery.event} #{delivery.id}: {e.message} at {list(e.absolute_path)}"
                     for e in validator.iter_errors(body)]
    return problems


def verify_signature(secret: str, header: str | None, body: bytes) -> None:
    """Greenhouse's scheme: algorithm name, one space, hex HMAC-SHA256 of the raw body."""
    assert header, "no Signature header"
    algorithm, _, digest = header.partition(" ")
    assert algorithm == "sha256", header
    expected = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(digest, expected), f"signature {digest} but HMAC-SHA256 gives {expected}"


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # the default backlog of 5 drops SYNs when deliveries arrive together (1 s retries)
    daemon_threads = True


class Receiver:
    """A web hook endpoint on 127.0.0.1 recording each POST; answers ``status`` (200 unless told)."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.status = 200
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver._lock:
                    receiver.received.append({"path": self.path, "headers": dict(self.headers), "body": body})
                    status = receiver.status
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/greenhouse-hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def clear(self) -> None:
        with self._lock:
            self.received.clear()
            self.status = 200

    def actions(self) -> list[str]:
        with self._lock:
            return [json.loads(r["body"])["action"] for r in self.received]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Harvest:
    """A Harvest client the way an integration would hold one: v1 Basic auth or a v3 Bearer token."""

    def __init__(self, world: World, version: str = "v1") -> None:
        self.world = world
        self.env = world.contract_env()
        self.base = self.env["GREENHOUSE_BASE_URL"] + f"/{version}"
        self.http = requests.Session()
        if version == "v1":
            self.http.auth = (self.env["GREENHOUSE_API_KEY"], "")
        else:
            self.http.headers["Authorization"] = f"Bearer {self.token()}"
        self.writes = {"On-Behalf-Of": self.env["GREENHOUSE_USER_ID"]}

    def token(self, sub: str | None = None) -> str:
        answer = requests.post(
            self.env["GREENHOUSE_AUTH_URL"] + "/token",
            auth=(self.env["GREENHOUSE_CLIENT_ID"], self.env["GREENHOUSE_CLIENT_SECRET"]),
            data={"grant_type": "client_credentials", "sub": sub or self.env["GREENHOUSE_USER_ID"]},
            timeout=5,
        )
        assert answer.status_code == 200, answer.text
        return str(answer.json()["access_token"])

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.get(self.base + path, timeout=5, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> requests.Response:
        return self.http.post(self.base + path, json=json, headers=self.writes, timeout=5, **kwargs)

    def patch(self, path: str, json: Any = None, **kwargs: Any) -> requests.Response:
        return self.http.patch(self.base + path, json=json, headers=self.writes, timeout=5, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.delete(self.base + path, headers=self.writes, timeout=5, **kwargs)


@pytest.fixture(scope="session")
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.stop()


@pytest.fixture(scope="session")
def served() -> Iterator[World]:
    world = World(seed=SEED, systems=["ats", "inbox"])
    world.serve()
    yield world
    world.stop()


@pytest.fixture
def world(served: World, receiver: Receiver) -> Iterator[World]:
    """The served world, reset: web hooks go to the receiver, no rate limit unless a test sets one."""
    served.reset(SEED)
    receiver.clear()
    served.hub.settings.clear()
    served.hub.settings.update({"greenhouse.webhook_url": receiver.url, "greenhouse.rate_limit": 0})
    yield served
    settle(served)
    problems = contract_problems(served)
    assert not problems, "web hooks that break their contract:\n" + "\n".join(problems)
    assert not served.hub.errors, f"harness errors: {served.hub.errors}"


def settle(world: World, timeout: float = 5.0) -> None:
    """Wait until no delivery is queued or on the wire (retries waiting on the clock excluded)."""
    assert world.wait_until(lambda: world.hub.dispatcher.active == 0, timeout), "web hook deliveries did not settle"


@pytest.fixture
def v1(world: World) -> Harvest:
    return Harvest(world, "v1")


@pytest.fixture
def v3(world: World) -> Harvest:
    return Harvest(world, "v3")


def make_job(world: World, title: str = "Backend Engineer") -> dict[str, Any]:
    return world.act(  # type: ignore[no-any-return]
        "ats.create_job", title=title, department="Engineering", office="New York", stages=STAGES,
        hiring_manager={"first_name": "Hana", "last_name": "Manager", "email": "hana@example.com"},
        recruiter={"first_name": "Rae", "last_name": "Cruiter", "email": "rae@example.com"},
    )


def make_application(world: World, job: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    job = job or make_job(world)
    person = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com", "phone": "+1 555 0100",
              "custom_fields": {"harness_journey": "journey-1"}, **fields}
    ids = world.act("ats.apply", job_id=job["id"], **person)
    return {"job": job, **ids}


def stage_id(job: dict[str, Any], name: str) -> int:
    return next(int(s["id"]) for s in job["stages"] if s["name"] == name)


def make_offer(world: World, application_id: int, **overrides: Any) -> dict[str, Any]:
    terms = {"salary": "103000.00", "currency": "USD", "pay_period": "year", "employment_type": "Full-time",
             "hours_per_week": "40", "start_date": "2026-04-06", **overrides}
    return world.act("ats.create_offer", application_id=application_id, **terms)  # type: ignore[no-any-return]
