"""The pytest plugin under pytest-xdist: scenario files spread over workers, each with its own world
(its own fakes on their own ports and its own SUT), and every item passes as it does alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_scenarios_run_on_two_xdist_workers(tmp_path: Path) -> None:
    pytest.importorskip("xdist", reason="pytest-xdist is not installed (pip install -e '.[test]')")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-n",
            "2",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(tmp_path),
            "--ats-profile",
            str(ROOT / "examples" / "reference_integration" / "profile.yaml"),
            "--ats-reports",
            str(tmp_path / "reports"),
            str(ROOT / "scenarios" / "communication"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "6 passed" in done.stdout
    runs = [d for d in (tmp_path / "reports").iterdir() if d.is_dir()]
    assert len(runs) == 2, runs  # one world and one run per worker
