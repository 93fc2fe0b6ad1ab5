"""Benchmark one stateful fake endpoint against WireMock serving the same bytes.

    python -m benchmarks.run            # full: 10 s points, two rounds, 300k-request journal growth
    python -m benchmarks.run --quick    # smoke: 3 s points, one round, 30k-request journal growth

Servers (each its own process, bound to 127.0.0.1 only):

- ``fake``: ``python -m benchmarks.serve_fake``, a ``World(systems=["scheduler", "inbox"])``
  with journal and Bearer auth on; ``GET /event_types/{uuid}`` checks the
  token, reads the model, serialises the event type, journals the request.
- ``wiremock``: WireMock standalone with defaults (request journal on) and a
  static stub answering the same path with the exact body the fake returned.
- ``wiremock-nojournal``: the same with ``--no-request-journal``.

Load is ``wrk -t1 -c2`` and ``-t1 -c16`` with ``--latency``. See README.md.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import queue
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
RESULTS = HERE / "results"
CLK_TCK = os.sysconf("SC_CLK_TCK")
WIREMOCK_NPM = "wiremock"

# Every process group we started, so that any exit path can end them.
_CHILDREN: dict[int, subprocess.Popen[Any]] = {}


class Abort(Exception):
    """The run cannot go on (missing tool, deadline, a server that never answered)."""


# -- process hygiene ---------------------------------------------------------
def _spawn(cmd: list[str], **kw: Any) -> subprocess.Popen[Any]:
    proc = subprocess.Popen(cmd, start_new_session=True, **kw)
    _CHILDREN[proc.pid] = proc
    return proc


def _end(proc: subprocess.Popen[Any], grace: float = 5.0) -> None:
    """End one process group we started: SIGTERM, then SIGKILL after ``grace`` seconds."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(grace)
    else:
        # the leader is gone; make sure nothing it left in its group lives on
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()
    _CHILDREN.pop(proc.pid, None)


def _end_all() -> None:
    for proc in list(_CHILDREN.values()):
        _end(proc, grace=2.0)


def _on_signal(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


# -- /proc readings -------------------------------------------------------------
def cpu_seconds(pid: int) -> float:
    """utime + stime of a process (all its threads), in seconds."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    # after the ")" field 3 (state) is index 0, so utime (14) is 11 and stime (15) is 12
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def machine_busy_seconds() -> float:
    """CPU seconds all cores spent busy (not idle/iowait) since boot."""
    with open("/proc/stat") as fh:
        parts = [int(x) for x in fh.readline().split()[1:]]
    idle = parts[3] + (parts[4] if len(parts) > 4 else 0)
    return (sum(parts[:8]) - idle) / CLK_TCK


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# -- the machine ------------------------------------------------------------------
def _first_line(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unavailable ({exc})"
    text = (out.stdout or out.stderr).strip()
    return text.splitlines()[0] if text else "unavailable"


def machine_info(java: str | None, wrk: str | None, jar: Path | None) -> dict[str, Any]:
    cpu_model = "unknown"
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    mem_gib = 0.0
    with contextlib.suppress(OSError), open("/proc/meminfo") as fh:
        for line in fh:
            if line.startswith("MemTotal:"):
                mem_gib = int(line.split()[1]) / 1024 / 1024
                break
    versions: dict[str, str] = {}
    for module in ("httptools", "uvloop"):
        try:
            from importlib.metadata import version

            versions[module] = version(module)
        except Exception:
            versions[module] = "missing"
    commit = _first_line(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])  # read-only
    return {
        "nproc": os.cpu_count(),
        "nproc_cmd": _first_line(["nproc"]),
        "cpu_model": cpu_model,
        "mem_gib": round(mem_gib, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "httptools": versions["httptools"],
        "uvloop": versions["uvloop"],
        "java": _first_line([java, "-version"]) if java else "missing",
        "wrk": _first_line([wrk, "-v"]).split(" Copyright")[0] if wrk else "missing",
        "wiremock_jar": jar.name if jar else "missing",
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "loadavg_at_start": _loadavg(),
        "commit": commit,
    }


def _loadavg() -> str:
    with contextlib.suppress(OSError), open("/proc/loadavg") as fh:
        return " ".join(fh.read().split()[:3])
    return "?"


# -- tools ------------------------------------------------------------------------
def find_wiremock_jar(java: str | None, log: Any) -> tuple[Path | None, str]:
    """The standalone jar from the ``wiremock`` npm package (installed into benchmarks/.cache)."""
    if java is None:
        return None, "java not found on PATH (WireMock needs Java 11+; apt-get install openjdk-17-jre-headless)"
    env_jar = os.environ.get("WIREMOCK_JAR")
    if env_jar:
        path = Path(env_jar)
        return (path, "") if path.is_file() else (None, f"WIREMOCK_JAR={env_jar} is not a file")
    pattern = "node_modules/wiremock/build/wiremock-standalone-*.jar"
    jars = sorted(CACHE.glob(pattern))
    if not jars:
        npm = shutil.which("npm")
        if npm is None:
            return None, (
                "npm not found on PATH and no WireMock jar in benchmarks/.cache; install Node.js/npm "
                "(apt-get install npm) or point WIREMOCK_JAR at wiremock-standalone-*.jar"
            )
        CACHE.mkdir(parents=True, exist_ok=True)
        log(f"installing WireMock: npm install {WIREMOCK_NPM} --prefix {CACHE}")
        try:
            out = subprocess.run(
                [npm, "install", "--no-audit", "--no-fund", "--prefix", str(CACHE), WIREMOCK_NPM],
                capture_output=True,
                text=True,
                timeout=300,
            )
        except subprocess.TimeoutExpired:
            return None, "npm install wiremock took more than 300 s"
        if out.returncode != 0:
            return None, f"npm install wiremock failed: {(out.stderr or out.stdout).strip()[-400:]}"
        jars = sorted(CACHE.glob(pattern))
        if not jars:
            return None, "npm installed the wiremock package but it carries no wiremock-standalone-*.jar"
    return jars[-1], ""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(
    port: int, path: str, headers: dict[str, str], timeout: float = 1.0
) -> tuple[int, list[tuple[str, str]], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.getheaders(), resp.read()
    finally:
        conn.close()


def wait_first_answer(
    proc: subprocess.Popen[Any], port: int, path: str, headers: dict[str, str], t0: float, limit: float
) -> float:
    """Seconds from ``t0`` (spawn) to the first 200 on ``path``."""
    while True:
        if proc.poll() is not None:
            raise Abort(f"the server exited with {proc.returncode} before answering")
        try:
            status, _, _ = http_get(port, path, headers, timeout=0.5)
            if status == 200:
                return time.monotonic() - t0
        except OSError:
            pass
        if time.monotonic() - t0 > limit:
            raise Abort(f"no 200 on 127.0.0.1:{port}{path} within {limit} s")
        time.sleep(0.005)


# -- servers ------------------------------------------------------------------------
class Server:
    name = "server"
    proc: subprocess.Popen[Any]
    port: int
    startup_s: float

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stop(self) -> None:
        _end(self.proc)

    def journal_stats(self) -> dict[str, Any] | None:
        return None

    def gc_probe(self) -> dict[str, Any] | None:
        return None


class FakeServer(Server):
    name = "fake"

    def __init__(self, logdir: Path, extra: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self._stderr = open(logdir / f"fake-{self.port}.log", "wb")  # noqa: SIM115 - closed in stop()
        t0 = time.monotonic()
        self.proc = _spawn(
            [sys.executable, "-m", "benchmarks.serve_fake", "--port", str(self.port), *extra],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            bufsize=1,
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        ready = self._next_line(30.0)
        self.info = json.loads(ready)
        if not self.info.get("ready"):
            raise Abort(f"serve_fake did not report ready: {ready}")
        self.path = self.info["path"]
        self.headers = {"Authorization": f"Bearer {self.info['token']}"}
        self.startup_s = wait_first_answer(self.proc, self.port, self.path, self.headers, t0, 30.0)

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def _next_line(self, timeout: float) -> str:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise Abort(f"serve_fake said nothing for {timeout} s") from None
        if line is None:
            raise Abort(f"serve_fake exited ({self.proc.poll()}); see {self._stderr.name}")
        return line

    def _ask(self, command: str) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return json.loads(self._next_line(60.0))

    def journal_stats(self) -> dict[str, Any] | None:
        return self._ask("stats")

    def gc_probe(self) -> dict[str, Any] | None:
        return self._ask("gc")

    def stop(self) -> None:
        if self.proc.poll() is None and self.proc.stdin is not None:
            with contextlib.suppress(OSError):
                self.proc.stdin.write("quit\n")
                self.proc.stdin.flush()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(5.0)
        _end(self.proc)
        self._stderr.close()


class WireMockServer(Server):
    def __init__(
        self,
        java: str,
        jar: Path,
        workdir: Path,
        path: str,
        body: bytes,
        content_type: str,
        headers: dict[str, str],
        journal: bool,
    ) -> None:
        self.name = "wiremock" if journal else "wiremock-nojournal"
        self.port = free_port()
        root = workdir / f"{self.name}-{self.port}"
        (root / "mappings").mkdir(parents=True)
        (root / "__files").mkdir()
        (root / "__files" / "body.json").write_bytes(body)
        stub = {
            "request": {"method": "GET", "url": path},
            "response": {
                "status": 200,
                "bodyFileName": "body.json",
                "headers": {"Content-Type": content_type},
            },
        }
        (root / "mappings" / "event_type.json").write_text(json.dumps(stub, indent=2))
        self.cmd = [
            java,
            "-jar",
            str(jar),
            "--port",
            str(self.port),
            "--bind-address",
            "127.0.0.1",
            "--root-dir",
            str(root),
        ]
        if not journal:
            self.cmd.append("--no-request-journal")
        self._log = open(workdir / f"{self.name}-{self.port}.log", "wb")  # noqa: SIM115 - closed in stop()
        t0 = time.monotonic()
        self.proc = _spawn(self.cmd, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT)
        self.startup_s = wait_first_answer(self.proc, self.port, path, headers, t0, 60.0)

    def stop(self) -> None:
        _end(self.proc)
        self._log.close()


# -- wrk ------------------------------------------------------------------------------
_UNIT = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not m:
        raise ValueError(f"cannot read a latency from {text!r}")
    return float(m.group(1)) * _UNIT[m.group(2)]


def parse_wrk(out: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for pct in ("50", "75", "90", "99"):
        m = re.search(rf"^\s+{pct}%\s+(\S+)\s*$", out, re.M)
        if m:
            result[f"p{pct}_ms"] = round(_ms(m.group(1)), 3)
    m = re.search(r"^\s+Latency\s+(\S+)\s+(\S+)\s+(\S+)", out, re.M)
    if m:
        result["mean_ms"], result["stdev_ms"], result["max_ms"] = (round(_ms(g), 3) for g in m.groups())
    m = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", out)
    if m:
        result["requests"] = int(m.group(1))
        result["wrk_duration_s"] = round(_ms(m.group(2) + m.group(3)) / 1000.0, 3)
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if m:
        result["rps"] = float(m.group(1))
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    result["non_2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    result["socket_errors"] = (
        dict(zip(("connect", "read", "write", "timeout"), map(int, m.groups()), strict=True)) if m else {}
    )
    if "rps" not in result:
        raise Abort(f"could not read wrk's output:\n{out}")
    return result


class Bench:
    def __init__(self, args: argparse.Namespace, wrk: str, log: Any) -> None:
        self.args = args
        self.wrk = wrk
        self.log = log
        self.deadline = time.monotonic() + args.budget

    def check_deadline(self, need: float) -> None:
        left = self.deadline - time.monotonic()
        if left < need:
            raise Abort(
                f"the time budget ({self.args.budget} s) would be exceeded ({left:.0f} s left, {need:.0f} s needed)"
            )

    def wrk_run(
        self, port: int, path: str, headers: dict[str, str], conns: int, seconds: float, latency: bool = True
    ) -> dict[str, Any]:
        self.check_deadline(seconds + 5)
        cmd = [self.wrk, "-t1", f"-c{conns}", f"-d{max(1, round(seconds))}s", "--timeout", "5s"]
        if latency:
            cmd.append("--latency")
        for name, value in headers.items():
            cmd += ["-H", f"{name}: {value}"]
        cmd.append(f"http://127.0.0.1:{port}{path}")
        proc = _spawn(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            out, _ = proc.communicate(timeout=seconds + 30)
        except subprocess.TimeoutExpired:
            raise Abort(f"wrk did not finish: {' '.join(cmd)}") from None
        finally:
            _end(proc)
        if proc.returncode != 0:
            raise Abort(f"wrk failed ({proc.returncode}): {out}")
        return parse_wrk(out)

    def point(self, server: Server, path: str, headers: dict[str, str], conns: int) -> dict[str, Any]:
        """Warm up, then one measured wrk run with the server's CPU, RSS and the machine's load."""
        rss_before = rss_mb(server.pid)
        self.wrk_run(server.port, path, headers, conns, self.args.warmup)
        cpu0, busy0, kids0, t0 = (
            cpu_seconds(server.pid),
            machine_busy_seconds(),
            children_cpu_seconds(),
            time.monotonic(),
        )
        result = self.wrk_run(server.port, path, headers, conns, self.args.seconds)
        cpu1, busy1, kids1, t1 = (
            cpu_seconds(server.pid),
            machine_busy_seconds(),
            children_cpu_seconds(),
            time.monotonic(),
        )
        cpu = cpu1 - cpu0
        wall = t1 - t0
        wrk_cpu = kids1 - kids0  # wrk is the only child that ends in this window
        result.update(
            {
                "server": server.name,
                "conns": conns,
                "cpu_s": round(cpu, 3),
                "wall_s": round(wall, 3),
                "cores_used": round(cpu / wall, 3) if wall else None,
                "req_per_cpu_s": round(result["requests"] / cpu, 1) if cpu > 0 else None,
                "rss_before_mb": round(rss_before, 1),
                "rss_after_mb": round(rss_mb(server.pid), 1),
                "wrk_cpu_s": round(wrk_cpu, 3),
                "other_cpu_s": round(max(0.0, (busy1 - busy0) - cpu - wrk_cpu), 3),
                "loadavg": _loadavg(),
            }
        )
        self.log(
            f"  {server.name:<19} c={conns:<3} {result['rps']:>9.0f} req/s  p50 {result['p50_ms']:.3f} ms  "
            f"p99 {result['p99_ms']:.3f} ms  cpu {cpu:.2f} s  {result['req_per_cpu_s'] or 0:.0f} req/cpu-s  "
            f"rss {result['rss_after_mb']:.0f} MB  others {result['other_cpu_s']:.1f} cpu-s"
        )
        return result

    def growth(
        self, server: Server, path: str, headers: dict[str, str], marks: list[int], conns: int = 16
    ) -> list[dict[str, Any]]:
        """Drive requests to each mark, then a --latency probe: RSS and p99 as the journal grows."""
        readings: list[dict[str, Any]] = []
        served = 0
        rate = 5000.0
        for mark in marks:
            while served < mark:
                chunk = min(30.0, max(1.0, (mark - served) / rate))
                self.check_deadline(chunk + self.args.probe + 10)
                run = self.wrk_run(server.port, path, headers, conns, chunk, latency=False)
                served += run["requests"]
                rate = max(500.0, run["rps"])
            rss_before = rss_mb(server.pid)
            probe = self.wrk_run(server.port, path, headers, conns, self.args.probe)
            served += probe["requests"]
            rate = max(500.0, probe["rps"])
            reading = {
                "mark": mark,
                "served": served,
                "rss_before_probe_mb": round(rss_before, 1),
                "rss_mb": round(rss_mb(server.pid), 1),
                "probe_rps": probe["rps"],
                "probe_p50_ms": probe["p50_ms"],
                "probe_p99_ms": probe["p99_ms"],
                "probe_max_ms": probe.get("max_ms"),
                "non_2xx": probe["non_2xx"],
            }
            stats = server.journal_stats()
            if stats:
                reading.update(
                    {
                        k: stats[k]
                        for k in ("journal_len", "last_seq", "dropped", "gc_collections", "gc_tracked_objects")
                    }
                )
            readings.append(reading)
            self.log(
                f"  {server.name:<19} ~{mark:>7} req: served {served:>7}  rss {reading['rss_mb']:.0f} MB  "
                f"p99 {probe['p99_ms']:.2f} ms  ({probe['rps']:.0f} req/s)"
                + (
                    f"  journal {stats['journal_len']} dropped {stats['dropped']} gc {stats['gc_collections']}"
                    if stats
                    else ""
                )
            )
        return readings


# -- the report -----------------------------------------------------------------------------
def _f(value: Any, digits: int = 0) -> str:
    if value is None:
        return "-"
    if isinstance(value, float | int):
        return f"{value:,.{digits}f}"
    return str(value)


def machine_line(m: dict[str, Any]) -> str:
    return (
        f"{m['nproc']} cores ({m['cpu_model']}), {m['mem_gib']} GiB, Linux {m['kernel']}; Python {m['python']} "
        f"(httptools {m['httptools']}, uvloop {m['uvloop']}); {m['java']}; {m['wrk']}; WireMock {m['wiremock_jar']}; "
        f"{m['date']}; load average at start {m['loadavg_at_start']}; commit {m['commit']}"
    )


def ratios(points: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fake vs each WireMock row, per round and connection count (same run, same round)."""
    out = []
    by = {(p["round"], p["server"], p["conns"]): p for p in points}
    for (rnd, server, conns), fake in sorted(by.items()):
        if server != "fake":
            continue
        for other in ("wiremock", "wiremock-nojournal"):
            wm = by.get((rnd, other, conns))
            if not wm:
                continue
            out.append(
                {
                    "round": rnd,
                    "conns": conns,
                    "vs": other,
                    "rps_ratio": round(fake["rps"] / wm["rps"], 2),
                    "req_per_cpu_s_ratio": round(fake["req_per_cpu_s"] / wm["req_per_cpu_s"], 2)
                    if fake["req_per_cpu_s"] and wm["req_per_cpu_s"]
                    else None,
                    "p99_ratio_wm_over_fake": round(wm["p99_ms"] / fake["p99_ms"], 2) if fake["p99_ms"] else None,
                    "p50_ratio_wm_over_fake": round(wm["p50_ms"] / fake["p50_ms"], 2) if fake["p50_ms"] else None,
                }
            )
    return out


def _row(*cells: Any) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _table(*header: str) -> list[str]:
    return [_row(*header), _row(*("---" for _ in header))]


def write_markdown(data: dict[str, Any], path: Path) -> None:
    m, st, ep = data["machine"], data["settings"], data["endpoint"]
    lines = [
        "# Fake endpoint vs WireMock",
        "",
        f"Machine: {machine_line(m)}",
        "",
        f"Mode: {data['mode']} ({st['seconds']} s points after {st['warmup']} s warm-up, {st['rounds']} round(s)); "
        f"command: `{data['command']}`; wall time {data['elapsed_s']:.0f} s.",
        "",
        f"Endpoint: `GET {ep.get('path')}` with `Authorization: Bearer <CALENDLY_TOKEN>`; "
        f"{ep.get('body_bytes')} bytes of JSON; WireMock serves the same bytes "
        f"(identical: {ep.get('wiremock_body_identical', '-')}). Load: `wrk -t1 -cN --latency` on 127.0.0.1. "
        "The box has 2 cores shared by wrk, the server and whatever else runs; `others CPU s` is CPU time "
        "other processes used during the point (noise).",
        "",
    ]
    if data.get("skipped"):
        lines += [f"**Skipped:** {reason}" for reason in data["skipped"]] + [""]
    if data.get("aborted"):
        lines += [f"**Aborted early:** {data['aborted']}", ""]
    lines += _table(
        "round",
        "server",
        "conns",
        "req/s",
        "p50 ms",
        "p99 ms",
        "CPU s",
        "cores",
        "req per CPU-s",
        "RSS MB before→after",
        "others CPU s",
    )
    for p in data["points"]:
        lines.append(
            _row(
                p["round"],
                p["server"],
                p["conns"],
                _f(p["rps"]),
                _f(p["p50_ms"], 3),
                _f(p["p99_ms"], 2),
                _f(p["cpu_s"], 2),
                _f(p["cores_used"], 2),
                _f(p["req_per_cpu_s"]),
                f"{_f(p['rss_before_mb'])}→{_f(p['rss_after_mb'])}",
                _f(p["other_cpu_s"], 1),
            )
        )
    if data["ratios"]:
        lines += [
            "",
            "Ratios within the same round (fake ÷ WireMock for throughput; WireMock ÷ fake for latency; "
            ">1 = fake better):",
            "",
            *_table("round", "conns", "vs", "req/s", "req per CPU-s", "p50", "p99"),
        ]
        for r in data["ratios"]:
            lines.append(
                _row(
                    r["round"],
                    r["conns"],
                    r["vs"],
                    _f(r["rps_ratio"], 2),
                    _f(r["req_per_cpu_s_ratio"], 2),
                    _f(r["p50_ratio_wm_over_fake"], 2),
                    _f(r["p99_ratio_wm_over_fake"], 2),
                )
            )
    lines += ["", "Start-up (spawn to first 200 on the endpoint):", "", *_table("round", "server", "start s")]
    for s in data["startups"]:
        lines.append(_row(s["round"], s["server"], f"{s['startup_s']:.2f}"))
    for name, readings in data["growth"].items():
        if not readings:
            continue
        lines += [
            "",
            f"Journal growth, {name} (wrk -c16 to each mark, then a {st['probe']} s --latency probe):",
            "",
            *_table(
                "mark",
                "served after probe",
                "RSS MB before probe",
                "RSS MB after probe",
                "probe req/s",
                "p50 ms",
                "p99 ms",
                "journal entries",
                "dropped",
                "GC collections (gen0/1/2)",
                "GC-tracked objects",
            ),
        ]
        for r in readings:
            gc_counts = "/".join(str(x) for x in r.get("gc_collections", [])) or "-"
            lines.append(
                _row(
                    f"{r['mark']:,}",
                    f"{r['served']:,}",
                    f"{r['rss_before_probe_mb']:.0f}",
                    f"{r['rss_mb']:.0f}",
                    _f(r["probe_rps"]),
                    _f(r["probe_p50_ms"], 3),
                    _f(r["probe_p99_ms"], 2),
                    _f(r.get("journal_len")),
                    _f(r.get("dropped")),
                    gc_counts,
                    _f(r.get("gc_tracked_objects")),
                )
            )
    for name, probe in data.get("growth_gc", {}).items():
        lines += [
            "",
            f"GC after the growth run, {name}: {probe['tracked_before']:,} GC-tracked objects "
            f"({probe['young_before']:,} in the young generation); one gc.collect(0) took "
            f"{probe['gen0_collect_ms']} ms and left {probe['tracked_after_gen0']:,} tracked; a full gc.collect() "
            f"then took {probe['full_collect_ms']} ms.",
        ]
    if data.get("notes"):
        lines += ["", *[f"- {n}" for n in data["notes"]]]
    path.write_text("\n".join(lines) + "\n")


# -- main ---------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the Calendly fake's GET /event_types/{uuid} vs WireMock.")
    parser.add_argument("--quick", action="store_true", help="smoke check: 3 s points, 1 round, 30k-request growth")
    parser.add_argument("--rounds", type=int, default=None, help="rounds of points (default 2, quick 1)")
    parser.add_argument("--seconds", type=float, default=None, help="seconds per measured point (default 10, quick 3)")
    parser.add_argument("--no-growth", action="store_true", help="skip the journal-growth runs")
    parser.add_argument("--no-wiremock", action="store_true", help="benchmark the fake only")
    parser.add_argument(
        "--users-me", action="store_true", help="benchmark GET /users/me instead of /event_types/{uuid}"
    )
    parser.add_argument(
        "--budget", type=float, default=None, help="hard limit on the whole run, seconds (default 1500, quick 300)"
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="directory for latest.json / latest.md")
    args = parser.parse_args(argv)
    args.rounds = args.rounds or (1 if args.quick else 2)
    args.seconds = args.seconds or (3.0 if args.quick else 10.0)
    args.warmup = 1.0 if args.quick else 5.0
    args.probe = 2.0 if args.quick else 3.0
    args.budget = args.budget or (300.0 if args.quick else 1500.0)
    marks = [0, 10_000, 20_000, 30_000] if args.quick else [0, 100_000, 200_000, 300_000]

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    atexit.register(_end_all)
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)

    wrk = shutil.which("wrk")
    if wrk is None:
        log("error: wrk not found on PATH; install it (Debian/Ubuntu: apt-get install wrk) and run again.")
        return 2
    skipped: list[str] = []
    java = shutil.which("java")
    jar: Path | None = None
    if not args.no_wiremock:
        jar, why = find_wiremock_jar(java, log)
        if jar is None:
            skipped.append(f"WireMock rows: {why}")
            log(f"warning: {why}; benchmarking the fake only")
    else:
        skipped.append("WireMock rows: --no-wiremock")

    machine = machine_info(java, wrk, jar)
    log(f"machine: {machine_line(machine)}")
    started = time.monotonic()
    bench = Bench(args, wrk, log)
    workdir = Path(tempfile.mkdtemp(prefix="ats-bench-"))
    data: dict[str, Any] = {
        "mode": "quick" if args.quick else "full",
        "command": " ".join(["python -m benchmarks.run", *(argv if argv is not None else sys.argv[1:])]),
        "machine": machine,
        "settings": {
            "seconds": args.seconds,
            "warmup": args.warmup,
            "rounds": args.rounds,
            "probe": args.probe,
            "marks": marks,
            "wrk": "-t1 --latency --timeout 5s",
        },
        "endpoint": {},
        "points": [],
        "startups": [],
        "growth": {},
        "growth_gc": {},
        "ratios": [],
        "skipped": skipped,
        "notes": [],
    }
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        # 1. the fake: capture the exact answer the benchmark asks for
        fake = FakeServer(workdir)
        try:
            path = "/users/me" if args.users_me else fake.path
            status, resp_headers, body = http_get(fake.port, path, fake.headers)
            if status != 200:
                raise Abort(f"the fake answered {status} to GET {path}: {body[:300]!r}")
            unauth, _, _ = http_get(fake.port, path, {"Authorization": "Bearer wrong"})
            content_type = dict((k.lower(), v) for k, v in resp_headers).get("content-type", "application/json")
            data["endpoint"] = {
                "path": path,
                "token_header": "Authorization: Bearer <CALENDLY_TOKEN>",
                "status": status,
                "status_with_wrong_token": unauth,
                "content_type": content_type,
                "body_bytes": len(body),
                "body": body.decode("utf-8"),
                "fake_response_headers": resp_headers,
            }
            headers = fake.headers
        finally:
            fake.stop()

        def start(name: str) -> Server:
            if name == "fake":
                return FakeServer(workdir)
            assert java is not None and jar is not None
            return WireMockServer(java, jar, workdir, path, body, content_type, headers, journal=(name == "wiremock"))

        names = ["fake"] + ([] if jar is None else ["wiremock", "wiremock-nojournal"])
        for rnd in range(1, args.rounds + 1):
            order = names if rnd % 2 else list(reversed(names))  # alternate so drift doesn't favour one side
            log(f"round {rnd}: {', '.join(order)}")
            for name in order:
                bench.check_deadline(2 * (args.seconds + args.warmup) + 70)
                server = start(name)
                try:
                    data["startups"].append(
                        {
                            "round": rnd,
                            "server": name,
                            "startup_s": round(server.startup_s, 3),
                            "rss_mb": round(rss_mb(server.pid), 1),
                        }
                    )
                    log(f"  {name}: first 200 after {server.startup_s:.2f} s")
                    if name == "wiremock" and "wiremock_body_identical" not in data["endpoint"]:
                        _, wm_headers, wm_body = http_get(server.port, path, headers)
                        data["endpoint"]["wiremock_body_identical"] = wm_body == body
                        data["endpoint"]["wiremock_response_headers"] = wm_headers
                    for conns in (2, 16):
                        point = bench.point(server, path, headers, conns)
                        point["round"] = rnd
                        data["points"].append(point)
                finally:
                    server.stop()
        if not args.no_growth:
            growth_servers = ["fake"] + (["wiremock"] if jar is not None else [])
            for name in growth_servers:
                log(f"journal growth: {name}")
                server = start(name)
                try:
                    data["growth"][name] = bench.growth(server, path, headers, marks)
                    probe = server.gc_probe()
                    if probe:
                        data["growth_gc"][name] = probe
                        log(f"  gc after growth: {probe}")
                except Abort as exc:
                    data["notes"].append(f"journal growth of {name} stopped early: {exc}")
                    log(f"  stopped: {exc}")
                finally:
                    server.stop()
    except Abort as exc:
        data["aborted"] = str(exc)
        log(f"aborted: {exc}")
    finally:
        _end_all()
        shutil.rmtree(workdir, ignore_errors=True)
        data["elapsed_s"] = round(time.monotonic() - started, 1)
        data["ratios"] = ratios(data["points"])
        data["notes"].append(
            "CPU s is utime+stime of the server process (all threads) from /proc/<pid>/stat over the measured "
            "point; req per CPU-s = requests / CPU s. RSS from /proc/<pid>/status VmRSS."
        )
        data["notes"].append(
            "Within a round each server is started fresh, then c=2 and c=16 run back to back, so WireMock's "
            "journal (and the fake's bounded one) already holds the c=2 point's and warm-ups' requests at c=16."
        )
        (args.out / "latest.json").write_text(json.dumps(data, indent=2, default=str) + "\n")
        write_markdown(data, args.out / "latest.md")
        log(f"wrote {args.out / 'latest.json'} and {args.out / 'latest.md'} ({data['elapsed_s']:.0f} s)")
    return 1 if data.get("aborted") else 0


if __name__ == "__main__":
    sys.exit(main())
