"""Which results lost time control: what the report marks when the SUT is not on the virtual clock."""

from __future__ import annotations

from typing import Any

from ..results import ERROR, FAILED, JourneyResult


def is_virtual(time_control: str) -> bool:
    return time_control.startswith("virtual")


def mark_journey(result: JourneyResult, item: Any, time_control: str) -> None:
    """Mark a journey, and the checks in it, whose verdict may come from the run having lost time control.

    With time control lost the SUT reads the real clock while the fakes stamp
    everything with the virtual one. A journey is affected when it moves the
    virtual clock (the SUT's own timers never see the jump), runs a check
    judged on the SUT's timers, or did not pass: its failure may be the SUT
    refusing a webhook whose signed timestamp is months from its own clock.
    A journey that passed without moving the clock is not marked.
    """
    if is_virtual(time_control):
        return
    moves_clock = any(getattr(step, "kind", "") == "advance_clock" for step in getattr(item, "steps", ()))
    for check in result.checks:
        if moves_clock or check.verdict in (FAILED, ERROR):
            check.lost_time_control = True
    did_not_pass = bool(result.error) or any(c.verdict in (FAILED, ERROR) for c in result.checks)
    result.lost_time_control = moves_clock or did_not_pass or any(c.lost_time_control for c in result.checks)


def environment(sut: Any) -> dict[str, Any]:
    """What ``replay`` needs to put the SUT under the same clock again."""
    return {
        "virtual": is_virtual(sut.time_control),
        "libfaketime": getattr(sut, "faketime_lib", "") or "",
        "why": sut.time_control,
    }
