"""Small wording helpers every reporter shares, so console, JUnit and HTML agree."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Any

from harness.results import (
    ERROR,
    FAILED,
    LAYERS,
    NOT_APPLICABLE,
    NOT_JUDGED,
    PASSED,
    SKIPPED,
    CheckFailure,
    JourneyResult,
    RunResult,
)

LAYER_LABELS = {
    "communication": "Communication",
    "scheduling": "Scheduling",
    "documents": "Documents",
    "hris_sync": "HRIS sync",
    "reporting": "Reporting",
    "end_to_end": "End to end",
}

# Overall run verdicts beyond the journey ones.
PARTIAL, EMPTY = "partial", "empty"

_SEVERITY = {PASSED: 0, NOT_APPLICABLE: 0, SKIPPED: 0, NOT_JUDGED: 1, FAILED: 2, ERROR: 3}


_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible_controls(text: str) -> str:
    """Control characters (ANSI escapes, NULs from SUT output) as visible \\xNN; newlines and tabs kept."""
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def layer_label(layer: str) -> str:
    return LAYER_LABELS.get(layer, layer.replace("_", " ").capitalize())


def ordered_layers(run: RunResult) -> list[str]:
    """The six certification layers, then any other layer a journey used."""
    extra = sorted({j.layer for j in run.journeys} - set(LAYERS))
    return [*LAYERS, *extra]


def layer_verdicts(run: RunResult) -> dict[str, str]:
    out = run.layer_verdicts()
    for layer in ordered_layers(run):
        if layer not in out:
            verdicts = [j.verdict for j in run.journeys if j.layer == layer]
            out[layer] = max(verdicts, key=lambda v: _SEVERITY.get(v, 0)) if verdicts else SKIPPED
    return out


def overall_verdict(run: RunResult) -> str:
    """passed | failed | error | not_judged | partial | empty. A run with nothing in it never passes, and
    neither does one where nothing was judged or a declaration went unjudged."""
    if run.partial:
        return PARTIAL
    if not run.journeys:
        return EMPTY
    worst = max((j.verdict for j in run.journeys), key=lambda v: _SEVERITY.get(v, 0))
    if worst in (FAILED, ERROR, NOT_JUDGED):
        return worst
    if any(run.unjudged.values()) or not any(j.verdict == PASSED for j in run.journeys):
        return NOT_JUDGED
    return PASSED


def first_line(text: str, limit: int = 200) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def one_liner(journey: JourneyResult, limit: int = 200) -> str:
    """The first thing that went wrong in a journey, on one line ("" when nothing did)."""
    if journey.verdict == ERROR and journey.error:
        return first_line(f"error: {journey.error}", limit)
    if journey.verdict == NOT_APPLICABLE:
        return first_line(f"not applicable: {journey.not_applicable}", limit)
    failures = journey.failures
    if failures:
        return first_line(failure_line(failures[0]), limit)
    for check in journey.checks:
        if check.verdict in (FAILED, ERROR, NOT_JUDGED):
            words = check.verdict.replace("_", " ")
            return first_line(f"[{check.check}] {words}: {check.note or 'no detail given'}", limit)
    if journey.error:
        return first_line(f"error: {journey.error}", limit)
    return ""


def failure_line(failure: CheckFailure) -> str:
    """'[check] message (where): expected X, got Y', values as a person reads them."""
    line = f"[{failure.check}] {failure.message}"
    if failure.where:
        line += f" ({failure.where})"
    if failure.expected is not None or failure.actual is not None:
        line += f": expected {_quoted(failure.expected)}, got {_quoted(failure.actual)}"
    return line


def _quoted(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else show(value)


def slug(text: str) -> str:
    """A dotted-name-safe slug: 'documents/Offer letter' -> 'documents_offer_letter'."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "unnamed"


def show(value: Any) -> str:
    """A value as a person reads it: strings bare, Decimals with their exact digits."""
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if value is None:
        return "(none)"
    return repr(value)


def seconds(value: float) -> str:
    if value < 1:
        return f"{value * 1000:.0f} ms"
    if value < 120:
        return f"{value:.2f} s"
    minutes, rest = divmod(int(value), 60)
    return f"{minutes} min {rest:02d} s"


def parse_time(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return None
