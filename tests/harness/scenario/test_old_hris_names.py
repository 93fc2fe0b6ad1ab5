"""Scenario and profile files name HRIS fields neutrally; a vendor's old names still load, with a notice."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import ProfileError
from harness.profile.loader import load_profile
from harness.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[3]
OLD_SCENARIO = """\
scenario: 1
name: hr edit with old names
layer: hris_sync
steps:
  - apply: {}
  - hr_edit: {fields: {payRate: "110000.00 USD", jobTitle: Lead Designer}}
  - expect: {employee: {fields: {firstName: "{{ candidate.first_name }}"}}, within: 10s}
"""


def test_an_old_name_scenario_loads_with_neutral_names_and_a_notice_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "old.yaml"
    path.write_text(OLD_SCENARIO)
    scenario = load_scenario(path)
    edit = next(s for s in scenario.steps if s.kind == "hr_edit")
    assert edit.args == {"fields": {"pay_rate": "110000.00 USD", "job_title": "Lead Designer"}}
    expect = next(s for s in scenario.steps if s.kind == "expect")
    assert expect.args["employee"]["fields"] == {"first_name": "{{ candidate.first_name }}"}
    notices = capsys.readouterr().err.splitlines()
    assert notices == [
        f"{path}:6:24: steps[1].hr_edit.fields.payRate: 'payRate' is BambooHR's name for an HRIS field and is "
        "deprecated; write 'pay_rate'",
        f"{path}:6:50: steps[1].hr_edit.fields.jobTitle: 'jobTitle' is BambooHR's name for an HRIS field and is "
        "deprecated; write 'job_title'",
        f"{path}:7:34: steps[2].expect.employee.fields.firstName: 'firstName' is BambooHR's name for an HRIS field "
        "and is deprecated; write 'first_name'",
    ]


def test_a_neutral_scenario_loads_silently(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "new.yaml"
    path.write_text(
        OLD_SCENARIO.replace("payRate", "pay_rate").replace("jobTitle", "job_title").replace("firstName", "first_name")
    )
    load_scenario(path)
    assert capsys.readouterr().err == ""


def test_an_old_name_profile_loads_with_neutral_names_and_notices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (ROOT / "examples" / "reference_integration" / "profile.yaml").read_text()
    old = (
        text.replace("    first_name: {", "    firstName: {")
        .replace("    compensation.pay_rate: {", "    compensation.rate: {")
        .replace("    employment_status: {", "    employmentStatus: {")
        .replace("[compensation, job_title, department, hire_date]", "[compensation, jobTitle, department, hireDate]")
    )
    assert old != text
    path = tmp_path / "profile.yaml"
    path.write_text(old)
    profile = load_profile(path)
    assert list(profile.field_map.hris)[:1] == ["first_name"]
    assert {"compensation.pay_rate", "employment_status"} <= set(profile.field_map.hris)
    assert profile.source_of_truth[0].fields == ("compensation", "job_title", "department", "hire_date")
    err = capsys.readouterr().err
    for old_name, new_name in (
        ("firstName", "first_name"),
        ("compensation.rate", "compensation.pay_rate"),
        ("employmentStatus", "employment_status"),
        ("jobTitle", "job_title"),
        ("hireDate", "hire_date"),
    ):
        assert f"'{old_name}' is BambooHR's name for an HRIS field and is deprecated; write '{new_name}'" in err
    assert all(line.startswith(f"{path}:") for line in err.splitlines())
    assert len(err.splitlines()) == 5


def test_a_misspelt_name_is_still_refused_with_the_neutral_names_offered(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "reference_integration" / "profile.yaml").read_text()
    path = tmp_path / "profile.yaml"
    path.write_text(text.replace("[compensation, job_title,", "[compensation, job_titel,"))
    with pytest.raises(ProfileError) as refused:
        load_profile(path)
    message = str(refused.value)
    assert f"{path}:" in message and "field 'job_titel' is not an HRIS field" in message
    assert "did you mean 'job_title'?" in message
