"""List filters shared by the Harvest list endpoints.

``created_before`` is strict, ``created_after`` inclusive ("at or after"), as
the Harvest docs word them; a timestamp that is not ISO-8601 or an id that is
not an integer is a 422 naming the parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from .errors import ValidationFailed
from .paging import ListQuery
from .validate import as_date, as_id, as_timestamp

Record = dict[str, Any]


def window(query: ListQuery, rows: Iterable[Record], **fields: str) -> list[Record]:
    """Keep rows inside every ``<name>_before``/``<name>_after`` given; ``fields`` maps name -> record field."""
    return _bounded(query, rows, fields, as_timestamp, "must be an ISO-8601 timestamp", _in_timestamp_window)


def date_window(query: ListQuery, rows: Iterable[Record], **fields: str) -> list[Record]:
    """Like ``window`` for YYYY-MM-DD bounds on date fields, both inclusive (offers' sent_* and starts_*)."""
    return _bounded(query, rows, fields, as_date, "must be a date formatted YYYY-MM-DD", _on_side)


def _bounded(
    query: ListQuery,
    rows: Iterable[Record],
    fields: dict[str, str],
    parse: Callable[[Any], Any],
    problem: str,
    keep: Callable[[Any, Any, str], bool],
) -> list[Record]:
    out = list(rows)
    for name, field in fields.items():
        for side in ("before", "after"):
            raw = query.get(f"{name}_{side}")
            if raw is None:
                continue
            bound = parse(raw)
            if bound is None:
                raise ValidationFailed.one(problem, f"{name}_{side}")
            out = [r for r in out if keep(r[field], bound, side)]
    return out


def _in_timestamp_window(value: datetime | None, bound: datetime, side: str) -> bool:
    if value is None:
        return False
    return value < bound if side == "before" else value >= bound


def _on_side(value: date | datetime | None, bound: date, side: str) -> bool:
    if value is None:
        return False
    day = value.date() if isinstance(value, datetime) else value
    return day <= bound if side == "before" else day >= bound


def id_param(query: ListQuery, name: str) -> int | None:
    raw = query.get(name)
    if raw is None:
        return None
    ident = as_id(raw)
    if ident is None:
        raise ValidationFailed.one("must be an integer id", name)
    return ident


def id_list(query: ListQuery, name: str, limit: int) -> list[int] | None:
    raw = query.get(name)
    if raw is None:
        return None
    ids = [as_id(part) for part in raw.split(",") if part.strip()]
    if any(i is None for i in ids):
        raise ValidationFailed.one("must be a comma separated list of integer ids", name)
    return [i for i in ids if i is not None][:limit]
