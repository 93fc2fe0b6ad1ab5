"""An expectation that needs what the integration declares it does not do (an ATS note, a signature
written back, a reminder) is not applicable on its own: the rest of the journey is still judged, and
the run says what was not certified; a scenario expecting an undeclared reminder email still validates."""

from __future__ import annotations

from pathlib import Path

from harness.engine.runner import Runner, RunOptions
from harness.engine.setup import configure_world
from harness.profile import parse_profile
from harness.results import PASSED

ROOT = Path(__file__).resolve().parents[3]
PROFILE = ROOT / "examples" / "reference_integration" / "profile.yaml"

SCENARIO = """\
scenario: 1
name: offer letter with a note the integration does not write
layer: documents
steps:
  - apply: {}
  - create_offer: {}
  - approve_offer: {}
  - expect: {envelope: {status: sent, tabs: {offer.salary: "{{ offer.salary }}"}}, within: 10s}
  - expect: {ats: {note_contains: "never written"}, within: 1s}
  - wait: quiescence
checks: [data_fidelity]
"""


def test_only_the_expectation_is_not_applicable(tmp_path: Path) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text(PROFILE.read_text(encoding="utf-8") + "capabilities: {ats_notes: false}\n", encoding="utf-8")
    (tmp_path / "s.yaml").write_text(SCENARIO, encoding="utf-8")
    options = RunOptions(
        profile=profile, paths=[tmp_path / "s.yaml"], reporters=[], write=False, reports_dir=tmp_path / "reports"
    )
    result = Runner(options).run()
    (journey,) = result.journeys
    assert journey.verdict == PASSED, [str(f) for f in journey.failures]
    assert [c.check for c in journey.checks] == ["expectations", "data_fidelity"]  # the rest was judged
    (skipped,) = journey.facts["not_applicable_expectations"]
    assert "step 5 (expect)" in skipped
    noted = result.not_certified["documents"]
    assert any("capabilities.ats_notes is false" in n for n in noted), noted

    # Without the capability declared absent the same expectation is judged, and fails.
    options = RunOptions(
        profile=PROFILE, paths=[tmp_path / "s.yaml"], reporters=[], write=False, reports_dir=tmp_path / "reports"
    )
    (journey,) = Runner(options).run().journeys
    assert journey.verdict == "failed" and "ats did not happen" in journey.failures[0].message


def test_a_reminder_expectation_validates_without_the_kind_when_reminders_are_absent() -> None:
    from harness.scenario import load_scenarios
    from harness.scenario.against import profile_errors

    text = PROFILE.read_text(encoding="utf-8")
    text = text.replace('  interview_reminder: {subject: "Reminder: your interview"}\n', "")
    reminder = load_scenarios([ROOT / "scenarios" / "scheduling" / "reminder.yaml"])
    assert profile_errors(reminder, parse_profile(text, file="p.yaml"))  # undeclared: refused ...
    absent = parse_profile(text + "capabilities: {reminders: false}\n", file="p.yaml")
    assert profile_errors(reminder, absent) == []  # ... unless the integration declares it sends none


def test_a_webhook_url_still_naming_a_port_is_not_configured() -> None:
    from fakes.world import World

    world = World(seed=0, systems=["ats"])
    try:
        configure_world(world, parse_profile(PROFILE.read_text(encoding="utf-8"), file="p.yaml"))
        assert "greenhouse.webhook_url" not in world.hub.settings
        configure_world(
            world, parse_profile(PROFILE.read_text(encoding="utf-8"), file="p.yaml"), sut_url="http://127.0.0.1:9"
        )
        assert world.hub.settings["greenhouse.webhook_url"] == "http://127.0.0.1:9/webhooks/greenhouse"
    finally:
        world.stop()
