"""Communication: each touchpoint email goes out once on its stage change,
none on the others, and the candidate gets no email the profile does not name."""

from __future__ import annotations

from ..engine import observe
from ..results import CheckFailure
from .expected import expected_effects
from .fidelity import field
from .registry import CheckContext, Skip, check


@check(
    "communication",
    layers=("communication", "scheduling", "end_to_end"),
    description="each touchpoint email sent exactly once per triggering stage change; no stray emails",
)
def communication(ctx: CheckContext) -> list[CheckFailure]:
    if field(ctx.scenario, "faults"):
        raise Skip("a fault was injected on purpose; error_halting judges this journey")
    expected = expected_effects(ctx.profile, ctx.journey)
    emails = field(ctx.profile, "emails") or {}
    failures = []
    received = observe.emails(ctx.journey, ctx.profile)
    known = []
    for kind in emails:
        subject = observe.subject_of(ctx.profile, kind)
        got = [e for e in received if subject in e["subject"]]
        known += got
        want = expected.get(("email", kind), 0)
        if kind == "interview_reminder":
            continue  # timed by the SUT's own clock: judged by expectations with advance_clock
        if len(got) != want:
            failures.append(
                CheckFailure(
                    "communication",
                    f"{kind} email sent {len(got)} time(s), expected {want}",
                    expected=want,
                    actual=len(got),
                    where=f"{ctx.journey.tag}: to {ctx.journey.email}",
                    details={"subjects": [e["subject"] for e in got]},
                )
            )
    for stray in [e for e in received if e not in known]:
        failures.append(
            CheckFailure(
                "communication",
                "an email the profile does not declare reached the candidate",
                actual=stray["subject"],
                where=f"{ctx.journey.tag}: to {ctx.journey.email}",
                severity="medium",
            )
        )
    return failures
