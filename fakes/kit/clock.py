"""The one virtual clock every fake reads.

Time in a fake never comes from ``datetime.now()``: it comes from here, so a
scenario can jump fifteen hours of Greenhouse retries in a millisecond.

The clock starts frozen at a fixed instant (reproducible timestamps for a
seed; certify and run keep it). ``ats-harness up`` starts it at the real
current time instead, because a SUT it serves checks freshness against its
own real clock. ``run()`` lets it follow real time from there (what ``up``
does, so a SUT sees time pass); ``freeze()`` stops it again. ``advance()``
always works and fires every timer that falls due on the way, in order.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

DEFAULT_START = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)

Timer = Callable[[], None]


class VirtualClock:
    def __init__(self, start: datetime = DEFAULT_START) -> None:
        if start.tzinfo is None:
            raise ValueError(f"start={start!r} must be timezone-aware (UTC)")
        self._base = start.astimezone(UTC)
        self._running_since: float | None = None  # time.monotonic() when run() began
        self._lock = threading.RLock()
        self._timers: list[tuple[datetime, int, Timer]] = []
        self._seq = itertools.count()
        self._listeners: list[Callable[[datetime], None]] = []
        self._wakeup: Callable[[], None] | None = None

    # -- reading ---------------------------------------------------------
    def now(self) -> datetime:
        with self._lock:
            if self._running_since is None:
                return self._base
            return self._base + timedelta(seconds=time.monotonic() - self._running_since)

    def timestamp(self) -> float:
        return self.now().timestamp()

    @property
    def running(self) -> bool:
        return self._running_since is not None

    # -- steering --------------------------------------------------------
    def run(self) -> None:
        """Let virtual time follow real time from the current instant."""
        with self._lock:
            if self._running_since is None:
                self._running_since = time.monotonic()
        self._notify()

    def freeze(self) -> None:
        with self._lock:
            self._base = self.now()
            self._running_since = None
        self._notify()

    def set(self, instant: datetime) -> None:
        """Jump to ``instant`` without firing timers (a reset, not a passage)."""
        if instant.tzinfo is None:
            raise ValueError(f"instant={instant!r} must be timezone-aware (UTC)")
        with self._lock:
            self._base = instant.astimezone(UTC)
            if self._running_since is not None:
                self._running_since = time.monotonic()
            self._timers.clear()
        self._notify()

    def advance(self, delta: timedelta | float) -> datetime:
        """Move time forward, firing each timer due on the way at its own instant."""
        if not isinstance(delta, timedelta):
            delta = timedelta(seconds=float(delta))
        if delta < timedelta(0):
            raise ValueError(f"delta={delta!r} must not be negative: the clock never runs back")
        target = self.now() + delta
        while True:
            with self._lock:
                if not self._timers or self._timers[0][0] > target:
                    self._jump_to(target)
                    break
                when, _, fn = heapq.heappop(self._timers)
                if when > self.now():
                    self._jump_to(when)
            fn()
        self._notify()
        return self.now()

    def _jump_to(self, instant: datetime) -> None:
        self._base = instant
        if self._running_since is not None:
            self._running_since = time.monotonic()

    # -- timers ----------------------------------------------------------
    def call_at(self, when: datetime, fn: Timer) -> None:
        with self._lock:
            heapq.heappush(self._timers, (when, next(self._seq), fn))
        if self._wakeup:
            self._wakeup()

    def call_later(self, delay: timedelta | float, fn: Timer) -> None:
        if not isinstance(delay, timedelta):
            delay = timedelta(seconds=float(delay))
        self.call_at(self.now() + delay, fn)

    def fire_due(self) -> int:
        """Fire every timer whose instant has passed; return how many fired."""
        fired = 0
        while True:
            with self._lock:
                if not self._timers or self._timers[0][0] > self.now():
                    return fired
                _, _, fn = heapq.heappop(self._timers)
            fn()
            fired += 1

    def next_timer(self) -> datetime | None:
        with self._lock:
            return self._timers[0][0] if self._timers else None

    def pending_timers(self) -> int:
        with self._lock:
            return len(self._timers)

    def clear_timers(self) -> None:
        with self._lock:
            self._timers.clear()

    # -- observers (the runtime's timer loop, the SUT's faketime file) ----
    def on_change(self, fn: Callable[[datetime], None]) -> None:
        self._listeners.append(fn)

    def set_wakeup(self, fn: Callable[[], None] | None) -> None:
        self._wakeup = fn

    def _notify(self) -> None:
        now = self.now()
        for fn in list(self._listeners):
            fn(now)
        if self._wakeup:
            self._wakeup()


def iso_z(instant: datetime, millis: bool = True) -> str:
    """``2026-03-02T09:00:00.000Z``: the shape Greenhouse and Calendly use."""
    instant = instant.astimezone(UTC)
    if millis:
        return instant.strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond // 1000:03d}Z"
    return instant.strftime("%Y-%m-%dT%H:%M:%SZ")
