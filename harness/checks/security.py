"""Webhook security: a delivery with a bad signature is refused and changes nothing."""

from __future__ import annotations

from ..engine import observe
from ..results import CheckFailure
from .registry import CheckContext, Skip, check


@check(
    "webhook_security",
    layers=("communication", "scheduling", "documents", "hris_sync", "end_to_end"),
    description="deliveries with a forged signature, or replayed long after signing, are refused (non-2xx) by the SUT",
)
def webhook_security(ctx: CheckContext) -> list[CheckFailure]:
    needles = observe.identifiers(ctx.journey)
    forged = [
        d
        for d in ctx.world.hub.dispatcher.deliveries()
        if ({"bad_signature", "stale"} & set(d.chaos))
        and d.created_at
        and d.created_at >= _start(ctx)
        and any(n in d.body.decode("utf-8", "replace") for n in needles)  # about this journey
    ]
    if not forged:
        raise Skip("no delivery was forged in this journey")
    failures = []
    for delivery in forged:
        accepted = [a for a in delivery.attempts if 200 <= int(a.get("status") or 0) < 300]
        if accepted:
            failures.append(
                CheckFailure(
                    "webhook_security",
                    f"the SUT accepted a {delivery.fake} {delivery.event} delivery "
                    + ("signed long ago (a replay)" if "stale" in delivery.chaos else "with a forged signature"),
                    expected="401 (or another refusal)",
                    actual=accepted[0]["status"],
                    where=f"{ctx.journey.tag}: delivery #{delivery.id} to {delivery.url}",
                )
            )
    return failures


def _start(ctx: CheckContext) -> object:
    return ctx.journey.result.facts.get("started_at_virtual") or ctx.world.hub.clock.now().replace(year=1970)
