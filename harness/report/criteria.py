"""The guide's "How to know it worked" list, as data, and how each item is judged.

Each criterion names the layers and checks whose results are its evidence.
An empty ``layers`` means every layer; an empty ``checks`` means every check
in those layers. A criterion a harness cannot observe says so instead of
pretending to pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from harness.results import ERROR, FAILED, SKIPPED, CheckResult, JourneyResult, RunResult

# Criterion verdicts (journey verdicts plus three honest "we cannot say yes" ones).
PASSED, NOT_JUDGED, INCOMPLETE, NOT_MEASURABLE = "passed", "not_judged", "incomplete", "not_measurable"


@dataclass(frozen=True)
class Criterion:
    key: str
    title: str
    layers: tuple[str, ...] = ()
    checks: tuple[str, ...] = ()
    unit: str = "journeys"  # what one judged journey stands for, in the evidence sentence
    sample: int | None = None  # judge only the first N judged journeys, and ask for N of them
    measurable: bool = True
    why_not: str = ""  # for a criterion that is not measurable


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        key="recruiter_time",
        title="Recruiters spend less than 2 hours a week on scheduling and confirmation emails",
        measurable=False,
        why_not=(
            "Not measurable by a harness: this is recruiter time in production. Ask the recruiting team after "
            "a few weeks live; the scheduling and communication layers above show whether the automation fires."
        ),
    ),
    Criterion(
        key="offer_documents",
        title="Offer documents contain zero transcription errors in the first 20 offers",
        layers=("documents", "end_to_end"),
        checks=("data_fidelity",),
        unit="offers",
        sample=20,
    ),
    Criterion(
        key="hris_records",
        title="HRIS records for new hires match ATS offer records exactly",
        layers=("hris_sync", "end_to_end"),
        checks=("data_fidelity",),
        unit="new-hire records",
    ),
    Criterion(
        key="reporting_freshness",
        title="Pipeline reporting reflects stage changes within the freshness window",
        layers=("reporting",),
        checks=("reporting",),
        unit="reporting journeys",
    ),
    Criterion(
        key="error_alerts",
        title="Error alerts fire when failures are deliberately triggered",
        checks=("error_halting",),
        unit="triggered failures",
    ),
)


@dataclass
class CriterionResult:
    criterion: Criterion
    verdict: str  # passed | failed | error | incomplete | not_judged | not_measurable
    evidence: str
    judged: int = 0  # journeys whose relevant checks ran
    problems: int = 0  # check failures among them
    journeys: list[str] = field(default_factory=list)  # journeys that failed or crashed on this criterion
    notes: list[str] = field(default_factory=list)


def _relevant(criterion: Criterion, journey: JourneyResult) -> list[CheckResult]:
    if criterion.layers and journey.layer not in criterion.layers:
        return []
    return [c for c in journey.checks if not criterion.checks or c.check in criterion.checks]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def evaluate(criterion: Criterion, run: RunResult) -> CriterionResult:
    if not criterion.measurable:
        return CriterionResult(criterion, NOT_MEASURABLE, criterion.why_not)
    judged: list[tuple[JourneyResult, list[CheckResult]]] = []
    crashed: list[str] = []  # in scope, died before any relevant check ran
    for journey in run.journeys:
        ran = [c for c in _relevant(criterion, journey) if c.verdict != SKIPPED]
        if ran:
            judged.append((journey, ran))
        elif journey.verdict == ERROR and criterion.layers and journey.layer in criterion.layers:
            crashed.append(journey.journey)
    if criterion.sample is not None:
        judged = judged[: criterion.sample]

    problems = sum(len(c.failures) for _, ran in judged for c in ran)
    failed = [j.journey for j, ran in judged if any(c.verdict == FAILED or c.failures for c in ran)]
    errored = [j.journey for j, ran in judged if any(c.verdict == ERROR for c in ran)] + crashed
    lost_clock = sum(c.lost_time_control for _, ran in judged for c in ran)

    count = len(judged)
    evidence = f"{criterion.unit.capitalize()} judged: {count}"
    if criterion.sample is not None:
        evidence += f" (the guide asks for the first {criterion.sample})"
    evidence += f". Problems found: {problems}."
    if errored:
        evidence += f" Could not be judged (error): {len(errored)}."

    notes: list[str] = []
    if lost_clock:
        notes.append(f"{_plural(lost_clock, 'check')} ran without control of the SUT's clock; timing is wall time.")
    if failed:
        verdict = FAILED
    elif errored:
        verdict = ERROR
    elif count == 0:
        verdict = NOT_JUDGED
        evidence = f"No journey in this run exercised it ({_scope(criterion)})."
    elif criterion.sample is not None and count < criterion.sample:
        verdict = INCOMPLETE
        notes.append(f"The guide asks for {criterion.sample} {criterion.unit}; add journeys to reach it.")
    elif run.partial:
        verdict = INCOMPLETE
        notes.append("The run stopped early; journeys that did not run were not judged.")
    else:
        verdict = PASSED
    return CriterionResult(criterion, verdict, evidence, count, problems, failed + errored, notes)


def _scope(criterion: Criterion) -> str:
    checks = ", ".join(criterion.checks) if criterion.checks else "any check"
    layers = ", ".join(criterion.layers) if criterion.layers else "any layer"
    return f"{checks} in {layers}"


def evaluate_all(run: RunResult, criteria: tuple[Criterion, ...] = CRITERIA) -> list[CriterionResult]:
    return [evaluate(c, run) for c in criteria]
