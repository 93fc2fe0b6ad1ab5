"""Load an integration profile: YAML -> JSON Schema -> cross-field rules -> :class:`Profile`.

The schema checks each value on its own; the rules here check values
against each other (a trigger's stage is one of ``stages``, an effect's
email is declared under ``emails``, a range's low end is not above its
high end), with the same file:line:column errors and did-you-mean.
"""

from __future__ import annotations

import json
import string
from datetime import timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from ..errors import ProfileError, SpecError
from ..resources import contract
from ..scenario import renames, yamlpos
from ..scenario.durations import DurationError, parse_duration
from .model import (
    OFFER_CONCEPTS,
    AlertSpec,
    Capabilities,
    Correlation,
    EmailRule,
    EnvelopeVocabulary,
    FieldMap,
    FieldSpec,
    OwnershipRule,
    Policies,
    Profile,
    ReportingSpec,
    RollbackEndpoint,
    RollbackSpec,
    Signer,
    SutSpec,
    TenantSetup,
    Threshold,
    Trigger,
    TriggerWhen,
    ValidationRule,
    Vendors,
    Vocabulary,
    _source_paths,
)

__all__ = ["ROLLBACK_PLACEHOLDERS", "SCHEMA_PATH", "load_profile", "parse_profile", "validator"]

SCHEMA_PATH = contract("profile.schema.json")  # contracts/ of the checkout, or shipped in the package
ROLLBACK_PLACEHOLDERS = ("application_id", "candidate_id", "offer_id", "journey")
_NEEDS = {  # event -> (effect key another trigger must have, what that is)
    "booked": ("scheduling_link", "a scheduling link"),
    "booking_canceled": ("scheduling_link", "a scheduling link"),
    "envelope_completed": ("envelope", "an envelope"),
    "envelope_declined": ("envelope", "an envelope"),
}


@cache
def _hris_fields() -> tuple[str, ...]:
    """The HRIS model's neutral field and table names (a profile's ownership rules name these)."""
    from fakes.hris.fields import STANDARD_FIELDS, TABLES

    return tuple(sorted({str(f["key"]) for f in STANDARD_FIELDS} | set(TABLES)))


@cache
def validator() -> Draft202012Validator:
    """The profile format's JSON Schema validator."""
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def load_profile(path: str | Path) -> Profile:
    """Load one profile; raises :class:`ProfileError` listing every mistake in it."""
    return _from_document(yamlpos.load(path, ProfileError))


def parse_profile(text: str, file: str = "<string>") -> Profile:
    """Load a profile from YAML text (``file`` names it in errors)."""
    return _from_document(yamlpos.load_text(text, ProfileError, file=file))


def _from_document(doc: yamlpos.Document) -> Profile:
    if not isinstance(doc.data, dict):
        raise doc.error(ProfileError, (), "a profile holds a mapping of keys (profile: 1, name: ..., stages: ...)")
    _rename_old_hris_names(doc)
    errors = yamlpos.schema_errors(doc, validator(), ProfileError)
    if errors:
        raise ProfileError.group(errors)
    builder = _Builder(doc)
    profile = builder.build()
    if builder.errors:
        raise ProfileError.group(builder.errors)
    return profile


def _rename_old_hris_names(doc: yamlpos.Document) -> None:
    """A vendor's HRIS field names where the profile names HRIS fields: renamed, with a notice (``renames``)."""
    renames.rename_keys(doc, ("field_map", "hris"))
    renames.rename_keys(doc, ("tenant", "hris", "list_options"))
    renames.rename_values(doc, ("correlation", "employee", "field"))
    for i, _ in enumerate(doc.data.get("source_of_truth") or ()):
        renames.rename_values(doc, ("source_of_truth", i, "fields"))


class _Builder:
    def __init__(self, doc: yamlpos.Document) -> None:
        self.doc = doc
        self.data: dict[str, Any] = doc.data
        self.errors: list[SpecError] = []
        self.stages: list[str] = list(self.data["stages"])

    def error(self, path: tuple[Any, ...], message: str = "", **fields: Any) -> None:
        self.errors.append(self.doc.error(ProfileError, path, message, **fields))

    def line(self, path: tuple[Any, ...]) -> int | None:
        return self.doc.locate(path)[0]

    def build(self) -> Profile:
        data = self.data
        emails = {kind: EmailRule(kind, spec["subject"]) for kind, spec in data.get("emails", {}).items()}
        self.policies = Policies(**data.get("policies", {}))
        return Profile(
            name=data["name"],
            file=self.doc.file,
            stages=tuple(self.stages),
            vendors=Vendors(**data.get("vendors", {})),
            sut=self._sut(data.get("sut", {})),
            webhooks=dict(data.get("webhooks", {})),
            emails=emails,
            triggers=self._triggers(data.get("triggers", []), emails),
            field_map=self._field_map(data.get("field_map", {})),
            validation=tuple(self._rule(i, r) for i, r in enumerate(data.get("validation", []))),
            source_of_truth=self._ownership(data.get("source_of_truth", [])),
            alerts=self._alerts(data.get("alerts")),
            rollback=RollbackSpec(**data.get("rollback", {})),
            reporting=self._reporting(data.get("reporting")),
            description=data.get("description", ""),
            version=data["profile"],
            vocabulary=self._vocabulary(data.get("vocabulary", {})),
            correlation=self._correlation(data.get("correlation", {})),
            policies=self.policies,
            capabilities=self._capabilities(data),
            tenant=self._tenant(data.get("tenant", {})),
        )

    # -- vocabulary, correlation, capabilities ---------------------------------------------------------
    def _vocabulary(self, raw: dict[str, Any]) -> Vocabulary:
        offer_fields = {c: c for c in OFFER_CONCEPTS}
        offer_fields.update(raw.get("offer_fields", {}))
        env_raw = raw.get("envelope", {})
        defaults = EnvelopeVocabulary()
        signers = dict(defaults.signers)
        signers.update({party: Signer(**spec) for party, spec in env_raw.get("signers", {}).items()})
        envelope = EnvelopeVocabulary(
            template=env_raw.get("template", defaults.template),
            signers=signers,
            tabs_of=env_raw.get("tabs_of", defaults.tabs_of),
            hiring_manager_signs=env_raw.get("hiring_manager_signs", defaults.hiring_manager_signs),
        )
        if envelope.template is None:
            for party, signer in signers.items():
                if signer.role is not None and party not in env_raw.get("signers", {}):
                    self.error(
                        ("vocabulary", "envelope", "signers"),
                        f"without a template, recipients have no role names: say how the {party} is found "
                        "(routing_order: N or email: candidate|hiring_manager)",
                    )
        for stage in raw.get("event_types", {}):
            self._stage(("vocabulary", "event_types", stage), stage)
        return Vocabulary(offer_fields=offer_fields, envelope=envelope, event_types=dict(raw.get("event_types", {})))

    def _correlation(self, raw: dict[str, Any]) -> Correlation:
        defaults = Correlation()
        employee = dict(raw.get("employee", defaults.employee))
        keys = [k for k in ("employee_number", "field", "work_email") if k in employee]
        if len(keys) != 1:
            self.error(
                ("correlation", "employee"),
                "say exactly one way to find the employee: employee_number, field (with value) or work_email",
            )
        if "value" in employee and "field" not in employee:
            self.error(
                ("correlation", "employee"),
                "'value' applies only with 'field'",
                at=("correlation", "employee", "value"),
                key=True,
            )
        if "field" in employee:
            employee.setdefault("value", "{application_id}")
        return Correlation(
            envelope=dict(raw.get("envelope", defaults.envelope)),
            employee=employee,
            booking=dict(raw.get("booking", defaults.booking)),
        )

    def _tenant(self, raw: dict[str, Any]) -> TenantSetup:
        ats, hris, scheduler = raw.get("ats", {}), raw.get("hris", {}), raw.get("scheduler", {})
        seen: dict[tuple[str, str], int] = {}
        for i, spec in enumerate(ats.get("custom_fields", [])):
            key = (spec["object"], spec["key"])
            if key in seen:
                self.error(
                    ("tenant", "ats", "custom_fields", i, "key"),
                    f"{spec['object']} custom field '{spec['key']}' is already defined by custom_fields[{seen[key]}]",
                )
            seen.setdefault(key, i)
            selects = spec["type"] in ("single_select", "multi_select")
            if selects and not spec.get("options"):
                self.error(("tenant", "ats", "custom_fields", i), f"a {spec['type']} field needs 'options'")
            if "options" in spec and not selects:
                self.error(
                    ("tenant", "ats", "custom_fields", i),
                    f"'options' applies only to select fields, and this field's type is '{spec['type']}'",
                    at=("tenant", "ats", "custom_fields", i, "options"),
                    key=True,
                )
        names: dict[str, int] = {}
        for i, spec in enumerate(scheduler.get("event_types", [])):
            if spec["name"] in names:
                self.error(
                    ("tenant", "scheduler", "event_types", i, "name"),
                    f"event type '{spec['name']}' is already declared by event_types[{names[spec['name']]}]",
                )
            names.setdefault(spec["name"], i)
        esign = raw.get("esign", {})
        for i, spec in enumerate(esign.get("templates", [])):
            roles = [r["name"] for r in spec["roles"]]
            for j, role in enumerate(roles):
                if role in roles[:j]:
                    self.error(
                        ("tenant", "esign", "templates", i, "roles", j, "name"),
                        f"role '{role}' appears twice in template '{spec['name']}'",
                    )
        return TenantSetup(
            ats_custom_fields=tuple(dict(f) for f in ats.get("custom_fields", [])),
            hris_custom_fields=tuple(dict(f) for f in hris.get("custom_fields", [])),
            hris_list_options={k: tuple(v) for k, v in hris.get("list_options", {}).items()},
            scheduler_event_types=tuple(dict(e) for e in scheduler.get("event_types", [])),
            esign_templates=tuple(dict(e) for e in esign.get("templates", [])),
        )

    def _capabilities(self, data: dict[str, Any]) -> Capabilities:
        raw = dict(data.get("capabilities", {}))
        raw.setdefault("rollback", "rollback" in data.get("sut", {}))
        raw.setdefault("reporting", "reporting" in data)
        raw.setdefault("hold_for_review", bool(data.get("validation")))
        if raw["rollback"] and "rollback" not in data.get("sut", {}):
            self.error(
                ("capabilities", "rollback"),
                "capabilities.rollback is true but sut.rollback declares no endpoint; add sut.rollback or set it false",
            )
        if raw["reporting"] and "reporting" not in data:
            self.error(
                ("capabilities", "reporting"),
                "capabilities.reporting is true but no reporting: section says where the KPIs are; "
                "add it or set it false",
            )
        return Capabilities(**raw)

    # -- sut ------------------------------------------------------------------------------------------
    def _sut(self, raw: dict[str, Any]) -> SutSpec:
        rollback = None
        if "rollback" in raw:
            path = raw["rollback"]["path"]
            try:
                names = [name for _, name, _, _ in string.Formatter().parse(path) if name is not None]
            except ValueError:
                names = []
                self.error(("sut", "rollback", "path"), f"path '{path}' has an unmatched '{{' or '}}'")
            for name in names:
                if name not in ROLLBACK_PLACEHOLDERS:
                    self.error(
                        ("sut", "rollback", "path"),
                        f"unknown placeholder '{{{name}}}' in '{path}'",
                        value=name,
                        valid=ROLLBACK_PLACEHOLDERS,
                        valid_kind="placeholders",
                    )
            rollback = RollbackEndpoint(path=path, method=raw["rollback"].get("method", "POST"))
        return SutSpec(
            command=raw.get("command"),
            url=raw.get("url"),
            image=raw.get("image"),
            port=raw.get("port"),
            health=raw.get("health"),
            ready_log=raw.get("ready_log"),
            env=dict(raw.get("env", {})),
            startup_timeout=self._duration(raw, "startup_timeout", timedelta(seconds=20)),
            reacts_within=self._reaction(raw),
            rollback=rollback,
            tls=bool(raw.get("tls", False)),
        )

    # -- triggers -------------------------------------------------------------------------------------
    def _triggers(self, raw: list[dict[str, Any]], emails: dict[str, EmailRule]) -> tuple[Trigger, ...]:
        out: list[Trigger] = []
        seen: dict[str, int] = {}
        for i, item in enumerate(raw):
            path = ("triggers", i)
            name, when, effect = item["name"], item["when"], item["effect"]
            if name in seen:
                self.error(
                    (*path, "name"),
                    f"trigger name '{name}' is already used by triggers[{seen[name]}]; names must be unique",
                )
            seen.setdefault(name, i)
            for key in ("to", "from"):
                if key not in when:
                    continue
                if when["event"] != "stage_changed":
                    self.error(
                        (*path, "when"),
                        f"'{key}' applies only to event stage_changed, not '{when['event']}'",
                        at=(*path, "when", key),
                        key=True,
                    )
                else:
                    self._stage((*path, "when", key), when[key])
            if "email" in effect and effect["email"] not in emails:
                self.error(
                    (*path, "effect", "email"),
                    f"email '{effect['email']}' is not declared under emails",
                    value=effect["email"],
                    valid=list(emails),
                    valid_kind="emails",
                )
            if "scheduling_link" in effect:
                self._stage((*path, "effect", "scheduling_link"), effect["scheduling_link"])
            out.append(
                Trigger(
                    name=name,
                    when=TriggerWhen(event=when["event"], to=when.get("to"), from_=when.get("from")),
                    effect=dict(effect),
                    description=item.get("description", ""),
                    line=self.line(path),
                    repeat=item.get("repeat", self.policies.repeat),
                )
            )
        for i, trigger in enumerate(out):
            need = _NEEDS.get(trigger.when.event)
            if need and not any(need[0] in t.effect and t.when.event not in _NEEDS for t in out):
                self.error(
                    ("triggers", i, "when", "event"),
                    f"event '{trigger.when.event}' can only happen after "
                    f"{need[1]} was sent, and no trigger (on an earlier event) has a '{need[0]}' effect",
                )
        return tuple(out)

    def _stage(self, path: tuple[Any, ...], stage: str) -> None:
        if stage not in self.stages:
            self.error(
                path, f"stage '{stage}' is not one of stages", value=stage, valid=self.stages, valid_kind="stages"
            )

    # -- fields ---------------------------------------------------------------------------------------
    def _source(self, path: tuple[Any, ...], value: str) -> None:
        """A source path must be one the journey's ATS data has: a typo would leave its field unjudged."""
        known = _source_paths()
        if value not in known:
            root = value.split(".", 1)[0]
            near = [p for p in known if p.startswith(root + ".")] or list(known)
            self.error(
                path,
                f"'{value}' is not an ATS value the harness knows, so nothing could ever be compared with it",
                value=value,
                valid=near,
                valid_kind="source paths",
            )

    def _field_map(self, raw: dict[str, Any]) -> FieldMap:
        systems: dict[str, dict[str, FieldSpec]] = {"envelope": {}, "hris": {}}
        for system, entries in raw.items():
            for target, spec in entries.items():
                path = ("field_map", system, target)
                kind = spec["type"]
                for key in ("from", "currency_from", "period_from"):
                    if key in spec:
                        self._source((*path, key), spec[key])
                if kind == "enum" and "map" not in spec:
                    self.error(path, "a field of type enum needs a 'map' from ATS values to target values")
                if "map" in spec and kind != "enum":
                    self.error(
                        path,
                        f"'map' applies only to type enum, and this field's type is '{kind}'",
                        at=(*path, "map"),
                        key=True,
                    )
                for key in ("currency_from", "period_from"):
                    if key in spec and kind != "money":
                        self.error(
                            path,
                            f"'{key}' applies only to type money, and this field's type is '{kind}'",
                            at=(*path, key),
                            key=True,
                        )
                systems[system][target] = FieldSpec(
                    system=system,
                    target=target,
                    source=spec["from"],
                    type=kind,
                    map=dict(spec["map"]) if "map" in spec else None,
                    currency_from=spec.get("currency_from"),
                    period_from=spec.get("period_from"),
                    line=self.line(path),
                )
        return FieldMap(envelope=systems["envelope"], hris=systems["hris"])

    def _rule(self, index: int, raw: dict[str, Any]) -> ValidationRule:
        path = ("validation", index)
        self._source((*path, "field"), raw["field"])
        offer_keys = [p.split(".", 1)[1] for p in _source_paths() if p.startswith("offer.")]
        for key in raw.get("when", {}):
            if key not in offer_keys:
                self.error(
                    (*path, "when", key),
                    f"'{key}' is not an offer value a rule can depend on",
                    value=key,
                    valid=offer_keys,
                    valid_kind="offer values",
                )
        if "range" not in raw and "one_of" not in raw:
            self.error(path, "a validation rule needs 'range' or 'one_of'")
        bounds = None
        if "range" in raw:
            low, high = (Decimal(str(v)) for v in raw["range"])
            if low > high:
                self.error(
                    (*path, "range"),
                    f"range [{low}, {high}] is empty: its low end is above its high end; write [low, high]",
                )
            bounds = (low, high)
        step = Decimal(str(raw["step"])) if "step" in raw else None
        if step is not None and step <= 0:
            self.error((*path, "step"), f"step {step} must be more than 0")
        return ValidationRule(
            field=raw["field"],
            when=dict(raw.get("when", {})),
            range=bounds,
            one_of=tuple(raw["one_of"]) if "one_of" in raw else None,
            step=step,
            outside=raw.get("outside", "hold_for_review"),
            line=self.line(path),
        )

    def _ownership(self, raw: list[dict[str, Any]]) -> tuple[OwnershipRule, ...]:
        owner: dict[str, int] = {}
        out = []
        targets = list(self.data.get("field_map", {}).get("hris", {}))
        known = sorted({*targets, *(t.split(".", 1)[0] for t in targets), *_hris_fields()})
        for i, item in enumerate(raw):
            for j, name in enumerate(item["fields"]):
                if known and name not in known:
                    self.error(
                        ("source_of_truth", i, "fields", j),
                        f"field '{name}' is not an HRIS field, so no rule could judge who owns it",
                        value=name,
                        valid=known,
                        valid_kind="HRIS fields",
                    )
                if name in owner:
                    self.error(
                        ("source_of_truth", i, "fields", j),
                        f"field '{name}' already has a source of truth "
                        f"in source_of_truth[{owner[name]}]; declare each field once",
                    )
                owner.setdefault(name, i)
            out.append(OwnershipRule(tuple(item["fields"]), item["before_hire"], item["after_hire"]))
        return tuple(out)

    # -- alerts and reporting -------------------------------------------------------------------------
    def _alerts(self, raw: dict[str, Any] | None) -> AlertSpec:
        if raw is None:
            return AlertSpec()
        if raw["channel"] in ("email", "both") and "owner" not in raw:
            self.error(
                ("alerts",),
                f"channel '{raw['channel']}' sends alerts by email, so 'owner' (an email address) is required",
            )
        return AlertSpec(
            channel=raw["channel"],
            owner=raw.get("owner"),
            deadline=self._duration(raw, "deadline", timedelta(seconds=10)),
            mentions=raw.get("mentions", "application_id"),
        )

    def _reporting(self, raw: dict[str, Any] | None) -> ReportingSpec | None:
        if raw is None:
            return None
        thresholds = {
            name: Threshold(**{k: Decimal(str(v)) for k, v in bounds.items()})
            for name, bounds in raw.get("thresholds", {}).items()
        }
        return ReportingSpec(
            kpis_url=raw.get("kpis_url"),
            database_url=raw.get("database_url"),
            kpis_query=raw.get("kpis_query"),
            stage_changes_url=raw.get("stage_changes_url"),
            freshness=self._duration(raw, "freshness", timedelta(days=1)),
            thresholds=thresholds,
        )

    def _reaction(self, raw: dict[str, Any]) -> timedelta | None:
        if "reacts_within" not in raw:
            return None
        value = self._duration(raw, "reacts_within", timedelta(0))
        if value <= timedelta(0):
            self.error(("sut", "reacts_within"), f"{raw['reacts_within']!r} is no time to react; give e.g. 3s")
            return None
        return value

    def _duration(self, raw: dict[str, Any], key: str, default: timedelta) -> timedelta:
        if key not in raw:
            return default
        try:
            return parse_duration(raw[key])  # the schema has checked the form, not the size
        except DurationError as exc:
            section = next((name for name, value in self.data.items() if value is raw), None)
            self.error((section, key) if section else (key,), exc.message)
            return default
