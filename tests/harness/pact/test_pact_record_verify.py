"""A real run writes Pact V4 contracts; the fakes verify against them, and a broken fake does not."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fakes.kit.http import Router
from fakes.world import World
from harness.cli import main
from harness.engine.runner import Runner, RunOptions
from harness.pact.verify import pact_files, verify

ROOT = Path(__file__).resolve().parents[3]
PROFILE = ROOT / "examples/reference_integration/profile.yaml"
VENDORS = {"greenhouse", "bamboohr", "docusign", "calendly"}


@pytest.fixture(scope="module")
def run_pacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    reports = tmp_path_factory.mktemp("reports")
    runner = Runner(RunOptions(profile=PROFILE, paths=[ROOT / "scenarios/hris_sync"], reports_dir=reports, quiet=True))
    result = runner.run()
    assert result.passed, "the reference integration should pass hris_sync; the pacts below come from that run"
    return runner.out_dir / "pacts"


def _pacts(folder: Path) -> dict[str, dict[str, Any]]:
    return {json.loads(p.read_text())["provider"]["name"]: json.loads(p.read_text()) for p in pact_files(folder)}


def test_a_run_writes_v4_pacts_per_vendor(run_pacts: Path) -> None:
    pacts = _pacts(run_pacts)
    assert set(pacts) >= VENDORS
    for provider, pact in pacts.items():
        assert pact["metadata"]["pactSpecification"]["version"] == "4.0"
        assert pact["consumer"]["name"] == "Reference integration (Greenhouse, Calendly, DocuSign, BambooHR)"
        http = [i for i in pact["interactions"] if i["type"] == "Synchronous/HTTP"]
        routes = [(i["comments"]["route"], i["response"]["status"]) for i in http]
        assert len(routes) == len(set(routes)), f"{provider}: one interaction per operation and status"
        for interaction in pact["interactions"]:
            assert interaction["providerStates"][0]["name"] == "the world as the run left it"
    # The SUT calls GET /v1|v3/jobs/{id} many times with different ids: one templated interaction.
    jobs = [i for i in pact_interactions(pacts["greenhouse"]) if i["comments"]["operation"] == "get_job"]
    assert len(jobs) == 1
    assert jobs[0]["request"]["matchingRules"]["path"]["matchers"][0]["regex"].endswith("/jobs/[^/]+$")
    rules = jobs[0]["response"]["matchingRules"]["body"]
    assert rules["$.id"]["matchers"][0]["match"] == "integer"
    assert rules["$.created_at"]["matchers"][0]["match"] == "datetime"
    assert "greenhouse holds jobs" in " ".join(s["name"] for s in jobs[0]["providerStates"])


def pact_interactions(pact: dict[str, Any]) -> list[dict[str, Any]]:
    return [i for i in pact["interactions"] if i["type"] == "Synchronous/HTTP"]


def test_webhooks_the_sut_consumed_are_async_messages(run_pacts: Path) -> None:
    greenhouse = _pacts(run_pacts)["greenhouse"]
    messages = {i["description"]: i for i in greenhouse["interactions"] if i["type"] == "Asynchronous/Messages"}
    assert "greenhouse webhook hire_candidate" in messages
    hired = messages["greenhouse webhook hire_candidate"]
    assert hired["contents"]["content"]["action"] == "hire_candidate"
    assert "$.payload.application.id" in hired["matchingRules"]["body"]


def test_the_request_body_matchers_come_from_the_openapi_schema(run_pacts: Path) -> None:
    bamboohr = _pacts(run_pacts)["bamboohr"]
    create = next(i for i in pact_interactions(bamboohr) if i["comments"]["operation"] == "create_employee")
    rules = create["request"]["matchingRules"]["body"]
    # contracts/bamboohr/openapi.json gives firstName a pattern; hireDate is a date
    assert rules["$.firstName"]["matchers"][0]["regex"] == "^[^\\x00-\\x1f\\x7f]*\\S[^\\x00-\\x1f\\x7f]*$"
    assert rules["$.hireDate"]["matchers"][0]["match"] == "date"
    # the credential never enters a contract, whichever scheme the integration used (Basic or OAuth Bearer)
    assert create["request"]["headers"]["Authorization"] in (["Basic pact-credential"], ["Bearer pact-credential"])


def test_the_reference_integration_uses_only_documented_operations(run_pacts: Path) -> None:
    findings = json.loads((run_pacts / "openapi-findings.json").read_text())
    assert [f for f in findings if f["kind"] != "note"] == []


def test_verify_passes_on_the_pacts_of_a_real_run(run_pacts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pact", "verify", str(run_pacts)]) == 0
    out = capsys.readouterr().out
    assert "5 of 5 provider(s) verified" in out


def _world_without(operation: str) -> Any:
    def build(seed: int) -> World:
        world = World(seed=seed)
        fake = world.fakes["greenhouse"]
        fake.router = Router([r for r in fake.router.routes if r.operation != operation])
        return world

    return build


def test_verify_fails_naming_the_interaction_when_a_route_is_gone(run_pacts: Path) -> None:
    results = verify(run_pacts, world_factory=_world_without("get_job"), providers={"greenhouse"})
    assert [r.passed for r in results] == [False]
    named = [f for f in results[0].failures if f.startswith("get_job: GET /v")]
    assert named, results[0].failures
    assert "404" in named[0]
    assert not any(f.startswith("get_candidate") for f in results[0].failures)


def _world_renaming(operation: str, old: str, new: str) -> Any:
    def build(seed: int) -> World:
        world = World(seed=seed)
        for route in world.fakes["greenhouse"].router.routes:
            if route.operation == operation:
                handler = route.handler

                def renamed(request: Any, handler: Any = handler) -> Any:
                    answer = handler(request)
                    if isinstance(answer, dict) and old in answer:
                        answer = {(new if k == old else k): v for k, v in answer.items()}
                    return answer

                route.handler = renamed
        return world

    return build


def test_verify_fails_naming_the_interaction_when_a_field_is_renamed(run_pacts: Path) -> None:
    results = verify(run_pacts, world_factory=_world_renaming("get_candidate", "first_name", "given_name"),
                     providers={"greenhouse"})
    assert [r.passed for r in results] == [False]
    assert any(f.startswith("get_candidate: GET /v") and "first_name" in f for f in results[0].failures), (
        results[0].failures
    )
