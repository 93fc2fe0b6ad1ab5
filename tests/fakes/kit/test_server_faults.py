"""Server faults over a real socket on loopback: what a client of the fake actually sees."""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Iterator

import pytest

from fakes.kit.http import Fake, Request, Route
from fakes.kit.hub import Hub
from fakes.kit.runtime import Runtime


class EchoFake(Fake):
    name = "echo"
    title = "echo"

    def routes(self) -> list[Route]:
        return [Route("GET", "/things/{id}", self.get_thing, "get_thing", auth=False)]

    def get_thing(self, request: Request) -> dict[str, str]:
        return {"id": request.params["id"], "padding": "x" * 200}


@pytest.fixture
def served() -> Iterator[tuple[Hub, int]]:
    hub = Hub(seed=0)
    runtime = Runtime(hub, [EchoFake(hub)]).start()
    try:
        yield hub, runtime.servers[0].port
    finally:
        runtime.stop()


def get(port: int, path: str, timeout: float = 10.0) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_without_a_fault_the_answer_is_whole(served: tuple[Hub, int]) -> None:
    hub, port = served
    status, body = get(port, "/things/7")
    assert status == 200 and json.loads(body)["id"] == "7"
    [entry] = list(hub.journal.entries())
    assert entry.operation == "get_thing" and entry.fault == ""


def test_reset_closes_the_connection_with_no_answer(served: tuple[Hub, int]) -> None:
    hub, port = served
    hub.faults.add(kind="reset", fake="echo", operation="get_thing")
    with pytest.raises((ConnectionResetError, http.client.RemoteDisconnected)):
        get(port, "/things/1")
    assert get(port, "/things/2")[0] == 200  # count=1: the next request is answered
    assert [e.fault for e in hub.journal.entries()] == ["reset", ""]


def test_truncated_sends_half_a_body_then_closes(served: tuple[Hub, int]) -> None:
    hub, port = served
    hub.faults.add(kind="truncated", fake="echo")
    with pytest.raises(http.client.IncompleteRead) as caught:
        get(port, "/things/1")
    assert caught.value.partial and caught.value.expected  # some of the body came, the rest never will


def test_timeout_hangs_past_the_clients_patience(served: tuple[Hub, int]) -> None:
    hub, port = served
    hub.faults.add(kind="timeout", fake="echo", seconds=30.0)
    with pytest.raises((TimeoutError, socket.timeout)):
        get(port, "/things/1", timeout=0.5)
    assert get(port, "/things/2")[0] == 200  # only the faulted request hung


def test_status_and_malformed_faults_answer_on_the_wire(served: tuple[Hub, int]) -> None:
    hub, port = served
    hub.faults.add(kind="status", status=503, fake="echo")
    hub.faults.add(kind="malformed", fake="echo")
    status, body = get(port, "/things/1")
    assert status == 503 and json.loads(body) == {"message": "injected 503"}
    status, body = get(port, "/things/1")
    assert status == 200
    with pytest.raises(ValueError):
        json.loads(body)
