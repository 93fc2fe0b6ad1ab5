"""Reaching the system under test: a URL, a command the harness starts, or a
Python app run in-process.

A SUT the harness starts lives on the virtual clock: it runs under
libfaketime with a timestamp file the harness rewrites whenever the clock
moves, so the SUT's own timers (reminders, offer expiry, back-off) run in
simulated time. A SUT reached by URL keeps its own clock, and the report
says so.
"""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

from .errors import HarnessError
from .faketime import OS_LIBS as FAKETIME_LIBS  # noqa: F401 - kept for callers of the old name
from .faketime import locate as locate_libfaketime


class SutError(HarnessError):
    """The SUT could not be started or reached."""


def find_libfaketime() -> str | None:
    """The libfaketime a started SUT gets (built from the PyPI package, else the OS one), or None."""
    return locate_libfaketime()[0]


class FaketimeFile:
    """The timestamp file libfaketime reads; ``write(instant)`` moves the SUT's clock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._last = ""

    def write(self, instant: datetime) -> None:
        text = "@" + instant.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S") + "\n"
        with self._lock:  # journeys on several threads move the clock
            if text == self._last:
                return
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(text)
            os.replace(tmp, self.path)  # atomic: the SUT never reads half a line
            self._last = text


@dataclass
class Sut:
    """Base: ``start(env)`` returns the SUT's base URL; ``time_control`` says whose clock it reads."""

    url: str = ""
    time_control: str = "lost: the SUT was reached by URL and keeps its own clock"
    faketime_lib: str = ""  # the libfaketime preloaded into a started SUT ("" when none)
    output_path: Path | None = None

    def start(self, env: Mapping[str, str], clock_now: datetime) -> str:
        return self.url

    def on_clock(self, instant: datetime) -> None:
        """The virtual clock moved."""

    def alive(self) -> bool:
        return True

    def crash_report(self) -> str:
        return ""

    def stop(self) -> None:
        pass

    def describe(self) -> str:
        return f"url {self.url}"


class UrlSut(Sut):
    def __init__(self, url: str) -> None:
        super().__init__(url=url.rstrip("/"))

    def start(self, env: Mapping[str, str], clock_now: datetime) -> str:
        check_reachable(self.url)
        return self.url


def check_reachable(url: str, timeout: float = 1.5) -> None:
    """Fail fast, naming the URL, when nothing accepts connections there (not ten seconds per journey later)."""
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        port = None
    if parts.scheme not in ("http", "https") or not parts.hostname or port is None:
        raise SutError(f"the SUT URL {url!r} is not an http(s)://HOST:PORT URL; check --sut-url or sut.url")
    try:
        socket.create_connection((parts.hostname, port), timeout=timeout).close()
    except OSError as exc:
        raise SutError(
            f"the SUT at {url} is not reachable ({exc.strerror or exc}); start it before the run "
            "(with the fakes' contract in its environment), or fix --sut-url / sut.url in the profile"
        ) from exc


@dataclass
class CommandSut(Sut):
    """A command started with the SUT contract in its environment, waited for, and stopped."""

    command: str = ""
    extra_env: dict[str, str] = field(default_factory=dict)
    health: str | None = "/health"
    ready_log: str | None = None
    startup_timeout: float = 20.0
    cwd: str | None = None
    use_faketime: bool = True
    work_dir: Path = field(default_factory=lambda: Path("reports"))
    _proc: subprocess.Popen[bytes] | None = None
    _faketime: FaketimeFile | None = None
    _log: Any = None

    def start(self, env: Mapping[str, str], clock_now: datetime) -> str:
        argv = shlex.split(self.command)
        if not argv:
            raise SutError("the SUT command is empty; set sut.command in the profile or pass --sut-command")
        if argv[0] in ("python", "python3"):
            argv[0] = sys.executable  # the interpreter the harness runs on, with its packages
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self.output_path = self.work_dir / "sut-output.log"
        full_env = {**os.environ, **env, **self.extra_env, "PYTHONUNBUFFERED": "1"}
        lib, why = locate_libfaketime() if self.use_faketime else (None, "disabled")
        self.faketime_lib = lib or ""
        if lib:
            self._faketime = FaketimeFile(self.work_dir / "faketime.txt")
            self._faketime.write(clock_now)
            full_env.update(
                LD_PRELOAD=lib,
                FAKETIME_TIMESTAMP_FILE=str(self._faketime.path),
                FAKETIME_NO_CACHE="1",
            )
            self.time_control = "virtual (libfaketime)"
        else:
            self.time_control = f"lost: {why}; the SUT's own timers run in real time"
        self._log = open(self.output_path, "wb")  # noqa: SIM115 - closed in stop()
        try:
            self._proc = subprocess.Popen(
                argv, env=full_env, cwd=self.cwd, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
            )
        except OSError as exc:
            raise SutError(f"could not start the SUT command {self.command!r}: {exc}") from exc
        self._wait_ready()
        return self.url

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        pause = 0.01
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                raise SutError(
                    f"the SUT exited with code {self._proc.returncode} before it was ready; "
                    f"its output:\n{self.crash_report()}"
                )
            if self._ready():
                return
            time.sleep(pause)  # start-up polling with back-off, bounded by startup_timeout
            pause = min(pause * 2, 0.2)
        self.stop()
        raise SutError(
            f"the SUT was not ready within {self.startup_timeout:g} s "
            f"({'health ' + self.url + (self.health or '') if self.health else 'log line ' + repr(self.ready_log)}); "
            f"raise sut.startup_timeout in the profile if it is just slow. Its output:\n{self.crash_report()}"
        )

    def _ready(self) -> bool:
        if self.ready_log:
            return self.output_path is not None and self.ready_log.encode() in self.output_path.read_bytes()
        if self.health:
            try:
                return requests.get(self.url + self.health, timeout=1).status_code < 500
            except requests.RequestException:
                return False
        return True

    def on_clock(self, instant: datetime) -> None:
        if self._faketime is not None:
            self._faketime.write(instant)

    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def crash_report(self, lines: int = 40) -> str:
        if self.output_path is None or not self.output_path.exists():
            return ""
        text = self.output_path.read_bytes().decode("utf-8", "replace").splitlines()
        return "\n".join(text[-lines:])

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(5)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(5)
        if self._log is not None:
            self._log.close()
            self._log = None

    def describe(self) -> str:
        return f"command {self.command!r} at {self.url}"


class InProcessSut(Sut):
    """A Python SUT in this process: its ``requests`` calls are routed into the fakes by ``responses``.

    ``factory(env)`` returns an ASGI or WSGI app (the SUT's webhook receiver);
    webhooks reach it through an httpx transport, with no sockets at all.
    """

    def __init__(self, factory: Callable[[Mapping[str, str]], Any], world: Any, name: str = "in-process") -> None:
        super().__init__(url="http://sut.in-process", time_control="lost: an in-process SUT reads the real clock")
        self.factory = factory
        self.world = world
        self.name = name
        self.app: Any = None
        self._router: Any = None
        self._lifespan: _Lifespan | None = None

    def start(self, env: Mapping[str, str], clock_now: datetime) -> str:
        from fakes.kit.inprocess import InProcessRouter

        if self.world.runtime is None:
            raise SutError("an in-process SUT needs the world's loop: call world.start_background() (or serve) first")
        # Its webhook receiver is http://sut.in-process, neither https nor loopback: let every vendor take it.
        from .dialects import DIALECTS

        for chosen in DIALECTS.values():
            for key, value in chosen.inprocess_settings.items():
                self.world.hub.settings.setdefault(key, value)
        self._router = InProcessRouter(self.world).start()
        # The fakes now answer at their in-process origins: those, not the ones the env was built from.
        self.app = self.factory({**env, **self.world.contract_env()})
        self._use_transport(_transport_for(self.app))
        self._lifespan = _Lifespan(self.app)
        try:
            self.world.runtime.call(self._lifespan.startup())
        except BaseException:
            self.stop()
            raise
        return self.url

    def stop(self) -> None:
        if self._lifespan is not None:
            lifespan, self._lifespan = self._lifespan, None
            if self.world.runtime is not None:
                self.world.runtime.call(lifespan.shutdown())
        if self._router is not None:
            self._router.stop()
            self._router = None
        self._use_transport(None)

    def _use_transport(self, transport: Any) -> None:
        """Webhooks go through ``transport`` from now on (the dispatcher's client is made anew with it)."""
        dispatcher = self.world.hub.dispatcher
        if dispatcher.transport is transport:
            return
        dispatcher.transport = transport
        if self.world.runtime is not None:
            self.world.runtime.call(dispatcher.aclose())

    def describe(self) -> str:
        return f"in-process {self.name}"


class _Lifespan:
    """The ASGI lifespan protocol, run on the world's loop: what a server does before the first request.

    An app that does not speak it (raises before answering ``lifespan.startup``)
    is started without it, as uvicorn's ``lifespan="auto"`` does.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self._inbox: Any = None
        self._started: Any = None
        self._stopped: Any = None
        self._task: Any = None
        self._stopping = False

    async def startup(self) -> None:
        import asyncio

        loop = asyncio.get_running_loop()
        self._inbox = asyncio.Queue()
        self._started, self._stopped = loop.create_future(), loop.create_future()
        self._task = asyncio.ensure_future(self._main())
        await self._inbox.put({"type": "lifespan.startup"})
        await self._started

    async def shutdown(self) -> None:
        if self._task is None or self._task.done():
            return
        self._stopping = True
        await self._inbox.put({"type": "lifespan.shutdown"})
        await self._stopped

    async def _main(self) -> None:
        scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": {}}
        try:
            await self.app(scope, self._inbox.get, self._send)
        except Exception as exc:
            if not self._started.done():
                self._started.set_result(None)  # no lifespan support: start without it
            elif self._stopping and not self._stopped.done():
                self._stopped.set_exception(SutError(f"the in-process SUT failed to stop: {exc!r}"))
        finally:
            for future in (self._started, self._stopped):
                if not future.done():
                    future.set_result(None)

    async def _send(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "lifespan.startup.complete":
            self._started.set_result(None)
        elif kind == "lifespan.startup.failed":
            self._started.set_exception(SutError(f"the in-process SUT failed to start: {message.get('message', '')}"))
        elif kind == "lifespan.shutdown.complete":
            self._stopped.set_result(None)
        elif kind == "lifespan.shutdown.failed":
            self._stopped.set_exception(SutError(f"the in-process SUT failed to stop: {message.get('message', '')}"))


def _transport_for(app: Any) -> Any:
    import inspect

    import httpx

    call = getattr(app, "__call__", None)  # noqa: B004 - a class instance's call, not callable()
    if not (inspect.iscoroutinefunction(app) or inspect.iscoroutinefunction(call)):
        raise HarnessError(
            f"the in-process SUT factory returned {type(app).__name__}, which is not an ASGI app; "
            "return a Starlette/FastAPI (ASGI) app, or run the SUT as a command (sut.command in the profile)"
        )
    return httpx.ASGITransport(app=app)
