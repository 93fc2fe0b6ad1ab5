"""JSON in and out without ever touching float.

Vendors send money as JSON numbers. Parsing them with ``parse_float=Decimal``
keeps ``103000.00`` exact; integers stay ``int`` and are widened to Decimal
where money is read. On the way out a Decimal is written as its plain string.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any


def loads(data: bytes | str) -> Any:
    return json.loads(data, parse_float=Decimal)


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return plain(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dumps(value: Any) -> str:
    return json.dumps(value, default=_default, ensure_ascii=False, separators=(",", ":"))


def plain(value: Decimal) -> str:
    """``Decimal('1.03E+5')`` -> ``'103000'``: never scientific notation."""
    return format(value, "f")
