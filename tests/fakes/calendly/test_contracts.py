"""What the Calendly fake publishes: webhook payload schemas and the coverage list."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from fakes.scheduler.calendly.coverage import VENDOR_OPERATIONS
from fakes.scheduler.calendly.webhooks import SENT
from fakes.world import World

from .conftest import SCHEMAS, Api, Receiver, contract_problems, schema_for

HARNESS_ONLY = {"booking_page"}  # served for humans, not a Calendly API operation


@pytest.mark.parametrize("event", SENT)
def test_each_sent_event_has_a_valid_draft_2020_12_schema(event: str) -> None:
    schema = schema_for(event)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["event"] == {"const": event}
    assert sorted(p.name for p in SCHEMAS.glob("*.schema.json")) == sorted(f"{e}.schema.json" for e in SENT)


def test_a_whole_journey_of_webhooks_matches_the_schemas(world: World, api: Api, receiver: Receiver) -> None:
    api.subscribe(receiver.url(), "k")
    url = api.booking_url("Onsite") + "?utm_content=4711&utm_source=harness"
    first = world.act(
        "scheduler.book",
        booking_url=url,
        invitee_name="Zoë O'Brien-Nuñez",
        email="zoe@example.com",
        start_time="2026-03-05T15:00:00Z",
        questions_and_answers=[{"question": "Anything we should know?", "answer": "Step-free access"}],
    )
    moved = world.act("scheduler.reschedule", invitee_uuid=first["invitee_uuid"], new_start_time="2026-03-06T14:00:00Z")
    world.act("scheduler.cancel", invitee_uuid=moved["invitee_uuid"], reason="Withdrew", by="host")
    assert world.wait_until(lambda: len(receiver.received) == 4, 5)
    kinds = sorted(json.loads(r["body"])["event"] for r in receiver.received)
    assert kinds == ["invitee.canceled", "invitee.canceled", "invitee.created", "invitee.created"]
    assert contract_problems(world) == []


def test_the_schemas_reject_a_payload_that_drifts(world: World, api: Api, receiver: Receiver) -> None:
    api.subscribe(receiver.url(), None)
    world.act(
        "scheduler.book",
        booking_url=api.booking_url(),
        invitee_name="Ada",
        email="ada@example.com",
        start_time="2026-03-05T15:00:00Z",
    )
    assert world.wait_until(lambda: receiver.received, 5)
    sent = json.loads(receiver.received[0]["body"])
    validator = jsonschema.Draft202012Validator(schema_for("invitee.created"))
    assert list(validator.iter_errors(sent)) == []
    for mutate in (
        lambda b: b["payload"]["tracking"].pop("utm_content"),
        lambda b: b["payload"].update(status="canceled"),
        lambda b: b["payload"].update(surprise=True),
        lambda b: b["payload"]["scheduled_event"].update(start_time="2026-03-05 15:00"),
        lambda b: b.update(event="invitee.canceled"),
    ):
        broken = copy.deepcopy(sent)
        mutate(broken)
        assert list(validator.iter_errors(broken)), f"schema accepted {broken}"


def test_coverage_lists_every_served_operation_with_its_method_and_path(world: World) -> None:
    listed = {op: (method, path) for op, method, path, _ in VENDOR_OPERATIONS}
    assert len(listed) == len(VENDOR_OPERATIONS), "operation names repeat"
    served = {r.operation: (r.method, r.path) for r in world.fakes["calendly"].router.routes}
    for operation, where in served.items():
        if operation not in HARNESS_ONLY:
            assert listed.get(operation) == where, operation
    # "implemented" is the route table's word alone (tests/fakes/test_dialect_skeleton.py): notes never say it
    assert set(served) - HARNESS_ONLY <= set(listed)
    assert not [op for op, _, _, note in VENDOR_OPERATIONS if "implemented" in note]
