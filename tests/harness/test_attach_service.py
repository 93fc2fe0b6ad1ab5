"""What a run played inside `ats-harness up` does to up's world before and after (engine/attach.py)."""

from __future__ import annotations

import json
import threading

import pytest

from fakes.kit.http import Request
from fakes.world import World
from harness.engine import attach
from harness.engine.attach import RunService

TEAM = {"first_name": "Hana", "last_name": "Lee", "email": "hana@example.com"}


@pytest.fixture
def world():
    w = World(seed=2)
    yield w
    w.stop()


def _jobs(world: World) -> list[str]:
    return sorted(j["name"] for j in world.snapshot().get("ats/default", {}).get("jobs", {}).values())


JSON = {"content-type": "application/json"}


def _request(body: dict, headers: dict | None = None) -> Request:
    headers = JSON if headers is None else headers
    return Request("POST", "/__harness/runs", headers=headers, body=json.dumps(body).encode())


def _post(service: RunService, body: dict) -> dict:
    response = service.handle("POST", "runs", _request(body))
    assert response.status == 201, response.body
    return json.loads(response.body)


def _play_with(monkeypatch, world: World, body: dict, reseed=None) -> tuple[RunService, dict]:  # type: ignore[no-untyped-def]
    seen: dict = {}

    def main(self) -> None:  # stands in for the run: records the world it found
        seen["jobs"] = _jobs(world)
        seen["running"] = world.hub.clock.running
        seen["suffix"] = self.options.journey_suffix
        world.hub.settings["greenhouse.webhook_url"] = "http://127.0.0.1:1/changed-by-the-run"
        self.done = True

    monkeypatch.setattr(attach._AttachedRun, "main", main)
    service = RunService(world, reseed=reseed)
    _wait(_post(service, body)["id"])
    return service, seen


def _wait(ident: str) -> None:
    """Until the run's thread ended: it puts the world back after the run."""
    for thread in threading.enumerate():
        if thread.name == f"attached-run-{ident}":
            thread.join(30)
            assert not thread.is_alive()


def test_a_run_that_starts_its_own_sut_meets_the_fakes_as_up_began(monkeypatch, world, tmp_path):
    world.act("ats.create_job", title="Left by someone", department="D", office="O", stages=["A"], hiring_manager=TEAM)
    world.hub.settings["greenhouse.webhook_url"] = "http://127.0.0.1:9/mine"
    world.hub.clock.run()
    reseeded = []

    def reseed() -> None:
        reseeded.append(1)
        world.act("ats.create_job", title="Demo", department="D", office="O", stages=["A"], hiring_manager=TEAM)

    _, seen = _play_with(monkeypatch, world, {"reports_dir": str(tmp_path)}, reseed)
    assert seen["jobs"] == ["Demo"], "reset, then the demo tenant again"
    assert seen["running"] is False, "the clock is frozen while a run plays"
    assert seen["suffix"] == ""
    assert reseeded == [1]
    # Put back afterwards: the clock running, the admin settings.
    assert world.hub.clock.running
    assert world.hub.settings["greenhouse.webhook_url"] == "http://127.0.0.1:9/mine"


def test_runs_against_a_sut_url_keep_the_world_and_name_later_journeys_anew(monkeypatch, world, tmp_path):
    world.act("ats.create_job", title="Kept", department="D", office="O", stages=["A"], hiring_manager=TEAM)
    body = {"reports_dir": str(tmp_path), "sut_url": "http://127.0.0.1:9000"}
    service, seen = _play_with(monkeypatch, world, body)
    assert seen["jobs"] == ["Kept"] and seen["suffix"] == ""
    ident = _post(service, body)["id"]
    _wait(ident)
    assert service.runs[ident].options.journey_suffix == "-r2"


def test_relative_paths_unknown_options_and_commands_are_refused(world):
    service = RunService(world)
    for body, word in (
        ({"profile": "p.yaml"}, "absolute"),
        ({"sut_ulr": "x"}, "unknown run options"),
        ({"sut_command": "touch /tmp/x"}, "no sut_command over HTTP"),
    ):
        response = service.handle("POST", "runs", _request(body))
        assert response.status == 400 and word in json.loads(response.body)["error"]
    assert not service.runs


@pytest.mark.parametrize(
    "headers",
    [{"content-type": "text/plain"}, {}, {**JSON, "origin": "https://evil.example"}],
    ids=["text/plain", "no content type", "from a web page"],
)
def test_a_web_page_cannot_start_a_run(world, tmp_path, headers):
    service = RunService(world)
    response = service.handle("POST", "runs", _request({"reports_dir": str(tmp_path)}, headers))
    assert response.status == 403
    assert not service.runs
