"""From scenarios (and, when certifying, the profile's derived cases) to the
list of journeys a run will play, each with its data fixed by the seed."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from faker import Faker

from ..checks.fidelity import field as read
from ..scenario.durations import parse_duration

DEFAULT_CHECKS = {
    "communication": ["trigger_accuracy", "communication"],
    "scheduling": ["trigger_accuracy", "communication"],
    "documents": ["trigger_accuracy", "data_fidelity"],
    "hris_sync": ["trigger_accuracy", "data_fidelity", "sync_rules"],
    "reporting": ["reporting"],
    "end_to_end": ["trigger_accuracy", "communication", "data_fidelity", "sync_rules"],
}
DEFAULT_WITHIN = 10.0
DEFAULT_JOB = {
    "name": "Software Engineer",
    "department": "Engineering",
    "office": "New York",
    "hiring_manager": {"first_name": "Hana", "last_name": "Okafor", "email": "hana.okafor@acme.example"},
}
DEFAULT_OFFER = {
    "salary": "103000.00",
    "currency": "USD",
    "pay_period": "year",
    "employment_type": "Full-time",
    "hours_per_week": "40",
    "start_date": "2026-04-01",
}
OFFER_KEYS = set(DEFAULT_OFFER)
CANDIDATE_KEYS = {"first_name", "last_name", "phone", "source", "email"}


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

    def job_args(self) -> dict[str, Any]:
        return {
            "name": self.job["name"],
            "department": self.job.get("department"),
            "office": self.job.get("office"),
            "stages": list(self.job["stages"]),
            "hiring_manager": dict(self.job["hiring_manager"]),
            "opened_at": self.job.get("opened_at"),
        }


@dataclass
class Plan:
    items: list[PlanItem]


def default_checks(layer: str) -> list[str]:
    return list(DEFAULT_CHECKS.get(layer, []))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "scenario"


def _faker(seed: int, tag: str) -> Faker:
    fake = Faker()
    fake.seed_instance(int(hashlib.sha256(f"{seed}:{tag}".encode()).hexdigest()[:12], 16))
    return fake


def _as_dict(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, dict):
        return dict(value)
    return {k: v for k, v in vars(value).items() if v is not None}


def _steps(scenario: Any) -> list[PlanStep]:
    out = []
    for i, step in enumerate(read(scenario, "steps") or []):
        kind = str(read(step, "kind"))
        args = read(step, "args")
        location = f"{read(scenario, 'path')}:{read(step, 'line', '?')}"
        plan_step = PlanStep(i, kind, args, location)
        if kind in ("expect", "expect_none"):
            spec = dict(args or {})
            within = spec.pop("within", None)
            if len(spec) != 1:
                from ..errors import ScenarioError

                raise ScenarioError(f"{location}: an {kind} step needs exactly one expectation, got {sorted(spec)}")
            plan_step.expectation, plan_step.args = next(iter(spec.items()))
            if within is not None:
                plan_step.within = (
                    within.total_seconds()
                    if isinstance(within, timedelta)
                    else parse_duration(str(within)).total_seconds()
                )
        out.append(plan_step)
    return out


def build_plan(scenarios: list[Any], profile: Any, seed: int, certify: bool = False) -> Plan:
    from ..scenario.packs import load as load_packs
    from ..scenario.templating import render

    items: list[PlanItem] = []
    stages = list(read(profile, "stages") or [])
    for scenario in scenarios:
        world = read(scenario, "world") or {}
        data = read(scenario, "data") or {}
        packs = read(data, "packs") or []
        records = load_packs(list(packs)) if packs else [{}]
        count = int(read(scenario, "journeys") or 1)
        layer = str(read(scenario, "layer"))
        checks = list(read(scenario, "checks") or []) or default_checks(layer)
        faults = [_as_dict(f) for f in read(scenario, "faults") or []]
        chaos = [_as_dict(c) for c in read(scenario, "chaos") or []]
        steps = _steps(scenario)
        if faults and "error_halting" not in checks:
            checks.append("error_halting")
        if any(s.kind == "rollback" for s in steps) and "rollback" not in checks:
            checks.append("rollback")
        if any(c.get("kind") == "bad_signature" for c in chaos) and "webhook_security" not in checks:
            checks.append("webhook_security")
        for n in range(count):
            tag = f"{slug(read(scenario, 'name'))}-{n + 1}"
            pack = dict(records[n % len(records)])
            fake = _faker(seed, tag)
            context = {"pack": pack, "faker": fake, "journey": {"id": tag, "index": n}}
            candidate = {
                "first_name": fake.first_name(),
                "last_name": fake.last_name(),
                "phone": fake.numerify("+1 212 555 ####"),
                "source": "LinkedIn",
            }
            candidate.update({k: v for k, v in pack.items() if k in CANDIDATE_KEYS})
            candidate.update(render(_as_dict(read(world, "candidate")), context))
            candidate["email"] = f"{tag}.s{seed}@candidates.example"
            job = {**DEFAULT_JOB, "stages": stages, **render(_as_dict(read(world, "job")), context)}
            offer = {**DEFAULT_OFFER, **{k: v for k, v in pack.items() if k in OFFER_KEYS}}
            offer.update(render(_as_dict(read(world, "offer")), context))
            items.append(
                PlanItem(len(items), tag, scenario, layer, candidate, job, offer, pack, steps, checks, faults, chaos)
            )
    return Plan(items)
