"""Reading Calendly query parameters and bodies, and paging collections.

Each reader answers a bad value with 400 Invalid Argument naming the
parameter in ``details``, the shape Calendly uses.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

from ...kit.http import Request
from .errors import InvalidArgument

DEFAULT_COUNT, MAX_COUNT = 20, 100


# -- URIs ---------------------------------------------------------------------
def uuid_of(value: Any, collection: str, parameter: str) -> str:
    """The uuid in a resource URI such as ``https://api.calendly.com/users/AAAA``.

    Only the path matters, so URIs built from the fake's origin and ones a SUT
    copied from a response agree.
    """
    if not isinstance(value, str) or not value.strip():
        raise InvalidArgument.on(parameter, f"must be a {collection[:-1]} URI")
    try:
        parts = [p for p in urlsplit(value.strip()).path.split("/") if p]
    except ValueError:
        parts = []
    if len(parts) < 2 or parts[-2] != collection or not urlsplit(value.strip()).scheme.startswith("http"):
        raise InvalidArgument.on(parameter, f"must be a URI like https://api.calendly.com/{collection}/<uuid>")
    return parts[-1]


def query_uri(request: Request, name: str, collection: str) -> str | None:
    value = request.q(name)
    return None if value is None else uuid_of(value, collection, name)


# -- plain query values -----------------------------------------------------------
def query_enum(request: Request, name: str, allowed: Sequence[str]) -> str | None:
    value = request.q(name)
    if value is not None and value not in allowed:
        raise InvalidArgument.on(name, f"must be one of: {', '.join(allowed)}")
    return value


def query_bool(request: Request, name: str) -> bool | None:
    value = query_enum(request, name, ("true", "false"))
    return None if value is None else value == "true"


def query_time(request: Request, name: str) -> datetime | None:
    value = request.q(name)
    if value is None:
        return None
    try:
        instant = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InvalidArgument.on(name, "must be an ISO-8601 time in UTC, e.g. 2020-01-02T03:04:05.678123Z") from None
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


def sorter(request: Request, fields: Sequence[str], default: str) -> tuple[str, bool]:
    """``field:asc|desc`` (direction optional, asc by default) -> (field, descending)."""
    value = request.q("sort") or default
    field, _, direction = value.partition(":")
    if field not in fields or direction not in ("", "asc", "desc"):
        raise InvalidArgument.on("sort", f"must be {{field}}:{{asc|desc}} with field one of: {', '.join(fields)}")
    return field, direction == "desc"


def sort_records(records: list[dict[str, Any]], field: str, descending: bool) -> list[dict[str, Any]]:
    return sorted(records, key=lambda r: (r[field], r["uuid"]), reverse=descending)


# -- bodies --------------------------------------------------------------------------
def body_string(body: dict[str, Any], name: str, required: bool = False, max_length: int = 10_000) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            raise InvalidArgument.on(name, "is required")
        return None
    if not isinstance(value, str):
        raise InvalidArgument.on(name, "must be a string")
    if len(value) > max_length:
        raise InvalidArgument.on(name, f"must be at most {max_length} characters")
    return value


def body_url(body: dict[str, Any], name: str) -> str:
    value = body_string(body, name, required=True, max_length=2048) or ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidArgument.on(name, "must be an absolute http(s) URL")
    return value


def body_uri(body: dict[str, Any], name: str, collection: str, required: bool = False) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    return uuid_of(value, collection, name)


def body_choices(body: dict[str, Any], name: str, allowed: Sequence[str]) -> list[str]:
    value = body.get(name)
    if not isinstance(value, list) or not value:
        raise InvalidArgument.on(name, "must be a non-empty list")
    unknown = [v for v in value if not isinstance(v, str) or v not in allowed]
    if unknown:
        raise InvalidArgument.on(name, f"{unknown[0]!r} is not one of: {', '.join(allowed)}")
    if len(set(value)) != len(value):
        raise InvalidArgument.on(name, "must not repeat an item")
    return list(value)


# -- paging ----------------------------------------------------------------------------
def _token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o{offset}".encode()).decode().rstrip("=")


def _offset(token: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        if not raw.startswith("o") or not raw[1:].isdigit():
            raise ValueError(raw)
        return int(raw[1:])
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidArgument.on("page_token", "is not a page token this collection handed out") from None


def count_of(request: Request) -> int:
    value = request.q("count")
    if value is None:
        return DEFAULT_COUNT
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not (number.is_integer() and 1 <= number <= MAX_COUNT):
        raise InvalidArgument.on("count", f"must be an integer from 1 to {MAX_COUNT}")
    return int(number)


def page(
    request: Request, origin: str, records: list[dict[str, Any]], render: Callable[[dict[str, Any]], dict[str, Any]]
) -> dict[str, Any]:
    """``{"collection", "pagination"}`` for one page of ``records`` (already filtered and sorted)."""
    count = count_of(request)
    token = request.q("page_token")
    offset = _offset(token) if token else 0
    chunk = records[offset : offset + count]
    after = _token(offset + count) if offset + count < len(records) else None
    before = _token(max(0, offset - count)) if offset > 0 else None
    keep = [(k, v) for k, v in request.query_items if k not in ("count", "page_token")]

    def link(to: str | None) -> str | None:
        if to is None:
            return None
        return f"{origin.rstrip('/')}{request.path}?{urlencode([*keep, ('count', str(count)), ('page_token', to)])}"

    return {
        "collection": [render(r) for r in chunk],
        "pagination": {
            "count": len(chunk),
            "next_page": link(after),
            "previous_page": link(before),
            "next_page_token": after,
            "previous_page_token": before,
        },
    }


def listing(
    request: Request,
    origin: str,
    records: list[dict[str, Any]],
    sort: tuple[Sequence[str], str],
    render: Callable[[dict[str, Any]], dict[str, Any]],
) -> dict[str, Any]:
    """Sort by the request's ``sort`` (``sort`` = allowed fields, default), then page."""
    field, descending = sorter(request, *sort)
    return page(request, origin, sort_records(records, field, descending), render)
