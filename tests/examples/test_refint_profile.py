"""The profile the harness reads says what the code does."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import yaml
from refint_helpers import application_payload

from examples.reference_integration import settings as vocab
from examples.reference_integration.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PROFILE = yaml.safe_load((ROOT / "examples/reference_integration/profile.yaml").read_text(encoding="utf-8"))


def test_profile_is_valid_against_the_contract_schema():
    schema = json.loads((ROOT / "contracts/profile.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(PROFILE)


def test_profile_matches_the_code():
    assert {k: v["subject"] for k, v in PROFILE["emails"].items()} == vocab.TOUCHPOINT_SUBJECTS
    assert tuple(PROFILE["stages"]) == vocab.DEFAULT_PIPELINE
    scheduled = [t["effect"]["scheduling_link"] for t in PROFILE["triggers"] if "scheduling_link" in t["effect"]]
    assert tuple(scheduled) == vocab.DEFAULT_INTERVIEW_STAGES
    ranges = {
        r["when"]["pay_period"]: tuple(Decimal(x) for x in r["range"])
        for r in PROFILE["validation"]
        if r["field"] == "offer.salary"
    }
    assert ranges == vocab.PAY_RANGES
    [hours] = [r for r in PROFILE["validation"] if r["field"] == "offer.hours_per_week"]
    assert tuple(Decimal(x) for x in hours["range"]) == vocab.HOURS_RANGE
    status_map = PROFILE["field_map"]["hris"]["employment_status"]["map"]
    assert status_map == vocab.EMPLOYMENT_STATUSES
    assert set(PROFILE["field_map"]["envelope"]) == {
        "candidate_name",
        "job_title",
        "department",
        "start_date",
        "salary",
        "currency",
        "pay_period",
        "employment_type",
        "hours_per_week",
        "hiring_manager",
    }
    assert PROFILE["alerts"]["owner"] == "integration-owner@example.com"
    thresholds = PROFILE["reporting"]["thresholds"]
    assert Decimal(str(thresholds["time_to_fill_days"]["above"])) == Settings.from_env({}).ttf_target_days
    assert Decimal(str(thresholds["offer_acceptance_rate"]["below"])) == Settings.from_env({}).acceptance_baseline
    assert PROFILE["sut"]["rollback"]["path"] == "/admin/rollback/{application_id}"


def test_emails_name_their_occasion(sut):
    sut.greenhouse("candidate_stage_change", application_payload(101, "Onsite"))
    [mail] = sut.outbox.touchpoints("interview_invitation")
    assert mail["headers"]["X-Touchpoint-Occasion"] == "Onsite"
    assert mail["headers"]["X-Greenhouse-Application-Id"] == "101"
