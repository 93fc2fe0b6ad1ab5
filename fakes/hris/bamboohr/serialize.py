"""The HRIS model's records as BambooHR writes them.

BambooHR answers field values as strings (``"hireDate": "2026-04-01"``, a
custom number as ``"37.5"``). Money has two shapes: a flat employee field is
``"103000.00 USD"``, a compensation row's rate is
``{"value": "103000.00", "currency": "USD"}``. Amounts are written from the
stored Decimal, never through float, with at least two decimals. The model's
neutral field, table and column keys become BambooHR's names here (``fields.py``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from ..fields import TABLES
from . import fields as names


def amount(value: Decimal) -> str:
    if value.as_tuple().exponent >= -2:  # type: ignore[operator]
        value = value.quantize(Decimal("0.01"))
    return format(value, "f")


def money_text(money: dict[str, Any] | None) -> str | None:
    return None if money is None else f"{amount(money['value'])} {money['currency']}"


def money_object(money: dict[str, Any] | None) -> dict[str, str] | None:
    return None if money is None else {"value": amount(money["value"]), "currency": money["currency"]}


def iso(instant: datetime) -> str:
    """``2026-03-02T09:00:00+00:00``: the change-log timestamps."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def plain_time(instant: datetime | None) -> str | None:
    """``2026-03-02 09:00:00`` (UTC): webhook ``created``/``lastSent``."""
    return None if instant is None else instant.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def text(value: Any) -> str | None:
    """One flat employee value as BambooHR writes it."""
    if value is None:
        return None
    if isinstance(value, dict) and "currency" in value:
        return money_text(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def employee_fields(view: dict[str, Any], requested: list[tuple[str, str]]) -> dict[str, Any]:
    """``GET /employees/{id}``: ``id`` plus each requested field (as the caller spelled it; model key)."""
    out: dict[str, Any] = {"id": str(view["id"])}
    for name, key in requested:
        out[name] = text(view.get(key))
    return out


def row(record: dict[str, Any], table: str) -> dict[str, Any]:
    """One row of the model's ``table`` (a neutral key) with BambooHR's column aliases."""
    out: dict[str, Any] = {"id": str(record["id"]), "employeeId": str(record["employee_id"])}
    for column in TABLES[table].columns:
        value = record.get(column.key)
        out[names.column_alias(table, column.key)] = money_object(value) if column.type == "currency" else text(value)
    return out


# (BambooHR id, type, display name) of the directory's fieldset; the first 13 are the model's fields
# of the same BambooHR alias (DIRECTORY_KEYS).
DIRECTORY_FIELDS = (
    ("displayName", "text", "Display name"),
    ("firstName", "text", "First name"),
    ("lastName", "text", "Last name"),
    ("preferredName", "text", "Preferred name"),
    ("jobTitle", "list", "Job title"),
    ("workPhone", "text", "Work Phone"),
    ("mobilePhone", "text", "Mobile Phone"),
    ("workEmail", "email", "Work Email"),
    ("department", "list", "Department"),
    ("location", "list", "Location"),
    ("division", "list", "Division"),
    ("workPhoneExtension", "text", "Work Ext."),
    ("supervisor", "employee", "Manager"),
    ("photoUploaded", "bool", "Employee photo"),
    ("photoUrl", "url", "Photo URL"),
    ("canUploadPhoto", "bool", "Can upload photo"),
)


DIRECTORY_KEYS = tuple((alias, names.KEY_OF_ALIAS[alias]) for alias, _, _ in DIRECTORY_FIELDS[:13])


def directory(views: list[dict[str, Any]]) -> dict[str, Any]:
    fields = [{"id": f, "type": t, "name": n} for f, t, n in DIRECTORY_FIELDS]
    employees = []
    for view in views:
        entry: dict[str, Any] = {"id": str(view["id"])}
        for alias, key in DIRECTORY_KEYS:
            entry[alias] = text(view.get(key))
        entry.update(photoUploaded=False, photoUrl=None, canUploadPhoto=0)
        employees.append(entry)
    return {"fields": fields, "employees": employees}


def field_entry(spec: dict[str, Any]) -> dict[str, Any]:
    """A catalogue entry as ``GET /meta/fields`` lists it."""
    entry: dict[str, Any] = {"id": names.field_id(spec), "name": names.field_name(spec), "type": spec["type"]}
    entry["alias"] = names.alias(spec["key"])
    return entry


def tables() -> list[dict[str, Any]]:
    return [
        {
            "alias": names.table_alias(t.key),
            "fields": [
                {
                    "id": names.column_id(t.key, c.key),
                    "name": names.column_name(t.key, c.key),
                    "alias": names.column_alias(t.key, c.key),
                    "type": c.type,
                }
                for c in t.columns
            ],
        }
        for t in TABLES.values()
    ]


def list_field(entry: dict[str, Any]) -> dict[str, Any]:
    """One of the model's lists (keyed by its field) as ``GET /meta/lists`` lists it."""
    alias, name, ident = names.FIELDS[entry["key"]]
    return {
        "fieldId": str(ident),
        "alias": alias,
        "name": name,
        "manageable": "no" if entry["closed"] else "yes",
        "multiple": "no",
        "options": [
            {
                "id": o["id"],
                "name": o["name"],
                "archived": "yes" if o["archived"] else "no",
                "createdDate": iso(o["createdDate"]),
                "archivedDate": None,
            }
            for o in entry["options"]
        ],
    }


def webhook(record: dict[str, Any], with_key: bool = False) -> dict[str, Any]:
    """A webhook's full configuration; ``privateKey`` only in the answer to its creation."""
    out = {
        "id": str(record["id"]),
        "name": record["name"],
        "created": plain_time(record["created"]),
        "lastSent": plain_time(record["lastSent"]),
        "monitorFields": record["monitorFields"],
        "postFields": record["postFields"],
        "url": record["url"],
        "format": record["format"],
        "includeCompanyDomain": record["includeCompanyDomain"],
        "events": record["events"],
    }
    if with_key:
        out["privateKey"] = record["privateKey"]
    return out


def webhook_summary(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(record["id"]),
        "name": record["name"],
        "created": plain_time(record["created"]),
        "lastSent": plain_time(record["lastSent"]),
        "url": record["url"],
    }
