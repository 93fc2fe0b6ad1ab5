"""The HRIS field catalogue, its history tables and value rules, as data.

Field aliases are the names an HRIS integration writes (``firstName``,
``payRate``...). A field backed by a history table (``jobTitle`` comes from
``jobInfo.jobTitle``) has no stored value of its own: its current value is
the column of the latest row whose effective date has come.

The numeric ids are this harness's own, stable across runs; they are not the
ids of any vendor account. Display names follow BambooHR's list of
monitorable fields (documentation.bamboohr.com/docs/webhooks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from ..kit.model import NotFound

# -- value kinds -------------------------------------------------------------
TEXT, EMAIL, DATE, LIST, STATUS, CURRENCY, DECIMAL, TIMESTAMP = (
    "text",
    "email",
    "date",
    "list",
    "status",
    "currency",
    "decimal",
    "timestamp",
)

MAX_AMOUNT = Decimal(10) ** 12
MAX_TEXT = 10_000


@dataclass(frozen=True)
class Column:
    alias: str
    name: str
    type: str
    id: int
    list: str | None = None  # the list field whose options this column takes


@dataclass(frozen=True)
class HistoryTable:
    alias: str
    id: int
    date_column: str
    columns: tuple[Column, ...]

    def column(self, alias: str) -> Column | None:
        return next((c for c in self.columns if c.alias == alias), None)


# Column sets per docs/vendors.md (BambooHR, "Table row columns": unverified
# against a live account's GET /meta/tables); the date columns are the effective dates.
TABLES: dict[str, HistoryTable] = {
    "jobInfo": HistoryTable(
        "jobInfo",
        1001,
        "date",
        (
            Column("date", "Job Information: Date", DATE, 1101),
            Column("location", "Location", LIST, 1102, "location"),
            Column("department", "Department", LIST, 1103, "department"),
            Column("division", "Division", LIST, 1104, "division"),
            Column("jobTitle", "Job Title", LIST, 1105, "jobTitle"),
            Column("reportsTo", "Reporting to", TEXT, 1106),
        ),
    ),
    "employmentStatus": HistoryTable(
        "employmentStatus",
        1002,
        "date",
        (
            Column("date", "Employment Status: Date", DATE, 1201),
            Column("employmentStatus", "Employment Status", LIST, 1202, "employmentHistoryStatus"),
            Column("comment", "Comment", TEXT, 1203),
        ),
    ),
    "compensation": HistoryTable(
        "compensation",
        1003,
        "startDate",
        (
            Column("startDate", "Compensation: Date", DATE, 1301),
            Column("rate", "Pay rate", CURRENCY, 1302),
            Column("type", "Pay type", LIST, 1303, "payType"),
            Column("exempt", "Overtime Status", LIST, 1304, "exempt"),
            Column("reason", "Compensation Change Reason", LIST, 1305, "payChangeReason"),
            Column("comment", "Comment", TEXT, 1306),
            Column("paidPer", "Paid per", LIST, 1307, "payPer"),
            Column("paySchedule", "Pay Schedule", LIST, 1308, "paySchedule"),
            Column("overtimeRate", "Overtime Rate", CURRENCY, 1309),
        ),
    ),
}

# (alias, display name, kind, id, "table.column" or None, read only)
_STANDARD: tuple[tuple[str, str, str, int, str | None, bool], ...] = (
    ("employeeNumber", "Employee #", TEXT, 1, None, False),
    ("firstName", "First Name", TEXT, 2, None, False),
    ("middleName", "Middle Name", TEXT, 3, None, False),
    ("lastName", "Last Name", TEXT, 4, None, False),
    ("preferredName", "Preferred Name", TEXT, 5, None, False),
    ("displayName", "Display name", TEXT, 6, None, True),
    ("gender", "Gender", LIST, 7, None, False),
    ("maritalStatus", "Marital Status", LIST, 8, None, False),
    ("dateOfBirth", "Birth Date", DATE, 9, None, False),
    ("ssn", "SSN", TEXT, 10, None, False),
    ("address1", "Address Line 1", TEXT, 11, None, False),
    ("address2", "Address Line 2", TEXT, 12, None, False),
    ("city", "City", TEXT, 13, None, False),
    ("state", "State", TEXT, 14, None, False),
    ("zipcode", "Zip Code", TEXT, 15, None, False),
    ("country", "Country", TEXT, 16, None, False),
    ("workEmail", "Work Email", EMAIL, 17, None, False),
    ("homeEmail", "Home Email", EMAIL, 18, None, False),
    ("workPhone", "Work Phone", TEXT, 19, None, False),
    ("workPhoneExtension", "Work Ext.", TEXT, 20, None, False),
    ("mobilePhone", "Mobile Phone", TEXT, 21, None, False),
    ("homePhone", "Home Phone", TEXT, 22, None, False),
    ("hireDate", "Hire Date", DATE, 23, None, False),
    ("originalHireDate", "Original Hire Date", DATE, 24, None, False),
    ("terminationDate", "Termination Date", DATE, 25, None, False),
    ("status", "Status", STATUS, 26, None, False),
    ("jobTitle", "Job Title", LIST, 27, "jobInfo.jobTitle", False),
    ("department", "Department", LIST, 28, "jobInfo.department", False),
    ("division", "Division", LIST, 29, "jobInfo.division", False),
    ("location", "Location", LIST, 30, "jobInfo.location", False),
    ("supervisor", "Reporting to", TEXT, 31, "jobInfo.reportsTo", False),
    ("employmentHistoryStatus", "Employment Status", LIST, 32, "employmentStatus.employmentStatus", False),
    ("payRate", "Pay rate", CURRENCY, 33, "compensation.rate", False),
    ("payType", "Pay type", LIST, 34, "compensation.type", False),
    ("payPer", "Paid per", LIST, 35, "compensation.paidPer", False),
    ("paySchedule", "Pay Schedule", LIST, 36, "compensation.paySchedule", False),
    ("exempt", "Overtime Status", LIST, 37, "compensation.exempt", False),
    ("payChangeReason", "Compensation Change Reason", LIST, 38, "compensation.reason", False),
    ("payRateEffectiveDate", "Compensation: Date", DATE, 39, "compensation.startDate", False),
    ("overtimeRate", "Overtime Rate", CURRENCY, 40, "compensation.overtimeRate", False),
    ("lastChanged", "Last changed", TIMESTAMP, 41, None, True),
)

# The journey vocabulary's custom field (ARCHITECTURE.md): hours per week.
CUSTOM_FIELDS: tuple[tuple[str, str, str, int], ...] = (("customHoursPerWeek", "Hours Per Week", DECIMAL, 4001),)


def field_record(
    alias: str,
    name: str,
    kind: str,
    ident: int,
    source: str | None = None,
    read_only: bool = False,
    custom: bool = False,
) -> dict[str, Any]:
    table, _, column = (source or "").partition(".")
    return {
        "id": ident,
        "alias": alias,
        "name": name,
        "type": kind,
        "table": table or None,
        "column": column or None,
        "readOnly": read_only,
        "custom": custom,
    }


STANDARD_FIELDS: tuple[dict[str, Any], ...] = tuple(field_record(*spec) for spec in _STANDARD) + tuple(
    field_record(alias, name, kind, ident, custom=True) for alias, name, kind, ident in CUSTOM_FIELDS
)

# List fields: alias -> (field id, closed?, seeded options). A closed list
# refuses values outside its options (the SUT's "Full-time" vs "Full-Time"
# mapping bugs surface here); an open list gains an option on first use, the
# way an HR admin adds a department. Options are this harness's seed ⚠️.
LISTS: dict[str, tuple[int, bool, tuple[str, ...]]] = {
    "gender": (7, True, ("Female", "Male", "Non-binary")),
    "maritalStatus": (8, True, ("Single", "Married", "Domestic Partnership", "Divorced", "Separated", "Widowed")),
    "status": (26, True, ("Active", "Inactive")),
    "jobTitle": (27, False, ("HR Manager",)),
    "department": (28, False, ("Human Resources",)),
    "division": (29, False, ()),
    "location": (30, False, ()),
    "employmentHistoryStatus": (
        32,
        True,
        (
            "Full-Time",
            "Part-Time",
            "Contractor",
            "Intern",
            "Temporary",
            "Furloughed",
            "Terminated",
        ),
    ),
    "payType": (34, True, ("Salary", "Hourly", "Commission", "Exception Hourly", "Daily", "Contract", "Piece Rate")),
    "payPer": (35, True, ("Hour", "Day", "Week", "Month", "Quarter", "Year", "Pay Period", "Piece")),
    "paySchedule": (36, False, ()),
    "exempt": (37, True, ("Exempt", "Non-exempt")),
    "payChangeReason": (38, False, ("New Hire", "Promotion", "Merit", "Market Adjustment", "Other")),
}


# -- coercion ----------------------------------------------------------------
class FieldValueError(ValueError):
    """A value that its field cannot hold; the message says what it must be."""


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONEY_TEXT = re.compile(r"^\s*(-?[0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]{3})?\s*$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def coerce(kind: str, value: Any, *, options: tuple[str, ...] | None = None, currency: str = "USD") -> Any:
    """The stored form of ``value`` for a field of ``kind``; None clears the field."""
    if is_empty(value):
        return None
    if kind in (TEXT, EMAIL, LIST, STATUS):
        text = _text(value)
        if kind == EMAIL and (" " in text or text.count("@") != 1 or text.startswith("@") or text.endswith("@")):
            raise FieldValueError(f"{text!r} is not an email address")
        if options is not None and text not in options:
            raise FieldValueError(f"{text!r} is not an option; valid: {', '.join(options)}")
        return text
    if kind == DATE:
        return parse_date(value)
    if kind == CURRENCY:
        return parse_money(value, currency)
    if kind == DECIMAL:
        return parse_decimal(value)
    raise FieldValueError("the field is read-only")


def _text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise FieldValueError(f"{value!r} must be a string")
    if isinstance(value, Decimal) and (not value.is_finite() or abs(value.adjusted()) > 30):
        raise FieldValueError(f"{value!r} is not a plausible value for a text field")
    if isinstance(value, int) and abs(value) >= 10**30:
        raise FieldValueError("integers in text fields must have fewer than 30 digits")
    text = value if isinstance(value, str) else format(value, "f") if isinstance(value, Decimal) else str(value)
    if len(text) > MAX_TEXT or any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text):
        raise FieldValueError("must be printable text of at most 10000 characters")
    return text


def parse_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE.match(value.strip()):
        raise FieldValueError(f"{value!r} must be a date as YYYY-MM-DD")
    if value.strip() == "0000-00-00":  # BambooHR's empty date
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise FieldValueError(f"{value!r} is not a calendar date") from None


def parse_decimal(value: Any) -> Decimal:
    if isinstance(value, float):
        raise FieldValueError(f"{value!r} is a float; pass money and hours as str, int or Decimal")
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise FieldValueError(f"{value!r} must be a number")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise FieldValueError(f"{value!r} must be a number") from None
    if not number.is_finite() or abs(number) >= MAX_AMOUNT or number.as_tuple().exponent < -6:  # type: ignore[operator]
        raise FieldValueError(f"{value!r} is out of range (finite, below 10^12, at most 6 decimals)")
    return number


def parse_money(value: Any, currency: str = "USD") -> dict[str, Any]:
    """``{"value": "103000.00", "currency": "USD"}``, ``"103000.00 USD"`` or a bare number."""
    if isinstance(value, dict):
        unknown = sorted(set(value) - {"value", "currency"})
        if unknown:
            raise FieldValueError(f"unknown keys {unknown}; a rate is {{value, currency}}")
        amount, code = value.get("value"), value.get("currency") or currency
        if is_empty(amount):
            raise FieldValueError("a rate needs a value")
    elif isinstance(value, str):
        match = _MONEY_TEXT.match(value)
        if not match:
            raise FieldValueError(f"{value!r} must look like '103000.00 USD'")
        amount, code = match.group(1), match.group(2) or currency
    else:
        amount, code = value, currency
    number = parse_decimal(amount)
    if number < 0:
        raise FieldValueError(f"{amount!r} must not be negative")
    if not isinstance(code, str) or not _CURRENCY.match(code.upper()):
        raise FieldValueError(f"currency {code!r} must be a 3-letter ISO 4217 code")
    return {"value": number, "currency": code.upper()}


def record_id(value: Any, what: str) -> int:
    """An integer record id from a path or an action argument; anything else is simply not found."""
    if isinstance(value, bool):
        raise NotFound(what, value)
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise NotFound(what, value) from None
