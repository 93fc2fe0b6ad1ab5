"""The HRIS model without HTTP: records, effective dating, announcements, refusals."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from fakes.kit.hub import DomainEvent
from fakes.kit.model import ModelError, NotFound
from fakes.world import World

DAY = 86400.0


@pytest.fixture
def world() -> Iterator[World]:
    yield World(seed=3, systems=["hris"])


@pytest.fixture
def events(world: World) -> list[DomainEvent]:
    seen: list[DomainEvent] = []
    world.hub.subscribe("hris", seen.append)
    return seen


@pytest.fixture
def hris(world: World) -> Any:
    return world.hris


def hire(hris: Any, **extra: Any) -> int:
    fields = {
        "first_name": "Zoë",
        "last_name": "O'Brien-Nuñez",
        "work_email": "zoe@example.com",
        "hire_date": "2026-03-02",
        "employee_number": "GH-101",
        **extra,
    }
    return int(hris.insert_employee(fields))


def kinds(events: list[DomainEvent]) -> list[tuple[str, list[str] | None]]:
    return [(e.kind, e.data.get("fields")) for e in events]


def test_the_api_user_is_seeded_and_found_by_number_and_email(hris: Any) -> None:
    admin = hris.employee(hris.api_user_id)
    assert (admin["first_name"], admin["job_title"], admin["employment_status"]) == (
        "Harness",
        "HR Manager",
        "Full-Time",
    )
    assert hris.find_employee(employee_number="ADMIN-1")["id"] == hris.api_user_id
    assert hris.find_employee(work_email="HR-ADMIN@example.com")["id"] == hris.api_user_id
    assert hris.find_employee(employee_number="nobody") is None
    assert hris.find_employee() is None


def test_create_requires_both_names_and_writes_nothing_when_refused(hris: Any, events: list[DomainEvent]) -> None:
    with pytest.raises(ModelError) as refused:
        hris.insert_employee({"first_name": "Ada", "last_name": "  "})
    assert refused.value.kind == "required" and "last_name" in refused.value.message
    assert len(hris.employees()) == 1 and events == []


def test_create_announces_created_then_updated_with_the_fields_set(hris: Any, events: list[DomainEvent]) -> None:
    ident = hire(hris, job_title="Engineer", hours_per_week="37.5")
    assert kinds(events) == [
        ("employee.created", None),
        (
            "employee.updated",
            [
                "employee_number",
                "first_name",
                "last_name",
                "work_email",
                "hire_date",
                "status",
                "job_title",
                "hours_per_week",
            ],
        ),
    ]
    assert events[0].data["employee_id"] == ident
    view = hris.employee(ident)
    assert view["first_name"] == "Zoë" and view["last_name"] == "O'Brien-Nuñez"
    assert view["hours_per_week"] == Decimal("37.5") and view["hire_date"] == date(2026, 3, 2)


def test_an_edit_announces_only_what_changed(hris: Any, events: list[DomainEvent]) -> None:
    ident = hire(hris)
    events.clear()
    hris.edit_employee(ident, first_name="Zoë", preferred_name="Zo")
    assert kinds(events) == [("employee.updated", ["preferred_name"])]
    events.clear()
    hris.edit_employee(ident, preferred_name="Zo")
    assert events == []
    assert hris.employee(ident)["display_name"] == "Zo O'Brien-Nuñez"


def test_a_refused_edit_changes_nothing(hris: Any, events: list[DomainEvent]) -> None:
    ident = hire(hris)
    events.clear()
    with pytest.raises(ModelError) as refused:
        hris.edit_employee(ident, city="Cork", hire_date="2026-02-30")
    assert refused.value.kind == "invalid" and refused.value.field == "hire_date"
    assert hris.employee(ident)["city"] is None and events == []


def test_employee_number_and_work_email_are_unique(hris: Any) -> None:
    hire(hris)
    with pytest.raises(ModelError) as duplicate:
        hire(hris, work_email="other@example.com")
    assert duplicate.value.kind == "conflict" and duplicate.value.field == "employee_number"
    with pytest.raises(ModelError) as same_mail:
        hire(hris, employee_number="GH-102", work_email="ZOE@example.com")
    assert same_mail.value.field == "work_email"


def test_money_stays_exact_and_floats_are_refused(hris: Any) -> None:
    ident = hire(hris)
    hris.add_table_row(
        ident,
        "compensation",
        effective_date="2026-03-01",
        pay_rate={"value": "103000.10", "currency": "eur"},
        pay_type="Salary",
        pay_per="Year",
    )
    assert hris.employee(ident)["pay_rate"] == {"value": Decimal("103000.10"), "currency": "EUR"}
    with pytest.raises(ModelError, match="float"):
        hris.add_table_row(ident, "compensation", effective_date="2026-03-01", pay_rate={"value": 103000.10})
    hris.edit_employee(ident, pay_rate="52.5 USD")
    assert hris.employee(ident)["pay_rate"] == {"value": Decimal("52.5"), "currency": "USD"}


def test_closed_lists_refuse_near_misses_and_open_lists_grow(hris: Any) -> None:
    ident = hire(hris)
    with pytest.raises(ModelError) as refused:
        hris.add_table_row(ident, "employment", effective_date="2026-03-02", employment_status="Full-time")
    assert "Full-Time" in refused.value.message and refused.value.kind == "invalid"
    hris.add_table_row(ident, "job", effective_date="2026-03-02", department="Platform Engineering")
    departments = next(entry for entry in hris.lists() if entry["key"] == "department")
    assert "Platform Engineering" in [o["name"] for o in departments["options"]]


def test_current_values_come_from_the_latest_effective_row(world: World, hris: Any, events: list[DomainEvent]) -> None:
    ident = hire(hris)
    hris.add_table_row(ident, "job", effective_date="2026-03-01", job_title="Engineer", department="Eng")
    hris.add_table_row(ident, "job", effective_date="2026-03-10", job_title="Senior Engineer", department="Eng")
    hris.add_table_row(ident, "job", effective_date="2026-02-01", job_title="Intern", department="Eng")
    assert hris.employee(ident)["job_title"] == "Engineer"
    assert hris.employee(ident, only_current=False)["job_title"] == "Senior Engineer"
    events.clear()
    world.hub.clock.advance(7 * DAY)  # 2026-03-09 09:00: not yet
    assert events == [] and hris.employee(ident)["job_title"] == "Engineer"
    world.hub.clock.advance(DAY)  # past midnight of 2026-03-10
    assert kinds(events) == [("employee.updated", ["job_title"])]
    assert hris.employee(ident)["job_title"] == "Senior Engineer"


def test_a_same_day_row_wins_by_insertion_order(hris: Any) -> None:
    ident = hire(hris)
    hris.add_table_row(ident, "compensation", effective_date="2026-03-02", pay_rate="90000 USD", pay_per="Year")
    hris.add_table_row(ident, "compensation", effective_date="2026-03-02", pay_rate="95000 USD", pay_per="Year")
    assert hris.employee(ident)["pay_rate"]["value"] == Decimal("95000")


def test_a_plain_field_edit_of_a_history_field_adds_a_row_dated_today(hris: Any) -> None:
    ident = hire(hris, job_title="Engineer", department="Eng")
    hris.edit_employee(ident, job_title="Staff Engineer")
    rows = hris.rows(ident, "job")
    assert [(r["effective_date"], r["job_title"], r["department"]) for r in rows] == [
        (date(2026, 3, 2), "Engineer", "Eng"),
        (date(2026, 3, 2), "Staff Engineer", "Eng"),
    ]


def test_terminate_in_the_future_turns_inactive_on_the_day(world: World, hris: Any, events: list[DomainEvent]) -> None:
    ident = hire(hris)
    hris.add_table_row(ident, "employment", effective_date="2026-03-02", employment_status="Full-Time")
    events.clear()
    view = hris.terminate(ident, "2026-03-05", reason="Resigned")
    assert view["status"] == "Active" and view["termination_date"] == date(2026, 3, 5)
    assert kinds(events) == [("employee.updated", ["termination_date"])]
    world.hub.clock.advance(3 * DAY)
    assert hris.employee(ident)["status"] == "Inactive"
    assert kinds(events)[-1] == ("employee.updated", ["status", "employment_status"])


def test_rows_update_and_delete(hris: Any) -> None:
    ident = hire(hris)
    row = hris.add_table_row(ident, "compensation", effective_date="2026-03-01", pay_rate="100 USD", pay_per="Hour")
    hris.update_table_row(ident, "compensation", row["id"], pay_rate={"value": "110", "currency": "USD"})
    assert hris.rows(ident, "compensation")[0]["pay_rate"]["value"] == Decimal("110")
    assert hris.delete_table_row(ident, "compensation", row["id"]) is True
    assert hris.delete_table_row(ident, "compensation", row["id"]) is False
    assert hris.rows(ident, "compensation") == []
    with pytest.raises(NotFound):
        hris.rows(ident, "benefits")


def test_returned_rows_are_copies(hris: Any) -> None:
    ident = hire(hris)
    hris.add_table_row(ident, "job", effective_date="2026-03-02", job_title="Engineer")
    hris.rows(ident, "job")[0]["job_title"] = "CEO"
    assert hris.employee(ident)["job_title"] == "Engineer"


def test_changed_since_is_inclusive_and_knows_inserts_updates_and_deletes(world: World, hris: Any) -> None:
    start = world.hub.clock.now()
    first = hire(hris)
    world.hub.clock.advance(60)
    second = hire(hris, employee_number="GH-102", work_email="b@example.com")
    hris.edit_employee(first, city="Cork")
    world.hub.clock.advance(60)
    hris.delete_employee(second)
    changes = hris.changed_since(start)
    assert {k: v["action"] for k, v in changes.items()} == {first: "Inserted", second: "Deleted"}
    later = hris.changed_since(start + timedelta(seconds=60))
    assert {k: v["action"] for k, v in later.items()} == {first: "Updated", second: "Deleted"}
    assert later[first]["last_changed"] == start + timedelta(seconds=60)
    assert set(hris.changed_since(start, "Deleted")) == {second}
    assert hris.changed_since(start + timedelta(seconds=121)) == {}


def test_world_actions_reach_the_model(world: World) -> None:
    assert {
        "hris.edit_employee",
        "hris.add_table_row",
        "hris.terminate",
        "hris.employee",
        "hris.employees",
        "hris.find_employee",
        "hris.rows",
    } <= set(world.actions())
    created = world.act("hris.create_employee", first_name="Ada", last_name="Lovelace", department="Research")
    world.act("hris.edit_employee", employee_id=created["id"], work_email="ada@example.com")
    assert world.act("hris.find_employee", work_email="ada@example.com")["department"] == "Research"
    assert [e["id"] for e in world.act("hris.employees", department="Research")] == [created["id"]]


def test_ids_are_deterministic_per_seed() -> None:
    def ids(seed: int) -> list[int]:
        hris = World(seed=seed, systems=["hris"]).hris
        return [hris.api_user_id, hire(hris), hire(hris, employee_number="GH-2", work_email="x@example.com")]

    assert ids(11) == ids(11)
    assert ids(11) != ids(12)


def test_reset_restores_the_seeded_world(world: World, hris: Any) -> None:
    hire(hris)
    admin = hris.api_user_id
    world.hub.clock.advance(DAY)
    world.reset()
    assert [e["id"] for e in hris.employees()] == [admin]
    assert world.hub.clock.now() == datetime.fromisoformat("2026-03-02T09:00:00+00:00")
