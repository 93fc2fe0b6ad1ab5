"""The KPI oracle: the guide's baseline KPIs computed from the journeys'
ground truth (what the harness made happen), by the definitions in
ARCHITECTURE.md, for comparison with the SUT's reporting store."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .journey import Journey

DAY = Decimal(86400)
TWO = Decimal("0.01")
FOUR = Decimal("0.0001")


def _days(delta_seconds: float) -> Decimal:
    return Decimal(str(delta_seconds)) / DAY


def _mean(values: list[Decimal], quantum: Decimal) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(quantum, ROUND_HALF_UP)


def counts_for_reporting(journey: Journey) -> bool:
    """A journey whose webhooks were forged on purpose is one the SUT rightly never saw."""
    chaos = getattr(journey.scenario, "chaos", ()) or ()
    return not any(getattr(c, "kind", None) == "bad_signature" for c in chaos)


def kpis(journeys: list[Journey]) -> dict[str, Any]:
    journeys = [j for j in journeys if counts_for_reporting(j)]
    fill: list[Decimal] = []
    hire: list[Decimal] = []
    accepted = declined = 0
    reached: dict[str, set[Any]] = defaultdict(set)
    moved_on: dict[str, set[Any]] = defaultdict(set)
    apps_by_source: dict[str, int] = defaultdict(int)
    hires_by_source: dict[str, int] = defaultdict(int)
    for j in journeys:
        pipeline = list(j.job_spec.get("stages") or [])
        first_stage = pipeline[0] if pipeline else None

        def later(new: str, old: str, pipeline: list[str] = pipeline) -> bool:
            """Conversion means moving forward in the job's pipeline; a backward move is not one."""
            if new in pipeline and old in pipeline:
                return pipeline.index(new) > pipeline.index(old)
            return new != old

        per_app: dict[Any, dict[str, Any]] = {}
        for event in j.events:
            app_id = event.get("application_id")
            app = per_app.setdefault(app_id, {"applied": None, "source": None, "stages": []})
            key = (j.tag, app_id)
            kind = event["kind"]
            if kind == "application_created":
                app["applied"], app["source"] = event["at"], event.get("source")
                apps_by_source[str(app["source"])] += 1
                if first_stage:  # a new application enters the job's first stage
                    app["stages"].append(first_stage)
                    reached[first_stage].add(key)
            elif kind == "stage_changed" and event.get("to"):
                for earlier in app["stages"]:
                    if later(event["to"], earlier):
                        moved_on[earlier].add(key)
                app["stages"].append(event["to"])
                reached[event["to"]].add(key)
            elif kind == "hired":
                for earlier in app["stages"]:
                    moved_on[earlier].add(key)
                hires_by_source[str(app["source"])] += 1
                if app["applied"] is not None:
                    hire.append(_days((event["at"] - app["applied"]).total_seconds()))
                opened = j.ids.get("job_opened_at")
                if opened is not None:
                    fill.append(_days((event["at"] - opened).total_seconds()))
            elif kind == "signed" and event.get("party") == "candidate":
                accepted += 1
            elif kind == "declined":
                declined += 1
    conversion = {
        stage: (Decimal(len(moved_on[stage] & tags)) / len(tags)).quantize(FOUR, ROUND_HALF_UP)
        for stage, tags in reached.items()
    }
    effectiveness = {
        src: (Decimal(hires_by_source[src]) / n).quantize(FOUR, ROUND_HALF_UP) for src, n in apps_by_source.items()
    }
    resolved = accepted + declined
    return {
        "time_to_fill_days": _mean(fill, TWO),
        "time_to_hire_days": _mean(hire, TWO),
        "offer_acceptance_rate": (Decimal(accepted) / resolved).quantize(FOUR, ROUND_HALF_UP) if resolved else None,
        "stage_conversion": conversion,
        "source_effectiveness": effectiveness,
    }
