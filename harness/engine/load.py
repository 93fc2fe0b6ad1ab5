"""How many journeys run at once, chosen while the run goes (``--concurrency auto``, the default).

Journeys mostly wait: on the SUT's reactions and on quiet windows. How many
are worth running at once depends on how long those waits are, which depends
on the SUT, so the number is not fixed up front. It starts from the CPU count
(:func:`runner.default_concurrency`) and every second the controller looks at
two things:

* **the SUT's answer time**: how long the SUT took to answer each webhook
  the fakes delivered, the median over the last second. Its best is the
  quickest tenth of a window's answers, the lowest seen in the run: what an
  answer costs with no queue in front of it (a window's median is no such
  measure when the run starts with the SUT already queueing). While the
  median stays near the best (within 1.5 times it, plus 50 ms), the SUT
  keeps up, and only then may the number go up. When the median climbs to
  three times the best and a quarter of a second more, the SUT is queueing
  the work: more journeys only lengthen the queue and bring the expectation
  deadlines closer, so the number goes down by a quarter. Webhooks still
  unanswered that long count too (the median age of those in flight, when
  three or more and half the running journeys wait on one): a queue shows
  there first. Webhooks about journeys that inject faults or chaos are left
  out: a SUT retrying a vendor the scenario made fail answers late on
  purpose. (How long an ``expect`` waited is no such measure: many effects
  are there before the expectation looks, so its median jumps between zero
  and the SUT's delay with the mix of journeys running.)
* **the harness's own CPU**: the CPU seconds this process (engine and fakes)
  spent per second of wall time, smoothed over the windows (each window's
  share varies with which journeys happen to run). Past ``CPU_HIGH`` of one
  core its threads start queueing for the interpreter and every answer the
  fakes give the SUT comes later, so the number goes down, though not below
  where it started (the CPU count's default was measured to pay on its own
  with a fast SUT: phases of the run where a few journeys cost a lot of CPU
  are no reason to go under it). Under ``CPU_TARGET`` with journeys still
  waiting for a place, it goes up in proportion (at most half again per
  second), towards the target.

A slow SUT therefore gets more journeys at once (each uses little CPU while
it waits), a fast one about the CPU count's default, and one that serialises
its work fewer. Measured on two cores (benchmarks/certify_suite.py and
benchmarks/slow_sut.py): the harness's CPU at half a core was where adding
journeys stopped paying, for the reference and for SUTs 250-500 ms slower per
webhook alike. ``--concurrency N`` fixes the number instead. The report's
environment says how it moved and why.
"""

from __future__ import annotations

import statistics
import threading
import time
from dataclasses import dataclass, field
from typing import Any

WINDOW_S = 1.0  # how often the controller looks
CPU_TARGET = 0.5  # the harness's CPU, in cores, it grows the number towards...
CPU_HIGH = 0.65  # ...and above which it cuts it
SLOWER = 3.0  # the SUT's median answer this many times its best, plus...
SLOWER_PLUS_S = 0.25  # ...this much, means the SUT is queueing
KEEPS_UP = 1.5  # a median answer at most this many times the best, plus...
KEEPS_UP_PLUS_S = 0.05  # ...this much, and the SUT keeps up: more journeys may start
FLOOR, CEILING = 2, 64
MIN_SAMPLES = 5  # answers a window needs before their median says anything
MIN_IN_FLIGHT = 3  # webhooks unanswered at once before their median age says anything
HISTORY = 40  # changes kept for the report


class Gate:
    """At most ``limit`` holders at once; the limit may change while holders wait."""

    def __init__(self, limit: int) -> None:
        self._cond = threading.Condition()
        self.limit = max(1, limit)
        self.active = 0
        self.blocked = False  # someone waits for a place right now

    def acquire(self) -> None:
        with self._cond:
            while self.active >= self.limit:
                self.blocked = True
                self._cond.wait(0.1)  # a short wait: Ctrl-C reaches the main thread between waits
            self.blocked = False
            self.active += 1

    def release(self) -> None:
        with self._cond:
            self.active -= 1
            self._cond.notify_all()

    def set_limit(self, limit: int) -> None:
        with self._cond:
            self.limit = max(1, limit)
            self._cond.notify_all()


@dataclass
class Change:
    at_s: float
    to: int
    why: str

    def describe(self) -> dict[str, Any]:
        return {"at_s": round(self.at_s, 1), "to": self.to, "why": self.why}


@dataclass
class LoadControl:
    """The controller (see the module's text); ``tick`` is one look, fed what the window measured."""

    start: int
    adaptive: bool = True  # False: a fixed number (--concurrency N); the answers are still measured, for the report
    floor: int = FLOOR
    ceiling: int = CEILING
    limit: int = 0
    best_answer: float | None = None
    cpu: float | None = None  # the harness's CPU in cores, smoothed
    changes: list[Change] = field(default_factory=list)
    lowest: int = 0
    highest: int = 0
    _answers: list[float] = field(default_factory=list)
    _all_answers: list[float] = field(default_factory=list)  # the whole run's, for the report
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        start = max(self.floor, min(self.ceiling, self.start)) if self.adaptive else max(1, self.start)
        self.limit = self.lowest = self.highest = start

    def answer(self, seconds: float) -> None:
        """The SUT answered a webhook this long after it went out."""
        with self._lock:
            self._answers.append(seconds)

    def tick(self, at_s: float, cpu_cores: float, waiting_for_a_place: bool, in_flight_s: float = 0.0) -> int:
        """One look at the last window: the harness used ``cpu_cores`` of CPU per second of wall time,
        journeys were (or were not) waiting for a place, and the webhooks still unanswered went out
        ``in_flight_s`` ago (their median; 0: too few to say). Returns the new number."""
        with self._lock:
            answers, self._answers = self._answers, []
        self._all_answers += answers
        if not self.adaptive:
            return self.limit
        median = quick = None
        if len(answers) >= MIN_SAMPLES:
            answers.sort()
            median, quick = statistics.median(answers), answers[len(answers) // 10]
            self.best_answer = quick if self.best_answer is None else min(self.best_answer, quick)
        self.cpu = cpu_cores if self.cpu is None else (self.cpu + cpu_cores) / 2
        cpu = self.cpu
        best = self.best_answer
        # A queue shows in the answers that came back, and first in the one that has not come back yet.
        slowest = max(median or 0.0, in_flight_s)
        new, why = self.limit, ""
        if best is not None and slowest > SLOWER * best + SLOWER_PLUS_S:
            new = int(self.limit * 0.75)
            seen = (
                f"median answer {median * 1000:.0f} ms"
                if median is not None and median >= in_flight_s
                else f"webhooks unanswered for {in_flight_s * 1000:.0f} ms (the median of those in flight)"
            )
            why = (
                f"the SUT's {seen}, over {SLOWER:g} times its best ({best * 1000:.0f} ms) "
                f"and {SLOWER_PLUS_S * 1000:.0f} ms more: it is queueing"
            )
        elif cpu > CPU_HIGH and self.limit > self.start:
            new = max(self.start, int(self.limit * 0.85))
            why = f"the harness used {cpu:.2f} of a core, over {CPU_HIGH}: its own threads queue"
        elif waiting_for_a_place and cpu < CPU_TARGET and self._keeps_up(median, slowest):
            new = int(self.limit * min(1.5, CPU_TARGET / max(cpu, 0.05))) + 1
            why = (
                f"the harness used {cpu:.2f} of a core, under {CPU_TARGET}, the SUT keeps up, "
                "and journeys wait to start"
            )
        new = max(self.floor, min(self.ceiling, new))
        if new != self.limit:
            self.limit = new
            self.lowest, self.highest = min(self.lowest, new), max(self.highest, new)
            self.changes.append(Change(at_s, new, why))
        return self.limit

    def _keeps_up(self, median: float | None, slowest: float) -> bool:
        """Nothing heard yet (the first windows), or a window's median answer near the SUT's best."""
        if self.best_answer is None:
            return True
        return median is not None and slowest <= KEEPS_UP * self.best_answer + KEEPS_UP_PLUS_S

    def answers(self) -> dict[str, Any]:
        """The SUT's webhook answer times over the whole run (webhooks of fault and chaos journeys left out)."""
        with self._lock:
            seen = sorted(self._all_answers + self._answers)
        if not seen:
            return {"count": 0}
        return {
            "count": len(seen),
            "median_ms": round(statistics.median(seen) * 1000, 1),
            "p90_ms": round(seen[int(len(seen) * 0.9)] * 1000, 1),
            "max_ms": round(seen[-1] * 1000, 1),
        }

    def describe(self) -> dict[str, Any]:
        if not self.adaptive:
            return {"mode": "fixed", "journeys_at_once": self.limit, "sut_answers": self.answers()}
        kept = self.changes[-HISTORY:]
        return {
            "mode": "auto (--concurrency N fixes it)",
            "start": self.start,
            "final": self.limit,
            "lowest": self.lowest,
            "highest": self.highest,
            "sut_best_median_answer_ms": None if self.best_answer is None else round(self.best_answer * 1000, 1),
            "sut_answers": self.answers(),
            "changes": [c.describe() for c in kept],
            "changes_left_out": len(self.changes) - len(kept),
        }


class AnswerWatch:
    """Feeds a :class:`LoadControl` the answer time of every webhook attempt the SUT answered (a status; a
    refused connection has none), read from the dispatcher's log (``fakes.kit.webhooks.Dispatcher``)."""

    def __init__(self, dispatcher: Any, control: LoadControl, disturbed: Any = None) -> None:
        self.dispatcher, self.control = dispatcher, control
        # Whether a delivery is about a journey whose scenario slows the SUT on purpose (faults, chaos): its
        # answers time the scenario, not the load, and are left out (decided once, when it is first seen).
        self.disturbed = disturbed or (lambda delivery: False)
        self._mark = dispatcher.logged
        self._open: dict[int, list[Any]] = {}  # delivery id -> [delivery, attempts already counted]

    def __call__(self) -> None:
        new = self.dispatcher.logged_since(self._mark)
        self._mark += len(new)
        for delivery in new:
            if not self.disturbed(delivery):
                self._open[delivery.id] = [delivery, 0]
        for ident, entry in list(self._open.items()):
            delivery, counted = entry
            attempts = list(delivery.attempts[counted:])
            for attempt in attempts:
                if attempt.get("status"):
                    self.control.answer(float(attempt.get("ms", 0.0)) / 1000)
            entry[1] = counted + len(attempts)
            if delivery.done:
                del self._open[ident]

    def in_flight_s(self, running: int = 0) -> float:
        """The median age of the webhooks waiting for the SUT's answer as of the last look, when at least
        ``MIN_IN_FLIGHT`` are and as many as half the ``running`` journeys (0 otherwise): a queue ages them
        all, while the few handlers that take their time on purpose (retrying a vendor that a scenario made
        fail) are no queue."""
        now = time.monotonic()
        ages = [
            now - d.sent_at
            for d, _ in self._open.values()
            if d.state == "sending" and d.sent_at is not None and d.answered_at is None
        ]
        return statistics.median(ages) if len(ages) >= max(MIN_IN_FLIGHT, running / 2) else 0.0


class Controller:
    """Runs :meth:`LoadControl.tick` every ``WINDOW_S`` on a thread, moving the gate's limit."""

    def __init__(self, control: LoadControl, gate: Gate, watch: AnswerWatch, window: float = WINDOW_S) -> None:
        self.control, self.gate, self.window, self.watch = control, gate, window, watch
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="load-control", daemon=True)
        self._began = time.perf_counter()

    def __enter__(self) -> Controller:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        waited = False
        while not self._stop.wait(self.window / 4):
            waited = waited or self.gate.blocked  # journeys waited for a place at some point this window
            self.watch()
            now = time.perf_counter()
            if now - wall < self.window:
                continue
            used = (time.process_time() - cpu) / (now - wall)
            limit = self.control.tick(now - self._began, used, waited, self.watch.in_flight_s(self.gate.active))
            self.gate.set_limit(limit)
            wall, cpu, waited = now, time.process_time(), False
