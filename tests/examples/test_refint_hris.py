"""Layer 4: the hire into BambooHR: exact, validated, idempotent, halted and undone on failure."""

from __future__ import annotations

from decimal import Decimal

import pytest
from refint_helpers import hire_payload, offer_payload


def hire(sut, app_id: int = 101, **seed):
    sut.world.add_application(app_id, **seed)
    return sut.greenhouse("hire_candidate", hire_payload(app_id, world=sut.world))


def only_employee(sut) -> tuple[str, dict]:
    [(employee_id, fields)] = sut.world.employees.items()
    return employee_id, fields


def test_hire_is_written_exactly(sut):
    hire(sut)
    employee_id, fields = only_employee(sut)
    assert fields == {
        "status": "Active",
        "firstName": "Zoë",
        "lastName": "O'Brien-Nuñez",
        "workEmail": "zoe@example.com",
        "hireDate": "2026-04-15",
        "jobTitle": "Staff Engineer",
        "department": "Engineering",
        "employeeNumber": "GH-101",
        "customHoursPerWeek": "40",
    }
    [comp] = sut.world.rows(employee_id, "compensation")
    assert {k: comp[k] for k in ("startDate", "rate", "type", "paidPer", "reason")} == {
        "startDate": "2026-04-15",
        "rate": {"value": "103000.00", "currency": "USD"},
        "type": "Salary",
        "paidPer": "Year",
        "reason": "New Hire",
    }
    assert sut.world.rows(employee_id, "employmentStatus")[0]["employmentStatus"] == "Full-Time"
    job = sut.world.rows(employee_id, "jobInfo")[0]
    assert (job["date"], job["jobTitle"], job["department"]) == ("2026-04-15", "Staff Engineer", "Engineering")
    assert sut.world.slack_messages == []


def test_part_time_hourly_in_another_currency(sut):
    hire(
        sut,
        salary=Decimal("19.99"),
        currency="EUR",
        pay_period="hour",
        employment_type="Part-time",
        hours=Decimal("20"),
    )
    employee_id, fields = only_employee(sut)
    assert fields["customHoursPerWeek"] == "20"
    [comp] = sut.world.rows(employee_id, "compensation")
    assert (comp["rate"], comp["type"], comp["paidPer"]) == ({"value": "19.99", "currency": "EUR"}, "Hourly", "Hour")
    assert sut.world.rows(employee_id, "employmentStatus")[0]["employmentStatus"] == "Part-Time"


def test_dates_are_written_year_month_day(sut):
    hire(sut, starts_at="2026-04-05")  # a day that could pass for a month
    employee_id, fields = only_employee(sut)
    assert fields["hireDate"] == "2026-04-05"
    assert sut.world.rows(employee_id, "employmentStatus")[0]["date"] == "2026-04-05"


def test_contract_monthly(sut):
    hire(sut, salary=Decimal("8000"), pay_period="month", employment_type="Contract")
    employee_id, _ = only_employee(sut)
    assert sut.world.rows(employee_id, "compensation")[0]["paidPer"] == "Month"
    assert sut.world.rows(employee_id, "employmentStatus")[0]["employmentStatus"] == "Contractor"


@pytest.mark.parametrize(
    ("period", "amount", "synced"),
    [
        ("year", "20000", True),
        ("year", "500000", True),
        ("year", "19999.99", False),
        ("year", "500000.01", False),
        ("month", "2000", True),
        ("month", "40000.01", False),
        ("hour", "10", True),
        ("hour", "250.01", False),
    ],
)
def test_compensation_range_boundaries(sut, period, amount, synced):
    hire(sut, salary=Decimal(amount), pay_period=period)
    assert bool(sut.world.employees) is synced
    if not synced:
        [alert] = sut.world.slack_messages
        assert "application 101" in alert and "held for review" in alert and f"salary {amount}" in alert
        assert sut.world.writes("bamboohr") == sut.world.called("bamboohr", "POST", "/webhooks")  # nothing else


@pytest.mark.parametrize(
    ("hours", "synced"),
    [(Decimal(1), True), (Decimal(60), True), (Decimal(0), False), (Decimal("60.5"), False), (None, False)],
)
def test_hours_rule(sut, hours, synced):
    hire(sut, hours=hours)
    assert bool(sut.world.employees) is synced
    if not synced:
        assert "hours_per_week" in sut.world.slack_messages[0]
        assert "hours_per_week" in sut.outbox.alerts()[0]["body"]


def test_already_synced_employee_is_not_written_again(sut):
    sut.world.employees["900"] = {"employeeNumber": "GH-101", "lastName": "O'Brien-Nuñez"}
    hire(sut)
    assert list(sut.world.employees) == ["900"] and sut.world.tables == {}
    sut.greenhouse("hire_candidate", hire_payload(101))  # and a redelivery changes nothing
    assert sut.world.called("bamboohr", "POST", "/employees") == []


def test_redelivered_hire_writes_once(sut):
    hire(sut)
    sut.greenhouse("hire_candidate", hire_payload(101, world=sut.world))
    assert len(sut.world.called("bamboohr", "POST", "/employees")) == 1


def test_persistent_5xx_is_retried_three_times_then_rolled_back_and_alerted(sut):
    sut.world.fail("POST", r"/employees/\d+/tables/employmentStatus", 503, 503, 503)
    hire(sut)
    employee_id, fields = only_employee(sut)
    assert len(sut.world.called("bamboohr", "POST", r"/employees/\d+/tables/employmentStatus")) == 3
    assert fields["status"] == "Inactive"
    assert sut.world.rows(employee_id, "compensation") == [] and sut.world.rows(employee_id, "jobInfo") == []
    assert sut.world.called("bamboohr", "POST", r"/employees/\d+/tables/jobInfo") == []  # stopped writing
    [alert] = sut.world.slack_messages
    assert "application 101" in alert and "employmentStatus" in alert and "503" in alert
    assert sut.integration.journey(101).halted == "HRIS sync failed at employmentStatus"


def test_rows_that_were_there_before_are_kept_on_rollback(sut):
    sut.world.tables[("500", "jobInfo")] = []  # ids start at 500: the employee the SUT will create
    original = {"id": "1", "employeeId": "500", "jobTitle": "pre-existing"}
    sut.world.fail("POST", r"/employees/\d+/tables/jobInfo", 400)
    real_add = sut.world._bamboohr

    def seed_then_answer(call):  # BambooHR creates a jobInfo row of its own on employee creation
        answer = real_add(call)
        if (call.method, call.path) == ("POST", "/employees"):
            sut.world.tables[(next(iter(sut.world.employees)), "jobInfo")] = [original]
        return answer

    sut.world._bamboohr = seed_then_answer
    hire(sut)
    employee_id, fields = only_employee(sut)
    assert sut.world.rows(employee_id, "jobInfo") == [original] and fields["status"] == "Inactive"


def test_429_honours_retry_after_up_to_the_cap(sut):
    sut.world.fail("POST", "/employees", (429, {"Retry-After": "2"}), (429, {"Retry-After": "120"}))
    hire(sut)
    assert sut.sleeps == [2.0, 5.0] and len(sut.world.employees) == 1 and sut.world.slack_messages == []


def test_expired_greenhouse_token_is_renewed_once(sut):
    sut.world.add_application(101)
    sut.greenhouse("offer_approved", offer_payload(101))
    tokens_before = len(sut.world.called("greenhouse-auth", "POST", "/token"))
    sut.world.revoke_tokens()
    hire(sut)
    assert len(sut.world.called("greenhouse-auth", "POST", "/token")) == tokens_before + 1
    assert len(sut.world.employees) == 1


def test_token_expiry_is_read_from_the_clock(sut):
    hire(sut, app_id=101)
    sut.clock.advance(hours=2)
    hire(sut, app_id=102)
    assert len(sut.world.called("greenhouse-auth", "POST", "/token")) == 2


def test_after_hire_the_hris_is_the_source_of_truth(sut):
    hire(sut)
    writes = len(sut.world.writes("bamboohr"))
    sut.greenhouse(
        "offer_updated",
        offer_payload(
            101,
            salary={"name": "Salary", "type": "currency", "value": {"amount": Decimal("99000.00"), "unit": "USD"}},
            pay_period={"name": "Pay period", "type": "single_select", "value": "year"},
        ),
    )
    sut.greenhouse("application_updated", hire_payload(101, world=sut.world))
    employee_id, _ = only_employee(sut)
    assert sut.bamboohr(employee_id, ["payRate"]).status_code == 200
    assert len(sut.world.writes("bamboohr")) == writes
    assert sut.integration.state.hr_edits[0]["application_id"] == "101"


def test_failed_employee_create_writes_nothing_and_alerts(sut):
    sut.world.fail("POST", "/employees", 502, 502, 502)
    hire(sut)
    assert sut.world.employees == {} and sut.world.tables == {}
    assert len(sut.world.called("bamboohr", "GET", "/employees")) == 2  # idempotency check, then "did it land?"
    [alert] = sut.world.slack_messages
    assert "application 101" in alert and "at employee" in alert and "502" in alert
