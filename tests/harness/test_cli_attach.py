"""The README's `up` + `--fakes` + `--sut-url` example, end to end: one `up`, one SUT, several runs.

The commands are the README's, with two substitutions so that tests running
side by side never fight over ports: `up` takes free ports (`--any-port`
instead of the default 8701...) and the SUT a free port instead of 9000.
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import re
import shlex
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HARNESS = [sys.executable, "-m", "harness"]
README_LINES = (
    "ats-harness up --env-file fakes.env &",
    "set -a; . ./fakes.env; set +a",
    "PORT=9000 python -m examples.reference_integration &",
    "ats-harness run scenarios/hris_sync --fakes http://127.0.0.1:8701 --sut-url http://127.0.0.1:9000",
    "ats-harness run scenarios/communication --fakes http://127.0.0.1:8701 --sut-url http://127.0.0.1:9000",
)
SCENARIOS = ("communication/application_confirmation.yaml", "communication/rejection.yaml")


def parse_exports(text: str) -> dict[str, str]:
    """The ``export NAME=value`` lines `up --env-file` writes (values quoted over several lines)."""
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    tokens = list(lexer)
    return dict(t.partition("=")[::2] for p, t in itertools.pairwise(tokens) if p == "export")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(predicate, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"{what} did not happen within {timeout:g} s"
        time.sleep(0.1)


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class _Proc:
    def __init__(self, argv: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        self._file = open(log, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=self._file, stderr=subprocess.STDOUT)

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._file.close()


def test_the_readme_shows_the_commands_this_test_runs():
    readme = (ROOT / "README.md").read_text()
    for line in README_LINES:
        assert line in readme, line


@pytest.fixture
def up_and_sut(tmp_path: Path):  # type: ignore[no-untyped-def]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env_file = tmp_path / "fakes.env"
    # README: ats-harness up --env-file fakes.env &   (with --any-port)
    up = _Proc([*HARNESS, "up", "--env-file", str(env_file), "--any-port"], env, tmp_path / "up.log")
    sut = None
    try:
        _wait_for(lambda: env_file.exists() and "# control plane" in up.text(), 60, "ats-harness up")
        # README: set -a; . ./fakes.env; set +a ; PORT=9000 python -m examples.reference_integration &
        contract = parse_exports(env_file.read_text())
        port = _free_port()
        sut = _Proc(
            [sys.executable, "-m", "examples.reference_integration"],
            {**env, **contract, "PORT": str(port)},
            tmp_path / "sut.log",
        )
        _wait_for(lambda: "ready on" in sut.text(), 60, "the reference integration")
        yield contract["GREENHOUSE_BASE_URL"], f"http://127.0.0.1:{port}", up, sut
    finally:
        if sut is not None:
            sut.stop()
        up.stop()


def _run(folder: Path, reports: Path, fakes: str, sut_url: str) -> tuple[int, str]:
    # README: ats-harness run <folder> --fakes http://127.0.0.1:8701 --sut-url http://127.0.0.1:9000
    done = subprocess.run(
        [*HARNESS, "run", str(folder), "--fakes", fakes, "--sut-url", sut_url, "--reports", str(reports)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.returncode, done.stdout + done.stderr


def test_one_up_one_sut_and_several_runs(tmp_path: Path, up_and_sut) -> None:  # type: ignore[no-untyped-def]
    fakes, sut_url, up, sut = up_and_sut
    folder = tmp_path / "scenarios"
    folder.mkdir()
    for name in SCENARIOS:
        (folder / Path(name).name).write_text((ROOT / "scenarios" / name).read_text())
    reports = tmp_path / "reports"

    code, out = _run(folder, reports, fakes, sut_url)
    assert code == 0, out
    assert "PASSED  3 passed" in out
    assert f"sut url {sut_url}" in out
    first = json.loads(next(reports.glob("*/report.json")).read_text())
    assert first["passed"] is True
    assert shlex.split(first["command"])[-2:] == ["--fakes", fakes], "replay attaches to the same fakes"
    # The SUT really was driven by those fakes: its webhooks came from up's Greenhouse.
    assert any(j["timeline"] for j in first["journeys"])

    # A second run on the same up and SUT meets new candidates and passes too.
    code, out = _run(folder, reports, fakes, sut_url)
    assert code == 0, out
    assert re.search(r"application-confirmation-goes-ou-\w+-1-r2", out), out

    # A SUT URL where nothing listens: a clear error naming it, before any journey.
    dead = f"http://127.0.0.1:{_free_port()}"
    code, out = _run(folder, reports, fakes, dead)
    assert code == 2, out
    assert f"the SUT at {dead} is not reachable" in out
    assert "✓" not in out and "✗" not in out

    # Fakes that are not there: said so, naming the URL.
    code, out = _run(folder, reports, f"http://127.0.0.1:{_free_port()}", sut_url)
    assert code == 2 and "no ats-harness fakes answer at" in out, out
    assert up.proc.poll() is None and sut.proc.poll() is None, "up and the SUT outlive the runs"


def test_a_signal_stops_an_attached_run_and_keeps_its_report(tmp_path: Path, up_and_sut) -> None:  # type: ignore[no-untyped-def]
    fakes, sut_url, up, _ = up_and_sut
    reports = tmp_path / "reports"
    proc = subprocess.Popen(
        [*HARNESS, "run", "scenarios/hris_sync", "--fakes", fakes, "--sut-url", sut_url, "--reports", str(reports)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"},
    )
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in proc.stdout or ():
            lines.put(line)
        lines.put("")

    threading.Thread(target=pump, daemon=True).start()
    try:
        while True:
            line = lines.get(timeout=120)
            assert line, "the run ended before the signal"
            if line[:1] in "✓✗!":
                break
        proc.terminate()
        assert proc.wait(120) == 143
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    report = json.loads(next(reports.glob("*/report.json")).read_text())
    assert report["partial"] is True and "stopped by the client" in report["partial_reason"]
    assert up.proc.poll() is None, "the fakes keep serving"
    # ...and take the next run.
    code, out = _run(ROOT / "scenarios" / "communication", tmp_path / "again", fakes, sut_url)
    assert code == 0, out
    assert _listening(int(sut_url.rsplit(":", 1)[1]))


def test_an_unreachable_sut_url_is_named_before_any_journey(tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{_free_port()}"
    reports = tmp_path / "reports"
    code, out = _run_local(ROOT / "scenarios" / "communication", reports, dead)
    assert code == 2, out
    assert f"ats-harness: the SUT at {dead} is not reachable" in out
    report = json.loads(next(reports.glob("*/report.json")).read_text())
    assert report["journeys"] == [] and "not reachable" in report["partial_reason"]
    code, out = _run_local(ROOT / "scenarios" / "communication", reports, "127.0.0.1:9000")
    assert code == 2 and "is not an http(s)://HOST:PORT URL" in out, out


def _run_local(folder: Path, reports: Path, sut_url: str) -> tuple[int, str]:
    done = subprocess.run(
        [*HARNESS, "run", str(folder), "--sut-url", sut_url, "--reports", str(reports)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, done.stdout + done.stderr
