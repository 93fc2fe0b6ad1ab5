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


# Booking-page prefill (Calendly help centre, "How to pre-populate invitee information on the scheduling
# page", help.calendly.com/hc/en-us/articles/226766767): ``name``, ``first_name``, ``last_name``, ``email``,
# and ``a1`` ... ``a10``, the answers to the event type's custom questions in the order the page shows them.
PREFILL_ANSWERS = 10


def prefill(booking_url: str) -> dict[str, Any]:
    """What a booking URL's query fills in: person fields and {question index from 0: answer}."""
    query = parse_qs(urlsplit(str(booking_url)).query, keep_blank_values=False)
    first = {key: values[0] for key, values in query.items() if values}
    answers = {n - 1: first[f"a{n}"] for n in range(1, PREFILL_ANSWERS + 1) if f"a{n}" in first}
    return {
        "name": first.get("name"),
        "first_name": first.get("first_name"),
        "last_name": first.get("last_name"),
        "email": first.get("email"),
        "answers": answers,
    }


def answers(
    items: Any, questions: list[dict[str, Any]] | None = None, prefilled: dict[int, str] | None = None
) -> list[dict[str, Any]]:
    """The invitee's ``questions_and_answers``, ordered by position on the booking form.

    ``questions`` are the event type's enabled custom questions (in form
    order); ``prefilled`` maps a question's index among them to the answer the
    URL's ``aN`` put there. An answer the invitee gives (``items``) to a
    question of the form replaces the prefilled one and takes that question's
    position; an answer to a question the form does not have (a caller that
    names free-form questions) is placed after the form's questions, in the
    order given. Unanswered questions are left out.
    """
    if items is None:
        items = []
    if not isinstance(items, list) or not all(isinstance(i, dict) and "question" in i and "answer" in i for i in items):
        raise ModelError(
            f"questions_and_answers={items!r} must be a list of {{'question': ..., 'answer': ...}}",
            field="questions_and_answers",
        )
    form = [q for q in questions or [] if q.get("enabled", True)]
    out: dict[int, dict[str, Any]] = {}
    for index, answer in (prefilled or {}).items():
        if index < len(form) and str(answer).strip():
            out[index] = {"question": form[index]["name"], "answer": str(answer), "position": form[index]["position"]}
    extra = len(form)
    for item in items:
        question, answer = str(item["question"]), str(item["answer"])
        index = next((n for n, q in enumerate(form) if q["name"] == question), None)
        if index is None:
            index, extra = extra, extra + 1
            out[index] = {"question": question, "answer": answer, "position": index}
        else:
            out[index] = {"question": question, "answer": answer, "position": form[index]["position"]}
    return [out[index] for index in sorted(out)]
