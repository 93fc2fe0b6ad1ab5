"""The scheduler: hosts, their interview event types, single-use booking links,
booked events, the people who booked them, and who wants to hear about it.

Vendor-neutral: records hold plain uuids and datetimes; a dialect turns them
into its vendor's URIs and wire format. Candidates book, cancel and
reschedule through world actions (what they do on the booking pages, which
no scheduling API offers); hosts cancel through the API.
"""

from __future__ import annotations

import re
import string
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from ..kit.model import ModelError, NotFound, action
from . import rules
from .rules import CANCELERS, EVENT_LIFECYCLE, INVITEE_LIFECYCLE, slugify
from .subscriptions import PLANS, SubscriptionRecords

# The custom questions every seeded event type asks after name and email (the shape of Calendly's
# EventTypeCustomQuestion: name, type, position, enabled, required, answer_choices, include_other).
CUSTOM_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("Phone number", "phone_number"),
    ("What would you like us to know before we meet?", "text"),
)

# One event type per interview stage of the journey vocabulary (ARCHITECTURE.md).
STAGE_EVENT_TYPES: tuple[tuple[str, int, dict[str, str]], ...] = (
    ("Phone Screen", 30, {"kind": "phone", "where": "+1 555 010 0100"}),
    ("Technical Interview", 60, {"kind": "video", "where": ""}),
    ("Onsite", 240, {"kind": "in_person", "where": "Harness HQ, 1 Main Street, New York"}),
)

OWNER = {"name": "Harness Recruiter", "email": "recruiter@harness.example", "timezone": "America/New_York"}

_LINK_TOKEN = re.compile(r"/d/([a-z0-9]{4}-[a-z0-9]{4})(?:/|$)")


class SchedulerModel(SubscriptionRecords):
    system = "scheduler"

    # -- furniture -----------------------------------------------------------
    def seed(self) -> None:
        now = self.now()
        org = self._uuid("organization")
        self.store.table("organizations")[org] = {
            "uuid": org,
            "name": "Harness Recruiting",
            "plan": "teams",
            "stage": "paid",
            "created_at": now,
            "updated_at": now,
        }
        owner = self._uuid("user")
        self.store.table("users")[owner] = {
            "uuid": owner,
            **OWNER,
            "slug": slugify(OWNER["name"]),
            "organization": org,
            "role": "owner",
            "avatar_url": None,
            "created_at": now,
            "updated_at": now,
        }
        for name, minutes, location in STAGE_EVENT_TYPES:
            self._new_event_type(name, minutes, location, owner, seeded=True)

    def _new_event_type(
        self, name: str, minutes: int, location: dict[str, str], owner: str, slug: str | None = None,
        questions: tuple[str, ...] = (), seeded: bool = False,
    ) -> dict[str, Any]:
        """``questions``: invitee questions the account's owner added (answered as text, required); a
        seeded event type also asks the fake's two default questions first (``CUSTOM_QUESTIONS``)."""
        uuid, now = self._uuid("event_type"), self.now()
        defaults = CUSTOM_QUESTIONS if seeded else ()
        record = self.store.table("event_types")[uuid] = {
            "uuid": uuid,
            "name": name,
            "slug": slug or slugify(name),
            "active": True,
            "duration": minutes,
            "kind": "solo",
            "owner": owner,
            "location": dict(location),
            "description": f"{name} with the hiring team",
            "questions": list(questions),
            "custom_questions": [
                {"name": q, "type": kind, "position": n, "enabled": True, "required": False,
                 "answer_choices": [], "include_other": False}
                for n, (q, kind) in enumerate(defaults)
            ] + [
                {"name": q, "type": "string", "position": len(defaults) + n, "enabled": True, "required": True,
                 "answer_choices": [], "include_other": False}
                for n, q in enumerate(questions)
            ],
            "created_at": now,
            "updated_at": now,
        }
        return record

    @action
    def add_event_type(
        self, name: str, duration: int = 30, location: str = "video", slug: str | None = None,
        questions: list[str] | tuple[str, ...] = (),
    ) -> dict[str, Any]:
        """The owner creates an event type (its invitee questions asked on booking, in order)."""
        if not isinstance(name, str) or not name.strip():
            raise ModelError(f"name={name!r} must be a non-empty string", field="name")
        if self.store.table("event_types").first(name=name) is not None:
            raise ModelError(f"an event type named {name!r} already exists", kind="conflict", field="name")
        where = {k: dict(v) for _, _, v in STAGE_EVENT_TYPES for k in [v["kind"]]}
        if location not in where:
            raise ModelError(f"location={location!r} must be one of {', '.join(where)}", field="location")
        return self._new_event_type(name, int(duration), where[location], self.owner["uuid"], slug, tuple(questions))

    def has_event_type(self, name: str) -> bool:
        return self.store.table("event_types").first(name=name) is not None

    @action
    def ask_questions(self, name: str, questions: list[str] | tuple[str, ...]) -> dict[str, Any]:
        """The owner adds invitee questions to an event type (asked on booking, after any it asks)."""
        event_type = self.event_type_named(name)
        for question in questions:
            if not isinstance(question, str) or not question.strip():
                raise ModelError(f"question {question!r} must be non-empty text", field="questions")
            if question not in event_type["questions"]:
                event_type["questions"].append(question)
                event_type["custom_questions"].append(
                    {"name": question, "type": "string", "position": len(event_type["custom_questions"]),
                     "enabled": True, "required": True, "answer_choices": [], "include_other": False}
                )
        event_type["updated_at"] = self.now()
        return event_type

    @property
    def owner(self) -> dict[str, Any]:
        return next(u for u in self.store.table("users").values() if u["role"] == "owner")

    @property
    def organization(self) -> dict[str, Any]:
        return self.get("organizations", self.owner["organization"], "organization")

    def event_type_named(self, name: str) -> dict[str, Any]:
        found = self.store.table("event_types").first(name=name)
        if found is None:
            known = ", ".join(repr(t["name"]) for t in self.store.table("event_types").values())
            raise ModelError(f"no event type named {name!r}; known: {known}", kind="not_found", field="name")
        return found

    # -- world actions: what candidates and admins do in the UI ----------------
    @action
    def book(
        self,
        booking_url: str,
        name: str | None = None,
        email: str = "",
        start_time: str | datetime = "",
        timezone: str = "America/New_York",
        first_name: str | None = None,
        last_name: str | None = None,
        questions_and_answers: list[dict[str, str]] | None = None,
        invitee_name: str | None = None,
    ) -> dict[str, str]:
        """A candidate books a slot through a booking URL.

        The URL's query may carry utm_* tracking and booking-page prefill
        (``name``, ``first_name``, ``last_name``, ``email``, ``a1``..``a10``; see
        ``rules.prefill``). A prefilled name or email is what the form holds,
        so it is what the invitee submits (people do not retype a filled
        field); ``name``/``email`` here fill what the link left empty.
        ``aN`` answers the event type's N-th custom question; an answer in
        ``questions_and_answers`` to the same question replaces it.

        ``invitee_name`` is an alias of ``name``: ``World.act`` keeps ``name``
        for the action's own name, so through it the person's name travels as
        ``invitee_name``.
        """
        link = self._link_for(booking_url)
        if link["used"] >= link["max_event_count"]:
            raise ModelError(
                f"booking_url={booking_url!r} is a single-use link that was already used; create a new link",
                kind="conflict",
                field="booking_url",
            )
        event_type = self.get("event_types", link["event_type"], "event type")
        if not event_type["active"]:
            raise ModelError(f"event type {event_type['name']!r} is inactive", kind="invalid", field="booking_url")
        zone = rules.zone(timezone)
        start = self._future_instant(start_time, zone, "start_time")
        end = start + timedelta(minutes=event_type["duration"])
        self._check_free(event_type["owner"], start, end)
        filled = rules.prefill(booking_url)
        typed = name if name is not None else invitee_name
        split = " ".join(p for p in (filled["first_name"], filled["last_name"]) if p) or None
        person = rules.person(filled["name"] or split or typed, filled["email"] or email, first_name, last_name)
        answers = rules.answers(  # every check before the first write: nothing partial
            questions_and_answers, event_type.get("custom_questions"), filled["answers"]
        )
        event = self._new_event(event_type, start, end, link["token"])
        invitee = self._new_invitee(event, person, timezone, rules.tracking(booking_url), answers)
        link["used"] += 1
        self.emit("invitee.created", event_uuid=event["uuid"], invitee_uuid=invitee["uuid"])
        return {"event_uuid": event["uuid"], "invitee_uuid": invitee["uuid"]}

    @action
    def cancel(
        self,
        uuid: str | None = None,
        reason: str | None = None,
        by: str = "invitee",
        invitee_uuid: str | None = None,
        event_uuid: str | None = None,
    ) -> dict[str, Any]:
        """Cancel a booking (an invitee or event uuid) as the candidate (by="invitee") or the host (by="host")."""
        if by not in CANCELERS:
            raise ModelError(f"by={by!r} must be one of {', '.join(CANCELERS)}", field="by")
        target = invitee_uuid or event_uuid or uuid
        if target in self.store.table("invitees"):
            event = self.get("events", self.store.table("invitees")[target]["event"], "scheduled event")
        elif target in self.store.table("events"):
            event = self.store.table("events")[target]
        else:
            raise NotFound("invitee or scheduled event", target)
        return self.cancel_event(event["uuid"], reason, by)

    @action
    def reschedule(
        self, invitee_uuid: str, new_start_time: str | datetime, reason: str | None = None
    ) -> dict[str, str]:
        """The candidate moves a booking: the old invitee is canceled (rescheduled), a new one is created."""
        old = self.get("invitees", invitee_uuid, "invitee")
        if old["status"] != "active":
            message = f"invitee {invitee_uuid!r} is {old['status']}; only an active booking moves"
            raise ModelError(message, kind="conflict")
        old_event = self.get("events", old["event"], "scheduled event")
        self._check_cancellable(old_event)
        event_type = self.get("event_types", old_event["event_type"], "event type")
        start = self._future_instant(new_start_time, rules.zone(old["timezone"]), "new_start_time")
        end = start + timedelta(minutes=event_type["duration"])
        self._check_free(event_type["owner"], start, end, ignore=old_event["uuid"])
        event = self._new_event(event_type, start, end, old_event["link"])
        person = {k: old[k] for k in ("name", "email", "first_name", "last_name")}
        new = self._new_invitee(
            event, person, old["timezone"], dict(old["tracking"]), list(old["questions_and_answers"])
        )
        new["old_invitee"] = old["uuid"]
        old["rescheduled"], old["new_invitee"] = True, new["uuid"]
        self.cancel_event(old_event["uuid"], reason, "invitee")  # announces invitee.canceled first
        self.emit("invitee.created", event_uuid=event["uuid"], invitee_uuid=new["uuid"])
        return {"event_uuid": event["uuid"], "invitee_uuid": new["uuid"], "old_invitee_uuid": old["uuid"]}

    @action
    def set_plan(self, plan: str) -> dict[str, Any]:
        """Change the organization's plan (basic and essentials cannot use webhooks)."""
        if plan not in PLANS:
            raise ModelError(f"plan={plan!r} must be one of {', '.join(PLANS)}", field="plan")
        org = self.organization
        org["plan"], org["updated_at"] = plan, self.now()
        return org

    @action
    def set_event_type_active(self, event_type: str, active: bool) -> dict[str, Any]:
        """Switch an event type (by its name, e.g. "Onsite") on or off."""
        record = self.event_type_named(event_type)
        record["active"], record["updated_at"] = bool(active), self.now()
        return record

    # -- queries (also actions, so the control plane can ask) ----------------
    @action
    def events(self, status: str | None = None) -> list[dict[str, Any]]:
        """Scheduled events, optionally only active or canceled ones."""
        return [e for e in self.store.table("events").values() if status is None or e["status"] == status]

    @action
    def invitees(self, email: str | None = None) -> list[dict[str, Any]]:
        """Invitees, optionally those with one email address (case-insensitive)."""
        wanted = email.lower() if email else None
        return [i for i in self.store.table("invitees").values() if wanted is None or i["email"].lower() == wanted]

    @action
    def links(self) -> list[dict[str, Any]]:
        """Scheduling links handed out, with how often each was used."""
        return list(self.store.table("links").values())

    # -- operations the API offers ----------------------------------------------
    def create_link(self, event_type_uuid: str, max_event_count: int, base_url: str) -> dict[str, Any]:
        event_type = self.get("event_types", event_type_uuid, "event type")
        if not event_type["active"]:
            raise ModelError(f"event type {event_type['name']!r} is inactive", kind="invalid", field="owner")
        raw = self.hub.ids.token(f"{self.system}.{self.tenant}.link", 8, string.ascii_lowercase + string.digits)
        token = f"{raw[:4]}-{raw[4:]}"
        link = {
            "token": token,
            "event_type": event_type_uuid,
            "max_event_count": max_event_count,
            "used": 0,
            "booking_url": f"{base_url.rstrip('/')}/d/{token}/{event_type['slug']}",
            "created_at": self.now(),
        }
        self.store.table("links")[token] = link
        return link

    def cancel_event(self, event_uuid: str, reason: str | None, by: str) -> dict[str, Any]:
        """Cancel an event and every active invitee on it; returns the cancellation."""
        event = self.get("events", event_uuid, "scheduled event")
        self._check_cancellable(event)
        active = [i for i in self._invitees_of(event_uuid) if i["status"] == "active"]
        host = self.get("users", event["host"], "user")
        canceled_by = active[0]["name"] if by == "invitee" and active else host["name"]
        now = self.now()
        cancellation = {"canceled_by": canceled_by, "reason": reason, "canceler_type": by, "created_at": now}
        rules.move(event, "status", "canceled", EVENT_LIFECYCLE, "scheduled event")
        event["cancellation"], event["updated_at"] = dict(cancellation), now
        for invitee in active:
            rules.move(invitee, "status", "canceled", INVITEE_LIFECYCLE, "invitee")
            invitee["cancellation"], invitee["updated_at"] = dict(cancellation), now
        for invitee in active:
            self.emit("invitee.canceled", event_uuid=event_uuid, invitee_uuid=invitee["uuid"])
        return cancellation

    # -- reads the API needs --------------------------------------------------------
    def event_types_for(self, user: str | None, organization: str | None) -> list[dict[str, Any]]:
        users = self.store.table("users")
        return [
            t
            for t in self.store.table("event_types").values()
            if (user is None or t["owner"] == user)
            and (organization is None or users[t["owner"]]["organization"] == organization)
        ]

    def events_for(self, user: str | None, organization: str | None, invitee_email: str | None) -> list[dict[str, Any]]:
        users = self.store.table("users")
        booked = {i["event"] for i in self.invitees(invitee_email)} if invitee_email else None
        return [
            e
            for e in self.store.table("events").values()
            if (user is None or e["host"] == user)
            and (organization is None or users[e["host"]]["organization"] == organization)
            and (booked is None or e["uuid"] in booked)
        ]

    def invitees_of(self, event_uuid: str) -> list[dict[str, Any]]:
        self.get("events", event_uuid, "scheduled event")
        return self._invitees_of(event_uuid)

    def counter(self, event: dict[str, Any]) -> dict[str, int]:
        invitees = self._invitees_of(event["uuid"])
        return {"total": len(invitees), "active": sum(i["status"] == "active" for i in invitees), "limit": 1}

    # -- helpers ----------------------------------------------------------------------
    def _invitees_of(self, event_uuid: str) -> list[dict[str, Any]]:
        return list(self.store.table("invitees").where(event=event_uuid))

    def _link_for(self, booking_url: str) -> dict[str, Any]:
        match = _LINK_TOKEN.search(urlsplit(str(booking_url)).path)
        link = self.store.table("links").get(match.group(1)) if match else None
        if link is None:
            raise NotFound("scheduling link", booking_url)
        return link

    def _future_instant(self, value: Any, zone: ZoneInfo, field: str) -> datetime:
        instant = rules.instant(value, zone, field)
        if instant <= self.now():
            raise ModelError(f"{field}={value!r} is not in the future (now is {self.now().isoformat()})", field=field)
        return instant

    def _check_free(self, host: str, start: datetime, end: datetime, ignore: str | None = None) -> None:
        for event in self.store.table("events").values():
            if event["host"] != host or event["status"] != "active" or event["uuid"] == ignore:
                continue
            if event["start_time"] < end and start < event["end_time"]:
                raise ModelError(
                    f"the host is busy from {event['start_time'].isoformat()} to {event['end_time'].isoformat()} "
                    f"({event['name']}); choose a start_time outside it",
                    kind="conflict",
                    field="start_time",
                )

    def _check_cancellable(self, event: dict[str, Any]) -> None:
        if event["status"] == "canceled":
            raise ModelError("Event is already canceled", kind="conflict", field="uuid")
        if event["start_time"] <= self.now():
            raise ModelError("Event in the past", kind="conflict", field="uuid")

    def _new_event(
        self, event_type: dict[str, Any], start: datetime, end: datetime, link: str | None
    ) -> dict[str, Any]:
        uuid, now = self._uuid("event"), self.now()
        event = {
            "uuid": uuid,
            "name": event_type["name"],
            "status": "active",
            "start_time": start,
            "end_time": end,
            "event_type": event_type["uuid"],
            "host": event_type["owner"],
            "location": dict(event_type["location"]),
            "link": link,
            "cancellation": None,
            "created_at": now,
            "updated_at": now,
        }
        self.store.table("events")[uuid] = event
        return event

    def _new_invitee(
        self,
        event: dict[str, Any],
        person: dict[str, Any],
        timezone: str,
        tracking: dict[str, str | None],
        answers: list[dict[str, Any]],
    ) -> dict[str, Any]:
        uuid, now = self._uuid("invitee"), self.now()
        invitee = {
            "uuid": uuid,
            "event": event["uuid"],
            **person,
            "status": "active",
            "timezone": timezone,
            "tracking": tracking,
            "questions_and_answers": answers,
            "rescheduled": False,
            "old_invitee": None,
            "new_invitee": None,
            "cancellation": None,
            "created_at": now,
            "updated_at": now,
        }
        self.store.table("invitees")[uuid] = invitee
        return invitee
