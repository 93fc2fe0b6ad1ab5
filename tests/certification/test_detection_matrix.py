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
from harness.engine.runner import Runner, RunOptions

ROOT = Path(__file__).resolve().parents[2]
S = ROOT / "scenarios"

# variant -> (the check that must name the bug, the scenarios that exercise it)
MATRIX: dict[str, tuple[str, list[str]]] = {
    "accept_stale": ("webhook_security", ["scheduling/replayed_webhook.yaml"]),
    "accept_unsigned": ("webhook_security", ["communication/forged_signature.yaml"]),
    "ascii_names": ("data_fidelity", ["documents/offer_letter_fields.yaml"]),
    "date_mmdd": ("data_fidelity", ["hris_sync/currencies_and_dates.yaml"]),
    "date_timezone": ("data_fidelity", ["hris_sync/currencies_and_dates.yaml"]),
    "double_email": ("communication", ["communication/touchpoints.yaml"]),
    "drop_currency": ("data_fidelity", ["documents/offer_currencies.yaml"]),
    "duplicate_fire": ("trigger_accuracy", ["documents/duplicate_offer_approved.yaml"]),
    "float_salary": ("data_fidelity", ["hris_sync/part_time.yaml"]),
    "hris_overwrite_after_hire": ("sync_rules", ["hris_sync/hr_edit_after_hire.yaml"]),
    "ignore_part_time": ("data_fidelity", ["hris_sync/part_time.yaml"]),
    "nfd_names": ("data_fidelity", ["documents/offer_letter_fields.yaml"]),
    "no_envelope_rollback": ("rollback", ["documents/envelope_rollback.yaml"]),
    "no_range_check": ("sync_rules", ["hris_sync/out_of_range.yaml"]),
    "no_writeback": ("expectations", ["documents/routing_and_writeback.yaml"]),
    "partial_write": ("error_halting", ["hris_sync/hris_outage.yaml"]),
    "repeat_reminder": ("expectations", ["scheduling/reminder.yaml"]),
    "retry_forever": ("error_halting", ["hris_sync/hris_outage.yaml"]),
    "silent_hris_5xx": ("error_halting", ["hris_sync/hris_outage.yaml"]),
    "skip_manager_approval": ("expectations", ["documents/routing_and_writeback.yaml"]),
    "stale_reporting": ("reporting", ["reporting"]),
    "transposed_salary": ("data_fidelity", ["hris_sync/new_hire_sync.yaml"]),
    "truncated_names": ("data_fidelity", ["documents/offer_letter_fields.yaml"]),
    "wrong_kpi": ("reporting", ["reporting"]),
    "wrong_stage": ("trigger_accuracy", ["communication/touchpoints.yaml"]),
}
PROFILE = ROOT / "examples" / "reference_integration" / "profile.yaml"


def certify(paths: list[str], variant: str | None, seed: int = 0) -> Runner:
    options = RunOptions(
        profile=PROFILE,
        paths=[S / p for p in paths],
        seed=seed,
        variant=variant,
        reporters=[],
        write=False,
        certify=True,
    )
    runner = Runner(options)
    runner.run()
    return runner


def test_every_variant_is_in_the_matrix() -> None:
    assert sorted(MATRIX) == sorted(VARIANTS), "a variant without a row in the detection matrix"


@pytest.mark.parametrize("variant", sorted(MATRIX))
def test_variant_fails_with_the_check_named_for_its_bug(variant: str) -> None:
    check, paths = MATRIX[variant]
    result = certify(paths, variant).result
    failed = {c.check for j in result.journeys for c in j.checks if c.verdict == "failed"}
    errors = [j.error for j in result.journeys if j.error]
    assert not result.passed, f"{variant} ({VARIANTS[variant]}) certified clean"
    assert not errors, f"{variant}: journeys errored instead of failing a check: {errors[:2]}"
    assert check in failed, f"{variant} ({VARIANTS[variant]}) failed {sorted(failed)}, not {check}"


def test_the_reference_passes_every_matrix_scenario() -> None:
    paths = sorted({p for _, ps in MATRIX.values() for p in ps})
    result = certify(paths, None).result
    problems = [
        (j.journey, [str(f) for f in j.failures][:2], j.error[:300]) for j in result.journeys if j.verdict != "passed"
    ]
    assert result.passed, problems
