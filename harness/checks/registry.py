"""One small registry of checks.

A check is a function ``(ctx) -> list[CheckFailure]`` registered under a
name with the layers it belongs to. The engine runs the ones a scenario asks
for plus the ones its layer implies; a check that does not apply to a
journey returns ``SKIP`` with the reason.
"""

from __future__ import annotations

import difflib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import HarnessError
from ..results import ERROR, FAILED, NOT_JUDGED, PASSED, SKIPPED, CheckFailure, CheckResult

if TYPE_CHECKING:
    from ..engine.journey import Journey


class Skip(Exception):
    """This check has nothing to judge in this journey, by design (the reason says why)."""


class NotJudged(Exception):
    """This check should have judged and could not (an unknown path, nothing to compare): never a pass."""


@dataclass
class CheckContext:
    journey: Journey
    profile: Any
    scenario: Any
    time_control: str = "virtual"
    peers: list[Any] = field(default_factory=list)  # every journey of the run (run-level checks)
    judged: list[str] = field(default_factory=list)  # what the check compared, filled as it goes
    unjudged: list[str] = field(default_factory=list)  # what it could not compare, each with why

    @property
    def world(self) -> Any:
        return self.journey.world


CheckFn = Callable[[CheckContext], list[CheckFailure]]


@dataclass(frozen=True)
class Check:
    name: str
    fn: CheckFn
    layers: tuple[str, ...]
    description: str
    needs_time: bool = False  # judged on the SUT's own timers


REGISTRY: dict[str, Check] = {}


def check(
    name: str, layers: tuple[str, ...], description: str, needs_time: bool = False
) -> Callable[[CheckFn], CheckFn]:
    def register(fn: CheckFn) -> CheckFn:
        REGISTRY[name] = Check(name, fn, layers, description, needs_time)
        return fn

    return register


def get(name: str) -> Check:
    _load_builtin()
    if name not in REGISTRY:
        hint = difflib.get_close_matches(name, REGISTRY, n=1)
        raise HarnessError(
            f"unknown check {name!r}; registered checks: {', '.join(sorted(REGISTRY))}"
            + (f"; did you mean {hint[0]!r}?" if hint else "")
        )
    return REGISTRY[name]


def names() -> list[str]:
    _load_builtin()
    return sorted(REGISTRY)


def run_check(name: str, ctx: CheckContext) -> CheckResult:
    spec = get(name)
    lost = spec.needs_time and not ctx.time_control.startswith("virtual")
    try:
        failures = _judge(spec, ctx)
    except Skip as why:
        return CheckResult(
            name, SKIPPED, note=str(why), lost_time_control=lost, judged=list(ctx.judged), unjudged=list(ctx.unjudged)
        )
    except NotJudged as why:
        return CheckResult(
            name,
            NOT_JUDGED,
            note=str(why),
            lost_time_control=lost,
            judged=list(ctx.judged),
            unjudged=list(ctx.unjudged),
        )
    except CheckFailure as failure:
        failures = [failure]
    except HarnessError as exc:
        return CheckResult(name, ERROR, note=str(exc), lost_time_control=lost)
    unique: dict[str, CheckFailure] = {}
    for failure in failures:
        unique.setdefault(failure.dedupe_key, failure)
    verdict = FAILED if unique else PASSED
    return CheckResult(
        name,
        verdict,
        list(unique.values()),
        note=spec.description,
        lost_time_control=lost,
        judged=list(ctx.judged),
        unjudged=list(ctx.unjudged),
    )


def _judge(spec: Check, ctx: CheckContext, attempts: int = 3) -> list[CheckFailure]:
    """Run a check; a model table that changed under its reading (the fakes keep serving
    other journeys while a check reads) is read again rather than reported as a harness bug."""
    for attempt in range(attempts):
        ctx.judged.clear()
        ctx.unjudged.clear()
        try:
            return spec.fn(ctx)
        except RuntimeError as exc:
            if "changed size during iteration" not in str(exc) or attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


_loaded = False
_load_lock = threading.Lock()


def _load_builtin() -> None:
    """Import the built-in checks once; journeys on several threads may ask at the same moment."""
    global _loaded
    if _loaded:
        return
    with _load_lock:
        if not _loaded:
            from . import (  # noqa: F401
                communication,
                fidelity,
                halting,
                reporting,
                retries,
                rollback,
                security,
                sync_rules,
                trigger,
            )

            _loaded = True
