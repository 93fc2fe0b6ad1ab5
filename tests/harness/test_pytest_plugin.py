"""The pytest plugin, seen from a user's project: scenario files as items, the ``ats_world`` fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

PROFILE = Path(__file__).resolve().parents[2] / "examples" / "reference_integration" / "profile.yaml"

CONFIRMATION = """\
scenario: 1
name: confirmation email goes out
layer: communication
description: One application, one confirmation email.
steps:
  - apply: {}
  - expect: {email: {kind: application_confirmation, to: candidate, count: 1}, within: 10s}
"""

IMPOSSIBLE = """\
scenario: 1
name: an offer email on applying
layer: communication
description: Nothing sends an offer email to someone who only applied; this must fail.
steps:
  - apply: {}
  - expect: {email: {kind: offer, to: candidate, count: 1}, within: 1s}
"""


@pytest.fixture(autouse=True)
def _only_our_plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inner runs load just ats-harness (``-p``), not every installed plugin: seconds saved per run."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    # A subprocess: the inner session's threads, SUT process and warnings stay out of this one.
    return pytester.runpytest_subprocess(
        "-p", "harness.pytest_plugin", "-p", "no:cacheprovider", "--strict-markers", "-W", "error", *args
    )


def test_the_plugin_is_registered_for_pytest_to_load() -> None:
    from importlib.metadata import entry_points

    found = {ep.name: ep.value for ep in entry_points(group="pytest11")}
    assert found.get("ats_harness") == "harness.pytest_plugin"


def test_scenario_files_are_items_that_pass_and_fail_against_the_reference(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", confirmation=CONFIRMATION, impossible=IMPOSSIBLE)
    pytester.makefile(".yaml", not_a_scenario="just: some yaml\n")  # not collected: no "scenario:" line

    # One run (the reference SUT starts once); -m proves the layer marker is registered and selectable.
    result = _run(pytester, "-v", "-m", "layer_communication", f"--ats-profile={PROFILE}", "--ats-seed=5")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*collected 2 items*",
            "confirmation.yaml::confirmation email goes out PASSED*",
            "impossible.yaml::an offer email on applying FAILED*",
        ]
    )
    result.stdout.no_fnmatch_line("*not_a_scenario*")
    # The failure is the check's own message, then the command that replays this scenario; no traceback.
    result.stdout.fnmatch_lines(
        [
            "*scenario: an offer email on applying*",
            "[[]expectations] expected email did not happen within 1 s; where: *impossible.yaml:7;"
            " expected {'email': {'kind': 'offer', 'to': 'candidate', 'count': 1}}, got []",
            f"replay: ats-harness run {pytester.path / 'impossible.yaml'} --profile {PROFILE} --seed 5",
        ]
    )
    assert "Traceback" not in result.stdout.str()


def test_ats_world_is_served_on_loopback_and_reset_between_tests(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_world="""
        import requests

        SEEN = {}

        def _jobs(env):
            with requests.Session() as http:
                http.trust_env = False
                response = http.get(env["GREENHOUSE_BASE_URL"] + "/v1/jobs",
                                    auth=(env["GREENHOUSE_API_KEY"], ""), timeout=10)
            assert response.status_code == 200, response.text
            return response.json()

        def _job(world):
            return world.act("ats.create_job", title="Staff Engineer", department="Engineering", office="Remote",
                             stages=["Application Review", "Offer"],
                             hiring_manager={"first_name": "Hana", "last_name": "Lee", "email": "hana@example.com"})

        def test_first(ats_world, ats_env):
            assert ats_env["GREENHOUSE_BASE_URL"].startswith("http://127.0.0.1:")
            assert ats_env["SMTP_HOST"] == "127.0.0.1"
            assert not ats_world.hub.clock.running
            assert _jobs(ats_env) == []
            job = _job(ats_world)
            ats_world.act("ats.apply", job_id=job["id"], first_name="Ada", last_name="L", email="ada@example.com")
            ats_world.hub.faults.add(kind="status", status=503, fake="bamboohr", count=None)
            ats_world.hub.clock.run()
            assert [j["id"] for j in _jobs(ats_env)] == [job["id"]]
            SEEN.update(world=id(ats_world), job=job["id"], journal=ats_world.hub.journal.last_seq)

        def test_second(ats_world, ats_env):
            assert id(ats_world) == SEEN["world"]  # one served world for the session
            assert _jobs(ats_env) == []  # state reset
            assert ats_world.hub.faults.rules == []  # fault rules cleared
            assert not ats_world.hub.clock.running  # clock frozen again
            assert len(list(ats_world.hub.journal.entries())) == 1  # only this test's request
            assert _job(ats_world)["id"] == SEEN["job"]  # ids restart from the seed
        """
    )
    result = _run(pytester, "-v")
    result.assert_outcomes(passed=2)
