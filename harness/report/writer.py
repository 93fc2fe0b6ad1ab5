"""Write a run's reports to disk, including when the run dies half-way."""

from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Literal

from harness.report._text import parse_time
from harness.report.html import render_html
from harness.report.json_report import render_json
from harness.report.junit import render_junit
from harness.results import Event, Reporter, RunResult

REPORT_FILES = {"junit": "junit.xml", "json": "report.json", "html": "report.html"}
_RENDERERS: dict[str, Callable[[RunResult], str | bytes]] = {
    "junit": render_junit,
    "json": render_json,
    "html": render_html,
}


def report_dir(run: RunResult, out_dir: Path | str) -> Path:
    """``<out_dir>/<run_id>``, with the run id reduced to a safe single path component.

    A caller that already holds the run's own folder (its name is the run id)
    gets that folder back rather than a second level of the same name.
    """
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", run.run_id).strip("._") or "run"
    out = Path(out_dir)
    return out if out.name == name else out / name


def _write_atomic(path: Path, data: str | bytes) -> None:
    # A reader (or a second Ctrl-C) never sees half a file: write beside it, then rename.
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; reports are for CI and colleagues to read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_reports(run: RunResult, out_dir: Path | str) -> dict[str, Path]:
    """Write junit.xml, report.json and report.html into ``<out_dir>/<run_id>/``.

    Each report is rendered and written on its own, so a fault in one still
    leaves the others on disk; the first fault is raised once all were tried.
    Returns the paths written, keyed "junit", "json", "html".
    """
    target = report_dir(run, out_dir)
    target.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    first_error: BaseException | None = None
    for key in ("json", "junit", "html"):
        path = target / REPORT_FILES[key]
        try:
            _write_atomic(path, _RENDERERS[key](run))
        except Exception as err:  # kept, and raised once the other reports are written
            first_error = first_error or err
            continue
        written[key] = path
    if first_error is not None:
        raise first_error
    return written


def mark_partial(run: RunResult, reason: str) -> None:
    """Flag a run as stopped early and close its clock fields if the engine could not."""
    run.partial = True
    run.partial_reason = run.partial_reason or reason
    now = datetime.now(UTC)
    if not run.finished_at:
        run.finished_at = now.isoformat().replace("+00:00", "Z")
    started = parse_time(run.started_at)
    if not run.duration_s and started is not None:
        if started.tzinfo is None:
            started = started.replace(tzinfo=UTC)
        run.duration_s = max((now - started).total_seconds(), 0.0)


class PartialGuard(Reporter):
    """Write the reports however the run ends.

    ::

        with PartialGuard(run, "reports") as guard:
            engine.subscribe(guard)  # optional: lets the reason name the journey in flight
            engine.run(...)
        guard.paths  # {"junit": ..., "json": ..., "html": ...}

    On a normal exit the reports are written as they are (``write=False``
    leaves writing to the caller and only marks the run). If the block raises
    (any exception, KeyboardInterrupt, SystemExit), the run is marked partial
    with the reason, the reports are written complete, and the exception is
    re-raised unchanged. A failure to write the reports then is printed to
    stderr and never replaces the original exception.
    """

    def __init__(
        self,
        run: RunResult,
        out_dir: Path | str,
        *,
        write: bool = True,
        stderr: Callable[[str], None] | None = None,
    ) -> None:
        self.run = run
        self.out_dir = Path(out_dir)
        self.write = write  # False: only mark the run partial; the caller writes the reports itself
        self.paths: dict[str, Path] = {}
        self.in_flight: list[str] = []  # journeys started and not finished (several when they run in parallel)
        self._lock = threading.Lock()
        self._stderr = stderr or (lambda text: print(text, file=sys.stderr))

    def on_journey_started(self, event: Event) -> None:
        if event.journey is not None:
            with self._lock:
                self.in_flight.append(event.journey.journey)

    def on_journey_finished(self, event: Event) -> None:
        if event.journey is not None:
            with self._lock:
                if event.journey.journey in self.in_flight:
                    self.in_flight.remove(event.journey.journey)

    def reason(self, exc: BaseException) -> str:
        if isinstance(exc, KeyboardInterrupt):
            # A SIGTERM/SIGHUP arrives as a KeyboardInterrupt that names its signal.
            what = f"interrupted ({exc})" if str(exc) else "interrupted (KeyboardInterrupt)"
        else:
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            what = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
        with self._lock:
            running = list(self.in_flight)
        where = f" during journey{'s' if len(running) > 1 else ''} {', '.join(running)}" if running else ""
        return f"{what}{where}; {len(self.run.journeys)} journeys had finished"

    def __enter__(self) -> PartialGuard:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> Literal[False]:
        if exc is None:
            if self.write:
                self.paths = write_reports(self.run, self.out_dir)
            return False
        mark_partial(self.run, self.reason(exc))
        if not self.write:
            return False
        try:
            self.paths = write_reports(self.run, self.out_dir)
        except Exception as err:  # the run's own exception matters more
            self._stderr(f"ats-harness: could not write the partial reports to {self.out_dir}: {err!r}")
        else:
            self._stderr(f"ats-harness: run stopped early; partial reports in {report_dir(self.run, self.out_dir)}")
        return False


class ReportWriter(Reporter):
    """An event consumer that writes the reports when the run finishes."""

    def __init__(self, out_dir: Path | str) -> None:
        self.out_dir = Path(out_dir)
        self.paths: dict[str, Path] = {}

    def on_run_finished(self, event: Event) -> None:
        self.paths = write_reports(event.run, self.out_dir)
