"""Error halting: when a downstream system fails (or a record is malformed),
an alert naming the record reaches the owner within the deadline, the SUT
stops, and nothing partial is left written. Retrying a failing call a few
times is fine; retrying without end is not."""

from __future__ import annotations

from .. import dialects
from ..engine import observe
from ..results import CheckFailure
from .fidelity import field
from .registry import CheckContext, Skip, check
from .values import span

MAX_RETRIES = 5  # requests to a failing route beyond the first that still count as bounded retrying
REQUIRED_ROWS = ("compensation", "employment", "job")


def faulted(ctx: CheckContext) -> list:
    """Requests of this journey that an injected fault answered (faults are scoped to a journey's own
    records, and other journeys may be running beside it)."""
    needles = observe.identifiers(ctx.journey)
    entries = ctx.journey.world.hub.journal.entries(since=ctx.journey.started_seq)
    return [e for e in entries if e.fault and observe._mentions(e, needles)]


@check(
    "error_halting",
    layers=("hris_sync", "documents", "scheduling", "end_to_end"),
    description="an injected failure raises an alert naming the record, halts the journey, leaves nothing partial",
)
def error_halting(ctx: CheckContext) -> list[CheckFailure]:
    hits = faulted(ctx)
    if not hits:
        raise Skip("no injected fault was hit in this journey")
    journey, profile = ctx.journey, ctx.profile
    failures: list[CheckFailure] = []
    alerts_cfg = field(profile, "alerts")
    deadline = _seconds(field(alerts_cfg, "deadline", 10))
    channel = str(field(alerts_cfg, "channel", "any"))
    wanted = ("slack", "email") if channel == "both" else (channel,)
    for want in wanted:
        found = journey.wait(lambda w=want: observe.alerts(journey, profile, w), deadline)
        if not found:
            failures.append(
                CheckFailure(
                    "error_halting",
                    f"no {want} alert naming application {journey.application_id} within {span(deadline)} of the fault",
                    expected=f"an alert on {want} naming application {journey.application_id}",
                    actual="nothing",
                    where=f"{journey.tag}: fault {hits[0].fault} on {hits[0].method} {hits[0].path}",
                )
            )
    first = hits[0]
    same_route = attempts(journey, first)
    if len(same_route) > MAX_RETRIES + 1:
        failures.append(
            CheckFailure(
                "error_halting",
                f"the SUT called the failing {first.method} {first.path} {len(same_route)} times instead of halting",
                expected=f"at most {MAX_RETRIES + 1} attempts, then an alert",
                actual=len(same_route),
                where=journey.tag,
            )
        )
    failures += partial_hris(ctx)
    forward = [
        e
        for e in observe.journey_requests(journey, writes_only=True)
        if e.seq > first.seq
        and e.path != first.path
        and dialects.system_of(profile, e.fake) is not None  # a chat alert is a message, not a record
        and not dialects.is_compensation(journey.world, profile, e)
    ]
    for entry in forward:
        failures.append(
            CheckFailure(
                "error_halting",
                "the SUT kept writing after the failure instead of halting",
                actual=f"{entry.method} {entry.path}",
                where=f"{journey.tag}: after fault on {first.method} {first.path}",
                dedupe_key=f"halt-forward:{journey.tag}:{entry.path}",
            )
        )
    return failures


def attempts(journey: object, entry: object, after: bool = False) -> list:
    """This journey's requests to the route ``entry`` called (same fake, method and path), from ``entry``
    on, or only those after it; other journeys call the same routes meanwhile, so they are told apart."""
    needles = observe.identifiers(journey)  # type: ignore[arg-type]
    journal = journey.world.hub.journal  # type: ignore[attr-defined]
    return [
        e
        for e in journal.entries(fake=entry.fake, since=entry.seq if after else entry.seq - 1)  # type: ignore[attr-defined]
        if e.path == entry.path and e.method == entry.method and observe._mentions(e, needles)  # type: ignore[attr-defined]
    ]


def partial_hris(ctx: CheckContext) -> list[CheckFailure]:
    """An active employee missing any of the rows a sync writes is a half-written record."""
    out = []
    for employee in observe.employees(ctx.journey):
        if not dialects.is_active(ctx.profile, employee):
            continue
        missing = [t for t in REQUIRED_ROWS if not ctx.world.hris.rows(employee["id"], t)]
        if missing:
            out.append(
                CheckFailure(
                    "error_halting",
                    f"half-written HRIS record: employee {employee['id']} is active without {', '.join(missing)}",
                    expected="the whole record, or nothing (reversed)",
                    actual=f"active employee, missing {', '.join(missing)}",
                    where=ctx.journey.tag,
                    hop=f"SUT -> {dialects.fake_name(ctx.profile, 'hris')}",
                )
            )
    return out


def _seconds(value: object) -> float:
    from datetime import timedelta

    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, (int, float)):
        return float(value)
    from ..scenario.durations import parse_duration

    return parse_duration(str(value)).total_seconds()
