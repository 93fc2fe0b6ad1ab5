"""Model records as Calendly resources.

Calendly names every resource by its full URI (``<origin>/users/<uuid>``) and
writes instants as UTC with microseconds (``2020-01-02T03:04:05.678123Z``).
Field lists follow the schemas of Calendly's OpenAPI (User, EventType, Event,
Invitee, Cancellation, WebhookSubscription).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model import SchedulerModel

Record = dict[str, Any]


def iso(instant: datetime | None) -> str | None:
    if instant is None:
        return None
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Uris:
    """Builds and reads resource URIs for one origin."""

    def __init__(self, origin: str) -> None:
        self.origin = origin.rstrip("/")

    def user(self, uuid: str) -> str:
        return f"{self.origin}/users/{uuid}"

    def organization(self, uuid: str) -> str:
        return f"{self.origin}/organizations/{uuid}"

    def event_type(self, uuid: str) -> str:
        return f"{self.origin}/event_types/{uuid}"

    def event(self, uuid: str) -> str:
        return f"{self.origin}/scheduled_events/{uuid}"

    def invitee(self, event_uuid: str, uuid: str) -> str:
        return f"{self.origin}/scheduled_events/{event_uuid}/invitees/{uuid}"

    def subscription(self, uuid: str) -> str:
        return f"{self.origin}/webhook_subscriptions/{uuid}"

    def group(self, uuid: str) -> str:
        return f"{self.origin}/groups/{uuid}"


def user(model: SchedulerModel, record: Record, uris: Uris) -> Record:
    return {
        "uri": uris.user(record["uuid"]),
        "name": record["name"],
        "slug": record["slug"],
        "email": record["email"],
        "scheduling_url": f"{uris.origin}/{record['slug']}",
        "timezone": record["timezone"],
        "avatar_url": record["avatar_url"],
        "created_at": iso(record["created_at"]),
        "updated_at": iso(record["updated_at"]),
        "current_organization": uris.organization(record["organization"]),
    }


def event_type(model: SchedulerModel, record: Record, uris: Uris) -> Record:
    owner = model.get("users", record["owner"], "user")
    return {
        "uri": uris.event_type(record["uuid"]),
        "name": record["name"],
        "active": record["active"],
        "booking_method": "instant",
        "slug": record["slug"],
        "scheduling_url": f"{uris.origin}/{owner['slug']}/{record['slug']}",
        "duration": record["duration"],
        "kind": record["kind"],
        "pooling_type": None,
        "type": "StandardEventType",
        "color": "#0069ff",
        "created_at": iso(record["created_at"]),
        "updated_at": iso(record["updated_at"]),
        "internal_note": None,
        "description_plain": record["description"],
        "description_html": f"<p>{record['description']}</p>",
        "profile": {"type": "User", "name": owner["name"], "owner": uris.user(owner["uuid"])},
        "secret": False,
        "deleted_at": None,
        "kind_description": "One-on-One",
        "admin_managed": False,
        "custom_questions": [dict(q) for q in record.get("custom_questions") or []],
    }


def location(record: Record, uris: Uris) -> Record:
    """Calendly's polymorphic Location for the model's phone / video / in-person kinds."""
    where = record["location"]
    if where["kind"] == "phone":
        return {"type": "inbound_call", "location": where["where"]}
    if where["kind"] == "in_person":
        return {"type": "physical", "location": where["where"]}
    return {
        "type": "google_conference",
        "status": "pushed",
        "join_url": f"{uris.origin}/events/{record['uuid']}/google_meet",
    }


def cancellation(record: Record | None) -> Record | None:
    if record is None:
        return None
    return {
        "canceled_by": record["canceled_by"],
        "reason": record["reason"],
        "canceler_type": record["canceler_type"],
        "created_at": iso(record["created_at"]),
    }


def event(model: SchedulerModel, record: Record, uris: Uris) -> Record:
    host = model.get("users", record["host"], "user")
    out = {
        "uri": uris.event(record["uuid"]),
        "name": record["name"],
        "status": record["status"],
        "booking_method": "instant",
        "start_time": iso(record["start_time"]),
        "end_time": iso(record["end_time"]),
        "event_type": uris.event_type(record["event_type"]),
        "location": location(record, uris),
        "invitees_counter": model.counter(record),
        "created_at": iso(record["created_at"]),
        "updated_at": iso(record["updated_at"]),
        "event_memberships": [
            {"user": uris.user(host["uuid"]), "user_email": host["email"], "user_name": host["name"]}
        ],
        "event_guests": [],
        "calendar_event": None,
    }
    if record["cancellation"] is not None:
        out["cancellation"] = cancellation(record["cancellation"])
    return out


def _invitee_uri(model: SchedulerModel, uuid: str | None, uris: Uris) -> str | None:
    if uuid is None:
        return None
    return uris.invitee(model.get("invitees", uuid, "invitee")["event"], uuid)


def invitee(model: SchedulerModel, record: Record, uris: Uris) -> Record:
    out = {
        "uri": uris.invitee(record["event"], record["uuid"]),
        "email": record["email"],
        "first_name": record["first_name"],
        "last_name": record["last_name"],
        "name": record["name"],
        "status": record["status"],
        "questions_and_answers": [dict(qa) for qa in record["questions_and_answers"]],
        "timezone": record["timezone"],
        "event": uris.event(record["event"]),
        "created_at": iso(record["created_at"]),
        "updated_at": iso(record["updated_at"]),
        "tracking": dict(record["tracking"]),
        "text_reminder_number": None,
        "rescheduled": record["rescheduled"],
        "old_invitee": _invitee_uri(model, record["old_invitee"], uris),
        "new_invitee": _invitee_uri(model, record["new_invitee"], uris),
        "cancel_url": f"{uris.origin}/cancellations/{record['uuid']}",
        "reschedule_url": f"{uris.origin}/reschedulings/{record['uuid']}",
        "routing_form_submission": None,
        "payment": None,
        "no_show": None,
        "reconfirmation": None,
    }
    if record["cancellation"] is not None:
        out["cancellation"] = cancellation(record["cancellation"])
    return out


def subscription(model: SchedulerModel, record: Record, uris: Uris) -> Record:
    """The signing key is write-only: it never appears here."""
    return {
        "uri": uris.subscription(record["uuid"]),
        "callback_url": record["callback_url"],
        "created_at": iso(record["created_at"]),
        "updated_at": iso(record["updated_at"]),
        "retry_started_at": iso(record["retry_started_at"]),
        "state": record["state"],
        "events": list(record["events"]),
        "scope": record["scope"],
        "organization": uris.organization(record["organization"]),
        "user": uris.user(record["user"]) if record["user"] else None,
        "group": uris.group(record["group"]) if record["group"] else None,
        "creator": uris.user(record["creator"]) if record["creator"] else None,
    }


def link(model: SchedulerModel, record: Record, uris: Uris) -> Record:
    return {
        "booking_url": record["booking_url"],
        "owner": uris.event_type(record["event_type"]),
        "owner_type": "EventType",
    }
