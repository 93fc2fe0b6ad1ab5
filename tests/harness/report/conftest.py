"""Hand-built runs for the reporter tests: passing, failing with field diffs, crashed, partial."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest

from harness.results import CheckFailure, CheckResult, JourneyResult, RunResult, TimelineEntry

NFC_ZOE = "Zo\u00eb"
NFD_ZOE = "Zoe\u0308"
EVIL = "<script>alert('owned')</script>"
COMMAND = "ats-harness run scenarios/ --profile acme.yaml --seed 777"


def journey(scenario: str, n: int, layer: str, *checks: CheckResult, **kw) -> JourneyResult:
    j = JourneyResult(scenario=scenario, journey=f"{scenario}#{n}", layer=layer, checks=list(checks), **kw)
    j.finish()
    return j


def ok(name: str) -> CheckResult:
    return CheckResult(name, "passed")


def run_of(*journeys: JourneyResult, **kw) -> RunResult:
    values = {
        "run_id": "run-777",
        "seed": 777,
        "command": COMMAND,
        "started_at": "2025-03-12T10:00:00Z",
        "finished_at": "2025-03-12T10:00:05Z",
        "duration_s": 5.0,
        "profile": "acme.yaml",
        "sut": "acme_sync",
    }
    values.update(kw)
    return RunResult(journeys=list(journeys), **values)


def passing_journeys() -> list[JourneyResult]:
    return [
        journey("communication/confirm", 1, "communication", ok("trigger_accuracy"), duration_s=0.25),
        journey("scheduling/link", 1, "scheduling", ok("trigger_accuracy"), duration_s=0.5),
        journey("documents/offer", 1, "documents", ok("data_fidelity"), duration_s=0.75),
        journey("hris_sync/new_hire", 1, "hris_sync", ok("data_fidelity"), ok("error_halting"), duration_s=1.0),
        journey("reporting/freshness", 1, "reporting", ok("reporting"), duration_s=0.5),
        journey("end_to_end/hire", 1, "end_to_end", ok("data_fidelity"), duration_s=2.0),
    ]


def salary_failure() -> CheckFailure:
    return CheckFailure(
        "data_fidelity",
        "salary differs",
        expected="103000.00",
        actual="130000.00",
        where="docusign tab salary",
        hop="greenhouse offer salary -> docusign tab salary",
    )


def name_failure() -> CheckFailure:
    return CheckFailure(
        "data_fidelity",
        "first name differs",
        expected=NFC_ZOE,
        actual=NFD_ZOE,
        where="bamboohr firstName",
        hop="greenhouse candidate -> bamboohr employee",
    )


def failing_journeys() -> list[JourneyResult]:
    evil_failure = CheckFailure(
        "data_fidelity", f"name {EVIL} mangled", expected=EVIL, actual=EVIL + " ", where=f"field {EVIL}"
    )
    return [
        journey("communication/confirm", 1, "communication", ok("trigger_accuracy"), duration_s=0.25),
        journey(
            "documents/offer",
            1,
            "documents",
            ok("trigger_accuracy"),
            CheckResult("data_fidelity", "failed", [salary_failure()]),
            duration_s=0.8,
            facts={"candidate": EVIL, "offer_id": 5501, "salary": Decimal("103000.00")},
            timeline=[
                TimelineEntry("2025-03-12T10:00:01Z", "greenhouse", "sut", "webhook offer_created", 200),
                TimelineEntry("2025-03-12T10:00:02Z", "sut", "docusign", "POST envelopes", 201, f"note {EVIL}"),
            ],
        ),
        journey(
            "hris_sync/new_hire",
            1,
            "hris_sync",
            CheckResult("data_fidelity", "failed", [name_failure(), evil_failure]),
            ok("error_halting"),
            duration_s=1.5,
            timeline=[TimelineEntry("2025-03-12T10:00:03Z", "sut", "bamboohr", "POST /employees", 500)],
        ),
        journey("reporting/freshness", 1, "reporting", ok("reporting"), duration_s=0.5),
    ]


def error_journey() -> JourneyResult:
    return journey(
        "end_to_end/hire",
        1,
        "end_to_end",
        ok("trigger_accuracy"),
        error="SUT crashed: KeyError 'starts_at'\nTraceback ...\x1b[31m\x00",
        duration_s=3.0,
    )


@pytest.fixture
def passing_run() -> RunResult:
    return run_of(*passing_journeys())


@pytest.fixture
def failing_run() -> RunResult:
    return run_of(*failing_journeys())


@pytest.fixture
def error_run() -> RunResult:
    return run_of(*passing_journeys()[:2], error_journey())


@pytest.fixture
def partial_run() -> RunResult:
    return run_of(
        *passing_journeys()[:2],
        partial=True,
        partial_reason="KeyboardInterrupt during journey documents/offer#1",
        finished_at="",
    )


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}))


def parse_elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.found


@pytest.fixture
def elements() -> Callable[[str], list[tuple[str, dict[str, str]]]]:
    """Parse HTML into (tag, attributes) pairs, in document order."""
    return parse_elements


@pytest.fixture
def make() -> SimpleNamespace:
    """The builders and sample values above, for tests that assemble their own runs."""
    return SimpleNamespace(
        journey=journey,
        ok=ok,
        run=run_of,
        passing_journeys=passing_journeys,
        failing_journeys=failing_journeys,
        error_journey=error_journey,
        salary_failure=salary_failure,
        name_failure=name_failure,
        NFC_ZOE=NFC_ZOE,
        NFD_ZOE=NFD_ZOE,
        EVIL=EVIL,
        COMMAND=COMMAND,
    )
