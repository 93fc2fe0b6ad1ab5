"""Retry discipline: a vendor that answers 429 with Retry-After is asked again no sooner than it said,
and not without end. A client that hammers a rate-limited API gets its key throttled for everyone."""

from __future__ import annotations

from ..results import CheckFailure
from .halting import MAX_RETRIES, attempts, faulted
from .registry import CheckContext, Skip, check
from .values import span

EARLY_TOLERANCE = 0.9  # a retry at 90% of the announced wait still counts as honouring it (timer slack)


@check(
    "retry_discipline",
    layers=("hris_sync", "documents", "scheduling", "end_to_end"),
    description="after a 429 the SUT waits at least its Retry-After before asking again, and retries a bounded number",
)
def retry_discipline(ctx: CheckContext) -> list[CheckFailure]:
    limited = [e for e in faulted(ctx) if e.status == 429]
    if not limited:
        raise Skip("no rate limit was hit in this journey")
    failures: list[CheckFailure] = []
    for entry in limited:
        announced = _seconds(entry)
        later = attempts(ctx.journey, entry, after=True)
        if not later or announced is None:
            continue  # it gave up, or there was nothing to honour: error_halting judges what followed
        waited = later[0].received - entry.received
        if waited < announced * EARLY_TOLERANCE:
            failures.append(
                CheckFailure(
                    "retry_discipline",
                    f"retried {entry.method} {entry.path} {span(waited)} after a 429 that asked for {span(announced)}",
                    expected=f"at least {span(announced)} (Retry-After)",
                    actual=span(waited),
                    where=f"{ctx.journey.tag}: journal #{entry.seq} -> #{later[0].seq}",
                    hop=f"SUT -> {entry.fake}",
                    dedupe_key=f"retry-early:{ctx.journey.tag}:{entry.path}",
                )
            )
    first = limited[0]
    tries = attempts(ctx.journey, first)
    if len(tries) > MAX_RETRIES + 1:
        failures.append(
            CheckFailure(
                "retry_discipline",
                f"the SUT called the rate-limited {first.method} {first.path} {len(tries)} times",
                expected=f"at most {MAX_RETRIES + 1} attempts, then an alert",
                actual=len(tries),
                where=ctx.journey.tag,
            )
        )
    return failures


def _seconds(entry: object) -> float | None:
    for name, value in entry.response_headers:  # type: ignore[attr-defined]
        if name.lower() == "retry-after":
            try:
                return float(value)
            except ValueError:
                return None
    return None
