"""JSON that keeps money exact.

Vendors send amounts as JSON numbers. Parsing with ``float`` would turn
``103000.10`` into a binary approximation, so every fake parses numbers with
fractions as ``Decimal`` and writes a ``Decimal`` back as the very digits it
holds. Dates and datetimes serialise as ISO-8601.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

_MARK = "\u0000dec:"
_MARK_RE = re.compile(r'"\\u0000dec:([-0-9.Ee+]+)"')
_HTML_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value!r} has no JSON form")
        return _MARK + format(value, "f")
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dumps(value: Any, *, ascii_only: bool = False, escape_html: bool = False, pretty: bool = False) -> bytes:
    """Serialise with Decimals as exact JSON numbers.

    ``ascii_only`` + ``escape_html`` reproduce Greenhouse's webhook bodies,
    which escape non-ASCII and ``< > &`` as ``\\uXXXX`` before signing.
    """
    text = json.dumps(
        value,
        default=_default,
        ensure_ascii=ascii_only,
        separators=(", ", ": ") if pretty else (",", ":"),
        indent=2 if pretty else None,
    )
    if _MARK in text or "\\u0000dec:" in text:
        text = _MARK_RE.sub(r"\1", text)
    if escape_html:
        for raw, escaped in _HTML_ESCAPES.items():
            text = text.replace(raw, escaped)
    return text.encode("utf-8")


def loads(data: bytes | str) -> Any:
    """Parse with fractional numbers as Decimal (money never passes through float)."""
    return json.loads(data, parse_float=Decimal)


def plain(value: Any) -> Any:
    """A JSON-ready copy: Decimals become strings (for control-plane views and reports)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (datetime, date)):
        return _default(value)
    return value
