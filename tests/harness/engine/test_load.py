"""How many journeys run at once (``--concurrency auto``): the controller's rules on measured windows, the
answers it reads from the dispatcher, the gate it moves, and runs against SUTs slower in two ways."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from harness.engine import load
from harness.engine.load import AnswerWatch, Gate, LoadControl

ROOT = Path(__file__).resolve().parents[3]


def window(control: LoadControl, answers: list[float], cpu: float, waiting: bool = True, in_flight: float = 0.0):
    for seconds in answers:
        control.answer(seconds)
    return control.tick(1.0, cpu, waiting, in_flight)


def test_it_grows_towards_the_cpu_target_while_journeys_wait_and_the_sut_keeps_up():
    control = LoadControl(start=12)
    assert window(control, [0.5] * 10, cpu=0.1) == 19  # at most half again, plus one
    assert window(control, [0.5] * 10, cpu=0.4) == 29  # smoothed (0.1 + 0.4) / 2 = 0.25: half again, plus one
    assert window(control, [0.5] * 10, cpu=0.6) == 35  # smoothed 0.425: in proportion, 0.5 / 0.425 of 29, plus one
    assert control.changes[0].why.startswith("the harness used 0.10 of a core, under 0.5, the SUT keeps up")
    assert control.highest == 35 and control.lowest == 12


def test_it_does_not_grow_when_no_journey_waits_for_a_place_or_the_window_heard_too_few_answers():
    control = LoadControl(start=12)
    window(control, [0.01] * 10, cpu=0.1)  # learns the SUT's best, grows once
    grown = control.limit
    assert window(control, [0.01] * 10, cpu=0.1, waiting=False) == grown
    assert window(control, [0.01] * (load.MIN_SAMPLES - 1), cpu=0.1) == grown  # no median: no word that it keeps up


def test_a_queueing_sut_makes_it_shrink_by_a_quarter_down_to_the_floor():
    control = LoadControl(start=12)
    window(control, [0.05] * 10, cpu=0.1, waiting=False)  # best: 50 ms
    assert window(control, [1.0] * 10, cpu=0.1) == 9  # 1 s > 3 x 50 ms + 250 ms
    assert "it is queueing" in control.changes[-1].why and "median answer 1000 ms" in control.changes[-1].why
    for _ in range(10):
        window(control, [1.0] * 10, cpu=0.1)
    assert control.limit == load.FLOOR


def test_webhooks_waiting_for_an_answer_show_a_queue_before_any_answer_does():
    control = LoadControl(start=12)
    window(control, [0.05] * 10, cpu=0.1, waiting=False)
    assert window(control, [], cpu=0.1, in_flight=2.0) == 9
    assert "webhooks unanswered for 2000 ms" in control.changes[-1].why


def test_a_sut_that_answers_just_within_its_best_neither_grows_nor_shrinks_the_number():
    control = LoadControl(start=12)
    window(control, [0.1] * 10, cpu=0.1, waiting=False)  # best 100 ms
    # 300 ms: more than 1.5 x 100 + 50 (no growth), less than 3 x 100 + 250 (no cut)
    assert window(control, [0.3] * 10, cpu=0.1) == 12


def test_too_much_harness_cpu_cuts_it_but_never_below_where_it_started():
    control = LoadControl(start=12)
    window(control, [0.5] * 10, cpu=0.1)
    window(control, [0.5] * 10, cpu=0.1)
    high = control.limit
    assert high > 12
    for _ in range(20):
        window(control, [0.5] * 10, cpu=0.9)
    assert control.limit == 12
    assert any("over 0.65: its own threads queue" in c.why for c in control.changes)
    described = control.describe()
    assert described["start"] == 12 and described["final"] == 12 and described["highest"] == high
    assert described["changes"][-1]["to"] == 12


def test_the_ceiling_holds():
    control = LoadControl(start=12)
    for _ in range(30):
        window(control, [0.5] * 10, cpu=0.01)
    assert control.limit == load.CEILING


@dataclass
class _Delivery:
    id: int
    body: bytes = b"{}"
    state: str = "delivered"
    attempts: list[dict[str, Any]] = field(default_factory=list)
    sent_at: float | None = None
    answered_at: float | None = None

    @property
    def done(self) -> bool:
        return self.state in ("delivered", "failed", "gone")


class _Dispatcher:
    def __init__(self) -> None:
        self.log: list[_Delivery] = []

    @property
    def logged(self) -> int:
        return len(self.log)

    def logged_since(self, mark: int) -> list[_Delivery]:
        return self.log[mark:]

    def active_deliveries(self) -> list[_Delivery]:
        return [d for d in self.log if not d.done]


def test_the_watch_reads_each_answered_attempt_once_and_leaves_out_the_disturbed_and_the_refused():
    dispatcher = _Dispatcher()
    control = LoadControl(start=12)
    watch = AnswerWatch(dispatcher, control, disturbed=lambda d: b"faulted" in d.body)
    retried = _Delivery(1, state="retrying", attempts=[{"status": 500, "ms": 40.0}])
    dispatcher.log += [
        retried,
        _Delivery(2, attempts=[{"status": 0, "ms": 3.0}, {"status": 200, "ms": 20.0}]),  # 0: connection refused
        _Delivery(3, body=b'{"faulted": 1}', attempts=[{"status": 200, "ms": 9000.0}]),
    ]
    watch()
    retried.attempts.append({"status": 200, "ms": 60.0})
    retried.state = "delivered"
    watch()
    watch()
    assert sorted(control._answers) == [0.02, 0.04, 0.06]


def test_in_flight_counts_only_when_enough_webhooks_wait_and_half_the_running_journeys_do():
    dispatcher = _Dispatcher()
    watch = AnswerWatch(dispatcher, LoadControl(start=12))
    now = time.monotonic()
    for ident, age in enumerate([3.0, 2.0, 1.0, 0.1]):
        dispatcher.log.append(_Delivery(ident, state="sending", sent_at=now - age))
    watch()
    assert watch.in_flight_s(running=8) == pytest.approx(1.5, abs=0.05)
    assert watch.in_flight_s(running=12) == 0.0  # 4 of 12 journeys: a few slow handlers, not a queue
    for answered in dispatcher.log[2:]:
        answered.state = "delivered"
    watch()
    assert watch.in_flight_s(running=2) == 0.0  # two are too few to say


def test_the_gate_lets_more_through_as_soon_as_its_limit_rises():
    gate = Gate(1)
    gate.acquire()
    entered = threading.Event()

    def second() -> None:
        gate.acquire()
        entered.set()

    threading.Thread(target=second, daemon=True).start()
    deadline = time.monotonic() + 10
    while not gate.blocked and time.monotonic() < deadline:
        time.sleep(0.01)
    assert gate.blocked and not entered.wait(0.2)  # it waits for a place...
    gate.set_limit(2)  # ...and gets one as soon as the limit rises
    assert entered.wait(2)
    assert gate.active == 2


# -- against real SUTs ---------------------------------------------------------------------------------------


def _run_against_slow_sut(tmp_path: Path, delay: float, serial: bool):
    from benchmarks.certify_suite import slow_sut_env
    from harness.engine.runner import Runner, RunOptions

    options = RunOptions(
        profile=ROOT / "examples/reference_integration/profile.yaml",
        paths=[ROOT / "scenarios" / "hris_sync", ROOT / "scenarios" / "documents"],
        certify=False,
        sut_command="python -m benchmarks.slow_sut",
        sut_env=slow_sut_env(delay, serial),
        reporters=[],
        write=False,
        reports_dir=tmp_path / "runs",
    )
    result = Runner(options).run()
    assert [(j.journey, j.error or j.verdict) for j in result.journeys if j.verdict != "passed"] == []
    return result.environment["concurrency"]


def test_a_sut_that_answers_slowly_but_in_parallel_gets_more_journeys_at_once(tmp_path):
    chosen = _run_against_slow_sut(tmp_path, delay=0.4, serial=False)
    assert chosen["mode"].startswith("auto") and chosen["start"] == min(16, 6 * (os.cpu_count() or 1))
    assert chosen["highest"] > chosen["start"], chosen


@pytest.mark.slow
def test_a_sut_that_handles_one_webhook_at_a_time_gets_fewer(tmp_path):
    chosen = _run_against_slow_sut(tmp_path, delay=0.1, serial=True)
    assert chosen["lowest"] < chosen["start"], chosen
    assert any("it is queueing" in change["why"] for change in chosen["changes"]), chosen


def test_the_console_says_how_many_journeys_ran_at_once_and_how_the_clock_moved():
    from harness.report.console import pace_line

    auto = {"mode": "auto (--concurrency N fixes it)", "start": 12, "lowest": 9, "highest": 30}
    batch = {"journeys": 16, "advance_steps": 32, "jumps": 5}
    assert pace_line({"concurrency": auto, "clock_batch": batch}) == (
        "journeys at once: between 9 and 30 (auto from 12; --concurrency N fixes it); "
        "16 journeys moved the clock together: 32 advance_clock steps, 5 jumps"
    )
    fixed = {"mode": "fixed", "journeys_at_once": 4}
    assert pace_line({"concurrency": fixed, "clock_batch": "one at a time (--serial-clock)"}) == (
        "journeys at once: 4 (--concurrency); journeys that moved the clock: one at a time (--serial-clock)"
    )
    assert pace_line({}) == ""


def test_a_fixed_number_never_moves_but_the_sut_s_answers_are_still_reported():
    control = LoadControl(start=1, adaptive=False)
    assert window(control, [0.5] * 10, cpu=0.01) == 1
    assert window(control, [5.0] * 10, cpu=0.01, in_flight=9.0) == 1
    described = control.describe()
    assert described["mode"] == "fixed" and described["journeys_at_once"] == 1
    assert described["sut_answers"] == {"count": 20, "median_ms": 2750.0, "p90_ms": 5000.0, "max_ms": 5000.0}
    assert control.changes == []
