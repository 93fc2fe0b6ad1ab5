"""Every known-bug variant differs from the reference in exactly the way its docstring says.

Each test runs one scenario twice, against the reference and against the
variant, each in a fresh world, and asserts both sides: the reference does
the right thing and the variant does the named wrong one.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path

from refint_helpers import application_payload as app
from refint_helpers import hire_payload, invitee_payload, offer_payload, run_sut

from examples.buggy import VARIANTS

ZOE = ("Zoë", "O'Brien-Nuñez")


def both(variant: str, scenario, **env):
    return run_sut("", scenario, **env), run_sut(variant, scenario, **env)


def hired(**seed):
    def scenario(sut):
        sut.world.add_application(101, **seed)
        sut.greenhouse("hire_candidate", hire_payload(101, world=sut.world))

    return scenario


def employee(sut) -> tuple[str, dict]:
    [(employee_id, fields)] = sut.world.employees.items()
    return employee_id, fields


def row(sut, table: str) -> dict:
    employee_id, _ = employee(sut)
    [only] = sut.world.rows(employee_id, table)
    return only


def tabs(sut) -> dict[str, str]:
    [envelope] = sut.world.envelopes.values()
    candidate = next(r for r in envelope["definition"]["templateRoles"] if r["roleName"] == "Candidate")
    return {t["tabLabel"]: t["value"] for t in candidate["tabs"]["textTabs"]}


def offered(sut):
    sut.world.add_application(101)
    sut.greenhouse("offer_approved", offer_payload(101))


# -- the catalogue ------------------------------------------------------------------------
def test_catalogue_lists_every_variant_module_with_its_bug():
    modules = {
        p.stem
        for p in Path(VARIANTS and __import__("examples.buggy").buggy.__file__).parent.glob("*.py")
        if not p.stem.startswith("_")
    }
    assert set(VARIANTS) == modules and len(VARIANTS) >= 18
    assert all(line and not line.endswith(":") for line in VARIANTS.values())


# -- layer 1 and 2: triggers --------------------------------------------------------------
def test_wrong_stage_schedules_on_offer():
    def scenario(sut):
        sut.greenhouse("candidate_stage_change", app(101, "Onsite", at="2026-03-05T09:00:00Z"))
        sut.greenhouse("candidate_stage_change", app(101, "Offer", at="2026-03-06T09:00:00Z"))

    ref, bug = both("wrong_stage", scenario)
    assert len(ref.outbox.touchpoints("interview_invitation")) == 1
    assert len(bug.outbox.touchpoints("interview_invitation")) == 2
    assert [c.body["owner"] for c in bug.world.called("calendly", "POST", "/scheduling_links")][-1].endswith("ET-2")
    assert len(ref.outbox.touchpoints("stage_advancement")) == len(bug.outbox.touchpoints("stage_advancement")) == 1


def test_double_email_sends_stage_advancement_on_every_change():
    def scenario(sut):
        sut.greenhouse("new_candidate_application", app(101, "Application Review", at="2026-03-02T09:00:00Z"))
        sut.greenhouse("candidate_stage_change", app(101, "Phone Screen", at="2026-03-03T09:00:00Z"))
        sut.greenhouse("candidate_stage_change", app(101, "Technical Interview", at="2026-03-04T09:00:00Z"))

    ref, bug = both("double_email", scenario)
    assert ref.outbox.touchpoints("stage_advancement") == []
    assert len(bug.outbox.touchpoints("stage_advancement")) == 2
    assert len(ref.outbox.touchpoints("interview_invitation")) == len(bug.outbox.touchpoints("interview_invitation"))


def test_repeat_reminder_reminds_on_every_tick():
    def scenario(sut):
        sut.world.add_application(101)
        sut.greenhouse("new_candidate_application", app(101, "Application Review"))
        sut.calendly("invitee.created", invitee_payload(101, start="2026-03-02T20:00:00Z"))
        for _ in range(3):
            sut.integration.run_reminders_once()
            sut.clock.advance(minutes=1)

    ref, bug = both("repeat_reminder", scenario)
    assert len(ref.outbox.touchpoints("interview_reminder")) == 1
    assert len(bug.outbox.touchpoints("interview_reminder")) == 3


# -- layer 3: documents ----------------------------------------------------------------------
def test_duplicate_fire_creates_a_second_envelope():
    def scenario(sut):
        offered(sut)
        sut.greenhouse("offer_approved", offer_payload(101), event_id="same-delivery")
        sut.greenhouse("offer_approved", offer_payload(101), event_id="same-delivery")

    ref, bug = both("duplicate_fire", scenario)
    assert len(ref.world.envelopes) == 1
    assert len(bug.world.envelopes) == 3


def test_skip_manager_approval_routes_to_the_candidate_only():
    ref, bug = both("skip_manager_approval", offered)
    roles = {
        s: [
            (r["roleName"], r["routingOrder"])
            for r in next(iter(s.world.envelopes.values()))["definition"]["templateRoles"]
        ]
        for s in (ref, bug)
    }
    assert roles[ref] == [("Hiring Manager", "1"), ("Candidate", "2")]
    assert roles[bug] == [("Candidate", "1")]


def test_no_writeback_leaves_signature_status_at_sent():
    def scenario(sut):
        offered(sut)
        sut.docusign(next(iter(sut.world.envelopes)), "completed", 101)

    ref, bug = both("no_writeback", scenario)
    values = {
        s: [
            c.body["custom_fields"][0]["value"]
            for c in s.world.called("greenhouse", "PATCH", r"/v3/offers/20101")
        ]
        for s in (ref, bug)
    }
    assert values[ref] == ["sent", "completed"]
    assert values[bug] == ["sent"]


# -- layer 4: fidelity -------------------------------------------------------------------------
def test_transposed_salary_swaps_two_digits():
    ref, bug = both("transposed_salary", hired(salary=Decimal("103000.00")))
    assert row(ref, "compensation")["rate"]["value"] == "103000.00"
    assert row(bug, "compensation")["rate"]["value"] == "130000.00"


def test_float_salary_loses_a_cent():
    scenario = hired(salary=Decimal("19.99"), pay_period="hour")
    ref, bug = both("float_salary", scenario)
    assert row(ref, "compensation")["rate"]["value"] == "19.99"
    assert row(bug, "compensation")["rate"]["value"] == "19.98"


def test_drop_currency_writes_usd():
    ref, bug = both("drop_currency", hired(currency="EUR", salary=Decimal("95000.00")))
    assert row(ref, "compensation")["rate"] == {"value": "95000.00", "currency": "EUR"}
    assert row(bug, "compensation")["rate"] == {"value": "95000.00", "currency": "USD"}


def test_nfd_names_change_the_bytes_not_the_look():
    def scenario(sut):
        hired()(sut)
        sut.greenhouse("offer_approved", offer_payload(101))

    ref, bug = both("nfd_names", scenario)
    assert (employee(ref)[1]["firstName"], employee(ref)[1]["lastName"]) == ZOE
    first, last = employee(bug)[1]["firstName"], employee(bug)[1]["lastName"]
    assert (first, last) != ZOE and (unicodedata.normalize("NFC", first), unicodedata.normalize("NFC", last)) == ZOE
    assert tabs(ref)["candidate_name"] == "Zoë O'Brien-Nuñez" != tabs(bug)["candidate_name"]


def test_ascii_names_fold_accents():
    ref, bug = both("ascii_names", hired())
    assert (employee(ref)[1]["firstName"], employee(ref)[1]["lastName"]) == ZOE
    assert (employee(bug)[1]["firstName"], employee(bug)[1]["lastName"]) == ("Zoe", "O'Brien-Nunez")


def test_truncated_names_cut_the_last_name():
    ref, bug = both("truncated_names", hired(last="Wolfeschlegelsteinhausen"))
    assert employee(ref)[1]["lastName"] == "Wolfeschlegelsteinhausen"
    assert employee(bug)[1]["lastName"] == "Wolfeschle"
    assert employee(bug)[1]["firstName"] == "Zoë"


def test_date_timezone_shifts_the_start_date_a_day_back():
    ref, bug = both("date_timezone", hired(starts_at="2026-04-15"))
    assert employee(ref)[1]["hireDate"] == row(ref, "compensation")["startDate"] == "2026-04-15"
    assert employee(bug)[1]["hireDate"] == row(bug, "compensation")["startDate"] == "2026-04-14"


def test_date_mmdd_swaps_day_and_month_when_the_day_could_be_a_month():
    ref, bug = both("date_mmdd", hired(starts_at="2026-04-05"))
    assert employee(ref)[1]["hireDate"] == "2026-04-05"
    assert employee(bug)[1]["hireDate"] == "2026-05-04"
    late_ref, late_bug = both("date_mmdd", hired(starts_at="2026-04-15"))
    assert employee(late_ref)[1]["hireDate"] == employee(late_bug)[1]["hireDate"] == "2026-04-15"


def test_ignore_part_time_writes_full_time_without_hours():
    ref, bug = both("ignore_part_time", hired(employment_type="Part-time", hours=Decimal("20")))
    assert row(ref, "employmentStatus")["employmentStatus"] == "Part-Time"
    assert employee(ref)[1]["customHoursPerWeek"] == "20"
    assert row(bug, "employmentStatus")["employmentStatus"] == "Full-Time"
    assert "customHoursPerWeek" not in employee(bug)[1]


# -- layer 4: validation, halting, source of truth ---------------------------------------------
def test_no_range_check_syncs_an_out_of_range_salary():
    ref, bug = both("no_range_check", hired(salary=Decimal("600000.00")))
    assert ref.world.employees == {} and "held for review" in ref.world.slack_messages[0]
    assert row(bug, "compensation")["rate"]["value"] == "600000.00" and bug.world.slack_messages == []


def _compensation_fails(*statuses):
    def scenario(sut):
        sut.world.fail("POST", r"/employees/\d+/tables/compensation", *statuses)
        hired()(sut)

    return scenario


def test_silent_hris_5xx_rolls_back_without_telling_anyone():
    ref, bug = both("silent_hris_5xx", _compensation_fails(500, 500, 500))
    assert employee(ref)[1]["status"] == employee(bug)[1]["status"] == "Inactive"
    assert "application 101" in ref.world.slack_messages[0] and len(ref.outbox.alerts()) == 1
    assert bug.world.slack_messages == [] and bug.outbox.alerts() == []


def test_silent_hris_5xx_still_alerts_on_a_4xx():
    ref, bug = both("silent_hris_5xx", _compensation_fails(400))
    assert len(ref.world.slack_messages) == len(bug.world.slack_messages) == 1


def test_partial_write_carries_on_after_a_failed_write():
    ref, bug = both("partial_write", _compensation_fails(400))
    ref_id, ref_fields = employee(ref)
    assert ref_fields["status"] == "Inactive" and ref.world.rows(ref_id, "jobInfo") == []
    assert len(ref.world.slack_messages) == 1
    bug_id, bug_fields = employee(bug)
    assert bug_fields["status"] == "Active" and bug.world.rows(bug_id, "compensation") == []
    assert len(bug.world.rows(bug_id, "employmentStatus")) == len(bug.world.rows(bug_id, "jobInfo")) == 1
    assert bug.world.slack_messages == []


def test_retry_forever_keeps_retrying_and_never_alerts():
    ref, bug = both("retry_forever", _compensation_fails(503, 503, 503, 503, 503))
    count = {s: len(s.world.called("bamboohr", "POST", r"/employees/\d+/tables/compensation")) for s in (ref, bug)}
    assert count[ref] == 3 and employee(ref)[1]["status"] == "Inactive" and len(ref.world.slack_messages) == 1
    assert count[bug] == 6 and employee(bug)[1]["status"] == "Active" and bug.world.slack_messages == []


def test_hris_overwrite_after_hire_resyncs_on_an_application_edit():
    def scenario(sut):
        hired()(sut)
        sut.greenhouse("application_updated", app(101, "Offer", at="2026-03-03T09:00:00Z"))

    ref, bug = both("hris_overwrite_after_hire", scenario)
    ref_id, _ = employee(ref)
    assert [r["rate"]["value"] for r in ref.world.rows(ref_id, "compensation")] == ["103000.00"]
    bug_id, _ = employee(bug)
    rows = bug.world.rows(bug_id, "compensation")
    assert [r["rate"]["value"] for r in rows] == ["103000.00", "103000.00"]
    assert rows[-1]["reason"] == "Re-synced from Greenhouse"


# -- layer 5 and 6 -------------------------------------------------------------------------------
def test_stale_reporting_records_stage_changes_only_at_hire():
    def scenario(sut):
        sut.greenhouse("new_candidate_application", app(101, "Application Review", at="2026-03-02T09:00:00Z"))
        sut.greenhouse("candidate_stage_change", app(101, "Phone Screen", at="2026-03-02T10:00:00Z"))
        sut.stages_before_hire = sut.client.get("/reporting/stage_changes?application_id=101").json()
        sut.clock.advance(days=10)
        sut.greenhouse("hire_candidate", hire_payload(101, at="2026-03-12T09:00:00Z"))
        sut.stages_after_hire = sut.client.get("/reporting/stage_changes?application_id=101").json()

    ref, bug = both("stale_reporting", scenario)
    assert [r["stage"] for r in ref.stages_before_hire] == ["Application Review", "Phone Screen"]
    assert bug.stages_before_hire == []
    assert [r["stage"] for r in bug.stages_after_hire] == ["Application Review", "Phone Screen"]
    assert bug.stages_after_hire[1]["received_at"] == "2026-03-12T09:00:00Z"
    assert ref.stages_after_hire[1]["received_at"] == "2026-03-02T09:00:00Z"


def test_wrong_kpi_divides_by_every_envelope_sent():
    def scenario(sut):
        for app_id in (101, 102, 103):
            sut.world.add_application(app_id)
            sut.greenhouse("offer_approved", offer_payload(app_id))
        first, second, _ = sut.world.envelopes
        sut.docusign(first, "completed", 101)
        sut.docusign(second, "declined", 102)

    ref, bug = both("wrong_kpi", scenario)
    assert ref.kpis()["offer_acceptance_rate"] == "0.5000"
    assert bug.kpis()["offer_acceptance_rate"] == "0.3333"
    assert bug.world.slack_messages and "0.3333" in bug.world.slack_messages[0]  # and alerts on its own error
    assert ref.world.slack_messages == []


def test_no_envelope_rollback_leaves_the_envelope_out():
    def scenario(sut):
        offered(sut)
        sut.greenhouse("hire_candidate", hire_payload(101, world=sut.world))
        sut.rollback = sut.client.post("/admin/rollback/101").json()

    ref, bug = both("no_envelope_rollback", scenario)
    assert [e["status"] for e in ref.world.envelopes.values()] == ["voided"]
    assert [e["status"] for e in bug.world.envelopes.values()] == ["sent"] and bug.rollback["envelope"] == []
    assert employee(ref)[1]["status"] == employee(bug)[1]["status"] == "Inactive"


# -- signatures ------------------------------------------------------------------------------------
def test_accept_unsigned_acts_on_an_unsigned_delivery():
    def scenario(sut):
        body = (
            b'{"action":"new_candidate_application","payload":'
            + __import__("json").dumps(app(101, "Application Review")).encode()
            + b"}"
        )
        sut.status = sut.client.post("/webhooks/greenhouse", content=body, headers={"Greenhouse-Event-ID": "x"})

    ref, bug = both("accept_unsigned", scenario)
    assert ref.status.status_code == 401 and ref.outbox.sent == []
    assert bug.status.status_code == 200 and len(bug.outbox.touchpoints("application_confirmation")) == 1


def test_accept_stale_acts_on_a_replayed_delivery():
    def scenario(sut):
        sut.world.add_application(101)
        sut.status = sut.calendly("invitee.created", invitee_payload(101), age_seconds=600)

    ref, bug = both("accept_stale", scenario)
    notes = {s: s.world.called("greenhouse", "POST", r"/v3/notes") for s in (ref, bug)}
    assert ref.status.status_code == 401 and notes[ref] == []
    assert bug.status.status_code == 200 and len(notes[bug]) == 1
