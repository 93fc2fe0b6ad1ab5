"""The ATS model without HTTP: the stage machine, offers, custom fields, events."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from fakes.ats.model import AtsModel
from fakes.kit.hub import DomainEvent, Hub
from fakes.kit.model import ModelError, NotFound

STAGES = ["Application Review", "Phone Screen", "Onsite", "Offer"]


@pytest.fixture
def events() -> list[DomainEvent]:
    return []


@pytest.fixture
def ats(events: list[DomainEvent]) -> AtsModel:
    hub = Hub(seed=5)
    hub.subscribe("ats", events.append)
    return AtsModel(hub)


@pytest.fixture
def job(ats: AtsModel) -> dict[str, Any]:
    return ats.create_job("Designer", "Design", "Berlin", STAGES, {"first_name": "Hal", "last_name": "Lead",
                                                                   "email": "hal@example.com"})


def apply(ats: AtsModel, job: dict[str, Any], **kw: Any) -> int:
    fields = {"first_name": "Zoë", "last_name": "O'Brien-Nuñez", "email": "zoe@example.com", **kw}
    return int(ats.apply(job["id"], **fields)["application_id"])


def kinds(events: list[DomainEvent]) -> list[str]:
    return [e.kind for e in events]


def test_seed_has_an_admin_sources_and_rejection_reasons(ats: AtsModel) -> None:
    admin = ats.store.table("users")[ats.admin_id]
    assert (admin["first_name"], admin["email"], admin["site_admin"]) == ("Harness", "admin@harness.example", True)
    assert {s["name"] for s in ats.store.table("sources").values()} >= {"LinkedIn", "Referral", "Agency"}
    reasons = {r["name"]: r["type_name"] for r in ats.store.table("rejection_reasons").values()}
    assert reasons["Candidate withdrew"] == "They rejected us"
    assert [f["key"] for f in ats.fields_of("offer")] == [
        "salary", "pay_period", "employment_type", "hours_per_week", "signature_status"]


def test_seeded_ids_are_stable_for_a_seed() -> None:
    first, second = AtsModel(Hub(seed=9)), AtsModel(Hub(seed=9))
    assert first.admin_id == second.admin_id
    assert AtsModel(Hub(seed=10)).admin_id != first.admin_id


def test_create_job_orders_stages_and_builds_the_hiring_team(ats: AtsModel, job: dict[str, Any]) -> None:
    assert [s["name"] for s in job["stages"]] == STAGES
    assert [s["priority"] for s in ats.job_stages(job["id"])] == [0, 1, 2, 3]
    manager = ats.store.table("users")[job["hiring_managers"][0]]
    assert manager["email"] == "hal@example.com"
    assert ats.store.table("departments")[job["department_ids"][0]]["name"] == "Design"
    with pytest.raises(ModelError, match="must not repeat"):
        ats.create_job("X", "D", "O", ["A", "A"], ats.admin_id)
    with pytest.raises(ModelError, match="not a user id"):
        ats.create_job("X", "D", "O", ["A"], 424242)


def test_apply_starts_in_the_first_stage_with_history(ats: AtsModel, job: dict[str, Any],
                                                      events: list[DomainEvent]) -> None:
    app_id = apply(ats, job, custom_fields={"harness_journey": "j-7"})
    app = ats.application(app_id)
    assert (app["status"], app["stage_id"]) == ("active", job["stages"][0]["id"])
    assert [h["stage_name"] for h in ats.stage_history(app_id)] == ["Application Review"]
    assert ats.candidate(app["candidate_id"])["custom_fields"]["harness_journey"] == "j-7"
    assert ats.store.table("sources")[app["source_id"]]["name"] == "LinkedIn"
    assert kinds(events) == ["application.created"]


def test_advance_and_move_forward_and_backward(ats: AtsModel, job: dict[str, Any], events: list[DomainEvent]) -> None:
    app_id = apply(ats, job)
    ats.advance(app_id)
    ats.move_stage(app_id, "Offer")
    ats.move_stage(app_id, job["stages"][1]["id"])  # backward, by id
    history = ats.stage_history(app_id)
    assert [h["stage_name"] for h in history] == ["Application Review", "Phone Screen", "Offer", "Phone Screen"]
    assert history[-1]["from_stage_id"] == job["stages"][3]["id"]
    assert kinds(events).count("application.stage_changed") == 3
    with pytest.raises(ModelError, match="already in stage"):
        ats.move_stage(app_id, "Phone Screen")
    with pytest.raises(ModelError, match="not a stage of job"):
        ats.move_stage(app_id, "Nowhere")


def test_advance_checks_from_stage_and_stops_at_the_last_stage(ats: AtsModel, job: dict[str, Any]) -> None:
    app_id = apply(ats, job)
    with pytest.raises(ModelError, match="not the current stage") as refused:
        ats.advance(app_id, from_stage_id=job["stages"][2]["id"])
    assert refused.value.field == "from_stage_id"
    ats.move_stage(app_id, "Offer")
    with pytest.raises(ModelError, match="last stage"):
        ats.advance(app_id)


def test_reject_and_unreject_rules(ats: AtsModel, job: dict[str, Any], events: list[DomainEvent]) -> None:
    app_id = apply(ats, job)
    ats.move_stage(app_id, "Onsite")
    with pytest.raises(ModelError, match="Application must be 'rejected', is currently 'active'"):
        ats.unreject(app_id)
    rejected = ats.reject(app_id, reason="Took another offer", notes="Went elsewhere")
    reason = ats.store.table("rejection_reasons")[rejected["rejection_reason_id"]]
    assert (rejected["status"], reason["type_name"]) == ("rejected", "They rejected us")
    assert rejected["rejected_at"] == ats.now()
    for forbidden in (lambda: ats.advance(app_id), lambda: ats.move_stage(app_id, "Offer"),
                      lambda: ats.reject(app_id), lambda: ats.hire(app_id)):
        with pytest.raises(ModelError, match="Application must be 'active', is currently 'rejected'"):
            forbidden()
    back = ats.unreject(app_id)
    assert (back["status"], back["rejected_at"], back["stage_id"]) == ("active", None, job["stages"][2]["id"])
    assert kinds(events)[-2:] == ["application.rejected", "application.unrejected"]


def test_unknown_rejection_reason_names_become_custom_reasons(ats: AtsModel, job: dict[str, Any]) -> None:
    app = ats.reject(apply(ats, job), reason="Relocation not possible")
    assert ats.store.table("rejection_reasons")[app["rejection_reason_id"]]["name"] == "Relocation not possible"


def test_hire_needs_an_offer_accepts_it_and_clears_the_stage(ats: AtsModel, job: dict[str, Any],
                                                             events: list[DomainEvent]) -> None:
    app_id = apply(ats, job)
    with pytest.raises(ModelError, match="no offer"):
        ats.hire(app_id)
    ats.create_offer(app_id, "95000.50", "EUR", "year", "Full-time", 40, "2026-05-01")
    hired = ats.hire(app_id, start_date="2026-05-04")
    offer = ats.offer_for(app_id)
    assert (hired["status"], hired["stage_id"]) == ("hired", None)
    assert (offer["status"], offer["starts_at"], offer["resolved_at"]) == ("accepted", date(2026, 5, 4), ats.now())
    opening = ats.store.table("jobs")[job["id"]]["openings"][0]
    assert (opening["status"], opening["application_id"]) == ("closed", app_id)
    assert kinds(events)[-2:] == ["offer.updated", "application.hired"]
    with pytest.raises(ModelError, match="Application must be 'active', is currently 'hired'"):
        ats.reject(app_id)


def test_reapplication_after_rejection_only(ats: AtsModel, job: dict[str, Any]) -> None:
    first = ats.apply(job["id"], "Ann", "Lee", "ann@example.com")
    with pytest.raises(ModelError, match=r"already applied to job .* is active"):
        ats.apply(job["id"], candidate_id=first["candidate_id"])
    ats.reject(first["application_id"])
    again = ats.apply(job["id"], candidate_id=first["candidate_id"], source="Referral")
    candidate = ats.candidate(first["candidate_id"])
    assert again["candidate_id"] == first["candidate_id"] and again["application_id"] != first["application_id"]
    assert candidate["application_ids"] == [first["application_id"], again["application_id"]]
    assert ats.application(again["application_id"])["stage_id"] == job["stages"][0]["id"]


def test_applications_need_an_open_job(ats: AtsModel) -> None:
    closed = ats.create_job("Old", "D", "O", ["A"], ats.admin_id, status="closed")
    with pytest.raises(ModelError, match="open job"):
        ats.apply(closed["id"], "A", "B", "a@b.c")
    assert not ats.store.table("candidates")  # nothing half-written


def test_offer_versions_deprecate_the_old_one(ats: AtsModel, job: dict[str, Any], events: list[DomainEvent]) -> None:
    app_id = apply(ats, job)
    first = ats.create_offer(app_id, "103000.00", "USD", "year", "Full-time", "37.5", date(2026, 4, 1))
    assert first["custom_fields"]["salary"] == {"amount": Decimal("103000.00"), "unit": "USD"}
    assert first["custom_fields"]["hours_per_week"] == Decimal("37.5")
    with pytest.raises(ModelError, match="already has an offer"):
        ats.create_offer(app_id, "1", "USD", "year", "Full-time", 1, None)
    second = ats.update_offer(app_id, salary="104000.00", employment_type="Part-time")
    old = ats.store.table("offers")[first["id"]]
    assert (old["status"], second["version"], second["status"]) == ("deprecated", 2, "unresolved")
    assert second["custom_fields"]["salary"] == {"amount": Decimal("104000.00"), "unit": "USD"}
    assert second["custom_fields"]["pay_period"] == "year"  # unchanged terms carry over
    assert ats.offer_for(app_id)["id"] == second["id"]
    assert kinds(events)[-3:] == ["offer.created", "offer.updated", "offer.created"]


def test_offer_fields_are_checked(ats: AtsModel, job: dict[str, Any]) -> None:
    app_id = apply(ats, job)
    bad = [({"pay_period": "fortnight"}, "pay_period"), ({"currency": "usd"}, "salary"),
           ({"salary": "lots"}, "salary"), ({"hours_per_week": 1.5}, None)]
    terms = {"salary": "1000", "currency": "USD", "pay_period": "year", "employment_type": "Contract",
             "hours_per_week": "20", "start_date": "2026-01-01"}
    for change, field in bad:
        if field is None:  # a float is read through its repr, never kept as a binary float
            offer = ats.create_offer(app_id, **{**terms, **change})
            assert offer["custom_fields"]["hours_per_week"] == Decimal("1.5")
            ats.delete_offer(app_id)
            continue
        with pytest.raises(ModelError) as refused:
            ats.create_offer(app_id, **{**terms, **change})
        assert refused.value.field == field
    empty = ats.create_offer(app_id, None, None, None, None, None, None)  # a malformed record is a real state
    assert empty["custom_fields"]["salary"] is None and empty["starts_at"] is None


def test_decline_approve_delete_and_edit(ats: AtsModel, job: dict[str, Any], events: list[DomainEvent]) -> None:
    app_id = apply(ats, job)
    ats.create_offer(app_id, "50", "GBP", "hour", "Contract", "10", "2026-02-02")
    ats.approve_offer(app_id)
    with pytest.raises(ModelError, match="already approved"):
        ats.approve_offer(app_id)
    edited = ats.edit_current_offer(app_id, {"signature_status": "sent"})
    assert (edited["version"], edited["custom_fields"]["signature_status"]) == (1, "sent")
    assert ats.decline_offer(app_id)["status"] == "rejected"
    deleted = ats.delete_offer(app_id)
    assert ats.offer_for(app_id) is None and deleted["deleted"] == edited["id"]
    assert kinds(events)[-5:] == ["offer.created", "offer.approved", "offer.updated", "offer.updated",
                                  "offer.deleted"]
    assert events[-1].data["offer"]["status"] == "rejected"


def test_hired_offers_cannot_change(ats: AtsModel, job: dict[str, Any]) -> None:
    app_id = apply(ats, job)
    ats.create_offer(app_id, "1", "USD", "year", "Full-time", 40, "2026-01-05")
    ats.hire(app_id)
    for change in (lambda: ats.update_offer(app_id, salary="2"),
                   lambda: ats.edit_current_offer(app_id, {"signature_status": "completed"})):
        with pytest.raises(ModelError, match="hired"):
            change()


def test_update_candidate_and_application(ats: AtsModel, job: dict[str, Any], events: list[DomainEvent]) -> None:
    app_id = apply(ats, job)
    cand_id = ats.application(app_id)["candidate_id"]
    updated = ats.update_candidate(cand_id, first_name="Zoe", email="zoe@new.example", tags=["python"])
    assert (updated["first_name"], updated["email_addresses"][0]["value"], updated["tags"]) == (
        "Zoe", "zoe@new.example", ["python"])
    with pytest.raises(ModelError, match="cannot edit"):
        ats.update_candidate(cand_id, salary=1)
    with pytest.raises(ModelError):
        ats.update_candidate(cand_id, first_name="  ")
    assert ats.candidate(cand_id)["first_name"] == "Zoe"
    app = ats.update_application(app_id, source="Referral")
    assert ats.store.table("sources")[app["source_id"]]["name"] == "Referral"
    assert kinds(events)[-2:] == ["candidate.updated", "application.updated"]


def test_delete_application_takes_its_offers(ats: AtsModel, job: dict[str, Any], events: list[DomainEvent]) -> None:
    app_id = apply(ats, job)
    ats.create_offer(app_id, "1", "USD", "year", "Full-time", 40, None)
    ats.delete_application(app_id)
    assert not ats.store.table("offers") and app_id not in ats.store.table("applications")
    assert events[-1].kind == "application.deleted" and events[-1].data["application"]["id"] == app_id
    with pytest.raises(NotFound):
        ats.application(app_id)


def test_scorecards_and_notes(ats: AtsModel, job: dict[str, Any]) -> None:
    app_id = apply(ats, job)
    ats.advance(app_id)
    card = ats.submit_scorecard(app_id, ats.admin_id, "strong_yes")
    assert (card["interview"], card["overall_recommendation"]) == ("Phone Screen", "strong_yes")
    with pytest.raises(ModelError, match="must be one of"):
        ats.submit_scorecard(app_id, ats.admin_id, "maybe")
    cand_id = ats.application(app_id)["candidate_id"]
    ats.add_note(cand_id, ats.admin_id, "Strong portfolio", "private")
    assert [(n["body"], n["visibility"]) for n in ats.notes_for(cand_id)] == [("Strong portfolio", "private")]
    with pytest.raises(ModelError, match="visibility"):
        ats.add_note(cand_id, ats.admin_id, "x", "everyone")


def test_time_comes_from_the_virtual_clock(ats: AtsModel, job: dict[str, Any]) -> None:
    app_id = apply(ats, job)
    ats.hub.clock.advance(timedelta(hours=3))
    ats.advance(app_id)
    history = ats.stage_history(app_id)
    assert history[1]["entered_at"] - history[0]["entered_at"] == timedelta(hours=3)
    assert ats.application(app_id)["last_activity_at"] == ats.hub.clock.now()


def test_queries_return_copies(ats: AtsModel, job: dict[str, Any]) -> None:
    app_id = apply(ats, job)
    ats.application(app_id)["status"] = "hired"
    assert ats.application(app_id)["status"] == "active"
