"""SIGTERM (a CI runner's timeout) and SIGHUP (a closed terminal) stop certify the way Ctrl-C does."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _group_members(pgid: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                members.append(int(entry.name))
    return members


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_signal_mid_certify_leaves_a_partial_report_and_no_sut(tmp_path: Path, sig: int, code: int) -> None:
    reports = tmp_path / "reports"
    proc = subprocess.Popen(
        [sys.executable, "-m", "harness", "certify", "--reports", str(reports), "--concurrency", "2"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in proc.stdout or ():
            lines.put(line)
        lines.put("")  # end of output

    threading.Thread(target=pump, daemon=True).start()
    seen: list[str] = []
    port = None
    finished = 0
    deadline = time.monotonic() + 120
    try:
        while finished < 3 and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                assert proc.poll() is None, "certify ended before the signal:\n" + "".join(seen)
                continue
            assert line, "certify ended before the signal:\n" + "".join(seen)
            seen.append(line)
            match = re.search(r"sut command .* at http://127\.0\.0\.1:(\d+)", line)
            if match:
                port = int(match.group(1))
            if line[:1] in "✓✗!":
                finished += 1
        assert port is not None and finished >= 3, "".join(seen)
        sut = [pid for pid in _children(proc.pid) if os.getpgid(pid) == pid]  # the SUT leads its own group
        assert sut, "the started SUT is a child of certify in a process group of its own"
        assert _listening(port)
        proc.send_signal(sig)
        assert proc.wait(60) == code
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    out = "".join(seen) + "".join(iter(lambda: lines.get(timeout=30), ""))
    if proc.stdout is not None:
        proc.stdout.close()
    assert "PARTIAL" in out, out[-2000:]
    folder = next(reports.iterdir())
    report = json.loads((folder / "report.json").read_text())
    assert report["partial"] is True
    assert f"stopped by {signal.Signals(sig).name}" in report["partial_reason"]
    assert report["journeys"], "the journeys that finished are in the report"
    assert (folder / "junit.xml").exists() and (folder / "report.html").exists()
    assert not _group_members(sut[0]), "no process of the SUT's group is left"
    assert not _listening(port)
