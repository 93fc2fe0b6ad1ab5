"""What a scenario file means, once loaded: frozen dataclasses the engine runs.

Values that may hold templates (world data, step arguments, expectation
specs) stay as plain mappings; :mod:`harness.scenario.templating` renders
them per journey. Durations are already ``timedelta``; relative instants
("+2d@10:00") stay text until the engine resolves them against its clock.
Treat every mapping here as read-only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

__all__ = [
    "CANDIDATE_KEYS",
    "DEFAULT_WITHIN",
    "EXPECTATION_KINDS",
    "JOB_KEYS",
    "OFFER_KEYS",
    "STEP_KINDS",
    "ChaosSpec",
    "Expectation",
    "FaultSpec",
    "Scenario",
    "Step",
    "WorldSpec",
    "default_world",
]

STEP_KINDS = (
    "apply",
    "advance",
    "move_stage",
    "reject",
    "unreject",
    "reapply",
    "create_offer",
    "update_offer",
    "approve_offer",
    "hire",
    "book",
    "cancel_booking",
    "reschedule",
    "view_envelope",
    "sign",
    "decline",
    "hr_edit",
    "update_candidate",
    "update_application",
    "advance_clock",
    "redeliver",
    "rollback",
    "wait",
    "expect",
    "expect_none",
)
EXPECTATION_KINDS = (
    "email",
    "alert",
    "envelope",
    "employee",
    "booking",
    "ats",
    "hris_writes",
    "esign_writes",
    "scheduler_writes",
    "ats_writes",
    "emails",
)
DEFAULT_WITHIN = timedelta(seconds=10)

JOB_KEYS = ("name", "department", "office", "stages", "hiring_manager", "opened_at")
CANDIDATE_KEYS = ("first_name", "last_name", "email", "phone", "source", "company", "title")
OFFER_KEYS = ("salary", "currency", "pay_period", "employment_type", "hours_per_week", "start_date")


def default_world() -> dict[str, dict[str, Any]]:
    """What a scenario's world starts from; its own ``world`` keys replace these one by one.

    The candidate's names come from the seeded faker and the email from the
    journey id, so journeys running side by side never share a record.
    """
    return {
        "job": {
            "name": "Senior Designer",
            "department": "Design",
            "office": "New York",
            "stages": ["Application Review", "Phone Screen", "Technical Interview", "Onsite", "Offer"],
            "hiring_manager": {"first_name": "Morgan", "last_name": "Lee", "email": "morgan.lee@example.com"},
            "opened_at": "-30d",
        },
        "candidate": {
            "first_name": "{{ faker.first_name() }}",
            "last_name": "{{ faker.last_name() }}",
            "email": "{{ journey.id }}@candidates.example.com",
            "phone": "+1 555 0100",
            "source": "LinkedIn",
        },
        "offer": {
            "salary": "103000.00",
            "currency": "USD",
            "pay_period": "year",
            "employment_type": "Full-time",
            "hours_per_week": 40,
            "start_date": "+30d",
        },
    }


@dataclass(frozen=True)
class WorldSpec:
    """The job, candidate and offer a journey starts from (defaults merged, templates unrendered)."""

    job: Mapping[str, Any]
    candidate: Mapping[str, Any]
    offer: Mapping[str, Any]


@dataclass(frozen=True)
class Expectation:
    """One thing that must happen (``expect``) or must not have happened (``expect_none``).

    ``kind`` is one of :data:`EXPECTATION_KINDS`; ``spec`` is the mapping under
    it (templates unrendered). ``within`` is the deadline of a positive
    expectation; a negative one is judged at quiescence and has none.
    """

    kind: str
    spec: Mapping[str, Any]
    negative: bool = False
    within: timedelta | None = DEFAULT_WITHIN


@dataclass(frozen=True)
class Step:
    """One step of a scenario.

    ``args`` are the keyword arguments of the step (``{"to": "Phone Screen"}``
    for ``move_stage``); steps written without arguments have ``{}``.
    ``advance_clock`` always has ``{"by": timedelta}``, ``wait`` has
    ``{"until": "quiescence"}``. ``expect`` / ``expect_none`` carry their
    parsed ``expectation`` (``args`` keeps the mapping as written).
    ``index``, ``line`` and ``column`` say where the step was written.
    """

    kind: str
    args: Mapping[str, Any] = field(default_factory=dict)
    index: int = 0
    line: int | None = None
    column: int | None = None
    expectation: Expectation | None = None

    def as_yaml(self) -> dict[str, Any]:
        """The step in the file's form: a one-key mapping."""
        return {self.kind: dict(self.args)}


@dataclass(frozen=True)
class FaultSpec:
    """A fault rule of the kit (``fakes.kit.faults.FaultRule``), as the scenario declares it."""

    kind: str
    fake: str | None = None
    method: str | None = None
    path: str | None = None
    operation: str | None = None
    status: int | None = None
    message: str = ""
    count: int | None = 1
    after: int = 0
    delay: timedelta | None = None
    retry_after: timedelta | None = None

    def rule_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``FaultRule`` / ``Faults.add``."""
        out: dict[str, Any] = {"kind": self.kind, "count": self.count, "after": self.after}
        for name in ("fake", "method", "path", "operation", "status"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        if self.message:
            out["message"] = self.message
        if self.delay is not None:
            out["seconds"] = self.delay.total_seconds()
        if self.retry_after is not None:
            out["retry_after"] = self.retry_after.total_seconds()
        return out


@dataclass(frozen=True)
class ChaosSpec:
    """A webhook chaos rule of the kit (``fakes.kit.webhooks.ChaosRule``)."""

    kind: str
    fake: str | None = None
    event: str | None = None
    count: int | None = 1
    delay: timedelta | None = None

    def rule_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``ChaosRule`` / ``Dispatcher.add_chaos``."""
        out: dict[str, Any] = {"kind": self.kind, "count": self.count}
        if self.fake is not None:
            out["fake"] = self.fake
        if self.event is not None:
            out["event"] = self.event
        if self.delay is not None:
            out["seconds"] = self.delay.total_seconds()
        return out


@dataclass(frozen=True)
class Scenario:
    """A loaded, validated scenario file."""

    name: str
    layer: str
    file: str
    steps: tuple[Step, ...]
    world: WorldSpec
    description: str = ""
    tags: tuple[str, ...] = ()
    seed: int | None = None
    journeys: int = 1
    packs: tuple[str, ...] = ()
    records: tuple[Mapping[str, Any], ...] = ()  # the packs' records, then the inline ones
    faults: tuple[FaultSpec, ...] = ()
    chaos: tuple[ChaosSpec, ...] = ()
    checks: tuple[str, ...] = ()
    version: int = 1

    def record(self, journey: int) -> Mapping[str, Any]:
        """The data record journey number ``journey`` (from 0) uses; empty without data."""
        return self.records[journey % len(self.records)] if self.records else {}

    @property
    def expectations(self) -> tuple[Expectation, ...]:
        return tuple(s.expectation for s in self.steps if s.expectation is not None)
