"""What an integration profile declares, once loaded and checked: frozen dataclasses.

Money and ranges are ``Decimal``; durations are ``timedelta``. Lookups the
engine needs often (a trigger by name, an email's subject) are methods.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

__all__ = [
    "EFFECT_KEYS",
    "EVENTS",
    "FIELD_TYPES",
    "AlertSpec",
    "EmailRule",
    "FieldMap",
    "FieldSpec",
    "OwnershipRule",
    "Profile",
    "ReportingSpec",
    "RollbackEndpoint",
    "RollbackSpec",
    "SutSpec",
    "Threshold",
    "Trigger",
    "TriggerWhen",
    "ValidationRule",
    "Vendors",
]

EVENTS = (
    "application_created",
    "stage_changed",
    "offer_created",
    "offer_approved",
    "offer_updated",
    "rejected",
    "unrejected",
    "hired",
    "booked",
    "booking_canceled",
    "envelope_completed",
    "envelope_declined",
)
EFFECT_KEYS = ("email", "scheduling_link", "envelope", "hris_sync", "ats_note", "alert")
FIELD_TYPES = ("text", "money", "date", "number", "enum")


@dataclass(frozen=True)
class Vendors:
    ats: str = "greenhouse"
    hris: str = "bamboohr"
    esign: str = "docusign"
    scheduler: str = "calendly"


@dataclass(frozen=True)
class RollbackEndpoint:
    """``path`` may hold {application_id}, {candidate_id}, {offer_id}, {journey}."""

    path: str
    method: str = "POST"


@dataclass(frozen=True)
class SutSpec:
    command: str | None = None
    url: str | None = None
    image: str | None = None  # container mode: a local image started with testcontainers
    port: int | None = None  # the port the image's SUT listens on (host network)
    health: str | None = None
    ready_log: str | None = None
    env: Mapping[str, str] = field(default_factory=dict)
    startup_timeout: timedelta = timedelta(seconds=20)
    rollback: RollbackEndpoint | None = None


@dataclass(frozen=True)
class EmailRule:
    """An email of touchpoint ``kind`` is one whose subject contains ``subject``."""

    kind: str
    subject: str


@dataclass(frozen=True)
class TriggerWhen:
    event: str
    to: str | None = None
    from_: str | None = None  # "from" in the file


@dataclass(frozen=True)
class Trigger:
    """An automation: when ``when`` happens, each effect in ``effect`` must happen once.

    ``effect`` holds only the declared keys of :data:`EFFECT_KEYS`, e.g.
    ``{"scheduling_link": "Phone Screen", "email": "interview_invitation"}``.
    """

    name: str
    when: TriggerWhen
    effect: Mapping[str, Any]
    description: str = ""
    line: int | None = None


@dataclass(frozen=True)
class FieldSpec:
    """One target field and where its value comes from (``source`` is "from" in the file)."""

    system: str  # "envelope" | "hris"
    target: str  # tab label or HRIS field ("compensation.rate")
    source: str  # "offer.salary"
    type: str  # text | money | date | number | enum
    map: Mapping[str, str] | None = None
    currency_from: str | None = None
    period_from: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class FieldMap:
    """Per target system: target field -> :class:`FieldSpec`, in file order."""

    envelope: Mapping[str, FieldSpec] = field(default_factory=dict)
    hris: Mapping[str, FieldSpec] = field(default_factory=dict)

    def __iter__(self) -> Iterator[FieldSpec]:
        yield from self.envelope.values()
        yield from self.hris.values()

    def get(self, system: str, default: Any = None) -> Any:
        return getattr(self, system, default) if system in ("envelope", "hris") else default

    def __bool__(self) -> bool:
        return bool(self.envelope or self.hris)


@dataclass(frozen=True)
class ValidationRule:
    """A field must lie in ``range`` (inclusive) and/or be one of ``one_of`` when ``when`` matches."""

    field: str
    when: Mapping[str, Any] = field(default_factory=dict)
    range: tuple[Decimal, Decimal] | None = None
    one_of: tuple[Any, ...] | None = None
    step: Decimal | None = None
    outside: str = "hold_for_review"
    line: int | None = None

    @property
    def low(self) -> Decimal | None:
        return self.range[0] if self.range else None

    @property
    def high(self) -> Decimal | None:
        return self.range[1] if self.range else None

    def applies(self, record: Mapping[str, Any]) -> bool:
        """Whether ``when`` matches a record (compared as text, so 40 matches "40")."""
        return all(str(record.get(k)) == str(v) for k, v in self.when.items())


@dataclass(frozen=True)
class OwnershipRule:
    fields: tuple[str, ...]
    before_hire: str  # "ats" | "hris"
    after_hire: str


@dataclass(frozen=True)
class AlertSpec:
    channel: str = "both"  # slack | email | both
    owner: str | None = None
    deadline: timedelta = timedelta(seconds=10)


@dataclass(frozen=True)
class RollbackSpec:
    """What each system must show after a rollback; None: not reversed."""

    envelope: str | None = None
    hris: str | None = None
    booking: str | None = None


@dataclass(frozen=True)
class Threshold:
    above: Decimal | None = None
    below: Decimal | None = None


@dataclass(frozen=True)
class ReportingSpec:
    kpis_url: str | None = None
    database_url: str | None = None
    kpis_query: str | None = None
    stage_changes_url: str | None = None
    freshness: timedelta = timedelta(days=1)
    thresholds: Mapping[str, Threshold] = field(default_factory=dict)


@dataclass(frozen=True)
class Profile:
    """A loaded, checked integration profile."""

    name: str
    file: str
    stages: tuple[str, ...]
    vendors: Vendors = field(default_factory=Vendors)
    sut: SutSpec = field(default_factory=SutSpec)
    webhooks: Mapping[str, str | None] = field(default_factory=dict)
    emails: Mapping[str, EmailRule] = field(default_factory=dict)
    triggers: tuple[Trigger, ...] = ()
    field_map: FieldMap = field(default_factory=FieldMap)
    validation: tuple[ValidationRule, ...] = ()
    source_of_truth: tuple[OwnershipRule, ...] = ()
    alerts: AlertSpec = field(default_factory=AlertSpec)
    rollback: RollbackSpec = field(default_factory=RollbackSpec)
    reporting: ReportingSpec | None = None
    description: str = ""
    version: int = 1

    def trigger(self, name: str) -> Trigger:
        for trigger in self.triggers:
            if trigger.name == name:
                return trigger
        raise KeyError(name)

    def subject(self, kind: str) -> str:
        """The subject text that recognises an email of touchpoint ``kind``."""
        return self.emails[kind].subject
