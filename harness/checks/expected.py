"""What the profile says should have happened in a journey, from its ground truth."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .fidelity import field

if TYPE_CHECKING:
    from ..engine.journey import Journey

EFFECT_KEYS = ("email", "scheduling_link", "envelope", "hris_sync", "ats_note", "alert")


def _kind(profile: Any, event: dict[str, Any]) -> str:
    """The profile event an event counts as: a reschedule is a new booking when the policy says so."""
    policies = field(profile, "policies")
    if event["kind"] == "rescheduled" and field(policies, "reschedule") == "counts_as_booking":
        return "booked"
    return str(event["kind"])


def _matches(when: Any, event: dict[str, Any], kind: str | None = None) -> bool:
    if field(when, "event") != (kind or event["kind"]):
        return False
    to = field(when, "to")
    if to is not None and event.get("to") != to:
        return False
    source = field(when, "from")
    return not (source is not None and event.get("from_stage") != source)


def trigger_fires(profile: Any, journey: Journey) -> Counter[str]:
    """Trigger name -> how many times it should fire: by default once per application and stage (re-entering
    a stage fires nothing); a trigger whose policy is ``every_entry`` fires on every entry."""
    fires: Counter[str] = Counter()
    seen: set[tuple[str, Any, Any]] = set()
    application = None
    for event in journey.events:
        if event["kind"] == "application_created":
            application = event.get("application_id")
        kind = _kind(profile, event)
        for trig in field(profile, "triggers") or []:
            if not _matches(field(trig, "when"), event, kind):
                continue
            key = (str(field(trig, "name")), application, event.get("to"))
            again = field(trig, "repeat") == "every_entry" or kind != event["kind"]  # a reschedule is a new booking
            if key in seen and not again:
                continue
            seen.add(key)
            fires[key[0]] += 1
    return fires


def expected_effects(profile: Any, journey: Journey) -> Counter[tuple[str, str]]:
    """(effect, value) -> expected count, e.g. ("email", "rejection") -> 1."""
    fires = trigger_fires(profile, journey)
    out: Counter[tuple[str, str]] = Counter()
    held = bool(violations(profile, journey.offer))
    for trig in field(profile, "triggers") or []:
        count = fires.get(str(field(trig, "name")), 0)
        effect = field(trig, "effect") or {}
        items = effect.items() if isinstance(effect, dict) else vars(effect).items()
        for key, value in items:
            if value in (None, False) or key not in EFFECT_KEYS:
                continue
            if key == "hris_sync" and held:
                continue  # out of range: held for review, never synced
            out[(key, str(value))] += count
    return out


def violations(profile: Any, offer: dict[str, Any]) -> list[str]:
    """Validation rules the offer breaks (each a readable sentence)."""
    out = []
    for rule in field(profile, "validation") or []:
        path = str(field(rule, "field"))
        name = path.split(".", 1)[1] if path.startswith("offer.") else path
        when = field(rule, "when") or {}
        if any(str(offer.get(k)) != str(v) for k, v in (when.items() if isinstance(when, dict) else [])):
            continue
        if name not in offer:
            continue
        allowed = field(rule, "one_of")
        if allowed and str(offer[name]) not in {str(a) for a in allowed}:
            out.append(f"{path}={offer[name]!r} is not one of {', '.join(map(str, allowed))}")
        bounds = field(rule, "range")
        if bounds:
            low, high = (Decimal(str(x)) for x in bounds)
            value = Decimal(str(offer[name]))
            if not low <= value <= high:
                out.append(f"{path}={value} is outside [{low}, {high}]")
    return out
