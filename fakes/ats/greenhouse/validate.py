"""Reading request bodies and query strings field by field.

"Methods that take input will validate all parameters. Any parameter that
fails validation will trigger an error response with status HTTP 422"
(harvest/_introduction.md, "Validation"): a ``Body`` collects every problem
and ``done()`` raises one 422 naming each field. Nothing here lets a wrong
type through to the model, so fuzzed input never reaches a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from ...kit.http import BadRequestBody, Request
from .errors import ValidationFailed

MAX_ID = 2**53
# ASCII digits only: str.isdigit() also accepts "¹" or "٣", which int() then refuses.
DIGITS = re.compile(r"[0-9]{1,16}")


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def as_id(value: Any) -> int | None:
    """An id from an integer or a string of digits (Harvest's own examples send both)."""
    if is_int(value) and 0 <= value <= MAX_ID:
        return int(value)
    if isinstance(value, str) and DIGITS.fullmatch(value.strip()) and int(value) <= MAX_ID:
        return int(value)
    return None


def as_timestamp(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def as_date(value: Any, allow_timestamp: bool = False) -> date | None:
    if not isinstance(value, str):
        return None
    text = value.strip()
    if allow_timestamp and len(text) > 10:
        stamp = as_timestamp(text)
        return stamp.date() if stamp else None
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


class Body:
    """A JSON object body; each getter records a problem instead of raising."""

    def __init__(self, request: Request, optional: bool = False) -> None:
        if optional and not request.body.strip():
            self.data: dict[str, Any] = {}
        else:
            try:
                self.data = request.json_object()
            except BadRequestBody as exc:
                raise ValidationFailed.one(str(exc), None) from None
            except RecursionError:  # the kit's parser lets a too-deeply nested body through as this
                raise ValidationFailed.one("the request body is nested too deeply", None) from None
        self.errors: list[dict[str, Any]] = []

    def fail(self, field: str, message: str) -> None:
        self.errors.append({"message": message, "field": field})

    def has(self, name: str) -> bool:
        return name in self.data

    def id(self, name: str, required: bool = False) -> int | None:
        value = self.data.get(name)
        if value is None:
            if required:
                self.fail(name, "is required")
            return None
        ident = as_id(value)
        if ident is None:
            self.fail(name, "must be an integer id")
        return ident

    def text(self, name: str, required: bool = False, choices: Iterable[str] | None = None,
             max_length: int | None = None) -> str | None:
        value = self.data.get(name)
        if value is None or (required and isinstance(value, str) and not value.strip()):
            if required:
                self.fail(name, "is required")
            return None
        if not isinstance(value, str):
            self.fail(name, "must be a string")
            return None
        if choices is not None and value not in choices:
            self.fail(name, f"Must be one of: {', '.join(choices)}")
            return None
        if max_length is not None and len(value) > max_length:
            self.fail(name, f"must be at most {max_length} characters")
            return None
        return value

    def flag(self, name: str) -> bool | None:
        """A boolean; Harvest documents string forms ("true"/"false") too."""
        value = self.data.get(name)
        if value is None or isinstance(value, bool):
            return value
        if value in ("true", "false"):
            return value == "true"
        self.fail(name, "must be true or false")
        return None

    def day(self, name: str, allow_timestamp: bool = False) -> date | None:
        value = self.data.get(name)
        if value is None:
            return None
        parsed = as_date(value, allow_timestamp)
        if parsed is None:
            self.fail(name, "must be a date formatted YYYY-MM-DD")
        return parsed

    def instant(self, name: str) -> datetime | None:
        value = self.data.get(name)
        if value is None:
            return None
        parsed = as_timestamp(value) if isinstance(value, str) else None
        if parsed is None:
            self.fail(name, "must be an ISO-8601 timestamp")
        return parsed

    def obj(self, name: str) -> dict[str, Any] | None:
        value = self.data.get(name)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.fail(name, "must be an object")
            return None
        return value

    def items(self, name: str, check: Callable[[Any, str], Any], required: bool = False) -> list[Any] | None:
        """A list whose items ``check(item, path)`` turns into values (or None after recording a problem)."""
        value = self.data.get(name)
        if value is None:
            if required:
                self.fail(name, "is required")
            return None
        if not isinstance(value, list):
            self.fail(name, "must be an array")
            return None
        out = []
        for index, item in enumerate(value):
            checked = check(item, f"{name}[{index}]")
            if checked is not None:
                out.append(checked)
        return out

    def done(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)


def typed_address(types: tuple[str, ...] | None) -> Callable[[Body], Callable[[Any, str], Any]]:
    """A checker for ``{"value": str, "type": one of types}`` items (types None: value only)."""

    def bind(body: Body) -> Callable[[Any, str], Any]:
        def check(item: Any, path: str) -> dict[str, Any] | None:
            if not isinstance(item, dict) or not isinstance(item.get("value"), str) or not item["value"].strip():
                body.fail(path, "must be an object with a non-empty string value")
                return None
            if types is None:
                return {"value": item["value"]}
            if item.get("type") not in types:
                body.fail(f"{path}.type", f"Must be one of: {', '.join(types)}")
                return None
            return {"value": item["value"], "type": item["type"]}

        return check

    return bind


def text_item(body: Body) -> Callable[[Any, str], Any]:
    def check(item: Any, path: str) -> str | None:
        if not isinstance(item, str):
            body.fail(path, "must be a string")
            return None
        return item

    return check


def custom_field_values(body: Body, model: Any, obj: str, name: str = "custom_fields") -> dict[str, Any] | None:
    """Harvest's edit form ``[{id|name_key, value, unit, delete_value}]`` as ``{key: value}``.

    A currency field takes its amount in ``value`` and its ISO-4217 code in
    ``unit``; ``delete_value: "true"`` (the string) clears a field
    (harvest/_candidates.md, "Custom Field Parameters").
    """

    def check(item: Any, path: str) -> tuple[str, Any] | None:
        if not isinstance(item, dict):
            body.fail(path, "must be an object")
            return None
        ident, key = as_id(item.get("id")), item.get("name_key")
        definition = model.field(obj, key if isinstance(key, str) else None, ident)
        if definition is None:
            body.fail(path, "must name an existing custom field by id or name_key")
            return None
        if item.get("delete_value") == "true":
            return definition["key"], None
        if "value" not in item or item["value"] is None or item["value"] == "":
            body.fail(f"{path}.value", "is required (to clear a field send delete_value: \"true\")")
            return None
        value = item["value"]
        if definition["type"] == "currency":
            if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
                body.fail(f"{path}.value", "must be a number")
                return None
            if not isinstance(item.get("unit"), str):
                body.fail(f"{path}.unit", "is required for a currency field (an ISO-4217 code such as USD)")
                return None
            value = {"amount": value, "unit": item["unit"]}
        return definition["key"], value

    pairs = body.items(name, check)
    return None if pairs is None else dict(pairs)
