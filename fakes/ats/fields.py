"""Custom fields of the ATS: definitions per object and value coercion.

An ATS lets each organisation define extra fields on candidates, applications,
jobs and offers. A definition has an immutable key, a display name and a
type; a value is checked against its type when it is written, so a record can
never hold a salary that is not a Decimal or a pay period that is not one of
its options. ``None`` is always allowed: an empty field is a real state (and
the malformed record a halting check needs).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from ..kit.model import ModelError

TYPES = (
    "short_text",
    "long_text",
    "boolean",
    "single_select",
    "multi_select",
    "currency",
    "number",
    "date",
    "url",
)

# The journey vocabulary (ARCHITECTURE.md): key, name, type, options.
OFFER_FIELDS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("salary", "Salary", "currency", ()),
    ("pay_period", "Pay Period", "single_select", ("year", "month", "hour")),
    ("employment_type", "Employment Type", "single_select", ("Full-time", "Part-time", "Contract")),
    ("hours_per_week", "Hours per Week", "number", ()),
    ("signature_status", "Signature Status", "short_text", ()),
)
CANDIDATE_FIELDS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("harness_journey", "Harness Journey", "short_text", ()),
)

_CURRENCY = re.compile(r"^[A-Z]{3}$")


def to_decimal(value: Any, field: str) -> Decimal:
    """A Decimal from str/int/Decimal (never via float), or a ModelError naming the field."""
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal, float)):
        raise ModelError(f"{field}={value!r} must be a number", field=field)
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ModelError(f"{field}={value!r} must be a number", field=field) from None
    if not number.is_finite() or not -12 <= number.adjusted() <= 15:
        raise ModelError(f"{field}={value!r} must be a finite number of at most 16 digits before the point",
                         field=field)
    return number


def to_date(value: Any, field: str) -> date | None:
    """A date from a date, "YYYY-MM-DD" or an ISO timestamp (its time is ignored)."""
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise ModelError(f"{field}={value!r} must be a date formatted YYYY-MM-DD", field=field)


def currency_value(amount: Any, unit: Any, field: str = "salary") -> dict[str, Any] | None:
    if amount is None:
        return None
    if not isinstance(unit, str) or not _CURRENCY.match(unit):
        raise ModelError(f"{field} currency {unit!r} must be a 3-letter ISO-4217 code such as 'USD'", field=field)
    return {"amount": to_decimal(amount, field), "unit": unit}


def infer_type(value: Any) -> str:
    """The type a field gets when a value arrives for a key nobody defined yet."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, Decimal)):
        return "number"
    if isinstance(value, list):
        return "multi_select"
    if isinstance(value, dict) and "amount" in value:
        return "currency"
    return "short_text"


def coerce(definition: dict[str, Any], value: Any) -> Any:
    """The stored form of ``value`` for a field, or a ModelError saying what it must be."""
    key, kind = definition["key"], definition["type"]
    if value is None:
        return None
    if kind in ("short_text", "long_text", "url"):
        if not isinstance(value, (str, int, Decimal)) or isinstance(value, bool):
            raise ModelError(f"{key}={value!r} must be text", field=key)
        text = str(value)
        if kind == "short_text" and len(text) > 255:
            raise ModelError(f"{key} must be at most 255 characters, got {len(text)}", field=key)
        return text
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        if value in ("true", "false"):
            return value == "true"
        raise ModelError(f"{key}={value!r} must be true or false", field=key)
    if kind == "number":
        return to_decimal(value, key)
    if kind == "date":
        return to_date(value, key)
    if kind == "currency":
        if not isinstance(value, dict):
            raise ModelError(f"{key}={value!r} must be an amount with a currency unit", field=key)
        return currency_value(value.get("amount"), value.get("unit"), key)
    if kind == "single_select":
        return _option(definition, value)
    if kind == "multi_select":
        if not isinstance(value, list):
            raise ModelError(f"{key}={value!r} must be a list of options", field=key)
        return [_option(definition, v) for v in value]
    raise ModelError(f"{key} has an unknown type {kind!r}", field=key)  # pragma: no cover - definitions are seeded


def _option(definition: dict[str, Any], value: Any) -> str:
    """An option by its exact name or by its option id (Harvest accepts both)."""
    options: dict[int, str] = definition.get("options") or {}
    if not options:
        if isinstance(value, str):
            return value
    elif isinstance(value, str) and value in options.values():
        return value
    elif isinstance(value, int) and not isinstance(value, bool) and value in options:
        return options[value]
    allowed = ", ".join(options.values()) if options else "text"
    raise ModelError(f"{definition['key']}={value!r} must be one of: {allowed}", field=definition["key"])
