"""The second integration (Node.js, examples/second_integration/): an integration
the harness did not grow up with certifies through the scenarios the harness can
already judge for it, and each of its seeded bugs fails with the check named for it.

The whole certification (the unchanged suite plus what its profile implies) passes on
five seeds. The integration's own scenarios (examples/second_integration/scenarios/)
judge what the shared suite judges only through ATS notes, which this integration
does not write. ``PENDING`` would hold variants whose named check cannot judge them
yet, as strict xfails (today: none).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from examples.second_detection_matrix import MATRIX, PROFILE, VARIANTS
from harness.engine.runner import Runner, RunOptions
from harness.profile.loader import load_profile

ROOT = Path(__file__).resolve().parents[2]
S = ROOT / "scenarios"
HERE = ROOT / "examples" / "second_integration"

needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed (.ci/run installs it)")

# Variants whose named check cannot judge them until the harness honours the profile key.
PENDING: dict[str, str] = {}

# Scenarios the clean build must pass today, and those that wait for the harness.
CLEAN_NOW = [
    "communication/application_confirmation.yaml",
    "communication/duplicate_delivery.yaml",
    "communication/forged_signature.yaml",
    "communication/reordered_delivery.yaml",
    "communication/rejection.yaml",
    "communication/touchpoints.yaml",
    "hris_sync/currencies_and_dates.yaml",
    "hris_sync/rate_limited.yaml",
    "hris_sync/rate_limit_storm.yaml",
    "../examples/second_integration/scenarios/booking_confirmation.yaml",
    "../examples/second_integration/scenarios/replayed_booking.yaml",
    "../examples/second_integration/scenarios/long_names_hire.yaml",
    "../examples/second_integration/scenarios/routing_order.yaml",
    "hris_sync/new_hire_sync.yaml",
    "documents/offer_currencies.yaml",
    "documents/duplicate_offer_approved.yaml",
    "hris_sync/currencies.yaml",
    "hris_sync/part_time.yaml",
    "hris_sync/transient_failure.yaml",
    "hris_sync/hr_edit_after_hire.yaml",
    "hris_sync/out_of_range.yaml",  # alerts by the profile's channel (email)
    "hris_sync/hris_outage.yaml",
    "documents/offer_letter_fields.yaml",  # tabs named by source path through the profile's field map
]


def run(paths: list[str], variant: str | None, reports: Path, seed: int = 0):
    options = RunOptions(
        profile=PROFILE,
        paths=[(S / p).resolve() for p in paths],
        seed=seed,
        variant=variant,
        reporters=[],
        write=False,
        reports_dir=reports,  # the SUT's log and clock file go there even when no report is written
    )
    return Runner(options).run()


def problems(result) -> list:
    bad = [j for j in result.journeys if j.verdict not in ("passed", "not_applicable")]
    return [(j.journey, [str(f) for f in j.failures][:2], j.error[:300]) for j in bad]


def test_every_variant_is_documented_switchable_and_in_the_matrix() -> None:
    server = (HERE / "server.js").read_text(encoding="utf-8")
    switches = set(re.findall(r"bug\('([a-z_]+)'\)", server))
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", (HERE / "variants.md").read_text(encoding="utf-8"), re.M))
    assert sorted(MATRIX) == sorted(VARIANTS)
    assert len(MATRIX) >= 8
    assert switches == set(MATRIX), f"server.js switches {sorted(switches ^ set(MATRIX))} differ from the matrix"
    assert documented == set(MATRIX), f"variants.md rows {sorted(documented ^ set(MATRIX))} differ from the matrix"


def test_the_profile_loads_with_its_own_choices() -> None:
    profile = load_profile(PROFILE)
    assert profile.policies.repeat == "every_entry"
    assert profile.policies.reschedule == "counts_as_booking"
    assert "rollback" in profile.capabilities.missing()
    assert profile.alerts.channel == "email"


@needs_node
def test_money_stays_exact_in_node() -> None:
    script = (
        "const j=require('./lib/exactjson');const d=require('./lib/decimal');"
        'const o=j.parse(\'{"a":38500.125,"b":99999999999999.99,"n":12}\');'
        "console.log([o.a,o.b,o.n,d.format(o.a),d.format('103000'),d.inRange('60.5','1','60')].join('|'))"
    )
    out = subprocess.run(["node", "-e", script], cwd=HERE, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "38500.125|99999999999999.99|12|38500.125|103000.00|false"


@needs_node
@pytest.mark.slow
def test_the_clean_build_passes_what_the_harness_can_judge(tmp_path: Path) -> None:
    result = run(CLEAN_NOW, None, tmp_path)
    assert result.passed, problems(result)


@needs_node
@pytest.mark.slow
@pytest.mark.parametrize("seed", range(5))
def test_the_clean_build_certifies_on_the_unchanged_suite(seed: int, tmp_path: Path) -> None:
    options = RunOptions(
        profile=PROFILE, paths=[S], seed=seed, reporters=[], write=False, certify=True, reports_dir=tmp_path
    )
    result = Runner(options).run()
    assert result.passed, problems(result)
    applicable = [j for j in result.journeys if j.verdict != "not_applicable"]
    assert len(applicable) >= 150
    # What the integration says it does not do is reported, never passed.
    assert "capabilities.rollback: false; not certified" in result.not_certified["integration"]


@needs_node
@pytest.mark.slow
@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(v, marks=pytest.mark.xfail(strict=True, reason=PENDING[v])) if v in PENDING else v
        for v in sorted(MATRIX)
    ],
)
def test_variant_fails_with_the_check_named_for_its_bug(variant: str, tmp_path: Path) -> None:
    check, paths = MATRIX[variant]
    result = run(paths, variant, tmp_path)
    failed = {c.check for j in result.journeys for c in j.checks if c.verdict == "failed"}
    errors = [j.error for j in result.journeys if j.error]
    assert not result.passed, f"{variant} ({VARIANTS[variant]}) certified clean"
    assert not errors, f"{variant}: journeys errored instead of failing a check: {errors[:2]}"
    assert check in failed, f"{variant} ({VARIANTS[variant]}) failed {sorted(failed)}, not {check}"
