"""JSON Schemas of the query parameters and request bodies, for the OpenAPI
document (and so for schemathesis). Built from the field catalogue so the
document lists exactly the fields the fake accepts, by BambooHR's names."""

from __future__ import annotations

from typing import Any

from ..fields import CURRENCY, DATE, DECIMAL, EMAIL, LISTS, STANDARD_FIELDS, STATUS, TABLES
from .fields import alias, column_alias

_PRINTABLE = "^[^\\x00-\\x1f\\x7f]*$"
_NAME = "^[^\\x00-\\x1f\\x7f]*\\S[^\\x00-\\x1f\\x7f]*$"
_AMOUNT = "^[0-9]{1,9}(\\.[0-9]{2})?$"

Schema = dict[str, Any]
BOOLEAN: Schema = {"type": "boolean"}
STRING: Schema = {"type": "string", "pattern": _PRINTABLE}


def _value(kind: str, list_key: str | None = None) -> dict[str, Any]:
    if kind == DATE:
        return {"type": "string", "format": "date"}
    if kind == EMAIL:
        return {"type": "string", "format": "email", "maxLength": 100}
    if kind == CURRENCY:
        return {"type": "string", "pattern": "^[0-9]{1,9}(\\.[0-9]{2})? [A-Z]{3}$"}
    if kind == DECIMAL:
        return {"type": "number", "minimum": 0, "maximum": 168}
    if list_key in LISTS and LISTS[list_key][0]:
        return {"type": "string", "enum": list(LISTS[list_key][1])}
    if kind == STATUS:
        return {"type": "string", "enum": ["Active", "Inactive"]}
    return {"type": "string", "maxLength": 200, "pattern": _PRINTABLE}


_WRITABLE = {alias(f["key"]): _value(f["type"], f["key"]) for f in STANDARD_FIELDS if not f["readOnly"]}
_WRITABLE.update(
    firstName={"type": "string", "maxLength": 100, "pattern": _NAME},
    lastName={"type": "string", "maxLength": 100, "pattern": _NAME},
)

NEW_EMPLOYEE: dict[str, Any] = {
    "type": "object",
    "required": ["firstName", "lastName"],
    "properties": _WRITABLE,
    "additionalProperties": False,
}
EMPLOYEE_UPDATE: dict[str, Any] = {
    "type": "object",
    "minProperties": 1,
    "properties": _WRITABLE,
    "additionalProperties": False,
}

_COLUMNS: dict[str, Any] = {}
for _table in TABLES.values():
    for _column in _table.columns:
        if _column.type == CURRENCY:
            _COLUMNS[column_alias(_table.key, _column.key)] = {
                "type": "object",
                "required": ["value", "currency"],
                "additionalProperties": False,
                "properties": {
                    "value": {"type": "string", "pattern": _AMOUNT},
                    "currency": {"type": "string", "enum": ["USD", "EUR", "GBP", "CAD"]},
                },
            }
        else:
            _COLUMNS[column_alias(_table.key, _column.key)] = _value(_column.type, _column.list)

TABLE_ROW: dict[str, Any] = {
    "type": "object",
    "minProperties": 1,
    "properties": _COLUMNS,
    "additionalProperties": False,
    "description": "Columns of the table named in the path (jobInfo, compensation, employmentStatus).",
}

WEBHOOK: dict[str, Any] = {
    "type": "object",
    "required": ["name", "url", "format"],
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 100},
        "url": {"type": "string", "pattern": "^https://[a-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$"},
        "format": {"type": "string", "enum": ["json", "form-encoded"]},
        "events": {
            "type": "array",
            "items": {"type": "string", "enum": ["employee.created", "employee.updated", "employee.deleted"]},
        },
        "monitorFields": {"type": "array", "minItems": 1, "items": {"type": "string", "enum": sorted(_WRITABLE)}},
        "postFields": {"type": "object", "additionalProperties": {"type": "string"}},
        "includeCompanyDomain": BOOLEAN,
    },
    "additionalProperties": False,
}

GET_EMPLOYEE_QUERY: dict[str, Schema] = {
    "fields": {"type": "string", "example": "firstName,lastName,payRate"},
    "onlyCurrent": BOOLEAN,
}
LIST_EMPLOYEES_QUERY: dict[str, Schema] = {
    "filter[firstName]": STRING,
    "filter[lastName]": STRING,
    "filter[jobTitleName]": STRING,
    "filter[status]": {"type": "string", "enum": ["active", "inactive"]},
    "filter[ids]": {"type": "string", "pattern": "^[0-9]{1,12}(,[0-9]{1,12})*$"},
    "sort": {
        "type": "string",
        "enum": [
            "employeeId",
            "-employeeId",
            "firstName",
            "-firstName",
            "lastName",
            "-lastName",
            "preferredName",
            "jobTitleName",
            "status",
            "-status",
        ],
    },
    "fields": {"type": "string", "example": "workEmail,hireDate"},
    "page[limit]": {"type": "integer", "minimum": 1, "maximum": 2500},
    "page[after]": {"type": "string"},
    "page[before]": {"type": "string"},
}
ONLY_CURRENT: dict[str, Schema] = {"onlyCurrent": BOOLEAN}
SINCE: dict[str, Schema] = {"since": {"type": "string", "format": "date-time", "x-required": True}}
CHANGED_QUERY: dict[str, Schema] = {
    **SINCE,
    "type": {"type": "string", "enum": ["inserted", "updated", "deleted", "all"]},
}
LISTS_QUERY: dict[str, Schema] = {"format": {"type": "string", "enum": ["json"]}}
