"""Harvest v3's own operations (the WRITE/READ migration guides), the reads added to both
versions, the refusal bodies, and the web hook ping on save."""

from __future__ import annotations

import json
from typing import Any

import pytest

from fakes.world import World

from .conftest import Harvest, Receiver, make_application, make_job, make_offer, settle, stage_id


def stage_of(world: World, app_id: int) -> int:
    return int(world.ats.application(app_id)["stage_id"])


# -- POST /v3/applications ---------------------------------------------------------------
def test_post_v3_applications_creates_an_application_seen_in_reads_and_web_hooks(
        world: World, v1: Harvest, v3: Harvest, receiver: Receiver) -> None:
    first = make_application(world)
    second_job = make_job(world, "Data Engineer")
    settle(world)
    receiver.clear()
    answer = v3.post("/applications", {"candidate_id": first["candidate_id"], "job_id": second_job["id"],
                                       "initial_stage_id": stage_id(second_job, "Phone Screen")})
    assert answer.status_code == 201, answer.text
    created = answer.json()
    assert (created["candidate_id"], created["jobs"][0]["id"], created["status"]) == (
        first["candidate_id"], second_job["id"], "active")
    assert created["current_stage"]["name"] == "Phone Screen"
    # It is there for every read, v3 and v1 alike.
    assert v3.get(f"/applications/{created['id']}").json()["id"] == created["id"]
    assert created["id"] in [a["id"] for a in v3.get("/applications", params={"job_id": second_job["id"]}).json()]
    assert v3.get(f"/candidates/{first['candidate_id']}").json()["application_ids"] == [
        first["application_id"], created["id"]]
    assert created["id"] in [a["id"] for a in v1.get(f"/candidates/{first['candidate_id']}").json()["applications"]]
    # new_candidate_application fires for it (webhooks/_application_events.md).
    settle(world)
    hooks = [json.loads(r["body"]) for r in receiver.received]
    assert [(h["action"], h["payload"]["application"]["id"]) for h in hooks] == [
        ("new_candidate_application", created["id"])]


@pytest.mark.parametrize(("body", "field"), [
    ({"job_id": 1}, "candidate_id"),
    ({"candidate_id": "abc", "job_id": 1}, "candidate_id"),
    ({"candidate_id": 123456789}, "job_id"),
])
def test_post_v3_applications_refuses_what_it_cannot_create(world: World, v3: Harvest, body: dict[str, Any],
                                                            field: str) -> None:
    answer = v3.post("/applications", body)
    assert answer.status_code == 422
    assert field in {e["field"] for e in answer.json()["errors"]}
    assert not world.ats.store.table("applications")


def test_post_v3_applications_needs_an_existing_candidate_and_job(world: World, v3: Harvest) -> None:
    journey = make_application(world)
    assert v3.post("/applications", {"candidate_id": 999999, "job_id": journey["job"]["id"]}).json()["errors"] == [
        {"message": "must name an existing candidate", "field": "candidate_id"}]
    unknown_job = v3.post("/applications", {"candidate_id": journey["candidate_id"], "job_id": 31337})
    assert unknown_job.status_code == 422 and unknown_job.json()["errors"][0]["field"] == "job_id"
    twice = v3.post("/applications", {"candidate_id": journey["candidate_id"], "job_id": journey["job"]["id"]})
    assert twice.status_code == 422  # an open application on that job already exists
    assert len(world.ats.store.table("applications")) == 1


def test_v1_keeps_its_own_add_application_route(world: World, v1: Harvest, v3: Harvest) -> None:
    journey = make_application(world)
    other = make_job(world, "Data Engineer")
    assert v3.post(f"/candidates/{journey['candidate_id']}/applications", {"job_id": other["id"]}).status_code == 404
    assert v1.post(f"/candidates/{journey['candidate_id']}/applications", {"job_id": other["id"]}).status_code == 201
    assert v1.post("/applications", {"candidate_id": journey["candidate_id"], "job_id": other["id"]}
                   ).status_code == 405


# -- POST /v3/applications/{id}/move -------------------------------------------------------
def test_v3_move_without_a_target_advances_to_the_next_stage(world: World, v3: Harvest) -> None:
    journey = make_application(world)
    app, job = journey["application_id"], journey["job"]
    answer = v3.post(f"/applications/{app}/move", {})
    assert answer.status_code == 200, answer.text
    assert answer.json()["current_stage"]["name"] == "Phone Screen"
    assert stage_of(world, app) == stage_id(job, "Phone Screen")
    # from_stage_id alone: still an advance, guarded by the current stage.
    assert v3.post(f"/applications/{app}/move", {"from_stage_id": stage_id(job, "Phone Screen")}).json()[
        "current_stage"]["name"] == "Technical Interview"
    stale = v3.post(f"/applications/{app}/move", {"from_stage_id": stage_id(job, "Phone Screen")})
    assert stale.status_code == 422 and stale.json()["errors"][0]["field"] == "from_stage_id"
    assert stage_of(world, app) == stage_id(job, "Technical Interview")


def test_v3_move_with_a_target_moves_there(world: World, v3: Harvest) -> None:
    journey = make_application(world)
    app, job = journey["application_id"], journey["job"]
    answer = v3.post(f"/applications/{app}/move", {"to_stage_id": stage_id(job, "Onsite")})
    assert answer.status_code == 200 and answer.json()["current_stage"]["name"] == "Onsite"
    elsewhere = v3.post(f"/applications/{app}/move", {"to_stage_id": stage_id(job, "Offer"), "to_job_id": 424242})
    assert elsewhere.status_code == 422 and elsewhere.json()["errors"][0]["field"] == "to_job_id"
    assert v3.post(f"/applications/{app}/advance", {"from_stage_id": stage_id(job, "Onsite")}).status_code == 404


def test_v1_move_still_needs_both_stage_ids(world: World, v1: Harvest) -> None:
    journey = make_application(world)
    answer = v1.post(f"/applications/{journey['application_id']}/move", {})
    assert answer.status_code == 422
    assert {e["field"] for e in answer.json()["errors"]} == {"from_stage_id", "to_stage_id"}


# -- /v3/notes ------------------------------------------------------------------------------
def test_v3_notes_are_written_and_listed_by_candidate_and_application(world: World, v3: Harvest) -> None:
    journey = make_application(world)
    user = int(v3.env["GREENHOUSE_USER_ID"])
    on_app = v3.post("/notes", {"application_id": journey["application_id"], "user_id": user,
                                "body": "Offer letter sent", "visibility": "admin_only", "note_type": "NOTE"})
    assert on_app.status_code == 201, on_app.text
    assert (on_app.json()["type"], on_app.json()["visibility"], on_app.json()["user_id"]) == (
        "NOTE", "admin_only", user)
    assert (on_app.json()["candidate_id"], on_app.json()["application_id"]) == (
        journey["candidate_id"], journey["application_id"])
    on_candidate = v3.post("/notes", {"candidate_id": journey["candidate_id"], "user_id": user,
                                      "body": "Called back", "visibility": "private"})
    assert on_candidate.status_code == 201 and on_candidate.json()["application_id"] is None
    by_candidate = v3.get("/notes", params={"candidate_ids": str(journey["candidate_id"])}).json()
    assert [n["body"] for n in by_candidate] == ["Offer letter sent", "Called back"]
    by_app = v3.get("/notes", params={"application_ids": str(journey["application_id"])}).json()
    assert [n["body"] for n in by_app] == ["Offer letter sent"]
    assert [n["body"] for n in world.ats.notes_for(journey["candidate_id"])] == ["Offer letter sent", "Called back"]
    assert v3.get("/notes", params={"candidate_ids": "999999"}).json() == []


@pytest.mark.parametrize(("body", "field"), [
    ({"user_id": 1, "body": "x", "visibility": "public"}, "application_id"),
    ({"application_id": 999999, "user_id": 1, "body": "x", "visibility": "public"}, "application_id"),
    ({"application_id": 1, "user_id": 1, "body": "x", "visibility": "everyone"}, "visibility"),
    ({"application_id": 1, "body": "x", "visibility": "public"}, "user_id"),
    ({"application_id": 1, "user_id": 1, "body": "x", "visibility": "public", "note_type": "MEMO"}, "note_type"),
])
def test_v3_note_refusals(world: World, v3: Harvest, body: dict[str, Any], field: str) -> None:
    make_application(world)
    answer = v3.post("/notes", body)
    assert answer.status_code == 422 and field in {e["field"] for e in answer.json()["errors"]}
    assert not world.ats.store.table("notes")


def test_v1_activity_feed_routes_are_not_served_under_v3(world: World, v1: Harvest, v3: Harvest) -> None:
    journey = make_application(world)
    path = f"/candidates/{journey['candidate_id']}/activity_feed"
    assert v3.get(path).status_code == 404 and v1.get(path).status_code == 200


# -- /v3/rejection_details ------------------------------------------------------------------
def test_v3_rejection_details_are_read_and_corrected_in_their_own_resource(world: World, v3: Harvest) -> None:
    journey = make_application(world)
    app = journey["application_id"]
    assert v3.get("/rejection_details").json() == []
    assert v3.patch(f"/rejection_details/{app}", {"notes": "x"}).status_code == 404  # not rejected
    reasons = {r["name"]: r["id"] for r in v3.get("/rejection_reasons").json()}
    first, other = list(reasons.values())[:2]
    assert v3.post(f"/applications/{app}/reject", {"rejection_reason_id": first, "notes": "n1"}).status_code == 200
    listed = v3.get("/rejection_details", params={"application_ids": str(app)}).json()
    assert [(d["application_id"], d["rejection_reason"]["id"], d["notes"]) for d in listed] == [(app, first, "n1")]
    fixed = v3.patch(f"/rejection_details/{app}", {"rejection_reason_id": other, "notes": "corrected"})
    assert fixed.status_code == 200 and (fixed.json()["rejection_reason"]["id"], fixed.json()["notes"]) == (
        other, "corrected")
    assert world.ats.application(app)["rejection_reason_id"] == other
    assert world.ats.application(app)["status"] == "rejected"
    assert v3.patch(f"/rejection_details/{app}", {"custom_fields": []}).status_code == 422


# -- /v3/offers ------------------------------------------------------------------------------
def test_v3_offers_by_application(world: World, v3: Harvest) -> None:
    journey = make_application(world)
    app = journey["application_id"]
    make_offer(world, app)
    world.act("ats.update_offer", application_id=app, salary="105000")
    listed = v3.get("/offers", params={"application_ids": str(app)}).json()
    assert [(o["version"], o["status"]) for o in listed] == [(1, "deprecated"), (2, "unresolved")]
    assert v3.get("/offers", params={"application_ids": "999999"}).json() == []
    old = listed[0]["id"]
    refused = v3.patch(f"/offers/{old}", {"custom_fields": [{"name_key": "signature_status", "value": "sent"}]})
    assert refused.status_code == 422
    assert v3.get(f"/applications/{app}/offers/current_offer").status_code == 404


# -- the salary field: each surface its own shape ---------------------------------------------
def test_currency_field_is_value_currency_on_harvest_and_amount_unit_on_web_hooks(
        world: World, v1: Harvest, v3: Harvest, receiver: Receiver) -> None:
    journey = make_application(world)
    make_offer(world, journey["application_id"], salary="98000.50", currency="GBP")
    settle(world)
    hook = next(json.loads(r["body"]) for r in receiver.received if json.loads(r["body"])["action"] == "offer_created")
    assert hook["payload"]["custom_fields"]["salary"]["value"] == {"amount": 98000.5, "unit": "GBP"}
    for client in (v1, v3):
        offer = client.get("/offers", params={"status": "unresolved"}).json()[0]
        assert offer["custom_fields"]["salary"] == {"value": 98000.5, "currency": "GBP"}
        assert offer["keyed_custom_fields"]["salary"]["value"] == {"value": 98000.5, "currency": "GBP"}


# -- reads added on both versions -----------------------------------------------------------
@pytest.mark.parametrize("version", ["v1", "v3"])
def test_custom_fields_offices_departments(world: World, version: str) -> None:
    client = Harvest(world, version)
    make_application(world)
    offer_fields = client.get("/custom_fields", params={"field_type": "offer"}).json()
    keys = {f["name_key"]: f for f in offer_fields}
    assert {"salary", "pay_period", "signature_status"} <= set(keys)
    assert keys["salary"]["value_type"] == "currency" and keys["salary"]["private"] is True
    assert all(f["field_type"] == "offer" for f in offer_fields)
    assert client.get("/custom_fields", params={"field_type": "nope"}).status_code == 422
    offices = client.get("/offices").json()
    assert [o["name"] for o in offices] == ["New York"]
    assert client.get(f"/offices/{offices[0]['id']}").json() == offices[0]
    departments = client.get("/departments").json()
    assert [d["name"] for d in departments] == ["Engineering"]
    assert client.get(f"/departments/{departments[0]['id']}").json() == departments[0]
    assert client.get("/offices/999999").status_code == 404
    if version == "v1":
        by_type = client.get("/custom_fields/offer").json()
        assert by_type == offer_fields
        assert client.get(f"/custom_field/{keys['salary']['id']}").json() == keys["salary"]


def test_openings_interviews_attachments(world: World, v1: Harvest, v3: Harvest) -> None:
    journey = make_application(world)
    job = journey["job"]
    v1_openings = v1.get(f"/jobs/{job['id']}/openings").json()
    assert v1_openings and all(o["status"] == "open" for o in v1_openings)
    assert v1.get(f"/jobs/{job['id']}/openings/{v1_openings[0]['id']}").json() == v1_openings[0]
    assert v1.get(f"/jobs/{job['id']}/openings", params={"status": "closed"}).json() == []
    v3_openings = v3.get("/openings", params={"job_ids": str(job["id"])}).json()
    assert [o["id"] for o in v3_openings] == [o["id"] for o in v1_openings]
    assert all(o["job_id"] == job["id"] for o in v3_openings)
    # No interview is scheduled inside Greenhouse here, and candidates carry no files.
    assert v1.get("/scheduled_interviews").json() == []
    assert v1.get(f"/applications/{journey['application_id']}/scheduled_interviews").json() == []
    assert v1.get("/applications/999999/scheduled_interviews").status_code == 404
    assert v3.get("/interviews").json() == []
    assert v3.get("/attachments", params={"candidate_ids": str(journey["candidate_id"])}).json() == []
    assert v3.get("/attachments", params={"candidate_ids": "a"}).status_code == 422


# -- refusal bodies as documented -------------------------------------------------------------
def test_refusal_bodies_carry_only_the_documented_keys(world: World, v1: Harvest, v3: Harvest) -> None:
    """422: ``{"message": "Validation error", "errors": [{"message", "field"}]}`` (harvest/_introduction.md,
    "Validation"), nothing else at the top level; other refusals ``{"message"}``."""
    journey = make_application(world)
    refusals = [
        v1.post("/candidates", {"first_name": 7}),
        v3.post("/applications", {}),
        v3.post(f"/applications/{journey['application_id']}/unreject", {}),
        v3.post(f"/applications/{journey['application_id']}/move", {"to_stage_id": 1}),
        v3.post("/notes", {"application_id": journey["application_id"]}),
        v1.get("/candidates", params={"per_page": "0"}),
    ]
    for answer in refusals:
        assert answer.status_code == 422, answer.text
        body = answer.json()
        assert set(body) == {"message", "errors"} and body["message"] == "Validation error", body
        assert body["errors"] and all(set(e) == {"message", "field"} for e in body["errors"]), body
    for answer in (v3.get("/applications/999999"), v3.patch("/offers/999999", {})):
        assert (answer.status_code, answer.json()) == (404, {"message": "Resource not found"})


# -- web hook ping on save ----------------------------------------------------------------------
def test_saving_a_web_hook_pings_it_and_a_good_ping_leaves_it_enabled(world: World, receiver: Receiver) -> None:
    greenhouse = world.fakes["greenhouse"]
    ping = greenhouse.save_webhook(receiver.url)
    settle(world)
    assert ping.done and ping.state == "delivered" and greenhouse.webhooks.state() == "enabled"
    first = receiver.received[0]
    assert json.loads(first["body"])["action"] == "ping"
    assert first["headers"]["Signature"].startswith("sha256 ")
    make_application(world)
    settle(world)
    assert receiver.actions() == ["ping", "new_candidate_application"]


def test_a_failed_ping_leaves_the_hook_disabled_until_enabled_by_hand(world: World, receiver: Receiver) -> None:
    greenhouse = world.fakes["greenhouse"]
    receiver.status = 500
    ping = greenhouse.save_webhook(receiver.url)
    settle(world)
    assert ping.state == "failed" and len(ping.attempts) == 1  # no retries for a ping
    assert greenhouse.webhooks.state() == "disabled"
    receiver.status = 200
    make_application(world)
    settle(world)
    assert receiver.actions() == ["ping"]  # "If a webhook is disabled, it will not trigger"
    assert [d.event for d in world.hub.dispatcher.deliveries(fake="greenhouse")] == ["ping"]
    greenhouse.webhooks.enable()
    make_application(world, email="grace@example.com", first_name="Grace")
    settle(world)
    assert receiver.actions() == ["ping", "new_candidate_application"]


def test_a_ping_that_cannot_connect_disables_the_hook(world: World) -> None:
    greenhouse = world.fakes["greenhouse"]
    greenhouse.save_webhook("http://127.0.0.1:9/nothing-listens-here")
    settle(world, timeout=20)
    assert greenhouse.webhooks.state() == "disabled"
