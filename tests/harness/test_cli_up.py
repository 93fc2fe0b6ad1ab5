"""``ats-harness up``: the fakes served as a subprocess, the SUT contract printed as export lines."""

from __future__ import annotations

import itertools
import os
import queue
import shlex
import shutil
import signal
import smtplib
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

CONTRACT = (
    "GREENHOUSE_BASE_URL",
    "GREENHOUSE_API_KEY",
    "GREENHOUSE_USER_ID",
    "GREENHOUSE_WEBHOOK_SECRET",
    "GREENHOUSE_AUTH_URL",
    "GREENHOUSE_CLIENT_ID",
    "GREENHOUSE_CLIENT_SECRET",
    "BAMBOOHR_BASE_URL",
    "BAMBOOHR_COMPANY_DOMAIN",
    "BAMBOOHR_API_KEY",
    "DOCUSIGN_BASE_URL",
    "DOCUSIGN_ACCOUNT_ID",
    "DOCUSIGN_ACCESS_TOKEN",
    "DOCUSIGN_HMAC_KEY",
    "DOCUSIGN_AUTH_URL",
    "DOCUSIGN_INTEGRATION_KEY",
    "DOCUSIGN_USER_ID",
    "DOCUSIGN_PRIVATE_KEY",
    "CALENDLY_BASE_URL",
    "CALENDLY_TOKEN",
    "SLACK_WEBHOOK_URL",
    "SMTP_HOST",
    "SMTP_PORT",
)
URL_VARS = tuple(name for name in CONTRACT if name.endswith("_URL"))
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0


def _command() -> list[str]:
    # ``python -m harness`` runs the checkout under test (a git worktree too), not whichever copy is installed.
    return [sys.executable, "-m", "harness"]


@dataclass
class Up:
    """A running ``ats-harness up`` whose stdout is read line by line on a thread."""

    proc: subprocess.Popen[str]
    started: float
    lines: list[str] = field(default_factory=list)
    _queue: queue.Queue[str | None] = field(default_factory=queue.Queue)
    _pump_thread: threading.Thread | None = None

    def __post_init__(self) -> None:
        self._pump_thread = threading.Thread(target=self._pump, name="ats-harness-up-stdout", daemon=True)
        self._pump_thread.start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def read_until(self, needle: str, timeout: float) -> str:
        """Collect stdout until a line contains ``needle``; return that line."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no line with {needle!r} within {timeout:g} s; got:\n" + "\n".join(self.lines))
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                stderr = self.proc.stderr.read() if self.proc.stderr else ""
                raise AssertionError(
                    f"ats-harness up ended (code {self.proc.wait()}) before {needle!r}; stdout:\n"
                    + "\n".join(self.lines)
                    + f"\nstderr:\n{stderr}"
                )
            self.lines.append(line)
            if needle in line:
                return line

    def stop(self) -> None:
        """Kill it if it still runs, and close its pipes (the pump ends at EOF first)."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)
        if self._pump_thread is not None:
            self._pump_thread.join(10)
        for pipe in (self.proc.stdout, self.proc.stderr):
            if pipe is not None:
                pipe.close()


def start_up(*args: str) -> Up:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [*_command(), "up", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    return Up(proc, started)


def parse_exports(text: str) -> dict[str, str]:
    """The ``export NAME=value`` statements of a shell text (values may be quoted over several lines)."""
    env: dict[str, str] = {}
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    tokens = list(lexer)
    for prev, token in itertools.pairwise(tokens):
        if prev == "export":
            name, sep, value = token.partition("=")
            assert sep, f"export without a value: {token!r}"
            env[name] = value
    return env


@pytest.fixture
def up() -> Iterator[Up]:
    running = start_up("--any-port", "--seed", "3")
    yield running
    running.stop()


def test_up_prints_the_contract_serves_every_fake_and_stops_on_sigint(up: Up, capsys: pytest.CaptureFixture) -> None:
    ready_line = up.read_until("ready in", START_TIMEOUT)
    wall_ms = (time.perf_counter() - up.started) * 1000
    reported_ms = int(ready_line.split("ready in", 1)[1].split("ms", 1)[0].strip())
    with capsys.disabled():
        print(
            f"\n[ats-harness up] reported ready in {reported_ms} ms "
            f"(spawn to ready line, incl. interpreter start-up: {wall_ms:.0f} ms)"
        )
    assert "seed 3" in ready_line

    env = parse_exports("\n".join(up.lines))
    missing = [name for name in CONTRACT if name not in env]
    assert not missing, f"contract variables missing from the export lines: {missing}"
    assert all(env[name] for name in CONTRACT), {n: env[n] for n in CONTRACT if not env[n]}
    for name in URL_VARS:
        parts = urlsplit(env[name])
        assert parts.scheme == "http" and parts.hostname == "127.0.0.1" and parts.port, (name, env[name])
    assert env["SMTP_HOST"] == "127.0.0.1"
    assert env["SMTP_PORT"].isdigit()
    assert env["DOCUSIGN_PRIVATE_KEY"].startswith("-----BEGIN") and "\n" in env["DOCUSIGN_PRIVATE_KEY"]

    control = next(line for line in up.lines if line.startswith("# control plane:"))
    control_url = control.split()[3].rstrip("/")
    assert urlsplit(control_url).hostname == "127.0.0.1"

    with requests.Session() as http:
        http.trust_env = False  # loopback only, whatever proxy the environment names
        _call_every_fake(http, env)
        health = http.get(control_url + "/health", timeout=10)
        assert health.status_code == 200, health.text
        assert health.json()["status"] == "ok"
        assert {"greenhouse", "bamboohr", "docusign", "calendly"} <= set(health.json()["fakes"])

    up.proc.send_signal(signal.SIGINT)
    try:
        code = up.proc.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"ats-harness up did not exit within {STOP_TIMEOUT:g} s of SIGINT")
    up.read_until("# stopped", STOP_TIMEOUT)
    assert code == 0, up.proc.stderr.read() if up.proc.stderr else ""


def _call_every_fake(http: requests.Session, env: dict[str, str]) -> None:
    gh = env["GREENHOUSE_BASE_URL"]
    assert http.get(f"{gh}/v1/jobs", timeout=10).status_code == 401  # auth really is enforced
    jobs = http.get(f"{gh}/v1/jobs", auth=(env["GREENHOUSE_API_KEY"], ""), timeout=10)
    assert jobs.status_code == 200, jobs.text
    assert isinstance(jobs.json(), list)

    bhr = f"{env['BAMBOOHR_BASE_URL']}/api/gateway.php/{env['BAMBOOHR_COMPANY_DOMAIN']}/v1"
    fields = http.get(
        f"{bhr}/meta/fields", auth=(env["BAMBOOHR_API_KEY"], "x"), headers={"Accept": "application/json"}, timeout=10
    )
    assert fields.status_code == 200, fields.text
    assert any(f.get("alias") == "firstName" for f in fields.json())

    ds = f"{env['DOCUSIGN_BASE_URL']}/restapi/v2.1/accounts/{env['DOCUSIGN_ACCOUNT_ID']}"
    templates = http.get(
        f"{ds}/templates",
        params={"search_text": "Offer Letter"},
        headers={"Authorization": f"Bearer {env['DOCUSIGN_ACCESS_TOKEN']}"},
        timeout=10,
    )
    assert templates.status_code == 200, templates.text
    assert [t["name"] for t in templates.json()["envelopeTemplates"]] == ["Offer Letter"]

    me = http.get(
        f"{env['CALENDLY_BASE_URL']}/users/me",
        headers={"Authorization": f"Bearer {env['CALENDLY_TOKEN']}"},
        timeout=10,
    )
    assert me.status_code == 200, me.text
    assert me.json()["resource"]["uri"]

    slack = http.post(env["SLACK_WEBHOOK_URL"], json={"text": "hello from test_cli_up"}, timeout=10)
    assert slack.status_code == 200, slack.text

    with smtplib.SMTP(env["SMTP_HOST"], int(env["SMTP_PORT"]), timeout=10) as smtp:
        assert smtp.noop()[0] == 250
        refused = smtp.sendmail("sut@example.com", ["owner@example.com"], b"Subject: hi\r\n\r\nhello\r\n")
        assert refused == {}


def test_up_writes_the_env_file(tmp_path: Path) -> None:
    env_file = tmp_path / "fakes.env"
    running = start_up("--any-port", "--seed", "3", "--env-file", str(env_file))
    try:
        running.read_until("ready in", START_TIMEOUT)
        printed = parse_exports("\n".join(running.lines))
        written = env_file.read_text()
        assert written.startswith("export ") and written.count("\nexport ") + 1 == len(printed)
        assert parse_exports(written) == printed
        assert set(CONTRACT) <= set(printed)
        # A shell that sources the file gets byte-identical values (the PEM key spans lines).
        shell = shutil.which("bash") or shutil.which("sh")
        if shell:
            out = subprocess.run(
                [shell, "-c", f'. {shlex.quote(str(env_file))} && printf %s "$DOCUSIGN_PRIVATE_KEY"'],
                capture_output=True,
                text=True,
                timeout=10,
                check=True,
                env={"PATH": os.environ.get("PATH", "")},
            )
            assert out.stdout == printed["DOCUSIGN_PRIVATE_KEY"]
    finally:
        running.proc.send_signal(signal.SIGINT)
        assert running.proc.wait(STOP_TIMEOUT) == 0
        running.stop()


@pytest.mark.parametrize(
    ("ports", "item"),
    [
        ("greenhouse=abc", "greenhouse=abc"),
        ("greenhouse=9001,nosuchfake=9002", "nosuchfake=9002"),
        ("bamboohr", "bamboohr"),
    ],
)
def test_up_refuses_a_bad_ports_item(ports: str, item: str) -> None:
    done = subprocess.run(
        [*_command(), "up", "--ports", ports, "--seed", "3"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert repr(item) in done.stderr, done.stderr
    assert "NAME=PORT" in done.stderr
    assert "export " not in done.stdout  # nothing was served


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_up_reports_a_taken_port_without_a_traceback() -> None:
    from fakes.world import DEFAULT_PORTS

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        ports = ",".join(f"{name}={port if name == 'greenhouse' else _free_port()}" for name in DEFAULT_PORTS)
        done = subprocess.run(
            [*_command(), "up", "--ports", ports, "--smtp-port", "0"],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    assert str(port) in done.stderr and "--any-port" in done.stderr, done.stderr
