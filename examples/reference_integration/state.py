"""What the integration remembers about each application while it runs.

Kept in memory on purpose: the reporting store is the durable record; this
is working state (dedupe keys, which envelope and booking belong to which
application, what an HRIS sync wrote so it can be undone). Handlers for one
application run one at a time under that application's lock, so a duplicate
delivery racing the original cannot slip between check and mark.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Envelope:
    envelope_id: str
    offer_id: str
    status: str = "sent"


@dataclass
class Booking:
    invitee_uri: str
    event_uri: str
    start_time: datetime | None
    status: str = "active"


@dataclass
class HrisSync:
    status: str  # writing, synced, held, failed, rolled_back
    employee_id: str | None = None
    created: bool = False  # False: the employee already existed, nothing of ours to undo
    baseline: dict[str, set[str]] = field(default_factory=dict)  # table -> row ids before we wrote


@dataclass
class Journey:
    application_id: str
    candidate_id: str | None = None
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    job_id: str | None = None
    stages: list[tuple[datetime, int, str]] = field(default_factory=list)  # (changed_at, arrival, stage)
    envelopes: dict[str, Envelope] = field(default_factory=dict)  # offer id -> envelope
    bookings: dict[str, Booking] = field(default_factory=dict)  # invitee uri -> booking
    hris: HrisSync | None = None
    hired: bool = False
    halted: str | None = None  # why the journey stopped and waits for a person

    def add_stage(self, changed_at: datetime, stage: str, arrival: int) -> tuple[str | None, str | None]:
        """Place a stage change in time order; answer (stage before it, stage after it).

        Ties in time (a frozen clock) fall back to arrival order, so
        re-ordered deliveries are judged by when the move happened, not by
        when we heard of it.
        """
        entry = (changed_at, arrival, stage)
        if any(at == changed_at and name == stage for at, _, name in self.stages):
            entry = next(e for e in self.stages if e[0] == changed_at and e[2] == stage)
        else:
            self.stages.append(entry)
            self.stages.sort()
        index = self.stages.index(entry)
        before = self.stages[index - 1][2] if index > 0 else None
        after = self.stages[index + 1][2] if index + 1 < len(self.stages) else None
        return before, after


class State:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._app_locks: dict[str, threading.RLock] = {}
        self._done: set[tuple[str, ...]] = set()
        self._arrivals = itertools.count()
        self.journeys: dict[str, Journey] = {}
        self.envelope_apps: dict[str, str] = {}
        self.employee_apps: dict[str, str] = {}
        self.hr_edits: list[dict[str, object]] = []

    def lock(self, application_id: str | None) -> threading.RLock:
        with self._lock:
            return self._app_locks.setdefault(application_id or "", threading.RLock())

    def journey(self, application_id: str) -> Journey:
        with self._lock:
            return self.journeys.setdefault(application_id, Journey(application_id))

    def arrival(self) -> int:
        return next(self._arrivals)

    def is_done(self, key: tuple[str, ...]) -> bool:
        with self._lock:
            return key in self._done

    def mark_done(self, key: tuple[str, ...]) -> None:
        with self._lock:
            self._done.add(key)
