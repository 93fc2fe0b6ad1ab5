"""Checks derived from a profile: what a user would otherwise write by hand.

- :func:`trigger_matrix`: for every trigger, the case that must fire it once
  and the cases that must not fire it (every other stage change, leaving and
  re-entering its stage, a rejection, a re-application, a duplicate webhook);
- :func:`fidelity_checks`: one assertion per mapped field;
- :func:`boundary_records`: records at and just outside every validation range;
- :func:`source_of_truth`: which system owns a field before and after hire.

All are pure functions of the :class:`~harness.profile.model.Profile`.
A trigger case is written in the scenario step vocabulary, so the engine
runs it like any scenario: the ``setup`` steps bring the journey to the
right state, then (after quiescence) the judged steps run, and each of the
trigger's effects must have happened ``expected`` times since.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..dialects import DIALECTS, EVENT_SYSTEMS
from ..errors import ProfileError
from ..scenario.model import Step
from .model import FieldSpec, Profile, Trigger, TriggerWhen, ValidationRule

__all__ = [
    "WEBHOOK_EVENTS",
    "BoundaryCase",
    "FieldCheck",
    "TriggerCase",
    "boundary_records",
    "fidelity_checks",
    "source_of_truth",
    "trigger_matrix",
]

# profile event -> (system, vendor -> the webhook event name that vendor sends), from the dialect registry
WEBHOOK_EVENTS: dict[str, tuple[str, dict[str, str]]] = {
    event: (system, {d.vendor: d.webhook_events[event] for d in DIALECTS.values() if event in d.webhook_events})
    for event, system in EVENT_SYSTEMS.items()
}

POSITIVE, OTHER_STAGE, REENTRY, REJECTION, REAPPLICATION, DUPLICATE = (
    "positive",
    "other_stage",
    "reentry",
    "rejection",
    "reapplication",
    "duplicate",
)
_QUIET = Step("wait", {"until": "quiescence"})


@dataclass(frozen=True)
class TriggerCase:
    """One row of the trigger matrix.

    ``steps`` run in order; ``steps[judge_from:]`` are the judged ones (a
    ``wait: quiescence`` separates them from the setup). Each effect in
    ``effects`` must happen exactly ``expected`` times (1 or 0) during the
    judged steps.
    """

    name: str
    trigger: str
    kind: str  # positive | other_stage | reentry | rejection | reapplication | duplicate
    steps: tuple[Step, ...]
    judge_from: int
    expected: int
    effects: Mapping[str, Any]

    @property
    def setup(self) -> tuple[Step, ...]:
        return self.steps[: max(self.judge_from - 1, 0)]

    @property
    def action(self) -> tuple[Step, ...]:
        return self.steps[self.judge_from :]

    def as_yaml(self) -> list[dict[str, Any]]:
        """The steps as a scenario file writes them."""
        return [step.as_yaml() for step in self.steps]


@dataclass(frozen=True)
class FieldCheck:
    """Assert that ``system``'s ``target`` holds exactly the ATS value at ``source``."""

    name: str  # "hris.compensation.rate <- offer.salary"
    system: str  # envelope | hris
    target: str
    source: str
    type: str
    map: Mapping[str, str] | None = None
    currency_from: str | None = None
    period_from: str | None = None


@dataclass(frozen=True)
class BoundaryCase:
    """A record at (``expected`` "sync") or just outside (``expected`` "hold") a validation range.

    ``record`` is flat like a data pack record: the checked field's key plus
    the rule's ``when`` keys, ready to merge into the offer or candidate.
    """

    name: str
    field: str
    position: str  # low | high | below | above
    value: Decimal
    expected: str  # sync | hold
    record: Mapping[str, Any]


# -- trigger matrix ------------------------------------------------------------------------------------


def trigger_matrix(profile: Profile) -> list[TriggerCase]:
    """Every trigger's positive case, then its negative cases, in profile order."""
    out: list[TriggerCase] = []
    for trigger in profile.triggers:
        out.extend(_Matrix(profile, trigger).cases())
    return out


class _Matrix:
    def __init__(self, profile: Profile, trigger: Trigger) -> None:
        self.profile = profile
        self.trigger = trigger
        self.stages = list(profile.stages)

    def cases(self) -> list[TriggerCase]:
        t, when = self.trigger, self.trigger.when
        setup, action = self.positive(t)
        fired = setup + action
        out = [self.case(POSITIVE, f"fires once on {self.describe(action)}", setup, action, 1)]
        for stage in self.stages:
            if stage == when.to:
                continue
            source = self.source_for(stage)
            if source is not None:
                out.append(
                    self.case(
                        OTHER_STAGE, f"silent on a move from {source} to {stage}", self.reach(source), [_move(stage)], 0
                    )
                )
        if when.event == "stage_changed" and when.to is not None:
            back = when.from_ or self.before(when.to)
            if back is not None:
                again = t.repeat == "every_entry" and (when.from_ is None or when.from_ == back)
                what = "again" if again else "silent"
                out.append(
                    self.case(
                        REENTRY,
                        f"{what} when {when.to} is left for {back} and entered again",
                        fired,
                        [_move(back), _move(when.to)],
                        1 if again else 0,
                    )
                )
        if when.event != "rejected":
            out.append(self.case(REJECTION, "silent on a rejection", fired, [Step("reject", {})], 0))
        rejected = fired if fired[-1].kind == "reject" else [*fired, Step("reject", {})]
        again = 1 if when.event == "application_created" else 0  # a re-application is a new application
        out.append(
            self.case(
                REAPPLICATION,
                "once per application on a re-application" if again else "silent on a re-application",
                rejected,
                [Step("reapply", {})],
                again,
            )
        )
        webhook = self.webhook(when.event)
        if webhook is not None:
            out.append(
                self.case(
                    DUPLICATE,
                    f"silent on a duplicate {webhook[1]} webhook",
                    fired,
                    [Step("redeliver", {"event": webhook[1], "fake": webhook[0]})],
                    0,
                )
            )
        return out

    def case(self, kind: str, what: str, setup: Sequence[Step], action: Sequence[Step], expected: int) -> TriggerCase:
        steps = [*setup, _QUIET, *action] if setup else list(action)
        numbered = tuple(Step(s.kind, s.args, index=i) for i, s in enumerate(steps))
        return TriggerCase(
            name=f"{self.trigger.name}: {what}",
            trigger=self.trigger.name,
            kind=kind,
            steps=numbered,
            judge_from=len(steps) - len(action),
            expected=expected,
            effects=dict(self.trigger.effect),
        )

    # -- how to make each event happen --------------------------------------------------------------------
    def positive(self, trigger: Trigger) -> tuple[list[Step], list[Step]]:
        """(setup, action): the action makes ``trigger``'s event happen once."""
        when = trigger.when
        event = when.event
        offer_stage = "Offer" if "Offer" in self.stages else self.stages[-1]
        if event == "application_created":
            return [], [Step("apply", {})]
        if event == "stage_changed":
            return self.stage_change(when)
        if event == "rejected":
            return [Step("apply", {})], [Step("reject", {})]
        if event == "unrejected":
            return [Step("apply", {}), Step("reject", {})], [Step("unreject", {})]
        offered = [*self.reach(offer_stage), Step("create_offer", {})]
        if event == "offer_created":
            return self.reach(offer_stage), [Step("create_offer", {})]
        if event == "offer_approved":
            return offered, [Step("approve_offer", {})]
        if event == "offer_updated":
            return offered, [Step("update_offer", {})]
        if event == "hired":
            return [*offered, Step("approve_offer", {})], [Step("hire", {})]
        if event in ("booked", "booking_canceled"):
            linked = self.fired_state("scheduling_link")
            book = Step("book", {"start": "+2d@10:00"})
            if event == "booked":
                return linked, [book]
            return [*linked, book], [Step("cancel_booking", {})]
        sent = self.fired_state("envelope")
        if self.profile.vocabulary.envelope.hiring_manager_signs:
            sent = [*sent, Step("sign", {"by": "hiring_manager"})]
        if event == "envelope_completed":
            return sent, [Step("sign", {"by": "candidate"})]
        return sent, [Step("decline", {"by": "candidate"})]

    def fired_state(self, effect: str) -> list[Step]:
        """Steps after which the first trigger producing ``effect`` (on an ATS event) has fired."""
        for other in self.profile.triggers:
            if effect in other.effect and WEBHOOK_EVENTS[other.when.event][0] == "ats":
                setup, action = self.positive(other)
                return setup + action
        raise ProfileError(
            f"no trigger on an ATS event has a '{effect}' effect, so nothing produces one",
            file=self.profile.file,
            line=self.trigger.line,
            path="triggers",
        )

    def stage_change(self, when: TriggerWhen) -> tuple[list[Step], list[Step]]:
        if when.to is not None:
            source = when.from_ or self.before(when.to)
            return self.reach(source or self.stages[0]), [_move(when.to)]
        source = when.from_ or self.stages[0]
        return self.reach(source), [_move(self.after(source))]

    def source_for(self, stage: str) -> str | None:
        """A stage to move into ``stage`` from without firing this trigger, or None."""
        options = [self.before(stage), *(s for s in self.stages if s != stage)]
        for source in options:
            if source is not None and source != stage and not self.fires(source, stage):
                return source
        return None

    def fires(self, source: str, target: str) -> bool:
        when = self.trigger.when
        return (
            when.event == "stage_changed"
            and (when.to is None or when.to == target)
            and (when.from_ is None or when.from_ == source)
        )

    def reach(self, stage: str) -> list[Step]:
        """Apply, then walk the pipeline forward to ``stage``."""
        index = self.stages.index(stage)
        return [Step("apply", {}), *(_move(s) for s in self.stages[1 : index + 1])]

    def before(self, stage: str) -> str | None:
        """The stage one comes from into ``stage``: the one before it (the first: the second)."""
        index = self.stages.index(stage)
        if index > 0:
            return self.stages[index - 1]
        return self.stages[1] if len(self.stages) > 1 else None

    def after(self, stage: str) -> str:
        index = self.stages.index(stage)
        return self.stages[index + 1] if index + 1 < len(self.stages) else self.stages[index - 1]

    def webhook(self, event: str) -> tuple[str, str] | None:
        """(vendor, event name) of the webhook that tells the SUT about ``event``."""
        system, names = WEBHOOK_EVENTS[event]
        vendor = getattr(self.profile.vendors, system)
        return (vendor, names[vendor]) if vendor in names else None

    @staticmethod
    def describe(action: Sequence[Step]) -> str:
        last = action[-1]
        if last.kind == "move_stage":
            return f"a move to {last.args['to']}"
        return last.kind.replace("_", " ")


def _move(stage: str) -> Step:
    return Step("move_stage", {"to": stage})


# -- field fidelity ------------------------------------------------------------------------------------


def fidelity_checks(profile: Profile) -> list[FieldCheck]:
    """One check per field_map entry, envelope first, in file order."""
    return [_field_check(spec) for spec in profile.field_map]


def _field_check(spec: FieldSpec) -> FieldCheck:
    return FieldCheck(
        name=f"{spec.system}.{spec.target} <- {spec.source}",
        system=spec.system,
        target=spec.target,
        source=spec.source,
        type=spec.type,
        map=dict(spec.map) if spec.map is not None else None,
        currency_from=spec.currency_from,
        period_from=spec.period_from,
    )


# -- range boundaries ----------------------------------------------------------------------------------

_MONEY_STEP = Decimal("0.01")
_HOURS_STEP = Decimal("0.5")


def boundary_records(profile: Profile) -> list[BoundaryCase]:
    """For each rule with a range: low and high (must sync), one step below and above (must be held)."""
    out: list[BoundaryCase] = []
    for rule in profile.validation:
        if rule.range is None:
            continue
        kind = _field_type(profile, rule.field)
        step = boundary_step(profile, rule)
        low, high = rule.range
        for position, value, expected in (
            ("below", low - step, "hold"),
            ("low", low, "sync"),
            ("high", high, "sync"),
            ("above", high + step, "hold"),
        ):
            shown: Any = _money_text(value, step) if kind == "money" else value
            key = rule.field.rsplit(".", 1)[-1]
            record = {**rule.when, key: shown}
            condition = "".join(f", {k}={v}" for k, v in rule.when.items())
            out.append(
                BoundaryCase(
                    name=f"{rule.field}={shown} ({position}{condition}): {expected}",
                    field=rule.field,
                    position=position,
                    value=Decimal(str(shown)),
                    expected=expected,
                    record=record,
                )
            )
    return out


def boundary_step(profile: Profile, rule: ValidationRule) -> Decimal:
    """How far outside the range a boundary record goes: the rule's step, else by the field's kind."""
    if rule.step is not None:
        return rule.step
    if _field_type(profile, rule.field) == "money":
        return _MONEY_STEP
    if "hours" in rule.field.rsplit(".", 1)[-1]:
        return _HOURS_STEP  # hours per week take halves (37.5)
    exponent = min(int(b.as_tuple().exponent) for b in rule.range or (Decimal(1),))
    return Decimal(1).scaleb(min(exponent, 0))


def _field_type(profile: Profile, source: str) -> str | None:
    for spec in profile.field_map:
        if spec.source == source:
            return spec.type
    return None


def _money_text(value: Decimal, step: Decimal) -> str:
    places = Decimal(1).scaleb(min(int(step.as_tuple().exponent), -2))
    return format(value.quantize(places), "f")


# -- source of truth -----------------------------------------------------------------------------------


def source_of_truth(profile: Profile, field: str, hired: bool) -> str:
    """ "ats" or "hris": who owns ``field`` (an exact name, or its first dotted part) at that point."""
    for candidate in (field, field.split(".", 1)[0]):
        for rule in profile.source_of_truth:
            if candidate in rule.fields:
                return rule.after_hire if hired else rule.before_hire
    declared = [f for rule in profile.source_of_truth for f in rule.fields]
    raise ProfileError(
        f"field '{field}' has no declared source of truth; add it to source_of_truth",
        file=profile.file,
        path="source_of_truth",
        value=field,
        valid=declared,
        valid_kind="fields",
    )
