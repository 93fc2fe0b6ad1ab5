"""The HTML certification report: one self-contained page a team can sign off on.

Everything the page shows is prepared here as plain data; the template only
lays it out. Autoescaping is on and nothing is marked safe, so candidate
names, SUT errors and vendor payloads can never become markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from harness.report._diff import FieldDiff, diff_values
from harness.report._text import (
    EMPTY,
    PARTIAL,
    layer_label,
    layer_verdicts,
    one_liner,
    ordered_layers,
    overall_verdict,
    seconds,
    show,
    slug,
)
from harness.report.criteria import CRITERIA, Criterion, CriterionResult, evaluate_all
from harness.results import (
    ERROR,
    FAILED,
    NOT_JUDGED,
    PASSED,
    SKIPPED,
    VERDICTS,
    CheckFailure,
    JourneyResult,
    RunResult,
    TimelineEntry,
)

TEMPLATES = Path(__file__).with_name("templates")

VERDICT_LABELS = {
    PASSED: "Passed",
    FAILED: "Failed",
    ERROR: "Error",
    SKIPPED: "Skipped",
    "not_run": "Not run",
    PARTIAL: "Partial run",
    EMPTY: "No journeys ran",
    "not_judged": "Not judged",
    "not_applicable": "Not applicable",
    "incomplete": "Incomplete",
    "not_measurable": "Not measurable by a harness",
}


def _overall_sentence(run: RunResult, overall: str) -> str:
    if overall == PARTIAL:
        return "The run stopped before it finished, so it cannot certify the integration."
    if overall == EMPTY:
        return "No journey ran, so there is nothing to certify."
    counts = run.counts()
    if overall == PASSED:
        if counts.get("not_applicable"):
            return (
                "Every journey that applies to this integration passed every check; what it declares it does not "
                "do was not certified (listed below)."
            )
        return "Every journey passed every check."
    parts = []
    if counts.get("not_judged") or any(run.unjudged.values()):
        parts.append("something the profile declares was never judged (a check that judged nothing has not passed)")
    if counts[FAILED]:
        parts.append(f"{counts[FAILED]} journey{'s' if counts[FAILED] != 1 else ''} failed a check")
    if counts[ERROR]:
        parts.append(f"{counts[ERROR]} could not be judged (a crash in the SUT or the harness)")
    sentence = " and ".join(parts)
    return sentence[:1].upper() + sentence[1:] + ". Do not sign off until each one below is resolved."


def _hop_target(hop: str) -> str:
    """The system a value was travelling to when it changed: 'greenhouse offer -> docusign tab' -> 'docusign'."""
    if "->" not in hop:
        return ""
    words = hop.rsplit("->", 1)[1].split()
    return words[0].lower() if words else ""


@dataclass
class FailureView:
    failure: CheckFailure
    diff: FieldDiff | None  # None when the check recorded no expected/actual pair


@dataclass
class JourneyView:
    journey: JourneyResult
    anchor: str
    problem: str
    duration: str
    failures: list[FailureView] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)
    hop_targets: set[str] = field(default_factory=set)  # systems named as where a value changed

    def on_hop(self, entry: TimelineEntry) -> bool:
        """True for an SUT call into a system where a failure says a value changed."""
        return entry.source.lower() == "sut" and entry.target.lower() in self.hop_targets


@dataclass
class LayerView:
    key: str
    label: str
    verdict: str
    counts: dict[str, int]


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["verdict_label"] = lambda v: VERDICT_LABELS.get(v, str(v).replace("_", " ").capitalize())
    env.filters["show"] = show
    return env


_ENV = _environment()


def _layers(run: RunResult) -> list[LayerView]:
    verdicts = layer_verdicts(run)
    out = []
    for layer in ordered_layers(run):
        mine = [j.verdict for j in run.journeys if j.layer == layer]
        counts = {v: mine.count(v) for v in VERDICTS}
        out.append(LayerView(layer, layer_label(layer), verdicts[layer] if mine else "not_run", counts))
    return out


def _diff(failure: CheckFailure) -> FieldDiff | None:
    if failure.expected is None and failure.actual is None:
        return None
    return diff_values(failure.expected, failure.actual)


def _journeys(run: RunResult) -> list[JourneyView]:
    views = []
    for index, journey in enumerate(run.journeys, start=1):
        failures = [FailureView(f, _diff(f)) for f in journey.failures]
        facts = [(str(k), show(v)) for k, v in journey.facts.items()]
        views.append(
            JourneyView(
                journey=journey,
                anchor=f"j{index}-{slug(journey.journey)}",
                problem=one_liner(journey, limit=240),
                duration=seconds(journey.duration_s),
                failures=failures,
                facts=facts,
                hop_targets={t for f in journey.failures if (t := _hop_target(f.hop))},
            )
        )
    return views


def build_context(
    run: RunResult, *, criteria: tuple[Criterion, ...] = CRITERIA, generated_at: str = ""
) -> dict[str, Any]:
    journeys = _journeys(run)
    layers = _layers(run)
    overall = overall_verdict(run)
    judged: list[CriterionResult] = evaluate_all(run, criteria)
    anchors = {v.journey.journey: v.anchor for v in journeys}
    return {
        "run": run,
        "overall": overall,
        "overall_sentence": _overall_sentence(run, overall),
        "counts": run.counts(),
        "duration": seconds(run.duration_s),
        "layers": layers,
        "not_run": [v.label for v in layers if v.verdict == "not_run"],
        "criteria": judged,
        "journeys": journeys,
        "failing": [v for v in journeys if v.journey.verdict in (FAILED, ERROR, NOT_JUDGED)],
        "not_certified": sorted((layer, items) for layer, items in run.not_certified.items() if items),
        "unjudged": sorted((layer, items) for layer, items in run.unjudged.items() if items),
        "anchors": anchors,
        "lost_clock": sum(c.lost_time_control for j in run.journeys for c in j.checks),
        "lost_journeys": sum(j.lost_time_control for j in run.journeys),
        "time_virtual": run.time_control.startswith("virtual"),
        "generated_at": generated_at or run.finished_at or run.started_at,
        "environment": sorted((str(k), show(v)) for k, v in run.environment.items()),
    }


def render_html(run: RunResult, *, generated_at: str = "") -> str:
    return _ENV.get_template("report.html.j2").render(build_context(run, generated_at=generated_at))
