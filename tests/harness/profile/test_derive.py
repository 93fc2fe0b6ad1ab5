"""Derivations from a profile: trigger matrix, fidelity checks, boundary records, source of truth."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
import yaml

from harness.errors import ProfileError
from harness.profile import Profile
from harness.profile.derive import (
    BoundaryCase,
    FieldCheck,
    TriggerCase,
    boundary_records,
    fidelity_checks,
    source_of_truth,
    trigger_matrix,
)
from harness.profile.model import ValidationRule
from harness.scenario import parse_scenario

Make = Callable[[str], Profile]
APPLY: dict[str, Any] = {"apply": {}}
QUIET: dict[str, Any] = {"wait": "quiescence"}


def move(stage: str) -> dict[str, Any]:
    return {"move_stage": {"to": stage}}


def walk(*stages: str) -> list[dict[str, Any]]:
    return [APPLY, *(move(s) for s in stages)]


def plain(case: TriggerCase) -> list[dict[str, Any]]:
    """The case's steps as a scenario file writes them (wait: quiescence as text)."""
    return [QUIET if s.kind == "wait" else s.as_yaml() for s in case.steps]


def cases_of(profile: Profile, trigger: str) -> dict[str, TriggerCase]:
    return {c.name.split(": ", 1)[1]: c for c in trigger_matrix(profile) if c.trigger == trigger}


# -- trigger matrix --------------------------------------------------------------------------------------


def test_matrix_of_a_stage_trigger(example: Profile) -> None:
    cases = cases_of(example, "schedule_phone_screen")
    assert [(what, c.kind, c.expected) for what, c in cases.items()] == [
        ("fires once on a move to Phone Screen", "positive", 1),
        ("silent on a move from Phone Screen to Application Review", "other_stage", 0),
        ("silent on a move from Phone Screen to Technical Interview", "other_stage", 0),
        ("silent on a move from Technical Interview to Onsite", "other_stage", 0),
        ("silent on a move from Onsite to Offer", "other_stage", 0),
        ("silent when Phone Screen is left for Application Review and entered again", "reentry", 0),
        ("silent on a rejection", "rejection", 0),
        ("silent on a re-application", "reapplication", 0),
        ("silent on a duplicate candidate_stage_change webhook", "duplicate", 0),
    ]
    positive = cases["fires once on a move to Phone Screen"]
    assert plain(positive) == [APPLY, QUIET, move("Phone Screen")]
    assert positive.judge_from == 2 and [s.kind for s in positive.action] == ["move_stage"]
    assert [s.kind for s in positive.setup] == ["apply"]
    assert positive.effects == {"scheduling_link": "Phone Screen", "email": "interview_invitation"}
    assert plain(cases["silent on a move from Onsite to Offer"]) == [
        *walk("Phone Screen", "Technical Interview", "Onsite"),
        QUIET,
        move("Offer"),
    ]
    assert plain(cases["silent on a move from Phone Screen to Application Review"]) == [
        *walk("Phone Screen"),
        QUIET,
        move("Application Review"),
    ]
    assert plain(cases["silent when Phone Screen is left for Application Review and entered again"]) == [
        *walk("Phone Screen"),
        QUIET,
        move("Application Review"),
        move("Phone Screen"),
    ]
    assert plain(cases["silent on a re-application"]) == [*walk("Phone Screen"), {"reject": {}}, QUIET, {"reapply": {}}]
    assert plain(cases["silent on a duplicate candidate_stage_change webhook"]) == [
        *walk("Phone Screen"),
        QUIET,
        {"redeliver": {"event": "candidate_stage_change", "fake": "greenhouse"}},
    ]


def test_matrix_of_an_event_trigger(example: Profile) -> None:
    cases = cases_of(example, "offer_letter")
    offered = [*walk("Phone Screen", "Technical Interview", "Onsite", "Offer"), {"create_offer": {}}]
    assert plain(cases["fires once on approve offer"]) == [*offered, QUIET, {"approve_offer": {}}]
    assert "silent on a move from Onsite to Offer" in cases  # every stage change, including into Offer
    assert not any(c.kind == "reentry" for c in cases.values())
    assert plain(cases["silent on a rejection"]) == [*offered, {"approve_offer": {}}, QUIET, {"reject": {}}]
    assert plain(cases["silent on a duplicate offer_approved webhook"])[-1] == {
        "redeliver": {"event": "offer_approved", "fake": "greenhouse"},
    }


def test_matrix_of_the_first_and_the_rejection_triggers(example: Profile) -> None:
    first = cases_of(example, "application_confirmation")
    assert plain(first["fires once on apply"]) == [APPLY] and first["fires once on apply"].judge_from == 0
    again = first["once per application on a re-application"]
    assert (again.kind, again.expected, plain(again)) == (
        "reapplication",
        1,
        [APPLY, {"reject": {}}, QUIET, {"reapply": {}}],
    )
    rejection = cases_of(example, "rejection")
    assert "silent on a rejection" not in rejection  # the rejection is its own positive case
    assert plain(rejection["silent on a re-application"]) == [APPLY, {"reject": {}}, QUIET, {"reapply": {}}]


def test_matrix_size_and_names_are_unique(example: Profile) -> None:
    cases = trigger_matrix(example)
    assert len(cases) == 53
    assert len({c.name for c in cases}) == 53
    assert sum(c.kind == "positive" for c in cases) == len(example.triggers)
    assert {c.expected for c in cases if c.kind != "positive" and c.kind != "reapplication"} == {0}


def test_every_case_is_a_runnable_scenario(example: Profile) -> None:
    for case in trigger_matrix(example):
        text = yaml.safe_dump(
            {"scenario": 1, "name": case.name, "layer": "end_to_end", "steps": plain(case)}, allow_unicode=True
        )
        loaded = parse_scenario(text)
        assert [s.kind for s in loaded.steps] == [s.kind for s in case.steps]


def test_matrix_with_from_and_booking_and_signature_events(make_profile: Make) -> None:
    profile = make_profile("""\
        emails: {invite: {subject: Schedule}}
        triggers:
          - {name: invite, when: {event: stage_changed, to: Onsite}, effect: {scheduling_link: Onsite, email: invite}}
          - {name: letter, when: {event: offer_approved}, effect: {envelope: Offer Letter}}
          - {name: booked, when: {event: booked}, effect: {ats_note: booked}}
          - {name: canceled, when: {event: booking_canceled}, effect: {alert: true}}
          - {name: signed, when: {event: envelope_completed}, effect: {hris_sync: true}}
          - {name: declined, when: {event: envelope_declined}, effect: {alert: declined}}
          - {name: leaving, when: {event: stage_changed, from: Phone Screen}, effect: {ats_note: moved}}
        """)
    to_onsite = walk("Phone Screen", "Technical Interview", "Onsite")
    booked = cases_of(profile, "booked")
    assert plain(booked["fires once on book"]) == [*to_onsite, QUIET, {"book": {"start": "+2d@10:00"}}]
    assert plain(booked["silent on a duplicate invitee.created webhook"])[-1] == {
        "redeliver": {"event": "invitee.created", "fake": "calendly"},
    }
    canceled = cases_of(profile, "canceled")["fires once on cancel booking"]
    assert plain(canceled) == [*to_onsite, {"book": {"start": "+2d@10:00"}}, QUIET, {"cancel_booking": {}}]
    offered = [
        *walk("Phone Screen", "Technical Interview", "Onsite", "Offer"),
        {"create_offer": {}},
        {"approve_offer": {}},
    ]
    assert plain(cases_of(profile, "signed")["fires once on sign"]) == [
        *offered,
        {"sign": {"by": "hiring_manager"}},
        QUIET,
        {"sign": {"by": "candidate"}},
    ]
    assert plain(cases_of(profile, "declined")["fires once on decline"]) == [
        *offered,
        {"sign": {"by": "hiring_manager"}},
        QUIET,
        {"decline": {"by": "candidate"}},
    ]
    assert plain(cases_of(profile, "signed")["silent on a duplicate envelope-completed webhook"])[-1] == {
        "redeliver": {"event": "envelope-completed", "fake": "docusign"},
    }
    leaving = cases_of(profile, "leaving")
    assert plain(leaving["fires once on a move to Technical Interview"]) == [
        *walk("Phone Screen"),
        QUIET,
        move("Technical Interview"),
    ]
    # a move into Technical Interview from anywhere but Phone Screen must not fire it
    assert plain(leaving["silent on a move from Application Review to Technical Interview"]) == [
        APPLY,
        QUIET,
        move("Technical Interview"),
    ]
    assert not any(c.kind == "reentry" for c in leaving.values())


# -- fidelity ------------------------------------------------------------------------------------------------


def test_one_fidelity_check_per_mapped_field(example: Profile) -> None:
    assert fidelity_checks(example) == [
        FieldCheck(
            "envelope.candidate_name <- candidate.full_name",
            "envelope",
            "candidate_name",
            "candidate.full_name",
            "text",
        ),
        FieldCheck("envelope.salary <- offer.salary", "envelope", "salary", "offer.salary", "money"),
        FieldCheck("envelope.start_date <- offer.start_date", "envelope", "start_date", "offer.start_date", "date"),
        FieldCheck("hris.first_name <- candidate.first_name", "hris", "first_name", "candidate.first_name", "text"),
        FieldCheck(
            "hris.compensation.pay_rate <- offer.salary",
            "hris",
            "compensation.pay_rate",
            "offer.salary",
            "money",
            currency_from="offer.currency",
            period_from="offer.pay_period",
        ),
        FieldCheck(
            "hris.employment_status <- offer.employment_type",
            "hris",
            "employment_status",
            "offer.employment_type",
            "enum",
            map={"Full-time": "Full-Time", "Part-time": "Part-Time", "Contract": "Contractor"},
        ),
        FieldCheck(
            "hris.hours_per_week <- offer.hours_per_week",
            "hris",
            "hours_per_week",
            "offer.hours_per_week",
            "number",
        ),
    ]


# -- boundaries ------------------------------------------------------------------------------------------


def test_boundary_records_of_the_example(example: Profile) -> None:
    assert [(b.position, b.value, b.expected, dict(b.record)) for b in boundary_records(example)] == [
        ("below", Decimal("19999.99"), "hold", {"pay_period": "year", "salary": "19999.99"}),
        ("low", Decimal("20000.00"), "sync", {"pay_period": "year", "salary": "20000.00"}),
        ("high", Decimal("500000.00"), "sync", {"pay_period": "year", "salary": "500000.00"}),
        ("above", Decimal("500000.01"), "hold", {"pay_period": "year", "salary": "500000.01"}),
        ("below", Decimal("0.5"), "hold", {"hours_per_week": Decimal("0.5")}),
        ("low", Decimal(1), "sync", {"hours_per_week": Decimal(1)}),
        ("high", Decimal(60), "sync", {"hours_per_week": Decimal(60)}),
        ("above", Decimal("60.5"), "hold", {"hours_per_week": Decimal("60.5")}),
    ]
    first = boundary_records(example)[0]
    assert first == BoundaryCase(
        "offer.salary=19999.99 (below, pay_period=year): hold",
        "offer.salary",
        "below",
        Decimal("19999.99"),
        "hold",
        {"pay_period": "year", "salary": "19999.99"},
    )


def test_boundary_steps(make_profile: Make) -> None:
    profile = make_profile("""\
        field_map:
          hris:
            compensation.pay_rate: {from: offer.salary, type: money}
        validation:
          - {field: offer.salary, when: {currency: KWD}, range: ["1000.000", "9000.500"], step: "0.001"}
          - {field: offer.currency, one_of: [USD, EUR]}
        """)
    # Fields the journey data does not have are refused by the loader; the step rules for other kinds
    # of number (from the range's decimal places) are still exercised on rules built directly.
    extra = (
        ValidationRule(field="offer.bonus_count", range=(Decimal(0), Decimal(3))),
        ValidationRule(field="offer.equity", range=(Decimal("0.05"), Decimal("1.5"))),
    )
    profile = dataclasses.replace(profile, validation=(profile.validation[0], *extra, profile.validation[1]))
    got = [(b.field, b.position, str(b.value), b.expected) for b in boundary_records(profile)]
    assert got == [
        ("offer.salary", "below", "999.999", "hold"),
        ("offer.salary", "low", "1000.000", "sync"),
        ("offer.salary", "high", "9000.500", "sync"),
        ("offer.salary", "above", "9000.501", "hold"),
        ("offer.bonus_count", "below", "-1", "hold"),
        ("offer.bonus_count", "low", "0", "sync"),
        ("offer.bonus_count", "high", "3", "sync"),
        ("offer.bonus_count", "above", "4", "hold"),
        ("offer.equity", "below", "0.04", "hold"),
        ("offer.equity", "low", "0.05", "sync"),
        ("offer.equity", "high", "1.5", "sync"),
        ("offer.equity", "above", "1.51", "hold"),
    ]
    assert boundary_records(profile)[0].record == {"currency": "KWD", "salary": "999.999"}


# -- source of truth -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "hired", "owner"),
    [
        ("compensation", False, "ats"),
        ("compensation", True, "hris"),
        ("compensation.pay_rate", True, "hris"),
        ("job_title", False, "ats"),
        ("department", True, "hris"),
    ],
)
def test_source_of_truth(example: Profile, field: str, hired: bool, owner: str) -> None:
    assert source_of_truth(example, field, hired) == owner


def test_undeclared_field_has_no_owner(example: Profile, example_path: Any) -> None:
    with pytest.raises(ProfileError) as caught:
        source_of_truth(example, "jobTitel", hired=True)
    assert str(caught.value) == (
        f"{example_path}: source_of_truth: field 'jobTitel' has no declared source of truth; add it to "
        "source_of_truth; valid fields: compensation, job_title, department; did you mean 'job_title'?"
    )


# -- trigger policies -------------------------------------------------------------------------------


def _policy_profile(extra: str) -> object:
    from harness.profile import parse_profile

    return parse_profile(
        "profile: 1\nname: p\nstages: [Application Review, Phone Screen, Onsite]\n"
        "emails: {stage_email: {subject: Moved}, booked_email: {subject: Booked}}\n" + extra
    )


class _J:
    def __init__(self, events: list[dict]) -> None:
        self.events = events
        self.offer: dict = {}


def _events(*kinds: tuple[str, str | None]) -> list[dict]:
    out = [{"kind": "application_created", "application_id": 1}]
    for kind, to in kinds:
        out.append({"kind": kind, "to": to, "application_id": 1})
    return out


def test_once_per_application_fires_once_when_a_stage_is_entered_again() -> None:
    from harness.checks.expected import trigger_fires

    profile = _policy_profile(
        "triggers:\n  - {name: moved, when: {event: stage_changed, to: Phone Screen}, effect: {email: stage_email}}\n"
    )
    journey = _J(
        _events(("stage_changed", "Phone Screen"), ("stage_changed", "Onsite"), ("stage_changed", "Phone Screen"))
    )
    assert trigger_fires(profile, journey)["moved"] == 1


def test_every_entry_fires_on_each_entry_and_the_matrix_expects_it_again() -> None:
    from harness.checks.expected import trigger_fires

    profile = _policy_profile(
        "policies: {repeat: every_entry}\n"
        "triggers:\n  - {name: moved, when: {event: stage_changed, to: Phone Screen}, effect: {email: stage_email}}\n"
    )
    journey = _J(
        _events(("stage_changed", "Phone Screen"), ("stage_changed", "Onsite"), ("stage_changed", "Phone Screen"))
    )
    assert trigger_fires(profile, journey)["moved"] == 2
    reentry = [c for c in trigger_matrix(profile) if c.kind == "reentry"]
    assert reentry and reentry[0].expected == 1 and reentry[0].name.startswith("moved: again when")


def test_a_trigger_can_override_the_repeat_policy() -> None:
    profile = _policy_profile(
        "policies: {repeat: every_entry}\n"
        "triggers:\n  - {name: moved, when: {event: stage_changed, to: Phone Screen}, effect: {email: stage_email},"
        " repeat: once_per_application}\n"
    )
    reentry = [c for c in trigger_matrix(profile) if c.kind == "reentry"]
    assert reentry[0].expected == 0


@pytest.mark.parametrize(("policy", "fires"), [("not_a_booking", 1), ("counts_as_booking", 2)])
def test_a_reschedule_fires_the_booked_triggers_only_when_the_policy_says_so(policy: str, fires: int) -> None:
    from harness.checks.expected import trigger_fires

    profile = _policy_profile(
        f"policies: {{reschedule: {policy}}}\n"
        "triggers:\n"
        "  - {name: link, when: {event: stage_changed, to: Phone Screen}, effect: {scheduling_link: Phone Screen}}\n"
        "  - {name: confirm, when: {event: booked}, effect: {email: booked_email}}\n"
    )
    journey = _J(_events(("stage_changed", "Phone Screen"), ("booked", None), ("rescheduled", None)))
    assert trigger_fires(profile, journey)["confirm"] == fires
