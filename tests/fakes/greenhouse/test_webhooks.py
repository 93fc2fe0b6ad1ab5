"""Greenhouse web hooks: every event's payload, the signature over the exact bytes, retries."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from fakes.ats.greenhouse.webhooks import ACTIONS
from fakes.world import World

from .conftest import Receiver, make_application, make_offer, settle, verify_signature

SECRET_DEFAULT = "gh-webhook-secret-harness-default"


def sent(world: World) -> list[dict[str, Any]]:
    """The bodies the fake sent, in the order the events happened (arrival order is not guaranteed)."""
    return [json.loads(d.body) for d in world.hub.dispatcher.deliveries(fake="greenhouse")]


def payloads(receiver: Receiver, action: str, world: World) -> list[dict[str, Any]]:
    received = sorted(r["body"] for r in receiver.received)
    assert received == sorted(d.body for d in world.hub.dispatcher.deliveries(fake="greenhouse"))
    return [body["payload"] for body in sent(world) if body["action"] == action]


def full_journey(world: World) -> dict[str, Any]:
    """Drive the ATS through every event the fake announces."""
    journey = make_application(world)
    app, cand = journey["application_id"], journey["candidate_id"]
    world.act("ats.advance", application_id=app)
    world.act("ats.update_application", application_id=app, source="Referral")
    world.act("ats.update_candidate", candidate_id=cand, title="Engineer")
    make_offer(world, app)
    world.act("ats.approve_offer", application_id=app)
    world.act("ats.update_offer", application_id=app, salary="104000.00")
    world.act("ats.hire", application_id=app, start_date="2026-04-13")
    other = world.act("ats.apply", job_id=journey["job"]["id"], first_name="Bo", last_name="B", email="b@example.com")
    world.act("ats.reject", application_id=other["application_id"], reason="Candidate withdrew")
    world.act("ats.unreject", application_id=other["application_id"])
    make_offer(world, other["application_id"])
    world.act("ats.delete_offer", application_id=other["application_id"])
    world.act("ats.delete_application", application_id=other["application_id"])
    settle(world)
    return {**journey, "other": other}


def test_every_event_is_sent_signed_with_its_headers(world: World, receiver: Receiver) -> None:
    full_journey(world)
    assert [body["action"] for body in sent(world)] == [
        "new_candidate_application", "candidate_stage_change", "application_updated", "update_candidate",
        "offer_created", "offer_approved", "offer_updated", "offer_created", "offer_updated", "hire_candidate",
        "new_candidate_application", "reject_candidate", "unreject_candidate", "offer_created", "offer_deleted",
        "delete_application",
    ]
    assert sorted(receiver.actions()) == sorted(body["action"] for body in sent(world))
    assert set(receiver.actions()) == set(ACTIONS)
    event_ids = set()
    for request in receiver.received:
        headers = request["headers"]
        verify_signature(SECRET_DEFAULT, headers.get("Signature"), request["body"])
        assert headers["Content-Type"] == "application/json" and headers["User-Agent"] == "Greenhouse"
        event_ids.add(headers["Greenhouse-Event-ID"])
        assert request["path"] == "/greenhouse-hooks"
    assert len(event_ids) == len(receiver.received)


def test_application_event_shapes(world: World, receiver: Receiver) -> None:
    journey = full_journey(world)
    created = payloads(receiver, "new_candidate_application", world)[0]["application"]
    assert created["id"] == journey["application_id"] and created["status"] == "active"
    assert created["source"]["name"] == "LinkedIn" and "public_name" not in created["source"]
    assert created["candidate"]["email_addresses"] == [{"value": "ada@example.com", "type": "personal"}]
    assert created["candidate"]["custom_fields"]["harness_journey"] == {
        "name": "Harness Journey", "type": "short_text", "value": "journey-1"}
    job = created["jobs"][0]
    assert (job["name"], job["departments"][0]["name"], job["offices"][0]["name"]) == (
        "Backend Engineer", "Engineering", "New York")
    assert job["hiring_team"]["hiring_managers"][0]["user_id"] == journey["job"]["hiring_managers"][0]
    stage_change = payloads(receiver, "candidate_stage_change", world)[0]["application"]
    assert stage_change["current_stage"]["name"] == "Phone Screen"
    assert stage_change["current_stage"]["interviews"][0]["status"] == "to_be_scheduled"
    assert "hiring_team" not in stage_change["jobs"][0] and "previous_stage" not in stage_change
    assert stage_change["applied_at"] == "2026-03-02T09:00:00Z"  # no milliseconds in web hooks
    rejected = payloads(receiver, "reject_candidate", world)[0]["application"]
    assert (rejected["status"], rejected["rejection_reason"]["name"]) == ("rejected", "Candidate withdrew")
    assert rejected["rejection_reason"]["type"]["name"] == "They rejected us"
    assert set(rejected["source"]) == {"id", "public_name"}  # as this event's documented example has it
    unrejected = payloads(receiver, "unreject_candidate", world)[0]["application"]
    assert (unrejected["status"], unrejected["rejected_at"], unrejected["rejection_reason"]) == ("active", None, None)
    assert payloads(receiver, "application_updated", world)[0]["application"]["source"]["name"] == "Referral"
    assert payloads(receiver, "update_candidate", world)[0]["candidate"]["title"] == "Engineer"
    deleted = payloads(receiver, "delete_application", world)[0]["application"]
    assert deleted["id"] == journey["other"]["application_id"] and deleted["candidate_id"] == (
        journey["other"]["candidate_id"])
    assert deleted["prospect"] is False and "candidate_rejection_reason_id" in deleted


def test_offer_and_hire_event_shapes(world: World, receiver: Receiver) -> None:
    journey = full_journey(world)
    first, approved = payloads(receiver, "offer_created", world)[0], payloads(receiver, "offer_approved", world)[0]
    assert (first["version"], first["offer_status"], first["start_date"]) == (1, "Created", "04/06/2026")
    assert first["application_id"] == journey["application_id"] and approved["id"] == first["id"]
    assert first["custom_fields"]["salary"] == {"name": "Salary", "type": "currency",
                                                "value": {"amount": 103000.0, "unit": "USD"}}
    deprecated, accepted = payloads(receiver, "offer_updated", world)
    assert (deprecated["id"], deprecated["offer_status"]) == (first["id"], "Deprecated")
    second = payloads(receiver, "offer_created", world)[1]
    assert (second["version"], accepted["id"], accepted["offer_status"]) == (2, second["id"], "Accepted")
    hired = payloads(receiver, "hire_candidate", world)[0]["application"]
    assert (hired["id"], hired["status"]) == (journey["application_id"], "hired")
    assert hired["offer"]["starts_at"] == "2026-04-13" and hired["offer"]["version"] == 2
    assert hired["offer"]["custom_fields"]["salary"]["value"] == {"amount": 104000.0, "unit": "USD"}
    assert hired["job"]["name"] == hired["jobs"][0]["name"] == "Backend Engineer"
    assert set(hired["source"]) == {"id", "public_name"}
    removed = payloads(receiver, "offer_deleted", world)[0]
    assert set(removed) == {"offer"} and removed["offer"]["offer_status"] == "Created"
    raw = next(r["body"] for r in receiver.received if b'"offer_approved"' in r["body"])
    assert b'"amount":103000.00' in raw  # the exact decimal on the wire


def test_unicode_and_html_are_escaped_in_the_signed_bytes(world: World, receiver: Receiver) -> None:
    make_application(world, first_name="Zoë", last_name="O'Brien-Nuñez <b>&</b>")
    settle(world)
    request = receiver.received[0]
    body = request["body"]
    assert body.isascii()
    assert b"Zo\\u00eb" in body and b"Nu\\u00f1ez \\u003cb\\u003e\\u0026\\u003c/b\\u003e" in body
    verify_signature(SECRET_DEFAULT, request["headers"]["Signature"], body)
    candidate = json.loads(body)["payload"]["application"]["candidate"]
    assert (candidate["first_name"], candidate["last_name"]) == ("Zoë", "O'Brien-Nuñez <b>&</b>")


def test_the_secret_and_url_come_from_the_admin_settings(world: World, receiver: Receiver) -> None:
    world.hub.settings["greenhouse.webhook_secret"] = "s3cr3t"
    assert world.contract_env()["GREENHOUSE_WEBHOOK_SECRET"] == "s3cr3t"
    make_application(world)
    settle(world)
    verify_signature("s3cr3t", receiver.received[0]["headers"]["Signature"], receiver.received[0]["body"])
    with pytest.raises(AssertionError):
        verify_signature(SECRET_DEFAULT, receiver.received[0]["headers"]["Signature"], receiver.received[0]["body"])
    world.hub.settings["greenhouse.webhook_events"] = ["reject_candidate"]
    journey = make_application(world, email="x@example.com")
    world.act("ats.advance", application_id=journey["application_id"])
    world.act("ats.reject", application_id=journey["application_id"])
    settle(world)
    assert sorted(receiver.actions()) == ["new_candidate_application", "reject_candidate"]


def test_no_url_no_delivery(world: World, receiver: Receiver) -> None:
    del world.hub.settings["greenhouse.webhook_url"]
    make_application(world)
    settle(world)
    assert world.hub.dispatcher.deliveries(fake="greenhouse") == [] and receiver.received == []


def test_retry_schedule_on_the_virtual_clock(world: World, receiver: Receiver) -> None:
    receiver.status = 500
    start = world.hub.clock.now()
    make_application(world)
    [delivery] = world.hub.dispatcher.deliveries(fake="greenhouse")
    expected_at = [start]
    for wait_minutes in (1, 15, 60, 120, 240, 480):
        attempts = len(expected_at)
        assert world.wait_until(lambda: len(delivery.attempts) == attempts and delivery.state == "retrying",  # noqa: B023
                                5), delivery.as_dict(body=False)
        assert delivery.next_at == expected_at[-1] + timedelta(minutes=wait_minutes)
        world.hub.clock.advance(timedelta(minutes=wait_minutes) - timedelta(seconds=1))
        assert len(delivery.attempts) == len(expected_at)  # not a second early
        world.hub.clock.advance(1)
        expected_at.append(expected_at[-1] + timedelta(minutes=wait_minutes))
    assert world.wait_until(lambda: delivery.state == "failed", 5)
    assert [a["at"] for a in delivery.attempts] == [t.isoformat() for t in expected_at]
    assert len(delivery.attempts) == 7 and expected_at[-1] - start == timedelta(hours=15, minutes=16)
    assert len({r["headers"]["Greenhouse-Event-ID"] for r in receiver.received}) == 1  # one delivery, retried
    for request in receiver.received:
        verify_signature(SECRET_DEFAULT, request["headers"]["Signature"], request["body"])


@pytest.mark.parametrize("status", [201, 204, 301, 410])
def test_only_200_counts_as_delivered(world: World, receiver: Receiver, status: int) -> None:
    receiver.status = status
    make_application(world)
    [delivery] = world.hub.dispatcher.deliveries(fake="greenhouse")
    assert world.wait_until(lambda: delivery.state == "retrying", 5), delivery.as_dict(body=False)
    assert delivery.attempts[0]["status"] == status
    receiver.status = 200
    world.hub.clock.advance(60)
    assert world.wait_until(lambda: delivery.state == "delivered", 5)
    assert [a["status"] for a in delivery.attempts] == [status, 200]
