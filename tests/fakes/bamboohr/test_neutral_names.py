"""The HRIS model keys everything by neutral names; only the BambooHR dialect speaks BambooHR's.

The expected names below are written out here, independently of the dialect's
own map (``fakes/hris/bamboohr/fields.py``): BambooHR's field alias, the
model's neutral key, a value to send on the wire and the value the model must
hold. A field that both sides happen to spell alike (``city``) is listed too:
it must still round-trip.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from fakes.world import World

from .conftest import Client

MESSAGE = "X-BambooHR-Message"

# BambooHR alias -> (neutral key, wire value sent, model value, wire value read back)
FIELDS: dict[str, tuple[str, Any, Any, Any]] = {
    "employeeNumber": ("employee_number", "GH-7", "GH-7", "GH-7"),
    "firstName": ("first_name", "Zoë", "Zoë", "Zoë"),
    "middleName": ("middle_name", "Ana", "Ana", "Ana"),
    "lastName": ("last_name", "Nuñez", "Nuñez", "Nuñez"),
    "preferredName": ("preferred_name", "Zo", "Zo", "Zo"),
    "gender": ("gender", "Female", "Female", "Female"),
    "maritalStatus": ("marital_status", "Single", "Single", "Single"),
    "dateOfBirth": ("date_of_birth", "1990-05-17", date(1990, 5, 17), "1990-05-17"),
    "ssn": ("national_id", "123-45-6789", "123-45-6789", "123-45-6789"),
    "address1": ("address_line_1", "1 Main St", "1 Main St", "1 Main St"),
    "address2": ("address_line_2", "Apt 2", "Apt 2", "Apt 2"),
    "city": ("city", "Cork", "Cork", "Cork"),
    "state": ("state", "CA", "CA", "CA"),
    "zipcode": ("postal_code", "94107", "94107", "94107"),
    "country": ("country", "US", "US", "US"),
    "workEmail": ("work_email", "zoe@example.com", "zoe@example.com", "zoe@example.com"),
    "homeEmail": ("home_email", "zoe@home.example", "zoe@home.example", "zoe@home.example"),
    "workPhone": ("work_phone", "+1 555 0100", "+1 555 0100", "+1 555 0100"),
    "workPhoneExtension": ("work_phone_extension", "12", "12", "12"),
    "mobilePhone": ("mobile_phone", "+1 555 0101", "+1 555 0101", "+1 555 0101"),
    "homePhone": ("home_phone", "+1 555 0102", "+1 555 0102", "+1 555 0102"),
    "hireDate": ("hire_date", "2026-03-02", date(2026, 3, 2), "2026-03-02"),
    "originalHireDate": ("original_hire_date", "2025-01-06", date(2025, 1, 6), "2025-01-06"),
    "terminationDate": ("termination_date", "2027-01-01", date(2027, 1, 1), "2027-01-01"),
    "status": ("status", "Active", "Active", "Active"),
    "jobTitle": ("job_title", "Engineer", "Engineer", "Engineer"),
    "department": ("department", "Eng", "Eng", "Eng"),
    "division": ("division", "North", "North", "North"),
    "location": ("location", "Remote", "Remote", "Remote"),
    "supervisor": ("reports_to", "Ada", "Ada", "Ada"),
    "employmentHistoryStatus": ("employment_status", "Part-Time", "Part-Time", "Part-Time"),
    "payRate": (
        "pay_rate",
        "103000.10 EUR",
        {"value": Decimal("103000.10"), "currency": "EUR"},
        "103000.10 EUR",
    ),
    "payType": ("pay_type", "Salary", "Salary", "Salary"),
    "payPer": ("pay_per", "Year", "Year", "Year"),
    "paySchedule": ("pay_schedule", "Monthly", "Monthly", "Monthly"),
    "exempt": ("overtime_status", "Exempt", "Exempt", "Exempt"),
    "payChangeReason": ("pay_change_reason", "New Hire", "New Hire", "New Hire"),
    "payRateEffectiveDate": ("pay_rate_effective_date", "2026-03-02", date(2026, 3, 2), "2026-03-02"),
    "overtimeRate": ("overtime_rate", "55.5 USD", {"value": Decimal("55.5"), "currency": "USD"}, "55.50 USD"),
    "customHoursPerWeek": ("hours_per_week", "37.5", Decimal("37.5"), "37.5"),
}
READ_ONLY = {"displayName": "display_name", "lastChanged": "last_changed"}

# BambooHR table -> (neutral table, {column alias: (neutral column, wire value, model value)})
TABLES: dict[str, tuple[str, dict[str, tuple[str, Any, Any]]]] = {
    "jobInfo": (
        "job",
        {
            "date": ("effective_date", "2026-04-01", date(2026, 4, 1)),
            "location": ("location", "Cork", "Cork"),
            "department": ("department", "Research", "Research"),
            "division": ("division", "South", "South"),
            "jobTitle": ("job_title", "Staff Engineer", "Staff Engineer"),
            "reportsTo": ("reports_to", "Grace", "Grace"),
        },
    ),
    "employmentStatus": (
        "employment",
        {
            "date": ("effective_date", "2026-04-01", date(2026, 4, 1)),
            "employmentStatus": ("employment_status", "Full-Time", "Full-Time"),
            "comment": ("comment", "converted", "converted"),
        },
    ),
    "compensation": (
        "compensation",
        {
            "startDate": ("effective_date", "2026-04-01", date(2026, 4, 1)),
            "rate": (
                "pay_rate",
                {"value": "120000.00", "currency": "USD"},
                {"value": Decimal("120000.00"), "currency": "USD"},
            ),
            "type": ("pay_type", "Hourly", "Hourly"),
            "exempt": ("overtime_status", "Non-exempt", "Non-exempt"),
            "reason": ("pay_change_reason", "Promotion", "Promotion"),
            "comment": ("comment", "raise", "raise"),
            "paidPer": ("pay_per", "Hour", "Hour"),
            "paySchedule": ("pay_schedule", "Weekly", "Weekly"),
            "overtimeRate": (
                "overtime_rate",
                {"value": "90.00", "currency": "USD"},
                {"value": Decimal("90.00"), "currency": "USD"},
            ),
        },
    ),
}

NEUTRAL = {key for key, *_ in FIELDS.values()} | set(READ_ONLY.values())
NEUTRAL |= {table for table, _ in TABLES.values()}
NEUTRAL |= {column for _, columns in TABLES.values() for column, *_ in columns.values()}
BAMBOOHR = set(FIELDS) | set(READ_ONLY) | set(TABLES) | {c for _, cols in TABLES.values() for c in cols}
BAMBOOHR_ONLY = BAMBOOHR - NEUTRAL  # payRate, jobInfo, paidPer...: never a key or a name in the model


def hire_everything(api: Client) -> int:
    """An employee with every writable standard field set through the API, and a row in every table."""
    ident = api.create_employee(**{alias: sent for alias, (_, sent, _, _) in FIELDS.items()})
    for table, (_, columns) in TABLES.items():
        row = {alias: sent for alias, (_, sent, _) in columns.items()}
        added = api.post(f"/employees/{ident}/tables/{table}", json=row)
        assert added.status_code == 200, added.headers.get(MESSAGE)
    return ident


def names_in(value: Any) -> set[str]:
    """Every mapping key and every string inside ``value`` (a record, a row, a change, an event)."""
    if isinstance(value, dict):
        return {str(k) for k in value} | {n for v in value.values() for n in names_in(v)}
    if isinstance(value, (list, tuple)):
        return {n for v in value for n in names_in(v)}
    return {value} if isinstance(value, str) else set()


def test_the_model_holds_no_bamboohr_name(world: World, api: Client) -> None:
    events: list[Any] = []
    world.hub.subscribe("hris", events.append)
    ident = hire_everything(api)
    api.post(f"/employees/{ident}", json={"payRate": "1.00 USD", "jobTitle": "Lead"})
    hris = world.hris
    store = hris.store
    found = names_in(store.table("employees")[ident])
    found |= names_in(hris.employee(ident)) | names_in(hris.employee(ident, only_current=False))
    for table in ("job", "employment", "compensation"):
        found |= names_in(hris.rows(ident, table))
    found |= names_in(list(store.table("changes").values()))  # the change log: field lists and tables
    found |= {str(k) for k in store.table("fields")} | {f["key"] for f in hris.fields()}
    found |= {str(k) for k in store.table("lists")}
    found |= names_in([e.data for e in events])  # announced field names
    assert sorted(found & BAMBOOHR_ONLY) == []
    assert {"first_name", "pay_rate", "employment_status", "hours_per_week"} <= found  # the walk saw the fields


def test_every_standard_field_round_trips_between_alias_and_key(world: World, api: Client) -> None:
    ident = hire_everything(api)  # its table rows take effect on 2026-04-01; today is 2026-03-02
    held = world.hris.employee(ident)
    read = api.fields(ident, *FIELDS, *READ_ONLY)
    for alias, (key, _, value, wire) in FIELDS.items():
        assert held[key] == value, alias  # in by BambooHR's alias, held under the neutral key
        assert read[alias] == wire, alias  # and out again under the alias
    assert read["displayName"] == "Zo Nuñez" == held["display_name"]
    # a neutral write in the model reads back under the alias
    world.act("hris.edit_employee", employee_id=ident, pay_rate="99.99 USD", national_id="987-65-4321")
    assert api.fields(ident, "payRate", "ssn") == {"id": str(ident), "payRate": "99.99 USD", "ssn": "987-65-4321"}
    # the catalogue the API lists is BambooHR's aliases, not the model's keys
    listed = {f["alias"] for f in api.get("/meta/fields").json()}
    assert listed == set(FIELDS) | set(READ_ONLY)


def test_every_table_column_round_trips_between_alias_and_key(world: World, api: Client) -> None:
    ident = hire_everything(api)
    for table, (neutral, columns) in TABLES.items():
        stored = world.hris.rows(ident, neutral)[-1]
        for alias, (column, _, held) in columns.items():
            assert stored[column] == held, f"{table}.{alias}"
        assert set(stored) == {"id", "employee_id", *(c for c, _, _ in columns.values())}
        wire = api.get(f"/employees/{ident}/tables/{table}").json()[-1]
        for alias, (_, sent, _) in columns.items():
            assert wire[alias] == sent, f"{table}.{alias}"
        assert set(wire) == {"id", "employeeId", *columns}
    world.act("hris.add_table_row", employee_id=ident, table="job", effective_date="2026-05-01", job_title="CTO")
    assert api.get(f"/employees/{ident}/tables/jobInfo").json()[-1]["jobTitle"] == "CTO"
    meta = {t["alias"]: {f["alias"] for f in t["fields"]} for t in api.get("/meta/tables").json()}
    assert meta == {table: set(columns) for table, (_, columns) in TABLES.items()}


def test_neutral_names_are_not_bamboohr_names_on_the_wire(world: World, api: Client) -> None:
    refused = api.post("/employees", json={"first_name": "Ada", "last_name": "Lovelace"})
    assert refused.status_code == 400 and refused.headers[MESSAGE] == "firstName and lastName are required"
    ident = api.create_employee(firstName="Ada", lastName="Lovelace")
    unknown = api.post(f"/employees/{ident}", json={"pay_rate": "1 USD"})
    assert unknown.headers[MESSAGE] == "Invalid field: 'pay_rate' is not in the field catalogue"
    assert api.get(f"/employees/{ident}/tables/job").status_code == 404
    column = api.post(f"/employees/{ident}/tables/jobInfo", json={"date": "2026-03-02", "job_title": "x"})
    assert column.headers[MESSAGE].startswith("'job_title' is not a column of jobInfo; columns: date, location")
