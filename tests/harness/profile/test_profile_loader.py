"""Loading integration profiles: the documented example round-trips; mistakes are located and explained."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from harness.errors import ProfileError
from harness.profile import Profile
from harness.profile.model import (
    AlertSpec,
    EmailRule,
    FieldSpec,
    OwnershipRule,
    RollbackEndpoint,
    RollbackSpec,
    Threshold,
    TriggerWhen,
    ValidationRule,
    Vendors,
)

Load = Callable[..., ProfileError]


def only(error: ProfileError) -> str:
    assert len(error.errors) == 1, str(error)
    return str(error)


# -- the documented example ------------------------------------------------------------------------------


def test_example_round_trips(example: Profile, example_path: Path) -> None:
    p = example
    assert (p.name, p.file, p.version) == ("Reference integration", str(example_path), 1)
    assert p.vendors == Vendors("greenhouse", "bamboohr", "docusign", "calendly")
    assert p.sut.command == "python -m examples.reference_integration"
    assert (p.sut.url, p.sut.health, p.sut.ready_log) == ("http://127.0.0.1:8800", "/health", None)
    assert p.sut.env == {"PORT": "8800"} and p.sut.startup_timeout == timedelta(seconds=20)
    assert p.sut.rollback == RollbackEndpoint("/admin/rollback/{application_id}", "POST")
    assert p.webhooks == {"greenhouse": "/webhooks/greenhouse", "docusign_connect": None}
    assert p.stages == ("Application Review", "Phone Screen", "Technical Interview", "Onsite", "Offer")
    assert list(p.emails) == [
        "application_confirmation",
        "stage_advancement",
        "interview_invitation",
        "interview_reminder",
        "post_interview_update",
        "rejection",
        "offer",
    ]
    assert p.emails["offer"] == EmailRule("offer", "Your offer from") and p.subject("rejection") == (
        "An update on your application"
    )


def test_example_triggers(example: Profile) -> None:
    assert [(t.name, t.when, dict(t.effect)) for t in example.triggers] == [
        ("application_confirmation", TriggerWhen("application_created"), {"email": "application_confirmation"}),
        (
            "schedule_phone_screen",
            TriggerWhen("stage_changed", to="Phone Screen"),
            {"scheduling_link": "Phone Screen", "email": "interview_invitation"},
        ),
        ("stage_advancement", TriggerWhen("stage_changed", to="Offer"), {"email": "stage_advancement"}),
        ("offer_letter", TriggerWhen("offer_approved"), {"envelope": "Offer Letter", "email": "offer"}),
        ("hris_sync", TriggerWhen("hired"), {"hris_sync": True}),
        ("rejection", TriggerWhen("rejected"), {"email": "rejection"}),
    ]
    assert example.trigger("hris_sync").line == 27
    assert all(type(t.effect) is dict for t in example.triggers)


def test_example_fields_rules_and_the_rest(example: Profile) -> None:
    p = example
    assert list(p.field_map.envelope) == ["candidate_name", "salary", "start_date"]
    assert p.field_map.hris["compensation.pay_rate"] == FieldSpec(
        "hris", "compensation.pay_rate", "offer.salary", "money", None, "offer.currency", "offer.pay_period", line=36
    )
    assert p.field_map.hris["employment_status"].map == {
        "Full-time": "Full-Time",
        "Part-time": "Part-Time",
        "Contract": "Contractor",
    }
    assert p.validation == (
        ValidationRule("offer.salary", {"pay_period": "year"}, (Decimal("20000"), Decimal("500000")), line=40),
        ValidationRule("offer.hours_per_week", {}, (Decimal(1), Decimal(60)), line=41),
    )
    assert p.validation[0].applies({"pay_period": "year"}) and not p.validation[0].applies({"pay_period": "hour"})
    assert p.source_of_truth == (OwnershipRule(("compensation", "job_title", "department"), "ats", "hris"),)
    assert p.alerts == AlertSpec("both", "integration-owner@example.com", timedelta(seconds=10))
    assert p.rollback == RollbackSpec("voided", "reversed", "canceled")
    assert p.reporting is not None
    assert p.reporting.kpis_url == "http://127.0.0.1:8800/reporting/kpis"
    assert p.reporting.freshness == timedelta(days=1)
    assert p.reporting.thresholds == {
        "time_to_fill_days": Threshold(above=Decimal(45)),
        "offer_acceptance_rate": Threshold(below=Decimal("0.5")),
    }


def test_smallest_profile_takes_defaults(make_profile: Callable[[str], Profile]) -> None:
    p = make_profile("")
    assert p.vendors == Vendors() and p.triggers == () and not p.field_map and p.reporting is None
    assert p.alerts.deadline == timedelta(seconds=10) and p.sut.rollback is None


# -- schema mistakes -------------------------------------------------------------------------------------


def test_unknown_key_suggests(profile_error: Load) -> None:
    text = only(profile_error("sut: {url: 'http://127.0.0.1:8800', startup_tmeout: 5s}\n"))
    assert text.endswith(
        "p.yaml:4:37: sut: unknown key 'startup_tmeout'; valid keys: command, url, image, port, health, "
        "ready_log, env, startup_timeout, reacts_within, tls, rollback; did you mean 'startup_timeout'?"
    )


def test_missing_required_key_names_the_mapping_line(profile_error: Load) -> None:
    text = only(profile_error("emails:\n  offer: {}\n"))
    assert text.endswith("p.yaml:5:10: emails.offer: missing required key 'subject'")


def test_bad_event_suggests(profile_error: Load) -> None:
    text = only(profile_error("triggers:\n  - {name: t, when: {event: stage_change}, effect: {alert: true}}\n"))
    assert (
        ":5:29: triggers[0].when.event: value 'stage_change' is not valid; valid values: application_created, "
        "stage_changed," in text
    )
    assert text.endswith("did you mean 'stage_changed'?")


def test_bad_field_type_suggests(profile_error: Load) -> None:
    text = only(profile_error("field_map:\n  envelope:\n    salary: {from: offer.salary, type: mony}\n"))
    assert text.endswith(
        "p.yaml:6:40: field_map.envelope.salary.type: value 'mony' is not valid; valid values: "
        "text, money, date, number, enum; did you mean 'money'?"
    )


def test_source_of_truth_values(profile_error: Load) -> None:
    text = only(profile_error("source_of_truth:\n  - {fields: [job_title], before_hire: ATS, after_hire: hris}\n"))
    assert text.endswith(
        "p.yaml:5:40: source_of_truth[0].before_hire: value 'ATS' is not valid; valid values: "
        "ats, hris; did you mean 'ats'?"
    )


def test_env_values_must_be_text(profile_error: Load) -> None:
    text = only(profile_error("sut: {env: {PORT: 8800}}\n"))
    assert text.endswith(
        "p.yaml:4:19: sut.env.PORT: value 8800 is not valid: expected text (put it in quotes: "
        "YAML reads it as a number or true/false)"
    )


def test_unknown_threshold_kpi(profile_error: Load) -> None:
    text = only(profile_error("reporting: {kpis_url: 'http://x', thresholds: {time_to_fil_days: {above: 4}}}\n"))
    assert text.endswith(
        "p.yaml:4:48: reporting.thresholds: unknown KPI 'time_to_fil_days'; valid KPIs: "
        "time_to_fill_days, time_to_hire_days, offer_acceptance_rate, stage_conversion, "
        "source_effectiveness; did you mean 'time_to_fill_days'?"
    )


def test_exclusive_keys(profile_error: Load) -> None:
    error = profile_error("sut: {health: /h, ready_log: ready}\nreporting: {kpis_url: 'http://x', database_url: pg}\n")
    lines = str(error).splitlines()
    assert lines[0].endswith("p.yaml:4:6: sut: 'health' and 'ready_log' cannot be used together; keep one")
    assert lines[1].endswith(
        "p.yaml:5:12: reporting: needs exactly one of: kpis_url, database_url; found 'kpis_url' and 'database_url'"
    )


def test_outside_prefix_suggestion(profile_error: Load) -> None:
    text = only(profile_error("validation:\n  - {field: offer.salary, range: [1, 2], outside: hold}\n"))
    assert text.endswith("did you mean 'hold_for_review'?") and ":5:51: validation[0].outside:" in text


def test_bad_decimal_in_range(profile_error: Load) -> None:
    text = only(profile_error("validation:\n  - {field: offer.salary, range: ['20000', '50k']}\n"))
    assert text.endswith(
        "p.yaml:5:44: validation[0].range[1]: value '50k' is not valid: expected an exact decimal, "
        'best written as text like "20000" or "0.5"'
    )


def test_yaml_syntax_error(profile_error: Load, tmp_path: Path) -> None:
    text = only(profile_error("emails:\n\toffer: {subject: x}\n"))
    assert text.startswith(f"{tmp_path / 'p.yaml'}:5:1: invalid YAML: ") and "'\\t'" in text


# -- cross-field mistakes --------------------------------------------------------------------------------


def test_trigger_stage_must_be_a_stage(profile_error: Load) -> None:
    text = only(
        profile_error(
            "triggers:\n  - {name: t, when: {event: stage_changed, to: Phone Scren}, effect: {alert: true}}\n"
        )
    )
    assert text.endswith(
        "p.yaml:5:48: triggers[0].when.to: stage 'Phone Scren' is not one of stages; valid stages: "
        "Application Review, Phone Screen, Technical Interview, Onsite, Offer; "
        "did you mean 'Phone Screen'?"
    )


def test_effect_email_must_be_declared(profile_error: Load) -> None:
    text = only(
        profile_error("""\
        emails: {rejection: {subject: Sorry}}
        triggers:
          - {name: t, when: {event: rejected}, effect: {email: rejectoin}}
        """)
    )
    assert text.endswith(
        "p.yaml:6:56: triggers[0].effect.email: email 'rejectoin' is not declared under emails; "
        "valid emails: rejection; did you mean 'rejection'?"
    )


def test_to_only_with_stage_changed(profile_error: Load) -> None:
    text = only(
        profile_error("triggers:\n  - {name: t, when: {event: hired, from: Offer}, effect: {hris_sync: true}}\n")
    )
    assert text.endswith("p.yaml:5:36: triggers[0].when: 'from' applies only to event stage_changed, not 'hired'")


def test_trigger_names_are_unique(profile_error: Load) -> None:
    text = only(
        profile_error("""\
        triggers:
          - {name: t, when: {event: hired}, effect: {hris_sync: true}}
          - {name: t, when: {event: rejected}, effect: {alert: true}}
        """)
    )
    assert text.endswith(
        "p.yaml:6:12: triggers[1].name: trigger name 't' is already used by triggers[0]; names must be unique"
    )


def test_booking_event_needs_a_scheduling_link(profile_error: Load) -> None:
    text = only(profile_error("triggers:\n  - {name: t, when: {event: booked}, effect: {alert: true}}\n"))
    assert text.endswith(
        "p.yaml:5:29: triggers[0].when.event: event 'booked' can only happen after a scheduling "
        "link was sent, and no trigger (on an earlier event) has a 'scheduling_link' effect"
    )


def test_range_low_above_high(profile_error: Load) -> None:
    text = only(profile_error("validation:\n  - {field: offer.salary, range: ['500000', '20000']}\n"))
    assert text.endswith(
        "p.yaml:5:34: validation[0].range: range [500000, 20000] is empty: its low end is above "
        "its high end; write [low, high]"
    )


def test_enum_field_needs_a_map(profile_error: Load) -> None:
    source = "field_map:\n  hris:\n    employment_status: {from: offer.employment_type, type: enum}\n"
    text = only(profile_error(source))
    assert text.endswith(
        "p.yaml:6:24: field_map.hris.employment_status: a field of type enum needs a 'map' from ATS "
        "values to target values"
    )


def test_money_only_keys(profile_error: Load) -> None:
    text = only(
        profile_error(
            "field_map:\n  hris:\n    hours: {from: offer.hours_per_week, type: number, "
            "currency_from: offer.currency}\n"
        )
    )
    assert text.endswith(
        "p.yaml:6:55: field_map.hris.hours: 'currency_from' applies only to type money, and this "
        "field's type is 'number'"
    )


def test_a_field_has_one_owner(profile_error: Load) -> None:
    text = only(
        profile_error("""\
        source_of_truth:
          - {fields: [compensation], before_hire: ats, after_hire: hris}
          - {fields: [job_title, compensation], before_hire: ats, after_hire: hris}
        """)
    )
    assert text.endswith(
        "p.yaml:6:26: source_of_truth[1].fields[1]: field 'compensation' already has a source of "
        "truth in source_of_truth[0]; declare each field once"
    )


def test_email_alerts_need_an_owner(profile_error: Load) -> None:
    text = only(profile_error("alerts: {channel: email}\n"))
    assert text.endswith(
        "p.yaml:4:9: alerts: channel 'email' sends alerts by email, so 'owner' (an email address) is required"
    )


def test_rollback_placeholders(profile_error: Load) -> None:
    text = only(profile_error("sut: {rollback: {path: '/rollback/{app_id}'}}\n"))
    assert text.endswith(
        "p.yaml:4:24: sut.rollback.path: unknown placeholder '{app_id}' in '/rollback/{app_id}'; "
        "valid placeholders: application_id, candidate_id, offer_id, journey; "
        "did you mean 'application_id'?"
    )


def test_every_cross_field_mistake_at_once(profile_error: Load) -> None:
    error = profile_error("""\
        alerts: {channel: both}
        validation:
          - {field: offer.currency}
          - {field: offer.hours_per_week, range: [1, 60], step: 0}
        """)
    assert [(e.line, e.path) for e in error.errors] == [(4, "alerts"), (6, "validation[0]"), (7, "validation[1].step")]
    assert "a validation rule needs 'range' or 'one_of'" in str(error)
