"""Runs on fakes that ``ats-harness up`` serves: ``run``/``certify --fakes URL``.

The engine reads the fakes' models, journal and deliveries directly, so an
attached run is played inside the ``up`` process, on the very world the SUT
already talks to. ``up`` adds three operations to its control plane:

``POST /__harness/runs``
    start a run; the body holds the run options (absolute paths: the files are
    read on this machine). One run at a time: a second answers 409.
``GET /__harness/runs/{id}?offset=N``
    the console text from character N on, and once ``done`` the verdict
    (``passed``, ``partial``), the report folder, or the ``error``.
``POST /__harness/runs/{id}/stop``
    start no more journeys; the report is written, marked partial.

A run may start the profile's SUT command, so a POST here must be JSON and
carry no ``Origin`` (no web page can start one), and no command is taken
over HTTP.

``run_attached`` is the client: the CLI sends the options, prints the console
text as it comes and exits as a local run would (0 passed, 1 not, 2 a mistake
to fix, 130/143/129 when stopped). A run given a SUT URL plays on the world as
it is (from the second run on, its journey names end ``-rN`` so its candidates
are new); a run that starts its own SUT first resets the world and seeds
``up``'s demo tenant again. The clock's running state, the admin settings and
the clock listeners are put back afterwards.
"""

from __future__ import annotations

import io
import itertools
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from fakes.kit import jsonx
from fakes.kit.http import Request, Response, json_response

from ..errors import HarnessError
from .runner import Runner, RunOptions

TOKEN_ENV = "ATS_HARNESS_TOKEN"
POLL_S = 0.2

# Carried over the wire; the rest of RunOptions is the server's to set.
_FIELDS = (
    "profile",
    "paths",
    "seed",
    "concurrency",
    "sut_url",
    "sut_command",
    "reports_dir",
    "quiet",
    "certify",
    "variant",
    "argv",
    "select",
    "fakes",
)


def _concurrency(value: Any) -> int | None:
    """A run's journeys at once over the wire: a number, or "auto" (or null) for the controller's."""
    return None if value in (None, "auto") else int(value)


class _Buffer(io.TextIOBase):
    """What the run's console printed, read by offset from another thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._text = ""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        with self._lock:
            self._text += text
        return len(text)

    def since(self, offset: int) -> tuple[str, int]:
        with self._lock:
            return self._text[offset:], len(self._text)


class _AttachedRun:
    def __init__(self, ident: str, options: RunOptions, width: int) -> None:
        self.id = ident
        self.options = options
        self.output = _Buffer()
        self.width = width
        self.done = False
        self.passed = False
        self.partial = False
        self.error = ""
        self.report_dir = ""
        self.runner: Runner | None = None
        self.stop_requested = False

    def main(self) -> None:
        from rich.console import Console

        from ..report.console import ConsoleReporter

        console = Console(file=self.output, width=self.width, force_terminal=False, color_system=None)
        try:
            self.runner = Runner(replace(self.options, reporters=[ConsoleReporter(console, quiet=self.options.quiet)]))
            if self.stop_requested:
                self.stop()
            result = self.runner.run()
            self.passed, self.partial = result.passed, result.partial
        except HarnessError as exc:
            self.error = str(exc)
        except Exception:  # a harness bug: said as such to the client
            self.error = "harness error (please report): " + traceback.format_exc()
        finally:
            if self.runner is not None:
                self.report_dir = str(self.runner.out_dir)
            self.done = True

    def stop(self) -> None:
        self.stop_requested = True
        runner = self.runner
        if runner is not None and not runner.result.partial:
            runner.result.partial = True  # journeys not yet started are skipped
            runner.result.partial_reason = "stopped by the client of the attached run (Ctrl-C or a signal)"

    def status(self, offset: int) -> dict[str, Any]:
        text, end = self.output.since(offset)
        return {
            "id": self.id,
            "done": self.done,
            "output": text,
            "offset": end,
            "passed": self.passed,
            "partial": self.partial,
            "error": self.error,
            "report_dir": self.report_dir,
        }


class RunService:
    """The ``runs`` operations on ``up``'s control plane (see the module's text)."""

    ROWS = (
        ("POST", "runs", "play scenarios through the SUT on these fakes (what run/certify --fakes send)"),
        ("GET", "runs/{id}", "a run's console text from ?offset=N, and once done its verdict and report folder"),
        ("POST", "runs/{id}/stop", "start no more journeys; the report is written, marked partial"),
    )

    def __init__(self, world: Any, reseed: Callable[[], Any] | None = None) -> None:
        self.world = world
        self.reseed = reseed  # puts `up`'s demo tenant back after a reset
        self.runs: dict[str, _AttachedRun] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._busy: _AttachedRun | None = None

    def install(self) -> RunService:
        self.world.hub.control.extensions["runs"] = (self.handle, self.ROWS)
        return self

    def handle(self, method: str, path: str, request: Request) -> Response:
        parts = path.split("/")
        if method == "POST" and (
            request.header("origin") or "json" not in (request.header("content-type") or "").lower()
        ):
            # A run may start the profile's SUT command: no web page may ask for one (a browser
            # sends Origin, and cannot send a JSON content type cross-origin without asking first).
            return json_response(
                {"error": "runs are started with Content-Type: application/json and no Origin header"}, 403
            )
        if method == "POST" and parts == ["runs"]:
            return self._start(request.json_object() if request.body.strip() else {})
        run = self.runs.get(parts[1]) if len(parts) >= 2 else None
        if run is None:
            return json_response({"error": f"no run {'/'.join(parts[1:2]) or '(none given)'}"}, 404)
        if method == "GET" and len(parts) == 2:
            return json_response(run.status(int(request.q("offset", "0") or 0)))
        if method == "POST" and parts[2:] == ["stop"]:
            run.stop()
            return json_response({"id": run.id, "stopping": True})
        return json_response({"error": f"no control operation {method} /__harness/{path}"}, 404)

    def _start(self, body: dict[str, Any]) -> Response:
        unknown = sorted(set(body) - {*_FIELDS, "width"})
        if unknown:
            return json_response({"error": f"unknown run options {unknown}; known: {', '.join(_FIELDS)}"}, 400)
        if body.get("sut_command"):
            return json_response(
                {"error": "a run on up's fakes takes no sut_command over HTTP; put it in the profile (sut.command)"},
                400,
            )
        for key in ("profile", "reports_dir"):
            if body.get(key) and not Path(str(body[key])).is_absolute():
                return json_response({"error": f"{key} must be an absolute path, not {body[key]!r}"}, 400)
        with self._lock:
            if self._busy is not None and not self._busy.done:
                return json_response(
                    {"error": f"run {self._busy.id} is still playing on these fakes; one run at a time"}, 409
                )
            options = RunOptions(
                profile=body.get("profile"),
                paths=[Path(str(p)) for p in body.get("paths") or []],
                seed=int(body.get("seed", 0)),
                concurrency=_concurrency(body.get("concurrency", 4)),
                sut_url=body.get("sut_url"),
                sut_command=body.get("sut_command"),
                reports_dir=Path(str(body.get("reports_dir") or Path.cwd() / "reports")),
                quiet=bool(body.get("quiet", False)),
                certify=bool(body.get("certify", False)),
                variant=body.get("variant"),
                argv=[str(a) for a in body.get("argv") or []],
                select=body.get("select"),
                fakes=body.get("fakes"),
                world=self.world,
            )
            number = next(self._ids)
            # A run reaching a SUT by URL meets the fakes (and a SUT) holding the earlier runs' candidates,
            # who have the same emails for the same seed: its journeys are named anew from the second run on.
            # A run that starts its own SUT gets fakes reset to how `up` began, as a certify of its own would.
            options.journey_suffix = f"-r{number}" if number > 1 and options.sut_url else ""
            run = _AttachedRun(str(number), options, int(body.get("width", 100)))
            self.runs[run.id] = self._busy = run
        threading.Thread(target=self._play, args=(run,), name=f"attached-run-{run.id}", daemon=True).start()
        return json_response({"id": run.id}, 201)

    def _play(self, run: _AttachedRun) -> None:
        hub = self.world.hub
        clock = hub.clock
        was_running = clock.running
        settings = dict(hub.settings)
        listeners = list(clock._listeners)
        clock.freeze()  # a run moves the virtual clock itself, as it does on fakes of its own
        try:
            if not run.options.sut_url:
                # A new SUT process: what earlier SUTs left (their webhook subscriptions, whose deliveries
                # now fail and would spend a chaos rule's count) must not be there.
                self.world.reset()
                if self.reseed is not None:
                    self.reseed()
            run.main()
        finally:
            clock._listeners[:] = listeners
            hub.settings.clear()
            hub.settings.update(settings)
            if was_running:
                clock.run()


# -- the client ------------------------------------------------------------------


def control_url(fakes: str) -> str:
    base = fakes.rstrip("/")
    return base.removesuffix("/__harness")


def run_attached(options: RunOptions, out: Any = None) -> int:
    """Play ``options`` on the fakes ``ats-harness up`` serves at ``options.fakes``; the CLI's exit code."""
    import requests

    from .signals import Stopped, stop_on_signals

    assert options.fakes
    out = out or sys.stdout
    base = control_url(options.fakes) + "/__harness"
    headers = {"Content-Type": "application/json"}
    if os.environ.get(TOKEN_ENV):
        headers["X-Harness-Token"] = os.environ[TOKEN_ENV]

    def call(method: str, path: str, body: Any = None, timeout: float = 10) -> Any:
        try:
            response = requests.request(
                method, base + path, data=None if body is None else jsonx.dumps(body), headers=headers, timeout=timeout
            )
        except requests.RequestException as exc:
            raise HarnessError(
                f"no ats-harness fakes answer at {options.fakes} ({type(exc).__name__}); "
                "start them with `ats-harness up` and pass one of the origins it prints to --fakes"
            ) from exc
        try:
            data = response.json()
        except ValueError:
            data = {}
        if response.status_code == 401:
            raise HarnessError(f"the fakes at {options.fakes} need their control token: set {TOKEN_ENV}")
        if response.status_code >= 400:
            message = data.get("error") if isinstance(data, dict) else ""
            if response.status_code == 404 and path == "/runs":
                message = "this `ats-harness up` cannot play runs; upgrade it"
            raise HarnessError(f"the fakes at {options.fakes} refused the run: {message or response.status_code}")
        return data

    call("GET", "/health", timeout=2)
    body = {name: getattr(options, name) for name in _FIELDS}
    body["concurrency"] = "auto" if options.concurrency is None else options.concurrency
    body["paths"] = [str(Path(p).resolve()) for p in options.paths]
    body["profile"] = str(Path(options.profile).resolve()) if options.profile else None
    body["reports_dir"] = str(Path(options.reports_dir).resolve())
    body["width"] = _width(out)
    ident = call("POST", "/runs", body)["id"]
    offset, stopped = 0, None
    with stop_on_signals():
        while True:
            try:
                status = call("GET", f"/runs/{ident}?offset={offset}")
                if status["output"]:
                    out.write(status["output"])
                    out.flush()
                offset = status["offset"]
                if status["done"]:
                    break
                time.sleep(POLL_S)
            except KeyboardInterrupt as exc:  # Ctrl-C, SIGTERM, SIGHUP: stop the run, keep its report
                stopped = exc
                call("POST", f"/runs/{ident}/stop")
    if status["error"]:
        raise HarnessError(status["error"])
    if stopped is not None:
        return stopped.exit_code if isinstance(stopped, Stopped) else 130
    return 0 if status["passed"] else 1


def _width(out: Any) -> int:
    try:
        return max(80, os.get_terminal_size(out.fileno()).columns)
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return 120
