"""`ats-harness fuzz` catches the variants the fixed suite passes (examples.detection_matrix.FUZZ_ONLY), each
within a bounded budget with a fixed seed: exit 1, a shrunk scenario file that `validate` accepts and that
`run` fails with the same check (and the reference passes); with the same budget and seed the clean
reference gives exit 0."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from examples.detection_matrix import FUZZ_ONLY
from harness.cli import main
from harness.engine.runner import Runner, RunOptions

ROOT = Path(__file__).resolve().parents[3]
PROFILE = ROOT / "examples" / "reference_integration" / "profile.yaml"


def fuzz_args(budget: dict[str, Any], out: Path, *extra: str) -> list[str]:
    return [
        "fuzz",
        "--profile",
        str(PROFILE),
        "--layer",
        str(budget["layer"]),
        "--seed",
        str(budget["seed"]),
        "--max-examples",
        str(budget["max_examples"]),
        "--time-budget",
        f"{budget['time_budget']}s",
        "--db",
        "none",
        "--out",
        str(out),
        "-q",
        *extra,
    ]


def failed_checks(path: Path, variant: str | None) -> set[str]:
    runs = path.parent / "runs"
    options = RunOptions(profile=PROFILE, paths=[path], variant=variant, reporters=[], write=False, reports_dir=runs)
    result = Runner(options).run()
    assert not [j.error for j in result.journeys if j.error]
    return {c.check for j in result.journeys for c in j.checks if c.verdict == "failed"}


@pytest.mark.slow
@pytest.mark.parametrize("variant", sorted(FUZZ_ONLY))
def test_fuzz_catches_the_variant_and_writes_a_scenario_that_replays_it(
    variant: str, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    check, budget = FUZZ_ONLY[variant]
    assert main(fuzz_args(budget, tmp_path, "--variant", variant)) == 1
    out = capsys.readouterr().out
    path = tmp_path / f"{check}.yaml"
    assert path.is_file(), f"no {check}.yaml in {sorted(p.name for p in tmp_path.iterdir())}: {out[-2000:]}"
    assert f"shrunk journey failing {check}" in out and f"--variant {variant}" in out
    assert main(["validate", str(path), "--profile", str(PROFILE)]) == 0
    assert check in failed_checks(path, variant), "the written scenario does not replay the failure"
    assert failed_checks(path, None) == set(), "the reference fails the shrunk scenario too: not the variant's bug"


@pytest.mark.slow
@pytest.mark.parametrize(
    "budget", [dict(b) for b in {tuple(sorted(b.items())): b for _, b in FUZZ_ONLY.values()}.values()]
)
def test_fuzz_finds_nothing_on_the_reference_with_the_same_budget(
    budget: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(fuzz_args(budget, tmp_path)) == 0, capsys.readouterr().out[-3000:]
    assert "examples run" in capsys.readouterr().out
    assert not tmp_path.exists() or not any(tmp_path.iterdir())
