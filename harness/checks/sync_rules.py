"""Sync rules: out-of-range values are held for review (alert, no sync), and
the declared source of truth wins (after hire, an HR edit stands)."""

from __future__ import annotations

from decimal import Decimal

from .. import dialects
from ..engine import observe
from ..results import CheckFailure
from .expected import violations
from .fidelity import field
from .registry import CheckContext, Skip, check


@check(
    "sync_rules",
    layers=("hris_sync", "end_to_end"),
    description="out-of-range records are held for review with an alert; after hire the HRIS is authoritative",
)
def sync_rules(ctx: CheckContext) -> list[CheckFailure]:
    journey = ctx.journey
    hired = any(e["kind"] == "hired" for e in journey.events)
    edits = [e for e in journey.events if e["kind"] == "hr_edited"]
    broken = violations(ctx.profile, journey.offer)
    if not hired:
        raise Skip("the candidate was not hired, so no sync rule applied")
    failures: list[CheckFailure] = []
    if broken:
        active = [e for e in observe.employees(journey) if dialects.is_active(ctx.profile, e)]
        if active:
            failures.append(
                CheckFailure(
                    "sync_rules",
                    "an out-of-range record was synced instead of held for review",
                    expected="no HRIS record, an alert for review",
                    actual=f"employee {active[0]['id']} created",
                    where=f"{journey.tag}: {'; '.join(broken)}",
                    hop=f"{dialects.fake_name(ctx.profile, 'ats')} offer -> {dialects.fake_name(ctx.profile, 'hris')}",
                )
            )
        deadline = float(_deadline(ctx))
        if not journey.wait(lambda: observe.alerts(journey, ctx.profile), deadline):
            failures.append(
                CheckFailure(
                    "sync_rules",
                    "a record held for review raised no alert naming it",
                    expected=f"an alert naming application {journey.application_id}",
                    actual="nothing",
                    where=f"{journey.tag}: {'; '.join(broken)}",
                )
            )
    latest: dict[str, object] = {}  # HR may edit a field twice: its last value must stand
    for edit in edits:
        latest.update(edit["fields"])
    employee = journey.employee() if latest else None
    if employee is not None:
        for name, value in latest.items():
            now = written_value(ctx, employee, name)
            if not _same(now, value):
                failures.append(
                    CheckFailure(
                        "sync_rules",
                        f"HRIS {name} edited by HR after hire was overwritten",
                        expected=value,
                        actual=now,
                        where=f"{journey.tag}: source of truth after hire is the HRIS",
                        hop=f"SUT -> {dialects.fake_name(ctx.profile, 'hris')} (after hire)",
                    )
                )
    if not broken and not edits:
        raise Skip("no out-of-range value and no HR edit in this journey")
    return failures


# HRIS field -> the history table whose rows hold it (the column has the field's name)
HISTORY = {
    "pay_rate": "compensation",
    "job_title": "job",
    "department": "job",
    "employment_status": "employment",
}


def written_value(ctx: CheckContext, employee: dict, name: str) -> object:
    """The value most recently written for a field: for history fields, the last row added,
    whatever its effective date (an overwrite dated in the future is still an overwrite)."""
    table = HISTORY.get(name)
    if table is None:
        return employee.get(name)
    rows = ctx.world.hris.rows(employee["id"], table)
    if not rows:
        return employee.get(name)
    last = max(rows, key=lambda r: int(r["id"]) if str(r.get("id", "")).isdigit() else 0)
    if table == "compensation":
        rate = last.get("pay_rate") or {}
        return f"{rate.get('value')} {rate.get('currency')}".strip()
    return last.get(name)


def _same(a: object, b: object) -> bool:
    if a == b:
        return True
    from .values import as_decimal

    da, db = as_decimal(a), as_decimal(b)
    return (
        da is not None and db is not None and Decimal(da) == Decimal(db) and str(a).split()[-1:] == str(b).split()[-1:]
    )


def _deadline(ctx: CheckContext) -> float:
    from .halting import _seconds

    return _seconds(field(field(ctx.profile, "alerts"), "deadline", 10))
