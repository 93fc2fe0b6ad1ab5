"""Step expectations: ``expect`` (must happen within a deadline) and
``expect_none`` (must not have happened, judged at quiescence), spoken in the
vendor-neutral model: emails, alerts, envelopes, employees, bookings, ATS
write-backs, reporting, and "nothing written"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import dialects
from ..checks.fidelity import hris_actual
from ..checks.values import as_decimal, span
from ..errors import HarnessError
from ..results import CheckFailure
from . import observe, vocab
from .journey import Journey

Found = tuple[bool, Any]  # (satisfied, what was observed)


def _eq(expected: Any, actual: Any) -> bool:
    """Equal as money/numbers when both read as numbers ("103000.00 USD" == "103000.00 USD"), else as text."""
    if expected is None:
        return actual is None
    exp, act = as_decimal(expected), as_decimal(actual)
    if exp is not None and act is not None:
        return exp == act and _unit(expected) in ("", _unit(actual))
    return str(expected) == str(actual)


def _unit(value: Any) -> str:
    parts = str(value).split()
    return parts[1] if len(parts) == 2 else ""


def _count_ok(spec: dict[str, Any], n: int) -> bool:
    return n == int(spec["count"]) if "count" in spec else n >= 1


def email(j: Journey, profile: Any, spec: dict[str, Any]) -> Found:
    found = observe.emails(j, profile, spec.get("kind"), spec.get("to", "candidate"))
    if "contains" in spec:
        found = [e for e in found if str(spec["contains"]) in e["subject"] + e["text"]]
    return _count_ok(spec, len(found)), [e["subject"] for e in found]


def alert(j: Journey, profile: Any, spec: dict[str, Any]) -> Found:
    found = observe.alerts(j, profile, spec.get("channel", "any"))
    if "contains" in spec:
        found = [a for a in found if str(spec["contains"]).lower() in a["text"].lower()]
    return _count_ok(spec, len(found)), [a["text"][:200] for a in found]


def _tab_wants(profile: Any, tabs: dict[str, Any]) -> list[tuple[str, Any]]:
    """(tab label, value) pairs: a key that is a source path (``offer.salary``) stands for every tab the
    profile's envelope field map fills from it, so a scenario need not know the integration's labels."""
    field_map = getattr(getattr(profile, "field_map", None), "envelope", None) or {}
    out: list[tuple[str, Any]] = []
    for key, value in tabs.items():
        labels = [spec.target for spec in field_map.values() if spec.source == key]
        out += [(label, value) for label in labels] if labels else [(key, value)]
    return out


def envelope(j: Journey, profile: Any, spec: dict[str, Any]) -> Found:
    envelopes = j.envelopes()
    if "status" in spec:
        envelopes = [e for e in envelopes if e["status"] == spec["status"]]
    matched = []
    wanted = _tab_wants(profile, spec.get("tabs") or {})
    for env in envelopes:
        tabs = vocab.tabs_of(j, env)
        if all(str(tabs.get(k)) == str(v) for k, v in wanted):
            matched.append({"id": env["id"], "status": env["status"], "tabs": tabs})
    if matched and spec.get("recipients"):
        env = j.world.esign.envelope(matched[-1]["id"])
        seen: dict[str, Any] = {}
        ok = True
        for want in spec["recipients"]:
            party = str(want.get("party", "candidate"))
            found = vocab.recipient_of(j, env, party)
            seen[party] = (
                {"routing_order": int(found.get("routing_order") or 0), "status": found.get("status")}
                if found
                else "no such recipient"
            )
            if found is None:
                ok = False
                continue
            if "routing_order" in want and int(found.get("routing_order") or 0) != int(want["routing_order"]):
                ok = False
            if "status" in want and str(found.get("status")) != str(want["status"]):
                ok = False
        if not ok:
            return False, {"recipients": seen}
    seen_envelopes = [{"id": e["id"], "status": e["status"]} for e in j.envelopes()]
    return _count_ok(spec, len(matched)), matched or seen_envelopes


def employee(j: Journey, profile: Any, spec: dict[str, Any]) -> Found:
    found = observe.employees(j)
    matched = []
    for emp in found:
        ok = all(_eq(v, emp.get(k)) for k, v in (spec.get("fields") or {}).items())
        comp = spec.get("compensation") or {}
        names = {
            "rate": "compensation.pay_rate",
            "currency": None,
            "paid_per": "compensation.pay_per",
            "type": "compensation.pay_type",
        }
        for key, want in comp.items():
            if key == "currency":
                rate = hris_actual(j, emp, "compensation.pay_rate")
                ok = ok and isinstance(rate, dict) and str(rate.get("currency")) == str(want)
            else:
                ok = ok and _eq(want, _plain(hris_actual(j, emp, names[key])))
        if "employment_status" in spec:
            ok = ok and str(hris_actual(j, emp, "employment_status")) == str(spec["employment_status"])
        if "status" in spec:
            ok = ok and str(emp.get("status")) == str(spec["status"])
        if ok:
            matched.append(emp["id"])
    return _count_ok(spec, len(matched)), {"employees": [e["id"] for e in found], "matched": matched}


def _plain(value: Any) -> Any:
    if isinstance(value, dict) and "value" in value:
        return value["value"]
    return value


def booking(j: Journey, profile: Any, spec: dict[str, Any]) -> Found:
    invitees = observe.bookings(j)
    if "status" in spec:
        invitees = [i for i in invitees if i["status"] == spec["status"]]
    return _count_ok(spec, len(invitees)), [i.get("status") for i in invitees]


def ats(j: Journey, profile: Any, spec: dict[str, Any]) -> Found:
    ok = True
    observed: dict[str, Any] = {}
    if "note_contains" in spec:
        notes = j.world.ats.notes_for(j.ids["candidate_id"])
        bodies = [str(n.get("body", "")) for n in notes]
        observed["notes"] = bodies
        ok = ok and any(str(spec["note_contains"]) in b for b in bodies)
    if spec.get("offer_fields"):
        offer = j.world.ats.offer_for(j.application_id) or {}
        fields = offer.get("custom_fields") or {}
        keys = {concept: vocab.offer_key(profile, concept) for concept in spec["offer_fields"]}
        observed["offer_fields"] = {c: fields.get(k) for c, k in keys.items()}
        ok = ok and all(str(_plain(fields.get(keys[c]))) == str(v) for c, v in spec["offer_fields"].items())
    return ok, observed


def writes(system: str) -> Callable[[Journey, Any, dict[str, Any]], Found]:
    def judge(j: Journey, profile: Any, spec: dict[str, Any]) -> Found:
        found = observe.journey_requests(j, dialects.fake_name(profile, system), writes_only=True)
        return bool(found), [f"{e.method} {e.path} -> {e.status}" for e in found]

    return judge


KINDS: dict[str, Callable[[Journey, Any, dict[str, Any]], Found]] = {
    "email": email,
    "alert": alert,
    "envelope": envelope,
    "employee": employee,
    "booking": booking,
    "ats": ats,
    "hris_writes": writes("hris"),
    "esign_writes": writes("esign"),
    "scheduler_writes": writes("scheduler"),
    "ats_writes": writes("ats"),
    "emails": email,
}


def judge(journey: Journey, profile: Any, kind: str, spec: dict[str, Any]) -> Found:
    if kind not in KINDS:
        raise HarnessError(f"unknown expectation {kind!r}; known: {', '.join(sorted(KINDS))}")
    return KINDS[kind](journey, profile, dict(spec or {}))


def expect(
    journey: Journey, profile: Any, kind: str, spec: dict[str, Any], within: float, where: str
) -> CheckFailure | None:
    last: list[Any] = [None]

    def satisfied() -> bool:
        try:
            ok, seen = judge(journey, profile, kind, spec)
        except RuntimeError as exc:  # a table changed while it was read: look again next time
            if "changed size during iteration" not in str(exc):
                raise
            return False
        last[0] = seen
        return ok

    if journey.wait(satisfied, within):
        return None
    return CheckFailure(
        "expectations",
        f"expected {kind} did not happen within {span(within)}",
        expected={kind: spec},
        actual=last[0],
        where=where,
        dedupe_key=f"expect:{where}",
    )


def expect_none(journey: Journey, profile: Any, kind: str, spec: dict[str, Any], where: str) -> CheckFailure | None:
    journey.settle()
    happened, seen = judge(journey, profile, kind, spec)
    if not happened:
        return None
    return CheckFailure(
        "expectations",
        f"{kind} happened but must not",
        expected="nothing",
        actual=seen,
        where=where,
        dedupe_key=f"expect_none:{where}",
    )
