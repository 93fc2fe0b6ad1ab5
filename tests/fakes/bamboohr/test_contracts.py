"""The published contracts: webhook payload schemas and the route table's coverage list.

Every delivery made in this folder's tests is validated against its schema
by the ``world`` fixture's teardown; these tests make sure that check has
teeth and that every event the fake can send has a schema.
"""

from __future__ import annotations

import json

import jsonschema
import pytest

from fakes.hris.bamboohr import webhooks
from fakes.hris.bamboohr.coverage import VENDOR_OPERATIONS
from fakes.world import World

from .conftest import SCHEMAS, Client, Receiver, assert_matches_schema, payload_of


def test_every_employee_event_has_a_schema() -> None:
    published = {path.name.removesuffix(".schema.json") for path in SCHEMAS.glob("*.schema.json")}
    assert published == set(webhooks.MODERN) | set(webhooks.LEGACY)


def test_sent_payloads_of_every_kind_match_and_broken_ones_do_not(
    world: World, api: Client, receiver: Receiver
) -> None:
    for fmt in ("json", "form-encoded"):
        api.post(
            "/webhooks",
            json={
                "name": fmt,
                "url": receiver.url,
                "format": fmt,
                "monitorFields": ["firstName"],
                "events": ["employee.created", "employee.updated", "employee.deleted"],
            },
        )
    api.post(
        "/webhooks",
        json={
            "name": "legacy",
            "url": receiver.url,
            "format": "json",
            "monitorFields": ["firstName"],
            "postFields": {"lastName": "Surname"},
        },
    )
    ident = api.create_employee(firstName="Ada", lastName="Lovelace")
    api.post(f"/employees/{ident}", json={"firstName": "Augusta"})
    world.hris.delete_employee(ident)
    deliveries = world.hub.dispatcher.deliveries(fake="bamboohr")
    assert {d.event for d in deliveries} == set(webhooks.MODERN) | set(webhooks.LEGACY)
    for delivery in deliveries:
        payload = payload_of(delivery.body, delivery.headers["Content-Type"])
        assert_matches_schema(delivery.event, payload)
        if delivery.event == "employee.updated":
            broken = {**payload, "data": {**payload["data"], "changedFields": []}}
            with pytest.raises(jsonschema.ValidationError):
                assert_matches_schema(delivery.event, broken)
    with pytest.raises(jsonschema.ValidationError):
        assert_matches_schema(
            "employee.created",
            {"type": "employee.created", "timestamp": "yesterday", "data": {"companyId": "1", "employeeId": "2"}},
        )
    assert world.wait_until(lambda: len(receiver.requests) == len(deliveries), 5)


def test_schemas_are_valid_draft_2020_12() -> None:
    for path in SCHEMAS.glob("*.schema.json"):
        jsonschema.Draft202012Validator.check_schema(json.loads(path.read_text()))


def test_coverage_lists_every_served_operation(world: World) -> None:
    served = {route.operation for route in world.fakes["bamboohr"].router.routes}
    listed = [op for op, *_ in VENDOR_OPERATIONS]
    assert served <= set(listed) and len(listed) == len(set(listed))
    assert {"get_company_information", "list_users"} <= set(listed) - served  # documented, not implemented
