"""The HRIS field catalogue, its history tables and value rules, as data.

The model speaks its own, vendor-neutral names: snake_case keys such as
``first_name``, ``work_email``, ``pay_rate``; tables ``job``, ``employment``
and ``compensation``. A field backed by a history table (``job_title`` comes
from ``job.job_title``) has no stored value of its own: its current value is
the column of the latest row whose effective date has come.

What a vendor calls these (BambooHR's ``firstName``, ``jobInfo``, field ids
and display names) is the dialect's data (``bamboohr/fields.py``); a dialect
hands the model a :class:`Vocabulary` so that a refusal names a field the
way its caller wrote it.
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
    key: str
    type: str
    list: str | None = None  # the list field whose options this column takes


@dataclass(frozen=True)
class HistoryTable:
    key: str
    date_column: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)


# The date columns are the effective dates.
TABLES: dict[str, HistoryTable] = {
    "job": HistoryTable(
        "job",
        "effective_date",
        (
            Column("effective_date", DATE),
            Column("location", LIST, "location"),
            Column("department", LIST, "department"),
            Column("division", LIST, "division"),
            Column("job_title", LIST, "job_title"),
            Column("reports_to", TEXT),
        ),
    ),
    "employment": HistoryTable(
        "employment",
        "effective_date",
        (
            Column("effective_date", DATE),
            Column("employment_status", LIST, "employment_status"),
            Column("comment", TEXT),
        ),
    ),
    "compensation": HistoryTable(
        "compensation",
        "effective_date",
        (
            Column("effective_date", DATE),
            Column("pay_rate", CURRENCY),
            Column("pay_type", LIST, "pay_type"),
            Column("overtime_status", LIST, "overtime_status"),
            Column("pay_change_reason", LIST, "pay_change_reason"),
            Column("comment", TEXT),
            Column("pay_per", LIST, "pay_per"),
            Column("pay_schedule", LIST, "pay_schedule"),
            Column("overtime_rate", CURRENCY),
        ),
    ),
}

# (key, kind, "table.column" or None, read only), in catalogue order
_STANDARD: tuple[tuple[str, str, str | None, bool], ...] = (
    ("employee_number", TEXT, None, False),
    ("first_name", TEXT, None, False),
    ("middle_name", TEXT, None, False),
    ("last_name", TEXT, None, False),
    ("preferred_name", TEXT, None, False),
    ("display_name", TEXT, None, True),
    ("gender", LIST, None, False),
    ("marital_status", LIST, None, False),
    ("date_of_birth", DATE, None, False),
    ("national_id", TEXT, None, False),
    ("address_line_1", TEXT, None, False),
    ("address_line_2", TEXT, None, False),
    ("city", TEXT, None, False),
    ("state", TEXT, None, False),
    ("postal_code", TEXT, None, False),
    ("country", TEXT, None, False),
    ("work_email", EMAIL, None, False),
    ("home_email", EMAIL, None, False),
    ("work_phone", TEXT, None, False),
    ("work_phone_extension", TEXT, None, False),
    ("mobile_phone", TEXT, None, False),
    ("home_phone", TEXT, None, False),
    ("hire_date", DATE, None, False),
    ("original_hire_date", DATE, None, False),
    ("termination_date", DATE, None, False),
    ("status", STATUS, None, False),
    ("job_title", LIST, "job.job_title", False),
    ("department", LIST, "job.department", False),
    ("division", LIST, "job.division", False),
    ("location", LIST, "job.location", False),
    ("reports_to", TEXT, "job.reports_to", False),
    ("employment_status", LIST, "employment.employment_status", False),
    ("pay_rate", CURRENCY, "compensation.pay_rate", False),
    ("pay_type", LIST, "compensation.pay_type", False),
    ("pay_per", LIST, "compensation.pay_per", False),
    ("pay_schedule", LIST, "compensation.pay_schedule", False),
    ("overtime_status", LIST, "compensation.overtime_status", False),
    ("pay_change_reason", LIST, "compensation.pay_change_reason", False),
    ("pay_rate_effective_date", DATE, "compensation.effective_date", False),
    ("overtime_rate", CURRENCY, "compensation.overtime_rate", False),
    ("last_changed", TIMESTAMP, None, True),
)

# The journey vocabulary's custom field (ARCHITECTURE.md): hours per week.
# (key, display name, kind, catalogue id)
CUSTOM_FIELDS: tuple[tuple[str, str, str, int], ...] = (("hours_per_week", "Hours Per Week", DECIMAL, 4001),)


def field_record(
    key: str,
    kind: str,
    source: str | None = None,
    read_only: bool = False,
    custom: bool = False,
    name: str | None = None,
    ident: int | None = None,
) -> dict[str, Any]:
    """One catalogue entry. ``name`` and ``id`` are a custom field's own (an admin gave them);
    a standard field's display name and number are each dialect's to say."""
    table, _, column = (source or "").partition(".")
    return {
        "key": key,
        "name": name,
        "id": ident,
        "type": kind,
        "table": table or None,
        "column": column or None,
        "readOnly": read_only,
        "custom": custom,
    }


STANDARD_FIELDS: tuple[dict[str, Any], ...] = tuple(field_record(*spec) for spec in _STANDARD) + tuple(
    field_record(key, kind, custom=True, name=name, ident=ident) for key, name, kind, ident in CUSTOM_FIELDS
)
STANDARD_KEYS = frozenset(f["key"] for f in STANDARD_FIELDS)

# List fields: key -> (closed?, seeded options). A closed list refuses
# values outside its options (the SUT's "Full-time" vs "Full-Time" mapping
# bugs surface here); an open list gains an option on first use, the way an
# HR admin adds a department. Options are this harness's seed ⚠️.
LISTS: dict[str, tuple[bool, tuple[str, ...]]] = {
    "gender": (True, ("Female", "Male", "Non-binary")),
    "marital_status": (True, ("Single", "Married", "Domestic Partnership", "Divorced", "Separated", "Widowed")),
    "status": (True, ("Active", "Inactive")),
    "job_title": (False, ("HR Manager",)),
    "department": (False, ("Human Resources",)),
    "division": (False, ()),
    "location": (False, ()),
    "employment_status": (
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
    "pay_type": (True, ("Salary", "Hourly", "Commission", "Exception Hourly", "Daily", "Contract", "Piece Rate")),
    "pay_per": (True, ("Hour", "Day", "Week", "Month", "Quarter", "Year", "Pay Period", "Piece")),
    "pay_schedule": (False, ()),
    "overtime_status": (True, ("Exempt", "Non-exempt")),
    "pay_change_reason": (False, ("New Hire", "Promotion", "Merit", "Market Adjustment", "Other")),
}


class Vocabulary:
    """How a caller names the model's fields, tables and columns: its names to the model's keys (None when it
    has no such name) and back, so that the model's refusals name things as the caller wrote them.

    This base is the model's own, neutral vocabulary: a name is a key. A dialect subclasses it with its
    vendor's names (``bamboohr/fields.py``).
    """

    def field_key(self, name: Any, catalogue: Any) -> str | None:
        """The key of the field the caller calls ``name``; ``catalogue`` is the model (its declared fields)."""
        return name if isinstance(name, str) and catalogue.field(name) is not None else None

    def field_name(self, key: str) -> str:
        return key

    def table_key(self, name: Any) -> str | None:
        return name if isinstance(name, str) and name in TABLES else None

    def table_name(self, key: str) -> str:
        return key

    def column_key(self, table: str, name: Any) -> str | None:
        return name if isinstance(name, str) and TABLES[table].column(name) is not None else None

    def column_name(self, table: str, key: str) -> str:
        return key


NEUTRAL = Vocabulary()


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
