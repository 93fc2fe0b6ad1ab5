"""Layer 2: scheduling links, booking notes and reminders."""

from __future__ import annotations

from refint_helpers import application_payload as app
from refint_helpers import invitee_payload, wait_until
from refint_world import EVENT_TYPES


def notes(sut, app_id: int = 101) -> list[str]:
    return [
        c.body["body"]
        for c in sut.world.called("greenhouse", "POST", r"/v3/notes")
        if c.body["application_id"] == app_id
    ]


def test_interview_stage_gets_a_single_use_link_for_its_event_type(sut):
    sut.greenhouse("candidate_stage_change", app(101, "Technical Interview"))
    [link] = sut.world.called("calendly", "POST", "/scheduling_links")
    assert link.body == {"max_event_count": 1, "owner": EVENT_TYPES["Technical Interview"], "owner_type": "EventType"}
    [mail] = sut.outbox.touchpoints("interview_invitation")
    assert mail["subject"] == "Schedule your interview"
    assert "https://calendly.test/d/link-" in mail["body"] and "?utm_content=101" in mail["body"]


def test_non_interview_stage_creates_no_link(sut):
    sut.greenhouse("candidate_stage_change", app(101, "Offer"))
    assert sut.world.called("calendly", "POST", "/scheduling_links") == []


def test_missing_event_type_alerts_and_sends_no_invitation(make_sut):
    sut = make_sut(INTERVIEW_STAGES="Phone Screen, Panel", PIPELINE_STAGES="Application Review,Panel,Offer")
    sut.greenhouse("candidate_stage_change", app(101, "Panel"))
    assert sut.outbox.touchpoints("interview_invitation") == []
    assert "application 101" in sut.world.slack_messages[0] and "Panel" in sut.world.slack_messages[0]


def test_booking_cancel_and_reschedule_write_notes(sut):
    sut.world.add_application(101)
    sut.calendly("invitee.created", invitee_payload(101, "INV1"))
    sut.calendly("invitee.created", invitee_payload(101, "INV1"))  # redelivered
    sut.calendly("invitee.canceled", invitee_payload(101, "INV1", rescheduled=True, status="canceled"))
    sut.calendly(
        "invitee.created",
        invitee_payload(101, "INV2", start="2026-03-05T10:00:00Z", old_invitee="https://calendly.test/.../INV1"),
    )
    sut.calendly(
        "invitee.canceled", invitee_payload(101, "INV2", status="canceled", cancellation={"reason": "conflict"})
    )
    assert notes(sut) == [
        "Interview booked: 2026-03-04T15:00:00Z",
        "Interview rescheduled",
        "Interview booked: 2026-03-05T10:00:00Z",
        "Interview canceled",
    ]
    assert notes(sut) and sut.world.called("greenhouse", "POST", r".*notes")[0].body["visibility"] == "admin_only"


def test_invitee_without_utm_content_is_ignored(sut):
    response = sut.calendly("invitee.created", invitee_payload(101, tracking={"utm_content": None}))
    assert response.status_code == 200 and notes(sut) == []


def test_reminder_once_per_booking_within_24_hours(sut):
    sut.world.add_application(101)
    sut.greenhouse("new_candidate_application", app(101, "Application Review"))
    sut.calendly("invitee.created", invitee_payload(101, start="2026-03-03T15:00:00Z"))  # now + 30 h
    assert sut.integration.run_reminders_once() == 0
    sut.clock.advance(hours=7)  # now + 23 h
    assert sut.integration.run_reminders_once() == 1
    sut.clock.advance(minutes=1)
    assert sut.integration.run_reminders_once() == 0
    sut.clock.advance(hours=24)  # interview is over
    assert sut.integration.run_reminders_once() == 0
    [mail] = sut.outbox.touchpoints("interview_reminder")
    assert mail["subject"] == "Reminder: your interview" and "2026-03-03T15:00:00+00:00" in mail["body"]


def test_canceled_booking_gets_no_reminder(sut):
    sut.world.add_application(101)
    sut.greenhouse("new_candidate_application", app(101, "Application Review"))
    sut.calendly("invitee.created", invitee_payload(101, start="2026-03-02T15:00:00Z"))
    sut.calendly("invitee.canceled", invitee_payload(101, status="canceled"))
    assert sut.integration.run_reminders_once() == 0


def test_background_loop_sends_the_reminder(make_sut):
    sut = make_sut(REMINDER_INTERVAL_SECONDS="0.05")
    sut.world.add_application(101)
    sut.greenhouse("new_candidate_application", app(101, "Application Review"))
    sut.calendly("invitee.created", invitee_payload(101, start="2026-03-02T15:00:00Z"))
    assert wait_until(lambda: len(sut.outbox.touchpoints("interview_reminder")) == 1)
