"""The other ways to fuzz: in-process (the reference as an ASGI app, no sockets) and the stateful machine."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.fuzz import FuzzOptions, fuzz
from harness.fuzz.session import Session
from harness.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[3]
PROFILE = ROOT / "examples" / "reference_integration" / "profile.yaml"
APP = "examples.reference_integration:create_app"


def test_an_in_process_session_plays_a_scenario_without_a_sut_process() -> None:
    session = Session(PROFILE, in_process=APP)
    session.start()
    try:
        runner = session.runner
        assert runner.sut.describe() == "in-process create_app"
        assert runner.world is not None and not runner.world.hub.origins.get("greenhouse", "").startswith("http://127.")
        outcome = session.play(load_scenario(ROOT / "scenarios" / "hris_sync" / "new_hire_sync.yaml"))
        assert outcome.passed, outcome
        assert "virtual" in runner.result.time_control  # the app reads the harness's clock
    finally:
        session.finish()


@pytest.mark.slow
def test_in_process_fuzz_catches_a_variant_and_passes_the_reference(tmp_path: Path) -> None:
    # In-process plays an example's journeys one at a time: slower than loopback, hence the larger budget.
    base = {"profile": PROFILE, "seed": 0, "db": "none", "quiet": True, "in_process": APP, "time_budget": 400.0}
    caught = fuzz(FuzzOptions(**base, max_examples=20, variant="gbp_converted", out=tmp_path / "v"))  # type: ignore[arg-type]
    assert "data_fidelity" in caught.found
    scenario = load_scenario(tmp_path / "v" / "data_fidelity.yaml")
    assert "GBP" in [r["currency"] for r in scenario.records]
    clean = fuzz(FuzzOptions(**base, max_examples=10, out=tmp_path / "c"))  # type: ignore[arg-type]
    assert clean.passed and clean.examples == 10


@pytest.mark.slow
def test_stateful_programs_pass_on_the_reference(tmp_path: Path) -> None:
    result = fuzz(
        FuzzOptions(
            profile=PROFILE, stateful=True, max_examples=4, seed=0, db="none", quiet=True, out=tmp_path, time_budget=300
        )
    )
    assert result.passed, {k: (f.document["steps"], f.outcome.failed) for k, f in result.found.items()}
    assert result.examples >= 4


@pytest.mark.slow
def test_stateful_checks_are_invariants_that_catch_an_overwrite_after_hire(tmp_path: Path) -> None:
    """A live journey judged after every rule: HR edits pay after the hire, the recruiter then edits the
    application, and the variant writes the offer's pay back over HR's: sync_rules fails right there, and
    the program up to that rule is written as a scenario that `run` fails the same way."""
    from harness.engine.runner import Runner, RunOptions

    options = FuzzOptions(
        profile=PROFILE,
        stateful=True,
        max_examples=80,  # ~1 program in 16 has the pattern (benchmarks/fuzz_reach.py): 80 find it, any seed
        seed=0,
        db="none",
        quiet=True,
        out=tmp_path,
        time_budget=600,
        variant="hris_overwrite_after_hire",
    )
    result = fuzz(options)
    assert "sync_rules" in result.found
    written = tmp_path / "sync_rules.yaml"
    scenario = load_scenario(written)
    kinds = [s.kind for s in scenario.steps]
    assert "hr_edit" in kinds and kinds.index("hr_edit") < max(
        i for i, k in enumerate(kinds) if k in ("update_application", "update_candidate")
    )
    for variant, passes in (("hris_overwrite_after_hire", False), (None, True)):
        run = Runner(
            RunOptions(
                profile=PROFILE,
                paths=[written],
                variant=variant,
                reporters=[],
                write=False,
                reports_dir=tmp_path / "reports",
            )
        )
        outcome = run.run()
        assert outcome.passed is passes
        if not passes:
            assert {c.check for j in outcome.journeys for c in j.checks if c.verdict == "failed"} >= {"sync_rules"}
