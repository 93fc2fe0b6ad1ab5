"""The reference integration certifies clean on the whole suite, on 3 seeds
by default and on 20 different seeds in a row nightly (``--nightly``): names,
ids and data packs' draws change with the seed; the verdict must not."""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_detection_matrix import PROFILE, S


@pytest.mark.parametrize(
    "seed", [*range(3), *(pytest.param(seed, marks=pytest.mark.nightly) for seed in range(3, 20))]
)
def test_reference_certifies_clean(seed: int, tmp_path: Path) -> None:
    from harness.engine.runner import Runner, RunOptions

    options = RunOptions(
        profile=PROFILE, paths=[S], seed=seed, reporters=[], write=False, certify=True, reports_dir=tmp_path
    )
    result = Runner(options).run()
    problems = [
        (j.journey, [str(f)[:300] for f in j.failures][:2], j.error[-1500:])
        for j in result.journeys
        if j.verdict != "passed"
    ]
    assert result.passed, f"seed {seed}: {problems}"
    assert len(result.journeys) >= 50
    judged = {c.check for j in result.journeys for c in j.checks if c.verdict == "passed"}
    assert {"trigger_accuracy", "data_fidelity", "error_halting", "rollback", "sync_rules", "reporting"} <= judged
