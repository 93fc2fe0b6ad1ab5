"""sut.reacts_within: the integration's own promise shortens every positive expectation's deadline, so a
missing effect fails after that promise instead of after the scenario's `within`; a promise of no time is
refused with the file, line and a fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import ProfileError
from harness.profile.loader import load_profile

ROOT = Path(__file__).resolve().parents[3]
REFERENCE = ROOT / "examples" / "reference_integration" / "profile.yaml"

# The reference sends the interview invitation when the application enters Phone Screen, not on apply:
# this expectation is a miss, judged when its deadline passes.
SCENARIO = """\
scenario: 1
name: an invitation nobody sends
layer: communication
steps:
  - apply: {}
  - expect: {email: {kind: interview_invitation}, within: 10s}
checks: [trigger_accuracy]
"""


def profile_with(tmp_path: Path, promise: str | None) -> Path:
    text = REFERENCE.read_text()
    if promise is not None:
        text = text.replace("  startup_timeout: 30s\n", f"  startup_timeout: 30s\n  reacts_within: {promise}\n")
    path = tmp_path / f"profile-{promise}.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("promise, deadline", [(None, "10 s"), ("1500ms", "1.5 s")])
def test_a_missing_effect_fails_after_the_integration_s_promise(
    promise: str | None, deadline: str, tmp_path: Path
) -> None:
    from harness.engine.runner import Runner, RunOptions

    scenario = tmp_path / "miss.yaml"
    scenario.write_text(SCENARIO)
    result = Runner(
        RunOptions(
            profile=profile_with(tmp_path, promise),
            paths=[scenario],
            reporters=[],
            write=False,
            reports_dir=tmp_path / "reports",
        )
    ).run()
    [journey] = result.journeys
    [failure] = [f for c in journey.checks if c.check == "expectations" for f in c.failures]
    assert f"did not happen within {deadline}" in str(failure)


def test_a_promise_of_no_time_is_refused_with_where_and_a_fix(tmp_path: Path) -> None:
    assert load_profile(profile_with(tmp_path, "3s")).sut.reacts_within.total_seconds() == 3
    with pytest.raises(ProfileError) as caught:
        load_profile(profile_with(tmp_path, "0s"))
    message = str(caught.value)
    assert "profile-0s.yaml" in message and "reacts_within" in message and "e.g. 3s" in message
