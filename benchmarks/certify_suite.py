"""Benchmark: ``ats-harness certify`` on the whole suite against the reference integration.

    python -m benchmarks.certify_suite [--rounds 3] [--concurrency 4]

Reports wall time, journeys per second, and the share of wall time the
harness itself spent: the CPU seconds of the harness process (engine and
fakes) over wall time, beside the CPU seconds of the integration. Writes
benchmarks/results/certify.json and .md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

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


def one_round(seed: int, concurrency: int) -> dict[str, float]:
    options = RunOptions(
        profile=ROOT / "examples/reference_integration/profile.yaml",
        paths=[ROOT / "scenarios"],
        seed=seed,
        concurrency=concurrency,
        reporters=[],
        write=False,
        certify=True,
    )
    started = time.perf_counter()
    result = Runner(options).run()
    wall = time.perf_counter() - started
    journeys = len(result.journeys)
    return {
        "seed": seed,
        "passed": result.passed,
        "journeys": journeys,
        "wall_s": round(wall, 2),
        "journeys_per_s": round(journeys / wall, 2),
        "harness_cpu_s": result.environment["cpu_s"]["harness_and_fakes"],
        "sut_cpu_s": result.environment["cpu_s"]["sut"],
        "harness_share": round(result.harness_s / result.duration_s, 3) if result.duration_s else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    rounds = [one_round(seed, args.concurrency) for seed in range(args.rounds)]
    for r in rounds:
        print(r, flush=True)
    summary = {
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d"),
        "concurrency": args.concurrency,
        "rounds": rounds,
        "median_wall_s": statistics.median(r["wall_s"] for r in rounds),
        "median_journeys_per_s": statistics.median(r["journeys_per_s"] for r in rounds),
        "median_harness_share": statistics.median(r["harness_share"] for r in rounds),
    }
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "certify.json").write_text(json.dumps(summary, indent=2) + "\n")
    lines = [
        f"Machine: {summary['machine']}; {summary['date']}; concurrency {args.concurrency}.",
        "",
        "| seed | journeys | passed | wall s | journeys/s | harness CPU s | SUT CPU s | harness share of wall |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['seed']} | {r['journeys']} | {r['passed']} | {r['wall_s']} | {r['journeys_per_s']} "
        f"| {r['harness_cpu_s']} | {r['sut_cpu_s']} | {r['harness_share']:.1%} |"
        for r in rounds
    ]
    (out / "certify.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
