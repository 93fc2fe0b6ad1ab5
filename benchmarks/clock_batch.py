"""Benchmark: journeys that move the virtual clock, one at a time (``--serial-clock``) against together in
one batch (the default: harness/engine/clockbatch.py), on the same scenario in the same moment.

    python -m benchmarks.clock_batch [--journeys 16] [--rounds 2]

The scenario (benchmarks/scenarios/day_of_interviews.yaml) has every journey move the clock twice; both
modes must pass it. Reports wall time, journeys/s, jumps and the largest overshoot of a jump, and the
speed-up as a ratio of two runs made side by side. Writes benchmarks/results/clock_batch.json and .md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from harness.engine.runner import Runner, RunOptions

from .certify_suite import machine

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "benchmarks" / "scenarios" / "day_of_interviews.yaml"


def play(journeys: int, serial: bool, work: Path | None = None) -> tuple[Any, float]:
    """The scenario with this many journeys against the reference; the run's result and its wall time.
    ``work``: where the scenario and the SUT's output go (a new temporary folder by default)."""
    work = work or Path(tempfile.mkdtemp(prefix="ats-clock-bench-"))
    (work / "scenarios").mkdir()
    text = SCENARIO.read_text().replace("journeys: 16", f"journeys: {journeys}")
    (work / "scenarios" / SCENARIO.name).write_text(text)
    options = RunOptions(
        profile=ROOT / "examples/reference_integration/profile.yaml",
        paths=[work / "scenarios"],
        reporters=[],
        write=False,
        reports_dir=work / "runs",
        serial_clock=serial,
    )
    started = time.perf_counter()
    result = Runner(options).run()
    return result, time.perf_counter() - started


def one_run(journeys: int, serial: bool) -> dict[str, object]:
    result, wall = play(journeys, serial)
    batch = result.environment.get("clock_batch")
    return {
        "mode": "serial" if serial else "batch",
        "journeys": len(result.journeys),
        "passed": result.passed,
        "wall_s": round(wall, 2),
        "journeys_per_s": round(len(result.journeys) / wall, 2),
        "jumps": batch.get("jumps") if isinstance(batch, dict) else 2 * len(result.journeys),
        "largest_overshoot_s": batch.get("largest_overshoot_s") if isinstance(batch, dict) else 0.0,
        "time_control": result.environment["time_control"]["why"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--journeys", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    runs = []
    for _ in range(args.rounds):
        for serial in (True, False):
            runs.append(one_run(args.journeys, serial))
            print(runs[-1], flush=True)
    serial_s = statistics.median(r["wall_s"] for r in runs if r["mode"] == "serial")
    batch_s = statistics.median(r["wall_s"] for r in runs if r["mode"] == "batch")
    summary = {
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d"),
        "journeys": args.journeys,
        "runs": runs,
        "median_serial_s": serial_s,
        "median_batch_s": batch_s,
        "speedup": round(serial_s / batch_s, 2),
    }
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "clock_batch.json").write_text(json.dumps(summary, indent=2) + "\n")
    lines = [
        f"Machine: {summary['machine']}; {summary['date']}; {args.journeys} journeys that each move the clock "
        f"twice; batch x{summary['speedup']} against one at a time (medians, runs alternated).",
        "",
        "| mode | journeys | passed | wall s | journeys/s | clock jumps | largest overshoot s |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['mode']} | {r['journeys']} | {r['passed']} | {r['wall_s']} | {r['journeys_per_s']} | {r['jumps']} "
        f"| {r['largest_overshoot_s']} |"
        for r in runs
    ]
    (out / "clock_batch.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
