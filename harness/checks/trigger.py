"""Trigger accuracy: each automation fires on its stage change, exactly once,
and never on any other; duplicated or re-ordered webhooks change nothing."""

from __future__ import annotations

from ..engine import observe
from ..results import CheckFailure
from .expected import expected_effects
from .fidelity import field
from .registry import CheckContext, Skip, check


@check(
    "trigger_accuracy",
    layers=("communication", "scheduling", "documents", "hris_sync", "end_to_end"),
    description="every profile trigger fired exactly as often as its event happened, and nothing else fired",
)
def trigger_accuracy(ctx: CheckContext) -> list[CheckFailure]:
    if field(ctx.scenario, "faults"):
        raise Skip("a fault was injected on purpose; error_halting judges this journey")
    expected = expected_effects(ctx.profile, ctx.journey)
    effects = {(k, str(v)) for t in field(ctx.profile, "triggers") or [] for k, v in _items(field(t, "effect"))}
    failures = []
    for effect, value in sorted(effects):
        want = 0 if effect == "hris_sync" and not _hired(ctx) else expected.get((effect, value), 0)
        got = observe.effect_count(ctx.journey, ctx.profile, effect, value)
        if effect == "email":
            got = len(observe.emails(ctx.journey, ctx.profile, value))
        if got != want:
            what = f"{effect}: {value}" if effect == "email" else effect
            failures.append(
                CheckFailure(
                    "trigger_accuracy",
                    f"{what} happened {got} time(s), expected {want}",
                    expected=want,
                    actual=got,
                    where=f"{ctx.journey.tag}: events {', '.join(_event_names(ctx))}",
                    dedupe_key=f"trigger:{ctx.journey.tag}:{effect}:{value}",
                )
            )
    return failures


def _items(effect: object) -> list[tuple[str, object]]:
    if effect is None:
        return []
    pairs = effect.items() if isinstance(effect, dict) else vars(effect).items()
    return [(k, v) for k, v in pairs if v not in (None, False)]


def _hired(ctx: CheckContext) -> bool:
    return any(e["kind"] == "hired" for e in ctx.journey.events)


def _event_names(ctx: CheckContext) -> list[str]:
    out = []
    for e in ctx.journey.events:
        out.append(f"{e['kind']}->{e['to']}" if e.get("to") else e["kind"])
    return out
