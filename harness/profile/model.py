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
    "Capabilities",
    "Correlation",
    "EmailRule",
    "EnvelopeVocabulary",
    "FieldMap",
    "FieldSpec",
    "OwnershipRule",
    "Policies",
    "Profile",
    "ReportingSpec",
    "RollbackEndpoint",
    "RollbackSpec",
    "Signer",
    "SutSpec",
    "TenantSetup",
    "Threshold",
    "Trigger",
    "TriggerWhen",
    "ValidationRule",
    "Vendors",
    "Vocabulary",
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


def _source_paths() -> tuple[str, ...]:
    """Every ATS value a field map, a validation rule or a boundary can name: the journey's world
    (the scenario format's defaults) plus the values the harness computes from it."""
    from ..scenario.model import CANDIDATE_KEYS, OFFER_KEYS, default_world

    out: list[str] = [f"candidate.{k}" for k in CANDIDATE_KEYS] + [f"offer.{k}" for k in OFFER_KEYS]
    for root, values in default_world().items():
        for key, value in values.items():
            if isinstance(value, dict):
                out += [f"{root}.{key}.{sub}" for sub in (*value, "full_name")]
            elif not isinstance(value, list):
                out.append(f"{root}.{key}")
    out += ["candidate.full_name", "job.title"]
    return tuple(sorted(set(out)))


OFFER_CONCEPTS = ("salary", "pay_period", "employment_type", "hours_per_week", "signature_status")
PARTIES = ("candidate", "hiring_manager")


@dataclass(frozen=True)
class Signer:
    """How one party is found among an envelope's recipients: by exactly one of these."""

    role: str | None = None
    routing_order: int | None = None
    email: str | None = None  # a party: "candidate" | "hiring_manager"

    def describe(self) -> str:
        if self.role is not None:
            return f"role {self.role!r}"
        if self.routing_order is not None:
            return f"routing order {self.routing_order}"
        return f"the {self.email}'s email"


@dataclass(frozen=True)
class EnvelopeVocabulary:
    template: str | None = "Offer Letter"  # None: the SUT builds the envelope from its own document
    signers: Mapping[str, Signer] = field(
        default_factory=lambda: {"candidate": Signer(role="Candidate"), "hiring_manager": Signer(role="Hiring Manager")}
    )
    tabs_of: str = "candidate"
    hiring_manager_signs: bool = True


@dataclass(frozen=True)
class Vocabulary:
    """The integration's names in each system (defaults: the reference integration's)."""

    offer_fields: Mapping[str, str] = field(default_factory=lambda: {c: c for c in OFFER_CONCEPTS})
    envelope: EnvelopeVocabulary = field(default_factory=EnvelopeVocabulary)
    event_types: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # stage -> {name|slug|uri: value}

    def event_type(self, stage: str) -> tuple[str, str]:
        """(how, value) that identifies the scheduler event type of an interview stage."""
        spec = self.event_types.get(stage)
        if not spec:
            return ("name", stage)
        ((how, value),) = spec.items()
        return (how, value)


@dataclass(frozen=True)
class Correlation:
    """How the journey's application id travels to each system (one key per system)."""

    envelope: Mapping[str, str] = field(default_factory=lambda: {"custom_field": "greenhouse_application_id"})
    employee: Mapping[str, str] = field(default_factory=lambda: {"employee_number": "GH-{application_id}"})
    booking: Mapping[str, str] = field(default_factory=lambda: {"utm": "utm_content"})


@dataclass(frozen=True)
class Policies:
    repeat: str = "once_per_application"  # | every_entry
    reschedule: str = "not_a_booking"  # | counts_as_booking


@dataclass(frozen=True)
class Capabilities:
    """What the integration does; a False makes journeys needing it "not applicable"."""

    rollback: bool = True
    reminders: bool = True
    ats_notes: bool = True
    signature_writeback: bool = True
    reporting: bool = True
    hold_for_review: bool = True

    def missing(self) -> tuple[str, ...]:
        return tuple(name for name, value in vars(self).items() if not value)


@dataclass(frozen=True)
class TenantSetup:
    """What each vendor's admin set up once, seeded into the fakes by ``configure_world``.

    Entries are plain mappings as the schema shapes them; empty: only what the fakes seed.
    """

    ats_custom_fields: tuple[Mapping[str, Any], ...] = ()
    hris_custom_fields: tuple[Mapping[str, Any], ...] = ()
    hris_list_options: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    scheduler_event_types: tuple[Mapping[str, Any], ...] = ()
    esign_templates: tuple[Mapping[str, Any], ...] = ()


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
    # How soon the integration promises to react to an event: every positive expectation's deadline is at
    # most this (a scenario's `within` is the longest any integration may take); None: the scenarios' own.
    reacts_within: timedelta | None = None
    rollback: RollbackEndpoint | None = None
    tls: bool = False  # the fakes serve HTTPS from a per-run CA


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
    repeat: str = "once_per_application"  # | every_entry


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
    mentions: str = "application_id"  # | candidate_email | candidate_name


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
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    correlation: Correlation = field(default_factory=Correlation)
    policies: Policies = field(default_factory=Policies)
    capabilities: Capabilities = field(default_factory=Capabilities)
    tenant: TenantSetup = field(default_factory=TenantSetup)

    def trigger(self, name: str) -> Trigger:
        for trigger in self.triggers:
            if trigger.name == name:
                return trigger
        raise KeyError(name)

    def subject(self, kind: str) -> str:
        """The subject text that recognises an email of touchpoint ``kind``."""
        return self.emails[kind].subject
