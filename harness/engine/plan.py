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

    @property
    def exclusive(self) -> bool:
        """Changes the world for every journey: run it alone."""
        return bool(self.faults or self.chaos) or any(s.kind == "advance_clock" for s in self.steps)

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
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "scenario"


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


def build_plan(scenarios: list[Any], profile: Any, seed: int, certify: bool = False) -> Plan:
    from ..scenario.templating import journey_world

    items: list[PlanItem] = []
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
            if any(c["kind"] == "bad_signature" for c in chaos):
                checks.append("webhook_security")
        run_seed = scenario.seed if scenario.seed is not None else seed
        for n in range(scenario.journeys):
            tag = f"{slug(scenario.name)}-{n + 1}"
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
                )
            )
    return Plan(items)
