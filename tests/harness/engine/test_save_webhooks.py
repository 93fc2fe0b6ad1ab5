"""The run saves the profile's Greenhouse web hook once the SUT listens: Greenhouse pings it on save,
and a hook whose ping fails stays disabled (webhooks/_introduction.md, "Disabled webhooks")."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from fakes.world import World
from harness.engine.setup import save_webhooks
from harness.errors import HarnessError


class _Sut:
    def __init__(self, status: int) -> None:
        self.status, self.paths = status, []
        sut = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                sut.paths.append(self.path)
                self.send_response(sut.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhooks/greenhouse"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def world() -> Iterator[World]:
    w = World(seed=3, systems=["ats", "inbox"])
    w.serve()
    yield w
    w.stop()


def test_the_profile_hook_is_pinged_when_saved(world: World) -> None:
    sut = _Sut(200)
    try:
        world.hub.settings["greenhouse.webhook_url"] = sut.url
        save_webhooks(world)
        assert sut.paths == ["/webhooks/greenhouse"]
        assert world.fakes["greenhouse"].webhooks.state() == "enabled"
    finally:
        sut.server.shutdown()
        sut.server.server_close()


def test_a_refused_ping_stops_the_run_and_says_why(world: World) -> None:
    sut = _Sut(503)
    try:
        world.hub.settings["greenhouse.webhook_url"] = sut.url
        with pytest.raises(HarnessError) as caught:
            save_webhooks(world)
        assert sut.paths == ["/webhooks/greenhouse"]
        assert world.fakes["greenhouse"].webhooks.state() == "disabled"
        assert "HTTP 503" in str(caught.value) and sut.url in str(caught.value) and '"ping"' in str(caught.value)
    finally:
        sut.server.shutdown()
        sut.server.server_close()


def test_no_hook_no_ping(world: World) -> None:
    save_webhooks(world)
    assert world.hub.dispatcher.deliveries() == []
