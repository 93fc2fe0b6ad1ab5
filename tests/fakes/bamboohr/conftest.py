"""A served world with the HRIS and the BambooHR dialect, a BambooHR client,
and a local webhook receiver.

Every webhook the fake sends during a test is checked against its JSON
Schema in ``contracts/bamboohr/webhooks/`` when the test ends.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import jsonschema
import pytest
import requests

from fakes.world import World

SCHEMAS = Path(__file__).resolve().parents[3] / "contracts" / "bamboohr" / "webhooks"


def schema_for(event: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{event}.schema.json").read_text())


def decode_form(body: bytes) -> dict[str, Any]:
    """PHP-style ``a[b][0]=x`` pairs back into nested dicts and lists (an independent reader)."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body.decode(), keep_blank_values=True):
        head, _, rest = key.partition("[")
        path = [head] + ([p.rstrip("]") for p in rest.split("[")] if rest else [])
        node: Any = root
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    return _lists(root)


def _lists(node: Any) -> Any:
    if isinstance(node, dict):
        node = {k: _lists(v) for k, v in node.items()}
        if node and all(k.isdigit() for k in node):
            return [node[k] for k in sorted(node, key=int)]
    return node


def payload_of(body: bytes, content_type: str) -> Any:
    if content_type.startswith("application/x-www-form-urlencoded"):
        return decode_form(body)
    return json.loads(body)


def assert_matches_schema(event: str, payload: Any) -> None:
    jsonschema.Draft202012Validator(schema_for(event), format_checker=jsonschema.FormatChecker()).validate(payload)


@pytest.fixture(scope="module")
def served() -> Iterator[World]:
    world = World(seed=7, systems=["hris", "inbox"])
    world.serve()
    yield world
    world.stop()


@pytest.fixture
def world(served: World) -> Iterator[World]:
    served.reset()
    yield served
    for delivery in served.hub.dispatcher.deliveries(fake="bamboohr"):
        content_type = delivery.headers.get("Content-Type", "")
        assert_matches_schema(delivery.event, payload_of(delivery.body, content_type))


class Client:
    """BambooHR as a SUT sees it: the contract env, HTTP Basic with the key as user name."""

    def __init__(self, world: World) -> None:
        env = world.contract_env()
        self.origin = env["BAMBOOHR_BASE_URL"]
        self.domain = env["BAMBOOHR_COMPANY_DOMAIN"]
        self.key = env["BAMBOOHR_API_KEY"]
        self.gateway = f"{self.origin}/api/gateway.php/{self.domain}/v1"
        self.subdomain = f"{self.origin}/api/v1"
        self.session = requests.Session()
        self.session.auth = (self.key, "x")
        self.session.headers["Accept"] = "application/json"
        self.env = env
        self._token = ""

    def token(self) -> str:
        """An OAuth access token from the contract's standing refresh token (refresh-token grant)."""
        if not self._token:
            answer = requests.post(
                f"{self.env['BAMBOOHR_OAUTH_URL']}/token.php?request=token",
                data={
                    "grant_type": "refresh_token",
                    "refresh_token": self.env["BAMBOOHR_OAUTH_REFRESH_TOKEN"],
                    "client_id": self.env["BAMBOOHR_CLIENT_ID"],
                    "client_secret": self.env["BAMBOOHR_CLIENT_SECRET"],
                },
                timeout=10,
            )
            assert answer.status_code == 200, answer.text
            self._token = answer.json()["access_token"]
        return self._token

    def oauth_get(self, path: str, **kwargs: Any) -> requests.Response:
        """GET with a Bearer token instead of the API key (the employee list is OAuth-only)."""
        url = path if path.startswith("http") else self.gateway + path
        headers = {"Accept": "application/json", "Authorization": f"Bearer {self.token()}", **kwargs.pop("headers", {})}
        return requests.get(url, headers=headers, timeout=10, **kwargs)

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        url = path if path.startswith("http") else self.gateway + path
        return self.session.request(method, url, timeout=10, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def create_employee(self, **fields: Any) -> int:
        response = self.post("/employees", json=fields)
        assert response.status_code == 201, response.headers.get("X-BambooHR-Message")
        return int(response.headers["Location"].rsplit("/", 1)[1])

    def fields(self, employee_id: int | str, *names: str) -> dict[str, Any]:
        response = self.get(f"/employees/{employee_id}", params={"fields": ",".join(names)})
        assert response.status_code == 200, response.headers.get("X-BambooHR-Message")
        return response.json()  # type: ignore[no-any-return]


@pytest.fixture
def api(world: World) -> Iterator[Client]:
    client = Client(world)
    yield client
    client.session.close()


class Receiver:
    """A webhook endpoint on loopback that records each request and answers scripted statuses."""

    def __init__(self, world: World) -> None:
        self.requests: list[dict[str, Any]] = []
        self.statuses: list[int] = []  # answered in order; 200 once exhausted
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                receiver.requests.append({"path": self.path, "headers": dict(self.headers.items()), "body": body})
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                world.hub.notify()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/bamboohr"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def receiver(world: World) -> Iterator[Receiver]:
    endpoint = Receiver(world)
    yield endpoint
    world.wait_until(lambda: not world.hub.dispatcher.active, 5)
    endpoint.close()
