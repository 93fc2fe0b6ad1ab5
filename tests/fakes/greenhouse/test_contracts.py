"""The web hook contracts: one JSON Schema per action the fake sends, and they bite.

Every test's fixture teardown already validates each web hook the fake sent
against its schema (conftest.world); these tests check the schemas themselves.
"""

from __future__ import annotations

import json

import jsonschema
import pytest

from fakes.ats.greenhouse.webhooks import ACTIONS, PING
from fakes.world import World

from .conftest import SCHEMAS, Receiver, contract_problems, make_application, schema_for, settle


def test_one_valid_schema_per_action() -> None:
    sent = (*ACTIONS, PING)
    assert sorted(p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json")) == sorted(sent)
    for action in sent:
        schema = schema_for(action)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["properties"]["action"] == {"const": action}


@pytest.mark.parametrize(("action", "breakage"), [
    ("candidate_stage_change", lambda p: p["application"].pop("current_stage")),
    ("candidate_stage_change", lambda p: p["application"]["source"].update(name=None)),
    ("offer_created", lambda p: p.update(start_date="2026-04-06")),
    ("offer_created", lambda p: p.update(offer_status="unresolved")),
    ("hire_candidate", lambda p: p["application"]["offer"].update(starts_at="04/06/2026")),
    ("new_candidate_application", lambda p: p["application"]["jobs"][0].pop("hiring_team")),
])
def test_schemas_reject_broken_payloads(world: World, receiver: Receiver, action: str, breakage: object) -> None:
    journey = make_application(world)
    world.act("ats.advance", application_id=journey["application_id"])
    world.act("ats.create_offer", application_id=journey["application_id"], salary="1", currency="USD",
              pay_period="year", employment_type="Full-time", hours_per_week=40, start_date="2026-04-06")
    world.act("ats.hire", application_id=journey["application_id"])
    settle(world)
    body = next(json.loads(d.body) for d in world.hub.dispatcher.deliveries(event=action))
    validator = jsonschema.Draft202012Validator(schema_for(action))
    assert not list(validator.iter_errors(body))
    breakage(body["payload"])  # type: ignore[operator]
    assert list(validator.iter_errors(body)), f"the {action} schema let a broken payload through"


def test_contract_check_reports_a_bad_delivery(world: World) -> None:
    make_application(world)
    settle(world)
    [delivery] = world.hub.dispatcher.deliveries(fake="greenhouse")
    good = delivery.body
    delivery.body = good.replace(b'"status":"active"', b'"status":"on_hold"')
    try:
        assert any("on_hold" in p for p in contract_problems(world))
    finally:
        delivery.body = good


def test_coverage_lists_every_route_per_version_and_names_match(served: World) -> None:
    from fakes.ats.greenhouse.coverage import V1_OPERATIONS, V3_OPERATIONS

    routes = served.fakes["greenhouse"].router.routes
    for version, operations in (("v1", V1_OPERATIONS), ("v3", V3_OPERATIONS)):
        listed = {(method, path): (name, note) for name, method, path, note in operations}
        assert len(listed) == len(operations), f"a {version} operation is listed twice"
        own = [r for r in routes if version in r.tags or (version == "v3" and "auth" in r.tags)]
        served_pairs = {(r.method, r.path) for r in own}
        # served is the route table's word alone; the notes never say "implemented" (test_dialect_skeleton)
        assert served_pairs <= set(listed), (version, served_pairs - set(listed))
        for route in own:
            assert listed[(route.method, route.path)][0] == route.operation, route.path
    assert {r.path for r in routes if r.operation == "get_candidate"} == {"/v1/candidates/{id}", "/v3/candidates/{id}"}


def test_v3_serves_the_migrated_routes_and_not_the_v1_paths_they_replace(served: World) -> None:
    """The write/read migration guides replace these v1 routes; under /v3 only the new ones answer."""
    paths = {(r.method, r.path) for r in served.fakes["greenhouse"].router.routes}
    for gone in (("POST", "/v3/candidates/{id}/applications"), ("POST", "/v3/applications/{id}/advance"),
                 ("POST", "/v3/candidates/{id}/activity_feed/notes"), ("GET", "/v3/candidates/{id}/activity_feed"),
                 ("GET", "/v3/applications/{id}/offers/current_offer"),
                 ("PATCH", "/v3/applications/{id}/offers/current_offer")):
        assert gone not in paths, gone
        assert (gone[0], gone[1].replace("/v3/", "/v1/")) in paths, gone
    for new in (("POST", "/v3/applications"), ("GET", "/v3/notes"), ("POST", "/v3/notes"),
                ("GET", "/v3/rejection_details"), ("PATCH", "/v3/rejection_details/{id}"),
                ("PATCH", "/v3/offers/{id}")):
        assert new in paths, new


def test_route_schemas_are_valid_json_schemas(served: World) -> None:
    for route in served.fakes["greenhouse"].router.routes:
        for schema in [*route.query.values(), *([route.body] if route.body else [])]:
            jsonschema.Draft202012Validator.check_schema(schema)
        assert route.write == (route.method != "GET") or route.operation == "create_access_token", route.path
