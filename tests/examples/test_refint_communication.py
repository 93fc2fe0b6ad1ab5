"""Layer 1: one email per touchpoint, on the right stage changes only."""

from __future__ import annotations

from refint_helpers import application_payload as app


def subjects(sut) -> list[str]:
    return [m["subject"] for m in sut.outbox.touchpoints()]


def test_application_confirmation_once_even_when_redelivered(sut):
    payload = app(101, "Application Review")
    assert sut.greenhouse("new_candidate_application", payload, event_id="e1").json()["handled"]
    assert sut.greenhouse("new_candidate_application", payload, event_id="e1").json() == {"duplicate": "e1"}
    sut.greenhouse("new_candidate_application", payload, event_id="e2")  # same fact, new delivery id
    [mail] = sut.outbox.touchpoints()
    assert (mail["to"], mail["subject"]) == ("zoe@example.com", "We received your application")
    assert mail["body"].startswith("Hello Zoë,") and "application 101" in mail["body"]


def test_forward_path_sends_each_touchpoint_once(sut):
    sut.greenhouse("new_candidate_application", app(101, "Application Review", at="2026-03-02T09:00:00Z"))
    sut.greenhouse("candidate_stage_change", app(101, "Phone Screen", at="2026-03-03T09:00:00Z"))
    sut.greenhouse("candidate_stage_change", app(101, "Technical Interview", at="2026-03-04T09:00:00Z"))
    sut.greenhouse("candidate_stage_change", app(101, "Onsite", at="2026-03-05T09:00:00Z"))
    sut.greenhouse("candidate_stage_change", app(101, "Offer", at="2026-03-06T09:00:00Z"))
    assert subjects(sut) == [
        "We received your application",
        "Schedule your interview",  # Phone Screen
        "An update after your interview",
        "Schedule your interview",  # left Phone Screen, Technical
        "An update after your interview",
        "Schedule your interview",  # left Technical, Onsite
        "An update after your interview",
        "Your application has moved forward",  # left Onsite, Offer
    ]


def test_backward_sideways_and_unknown_moves_send_nothing(sut):
    sut.greenhouse("candidate_stage_change", app(101, "Onsite", at="2026-03-05T09:00:00Z"))
    before = len(sut.outbox.sent)
    sut.greenhouse("candidate_stage_change", app(101, "Phone Screen", at="2026-03-06T09:00:00Z"))  # backward
    sut.greenhouse("candidate_stage_change", app(101, "Phone Screen", at="2026-03-07T09:00:00Z"))  # sideways
    sut.greenhouse("candidate_stage_change", app(101, "Culture Chat", at="2026-03-08T09:00:00Z"))  # not in pipeline
    assert len(sut.outbox.sent) == before


def test_duplicate_stage_change_with_new_event_id_sends_once(sut):
    sut.greenhouse("new_candidate_application", app(101, "Application Review"))
    for event_id in ("a", "b", "c"):
        sut.greenhouse("candidate_stage_change", app(101, "Offer", at="2026-03-06T09:00:00Z"), event_id=event_id)
    assert subjects(sut).count("Your application has moved forward") == 1


def test_reordered_deliveries_are_judged_by_when_the_move_happened(sut):
    sut.greenhouse("new_candidate_application", app(101, "Application Review", at="2026-03-02T09:00:00Z"))
    sut.greenhouse("candidate_stage_change", app(101, "Technical Interview", at="2026-03-04T09:00:00Z"))
    sut.greenhouse("candidate_stage_change", app(101, "Phone Screen", at="2026-03-03T09:00:00Z"))  # late
    assert sorted(subjects(sut)) == sorted(
        [
            "We received your application",
            "Schedule your interview",
            "Schedule your interview",
            "An update after your interview",
        ]
    )
    occasions = [m["body"] for m in sut.outbox.touchpoints("interview_invitation")]
    assert any("Technical Interview" in b for b in occasions) and any("Phone Screen" in b for b in occasions)


def test_frozen_clock_ties_fall_back_to_arrival_order(sut):
    same = "2026-03-02T09:00:00Z"
    sut.greenhouse("new_candidate_application", app(101, "Application Review", at=same, applied_at=same))
    sut.greenhouse("candidate_stage_change", app(101, "Phone Screen", at=same))
    sut.greenhouse("candidate_stage_change", app(101, "Offer", at=same))
    assert subjects(sut) == [
        "We received your application",
        "Schedule your interview",
        "An update after your interview",
        "Your application has moved forward",
    ]


def test_rejection_email(sut):
    sut.greenhouse("reject_candidate", app(101, "Phone Screen"))
    sut.greenhouse("reject_candidate", app(101, "Phone Screen"))
    assert subjects(sut) == ["An update on your application"]


def test_job_stages_from_greenhouse_define_the_pipeline(sut):
    sut.world.job_stages["300"] = [
        {"id": i, "name": n, "priority": i}
        for i, n in enumerate(["Application Review", "Phone Screen", "Reference Check", "Offer"])
    ]
    sut.greenhouse("candidate_stage_change", app(101, "Phone Screen", at="2026-03-03T09:00:00Z"))
    sut.greenhouse("candidate_stage_change", app(101, "Reference Check", at="2026-03-04T09:00:00Z"))
    sut.greenhouse("candidate_stage_change", app(101, "Offer", at="2026-03-05T09:00:00Z"))
    assert subjects(sut) == [
        "Schedule your interview",
        "An update after your interview",
        "Your application has moved forward",
    ]
    reads = sut.world.called("greenhouse", "GET", r"/v3/job_interview_stages")
    assert [c.query for c in reads] == [{"job_ids": ["300"]}]  # cached per job


def test_v3_stage_order_may_come_as_sort_order(sut):
    names = ["Application Review", "Phone Screen", "Reference Check", "Offer"]
    sut.world.job_stages["300"] = [{"id": i, "name": n, "sort_order": 10 - i} for i, n in enumerate(names)]
    assert sut.integration.stage_order("300") == tuple(reversed(names))
