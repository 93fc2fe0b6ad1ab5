"""The pact step names, in the run's output, what the SUT used that the vendor does not document."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from fakes.kit.http import Request
from fakes.world import World
from harness.pact.recorder import PactRecorder
from harness.results import Event, RunResult


def test_undocumented_operations_and_fields_are_flagged_in_the_output(tmp_path: Path) -> None:
    world = World(seed=0)
    lines: list[str] = []
    recorder = PactRecorder(world, "team integration", tmp_path, echo=lines.append)
    env = world.contract_env()
    auth = "Basic " + base64.b64encode(f"{env['BAMBOOHR_API_KEY']}:x".encode()).decode()
    bamboohr = world.fakes["bamboohr"]

    def send(method: str, path: str, body: dict | None = None) -> int:
        headers = {"authorization": auth, "accept": "application/json", "content-type": "application/json"}
        raw = json.dumps(body).encode() if body is not None else b""
        return bamboohr.handle(Request(method, path, headers=headers, body=raw)).status

    assert send("POST", "/api/gateway.php/harness/v1/employees", {"firstName": "Ada", "lastName": "Lovelace"}) == 201
    assert send("POST", "/api/gateway.php/harness/v1/employees",
                {"firstName": "Ada", "lastName": "Byron", "favouriteColour": "green"}) == 400
    assert send("GET", "/api/gateway.php/harness/v1/payroll") == 404

    recorder.on_run_finished(Event("run_finished", RunResult(run_id="r", seed=0, command="", started_at="")))

    output = "\n".join(lines)
    assert "pacts: 1 contract(s) (bamboohr)" in output
    assert "request field $.favouriteColour is not in the documented body" in output
    assert "GET /api/gateway.php/harness/v1/payroll is not an operation of bamboohr's OpenAPI document" in output
    assert "$.firstName" not in output
    pact = json.loads(recorder.paths["bamboohr"].read_text())
    statuses = sorted(i["response"]["status"] for i in pact["interactions"])
    assert statuses == [201, 400, 404]  # one interaction per operation and status
    findings = json.loads((tmp_path / "pacts" / "openapi-findings.json").read_text())
    assert len([f for f in findings if f["kind"] == "undocumented"]) == 2
