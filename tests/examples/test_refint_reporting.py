"""Layer 5: the reporting store, the five KPIs and their threshold alerts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from refint_helpers import application_payload as app
from refint_helpers import hire_payload, offer_payload

from examples.reference_integration import kpis


def test_kpis_follow_the_architecture_definitions(sut):
    w = sut.world
    w.jobs["300"] = {
        "id": 300,
        "name": "Staff Engineer",
        "opened_at": "2026-01-01T00:00:00Z",
        "departments": [{"name": "Engineering"}],
        "hiring_team": {"hiring_managers": []},
    }
    w.jobs["301"] = {
        "id": 301,
        "name": "Designer",
        "opened_at": "2026-02-01T12:00:00Z",
        "departments": [{"name": "Design"}],
        "hiring_team": {"hiring_managers": []},
    }
    # 101 (LinkedIn, job 300): applied 02-01, Phone Screen, Offer, hired 03-01 09:00
    sut.greenhouse(
        "new_candidate_application",
        app(101, "Application Review", applied_at="2026-02-01T09:00:00Z", at="2026-02-01T09:00:00Z"),
    )
    sut.greenhouse("candidate_stage_change", app(101, "Phone Screen", at="2026-02-05T09:00:00Z"))
    sut.greenhouse("candidate_stage_change", app(101, "Offer", at="2026-02-20T09:00:00Z"))
    sut.greenhouse("hire_candidate", hire_payload(101, at="2026-03-01T09:00:00Z"))
    # 102 (Referral, job 301): applied 02-10, Phone Screen, then back to Application Review, hired 03-11 00:00
    sut.greenhouse(
        "new_candidate_application",
        app(
            102,
            "Application Review",
            source="Referral",
            job_id=301,
            applied_at="2026-02-10T00:00:00Z",
            at="2026-02-10T00:00:00Z",
        ),
    )
    sut.greenhouse("candidate_stage_change", app(102, "Phone Screen", job_id=301, at="2026-02-12T00:00:00Z"))
    sut.greenhouse("candidate_stage_change", app(102, "Application Review", job_id=301, at="2026-02-13T00:00:00Z"))
    hired_102 = hire_payload(102, at="2026-03-11T00:00:00Z")
    hired_102["application"]["jobs"][0]["id"] = 301
    sut.greenhouse("hire_candidate", hired_102)
    # 103 (LinkedIn, job 300): applied, Phone Screen, never moves on
    sut.greenhouse(
        "new_candidate_application",
        app(103, "Application Review", applied_at="2026-02-15T00:00:00Z", at="2026-02-15T00:00:00Z"),
    )
    sut.greenhouse("candidate_stage_change", app(103, "Phone Screen", at="2026-02-16T00:00:00Z"))

    got = sut.kpis()
    # fill: job 300 = 59.375 d, job 301 = 37.5 d  -> 48.4375 -> 48.44
    assert got["time_to_fill_days"] == "48.44"
    # hire: 101 = 28 d, 102 = 29 d -> 28.50
    assert got["time_to_hire_days"] == "28.50"
    assert got["offer_acceptance_rate"] is None  # nothing resolved yet
    # Application Review: all 3 entered; 101 and 102 hired, 103 moved on to Phone Screen -> 1
    # Phone Screen: 101 (hired), 102 (hired), 103 (stuck) -> 2/3; Offer: 101 hired -> 1
    assert got["stage_conversion"] == {"Application Review": "1.0000", "Phone Screen": "0.6667", "Offer": "1.0000"}
    assert got["source_effectiveness"] == {"LinkedIn": "0.5000", "Referral": "1.0000"}
    assert got["decimals"] == "string"


def test_stage_changes_carry_changed_and_received_times(sut):
    sut.clock.advance(hours=5)
    sut.greenhouse("candidate_stage_change", app(101, "Phone Screen", at="2026-03-02T10:00:00Z"))
    sut.greenhouse("candidate_stage_change", app(102, "Onsite", at="2026-03-02T11:00:00Z"))
    rows = sut.client.get("/reporting/stage_changes", params={"application_id": "101"}).json()
    assert rows == [
        {
            "application_id": "101",
            "stage": "Phone Screen",
            "changed_at": "2026-03-02T10:00:00Z",
            "received_at": "2026-03-02T14:00:00Z",
        }
    ]
    assert len(sut.client.get("/reporting/stage_changes").json()) == 2


def test_time_to_fill_alert_fires_once_per_crossing(make_sut):
    sut = make_sut(REPORTING_TTF_TARGET_DAYS="30")
    sut.world.jobs["300"] = {"id": 300, "name": "Staff Engineer", "opened_at": "2026-01-01T00:00:00Z"}
    for app_id, day in ((101, "2026-03-01"), (102, "2026-03-02")):
        sut.greenhouse("new_candidate_application", app(app_id, "Application Review"))
        sut.greenhouse("hire_candidate", hire_payload(app_id, at=f"{day}T00:00:00Z"))
    [alert] = [m for m in sut.world.slack_messages if "time-to-fill" in m]
    assert "59.00 days" in alert and "target of 30 days" in alert and "application 101" in alert


def test_acceptance_alert_needs_two_resolved_offers(make_sut):
    sut = make_sut(REPORTING_ACCEPTANCE_BASELINE="0.6")
    for app_id in (101, 102, 103):
        sut.world.add_application(app_id)
        sut.greenhouse("offer_approved", offer_payload(app_id))
    first, second, third = sut.world.envelopes
    sut.docusign(first, "declined", 101)
    assert sut.world.slack_messages == []  # one resolved offer is no trend
    sut.docusign(second, "completed", 102)
    [alert] = sut.world.slack_messages
    assert "0.5000" in alert and "baseline of 0.6" in alert and "application 102" in alert
    sut.docusign(third, "declined", 103)  # still under: no second alert
    assert len(sut.world.slack_messages) == 1 and len(sut.outbox.alerts()) == 1


def test_rounding_is_half_up_and_only_at_the_end():
    assert kpis.rate(2, 3) == Decimal("0.6667") and kpis.rate(1, 8) == Decimal("0.1250")
    start = datetime(2026, 1, 1, tzinfo=UTC)
    # 0.125 d and 0.135 d average to exactly 0.130 d
    assert kpis.mean_days([timedelta(hours=3), timedelta(hours=3, minutes=14, seconds=24)]) == Decimal("0.13")
    assert kpis.mean_days([timedelta(hours=1, minutes=12)]) == Decimal("0.05")  # 0.05 exactly
    assert kpis.mean_days([timedelta(minutes=36)]) == Decimal("0.03")  # 0.025 -> 0.03, not banker's 0.02
    assert kpis.time_to_hire([{"id": "1", "applied_at": start}], []) is None
