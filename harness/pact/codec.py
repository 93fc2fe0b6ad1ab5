"""A lossless JSON form for a world's state and its domain events.

A snapshot of the fakes holds integer keys, datetimes, dates, Decimals and
tuples; plain JSON would turn them into strings and floats. Each such value is
written as a one-key object whose key starts with ``$`` (``{"$dec": "103000.00"}``),
and ``decode`` turns it back. No pickle: a state file from someone else's run is
data, never code.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any


def encode(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return {"$float": repr(value)}
    if isinstance(value, Decimal):
        return {"$dec": format(value, "f")}
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, tuple):
        return {"$tuple": [encode(v) for v in value]}
    if isinstance(value, (set, frozenset)):
        return {"$set": [encode(v) for v in sorted(value, key=repr)]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: encode(v) for k, v in value.items()}
        return {"$map": [[encode(k), encode(v)] for k, v in value.items()]}
    raise TypeError(f"{type(value).__name__} cannot be kept in a pact state file")


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        (key, inner), = value.items()
        if key == "$float":
            return float(inner)
        if key == "$dec":
            return Decimal(inner)
        if key == "$dt":
            return datetime.fromisoformat(inner)
        if key == "$date":
            return date.fromisoformat(inner)
        if key == "$tuple":
            return tuple(decode(v) for v in inner)
        if key == "$set":
            return {decode(v) for v in inner}
        if key == "$map":
            return {_key(decode(k)): decode(v) for k, v in inner}
    return {k: decode(v) for k, v in value.items()}


def _key(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value
