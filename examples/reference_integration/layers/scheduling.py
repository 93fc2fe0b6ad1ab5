"""Layer 2: interview scheduling through Calendly, and reminders.

Moving to an interview stage earns a single-use scheduling link for the
event type named like the stage; ``utm_content`` carries the application id
through the booking so the invitee web hook finds its way back.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from ..clock import parse_instant
from ..core import Core
from ..http import VendorError
from ..state import Booking, Journey

REMINDER_WINDOW = timedelta(hours=24)


def with_utm(url: str, application_id: str) -> str:
    return f"{url}{'&' if urlsplit(url).query else '?'}utm_content={application_id}"


class Scheduling(Core):
    def interview_event_type_name(self, stage: str) -> str | None:
        """The Calendly event type a move to ``stage`` schedules, or None."""
        return stage if stage in self.settings.interview_stages else None

    def invite_to_interview(self, journey: Journey, stage: str) -> None:
        if self.is_done(("touchpoint", journey.application_id, "interview_invitation", stage)):
            return
        name = self.interview_event_type_name(stage) or stage
        try:
            link = self.calendly.create_scheduling_link(self.event_type_uri(name))
        except VendorError as exc:
            self.alert(
                f"application {journey.application_id}: no scheduling link for {stage}: {exc}",
                key=("scheduling", journey.application_id, stage),
            )
            return
        self.send_touchpoint(
            journey,
            "interview_invitation",
            stage,
            [f"Please pick a time for your {stage}: {with_utm(link, journey.application_id)}"],
        )

    def event_type_uri(self, name: str) -> str:
        user = self.calendly_user.get("uri") or self.calendly.me().get("uri", "")
        for event_type in self.calendly.event_types(user):
            if str(event_type.get("name", "")).casefold() == name.casefold() and event_type.get("uri"):
                return str(event_type["uri"])
        raise VendorError("calendly", "GET", self.calendly.url("/event_types"), 200, f"no event type named {name!r}")

    # -- invitee web hooks -------------------------------------------------------
    def on_invitee_created(self, payload: dict[str, Any]) -> None:
        journey = self.journey(application_of_invitee(payload))
        event = payload.get("scheduled_event") or {}
        start = event.get("start_time") or ""
        invitee = str(payload.get("uri") or "")
        if invitee in journey.bookings:
            return
        self.note_on_candidate(journey, f"Interview booked: {start}")
        journey.bookings[invitee] = Booking(
            invitee, str(event.get("uri") or payload.get("event") or ""), parse_instant(start)
        )

    def on_invitee_canceled(self, payload: dict[str, Any]) -> None:
        journey = self.journey(application_of_invitee(payload))
        booking = journey.bookings.get(str(payload.get("uri") or ""))
        if booking is not None and booking.status == "canceled":
            return
        self.note_on_candidate(journey, "Interview rescheduled" if payload.get("rescheduled") else "Interview canceled")
        if booking is not None:
            booking.status = "canceled"

    # -- reminders ---------------------------------------------------------------
    def reminder_occasion(self, booking: Booking) -> str:
        return booking.invitee_uri

    def run_reminders_once(self) -> int:
        """Email a reminder for every active booking starting within 24 hours."""
        sent = 0
        now = self.now()
        for journey in list(self.state.journeys.values()):
            with self.state.lock(journey.application_id):
                for booking in list(journey.bookings.values()):
                    start = booking.start_time
                    if booking.status != "active" or start is None or not now < start <= now + REMINDER_WINDOW:
                        continue
                    sent += self.send_touchpoint(
                        journey,
                        "interview_reminder",
                        self.reminder_occasion(booking),
                        [f"This is a reminder that your interview starts at {start.isoformat()}."],
                    )
        return sent


def application_of_invitee(payload: dict[str, Any]) -> str:
    return str((payload.get("tracking") or {}).get("utm_content") or "").strip()
