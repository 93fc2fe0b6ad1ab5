"""History tables over HTTP: rows, money on the wire, effective dating, changes."""

from __future__ import annotations

from decimal import Decimal

from fakes.world import World

from .conftest import Client

MESSAGE = "X-BambooHR-Message"
DAY = 86400.0


def new_hire(api: Client) -> int:
    return api.create_employee(firstName="Zoë", lastName="O'Brien-Nuñez", hireDate="2026-03-02", employeeNumber="GH-1")


def test_the_journey_rows_round_trip_exactly(world: World, api: Client) -> None:
    ident = new_hire(api)
    rows = {
        "compensation": {
            "startDate": "2026-03-02",
            "rate": {"value": "103000.00", "currency": "USD"},
            "type": "Salary",
            "paidPer": "Year",
            "reason": "New Hire",
        },
        "employmentStatus": {"date": "2026-03-02", "employmentStatus": "Part-Time"},
        "jobInfo": {"date": "2026-03-02", "jobTitle": "Engineer", "department": "Eng"},
    }
    for table, row in rows.items():
        added = api.post(f"/employees/{ident}/tables/{table}", json=row)
        assert added.status_code == 200 and added.content == b"", added.headers.get(MESSAGE)
    compensation = api.get(f"/employees/{ident}/tables/compensation").json()
    assert compensation == [
        {
            "id": compensation[0]["id"],
            "employeeId": str(ident),
            "startDate": "2026-03-02",
            "rate": {"value": "103000.00", "currency": "USD"},
            "type": "Salary",
            "exempt": None,
            "reason": "New Hire",
            "comment": None,
            "paidPer": "Year",
            "paySchedule": None,
            "overtimeRate": None,
        }
    ]
    flat = api.fields(ident, "payRate", "payType", "payPer", "employmentHistoryStatus", "jobTitle", "department")
    assert flat == {
        "id": str(ident),
        "payRate": "103000.00 USD",
        "payType": "Salary",
        "payPer": "Year",
        "employmentHistoryStatus": "Part-Time",
        "jobTitle": "Engineer",
        "department": "Eng",
    }
    assert world.hris.employee(ident)["pay_rate"] == {"value": Decimal("103000.00"), "currency": "USD"}


def test_rates_arrive_as_numbers_or_strings_and_never_pass_through_float(world: World, api: Client) -> None:
    ident = new_hire(api)
    api.post(
        f"/employees/{ident}/tables/compensation",
        data=b'{"startDate":"2026-03-01","rate":{"value":103000.10,"currency":"USD"},"paidPer":"Year"}',
        headers={"Content-Type": "application/json"},
    )
    assert world.hris.employee(ident)["pay_rate"]["value"] == Decimal("103000.10")
    api.post(f"/employees/{ident}/tables/compensation", json={"startDate": "2026-03-02", "rate": "0.1 GBP"})
    assert api.fields(ident, "payRate")["payRate"] == "0.10 GBP"
    api.post(f"/employees/{ident}", json={"payRate": "18.125 USD"})
    assert api.fields(ident, "payRate")["payRate"] == "18.125 USD"


def test_future_rows_are_current_only_once_they_take_effect(world: World, api: Client) -> None:
    ident = new_hire(api)
    api.post(f"/employees/{ident}/tables/jobInfo", json={"date": "2026-03-01", "jobTitle": "Engineer"})
    api.post(f"/employees/{ident}/tables/jobInfo", json={"date": "2026-04-01", "jobTitle": "Senior Engineer"})
    assert api.fields(ident, "jobTitle")["jobTitle"] == "Engineer"
    ahead = api.get(f"/employees/{ident}", params={"fields": "jobTitle", "onlyCurrent": "false"}).json()
    assert ahead["jobTitle"] == "Senior Engineer"
    world.hub.clock.advance(31 * DAY)
    assert api.fields(ident, "jobTitle")["jobTitle"] == "Senior Engineer"
    assert len(api.get(f"/employees/{ident}/tables/jobInfo").json()) == 2


def test_rows_can_be_updated_and_deleted(api: Client) -> None:
    ident = new_hire(api)
    api.post(
        f"/employees/{ident}/tables/compensation",
        json={"startDate": "2026-03-01", "rate": "50 USD", "paidPer": "Hour", "type": "Hourly"},
    )
    row_id = api.get(f"/employees/{ident}/tables/compensation").json()[0]["id"]
    updated = api.post(f"/employees/{ident}/tables/compensation/{row_id}", json={"rate": {"value": "55.50"}})
    assert updated.status_code == 200 and updated.content == b""
    assert api.fields(ident, "payRate")["payRate"] == "55.50 USD"
    v11 = api.post(
        f"{api.origin}/api/gateway.php/{api.domain}/v1_1/employees/{ident}/tables/compensation/{row_id}",
        json={"comment": "v1.1"},
    )
    assert v11.status_code == 200
    assert api.get(f"/employees/{ident}/tables/compensation").json()[0]["comment"] == "v1.1"
    deleted = api.request("DELETE", f"/employees/{ident}/tables/compensation/{row_id}")
    again = api.request("DELETE", f"/employees/{ident}/tables/compensation/{row_id}")
    assert deleted.json() == {"success": True}
    assert again.status_code == 200 and again.json()["success"] is False and again.json()["error"]
    assert api.get(f"/employees/{ident}/tables/compensation").json() == []
    assert api.fields(ident, "payRate")["payRate"] is None
    assert api.request("DELETE", f"/employees/{ident}/tables/benefits/1").status_code == 400


def test_row_refusals(api: Client) -> None:
    ident = new_hire(api)
    table = f"/employees/{ident}/tables"
    answers = {
        "invalid value": api.post(f"{table}/compensation", json={"startDate": "2026-03-01", "type": "Salaried"}),
        "missing date": api.post(f"{table}/jobInfo", json={"jobTitle": "Engineer"}),
        "unknown column": api.post(f"{table}/jobInfo", json={"date": "2026-03-01", "title": "Engineer"}),
        "unknown table": api.post(f"{table}/benefits", json={"date": "2026-03-01"}),
        "unknown employee": api.post("/employees/777777/tables/jobInfo", json={"date": "2026-03-01"}),
        "unknown row": api.post(f"{table}/jobInfo/999", json={"jobTitle": "x"}),
        "negative rate": api.post(f"{table}/compensation", json={"startDate": "2026-03-01", "rate": "-5 USD"}),
        "bad currency": api.post(
            f"{table}/compensation", json={"startDate": "2026-03-01", "rate": {"value": "5", "currency": "DOLLARS"}}
        ),
    }
    assert {k: r.status_code for k, r in answers.items()} == {
        "invalid value": 406,
        "missing date": 400,
        "unknown column": 400,
        "unknown table": 404,
        "unknown employee": 404,
        "unknown row": 404,
        "negative rate": 406,
        "bad currency": 406,
    }
    assert "Salary" in answers["invalid value"].headers[MESSAGE]
    assert api.get(f"{table}/compensation").json() == []
    assert api.get(f"{table}/benefits").status_code == 404


def test_all_employees_rows_and_changed_tables(world: World, api: Client) -> None:
    first, second = new_hire(api), api.create_employee(firstName="Al", lastName="Bee")
    for ident, title in ((first, "Engineer"), (second, "Designer")):
        api.post(f"/employees/{ident}/tables/jobInfo", json={"date": "2026-03-01", "jobTitle": title})
    every = api.get("/employees/all/tables/jobInfo").json()
    assert {(r["employeeId"], r["jobTitle"]) for r in every} >= {(str(first), "Engineer"), (str(second), "Designer")}
    world.hub.clock.advance(3600)
    api.post(f"/employees/{second}", json={"city": "Cork"})
    changed = api.get("/employees/changed/tables/jobInfo", params={"since": "2026-03-02T09:30:00Z"}).json()
    assert changed["table"] == "jobInfo" and list(changed["employees"]) == [str(second)]
    assert [r["jobTitle"] for r in changed["employees"][str(second)]["rows"]] == ["Designer"]
    assert api.get("/employees/changed/tables/benefits", params={"since": "2026-03-01"}).status_code == 404
    assert api.get("/employees/changed/tables/jobInfo").status_code == 400
