"""Journeys that move the clock run together, and each still sees only the jumps it asked for."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest

from fakes.kit.clock import DEFAULT_START, VirtualClock
from harness.engine.clockbatch import BatchStopped, ClockBatch

H = timedelta(hours=1)


class Member(str):
    """A journey's thread (named like a journey's tag): joins when made, takes a slot, runs
    ``body(batch, self)``, leaves (whatever happens)."""

    count = 0

    def __new__(cls, batch: ClockBatch, body) -> Member:
        Member.count += 1
        self = super().__new__(cls, f"journey-{Member.count}")
        self.batch, self.body = batch, body
        self.seen: list[tuple[str, timedelta]] = []
        self.error: BaseException | None = None
        batch.join(self)
        self.thread = threading.Thread(target=self._run, daemon=True)
        return self

    def note(self, what: str) -> None:
        self.seen.append((what, self.batch.clock.now() - DEFAULT_START))

    def _run(self) -> None:
        try:
            self.batch.enter(self)
            self.body(self.batch, self)
        except BaseException as exc:
            self.error = exc
        finally:
            self.batch.leave(self)


def until_waiting(batch: ClockBatch, member: str, timeout: float = 10) -> None:
    """Return once ``member`` waits in the batch for its instant (events set before the call would race)."""
    deadline = time.monotonic() + timeout
    while member not in batch._waiting:
        assert time.monotonic() < deadline, f"{member} never asked for the clock"
        time.sleep(0.005)


def run_all(*members: Member, timeout: float = 10) -> None:
    for m in members:
        m.thread.start()
    for m in members:
        m.thread.join(timeout)
        assert not m.thread.is_alive(), "a member never got its jump"


def test_a_jump_waits_for_every_running_member_and_goes_to_the_earliest_instant_asked():
    batch = ClockBatch(VirtualClock())
    ready = threading.Event()

    def far(batch, me):  # asks for 103 h at once, while `near` still has steps to take
        me.note("asks")
        batch.advance(me, 103 * H)
        me.note("after")

    def near(batch, me):
        ready.wait(5)
        time.sleep(0.2)  # `far` is waiting all this time: no jump may happen under a member still stepping
        me.note("before")
        batch.advance(me, 50 * H)
        me.note("after")
        time.sleep(0.2)  # an expect_none after its own jump: the far jump must not land in it
        me.note("judged")

    far_member = Member(batch, lambda b, m: (ready.set(), far(b, m)))
    near_member = Member(batch, near)
    run_all(far_member, near_member)

    assert near_member.error is None and far_member.error is None
    assert near_member.seen == [("before", timedelta(0)), ("after", 50 * H), ("judged", 50 * H)]
    assert far_member.seen == [("asks", timedelta(0)), ("after", 103 * H)]
    assert batch.stats.describe() == {
        "journeys": 2, "advance_steps": 2, "jumps": 2, "most_at_once": 1, "largest_overshoot_s": 0.0
    }


def test_members_asking_for_the_same_instant_share_one_jump():
    batch = ClockBatch(VirtualClock())
    members = [Member(batch, lambda b, m: (b.advance(m, 7 * 24 * H), m.note("after"))) for _ in range(5)]
    run_all(*members)
    assert [m.seen for m in members] == [[("after", 7 * 24 * H)]] * 5
    assert batch.stats.jumps == 1 and batch.stats.asked == 5 and batch.stats.journeys == 5


@pytest.mark.parametrize(
    ("span", "jumps", "overshoot"),
    [
        (103 * H, 1, timedelta(seconds=5)),  # a minute of slack: the first asker lands 5 s late, one jump
        (timedelta(minutes=2), 2, timedelta(0)),  # 0.12 s of slack: each lands on its own instant
    ],
)
def test_one_jump_serves_members_that_asked_for_the_same_span_seconds_apart(span, jumps, overshoot):
    clock = VirtualClock()
    batch = ClockBatch(clock)

    def first(batch, me):
        batch.advance(me, span)
        me.note("after")

    def later(batch, me):
        until_waiting(batch, a)
        clock.advance(timedelta(seconds=5))  # its actions, five seconds of them
        batch.advance(me, span)
        me.note("after")

    a, b = Member(batch, first), Member(batch, later)
    run_all(a, b)
    assert b.seen == [("after", span + timedelta(seconds=5))]
    assert a.seen == [("after", span + overshoot)]
    assert batch.stats.jumps == jumps
    assert batch.stats.overshoot == overshoot


def test_every_member_starts_before_the_first_jump_though_only_slots_of_them_step_at_once():
    batch = ClockBatch(VirtualClock(), slots=2)

    def body(batch, me):
        me.note("started")
        time.sleep(0.05)
        batch.advance(me, 24 * H)
        me.note("after")

    members = [Member(batch, body) for _ in range(6)]
    run_all(*members)
    assert [m.seen for m in members] == [[("started", timedelta(0)), ("after", 24 * H)]] * 6
    assert batch.stats.most_at_once == 2 and batch.stats.jumps == 1


def test_a_member_that_ends_early_no_longer_holds_the_jump_back():
    batch = ClockBatch(VirtualClock())

    def fails(batch, me):
        time.sleep(0.2)
        raise RuntimeError("the journey errored before its advance_clock step")

    waiting = Member(batch, lambda b, m: (b.advance(m, 2 * H), m.note("after")))
    failing = Member(batch, fails)
    run_all(waiting, failing)
    assert waiting.seen == [("after", 2 * H)]
    assert isinstance(failing.error, RuntimeError)


def test_time_that_other_members_actions_pass_counts_without_a_jump():
    clock = VirtualClock()
    batch = ClockBatch(clock)

    def acts(batch, me):
        until_waiting(batch, waits)
        for _ in range(3):
            clock.advance(timedelta(seconds=1))  # one action's gap each (journey.ACTION_GAP)
        me.note("acted")

    waits = Member(batch, lambda b, m: (b.advance(m, timedelta(seconds=2)), m.note("after")))
    run_all(waits, Member(batch, acts))
    assert waits.seen[0][1] >= timedelta(seconds=2)
    assert batch.stats.jumps == 0


def test_stopping_the_run_releases_every_waiting_member():
    batch = ClockBatch(VirtualClock())
    still_running = Member(batch, lambda b, m: time.sleep(30))  # never asks: the jump never comes
    waiting = Member(batch, lambda b, m: b.advance(m, H))
    waiting.thread.start()
    time.sleep(0.1)
    batch.stop()
    waiting.thread.join(5)
    assert isinstance(waiting.error, BatchStopped)
    assert batch.clock.now() == DEFAULT_START
    del still_running


def test_a_journey_outside_the_batch_cannot_move_the_clock_through_it():
    batch = ClockBatch(VirtualClock())
    with pytest.raises(Exception, match="never joined"):
        batch.advance("journey-x", H)


# Three journeys whose interviews fall on different days, each moving the clock to its own reminder. Run
# one after another they pass; run side by side with no batch, the 103 h jump would pass the 78 h interview
# before its reminder was due to be judged.
REMINDERS = {
    "reminder-78h": """\
scenario: 1
name: reminder for an interview 78 h ahead
layer: scheduling
steps:
  - apply: {}
  - move_stage: {to: Phone Screen}
  - expect: {email: {kind: interview_invitation}, within: 10s}
  - book: {start: "+3d@10:00"}
  - expect: {ats: {note_contains: "Interview booked"}, within: 10s}
  - advance_clock: 50h                # 28 h away: no reminder yet
  - expect_none: {email: {kind: interview_reminder}}
  - advance_clock: 5h                 # 23 h away
  - expect: {email: {kind: interview_reminder, count: 1}, within: 10s}
""",
    "reminder-102h": """\
scenario: 1
name: reminder for an interview 102 h ahead
layer: scheduling
steps:
  - apply: {}
  - move_stage: {to: Phone Screen}
  - expect: {email: {kind: interview_invitation}, within: 10s}
  - book: {start: "+4d@10:00"}
  - expect: {ats: {note_contains: "Interview booked"}, within: 10s}
  - advance_clock: 80h                # 22 h away
  - expect: {email: {kind: interview_reminder, count: 1}, within: 10s}
""",
}


def _reminder_run(tmp_path, variant: str | None = None):
    from pathlib import Path

    from harness.engine.runner import Runner, RunOptions

    root = Path(__file__).resolve().parents[3]
    folder = tmp_path / "scenarios"
    folder.mkdir(exist_ok=True)
    for name, text in REMINDERS.items():
        (folder / f"{name}.yaml").write_text(text)
    (folder / "reminder-126h.yaml").write_text((root / "scenarios/scheduling/reminder.yaml").read_text())
    options = RunOptions(
        profile=root / "examples/reference_integration/profile.yaml",
        paths=[folder],
        variant=variant,
        reporters=[],
        write=False,
        reports_dir=tmp_path / "runs",
    )
    return Runner(options).run()


def test_the_reference_certifies_three_clock_moving_journeys_run_together(tmp_path):
    result = _reminder_run(tmp_path)
    if not result.environment["time_control"]["virtual"]:
        pytest.skip(f"the SUT is not on the virtual clock here: {result.environment['time_control']['why']}")
    assert [(j.journey, j.verdict) for j in result.journeys if j.verdict != "passed"] == []
    assert len(result.journeys) == 3
    batch = result.environment["clock_batch"]
    assert batch["journeys"] == 3 and batch["most_at_once"] >= 2 and batch["advance_steps"] == 5
    assert 1 <= batch["jumps"] <= 5


def test_a_repeated_reminder_is_still_caught_in_a_batch(tmp_path):
    result = _reminder_run(tmp_path, variant="repeat_reminder")
    if not result.environment["time_control"]["virtual"]:
        pytest.skip(f"the SUT is not on the virtual clock here: {result.environment['time_control']['why']}")
    failed = {j.scenario for j in result.journeys if j.verdict == "failed"}
    assert "reminder the day before the interview" in failed


def test_one_jump_serves_many_journeys_of_one_scenario_on_the_reference(tmp_path):
    from benchmarks.clock_batch import play

    result, _ = play(journeys=6, serial=False, work=tmp_path)  # benchmarks/scenarios/day_of_interviews.yaml
    if not result.environment["time_control"]["virtual"]:
        pytest.skip(f"the SUT is not on the virtual clock here: {result.environment['time_control']['why']}")
    assert [(j.journey, j.verdict) for j in result.journeys if j.verdict != "passed"] == []
    batch = result.environment["clock_batch"]
    assert batch["journeys"] == 6 and batch["advance_steps"] == 12
    # Six journeys ask for each span seconds apart: far fewer jumps than steps, none more than a minute late.
    assert batch["jumps"] <= 6
    assert batch["largest_overshoot_s"] <= 60


def test_serial_clock_is_a_flag_of_run_and_certify_and_replays():
    from pathlib import Path

    from harness.cli import build_parser
    from harness.engine.runner import RunOptions, replay_command

    for command in ("run", "certify"):
        assert build_parser().parse_args([command, "scenarios", "--serial-clock"]).serial_clock is True
        assert build_parser().parse_args([command, "scenarios"]).serial_clock is False
    options = RunOptions(profile="p.yaml", paths=[Path("scenarios")], serial_clock=True)
    assert replay_command(options).endswith("--serial-clock")
