"""Benchmark: fuzz examples per second against the reference integration, started as a process over
loopback sockets and built in-process (no sockets).

    python -m benchmarks.fuzz_examples [--examples 20] [--seed 0]

Both modes play the same generated journeys (same seed, no example database) and must find nothing.
Writes benchmarks/results/fuzz_examples.json and .md. Not a test: the machine is shared, so the numbers
are for reading, not for asserting.
"""

from __future__ import annotations

import argparse
import io
import json
import time
from pathlib import Path

from harness.fuzz import FuzzOptions, fuzz

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "examples" / "reference_integration" / "profile.yaml"
MODES = {"loopback (SUT process)": None, "in-process (ASGI, no sockets)": "examples.reference_integration:create_app"}


def one(mode: str, examples: int, seed: int) -> dict[str, object]:
    options = FuzzOptions(
        profile=PROFILE, max_examples=examples, seed=seed, db="none", quiet=True, in_process=MODES[mode]
    )
    started = time.perf_counter()
    result = fuzz(options, io.StringIO())
    wall = time.perf_counter() - started
    return {
        "mode": mode,
        "examples": result.examples,
        "failures": sorted(result.found),
        "wall_s": round(wall, 2),
        "examples_per_s": round(result.examples / wall, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rows = [one(mode, args.examples, args.seed) for mode in MODES]
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "fuzz_examples.json").write_text(json.dumps(rows, indent=2) + "\n")
    lines = ["| mode | examples | failures | wall s | examples/s |", "|---|---|---|---|---|"]
    lines += [
        f"| {r['mode']} | {r['examples']} | {', '.join(r['failures']) or '-'} | {r['wall_s']} | {r['examples_per_s']} |"  # type: ignore[arg-type]
        for r in rows
    ]
    (out / "fuzz_examples.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
