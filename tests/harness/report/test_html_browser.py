"""Open the HTML report in real headless Chromium: it must parse, lay out and show its verdicts."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from harness.report.writer import write_reports

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists() and shutil.which("chromium") is None,
        reason="headless Chromium is not installed (apt-get install -y chromium)",
    ),
]


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    binary = CHROMIUM if Path(CHROMIUM).exists() else str(shutil.which("chromium"))
    command = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


@pytest.fixture
def report(tmp_path, failing_run, make) -> Path:
    failing_run.journeys.append(make.error_journey())
    return write_reports(failing_run, tmp_path / "reports")["html"]


def test_rendered_dom_has_the_verdicts(tmp_path, report, elements):
    dom = chromium(tmp_path, "--dump-dom", report.as_uri()).stdout
    found = elements(dom)
    tags = [t for t, _ in found]
    assert "script" not in tags  # the candidate named <script> stayed text after a real parser read it
    assert "&lt;script&gt;alert" in dom
    by_id = {a["id"]: a for _, a in found if "id" in a}
    assert by_id["overall-verdict"]["data-verdict"] == "error"
    assert "replay-command" in by_id and "signoff" in by_id
    layers = {a["data-layer"]: a["data-verdict"] for _, a in found if "data-layer" in a}
    assert layers == {
        "communication": "passed",
        "scheduling": "not_run",
        "documents": "failed",
        "hris_sync": "failed",
        "reporting": "passed",
        "end_to_end": "error",
    }
    criteria = {a["data-criterion"]: a["data-verdict"] for _, a in found if "data-criterion" in a}
    assert criteria["offer_documents"] == "failed"
    assert criteria["recruiter_time"] == "not_measurable"
    assert dom.count('<mark class="d">') >= 4


def test_screenshot_renders(tmp_path, report):
    png = tmp_path / "report.png"
    chromium(tmp_path, f"--screenshot={png}", "--window-size=1280,2000", report.as_uri())
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 2000)
    assert len(data) > 50_000  # a blank page compresses to a few KB; a laid-out report does not
