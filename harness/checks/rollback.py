"""Rollback: after the SUT is asked to reverse a journey, every fake ends in
the state the profile declares (envelope voided, HRIS record reversed,
booking canceled)."""

from __future__ import annotations

from .. import dialects
from ..engine import observe
from ..results import CheckFailure
from .fidelity import field
from .registry import CheckContext, Skip, check


@check(
    "rollback",
    layers=("documents", "hris_sync", "scheduling", "end_to_end"),
    description="after a rollback the envelope is voided, the HRIS record reversed and the booking canceled",
)
def rollback(ctx: CheckContext) -> list[CheckFailure]:
    journey = ctx.journey
    if not any(e["kind"] == "rollback" for e in journey.events):
        raise Skip("the journey asked for no rollback")
    declared = field(ctx.profile, "rollback") or {}
    failures: list[CheckFailure] = []
    if field(declared, "envelope"):
        for envelope in journey.envelopes():
            if envelope["status"] not in ("voided", "completed", "declined"):
                failures.append(_fail(journey, "envelope", f"envelope {envelope['id']}", "voided", envelope["status"]))
    if field(declared, "hris"):
        for employee in observe.employees(journey):
            rows = ctx.world.hris.rows(employee["id"], "compensation")
            if dialects.is_active(ctx.profile, employee) or rows:
                actual = f"status {employee.get('status')}, {len(rows)} compensation row(s)"
                failures.append(_fail(journey, "hris", f"employee {employee['id']}", "not active, no rows", actual))
    if field(declared, "booking") and journey.ids.get("invitee_uuid"):
        for invitee in observe.bookings(journey):
            if invitee["status"] != "canceled":
                failures.append(_fail(journey, "booking", f"invitee {invitee['uuid']}", "canceled", invitee["status"]))
    return failures


def _fail(journey: object, system: str, what: str, expected: str, actual: str) -> CheckFailure:
    return CheckFailure(
        "rollback",
        f"{system} not reversed: {what}",
        expected=expected,
        actual=actual,
        where=journey.tag,  # type: ignore[attr-defined]
        hop=f"SUT rollback -> {system}",
    )
