"""Verdict semantics, end to end against the reference integration:

- a step the vendor refuses (because of the state the SUT left) is a judged failure, not a harness
  error, and failures found earlier in the journey are kept;
- a journey that needs a capability the profile declares absent is "not applicable": never run,
  never passed, and listed as not certified;
- a field-map entry that no journey could judge keeps the run from passing;
- a harness bug is an error whose traceback stays out of the console line but is kept in the report.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from rich.console import Console

from harness.checks import registry
from harness.engine.runner import Runner, RunOptions
from harness.profile.model import FieldMap, FieldSpec
from harness.report.console import ConsoleReporter
from harness.results import ERROR, FAILED, NOT_APPLICABLE, NOT_JUDGED, PASSED

ROOT = Path(__file__).resolve().parents[3]
PROFILE = ROOT / "examples" / "reference_integration" / "profile.yaml"

REFUSED = """\
scenario: 1
name: a refused signature
layer: documents
steps:
  - apply: {}
  - create_offer: {}
  - approve_offer: {}
  - expect: {envelope: {status: sent}, within: 10s}
  - expect: {email: {kind: rejection}, within: 1s}
  - sign: {by: candidate}
checks: [expectations]
"""

OFFER_LETTER = """\
scenario: 1
name: an offer letter
layer: documents
steps:
  - apply: {}
  - create_offer: {}
  - approve_offer: {}
  - expect: {envelope: {status: sent}, within: 10s}
  - wait: quiescence
checks: [data_fidelity]
"""


def _runner(tmp_path: Path, scenarios: dict[str, str], profile: Path = PROFILE, **extra: object) -> Runner:
    for name, text in scenarios.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    options = RunOptions(
        profile=profile,
        paths=[tmp_path / name for name in scenarios],
        seed=0,
        reporters=[],
        write=False,
        reports_dir=tmp_path / "reports",
        **extra,  # type: ignore[arg-type]
    )
    return Runner(options)


def test_a_refused_step_is_a_judged_failure_and_earlier_failures_are_kept(tmp_path: Path) -> None:
    runner = _runner(tmp_path, {"refused.yaml": REFUSED})
    result = runner.run()
    (journey,) = result.journeys
    assert journey.verdict == FAILED, journey.error
    assert not journey.error
    messages = [f.message for f in journey.failures]
    assert any("expected email did not happen" in m for m in messages), messages  # found before the refusal
    refused = [m for m in messages if "refused the step" in m]
    assert refused and "step 6 (sign)" in refused[0], messages


def test_a_missing_capability_makes_journeys_not_applicable_and_says_so(tmp_path: Path) -> None:
    text = PROFILE.read_text(encoding="utf-8")
    text = text.replace('  rollback: {method: POST, path: "/admin/rollback/{application_id}"}\n', "")
    text += "capabilities: {rollback: false}\n"
    assert "rollback: {method" not in text
    profile = tmp_path / "profile.yaml"
    profile.write_text(text, encoding="utf-8")
    rollback = (ROOT / "scenarios" / "documents" / "envelope_rollback.yaml").read_text(encoding="utf-8")
    runner = _runner(tmp_path, {"rollback.yaml": rollback, "letter.yaml": OFFER_LETTER}, profile=profile)
    result = runner.run()
    verdicts = {j.scenario: j.verdict for j in result.journeys}
    assert verdicts == {"rollback voids the offer envelope": NOT_APPLICABLE, "an offer letter": PASSED}
    skipped = next(j for j in result.journeys if j.verdict == NOT_APPLICABLE)
    assert "capabilities.rollback is false" in skipped.not_applicable
    assert skipped.checks == []  # never run, so never passed
    assert result.passed  # what applies passed ...
    assert "capabilities.rollback: false; not certified" in result.not_certified["integration"]  # ... and it is said

    out = io.StringIO()
    ConsoleReporter(Console(file=out, width=200), quiet=True).on_run_finished(_event(result))
    assert "Not certified" in out.getvalue() and "capabilities.rollback: false" in out.getvalue()


def test_only_not_applicable_journeys_never_pass(tmp_path: Path) -> None:
    text = PROFILE.read_text(encoding="utf-8").replace(
        '  rollback: {method: POST, path: "/admin/rollback/{application_id}"}\n', ""
    )
    profile = tmp_path / "profile.yaml"
    profile.write_text(text + "capabilities: {rollback: false}\n", encoding="utf-8")
    rollback = (ROOT / "scenarios" / "documents" / "envelope_rollback.yaml").read_text(encoding="utf-8")
    result = _runner(tmp_path, {"rollback.yaml": rollback}, profile=profile).run()
    assert [j.verdict for j in result.journeys] == [NOT_APPLICABLE]
    assert not result.passed


def test_a_field_map_entry_no_journey_can_judge_keeps_the_run_from_passing(tmp_path: Path) -> None:
    runner = _runner(tmp_path, {"letter.yaml": OFFER_LETTER})
    envelope = dict(runner.profile.field_map.envelope)
    # What a typo the loader did not catch would do: a source path the journey's ATS data does not have.
    envelope["salary"] = FieldSpec("envelope", "salary", "offer.salry", "money")
    runner.profile = replace(runner.profile, field_map=FieldMap(envelope=envelope, hris=runner.profile.field_map.hris))
    result = runner.run()
    (journey,) = result.journeys
    check = next(c for c in journey.checks if c.check == "data_fidelity")
    assert check.verdict == NOT_JUDGED
    assert "offer.salry" in check.note
    assert "envelope.currency" in check.judged and "envelope.salary" not in check.judged
    assert journey.verdict == NOT_JUDGED
    assert any("envelope.salary" in item for item in result.unjudged["documents"])
    assert not result.passed
    assert result.layer_verdicts()["documents"] == NOT_JUDGED


def test_a_harness_bug_is_an_error_with_its_traceback_kept_out_of_the_console_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(ctx: registry.CheckContext) -> list:
        raise ZeroDivisionError("a bug in a check")

    spec = registry.get("data_fidelity")
    monkeypatch.setitem(registry.REGISTRY, "data_fidelity", replace(spec, fn=broken))
    monkeypatch.setattr(registry, "_judge", lambda spec, ctx: spec.fn(ctx))
    result = _runner(tmp_path, {"letter.yaml": OFFER_LETTER}).run()
    (journey,) = result.journeys
    assert journey.verdict == ERROR
    assert journey.error == "harness error (please report): ZeroDivisionError: a bug in a check"
    assert "Traceback (most recent call last)" in journey.error_detail
    assert "expectations" in [c.check for c in journey.checks]  # what was judged before the bug is kept

    out = io.StringIO()
    ConsoleReporter(Console(file=out, width=200), quiet=True).on_run_finished(_event(result))
    printed = out.getvalue()
    assert "ZeroDivisionError: a bug in a check" in printed
    assert "Traceback (most recent call last)" not in printed
    assert "traceback:" in printed


def _event(result: object) -> object:
    from harness.results import Event

    return Event("run_finished", result)  # type: ignore[arg-type]
