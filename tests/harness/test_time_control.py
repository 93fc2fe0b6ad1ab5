"""Time control without an OS package, and what a run says and records when it is lost anyway."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rich.console import Console

from harness import faketime
from harness.cli import main
from harness.engine.runner import Runner, RunOptions
from harness.report.console import ConsoleReporter

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "examples" / "reference_integration" / "profile.yaml"

# A journey that moves the virtual clock and still passes on wall time: its verdict
# is not to be trusted when the SUT does not see the jump, so the report marks it.
CLOCK_SCENARIO = """\
scenario: 1
name: application then a week passes
layer: communication
steps:
  - apply: {}
  - expect: {email: {kind: application_confirmation, to: candidate, count: 1}, within: 10s}
  - advance_clock: 7d
"""

needs_compiler = pytest.mark.skipif(
    faketime.vendored_source() is None or faketime._compiler() is None or not sys.platform.startswith("linux"),
    reason="needs the libfaketime package and a C compiler",
)


@needs_compiler
def test_the_pypi_package_builds_a_libfaketime_that_moves_a_threads_clock(tmp_path, monkeypatch):
    monkeypatch.setenv("ATS_HARNESS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv(faketime.ENV_VAR, "pypi")  # the OS package, if installed, plays no part
    path, why = faketime.locate()
    assert path, why
    assert Path(path).name == "libfaketimeMT.so.1"
    assert Path(path).is_relative_to(tmp_path / "cache")
    stamp = tmp_path / "faketime.txt"
    stamp.write_text("@2031-05-06 07:08:09\n")
    probe = (
        "import datetime, threading\n"
        "seen = []\n"
        "t = threading.Thread(target=lambda: seen.append(datetime.datetime.now().year)); t.start(); t.join()\n"
        "print(datetime.datetime.now().year, seen[0])\n"
    )
    env = {**os.environ, "LD_PRELOAD": path, "FAKETIME_TIMESTAMP_FILE": str(stamp), "FAKETIME_NO_CACHE": "1"}
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["2031", "2031"], out.stderr
    # Built once: a second lookup reuses the cached library.
    before = Path(path).stat().st_mtime_ns
    assert faketime.locate()[0] == path
    assert Path(path).stat().st_mtime_ns == before


@needs_compiler
def test_the_pypi_build_comes_before_the_os_package(tmp_path, monkeypatch):
    fake_os_lib = tmp_path / "os" / "libfaketimeMT.so.1"
    fake_os_lib.parent.mkdir()
    fake_os_lib.write_bytes(b"")
    monkeypatch.setattr(faketime, "OS_LIBS", (str(fake_os_lib),))
    monkeypatch.setenv("ATS_HARNESS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv(faketime.ENV_VAR, raising=False)
    assert Path(faketime.locate()[0]).is_relative_to(tmp_path / "cache")
    monkeypatch.setenv(faketime.ENV_VAR, "os")
    assert faketime.locate()[0] == str(fake_os_lib)


def test_without_the_package_the_os_library_is_the_fallback_and_the_reason_names_both(tmp_path, monkeypatch):
    monkeypatch.delenv(faketime.ENV_VAR, raising=False)
    monkeypatch.setattr(faketime, "vendored_source", lambda: None)
    monkeypatch.setattr(faketime, "OS_LIBS", ())
    path, why = faketime.locate()
    assert path is None
    assert "pip install libfaketime" in why and "apt-get install faketime" in why
    fallback = tmp_path / "libfaketime.so.1"
    fallback.write_bytes(b"")
    monkeypatch.setattr(faketime, "OS_LIBS", (str(fallback),))
    assert faketime.locate() == (str(fallback), "")


def test_off_and_a_missing_path_are_said_plainly(tmp_path, monkeypatch):
    monkeypatch.setenv(faketime.ENV_VAR, "off")
    assert faketime.locate() == (None, "time control is off (ATS_HARNESS_LIBFAKETIME=off)")
    monkeypatch.setenv(faketime.ENV_VAR, str(tmp_path / "nope.so"))
    path, why = faketime.locate()
    assert path is None and "nope.so" in why


def _run(tmp_path: Path, out: io.StringIO) -> Runner:
    scenario = tmp_path / "clock.yaml"
    scenario.write_text(CLOCK_SCENARIO)
    options = RunOptions(
        profile=PROFILE,
        paths=[scenario],
        reports_dir=tmp_path / "reports",
        reporters=[ConsoleReporter(Console(file=out, width=300, highlight=False))],
    )
    runner = Runner(options)
    runner.run()
    return runner


def test_lost_time_control_is_said_first_marked_everywhere_and_replayed(tmp_path, monkeypatch):
    monkeypatch.setenv(faketime.ENV_VAR, "off")
    out = io.StringIO()
    runner = _run(tmp_path, out)
    lines = out.getvalue().splitlines()
    # The header names the started SUT (not "sut -") and the lost clock, before any journey.
    assert "sut command" in lines[0], lines[0]
    assert lines[1].startswith("time control lost: time control is off"), lines[:3]
    assert "[wall clock: time control lost]" in lines[2]
    verdict = out.getvalue()[out.getvalue().rindex("PASSED") :]
    assert "time control lost" in verdict and "1 journey marked [wall clock]" in verdict

    report = json.loads((runner.out_dir / "report.json").read_text())
    assert report["environment"]["time_control"]["virtual"] is False
    journey = report["journeys"][0]
    assert journey["lost_time_control"] is True
    assert all(c["lost_time_control"] for c in journey["checks"])
    case = ET.parse(runner.out_dir / "junit.xml").getroot().find(".//testcase")
    assert case is not None
    assert case.find("properties/property[@name='time_control']").get("value").startswith("lost")
    html = (runner.out_dir / "report.html").read_text()
    assert "wall clock: time control lost" in html

    # The replay runs under the same (lost) clock even where libfaketime is available now.
    monkeypatch.delenv(faketime.ENV_VAR)
    monkeypatch.chdir(tmp_path)  # the recorded command writes to ./reports
    assert main(["replay", str(runner.out_dir)]) == 0
    assert os.environ.get(faketime.ENV_VAR) is None, "replay leaves the environment as it found it"
    replayed = [p for p in (tmp_path / "reports").glob("*/report.json") if p.parent != runner.out_dir]
    assert replayed
    again = json.loads(max(replayed, key=lambda p: p.stat().st_mtime).read_text())
    assert again["time_control"].startswith("lost: time control is off")
    assert again["journeys"][0]["lost_time_control"] is True


@needs_compiler
def test_a_run_with_time_control_marks_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(faketime.ENV_VAR, "pypi")
    out = io.StringIO()
    runner = _run(tmp_path, out)
    report = json.loads((runner.out_dir / "report.json").read_text())
    assert report["time_control"].startswith("virtual")
    assert report["environment"]["time_control"]["libfaketime"].endswith("libfaketimeMT.so.1")
    assert report["journeys"][0]["lost_time_control"] is False
    assert "wall clock" not in out.getvalue()


def test_no_os_faketime_is_needed_by_ci():
    ci = (ROOT / ".ci" / "run").read_text()
    installs = [line for line in ci.splitlines() if "apt-get install" in line]
    assert installs and not any(" faketime" in line for line in installs), installs


def test_the_console_marks_a_failed_journey_that_ran_on_wall_time():
    from harness.results import FAILED, CheckFailure, CheckResult, Event, JourneyResult, RunResult

    run = RunResult("r1", 0, "ats-harness run x", "2026-03-02T09:00:00Z", time_control="lost: no libfaketime")
    journey = JourneyResult("booking", "booking-1", "scheduling", lost_time_control=True)
    journey.checks.append(CheckResult("expectations", FAILED, [CheckFailure("expectations", "no note")]))
    journey.finish()
    run.journeys.append(journey)
    out = io.StringIO()
    reporter = ConsoleReporter(Console(file=out, width=300, highlight=False), quiet=True)
    reporter.handle(Event("run_started", run))
    reporter.handle(Event("journey_finished", run, journey))
    reporter.handle(Event("run_finished", run))
    text = out.getvalue()
    assert text.splitlines()[0] == "time control lost: no libfaketime"  # first, even when quiet
    assert "booking-1  (Scheduling, scenario booking)  [wall clock: time control lost: no libfaketime]" in text
    assert "1 journey marked [wall clock] may owe its verdict to it" in text
