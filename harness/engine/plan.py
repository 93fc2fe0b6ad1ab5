"""From scenarios (and, when certifying, the profile's derived cases) to the
list of journeys a run will play, each with its data fixed by the seed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..checks.fidelity import field as read
from ..scenario.durations import parse_relative_instant

DEFAULT_CHECKS = {
    "communication": ["trigger_accuracy", "communication"],
    "scheduling": ["trigger_accuracy", "communication"],
    "documents": ["trigger_accuracy", "data_fidelity"],
    "hris_sync": ["trigger_accuracy", "data_fidelity", "sync_rules"],
    "reporting": ["reporting"],
    "end_to_end": ["trigger_accuracy", "communication", "data_fidelity", "sync_rules"],
}
DEFAULT_WITHIN = 10.0


@dataclass
class PlanStep:
    index: int
    kind: str
    args: Any
    location: str
    expectation: str = ""
    within: float = DEFAULT_WITHIN


@dataclass
class PlanItem:
    index: int
    tag: str
    scenario: Any
    layer: str
    candidate: dict[str, Any]
    job: dict[str, Any]
    offer: dict[str, Any]
    pack: dict[str, Any]
    steps: list[PlanStep]
    checks: list[str]
    faults: list[dict[str, Any]] = field(default_factory=list)
    chaos: list[dict[str, Any]] = field(default_factory=list)
    record: tuple[str, int] | None = None  # (data pack, record index) the journey's data came from

    @property
    def exclusive(self) -> bool:
        """Changes the world for every journey: run it alone. Faults and webhook chaos are scoped to the
        journey's own records and leave others alone (a held-back, re-ordered delivery waits for the next
        delivery about the same journey); moving the clock moves it for everyone."""
        return any(s.kind == "advance_clock" for s in self.steps)

    def job_args(self, now: datetime) -> dict[str, Any]:
        opened = self.job.get("opened_at")
        return {
            "name": self.job["name"],
            "department": self.job.get("department"),
            "office": self.job.get("office"),
            "stages": list(self.job["stages"]),
            "hiring_manager": dict(self.job["hiring_manager"]),
            "opened_at": parse_relative_instant(opened, now) if opened is not None else None,
        }

    def resolve_offer(self, now: datetime) -> None:
        """Relative offer dates ("+30d") become calendar dates on the run's virtual clock."""
        start = self.offer.get("start_date")
        if start is not None and not isinstance(start, date):
            self.offer["start_date"] = parse_relative_instant(start, now).date()


@dataclass
class Plan:
    items: list[PlanItem]


def default_checks(layer: str) -> list[str]:
    return list(DEFAULT_CHECKS.get(layer, []))


def slug(text: str) -> str:
    """A short readable id, unique per name (a hash tail keeps long names that share a start apart)."""
    import hashlib

    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:32].strip("-") or "scenario"
    return f"{base}-{hashlib.sha1(text.encode()).hexdigest()[:4]}"


def _steps(scenario: Any) -> list[PlanStep]:
    out = []
    for i, step in enumerate(scenario.steps):
        location = f"{scenario.file}:{step.line or '?'}"
        plan_step = PlanStep(i, step.kind, dict(step.args or {}), location)
        if step.expectation is not None:
            plan_step.expectation = step.expectation.kind
            plan_step.args = dict(step.expectation.spec or {})
            if step.expectation.within is not None:
                plan_step.within = step.expectation.within.total_seconds()
        out.append(plan_step)
    return out


EFFECT_LAYERS = {
    "email": "communication",
    "scheduling_link": "scheduling",
    "envelope": "documents",
    "hris_sync": "hris_sync",
    "ats_note": "scheduling",
    "alert": "hris_sync",
}


def derived_scenarios(profile: Any) -> list[Any]:
    """What certification adds from the profile alone: the trigger matrix (each distinct
    journey once; trigger_accuracy judges every trigger on it) and the boundary records
    of every validation rule."""
    from ..profile.derive import boundary_records, trigger_matrix
    from ..scenario.model import Scenario, Step, WorldSpec, default_world

    world = WorldSpec(**default_world())
    source = f"{profile.file} (derived)"
    seen: set[tuple[Any, ...]] = set()
    out = []
    for case in trigger_matrix(profile):
        if _after_hire(case):
            continue  # an ATS refuses to reject a hired application: no such journey exists
        key = tuple((step.kind, tuple(sorted((k, str(v)) for k, v in dict(step.args).items()))) for step in case.steps)
        if key in seen:
            continue
        seen.add(key)
        effect = next(iter(case.effects), "email")
        steps = _paced(case.steps)
        out.append(
            Scenario(
                name=f"derived: {case.name}",
                layer=EFFECT_LAYERS.get(effect, "communication"),
                file=source,
                steps=(*steps, Step("wait", {"until": "quiescence"}, index=len(steps))),
                world=world,
                checks=("trigger_accuracy", "communication"),
            )
        )
    for case in boundary_records(profile):
        steps = ("apply", "create_offer", "hire")
        checks = ("sync_rules", "trigger_accuracy") + (("data_fidelity",) if case.expected == "sync" else ())
        out.append(
            Scenario(
                name=f"derived: {case.name}",
                layer="hris_sync",
                file=source,
                steps=(
                    *(Step(k, {}, index=i) for i, k in enumerate(steps)),
                    Step("wait", {"until": "quiescence"}, index=len(steps)),
                ),
                world=world,
                records=(dict(case.record),),
                checks=checks,
            )
        )
    return out


def _after_hire(case: Any) -> bool:
    kinds = [step.kind for step in case.steps]
    return "hire" in kinds and any(k in ("reject", "reapply") for k in kinds[kinds.index("hire") :])


def _paced(raw: Any) -> tuple[Any, ...]:
    """Derived steps with a settle between each: people act after the system has reacted."""
    from ..scenario.model import Step

    steps: list[Any] = []
    for step in raw:
        if steps and step.kind != "wait" and steps[-1].kind != "wait":
            steps.append(Step("wait", {"until": "quiescence"}, index=len(steps)))
        steps.append(Step(step.kind, dict(step.args), index=len(steps)))
    return tuple(steps)


def pack_sources(scenario: Any) -> list[tuple[str, int] | None]:
    """For each of a scenario's data records, the (pack, index in the pack) it came from; None for inline."""
    from ..scenario import packs

    out: list[tuple[str, int] | None] = []
    for name in scenario.packs:
        out += [(name, i) for i in range(len(packs.load([name])))]
    return out + [None] * (len(scenario.records) - len(out))


def pack_coverage_scenarios(scenarios: list[Any]) -> list[Any]:
    """Certification runs every record of every data pack at least once: a pack no scenario uses gets a
    journey of its own per record (apply, offer, hire), judged by the layer's checks from ground truth."""
    from ..scenario import packs
    from ..scenario.model import Scenario, Step, WorldSpec, default_world

    used = {name for s in scenarios for name in s.packs}
    out = []
    for name in packs.available():
        if name in used:
            continue
        records = tuple(packs.load([name]))
        kinds = ("apply", "create_offer", "approve_offer", "hire")
        out.append(
            Scenario(
                name=f"derived: every record of data pack {name}",
                layer="hris_sync",
                file=f"data pack {name} (derived)",
                steps=(
                    *_paced(tuple(Step(k, {}, index=i) for i, k in enumerate(kinds))),
                    Step("wait", {"until": "quiescence"}, index=2 * len(kinds)),
                ),
                world=WorldSpec(**default_world()),
                packs=(name,),
                records=records,
                journeys=len(records),
            )
        )
    return out


def build_plan(scenarios: list[Any], profile: Any, seed: int, certify: bool = False, suffix: str = "") -> Plan:
    """Every journey of ``scenarios``, its data fixed by ``seed``; ``suffix`` ends each journey tag (and so
    its candidate's email), so a second run on the same fakes and SUT meets new people."""
    from ..scenario.templating import journey_world

    items: list[PlanItem] = []
    if certify:
        scenarios = [*scenarios, *derived_scenarios(profile), *pack_coverage_scenarios(scenarios)]
    for scenario in scenarios:
        layer = scenario.layer
        explicit = bool(scenario.checks)
        checks = list(scenario.checks) or default_checks(layer)
        faults = [f.rule_kwargs() for f in scenario.faults]
        chaos = [c.rule_kwargs() for c in scenario.chaos]
        steps = _steps(scenario)
        if not explicit:  # a scenario that names its checks gets exactly those
            if faults:
                checks.append("error_halting")
            if any(s.kind == "rollback" for s in steps):
                checks.append("rollback")
            if any(c["kind"] in ("bad_signature", "stale") for c in chaos):
                checks.append("webhook_security")
        run_seed = scenario.seed if scenario.seed is not None else seed
        sources = pack_sources(scenario)
        count = scenario.journeys
        if certify and any(sources):
            count = max(count, len(sources))  # every record of its packs reaches the SUT at least once
        for n in range(count):
            tag = f"{slug(scenario.name)}-{n + 1}{suffix}"
            rendered = journey_world(scenario, n, seed=run_seed, journey={"id": tag, "index": n, "number": n + 1})
            job = dict(rendered.job)
            if not job.get("stages"):
                job["stages"] = list(read(profile, "stages") or [])
            items.append(
                PlanItem(
                    len(items),
                    tag,
                    scenario,
                    layer,
                    dict(rendered.candidate),
                    job,
                    dict(rendered.offer),
                    dict(rendered.pack),
                    steps,
                    checks,
                    faults,
                    chaos,
                    sources[n % len(sources)] if sources else None,
                )
            )
    return Plan(items)


def pack_records(items: list[PlanItem]) -> dict[str, list[int]]:
    """Pack -> the indices of its records that the plan's journeys use."""
    seen: dict[str, set[int]] = {}
    for item in items:
        if item.record is not None:
            seen.setdefault(item.record[0], set()).add(item.record[1])
    return {name: sorted(indices) for name, indices in sorted(seen.items())}


def pack_coverage(records: dict[str, list[int]]) -> dict[str, str]:
    """Pack -> "covered/total records"."""
    from ..scenario import packs

    return {name: f"{len(set(indices))}/{len(packs.load([name]))}" for name, indices in sorted(records.items())}


# -- capabilities: what a journey needs the integration to do ------------------------------------------

CAPABILITY_WORDS = {
    "rollback": "reverse a journey (sut.rollback)",
    "reminders": "send interview reminders",
    "ats_notes": "write notes to the ATS",
    "signature_writeback": "write the signature status back to the ATS offer",
    "reporting": "serve KPIs (reporting)",
    "hold_for_review": "hold out-of-range records for review",
}


def expectation_need(kind: str, args: Any) -> str | None:
    """The capability one expectation needs the integration to have, if any (an ATS note, a signature
    written back, a reminder email). Without it only that expectation is not applicable."""
    args = args if isinstance(args, dict) else {}
    if kind == "ats" and "note_contains" in args:
        return "ats_notes"
    if kind == "ats" and "signature_status" in (args.get("offer_fields") or {}):
        return "signature_writeback"
    if kind in ("email", "emails") and args.get("kind") == "interview_reminder":
        return "reminders"
    return None


def capability_needs(item: PlanItem, profile: Any) -> dict[str, str]:
    """Capability -> what in this journey needs it as a whole (a step, a check, its layer, its data).
    Expectations that need one are handled one by one (:func:`expectation_need`)."""
    from ..checks.expected import violations

    needs: dict[str, str] = {}
    for step in item.steps:
        if step.kind == "rollback":
            needs.setdefault("rollback", f"step {step.index + 1} (rollback) at {step.location}")
    if "rollback" in item.checks:
        needs.setdefault("rollback", "the rollback check")
    if item.layer == "reporting" or "reporting" in item.checks:
        needs.setdefault("reporting", f"the {item.layer} layer" if item.layer == "reporting" else "the reporting check")
    if violations(profile, item.offer):
        needs.setdefault("hold_for_review", "an offer outside a validation range")
    return needs


def absent(profile: Any, capability: str | None) -> bool:
    """Whether the profile says the integration lacks ``capability``."""
    caps = read(profile, "capabilities")
    return capability is not None and caps is not None and not getattr(caps, capability, True)


def missing_capabilities(item: PlanItem, profile: Any) -> list[str]:
    """Sentences naming each capability this journey needs and the profile says the integration lacks."""
    caps = read(profile, "capabilities")
    if caps is None:
        return []
    out = []
    for name, where in capability_needs(item, profile).items():
        if not getattr(caps, name, True):
            out.append(f"needs the integration to {CAPABILITY_WORDS[name]} ({where}); capabilities.{name} is false")
    return out
