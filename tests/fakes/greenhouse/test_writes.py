"""Every Harvest write endpoint, over v1 (and v3 where the version matters)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fakes.world import World

from .conftest import Harvest, make_application, make_job, make_offer, stage_id


def test_create_candidate_with_applications(world: World, v1: Harvest) -> None:
    job, other = make_job(world), make_job(world, "Data Engineer")
    answer = v1.post("/candidates", {
        "first_name": "Zoë", "last_name": "O'Brien-Nuñez", "company": "Acme", "is_private": "false",
        "email_addresses": [{"value": "zoe@example.com", "type": "personal"}],
        "phone_numbers": [{"value": "+44 20 7946 0000", "type": "mobile"}], "tags": ["Python"],
        "custom_fields": [{"name_key": "harness_journey", "value": "j-42"}],
        "recruiter": {"email": "rae@example.com"},
        "activity_feed_notes": [{"user_id": v1.env["GREENHOUSE_USER_ID"], "body": "Met at PyCon",
                                 "visibility": "public"}],
        "applications": [{"job_id": job["id"]}, {"job_id": other["id"], "initial_stage_id": other["stages"][2]["id"]}],
    })
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert (body["first_name"], body["last_name"], body["company"]) == ("Zoë", "O'Brien-Nuñez", "Acme")
    assert body["custom_fields"]["harness_journey"] == "j-42"
    assert body["recruiter"]["name"] == "Rae Cruiter"
    assert [a["current_stage"]["name"] for a in body["applications"]] == ["Application Review",
                                                                          "Technical Interview"]
    assert len(body["application_ids"]) == 2
    assert [n["body"] for n in world.ats.notes_for(body["id"])] == ["Met at PyCon"]
    assert world.ats.candidate(body["id"])["email_addresses"] == [{"value": "zoe@example.com", "type": "personal"}]


def test_create_candidate_refusals_write_nothing(world: World, v1: Harvest) -> None:
    closed = world.act("ats.create_job", title="Old", department="X", office="Y", stages=["A"],
                       hiring_manager=int(v1.env["GREENHOUSE_USER_ID"]), status="closed")
    answer = v1.post("/candidates", {"first_name": "A", "last_name": "B", "applications": [{"job_id": closed["id"]}]})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "job_id"
    assert not world.ats.store.table("candidates")


def test_edit_candidate(world: World, v1: Harvest) -> None:
    journey = make_application(world)
    answer = v1.patch(f"/candidates/{journey['candidate_id']}", {
        "first_name": "Augusta Ada", "email_addresses": [{"value": "ada@work.example", "type": "work"}],
        "custom_fields": [{"name_key": "harness_journey", "delete_value": "true"}]})
    assert answer.status_code == 200
    assert answer.json()["first_name"] == "Augusta Ada"
    assert answer.json()["email_addresses"] == [{"value": "ada@work.example", "type": "work"}]
    assert answer.json()["keyed_custom_fields"]["harness_journey"] == {
        "name": "Harness Journey", "type": "short_text", "value": None}
    assert v1.patch(f"/candidates/{journey['candidate_id']}", {"custom_fields": [{"name_key": "nope", "value": 1}]}
                    ).status_code == 422


def test_add_application_is_a_reapplication(world: World, v1: Harvest) -> None:
    journey = make_application(world)
    job = journey["job"]
    duplicate = v1.post(f"/candidates/{journey['candidate_id']}/applications", {"job_id": job["id"]})
    assert duplicate.status_code == 422 and "already applied" in duplicate.json()["errors"][0]["message"]
    world.act("ats.reject", application_id=journey["application_id"])
    again = v1.post(f"/candidates/{journey['candidate_id']}/applications",
                    {"job_id": job["id"], "source_id": world.ats.store.table("sources").first(name="Referral")["id"]})
    assert again.status_code == 201
    assert (again.json()["source"]["public_name"], again.json()["status"]) == ("Referral", "active")
    assert again.json()["id"] != journey["application_id"]
    prospect = v1.post(f"/candidates/{journey['candidate_id']}/applications", {"prospect": True, "job_ids": []})
    assert prospect.status_code == 422


def test_add_note_and_read_the_activity_feed(world: World, v1: Harvest) -> None:
    journey = make_application(world)
    path = f"/candidates/{journey['candidate_id']}/activity_feed"
    note = v1.post(path + "/notes", {"user_id": v1.env["GREENHOUSE_USER_ID"], "body": "<b>Offer</b> sent",
                                     "visibility": "admin_only"})
    assert note.status_code == 201
    assert {k: note.json()[k] for k in ("body", "visibility", "visiblity", "private")} == {
        "body": "<b>Offer</b> sent", "visibility": "admin_only", "visiblity": "admin_only", "private": False}
    assert note.json()["user"]["id"] == int(v1.env["GREENHOUSE_USER_ID"])
    bad = v1.post(path + "/notes", {"user_id": 1, "body": "", "visibility": "all"})
    assert {e["field"] for e in bad.json()["errors"]} == {"body", "visibility"}
    feed = v1.get(path).json()
    assert [n["body"] for n in feed["notes"]] == ["<b>Offer</b> sent"] and feed["emails"] == []


def test_update_application(world: World, v1: Harvest) -> None:
    journey = make_application(world)
    referral = world.ats.store.table("sources").first(name="Referral")["id"]
    answer = v1.patch(f"/applications/{journey['application_id']}", {"source_id": referral})
    assert answer.status_code == 200 and answer.json()["source"] == {"id": referral, "public_name": "Referral"}
    refused = v1.patch(f"/applications/{journey['application_id']}", {"rejection_details": {"custom_fields": []}})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "rejection_details"


def test_delete_application(world: World, v1: Harvest) -> None:
    journey = make_application(world)
    answer = v1.delete(f"/applications/{journey['application_id']}")
    assert answer.json() == {"message": f"Application {journey['application_id']} has been deleted."}
    assert v1.get(f"/applications/{journey['application_id']}").status_code == 404
    assert v1.get(f"/candidates/{journey['candidate_id']}").json()["application_ids"] == []


def test_advance_move_backward_and_stage_checks(world: World, v1: Harvest) -> None:
    journey = make_application(world)
    job, app = journey["job"], journey["application_id"]
    advanced = v1.post(f"/applications/{app}/advance", {"from_stage_id": stage_id(job, "Application Review")})
    assert advanced.json()["current_stage"] == {"id": stage_id(job, "Phone Screen"), "name": "Phone Screen"}
    forward = v1.post(f"/applications/{app}/move", {"from_stage_id": stage_id(job, "Phone Screen"),
                                                    "to_stage_id": stage_id(job, "Offer")})
    back = v1.post(f"/applications/{app}/move", {"from_stage_id": stage_id(job, "Offer"),
                                                 "to_stage_id": stage_id(job, "Phone Screen")})
    assert (forward.json()["current_stage"]["name"], back.json()["current_stage"]["name"]) == ("Offer", "Phone Screen")
    stale = v1.post(f"/applications/{app}/move", {"from_stage_id": stage_id(job, "Offer"),
                                                  "to_stage_id": stage_id(job, "Onsite")})
    assert stale.status_code == 422 and stale.json()["errors"][0]["field"] == "from_stage_id"
    missing = v1.post(f"/applications/{app}/move", {"to_stage_id": "x"})
    assert {e["field"] for e in missing.json()["errors"]} == {"from_stage_id", "to_stage_id"}
    assert [h["stage_name"] for h in world.ats.stage_history(app)] == [
        "Application Review", "Phone Screen", "Offer", "Phone Screen"]


def test_reject_and_unreject(world: World, v1: Harvest) -> None:
    journey = make_application(world)
    app = journey["application_id"]
    reason = world.ats.store.table("rejection_reasons").first(name="Hired another candidate")
    rejected = v1.post(f"/applications/{app}/reject", {"rejection_reason_id": reason["id"], "notes": "Filled",
                                                       "rejection_email": {"email_template_id": 3}})
    assert rejected.status_code == 200
    body = rejected.json()
    assert (body["status"], body["rejection_reason"]["name"], body["rejection_reason"]["type"]["name"]) == (
        "rejected", "Hired another candidate", "We rejected them")
    assert body["rejected_at"] is not None and body["current_stage"]["name"] == "Application Review"
    again = v1.post(f"/applications/{app}/reject", None)
    assert again.status_code == 422
    unrejected = v1.post(f"/applications/{app}/unreject", None)
    assert (unrejected.json()["status"], unrejected.json()["rejected_at"], unrejected.json()["rejection_reason"]) == (
        "active", None, None)
    bad_email = v1.post(f"/applications/{app}/reject", {"rejection_email": {"send_email_at": "2026-01-01T00:00:00Z"}})
    assert bad_email.json()["errors"][0]["field"] == "rejection_email.email_template_id"


def test_hire_sets_current_stage_null_and_accepts_the_offer(world: World, v1: Harvest) -> None:
    journey = make_application(world)
    app = journey["application_id"]
    assert v1.post(f"/applications/{app}/hire", {}).status_code == 422  # no offer yet
    make_offer(world, app)
    hired = v1.post(f"/applications/{app}/hire", {"start_date": "2026-04-13"})
    assert hired.status_code == 200
    assert (hired.json()["status"], hired.json()["current_stage"]) == ("hired", None)
    offer = v1.get(f"/applications/{app}/offers/current_offer").json()
    assert (offer["status"], offer["starts_at"]) == ("accepted", "2026-04-13")
    assert v1.post(f"/applications/{app}/hire", {"start_date": "13/04/2026"}).json()["errors"][0]["field"] == (
        "start_date")


@pytest.mark.parametrize("version", ["v1", "v3"])
def test_update_current_offer_custom_fields(world: World, version: str) -> None:
    """v1 edits ``.../offers/current_offer``; v3 edits ``/v3/offers/{id}`` and answers the offer."""
    client = Harvest(world, version)
    journey = make_application(world)
    app = journey["application_id"]
    offer_id = make_offer(world, app)["id"]
    path = f"/applications/{app}/offers/current_offer" if version == "v1" else f"/offers/{offer_id}"
    answer = client.patch(path, {
        "start_date": "2026-05-01T00:00:00Z", "sent_at": "2026-03-03",
        "custom_fields": [{"name_key": "signature_status", "value": "sent"},
                          {"name_key": "salary", "value": "104500.50", "unit": "EUR"},
                          {"id": world.ats.field("offer", "pay_period")["id"], "value": "month"}]})
    if version == "v1":
        assert (answer.status_code, answer.json()) == (200, {"success": True})
    else:
        assert answer.status_code == 200 and answer.json()["keyed_custom_fields"]["salary"]["value"] == {
            "value": 104500.5, "currency": "EUR"}
    offer = world.ats.offer_for(app)
    assert offer["version"] == 1 and offer["starts_at"].isoformat() == "2026-05-01"
    assert offer["custom_fields"]["salary"] == {"amount": Decimal("104500.50"), "unit": "EUR"}
    assert (offer["custom_fields"]["signature_status"], offer["custom_fields"]["pay_period"]) == ("sent", "month")
    bad = client.patch(path, {"custom_fields": [
        {"name_key": "salary", "value": 5}, {"name_key": "pay_period", "value": "weekly"}]})
    assert bad.status_code == 422
    assert world.ats.offer_for(app)["custom_fields"]["pay_period"] == "month"


def test_offers_of_hired_candidates_cannot_be_updated(world: World, v1: Harvest) -> None:
    journey = make_application(world)
    app = journey["application_id"]
    make_offer(world, app)
    world.act("ats.hire", application_id=app)
    answer = v1.patch(f"/applications/{app}/offers/current_offer", {"custom_fields": [
        {"name_key": "signature_status", "value": "completed"}]})
    assert answer.status_code == 422 and "hired" in answer.json()["errors"][0]["message"]
    assert world.ats.offer_for(app)["custom_fields"]["signature_status"] is None


def test_v3_writes_use_the_same_rules(world: World, v3: Harvest) -> None:
    journey = make_application(world)
    job, app = journey["job"], journey["application_id"]
    moved = v3.post(f"/applications/{app}/move", {"from_stage_id": stage_id(job, "Application Review"),
                                                  "to_stage_id": stage_id(job, "Onsite")})
    assert moved.status_code == 200 and moved.json()["current_stage"]["name"] == "Onsite"
    assert v3.post(f"/applications/{app}/unreject", {}).status_code == 422
