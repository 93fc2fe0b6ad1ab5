"""The profile's vocabulary and correlation, resolved against a world of fakes (no SUT).

Each test builds the records an integration would have made (an envelope, an
employee, a booking) the way the profile says it makes them, and checks the
harness finds them; a record made the other way is not found.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from fakes.world import World
from harness.engine import observe, vocab
from harness.engine.journey import Journey, StepError
from harness.engine.setup import configure_world
from harness.errors import HarnessError
from harness.profile.loader import parse_profile
from harness.results import JourneyResult

PROFILE = (Path(__file__).resolve().parents[3] / "examples" / "reference_integration" / "profile.yaml").read_text()
HM = {"first_name": "Morgan", "last_name": "Lee", "email": "morgan.lee@example.com"}
CANDIDATE = {"first_name": "Zoë", "last_name": "Nuñez", "email": "zoe@example.com"}


def profile_with(extra: str) -> Any:
    """The reference profile with more top-level sections (their defaults replaced)."""
    return parse_profile(PROFILE + "\n" + extra, file="profile.yaml")


@pytest.fixture
def world() -> Any:
    with World(seed=3) as w:
        yield w


def journey(world: World, profile: Any) -> Journey:
    configure_world(world, profile)
    j = Journey(
        index=0,
        tag="t-1",
        scenario=None,
        world=world,
        candidate=dict(CANDIDATE),
        job_spec={"name": "Engineer", "hiring_manager": dict(HM)},
        offer={},
        pack={},
        result=JourneyResult("s", "t-1", "documents"),
    )
    job = world.ats.create_job(
        name="Engineer",
        department="Engineering",
        office="NYC",
        stages=["Application Review", "Phone Screen", "Offer"],
        hiring_manager=dict(HM),
        recruiter={"first_name": "Rae", "last_name": "Cruz", "email": "rae@example.com"},
    )
    j.ids["job_id"] = job["id"]
    j.apply()
    return j


def signers(hm_role: str | None = "Hiring Manager", cand_role: str | None = "Candidate") -> list[dict[str, Any]]:
    return [
        {"role": hm_role, "name": "Morgan Lee", "email": HM["email"], "routing_order": 1},
        {
            "role": cand_role,
            "name": "Zoë Nuñez",
            "email": CANDIDATE["email"],
            "routing_order": 2,
            "text_tabs": [{"label": "salary", "value": "103000.00"}],
        },
    ]


def document_envelope(world: World, app_id: Any, custom: str = "application") -> dict[str, Any]:
    doc = {"document_id": "1", "name": "offer.pdf", "content_base64": "JVBERi0xLjQK"}
    return world.esign.create_envelope(
        signers(None, None),
        documents=[doc],
        subject="Your offer",
        custom_fields=[{"name": custom, "value": str(app_id)}],
    )


# -- signers -------------------------------------------------------------------------------------------------
def test_signers_by_role_name_on_a_template_envelope(world: World) -> None:
    j = journey(world, profile_with(""))
    [template] = world.esign.templates("Offer Letter")
    world.esign.create_envelope(
        signers(),
        template_id=template["id"],
        custom_fields=[{"name": "greenhouse_application_id", "value": str(j.application_id)}],
    )
    assert j.signer("hiring_manager")["email"] == HM["email"]
    assert j.signer("candidate")["email"] == CANDIDATE["email"]
    j.sign(by="hiring_manager")
    j.sign(by="candidate")
    assert world.esign.envelope(j.envelope_id())["status"] == "completed"
    assert [e.get("party") for e in j.events if e["kind"] == "signed"] == ["hiring_manager", "candidate"]


SIGNERS_BY_ORDER = """
vocabulary:
  envelope:
    template: null
    signers: {hiring_manager: {routing_order: 1}, candidate: {routing_order: 2}}
correlation:
  envelope: {custom_field: application}
"""
SIGNERS_BY_EMAIL = """
vocabulary:
  envelope:
    template: null
    signers: {hiring_manager: {email: hiring_manager}, candidate: {email: candidate}}
correlation:
  envelope: {signer_email: candidate}
"""


@pytest.mark.parametrize("extra", [SIGNERS_BY_ORDER, SIGNERS_BY_EMAIL], ids=["routing_order", "email"])
def test_signers_of_a_document_envelope_without_role_names(world: World, extra: str) -> None:
    j = journey(world, profile_with(extra))
    document_envelope(world, j.application_id)
    assert j.signer("hiring_manager")["email"] == HM["email"]
    assert j.signer("candidate")["email"] == CANDIDATE["email"]
    assert vocab.tabs_of(j, world.esign.envelope(j.envelope_id())) == {"salary": "103000.00"}
    j.sign(by="hiring_manager")
    j.decline(by="candidate", reason="no")
    assert world.esign.envelope(j.envelope_id())["status"] == "declined"


def test_role_names_do_not_find_signers_of_a_document_envelope(world: World) -> None:
    """The defaults (by role) on an envelope whose recipients have no role: a judged step failure naming both."""
    j = journey(world, profile_with("correlation: {envelope: {custom_field: application}}"))
    document_envelope(world, j.application_id)
    with pytest.raises(StepError, match=r"no recipient for the hiring manager \(the profile finds them by role "):
        j.sign(by="hiring_manager")


def test_routing_order_shared_by_two_signers_is_settled_by_the_party_email(world: World) -> None:
    j = journey(world, profile_with(SIGNERS_BY_ORDER.replace("routing_order: 2", "routing_order: 1")))
    envelope = {
        "recipients": [
            {"email": HM["email"], "routing_order": 1},
            {"email": CANDIDATE["email"], "routing_order": 1},
        ]
    }
    assert vocab.recipient_of(j, envelope, "candidate")["email"] == CANDIDATE["email"]
    assert vocab.recipient_of(j, envelope, "hiring_manager")["email"] == HM["email"]


def test_envelope_correlation_by_custom_field_name(world: World) -> None:
    j = journey(world, profile_with(SIGNERS_BY_ORDER))
    document_envelope(world, 999999, custom="application")  # someone else's
    document_envelope(world, j.application_id, custom="other_name")  # this one, under another name
    # the custom field names another application: only the candidate-address fallback finds this one
    found = j.envelopes()
    assert [e["custom_fields"][0]["name"] for e in found] == ["application", "other_name"]
    mine = document_envelope(world, j.application_id, custom="application")
    assert [e["id"] for e in j.envelopes()] == [mine["id"]]


# -- employees -----------------------------------------------------------------------------------------------
def employee(world: World, **fields: Any) -> dict[str, Any]:
    return world.hris.create_employee(first_name="Zoë", last_name="Nuñez", **fields)


def test_employee_by_number_pattern(world: World) -> None:
    j = journey(world, profile_with("correlation: {employee: {employee_number: 'EMP-{application_id}-X'}}"))
    employee(world, employee_number=f"GH-{j.application_id}")  # the reference's scheme: not this profile's
    assert j.employee() is None
    made = employee(world, employee_number=f"EMP-{j.application_id}-X")
    assert j.employee()["id"] == made["id"]
    assert [e["id"] for e in observe.employees(j)] == [made["id"]]


def test_employee_by_a_custom_field(world: World) -> None:
    world.hris.declare_field("customAtsId", "ATS application")
    j = journey(world, profile_with("correlation: {employee: {field: customAtsId, value: 'app-{application_id}'}}"))
    employee(world, customAtsId=str(j.application_id))  # the bare id: not the declared value pattern
    assert j.employee() is None
    made = employee(world, customAtsId=f"app-{j.application_id}")
    assert j.employee()["id"] == made["id"]


def test_employee_by_work_email(world: World) -> None:
    j = journey(world, profile_with("correlation: {employee: {work_email: candidate}}"))
    employee(world, work_email="someone.else@example.com", employee_number=f"GH-{j.application_id}")
    assert j.employee() is None
    made = employee(world, work_email=CANDIDATE["email"])
    assert j.employee()["id"] == made["id"]


def mail(world: World, to: str, subject: str, text: str) -> None:
    world.inbox.receive_email("sut@example.com", [to], subject, text, {}, text.encode())


# -- bookings ----------------------------------------------------------------------------------------------
def emailed_link(world: World, j: Journey, stage: str = "Phone Screen", query: str = "") -> dict[str, Any]:
    event_type = world.scheduler.event_type_named(stage)
    link = world.scheduler.create_link(event_type["uuid"], 1, "https://scheduler.example")
    mail(world, j.email, "Schedule your interview", f"Pick a time: {link['booking_url']}{query}.")
    return link


def test_booking_link_is_found_by_what_the_scheduler_handed_out(world: World) -> None:
    j = journey(world, profile_with(""))
    mail(world, j.email, "x", "see https://scheduler.example/d/abcd-efgh/x?utm_content=1 (not one it made)")
    with pytest.raises(StepError, match="never received an email with a booking link"):
        j.booking_link()
    link = emailed_link(world, j, query=f"?utm_content={j.application_id}")
    assert j.booking_link() == f"{link['booking_url']}?utm_content={j.application_id}"


def test_booking_by_utm(world: World) -> None:
    j = journey(world, profile_with("correlation: {booking: {utm: utm_campaign}}"))
    emailed_link(world, j, query=f"?utm_campaign={j.application_id}")
    j.book("+2d@10:00")
    [mine] = vocab.bookings(j)
    assert mine["tracking"]["utm_campaign"] == str(j.application_id)
    assert mine["questions_and_answers"] == []


ASKED = """
correlation: {booking: {question: Application number}}
tenant:
  scheduler:
    event_types:
      - {name: Phone Screen, questions: [Application number]}
      - {name: Technical Interview, questions: [Application number]}
      - {name: Onsite, questions: [Application number]}
"""


def test_booking_by_question_answers_it_with_the_application_id(world: World) -> None:
    j = journey(world, profile_with(ASKED))
    emailed_link(world, j)
    j.book("+2d@10:00")
    [mine] = vocab.bookings(j)
    assert [(a["question"], a["answer"]) for a in mine["questions_and_answers"]] == [
        ("Application number", str(j.application_id))
    ]


def test_booking_by_invitee_email_finds_the_party_booking(world: World) -> None:
    j = journey(world, profile_with("correlation: {booking: {invitee_email: hiring_manager}}"))
    link = emailed_link(world, j)
    world.act(
        "scheduler.book",
        booking_url=link["booking_url"],
        invitee_name="Morgan Lee",
        email=HM["email"],
        start_time=world.hub.clock.now() + timedelta(days=2),
    )
    assert [i["email"] for i in vocab.bookings(j)] == [HM["email"]]


# -- event types ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("how", ["name", "slug", "uri"])
def test_event_type_of_a_stage_by_name_slug_or_uri(world: World, how: str) -> None:
    onsite = world.scheduler.event_type_named("Onsite")
    value = {
        "name": "Onsite",
        "slug": onsite["slug"],
        "uri": f"https://api.scheduler.example/event_types/{onsite['uuid']}",
    }[how]
    j = journey(world, profile_with(f"vocabulary: {{event_types: {{Phone Screen: {{{how}: '{value}'}}}}}}"))
    emailed_link(world, j, stage="Phone Screen")
    assert observe.scheduling_links(j, "Phone Screen") == []  # a Phone Screen link is not the declared type
    link = emailed_link(world, j, stage="Onsite")
    assert [x["token"] for x in observe.scheduling_links(j, "Phone Screen")] == [link["token"]]
    assert observe.effect_count(j, vocab.profile_of(j), "scheduling_link", "Phone Screen") == 1


# -- alerts ----------------------------------------------------------------------------------------------------
def test_alerts_recognised_by_what_they_mention_and_scoped_by_channel(world: World) -> None:
    profile = parse_profile(
        PROFILE.replace(
            "alerts: {channel: both, owner: integration-owner@example.com, deadline: 10s}",
            "alerts: {channel: email, owner: integration-owner@example.com, mentions: candidate_email}",
        ),
        file="profile.yaml",
    )
    j = journey(world, profile)
    mail(world, "integration-owner@example.com", "fail", f"application {j.application_id} failed")
    world.inbox.receive_slack("/services/T/B/x", {"text": f"{j.email} failed"})
    assert observe.alerts(j, profile) == []  # the id is not what this profile's alerts mention; slack not its channel
    mail(world, "integration-owner@example.com", "fail", f"the sync of {j.email} failed")
    assert [a["channel"] for a in observe.alerts(j, profile)] == ["email"]
    assert [a["channel"] for a in observe.alerts(j, profile, "slack")] == ["slack"]


# -- offer fields ------------------------------------------------------------------------------------------------
def test_offer_fields_live_under_the_tenant_keys(world: World) -> None:
    from harness.engine import expect

    profile = profile_with("vocabulary: {offer_fields: {salary: base_salary, signature_status: docs_state}}")
    j = journey(world, profile)
    j.offer.update(
        salary="103000.00",
        currency="USD",
        pay_period="year",
        employment_type="Full-time",
        hours_per_week="40",
        start_date="2026-03-01",
    )
    j.create_offer()
    fields = world.ats.offer_for(j.application_id)["custom_fields"]
    assert fields["base_salary"] == {"amount": Decimal("103000.00"), "unit": "USD"}
    assert "salary" not in fields and "docs_state" in fields
    world.ats.update_offer(j.application_id, custom_fields={"docs_state": "completed"})
    assert expect.ats(j, profile, {"offer_fields": {"signature_status": "completed"}})[0]
    assert not expect.ats(j, profile_with(""), {"offer_fields": {"signature_status": "completed"}})[0]


def test_the_envelope_expectation_names_parties_and_reads_the_tabs_of_tabs_of(world: World) -> None:
    from harness.engine import expect

    profile = profile_with(SIGNERS_BY_ORDER)
    j = journey(world, profile)
    document_envelope(world, j.application_id)
    routing = [{"party": "hiring_manager", "routing_order": 1}, {"party": "candidate", "routing_order": 2}]
    assert expect.envelope(j, profile, {"recipients": routing, "tabs": {"salary": "103000.00"}})[0]
    swapped = [{"party": "hiring_manager", "routing_order": 2}, {"party": "candidate", "routing_order": 1}]
    ok, seen = expect.envelope(j, profile, {"recipients": swapped})
    assert not ok and seen == {
        "recipients": {
            "hiring_manager": {"routing_order": 1, "status": "sent"},
            "candidate": {"routing_order": 2, "status": "created"},
        }
    }
    assert expect.envelope(j, profile, {"recipients": [{"party": "candidate", "status": "created"}]})[0]
    hm_tabs = profile_with(SIGNERS_BY_ORDER.replace("template: null", "template: null\n    tabs_of: hiring_manager"))
    j.profile = hm_tabs  # what the runner gives a journey; else the world's
    assert not expect.envelope(j, hm_tabs, {"tabs": {"salary": "103000.00"}})[0]  # the manager's tabs hold no salary


def test_a_question_no_event_type_asks_is_refused(world: World) -> None:
    with pytest.raises(HarnessError, match=r"'Application number' is not asked by the event type of stage 'Phone"):
        configure_world(world, profile_with("correlation: {booking: {question: Application number}}"))


def test_an_employee_field_the_tenant_lacks_is_refused_with_a_suggestion(world: World) -> None:
    world.hris.declare_field("customAtsId", "ATS application")
    with pytest.raises(HarnessError, match=r"'customAtsID' is not a field of the HRIS tenant; did you mean 'cust"):
        configure_world(world, profile_with("correlation: {employee: {field: customAtsID}}"))
