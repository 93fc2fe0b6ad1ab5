"""BambooHR's names for the HRIS model's fields, tables and columns.

The model keys everything by neutral names (``fakes/hris/fields.py``); this
is the one map between them and BambooHR's: the field alias an integration
writes (``firstName``, ``payRate``), the display name, and the numeric field
id, for each standard field; the table alias (``jobInfo``) and table id; and
each column's alias, display name and id. The dialect translates at its edge
with :data:`VOCABULARY` (requests in) and the ``alias``/``table_alias``/
``column_alias`` helpers (answers out).

The numeric ids are this harness's own, stable across runs; they are not the
ids of any vendor account. Display names follow BambooHR's list of
monitorable fields (documentation.bamboohr.com/docs/webhooks); column sets per
docs/vendors.md (BambooHR, "Table row columns": unverified against a live
account's ``GET /meta/tables``).

A tenant's custom fields (declared through ``tenant.hris.custom_fields``)
are not here: their key is the tenant's own name, which is also what
BambooHR calls them, and their display name and id are the catalogue's.
"""

from __future__ import annotations

from typing import Any

from ..fields import STANDARD_FIELDS, TABLES, Vocabulary

# neutral key -> (BambooHR alias, display name, field id)
FIELDS: dict[str, tuple[str, str, int]] = {
    "employee_number": ("employeeNumber", "Employee #", 1),
    "first_name": ("firstName", "First Name", 2),
    "middle_name": ("middleName", "Middle Name", 3),
    "last_name": ("lastName", "Last Name", 4),
    "preferred_name": ("preferredName", "Preferred Name", 5),
    "display_name": ("displayName", "Display name", 6),
    "gender": ("gender", "Gender", 7),
    "marital_status": ("maritalStatus", "Marital Status", 8),
    "date_of_birth": ("dateOfBirth", "Birth Date", 9),
    "national_id": ("ssn", "SSN", 10),
    "address_line_1": ("address1", "Address Line 1", 11),
    "address_line_2": ("address2", "Address Line 2", 12),
    "city": ("city", "City", 13),
    "state": ("state", "State", 14),
    "postal_code": ("zipcode", "Zip Code", 15),
    "country": ("country", "Country", 16),
    "work_email": ("workEmail", "Work Email", 17),
    "home_email": ("homeEmail", "Home Email", 18),
    "work_phone": ("workPhone", "Work Phone", 19),
    "work_phone_extension": ("workPhoneExtension", "Work Ext.", 20),
    "mobile_phone": ("mobilePhone", "Mobile Phone", 21),
    "home_phone": ("homePhone", "Home Phone", 22),
    "hire_date": ("hireDate", "Hire Date", 23),
    "original_hire_date": ("originalHireDate", "Original Hire Date", 24),
    "termination_date": ("terminationDate", "Termination Date", 25),
    "status": ("status", "Status", 26),
    "job_title": ("jobTitle", "Job Title", 27),
    "department": ("department", "Department", 28),
    "division": ("division", "Division", 29),
    "location": ("location", "Location", 30),
    "reports_to": ("supervisor", "Reporting to", 31),
    "employment_status": ("employmentHistoryStatus", "Employment Status", 32),
    "pay_rate": ("payRate", "Pay rate", 33),
    "pay_type": ("payType", "Pay type", 34),
    "pay_per": ("payPer", "Paid per", 35),
    "pay_schedule": ("paySchedule", "Pay Schedule", 36),
    "overtime_status": ("exempt", "Overtime Status", 37),
    "pay_change_reason": ("payChangeReason", "Compensation Change Reason", 38),
    "pay_rate_effective_date": ("payRateEffectiveDate", "Compensation: Date", 39),
    "overtime_rate": ("overtimeRate", "Overtime Rate", 40),
    "last_changed": ("lastChanged", "Last changed", 41),
    # the journey vocabulary's built-in custom field
    "hours_per_week": ("customHoursPerWeek", "Hours Per Week", 4001),
}

# neutral table key -> (BambooHR table alias, table id, {neutral column key: (alias, display name, id)})
TABLES_MAP: dict[str, tuple[str, int, dict[str, tuple[str, str, int]]]] = {
    "job": (
        "jobInfo",
        1001,
        {
            "effective_date": ("date", "Job Information: Date", 1101),
            "location": ("location", "Location", 1102),
            "department": ("department", "Department", 1103),
            "division": ("division", "Division", 1104),
            "job_title": ("jobTitle", "Job Title", 1105),
            "reports_to": ("reportsTo", "Reporting to", 1106),
        },
    ),
    "employment": (
        "employmentStatus",
        1002,
        {
            "effective_date": ("date", "Employment Status: Date", 1201),
            "employment_status": ("employmentStatus", "Employment Status", 1202),
            "comment": ("comment", "Comment", 1203),
        },
    ),
    "compensation": (
        "compensation",
        1003,
        {
            "effective_date": ("startDate", "Compensation: Date", 1301),
            "pay_rate": ("rate", "Pay rate", 1302),
            "pay_type": ("type", "Pay type", 1303),
            "overtime_status": ("exempt", "Overtime Status", 1304),
            "pay_change_reason": ("reason", "Compensation Change Reason", 1305),
            "comment": ("comment", "Comment", 1306),
            "pay_per": ("paidPer", "Paid per", 1307),
            "pay_schedule": ("paySchedule", "Pay Schedule", 1308),
            "overtime_rate": ("overtimeRate", "Overtime Rate", 1309),
        },
    ),
}

KEY_OF_ALIAS: dict[str, str] = {alias: key for key, (alias, _, _) in FIELDS.items()}
KEY_OF_ID: dict[str, str] = {str(ident): key for key, (_, _, ident) in FIELDS.items()}
TABLE_OF_ALIAS: dict[str, str] = {alias: key for key, (alias, _, _) in TABLES_MAP.items()}
COLUMN_OF_ALIAS: dict[str, dict[str, str]] = {
    table: {alias: key for key, (alias, _, _) in columns.items()} for table, (_, _, columns) in TABLES_MAP.items()
}


# -- answers out: neutral -> BambooHR ------------------------------------------------------------
def alias(key: str) -> str:
    """The BambooHR alias of a field key (a tenant's custom field is called by its own key)."""
    entry = FIELDS.get(key)
    return entry[0] if entry else key


def field_name(spec: dict[str, Any]) -> str:
    """A catalogue entry's display name: BambooHR's for a standard field, the admin's for a custom one."""
    entry = FIELDS.get(spec["key"])
    return entry[1] if entry else str(spec["name"])


def field_id(spec: dict[str, Any]) -> int:
    entry = FIELDS.get(spec["key"])
    return entry[2] if entry else int(spec["id"])


def table_alias(key: str) -> str:
    return TABLES_MAP[key][0]


def table_id(key: str) -> int:
    return TABLES_MAP[key][1]


def column_alias(table: str, key: str) -> str:
    return TABLES_MAP[table][2][key][0]


def column_name(table: str, key: str) -> str:
    return TABLES_MAP[table][2][key][1]


def column_id(table: str, key: str) -> int:
    return TABLES_MAP[table][2][key][2]


# -- requests in: BambooHR -> neutral ------------------------------------------------------------
class BambooHRVocabulary(Vocabulary):
    """BambooHR's names for the model's: field aliases or numeric ids (BambooHR accepts both), table and
    column aliases. A name BambooHR does not know is unknown here even when it is a neutral key."""

    def field_key(self, name: Any, catalogue: Any) -> str | None:
        text = str(name)
        if text in KEY_OF_ALIAS:
            return KEY_OF_ALIAS[text]
        spec = catalogue.field(text)
        if spec is not None and spec["key"] not in FIELDS:  # a tenant's custom field, by its own name
            return text
        if text in KEY_OF_ID:
            return KEY_OF_ID[text]
        custom = next((f for f in catalogue.fields() if f["key"] not in FIELDS and str(f["id"]) == text), None)
        return custom["key"] if custom is not None else None

    def field_name(self, key: str) -> str:
        return alias(key)

    def table_key(self, name: Any) -> str | None:
        return TABLE_OF_ALIAS.get(name) if isinstance(name, str) else None

    def table_name(self, key: str) -> str:
        return table_alias(key)

    def column_key(self, table: str, name: Any) -> str | None:
        return COLUMN_OF_ALIAS[table].get(name) if isinstance(name, str) else None

    def column_name(self, table: str, key: str) -> str:
        return column_alias(table, key)


VOCABULARY = BambooHRVocabulary()


def _check_complete() -> None:
    """Every standard field, table and column of the model has a BambooHR name (checked at import)."""
    missing = [f["key"] for f in STANDARD_FIELDS if f["key"] not in FIELDS]
    for key, table in TABLES.items():
        columns = TABLES_MAP.get(key, ("", 0, {}))[2]
        missing += [f"{key}.{c.key}" for c in table.columns if c.key not in columns]
    if missing:
        raise RuntimeError(f"BambooHR has no name for the model's {', '.join(missing)}")


_check_complete()
