"""The scheduler's rules as data, and the readers that turn action arguments into clean values.

Every reader refuses a bad value with a ``ModelError`` that names the
argument, before anything is written.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..kit.model import ModelError

# Lifecycles: status -> the statuses it may move to.
EVENT_LIFECYCLE: dict[str, tuple[str, ...]] = {"active": ("canceled",), "canceled": ()}
INVITEE_LIFECYCLE: dict[str, tuple[str, ...]] = {"active": ("canceled",), "canceled": ()}
SUBSCRIPTION_LIFECYCLE: dict[str, tuple[str, ...]] = {"active": ("disabled",), "disabled": ()}

CANCELERS = ("invitee", "host")
TRACKING_KEYS = ("utm_campaign", "utm_source", "utm_medium", "utm_content", "utm_term", "salesforce_uuid")

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def move(record: dict[str, Any], field: str, to: str, lifecycle: dict[str, tuple[str, ...]], what: str) -> None:
    current = record[field]
    if to not in lifecycle.get(current, ()):
        allowed = ", ".join(lifecycle.get(current, ())) or "nothing"
        raise ModelError(f"{what} {record['uuid']!r} is {current}; it can move to {allowed}, not {to}", kind="conflict")
    record[field] = to


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        message = f"timezone={name!r} is not an IANA time zone (e.g. 'America/New_York')"
        raise ModelError(message, field="timezone") from None


def instant(value: Any, zone: ZoneInfo, field: str) -> datetime:
    """An aware UTC datetime from a datetime or an ISO-8601 string; naive values are read in ``zone``."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ModelError(f"{field}={value!r} must be ISO-8601, e.g. '2026-03-05T15:00:00Z'", field=field) from None
    if not isinstance(value, datetime):
        raise ModelError(f"{field}={value!r} must be an ISO-8601 string or a datetime", field=field)
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


def person(name: Any, email: Any, first_name: Any, last_name: Any) -> dict[str, Any]:
    if not isinstance(name, str) or not name.strip():
        raise ModelError(f"name={name!r} must be a non-empty string", field="name")
    if not isinstance(email, str) or not _EMAIL.match(email.strip()):
        raise ModelError(f"email={email!r} must be an email address", field="email")
    for field, value in (("first_name", first_name), ("last_name", last_name)):
        if value is not None and not isinstance(value, str):
            raise ModelError(f"{field}={value!r} must be a string or None", field=field)
    return {"name": name, "email": email.strip(), "first_name": first_name, "last_name": last_name}


def tracking(booking_url: str) -> dict[str, str | None]:
    """UTM and Salesforce parameters carried on the booking URL's query, first value wins."""
    query = parse_qs(urlsplit(str(booking_url)).query, keep_blank_values=True)
    return {key: (query[key][0] if key in query else None) for key in TRACKING_KEYS}


def answers(items: Any) -> list[dict[str, Any]]:
    if items is None:
        return []
    if not isinstance(items, list) or not all(isinstance(i, dict) and "question" in i and "answer" in i for i in items):
        raise ModelError(
            f"questions_and_answers={items!r} must be a list of {{'question': ..., 'answer': ...}}",
            field="questions_and_answers",
        )
    return [{"question": str(i["question"]), "answer": str(i["answer"]), "position": n} for n, i in enumerate(items)]
