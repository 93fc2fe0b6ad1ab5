"""The CLI a newcomer meets: --version, help on every option, `validate` with no arguments, any folder."""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

import pytest

from harness import resources
from harness.cli import build_parser, main
from harness.engine.plan import derived_scenarios
from harness.profile import load_profile
from harness.scenario import load_scenarios

ROOT = Path(__file__).resolve().parents[2]


def _parsers(parser: argparse.ArgumentParser, name: str = "ats-harness"):
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from _parsers(sub, f"{name} {sub_name}")


def test_every_option_and_argument_has_help() -> None:
    missing = [
        f"{name} {'/'.join(action.option_strings) or action.dest}"
        for name, parser in _parsers(build_parser())
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction) and (not action.help or action.help == argparse.SUPPRESS)
    ]
    assert not missing, f"options without help: {missing}"


def test_every_command_has_help() -> None:
    parser = build_parser()
    subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {c.dest: c.help for c in subs._choices_actions}
    assert set(helps) == set(subs.choices) and all(helps.values())


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert re.fullmatch(r"ats-harness (\d+\.\d+\S*|unknown \(not installed\))\n", capsys.readouterr().out)


def test_validate_with_no_arguments_checks_the_bundled_suite_and_profile_from_any_folder(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.chdir(tmp_path)  # nothing here: the defaults must not depend on the working directory
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    suite, profile = resources.suite_dir(), resources.reference_profile()
    scenarios = load_scenarios([suite])
    files = sorted(suite.rglob("*.yaml"))
    derived = derived_scenarios(load_profile(profile))
    assert f"profile ok: {profile} (the reference profile)" in out
    assert f"{len(scenarios)} scenario(s) ok in {len(files)} file(s) from the bundled suite ({suite})" in out
    assert f"{sum(s.journeys for s in scenarios)} journey(s)" in out
    assert f"certify adds {sum(s.journeys for s in derived)} journey(s) derived from the profile" in out
    assert len(files) >= 20 and not (tmp_path / "reports").exists()


def test_validate_an_absolute_profile_from_another_folder(tmp_path: Path, monkeypatch, capsys) -> None:
    profile = tmp_path / "mine" / "profile.yaml"
    profile.parent.mkdir()
    shutil.copy(ROOT / "examples/reference_integration/profile.yaml", profile)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["validate", "--profile", str(profile)]) == 0
    out = capsys.readouterr().out
    assert f"profile ok: {profile}: 'Reference integration" in out
    assert "(the reference profile)" not in out and "from the bundled suite" in out


def test_validate_fails_on_a_typo_in_the_profile(tmp_path: Path, monkeypatch, capsys) -> None:
    profile = tmp_path / "profile.yaml"
    text = (ROOT / "examples/reference_integration/profile.yaml").read_text()
    profile.write_text(text.replace("stages: [", "stagse: ["))
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--profile", str(profile)]) == 2
    err = capsys.readouterr().err
    assert f"{profile}:" in err and "unknown key 'stagse'" in err and "did you mean 'stages'" in err


def test_run_and_certify_defaults_resolve_without_the_checkout_as_working_directory(
    tmp_path: Path, monkeypatch
) -> None:
    seen = {}
    import harness.engine.runner as runner

    def fake_run(options):
        seen["options"] = options
        return type("Result", (), {"passed": True})()

    monkeypatch.setattr(runner, "run", fake_run)
    monkeypatch.chdir(tmp_path)
    assert main(["certify"]) == 0
    options = seen["options"]
    assert options.paths == [resources.suite_dir()] and options.paths[0].is_absolute()
    assert Path(options.profile) == resources.reference_profile()
    assert options.reports_dir == Path("reports")  # relative: ./reports/ of the working directory


def test_resources_fall_back_to_the_checkout(monkeypatch) -> None:
    # an editable install or a checkout has no harness/suite/ folder; the suite is found next to the package
    monkeypatch.setattr(resources, "_package_dir", lambda name: None)
    assert resources.suite_dir() == ROOT / "scenarios"
    assert resources.reference_profile() == ROOT / "examples/reference_integration/profile.yaml"


def test_a_missing_suite_is_a_clear_error(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(resources, "_package_dir", lambda name: None)
    monkeypatch.setattr(resources, "_CHECKOUT", tmp_path)
    with pytest.raises(resources.HarnessError, match="bundled scenario suite is missing"):
        resources.suite_dir()


def test_certify_from_another_folder_writes_reports_there(tmp_path: Path, monkeypatch, capsys) -> None:
    profile = tmp_path / "team" / "profile.yaml"
    profile.parent.mkdir()
    shutil.copy(resources.reference_profile(), profile)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    code = main(["certify", "--profile", str(profile), "--select", "application confirmation", "--quiet"])
    out = capsys.readouterr()
    assert code == 0, out.out[-2000:] + out.err[-2000:]
    runs = list((work / "reports").iterdir())
    assert len(runs) == 1 and (runs[0] / "report.json").is_file()
