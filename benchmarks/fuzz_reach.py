"""How often the fuzz generators draw what shows each fuzz-only variant's bug, without running anything.

A fuzz test with a fixed seed and a bounded budget is only as good as the generator's reach: a pattern that
one example in 70 holds is found in 40 examples by luck (about one seed in two), and a new Hypothesis release,
which turns the same seed into other draws, loses it. This script draws examples from the same strategies
``ats-harness fuzz`` uses and counts, per variant of ``examples.detection_matrix.FUZZ_ONLY`` (and the stateful
overwrite-after-hire program), the share of examples that hold the variant's trigger:

    python -m benchmarks.fuzz_reach                 # 20 seeds, 60 examples each
    python -m benchmarks.fuzz_reach --seeds 50 --budget 40

It prints the share of examples holding each trigger and how many seeds' runs of BUDGET examples miss it
altogether (what a fuzz test with a fixed seed risks when a new Hypothesis release draws differently).
``tests/harness/fuzz/test_reach.py`` keeps the misses at zero or one in ten seeds.
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
STATEFUL = "hris_overwrite_after_hire (stateful)"
HR_FIELDS = ("pay_rate", "job_title", "department")  # what hr_edits may change, as scenario files name them
PROFILE = ROOT / "examples" / "reference_integration" / "profile.yaml"


def _kinds(doc: dict[str, Any]) -> list[str]:
    return [next(iter(step)) for step in doc["steps"]]


def _fidelity_judged(profile: Profile, doc: dict[str, Any]) -> bool:
    """Every journey syncs and no HR edit follows (the examples where field fidelity is judged)."""
    return all(in_range(profile, r) for r in doc["data"]["records"]) and "hr_edit" not in _kinds(doc)


def _hr_edit_then(doc: dict[str, Any], later: str, fields: tuple[str, ...]) -> bool:
    """An HR edit of any of ``fields`` with a ``later`` step somewhere after it."""
    kinds = _kinds(doc)
    for i, kind in enumerate(kinds):
        if kind == "hr_edit" and set(fields) & set(doc["steps"][i]["hr_edit"]["fields"]) and later in kinds[i + 1 :]:
            return True
    return False


def _pay_edit_then_at_once(doc: dict[str, Any], next_step: str) -> bool:
    """An HR edit of the pay whose next step that is not a wait or an expectation is ``next_step``: nothing
    a person does comes between (each person's action moves the virtual clock a second, waits do not)."""
    kinds = _kinds(doc)
    for i, kind in enumerate(kinds):
        if kind == "hr_edit" and "pay_rate" in doc["steps"][i]["hr_edit"]["fields"]:
            after = [k for k in kinds[i + 1 :] if k not in ("wait", "expect", "expect_none")]
            if after and after[0] == next_step:
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
        # the duplicated hire delivery in the same virtual second as HR's edit of the pay
        "same_second_resync": lambda d: _pay_edit_then_at_once(d, "redeliver"),
    }


def reach(profile: Profile, budget: int, seeds: int) -> dict[str, tuple[float, int]]:
    """Per trigger: (share of examples holding it, seeds whose first ``budget`` examples all miss it), over
    ``seeds`` runs of ``budget`` examples each (journeys for the fuzz-only variants, programs for the
    stateful overwrite). Hypothesis starts a run with simpler draws, so a run's first examples are what a
    bounded budget gets: the misses per seed are the figure that matters, the share is for reading."""
    tests = triggers(profile)
    names = [*tests, STATEFUL]
    hits: Counter[str] = Counter()  # triggers held, and "examples" / "programs" drawn, over every seed
    misses: Counter[str] = Counter()
    config = settings(
        max_examples=budget,
        database=None,
        phases=(Phase.generate,),
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    for k in range(seeds):
        run = _one_seed(profile, tests, config, k)
        hits.update(run)
        for name in names:
            misses[name] += run[name] == 0
    return {
        name: (hits[name] / max(hits["programs" if name == STATEFUL else "examples"], 1), misses[name])
        for name in names
    }


def _one_seed(
    profile: Profile, tests: dict[str, Callable[[dict[str, Any]], bool]], config: settings, k: int
) -> Counter[str]:
    """One seed's run of the journey generator and of the state machine: examples, programs, triggers held."""
    from hypothesis import seed as with_seed

    from harness.fuzz.stateful import machine

    run: Counter[str] = Counter()

    @with_seed(k)
    @config
    @given(journeys(profile, "hris_sync"))
    def draw(doc: dict[str, Any]) -> None:
        run["examples"] += 1
        for name, holds in tests.items():
            run[name] += holds(doc)

    draw()

    def play(doc: dict[str, Any]) -> None:
        run["programs"] += 1
        kinds = _kinds(doc)
        after_hire = {"steps": doc["steps"][kinds.index("hire") :]} if "hire" in kinds else {"steps": []}
        run[STATEFUL] += _hr_edit_then(after_hire, "update_application", HR_FIELDS)

    factory = machine(profile, play)
    factory._hypothesis_internal_use_seed = k  # type: ignore[attr-defined]  # what @seed sets
    run_state_machine_as_test(factory, settings=settings(config, stateful_step_count=12))
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fuzz_reach", description=__doc__.split("\n\n")[0])
    parser.add_argument("--budget", type=int, default=60, help="examples per run (the fuzz tests' budget)")
    parser.add_argument("--seeds", type=int, default=20, help="runs, one per seed")
    args = parser.parse_args(argv)
    shares = reach(load_profile(PROFILE), args.budget, args.seeds)
    print(f"{'variant':40} {'share':>7} {'seeds missing it':>17}")
    for name, (share, missed) in shares.items():
        print(f"{name:40} {share:7.1%} {missed:>10} of {args.seeds}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
