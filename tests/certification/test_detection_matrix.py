"""The detection matrix: every known-bug variant of the reference integration
fails certification, and fails it with the check named for its bug.

Each variant runs through the scenarios that exercise its layer (the whole
suite per variant is `python -m examples.detection_matrix`, whose table is in
the README); the reference passes those same scenarios in
test_reference_certifies.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from examples.buggy import VARIANTS
from examples.detection_matrix import FUZZ_ONLY, MATRIX
from harness.engine.runner import Runner, RunOptions

ROOT = Path(__file__).resolve().parents[2]
S = ROOT / "scenarios"

PROFILE = ROOT / "examples" / "reference_integration" / "profile.yaml"


def certify(paths: list[str], variant: str | None, reports: Path, seed: int = 0) -> Runner:
    options = RunOptions(
        profile=PROFILE,
        paths=[S / p for p in paths],
        seed=seed,
        variant=variant,
        reporters=[],
        write=False,
        reports_dir=reports,  # the SUT's log and clock file go there even when no report is written
    )
    runner = Runner(options)
    runner.run()
    return runner


def test_every_variant_is_in_the_matrix() -> None:
    # FUZZ_ONLY: variants only `ats-harness fuzz` catches (tests/harness/fuzz/test_fuzz_variants.py)
    assert not set(MATRIX) & set(FUZZ_ONLY), "a variant is both caught by the suite and listed as fuzz-only"
    assert sorted({**MATRIX, **FUZZ_ONLY}) == sorted(VARIANTS), "a variant without a row in the detection matrix"


@pytest.mark.slow
@pytest.mark.parametrize("variant", sorted(MATRIX))
def test_variant_fails_with_the_check_named_for_its_bug(variant: str, tmp_path: Path) -> None:
    check, paths = MATRIX[variant]
    result = certify(paths, variant, tmp_path).result
    failed = {c.check for j in result.journeys for c in j.checks if c.verdict == "failed"}
    errors = [j.error for j in result.journeys if j.error]
    assert not result.passed, f"{variant} ({VARIANTS[variant]}) certified clean"
    assert not errors, f"{variant}: journeys errored instead of failing a check: {errors[:2]}"
    assert check in failed, f"{variant} ({VARIANTS[variant]}) failed {sorted(failed)}, not {check}"


def test_the_reference_passes_every_matrix_scenario(tmp_path: Path) -> None:
    paths = sorted({p for _, ps in MATRIX.values() for p in ps})
    result = certify(paths, None, tmp_path).result
    problems = [
        (j.journey, [str(f) for f in j.failures][:2], j.error[:300]) for j in result.journeys if j.verdict != "passed"
    ]
    assert result.passed, problems
