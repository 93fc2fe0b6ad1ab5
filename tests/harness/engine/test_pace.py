"""The settle window between steps is learnt from the SUT (journey.Pace): full until enough webhooks were
watched to their answer, then twice the SUT's longest lag after answering plus a margin; a request made while
the SUT handled a webhook is no lag, and the full window is kept for judging. A run against the reference
learns a short window and still certifies; a SUT that works after answering keeps a longer one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest

from harness.engine.journey import Journey, Pace

ROOT = Path(__file__).resolve().parents[3]


def test_the_window_is_full_until_enough_deliveries_were_answered() -> None:
    pace = Pace(0.25, needed=3)
    pace.request_after_answer(0.02)
    for n in range(2):
        pace.delivery_answered(n)
    pace.delivery_answered(1)  # counted once
    assert pace.window() == 0.25
    pace.delivery_answered(2)
    assert pace.window() == pytest.approx(2 * 0.02 + 0.05)


def test_the_window_follows_the_longest_lag_between_floor_and_full() -> None:
    pace = Pace(0.25, floor=0.075, needed=0)
    assert pace.window() == 0.075  # a SUT that does everything before it answers
    pace.request_after_answer(0.05)
    assert pace.window() == pytest.approx(0.15)
    pace.request_after_answer(0.02)  # the longest lag counts
    assert pace.window() == pytest.approx(0.15)
    pace.request_after_answer(0.2)
    assert pace.window() == 0.25  # capped at the full window
    pace.request_after_answer(3.0)  # not a reaction a full window would have waited for
    assert pace.lag == 0.2


@dataclass
class _Delivery:
    id: int
    sent_at: float
    answered_at: float
    done: bool = True


def _learn(entries: list[float], deliveries: list[_Delivery]) -> Pace:
    pace = Pace(0.25, needed=0)
    journey = Journey.__new__(Journey)
    journey.pace = pace
    journey._learn([SimpleNamespace(received=at) for at in entries], deliveries)
    return pace


def test_a_request_inside_a_webhook_s_handling_is_no_lag() -> None:
    # delivery 2 went out 0.1 s after delivery 1 was answered; the SUT's request came while it handled it
    pace = _learn([10.12], [_Delivery(1, 9.9, 10.0), _Delivery(2, 10.1, 10.13)])
    assert pace.lag == 0.0


def test_a_request_after_the_answer_is_the_lag_since_the_last_answer() -> None:
    pace = _learn([10.18, 10.05], [_Delivery(1, 9.9, 10.0), _Delivery(2, 10.1, 10.13)])
    assert pace.lag == pytest.approx(0.05)  # 10.18 - 10.13 and 10.05 - 10.0


@pytest.mark.parametrize("full_settle", [False, True])
def test_a_run_says_which_window_it_used_and_the_reference_certifies(full_settle: bool, tmp_path: Path) -> None:
    from harness.engine.runner import Runner, RunOptions

    options = RunOptions(
        profile=ROOT / "examples" / "reference_integration" / "profile.yaml",
        paths=[ROOT / "scenarios" / "documents", ROOT / "scenarios" / "hris_sync" / "new_hire_sync.yaml"],
        reporters=[],
        write=False,
        reports_dir=tmp_path,
        full_settle=full_settle,
    )
    runner = Runner(options)
    result = runner.run()
    assert result.passed, [(j.journey, j.failures[:1], j.error) for j in result.journeys if j.verdict != "passed"]
    said = result.environment["settle_between_steps"]
    if full_settle:
        assert runner.pace is None and said.startswith("250 ms at every step")
    else:
        assert runner.pace is not None and runner.pace.answered >= runner.pace.needed
        # the reference does its work before answering a webhook: the learnt window is short
        assert runner.pace.window() < 0.25 and said.startswith(f"{runner.pace.window() * 1000:.0f} ms")


def test_a_sut_that_works_after_answering_keeps_a_longer_window(tmp_path: Path) -> None:
    import sys

    from harness.engine.runner import Runner, RunOptions

    def run(command: str | None) -> Runner:
        runner = Runner(
            RunOptions(
                profile=ROOT / "examples" / "reference_integration" / "profile.yaml",
                paths=[ROOT / "scenarios" / "hris_sync" / "new_hire_sync.yaml"],
                reporters=[],
                write=False,
                reports_dir=tmp_path,
                sut_command=command,
            )
        )
        result = runner.run()
        assert result.passed, [(j.journey, j.failures[:1], j.error) for j in result.journeys if j.verdict != "passed"]
        return runner

    queued = run(f"{sys.executable} {Path(__file__).parent / 'queued_sut.py'}").pace
    direct = run(None).pace
    assert queued is not None and direct is not None
    assert queued.lag >= 0.05, queued.describe()  # the 80 ms it waits before working, as the journal saw it
    assert queued.window() > direct.window(), (queued.describe(), direct.describe())
