"""Journeys that move the virtual clock, run together instead of one at a time.

Moving the clock moves it for every journey: a jump fires the SUT's timers
for all of them. Run naively side by side, one journey's jump would land in
the middle of another's steps (its ``expect_none`` judged after a jump it
never asked for). A :class:`ClockBatch` keeps each journey's view exact:
the clock jumps only when every running member is waiting at an
``advance_clock`` step (or has finished), and then only to the earliest
instant one of them asked for. The members whose instant has come go on;
the others keep waiting through the jump, which lies inside the span they
asked to skip anyway. Between jumps the members' steps run at once, like
any other journeys.

One jump serves many: journeys of one scenario ask for the same span, but
seconds apart (every action moves the clock a second), so a jump goes on to
the latest instant it can serve while overshooting no member's instant by
more than a thousandth of the span it asked for, and never by more than a
minute (``slack``). A 103 h jump may land up to a minute late; a 2 h one
7 s; a one-minute one 60 ms. ``--serial-clock`` runs these journeys one at
a time instead, each jump exact.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..errors import HarnessError

POLL_S = 0.02  # how often a waiting member looks at the clock (other journeys' actions move it too)
SLACK_SHARE = 0.001  # a jump may overshoot a member's instant by this share of the span it asked for...
SLACK_MAX = timedelta(minutes=1)  # ...and never by more than this


def slack(delta: timedelta) -> timedelta:
    return min(delta * SLACK_SHARE, SLACK_MAX)


class BatchStopped(HarnessError):
    """The run stopped while this journey waited for the clock."""


@dataclass
class BatchStats:
    journeys: int = 0  # members that joined
    asked: int = 0  # advance_clock steps the members took
    jumps: int = 0  # jumps the batch made for them
    most_at_once: int = 0  # members taking steps at the same moment
    overshoot: timedelta = timedelta(0)  # the most a jump went past a member's instant

    def describe(self) -> dict[str, int | float]:
        return {
            "journeys": self.journeys,
            "advance_steps": self.asked,
            "jumps": self.jumps,
            "most_at_once": self.most_at_once,
            "largest_overshoot_s": round(self.overshoot.total_seconds(), 3),
        }


class ClockBatch:
    """Members are named (a journey's tag) and all join before any starts, so every one of them starts
    before the first jump, at the run's first instant, however many there are. ``slots`` of them take
    steps at once (the run's concurrency); a member waiting for the clock gives its slot up."""

    def __init__(self, clock: Any, slots: int = 1 << 30) -> None:
        self.clock = clock
        self.stats = BatchStats()
        self._cond = threading.Condition()
        self._members: set[str] = set()
        self._stepping: set[str] = set()
        self._waiting: dict[str, tuple[datetime, timedelta]] = {}  # member -> (the instant it waits for, slack)
        self._slots = max(1, slots)
        self._stopped = False

    def join(self, member: str) -> None:
        with self._cond:
            self._members.add(member)
            self.stats.journeys += 1

    def is_member(self, member: str) -> bool:
        with self._cond:
            return member in self._members

    def enter(self, member: str) -> None:
        """Wait for a slot to take steps in."""
        with self._cond:
            self._take_slot(member)

    def leave(self, member: str) -> None:
        """The member finished (passed, failed or errored): it no longer holds a jump back."""
        with self._cond:
            self._members.discard(member)
            self._stepping.discard(member)
            self._waiting.pop(member, None)
            self._jump_if_all_wait()
            self._cond.notify_all()

    def advance(self, member: str, delta: timedelta) -> None:
        """Return once the clock has reached the member's current instant plus ``delta``."""
        with self._cond:
            if member not in self._members:
                raise HarnessError(f"journey {member} moved the clock through a batch it never joined")
            target = self.clock.now() + delta
            self.stats.asked += 1
            self._waiting[member] = (target, slack(delta))
            self._stepping.discard(member)
            self._cond.notify_all()  # a slot is free
            try:
                while self.clock.now() < target:
                    self._check_stopped()
                    self._jump_if_all_wait()
                    if self.clock.now() >= target:
                        break
                    self._cond.wait(POLL_S)
            finally:
                self._waiting.pop(member, None)
            self._take_slot(member)

    def stop(self) -> None:
        """Release every waiting member (each ends with BatchStopped): the run is being stopped."""
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def _check_stopped(self) -> None:
        if self._stopped:
            raise BatchStopped("the run stopped while this journey waited for the virtual clock")

    def _take_slot(self, member: str) -> None:
        while len(self._stepping) >= self._slots:
            self._check_stopped()
            self._cond.wait(POLL_S)
        self._stepping.add(member)
        self.stats.most_at_once = max(self.stats.most_at_once, len(self._stepping))

    def _jump_if_all_wait(self) -> None:
        """Called holding the lock: once no member is stepping or about to, jump to the latest instant one
        jump can serve (see the module's text)."""
        if not self._waiting or len(self._waiting) != len(self._members):
            return
        now = self.clock.now()
        asked = sorted(self._waiting.values())
        landing, limit = asked[0][0], asked[0][0] + asked[0][1]
        for target, room in asked[1:]:
            if target > limit:
                break
            landing, limit = target, min(limit, target + room)
        if landing > now:
            self.clock.advance(landing - now)
            self.stats.jumps += 1
            self.stats.overshoot = max(
                [self.stats.overshoot] + [landing - max(t, now) for t, _ in asked if t <= landing]
            )
        self._cond.notify_all()
