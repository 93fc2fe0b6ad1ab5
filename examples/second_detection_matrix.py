"""The detection matrix of the second integration (Node.js, examples/second_integration/):
which check must catch each of its seeded bugs, and the scenarios that exercise it.

    python -m examples.second_detection_matrix [--full] [VARIANT ...]

runs each variant (``ATS_HARNESS_VARIANT`` in the Node process) through its
scenarios (``--full``: through the whole certification) and prints a markdown
table of what failed; ``tests/certification/test_second_integration.py``
asserts the same mapping. Each variant is described in
examples/second_integration/variants.md.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "examples" / "second_integration"
PROFILE = HERE / "profile.yaml"
# Scenarios of its own, for what the shared suite judges only through ATS notes (which it does not write).
OWN = "../examples/second_integration/scenarios/"

# variant -> its bug, in one line
VARIANTS: dict[str, str] = {
    "drop_currency": "the BambooHR compensation rate is written without its currency",
    "float_salary": "the salary goes through a double and toFixed(2) on its way to BambooHR",
    "truncate_last_name": "last names are cut to 12 characters, a legacy column width (envelope and BambooHR)",
    "wrong_stage_email": "'Thank you for interviewing' also goes out on entering Phone Screen, before any interview",
    "unsigned_webhooks": "Greenhouse web hook signatures are not verified",
    "accept_replayed_booking": "Calendly signatures are checked but not their age (replays accepted)",
    "retry_forever": "a failing BambooHR call is retried without bound",
    "half_written": "after a BambooHR failure it keeps writing and leaves the employee active",
    "silent_hris_failure": "a BambooHR failure raises no alert",
    "sync_out_of_range": "out-of-range salary or hours are synced instead of held for review",
    "wrong_routing_order": "the candidate signs first (routing order 1), the hiring manager second",
    "once_per_stage": "stage emails and links go out on the first entry into a stage only, not on every entry",
    "no_reschedule_confirmation": "a rescheduled interview gets no confirmation email",
}

# variant -> (the check that must name the bug, the scenarios that exercise it)
MATRIX: dict[str, tuple[str, list[str]]] = {
    "drop_currency": ("data_fidelity", ["hris_sync/currencies.yaml"]),
    "float_salary": ("data_fidelity", ["hris_sync/part_time.yaml"]),
    "truncate_last_name": ("data_fidelity", [OWN + "long_names_hire.yaml"]),
    "wrong_stage_email": ("trigger_accuracy", ["communication/touchpoints.yaml"]),
    "unsigned_webhooks": ("webhook_security", ["communication/forged_signature.yaml"]),
    "accept_replayed_booking": ("webhook_security", [OWN + "replayed_booking.yaml"]),
    "retry_forever": ("error_halting", ["hris_sync/hris_outage.yaml"]),
    "half_written": ("error_halting", ["hris_sync/hris_outage.yaml"]),
    "silent_hris_failure": ("error_halting", ["hris_sync/hris_outage.yaml"]),
    "sync_out_of_range": ("sync_rules", ["hris_sync/out_of_range.yaml"]),
    "wrong_routing_order": ("expectations", [OWN + "routing_order.yaml"]),
    "once_per_stage": ("trigger_accuracy", ["communication/touchpoints.yaml"]),
    "no_reschedule_confirmation": ("communication", [OWN + "booking_confirmation.yaml"]),
}


def run(variant: str | None, paths: list[str], seed: int = 0, certify: bool = False):
    from examples.detection_matrix import run as run_variant

    return run_variant(variant, paths, seed, certify, profile=PROFILE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("variants", nargs="*")
    parser.add_argument("--full", action="store_true", help="the whole certification per variant (slow)")
    args = parser.parse_args()
    print("| variant | its bug | check named for it | all checks that failed | errors | caught |")
    print("|---|---|---|---|---|---|")
    for name in args.variants or sorted(MATRIX):
        check, paths = MATRIX[name]
        started = time.perf_counter()
        result = run(name, [""] if args.full else paths, certify=args.full)
        failed = sorted({c.check for j in result.journeys for c in j.checks if c.verdict == "failed"})
        errors = sum(1 for j in result.journeys if j.error)
        caught = "yes" if check in failed else "**no**"
        print(
            f"| `{name}` | {VARIANTS[name]} | `{check}` | {', '.join(failed) or '-'} | {errors} | {caught} "
            f"({time.perf_counter() - started:.0f} s) |",
            flush=True,
        )


if __name__ == "__main__":
    main()
