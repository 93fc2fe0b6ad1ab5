"""How often the fuzz generators draw what shows each fuzz-only variant's bug, without running anything.

A fuzz test with a fixed seed and a bounded budget is only as good as the generator's reach: a pattern that
one example in 70 holds is found in 40 examples by luck (about one seed in two), and a new Hypothesis release,
which turns the same seed into other draws, loses it. This script draws examples from the same strategies
``ats-harness fuzz`` uses and counts, per variant of ``examples.detection_matrix.FUZZ_ONLY`` (and the stateful
overwrite-after-hire program), the share of examples that hold the variant's trigger:

    python -m benchmarks.fuzz_reach            # 1000 examples each
    python -m benchmarks.fuzz_reach -n 3000

It prints the share and the chance that a budget of N examples misses every one: (1 - share) ** N.
``tests/harness/fuzz/test_reach.py`` keeps each share above a floor.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.stateful import run_state_machine_as_test

from harness.fuzz.strategies import _ranges, in_range, journeys
from harness.profile.loader import load_profile
from harness.profile.model import Profile

ROOT = Path(__file__).resolve().parents[1]
PROFILE = ROOT / "examples" / "reference_integration" / "profile.yaml"


def _kinds(doc: dict[str, Any]) -> list[str]:
    return [next(iter(step)) for step in doc["steps"]]


def _fidelity_judged(profile: Profile, doc: dict[str, Any]) -> bool:
    """Every journey syncs and no HR edit follows (the examples where field fidelity is judged)."""
    return all(in_range(profile, r) for r in doc["data"]["records"]) and "hr_edit" not in _kinds(doc)


def _pay_edit_then(doc: dict[str, Any], later: str, field: str = "payRate") -> bool:
    kinds = _kinds(doc)
    for i, kind in enumerate(kinds):
        if kind == "hr_edit" and field in doc["steps"][i]["hr_edit"]["fields"] and later in kinds[i + 1 :]:
            return True
    return False


def triggers(profile: Profile) -> dict[str, Callable[[dict[str, Any]], bool]]:
    """Variant -> whether a generated scenario document holds what shows its bug (see each variant's docstring)."""
    ceilings = {w.get("pay_period"): hi for w, _, hi in _ranges(profile, "offer.salary")}
    cent = Decimal("0.01")

    def records(doc: dict[str, Any]) -> list[dict[str, Any]]:
        return list(doc["data"]["records"])

    return {
        "ceiling_cent": lambda d: _fidelity_judged(profile, d)
        and any(Decimal(r["salary"]) == ceilings.get(r["pay_period"], Decimal(0)) - cent for r in records(d)),
        "gbp_converted": lambda d: _fidelity_judged(profile, d) and any(r["currency"] == "GBP" for r in records(d)),
        "long_last_name_cut": lambda d: _fidelity_judged(profile, d)
        and any(len(r["last_name"]) > 48 for r in records(d)),
        "same_second_resync": lambda d: _pay_edit_then(d, "redeliver"),
    }


def reach(profile: Profile, examples: int) -> dict[str, float]:
    """Share of generated examples holding each trigger (journeys for the fuzz-only variants, programs for
    the stateful overwrite)."""
    found: Counter[str] = Counter()
    tests = triggers(profile)
    config = settings(
        max_examples=examples,
        database=None,
        phases=(Phase.generate,),
        suppress_health_check=list(HealthCheck),
        deadline=None,
        derandomize=True,
    )

    @config
    @given(journeys(profile, "hris_sync"))
    def draw(doc: dict[str, Any]) -> None:
        found["examples"] += 1
        for name, holds in tests.items():
            found[name] += holds(doc)

    draw()
    out = {name: found[name] / max(found["examples"], 1) for name in tests}

    from harness.fuzz.stateful import machine

    programs: Counter[str] = Counter()

    def play(doc: dict[str, Any]) -> None:
        programs["examples"] += 1
        kinds = _kinds(doc)
        after_hire = {"steps": doc["steps"][kinds.index("hire") :]} if "hire" in kinds else {"steps": []}
        programs["hris_overwrite_after_hire"] += any(
            _pay_edit_then(after_hire, "update_application", field) for field in ("payRate", "jobTitle", "department")
        )

    run_state_machine_as_test(machine(profile, play), settings=settings(config, stateful_step_count=12))
    out["hris_overwrite_after_hire (stateful)"] = programs["hris_overwrite_after_hire"] / max(programs["examples"], 1)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fuzz_reach", description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--examples", type=int, default=1000, help="examples drawn per generator")
    parser.add_argument("--budget", type=int, default=60, help="the budget whose miss chance is printed")
    args = parser.parse_args(argv)
    shares = reach(load_profile(PROFILE), args.examples)
    print(f"{'variant':40} {'share':>7} {'miss in ' + str(args.budget):>12}")
    for name, share in shares.items():
        print(f"{name:40} {share:7.1%} {(1 - share) ** args.budget:12.2%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
