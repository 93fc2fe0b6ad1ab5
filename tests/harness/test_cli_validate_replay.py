"""`ats-harness validate` and `replay`, as a user meets them."""

import json
from pathlib import Path

from harness.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_validate_accepts_the_suite_and_the_reference_profile(capsys) -> None:
    code = main(
        ["validate", str(ROOT / "scenarios"), "--profile", str(ROOT / "examples/reference_integration/profile.yaml")]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "profile ok" in out
    assert "scenario(s) ok" in out


def test_validate_names_file_line_value_and_suggestion(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("scenario: 1\nname: typo\nlayer: communication\nsteps:\n  - apply: {}\n  - move_stag: {to: Offer}\n")
    code = main(["validate", str(bad)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{bad}:6:" in err
    assert "move_stag" in err
    assert "did you mean 'move_stage'" in err


def test_replay_reruns_the_recorded_command(tmp_path: Path, monkeypatch) -> None:
    seen: list[list[str]] = []
    report = tmp_path / "run"
    report.mkdir()
    (report / "report.json").write_text(json.dumps({"command": "ats-harness run scenarios/x.yaml --seed 7"}))
    import harness.cli as cli

    monkeypatch.setattr(cli, "cmd_run", lambda args: seen.append([*args.paths, str(args.seed)]) or 0)
    assert main(["replay", str(report)]) == 0
    assert seen == [["scenarios/x.yaml", "7"]]


def test_replay_of_a_folder_without_a_report_says_what_to_pass(tmp_path: Path, capsys) -> None:
    assert main(["replay", str(tmp_path)]) == 2
    assert "reports/<run-id>/" in capsys.readouterr().err
