"""Benchmark: ``ats-harness certify`` on the whole suite against the reference integration.

    python -m benchmarks.certify_suite [--rounds 3] [--concurrency N|auto] [--baseline N|auto]
                                       [--sut slow|slow-serial] [--delay 0.25]

Reports wall time, journeys per second, the share of wall time the harness
itself spent (the CPU seconds of the harness process, engine and fakes, over
wall time) beside the CPU seconds of the integration, and the waiting share
(the part of all journeys' time spent waiting on the SUT). ``--baseline C``
also runs each round at concurrency C, in the same process and moment, so
the speed-up is a ratio measured side by side rather than against numbers
from another day. Writes benchmarks/results/certify.json and .md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from harness.cli import concurrency_arg
from harness.engine.runner import Runner, RunOptions

ROOT = Path(__file__).resolve().parent.parent


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


SUTS = {
    "reference": None,  # the profile's own command
    "slow": "python -m benchmarks.slow_sut",  # every webhook answered --delay seconds later, in parallel
    "slow-serial": "python -m benchmarks.slow_sut",  # ...and one at a time
}


def slow_sut_env(delay: float, serial: bool) -> dict[str, str]:
    """What benchmarks/slow_sut.py reads, and the path it is found on from any folder."""
    return {"PYTHONPATH": str(ROOT), "SLOW_SUT_DELAY_S": str(delay), "SLOW_SUT_SERIAL": "1" if serial else ""}


def answer_times(answers: dict[str, object]) -> str:
    return f"{answers['median_ms']} / {answers['p90_ms']}" if answers.get("count") else ""


def one_round(seed: int, concurrency: int | None, sut: str = "reference", delay: float = 0.25) -> dict[str, object]:
    options = RunOptions(
        sut_command=SUTS[sut],
        sut_env=slow_sut_env(delay, serial=sut == "slow-serial") if SUTS[sut] else {},
        profile=ROOT / "examples/reference_integration/profile.yaml",
        paths=[ROOT / "scenarios"],
        seed=seed,
        concurrency=concurrency,
        reporters=[],
        write=False,
        certify=True,
        reports_dir=Path(tempfile.mkdtemp(prefix="ats-bench-")),  # the SUT's output: not in the checkout
    )
    started = time.perf_counter()
    result = Runner(options).run()
    wall = time.perf_counter() - started
    journeys = len(result.journeys)
    journey_time = sum(j.duration_s for j in result.journeys) or 1.0
    chosen = result.environment["concurrency"]
    return {
        "seed": seed,
        "sut": sut if sut == "reference" else f"{sut} (+{delay} s per webhook)",
        "concurrency": "auto" if concurrency is None else concurrency,
        "at_once": (
            f"{chosen['start']}->{chosen['final']} ({chosen['lowest']}-{chosen['highest']})"
            if chosen["mode"].startswith("auto")
            else str(chosen["journeys_at_once"])
        ),
        "sut_answer_ms": answer_times(chosen["sut_answers"]),
        "passed": result.passed,
        "journeys": journeys,
        "wall_s": round(wall, 2),
        "journeys_per_s": round(journeys / wall, 2),
        "harness_cpu_s": result.environment["cpu_s"]["harness_and_fakes"],
        "sut_cpu_s": result.environment["cpu_s"]["sut"],
        "harness_share": round(result.harness_s / result.duration_s, 3) if result.duration_s else 0.0,
        "waiting_share": round(result.environment.get("waiting_on_sut_s", 0.0) / journey_time, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=concurrency_arg, default=None, help="a number or auto (default)")
    parser.add_argument(
        "--baseline",
        type=concurrency_arg,
        default=argparse.SUPPRESS,  # absent: no baseline (None would mean auto)
        help="also run every round at this concurrency (a number or auto), for a ratio",
    )
    parser.add_argument("--sut", choices=sorted(SUTS), default="reference")
    parser.add_argument("--delay", type=float, default=0.25, help="seconds a slow SUT adds to every webhook")
    parser.add_argument("--out", default="certify", help="results file name under benchmarks/results/ (no suffix)")
    args = parser.parse_args()
    with_baseline = hasattr(args, "baseline")
    baseline = getattr(args, "baseline", None)
    rounds = []
    mine, base = [], []
    for seed in range(args.rounds):
        if with_baseline:
            base.append(one_round(seed, baseline, args.sut, args.delay))
            rounds.append(base[-1])
            print(rounds[-1], flush=True)
        mine.append(one_round(seed, args.concurrency, args.sut, args.delay))
        rounds.append(mine[-1])
        print(rounds[-1], flush=True)
    label = "auto" if args.concurrency is None else args.concurrency
    base_label = "auto" if baseline is None else baseline
    summary = {
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d"),
        "concurrency": label,
        "rounds": rounds,
        "median_wall_s": statistics.median(r["wall_s"] for r in mine),
        "median_journeys_per_s": statistics.median(r["journeys_per_s"] for r in mine),
        "median_harness_share": statistics.median(r["harness_share"] for r in mine),
        "median_waiting_share": statistics.median(r["waiting_share"] for r in mine),
    }
    if base:
        summary["baseline_median_journeys_per_s"] = statistics.median(r["journeys_per_s"] for r in base)
        summary["speedup"] = round(summary["median_journeys_per_s"] / summary["baseline_median_journeys_per_s"], 2)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{args.out}.json").write_text(json.dumps(summary, indent=2) + "\n")
    lines = [
        f"Machine: {summary['machine']}; {summary['date']}; concurrency {label}"
        + (f" (baseline {base_label}: x{summary['speedup']} journeys/s)." if base else "."),
        "",
        "| seed | SUT | concurrency | at once (start->end, range) | journeys | passed | wall s | journeys/s "
        "| SUT answer ms (median / p90) | harness CPU s | SUT CPU s | harness share of wall | waiting share |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['seed']} | {r['sut']} | {r['concurrency']} | {r['at_once']} | {r['journeys']} | {r['passed']} "
        f"| {r['wall_s']} | {r['journeys_per_s']} | {r['sut_answer_ms']} "
        f"| {r['harness_cpu_s']} | {r['sut_cpu_s']} | {r['harness_share']:.1%} | {r['waiting_share']:.1%} |"
        for r in rounds
    ]
    (out / f"{args.out}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
