"""Pact matchers for a recorded value, from a JSON Schema where the fakes
publish one and from the value's own shape otherwise.

A contract that pins literal ids and timestamps breaks on the next run; one
that says "an integer", "an ISO date-time with three fraction digits", "a
decimal" holds as long as the vendor keeps its shapes. Schemas come from
``contracts/<vendor>/openapi.json`` (request bodies, query parameters) and
``contracts/<vendor>/webhooks/*.schema.json`` (webhook payloads); the fakes
publish no response schemas, so responses are matched by inferred shape.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from pact import match
from pact.match.matcher import AbstractMatcher, IntegrationJSONEncoder

_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})([T ])(\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_US_DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")
_DECIMAL_TEXT = re.compile(r"^-?\d+\.\d+$")
_DIGITS = re.compile(r"^\d{1,18}$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")
DECIMAL_TEXT_RE = r"^-?\d+(\.\d+)?$"


def java_datetime_format(text: str) -> str | None:
    """The Java ``SimpleDateFormat`` of an ISO-like timestamp, or None when ``text`` is not one."""
    m = _DATETIME.match(text)
    if m is None:
        return None
    _, sep, _, fraction, zone = m.groups()
    out = "yyyy-MM-dd" + ("'T'" if sep == "T" else " ") + "HH:mm:ss"
    if fraction:
        out += "." + "S" * len(fraction)
    if zone == "Z":
        out += "'Z'"
    elif zone:
        out += "XXX" if ":" in zone else "Z"
    return out


def infer(value: Any) -> Any:
    """Matchers for ``value`` from its shape alone."""
    if isinstance(value, bool):
        return match.bool(value)
    if isinstance(value, int):
        return match.int(value)
    if isinstance(value, (float, Decimal)):
        return match.decimal(value) if _has_fraction(value) else match.number(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dict):
        return {k: infer(v) for k, v in value.items()}
    if isinstance(value, list):
        return _array([infer(v) for v in value], value)
    return value  # null: matched as null


def from_schema(value: Any, schema: dict[str, Any] | None, root: dict[str, Any] | None = None) -> Any:
    """Matchers for ``value`` guided by ``schema`` (a JSON Schema); inference where it says nothing."""
    root = root if root is not None else (schema or {})
    schema = _resolve(schema, root)
    if not schema:
        return infer(value)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            fitting = [s for s in schema[key] if _fits(value, _resolve(s, root))]
            return from_schema(value, fitting[0] if fitting else None, root)
    if "const" in schema or value is None:
        return value
    if "enum" in schema and isinstance(value, str):
        options = [str(o) for o in schema["enum"] if o is not None]
        return match.regex(value, regex="^(" + "|".join(re.escape(o) for o in options) + ")$")
    if isinstance(value, dict):
        props = schema.get("properties") or {}
        extra = schema.get("additionalProperties") if isinstance(schema.get("additionalProperties"), dict) else None
        return {k: from_schema(v, props.get(k, extra), root) for k, v in value.items()}
    if isinstance(value, list):
        items = schema.get("items") if isinstance(schema.get("items"), dict) else None
        return _array([from_schema(v, items, root) for v in value], value)
    if isinstance(value, str):
        fmt = schema.get("format")
        if fmt == "date-time" and java_datetime_format(value):
            return match.datetime(value, format=java_datetime_format(value), disable_conversion=True)
        if fmt == "date" and _DATE.match(value):
            return match.date(value, format="yyyy-MM-dd", disable_conversion=True)
        pattern = schema.get("pattern")
        if pattern and _python_matches(pattern, value):
            return match.regex(value, regex=pattern)
    return infer(value)


def _string(value: str) -> Any:
    fmt = java_datetime_format(value)
    if fmt:
        return match.datetime(value, format=fmt, disable_conversion=True)
    if _DATE.match(value):
        return match.date(value, format="yyyy-MM-dd", disable_conversion=True)
    if _US_DATE.match(value):
        return match.regex(value, regex=r"^\d{2}/\d{2}/\d{4}$")
    if _UUID.match(value):
        return match.regex(value, regex=r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")
    if _DECIMAL_TEXT.match(value):
        return match.regex(value, regex=DECIMAL_TEXT_RE)
    if _DIGITS.match(value):
        return match.regex(value, regex=r"^\d+$")
    return match.str(value)


def _array(items: list[Any], raw: list[Any]) -> Any:
    if not raw:
        return match.type([])  # any array: an empty example says nothing about the items
    shapes = {shape(v) for v in raw}
    if len(shapes) == 1:
        return match.each_like(items[0])
    return match.type(items)  # mixed items (custom fields of several types): each keeps its own shape


def shape(value: Any) -> Any:
    """A hashable outline of a value's structure: keys and kinds, no values."""
    if isinstance(value, dict):
        return tuple(sorted((k, shape(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("list", shape(value[0]) if value else None)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float, Decimal)):
        return "number"
    return "string"


def _has_fraction(value: float | Decimal) -> bool:
    return isinstance(value, float) or value != value.to_integral_value() or value.as_tuple().exponent < 0


def _resolve(schema: Any, root: dict[str, Any]) -> dict[str, Any] | None:
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema and seen < 20:
        ref = str(schema["$ref"])
        if not ref.startswith("#/"):
            return None
        node: Any = root
        for part in ref[2:].split("/"):
            node = node.get(part) if isinstance(node, dict) else None
        schema, seen = node, seen + 1
    return schema if isinstance(schema, dict) else None


def _fits(value: Any, schema: dict[str, Any] | None) -> bool:
    if not schema:
        return False
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds] if kinds else []
    if not kinds:
        return "const" not in schema or schema["const"] == value
    checks = {
        "null": value is None,
        "boolean": isinstance(value, bool),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, (int, float, Decimal)) and not isinstance(value, bool),
        "string": isinstance(value, str),
        "object": isinstance(value, dict),
        "array": isinstance(value, list),
    }
    return any(checks.get(k, False) for k in kinds)


def _python_matches(pattern: str, value: str) -> bool:
    try:
        return re.search(pattern, value) is not None
    except re.error:
        return False


_DEC_MARK = "\u0000dec:"
_DEC_RE = re.compile(r'"\\u0000dec:([-0-9.Ee+]+)"')


class _Encoder(IntegrationJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):
            return _DEC_MARK + format(o, "f")
        return super().default(o)


def integration_json(value: Any) -> str:
    """The value with its matchers as pact-ffi's integration JSON; Decimals written as their exact digits."""
    text = json.dumps(value, cls=_Encoder)
    return _DEC_RE.sub(r"\1", text)


def is_matcher(value: Any) -> bool:
    return isinstance(value, AbstractMatcher)
