"""Harvest read endpoints: object shapes as Harvest documents them, filters, v1 and v3 alike."""

from __future__ import annotations

import json
import re

import pytest

from fakes.world import World

from .conftest import Harvest, make_application, make_job, make_offer

MILLIS_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


def test_application_shape(world: World, v1: Harvest) -> None:
    journey = make_application(world)
    app = v1.get(f"/applications/{journey['application_id']}").json()
    assert set(app) >= {"id", "candidate_id", "prospect", "applied_at", "rejected_at", "last_activity_at", "location",
                        "source", "credited_to", "recruiter", "coordinator", "rejection_reason", "rejection_details",
                        "jobs", "job_post_id", "status", "current_stage", "answers", "prospective_office",
                        "prospective_department", "prospect_detail", "custom_fields", "keyed_custom_fields",
                        "attachments"}
    assert MILLIS_Z.match(app["applied_at"]) and app["applied_at"] == "2026-03-02T09:00:00.000Z"
    assert app["rejected_at"] is None and app["rejection_reason"] is None  # nulls, never missing
    assert app["source"] == {"id": app["source"]["id"], "public_name": "LinkedIn"}
    assert app["jobs"] == [{"id": journey["job"]["id"], "name": "Backend Engineer"}]
    assert app["credited_to"]["name"] == "Rae Cruiter" and set(app["credited_to"]) == {
        "id", "first_name", "last_name", "name", "employee_id"}


def test_candidate_shape_and_custom_fields(world: World, v1: Harvest) -> None:
    journey = make_application(world)
    cand = v1.get(f"/candidates/{journey['candidate_id']}").json()
    assert cand["email_addresses"][0]["value"] == "ada@example.com"
    assert cand["phone_numbers"] == [{"value": "+1 555 0100", "type": "mobile"}]
    assert cand["application_ids"] == [journey["application_id"]]
    assert cand["applications"][0]["id"] == journey["application_id"]
    assert cand["custom_fields"] == {"harness_journey": "journey-1"}
    assert cand["keyed_custom_fields"] == {
        "harness_journey": {"name": "Harness Journey", "type": "short_text", "value": "journey-1"}}
    assert cand["photo_url"] is None and cand["is_private"] is False


def test_job_stages_and_hiring_manager_email(world: World, v1: Harvest) -> None:
    job = make_job(world)
    body = v1.get(f"/jobs/{job['id']}").json()
    assert (body["name"], body["departments"][0]["name"], body["offices"][0]["name"]) == (
        "Backend Engineer", "Engineering", "New York")
    manager = body["hiring_team"]["hiring_managers"][0]
    assert v1.get(f"/users/{manager['id']}").json()["primary_email_address"] == "hana@example.com"
    assert body["hiring_team"]["recruiters"][0]["responsible"] is True
    stages = v1.get(f"/jobs/{job['id']}/stages").json()
    assert [(s["name"], s["priority"], s["job_id"]) for s in stages] == [
        (s["name"], i, job["id"]) for i, s in enumerate(job["stages"])]
    one = v1.get(f"/job_stages/{stages[1]['id']}").json()
    assert one["name"] == "Phone Screen" and one["interviews"][0]["name"] == "Phone Screen"
    assert len(v1.get("/job_stages").json()) == len(stages)
    assert [j["id"] for j in v1.get("/jobs", params={"status": "open"}).json()] == [job["id"]]
    assert v1.get("/jobs", params={"status": "closed"}).json() == []
    assert v1.get("/users", params={"email": "HANA@example.com"}).json()[0]["emails"] == ["hana@example.com"]


def test_offer_shape_keeps_money_exact(world: World, v1: Harvest) -> None:
    journey = make_application(world)
    app = journey["application_id"]
    make_offer(world, app, salary="103000.10", hours_per_week="37.5", currency="USD")
    raw = v1.get(f"/applications/{app}/offers/current_offer")
    assert b'"value":103000.10,"currency":"USD"' in raw.content and b'"hours_per_week":37.5' in raw.content
    offer = raw.json()
    assert (offer["status"], offer["version"], offer["starts_at"], offer["sent_at"]) == (
        "unresolved", 1, "2026-04-06", None)
    # Harvest's currency shape (harvest/_offers.md, List Offers examples), not the web hooks' {amount, unit}.
    assert offer["keyed_custom_fields"]["salary"] == {"name": "Salary", "type": "currency",
                                                      "value": {"value": 103000.1, "currency": "USD"}}
    assert json.loads(raw.content, parse_float=str)["custom_fields"]["salary"]["value"] == "103000.10"
    assert offer["custom_fields"]["employment_type"] == "Full-time"
    assert offer["opening"]["status"] == "open"
    world.act("ats.update_offer", application_id=app, salary="105000")
    versions = v1.get(f"/applications/{app}/offers").json()
    assert [(o["version"], o["status"]) for o in versions] == [(1, "deprecated"), (2, "unresolved")]
    assert v1.get(f"/offers/{versions[0]['id']}").json()["status"] == "deprecated"
    listed = v1.get("/offers", params={"status": "unresolved", "starts_after": "2026-04-01"}).json()
    assert [o["id"] for o in listed] == [versions[1]["id"]]
    assert v1.get("/offers", params={"starts_before": "2026-04-01"}).json() == []
    assert v1.get("/offers", params={"sent_after": "April"}).status_code == 422


def test_scorecards(world: World, v1: Harvest) -> None:
    journey = make_application(world)
    app = journey["application_id"]
    world.act("ats.advance", application_id=app)
    card = world.act("ats.submit_scorecard", application_id=app, interviewer_user_id=world.ats.admin_id,
                     overall_recommendation="yes")
    listed = v1.get(f"/applications/{app}/scorecards").json()
    assert [c["id"] for c in listed] == [card["id"]]
    one = v1.get(f"/scorecards/{card['id']}").json()
    assert (one["overall_recommendation"], one["interview_step"]["name"], one["interviewer"]["id"]) == (
        "yes", "Phone Screen", world.ats.admin_id)
    assert len(v1.get("/scorecards").json()) == 1


def test_candidate_filters(world: World, v1: Harvest) -> None:
    first = make_application(world)
    other_job = make_job(world, "Designer")
    world.hub.clock.advance(60)
    second = world.act("ats.apply", job_id=other_job["id"], first_name="Bo", last_name="B", email="bo@example.com")
    def ids(**params: str) -> list[int]:
        return [c["id"] for c in v1.get("/candidates", params=params).json()]
    assert ids(email="BO@example.com") == [second["candidate_id"]]
    assert ids(job_id=str(first["job"]["id"])) == [first["candidate_id"]]
    assert ids(created_after="2026-03-02T09:00:30Z") == [second["candidate_id"]]
    assert ids(created_before="2026-03-02T09:00:30Z") == [first["candidate_id"]]
    assert ids(candidate_ids=f"{second['candidate_id']},1") == [second["candidate_id"]]
    assert ids(candidate_ids=str(first["candidate_id"]), email="bo@example.com") == [second["candidate_id"]]
    assert v1.get("/candidates", params={"candidate_ids": "1,x"}).status_code == 422
    assert v1.get("/candidates", params={"job_id": "abc"}).status_code == 422


def test_sources_and_rejection_reasons(v1: Harvest) -> None:
    sources = {s["name"]: s["type"]["name"] for s in v1.get("/sources").json()}
    assert sources["Referral"] == "referrals"
    reasons = v1.get("/rejection_reasons").json()
    assert {"id", "name", "type"} == set(reasons[0]) and reasons[0]["type"]["name"] == "We rejected them"


@pytest.mark.parametrize("path", ["/jobs/{j}", "/users/{u}", "/jobs/{j}/stages"])
def test_v3_serves_the_same_objects(world: World, v1: Harvest, v3: Harvest, path: str) -> None:
    journey = make_application(world)
    filled = path.format(c=journey["candidate_id"], a=journey["application_id"], j=journey["job"]["id"],
                         u=world.ats.admin_id)
    assert v3.get(filled).json() == v1.get(filled).json()


def test_v3_candidates_do_not_embed_applications(world: World, v1: Harvest, v3: Harvest) -> None:
    """The READ migration guide: v3 candidates name their applications; v1 embeds them."""
    journey = make_application(world)
    path = f"/candidates/{journey['candidate_id']}"
    old, new = v1.get(path).json(), v3.get(path).json()
    assert [a["id"] for a in old["applications"]] == [journey["application_id"]]
    assert "applications" not in new and new["application_ids"] == [journey["application_id"]]
    assert {k: v for k, v in old.items() if k != "applications"} == new
    listed = v3.get("/candidates", params={"ids": str(journey["candidate_id"])}).json()
    assert [c["id"] for c in listed] == [journey["candidate_id"]] and "applications" not in listed[0]
    assert v3.get("/candidates", params={"ids": "1,x"}).status_code == 422


def test_v3_applications_add_flat_job_and_stage_ids(world: World, v1: Harvest, v3: Harvest) -> None:
    journey = make_application(world)
    path = f"/applications/{journey['application_id']}"
    old, new = v1.get(path).json(), v3.get(path).json()
    assert (new["job_id"], new["job_interview_stage_id"]) == (journey["job"]["id"], old["current_stage"]["id"])
    assert {k: v for k, v in new.items() if k not in ("job_id", "job_interview_stage_id")} == old
    assert "job_interview_stage_id" not in old
    stages = v3.get("/job_interview_stages", params={"job_ids": str(journey["job"]["id"])}).json()
    assert new["job_interview_stage_id"] in [st["id"] for st in stages]
    assert all(st["job_id"] == journey["job"]["id"] for st in stages)
    assert v3.get("/job_interview_stages", params={"job_ids": "999999"}).json() == []
