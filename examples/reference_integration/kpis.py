"""The five KPIs, computed exactly as ARCHITECTURE.md defines them.

Pure functions over rows of the reporting store. Everything is Decimal:
days are rounded half-up to 2 places, rates to 4, and only at the end.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

MICROSECONDS_PER_DAY = Decimal(86_400 * 1_000_000)
TWO_PLACES = Decimal("0.01")
FOUR_PLACES = Decimal("0.0001")

Row = dict[str, Any]


def days(delta: timedelta) -> Decimal:
    micro = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    return Decimal(micro) / MICROSECONDS_PER_DAY


def mean_days(deltas: Iterable[timedelta]) -> Decimal | None:
    values = [days(d) for d in deltas]
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def rate(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def time_to_fill(job_rows: list[Row], hire_rows: list[Row]) -> Decimal | None:
    """Mean over filled jobs of (first hire - job opened_at)."""
    first_hire: dict[str, datetime] = {}
    for hire in hire_rows:
        job = hire["job_id"]
        if job is not None and (job not in first_hire or hire["hired_at"] < first_hire[job]):
            first_hire[job] = hire["hired_at"]
    opened = {job["id"]: job["opened_at"] for job in job_rows if job["opened_at"] is not None}
    return mean_days(first_hire[job] - opened[job] for job in first_hire if job in opened)


def time_to_hire(app_rows: list[Row], hire_rows: list[Row]) -> Decimal | None:
    """Mean over hired applications of (hire - applied_at)."""
    applied = {app["id"]: app["applied_at"] for app in app_rows if app["applied_at"] is not None}
    return mean_days(h["hired_at"] - applied[h["application_id"]] for h in hire_rows if h["application_id"] in applied)


def offer_counts(offer_rows: list[Row]) -> dict[str, int]:
    counts = {"sent": len(offer_rows), "accepted": 0, "declined": 0}
    for offer in offer_rows:
        if offer["status"] in ("accepted", "declined"):
            counts[offer["status"]] += 1
    return counts


def stage_conversion(stage_rows: list[Row], hired: set[str]) -> dict[str, Decimal]:
    """Per stage: share of the applications that entered it and later entered a
    later stage of the pipeline (or were hired). Where a stage's place in the
    pipeline is unknown, any later change to another stage counts."""
    by_app: dict[str, list[Row]] = defaultdict(list)
    for row in stage_rows:
        by_app[row["application_id"]].append(row)
    entered: dict[str, set[str]] = defaultdict(set)
    moved_on: dict[str, set[str]] = defaultdict(set)
    order: dict[str, tuple[int, str]] = {}
    for app, rows in by_app.items():
        rows.sort(key=lambda r: (r["changed_at"], r["id"]))
        for i, row in enumerate(rows):
            stage, position = row["stage"], row["position"]
            order.setdefault(stage, (position if position is not None else 1 << 30, stage))
            entered[stage].add(app)
            if app in hired or any(_later(row, nxt) for nxt in rows[i + 1 :]):
                moved_on[stage].add(app)
    return {
        stage: rate(len(moved_on[stage]), len(entered[stage]))  # type: ignore[misc]
        for stage in sorted(entered, key=order.__getitem__)
    }


def _later(row: Row, nxt: Row) -> bool:
    if row["position"] is not None and nxt["position"] is not None:
        return nxt["position"] > row["position"]
    return nxt["stage"] != row["stage"]


def source_effectiveness(app_rows: list[Row], hired: set[str]) -> dict[str, Decimal]:
    """Per source name: hires / applications."""
    totals: dict[str, int] = defaultdict(int)
    wins: dict[str, int] = defaultdict(int)
    for app in app_rows:
        source = app["source"] or "unknown"
        totals[source] += 1
        wins[source] += app["id"] in hired
    return {source: rate(wins[source], totals[source]) for source in sorted(totals)}  # type: ignore[misc]
