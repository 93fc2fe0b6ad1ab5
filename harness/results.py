"""What a run produces: typed results and the events reporters consume.

The engine emits events; reporters (console, JUnit, JSON, HTML) subscribe.
Neither knows the other. A failure is an ``AssertionError`` subclass with
structured fields, so a pytest item can raise it as it is.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

LAYERS = ("communication", "scheduling", "documents", "hris_sync", "reporting", "end_to_end")

# Verdicts, worst last.
PASSED, SKIPPED, FAILED, ERROR = "passed", "skipped", "failed", "error"
# A journey or check that needs what the integration declares it does not do (capabilities).
NOT_APPLICABLE = "not_applicable"
# A check that should have judged and could not (an unknown path, nothing to compare): never a pass.
NOT_JUDGED = "not_judged"
VERDICTS = (PASSED, NOT_APPLICABLE, SKIPPED, NOT_JUDGED, FAILED, ERROR)


class CheckFailure(AssertionError):
    """A check found the SUT doing the wrong thing.

    ``hop`` names where a value changed (e.g. "ats offer -> hris
    compensation"); ``dedupe_key`` folds repeats of one defect into one line.
    """

    def __init__(
        self,
        check: str,
        message: str,
        *,
        expected: Any = None,
        actual: Any = None,
        where: str = "",
        hop: str = "",
        severity: str = "high",
        dedupe_key: str = "",
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.check = check
        self.message = message
        self.expected = expected
        self.actual = actual
        self.where = where
        self.hop = hop
        self.severity = severity
        self.dedupe_key = dedupe_key or f"{check}:{where}:{message}"
        self.details = details or {}

    def __str__(self) -> str:
        parts = [f"[{self.check}] {self.message}"]
        if self.where:
            parts.append(f"where: {self.where}")
        if self.expected is not None or self.actual is not None:
            parts.append(f"expected {self.expected!r}, got {self.actual!r}")
        if self.hop:
            parts.append(f"changed at: {self.hop}")
        return "; ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "message": self.message,
            "expected": _jsonable(self.expected),
            "actual": _jsonable(self.actual),
            "where": self.where,
            "hop": self.hop,
            "severity": self.severity,
            "dedupe_key": self.dedupe_key,
            "details": _jsonable(self.details),
        }


@dataclass
class CheckResult:
    check: str
    verdict: str  # passed | failed | skipped | not_judged | not_applicable | error
    failures: list[CheckFailure] = field(default_factory=list)
    note: str = ""  # why skipped or not judged, what was judged
    lost_time_control: bool = False  # the SUT's own clock was not virtual for this check
    judged: list[str] = field(default_factory=list)  # what the check compared (e.g. the field-map entries)
    unjudged: list[str] = field(default_factory=list)  # "name: why" for what it could not compare

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "verdict": self.verdict,
            "note": self.note,
            "lost_time_control": self.lost_time_control,
            "judged": list(self.judged),
            "unjudged": list(self.unjudged),
            "failures": [f.as_dict() for f in self.failures],
        }


@dataclass
class TimelineEntry:
    """One hop of a journey: who called whom, when (virtual time), and the answer."""

    at: str  # ISO virtual time
    source: str  # "harness", "sut", or the fake that called
    target: str
    what: str  # "POST /v1/...", "webhook <event>", "email: subject"
    status: int | None = None
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class JourneyResult:
    scenario: str
    journey: str  # "<scenario>#<n>"
    layer: str
    verdict: str = PASSED
    checks: list[CheckResult] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)  # ids and values the journey produced
    error: str = ""  # harness or SUT crash text, when verdict is "error" (one readable message)
    error_detail: str = ""  # the traceback behind a harness error, kept for the report
    not_applicable: str = ""  # why the journey was not run: a capability the integration does not have
    duration_s: float = 0.0
    waiting_s: float = 0.0  # wall time spent waiting on the SUT
    lost_time_control: bool = False  # it needed the SUT on the virtual clock, and the SUT was not

    def finish(self) -> None:
        verdicts = [c.verdict for c in self.checks]
        if self.error:
            self.verdict = ERROR
        elif FAILED in verdicts or ERROR in verdicts:
            self.verdict = FAILED
        elif self.not_applicable:
            self.verdict = NOT_APPLICABLE
        elif NOT_JUDGED in verdicts:
            self.verdict = NOT_JUDGED
        else:
            self.verdict = PASSED

    @property
    def failures(self) -> list[CheckFailure]:
        return [f for c in self.checks for f in c.failures]

    def as_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "journey": self.journey,
            "layer": self.layer,
            "verdict": self.verdict,
            "error": self.error,
            "error_detail": self.error_detail,
            "not_applicable": self.not_applicable,
            "duration_s": round(self.duration_s, 4),
            "waiting_s": round(self.waiting_s, 4),
            "lost_time_control": self.lost_time_control,
            "facts": _jsonable(self.facts),
            "checks": [c.as_dict() for c in self.checks],
            "timeline": [t.as_dict() for t in self.timeline],
        }


@dataclass
class RunResult:
    run_id: str
    seed: int
    command: str  # the exact command that replays the run
    started_at: str
    journeys: list[JourneyResult] = field(default_factory=list)
    partial: bool = False  # the run died half-way; what is here is what finished
    partial_reason: str = ""
    finished_at: str = ""
    duration_s: float = 0.0
    harness_s: float = 0.0  # wall time the harness itself spent (not waiting on the SUT)
    profile: str = ""
    sut: str = ""
    time_control: str = "virtual"  # "virtual" | "lost: <why>"
    sut_output: str = ""  # path of the SUT's kept output, if the harness started it
    environment: dict[str, Any] = field(default_factory=dict)
    # What the run did not certify, each a sentence: capabilities declared absent ("not applicable")
    # and declarations nothing judged ("not judged"); layer -> sentences.
    not_certified: dict[str, list[str]] = field(default_factory=dict)
    unjudged: dict[str, list[str]] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        """Every journey passed or was not applicable, something passed, and nothing declared went unjudged."""
        return (
            not self.partial
            and any(j.verdict == PASSED for j in self.journeys)
            and all(j.verdict in (PASSED, NOT_APPLICABLE) for j in self.journeys)
            and not any(self.unjudged.values())
        )

    def layer_verdicts(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for layer in LAYERS:
            mine = [j for j in self.journeys if j.layer == layer]
            if not mine:
                out[layer] = SKIPPED
            elif any(j.verdict == ERROR for j in mine):
                out[layer] = ERROR
            elif any(j.verdict == FAILED for j in mine):
                out[layer] = FAILED
            elif any(j.verdict == NOT_JUDGED for j in mine) or self.unjudged.get(layer):
                out[layer] = NOT_JUDGED
            elif all(j.verdict == NOT_APPLICABLE for j in mine):
                out[layer] = NOT_APPLICABLE
            else:
                out[layer] = PASSED
        return out

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(VERDICTS, 0)
        for j in self.journeys:
            out[j.verdict] = out.get(j.verdict, 0) + 1
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "seed": self.seed,
            "command": self.command,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "duration_s": round(self.duration_s, 4),
            "harness_s": round(self.harness_s, 4),
            "partial": self.partial,
            "partial_reason": self.partial_reason,
            "passed": self.passed,
            "profile": self.profile,
            "sut": self.sut,
            "time_control": self.time_control,
            "sut_output": self.sut_output,
            "environment": _jsonable(self.environment),
            "not_certified": _jsonable(self.not_certified),
            "unjudged": _jsonable(self.unjudged),
            "layers": self.layer_verdicts(),
            "counts": self.counts(),
            "journeys": [j.as_dict() for j in self.journeys],
        }


# -- events (engine -> reporters) ---------------------------------------------


@dataclass
class Event:
    kind: str  # run_started | journey_started | step | journey_finished | run_finished
    run: RunResult
    journey: JourneyResult | None = None
    message: str = ""


class Reporter:
    """Subscribe to the engine's events; override what you need."""

    def handle(self, event: Event) -> None:
        getattr(self, f"on_{event.kind}", lambda e: None)(event)


def _jsonable(value: Any) -> Any:
    from fakes.kit.jsonx import plain

    return plain(value)
