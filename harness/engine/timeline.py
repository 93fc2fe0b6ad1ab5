"""A journey's timeline: which system called which, when, and the answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fakes.kit.jsonx import plain

from ..results import TimelineEntry
from . import observe

if TYPE_CHECKING:
    from .journey import Journey


def timeline(journey: Journey, limit: int = 400) -> list[TimelineEntry]:
    rows: list[tuple[str, int, TimelineEntry]] = []
    world = journey.world
    for event in journey.events:
        at = plain(event["at"])
        what = event["kind"] + (f" -> {event['to']}" if event.get("to") else "")
        rows.append((at, 0, TimelineEntry(at, "harness", "world", what)))
    try:
        requests = observe.journey_requests(journey)
    except Exception:  # the timeline must never hide the real result
        requests = []
    for entry in requests:
        at = plain(_iso(entry.at))
        note = entry.fault and f"injected fault: {entry.fault}"
        rows.append(
            (at, 1, TimelineEntry(at, "sut", entry.fake, f"{entry.method} {entry.path}", entry.status, note or ""))
        )
    needles = [str(a) for a in journey.ids.get("application_ids", [])] + [journey.email]
    for delivery in world.hub.dispatcher.deliveries():
        body = delivery.body.decode("utf-8", "replace")
        if not any(n in body for n in needles):
            continue
        for attempt in delivery.attempts:
            note = attempt.get("error") or ("chaos: " + ",".join(delivery.chaos) if delivery.chaos else "")
            rows.append(
                (
                    attempt["at"],
                    2,
                    TimelineEntry(
                        attempt["at"],
                        delivery.fake,
                        "sut",
                        f"webhook {delivery.event}",
                        attempt.get("status"),
                        note or "",
                    ),
                )
            )
    for email in world.inbox.emails(to=journey.email):
        at = plain(email["at"])
        rows.append((at, 3, TimelineEntry(at, "sut", "inbox", f"email: {email['subject']}")))
    rows.sort(key=lambda r: (r[0], r[1]))
    return [r[2] for r in rows[:limit]]


def _iso(epoch: float) -> object:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(epoch, UTC)
