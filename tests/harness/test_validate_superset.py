"""validate refuses everything run would refuse: a one-character typo in any field-map path or
ownership field of the reference profile, an unknown check, an email kind the profile does not
declare; and the step and expectation kinds of the scenario format are exactly the engine's."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from examples.buggy import VARIANTS
from harness.cli import main
from harness.engine import expect
from harness.engine.journey import Journey
from harness.engine.runner import ENGINE_STEPS, Runner, RunOptions
from harness.errors import ProfileError, ScenarioError
from harness.profile import load_profile
from harness.scenario import load_scenarios
from harness.scenario.model import EXPECTATION_KINDS, STEP_KINDS

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "examples" / "reference_integration" / "profile.yaml"
TEXT = PROFILE.read_text(encoding="utf-8")
SOURCES = sorted(set(re.findall(r"(?:from|currency_from|period_from): ((?:offer|candidate|job)\.[\w.]+)", TEXT)))
OWNED = re.search(r"fields: \[([^\]]+)\]", TEXT).group(1).split(", ")  # type: ignore[union-attr]


def _typo(word: str) -> str:
    """One character changed: the last letter dropped (salary -> salar), as a slip of the finger does."""
    return word[:-1]


def _mutated(tmp_path: Path, old: str, new: str) -> Path:
    assert old in TEXT
    head, _, tail = TEXT.partition(old)
    path = tmp_path / "profile.yaml"
    path.write_text(head + new + tail, encoding="utf-8")
    return path


def test_the_reference_profile_has_what_the_mutations_need() -> None:
    assert "offer.salary" in SOURCES and "candidate.first_name" in SOURCES and len(SOURCES) >= 10
    assert OWNED == ["compensation", "job_title", "department", "hire_date"]


@pytest.mark.parametrize("source", SOURCES)
def test_a_one_character_typo_in_a_field_map_path_fails_validate(source: str, tmp_path: Path, capsys) -> None:
    bad = _typo(source)
    profile = _mutated(tmp_path, f"from: {source}", f"from: {bad}")
    assert main(["validate", "--profile", str(profile)]) == 2
    err = capsys.readouterr().err
    line = TEXT.partition(f"from: {source}")[0].count("\n") + 1
    assert f"profile.yaml:{line}:" in err, err
    assert f"'{bad}' is not an ATS value" in err
    assert f"did you mean '{source}'?" in err, err


@pytest.mark.parametrize("name", OWNED)
def test_a_one_character_typo_in_an_ownership_field_fails_validate(name: str, tmp_path: Path, capsys) -> None:
    listed = ", ".join(OWNED)
    bad = _typo(name)
    profile = _mutated(tmp_path, f"fields: [{listed}]", f"fields: [{listed.replace(name, bad, 1)}]")
    assert main(["validate", "--profile", str(profile)]) == 2
    err = capsys.readouterr().err
    line = TEXT.partition("fields: [")[0].count("\n") + 1
    assert f"profile.yaml:{line}:" in err
    assert f"field '{bad}' is not an HRIS field" in err
    assert f"did you mean '{name}'?" in err, err


def test_certifying_drop_currency_with_a_typoed_profile_is_impossible(tmp_path: Path) -> None:
    """The old failure: a typo left the currency unjudged and the drop_currency variant certified."""
    assert "drop_currency" in VARIANTS
    profile = _mutated(tmp_path, "currency: {from: offer.currency", "currency: {from: offer.curency")
    options = RunOptions(
        profile=profile, paths=[ROOT / "scenarios" / "documents"], variant="drop_currency", reporters=[], write=False
    )
    with pytest.raises(ProfileError, match=r"'offer.curency' is not an ATS value.*did you mean 'offer.currency'"):
        Runner(options)


def test_an_unknown_check_name_fails_validate(tmp_path: Path, capsys) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        "scenario: 1\nname: s\nlayer: hris_sync\nsteps:\n  - apply: {}\nchecks: [error_haltin]\n", encoding="utf-8"
    )
    assert main(["validate", str(scenario)]) == 2
    err = capsys.readouterr().err
    assert "s.yaml:6:" in err and "unknown check 'error_haltin'" in err and "did you mean 'error_halting'?" in err


def test_an_email_kind_the_profile_does_not_declare_fails_validate_and_run(tmp_path: Path, capsys) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        "scenario: 1\nname: s\nlayer: communication\nsteps:\n  - apply: {}\n"
        "  - expect: {email: {kind: aplication_confirmation}, within: 5s}\n",
        encoding="utf-8",
    )
    assert main(["validate", str(scenario)]) == 2  # against the reference profile, the default
    capsys.readouterr()
    assert main(["validate", str(scenario), "--profile", str(PROFILE)]) == 2
    err = capsys.readouterr().err
    assert "s.yaml:6:" in err and "email kind 'aplication_confirmation' is not declared" in err
    assert "did you mean 'application_confirmation'?" in err
    with pytest.raises(ScenarioError, match="aplication_confirmation"):
        Runner(RunOptions(profile=PROFILE, paths=[scenario], reporters=[], write=False))


def test_the_scenario_format_names_exactly_the_engines_step_and_expectation_kinds() -> None:
    schema = json.loads((ROOT / "contracts" / "scenario.schema.json").read_text(encoding="utf-8"))
    assert list(schema["$defs"]["step"]["properties"]) == list(STEP_KINDS)
    for kind in STEP_KINDS:
        assert kind in ENGINE_STEPS or callable(getattr(Journey, kind, None)), f"the engine cannot perform {kind!r}"
    for name in ("expectation", "negative_expectation"):
        kinds = [k for k in schema["$defs"][name]["properties"] if k != "within"]
        assert kinds == list(EXPECTATION_KINDS), name
    assert sorted(EXPECTATION_KINDS) == sorted(expect.KINDS)


def test_the_bundled_suite_validates_against_the_reference_profile() -> None:
    scenarios = load_scenarios([ROOT / "scenarios"])
    from harness.scenario.against import profile_errors

    assert scenarios and profile_errors(scenarios, load_profile(PROFILE)) == []
