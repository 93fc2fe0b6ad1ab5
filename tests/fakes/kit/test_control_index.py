"""``GET /__harness/`` lists the control plane's operations, and each one listed answers."""

from __future__ import annotations

import pytest
import requests

from fakes.kit.control import OPERATIONS
from fakes.world import World


@pytest.fixture(scope="module")
def world():
    with World(seed=3) as w:
        w.serve(smtp_port=None)
        yield w


def _origin(world: World) -> str:
    return world.hub.origin_of("greenhouse")


def test_the_index_lists_every_operation_and_where_each_fake_is(world):
    index = requests.get(_origin(world) + "/__harness/", timeout=10).json()
    assert index["control_plane"] == "/__harness/"
    assert index["fakes"]["bamboohr"] == world.hub.origin_of("bamboohr")
    listed = {(op["method"], op["path"]) for op in index["operations"]}
    assert ("POST", "/__harness/actions/{name}") in listed
    assert ("GET", "/__harness/journal") in listed
    assert len(listed) == len(OPERATIONS)
    assert all(op["summary"] for op in index["operations"])
    # Every origin serves the same index.
    assert requests.get(world.hub.origin_of("calendly") + "/__harness", timeout=10).json() == index


@pytest.mark.parametrize("path", sorted({p for m, p, _ in OPERATIONS if m == "GET" and "{" not in p}))
def test_every_listed_read_answers(world, path):
    response = requests.get(f"{_origin(world)}/__harness/{path}", timeout=10)
    assert response.status_code == 200, response.text


def test_every_listed_operation_is_routed(world):
    """No row of the index is a 404 ("no control operation"): each one reaches its handler."""
    for method, path, _ in OPERATIONS:
        concrete = path.replace("{name}", "ats.no_such_action").replace("{n}", "999")
        response = requests.request(method, f"{_origin(world)}/__harness/{concrete}", timeout=10)
        assert "no control operation" not in response.text, (method, path, response.text)


def test_an_unknown_operation_points_at_the_index(world):
    response = requests.get(_origin(world) + "/__harness/nope", timeout=10)
    assert response.status_code == 404
    assert "GET /__harness/ lists them" in response.json()["error"]


def test_an_extension_is_routed_and_indexed(world):
    from fakes.kit.http import json_response

    world.hub.control.extensions["echo"] = (
        lambda method, path, request: json_response({"method": method, "path": path}),
        (("GET", "echo/{x}", "say it back"),),
    )
    try:
        assert requests.get(_origin(world) + "/__harness/echo/hi", timeout=10).json() == {
            "method": "GET",
            "path": "echo/hi",
        }
        index = requests.get(_origin(world) + "/__harness/", timeout=10).json()
        assert {"method": "GET", "path": "/__harness/echo/{x}", "summary": "say it back"} in index["operations"]
    finally:
        del world.hub.control.extensions["echo"]


def test_the_docs_page_describes_every_operation_of_the_index():
    from pathlib import Path

    from harness.engine.attach import RunService

    doc = (Path(__file__).resolve().parents[3] / "docs" / "control-plane.md").read_text()
    for method, path, _ in (*OPERATIONS, *RunService.ROWS):
        assert f"`{method} /__harness/{path}" in doc, f"docs/control-plane.md does not describe {method} {path}"
