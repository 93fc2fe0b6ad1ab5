"""The virtual clock: timers fire in order at their own instant; set() is a jump, not a passage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from fakes.kit.clock import DEFAULT_START, VirtualClock, iso_z


def test_a_new_clock_is_frozen_at_the_default_start() -> None:
    clock = VirtualClock()
    assert clock.now() == DEFAULT_START and not clock.running
    assert clock.now() == clock.now()


def test_advance_fires_each_due_timer_in_order_at_its_own_instant() -> None:
    clock = VirtualClock()
    seen: list[tuple[str, datetime]] = []
    clock.call_later(300, lambda: seen.append(("b", clock.now())))
    clock.call_later(60, lambda: seen.append(("a", clock.now())))
    clock.call_later(3600, lambda: seen.append(("late", clock.now())))
    assert clock.advance(600) == DEFAULT_START + timedelta(seconds=600)
    assert seen == [("a", DEFAULT_START + timedelta(seconds=60)), ("b", DEFAULT_START + timedelta(seconds=300))]
    assert clock.pending_timers() == 1 and clock.next_timer() == DEFAULT_START + timedelta(seconds=3600)


def test_a_timer_set_by_a_timer_fires_within_the_same_advance() -> None:
    clock = VirtualClock()
    fired: list[datetime] = []

    def retry() -> None:
        fired.append(clock.now())
        if len(fired) < 3:
            clock.call_later(60, retry)

    clock.call_later(60, retry)
    clock.advance(timedelta(minutes=10))
    assert fired == [DEFAULT_START + timedelta(seconds=60 * n) for n in (1, 2, 3)]


def test_timers_at_the_same_instant_fire_in_the_order_they_were_set() -> None:
    clock = VirtualClock()
    order: list[int] = []
    for n in range(5):
        clock.call_later(10, lambda n=n: order.append(n))
    clock.advance(10)
    assert order == [0, 1, 2, 3, 4]


def test_set_jumps_without_firing_and_drops_the_timers() -> None:
    clock = VirtualClock()
    fired: list[int] = []
    clock.call_later(5, lambda: fired.append(1))
    later = datetime(2030, 1, 1, tzinfo=UTC)
    clock.set(later)
    assert clock.now() == later and fired == [] and clock.pending_timers() == 0


def test_fire_due_fires_only_what_is_due() -> None:
    clock = VirtualClock()
    fired: list[str] = []
    clock.call_at(DEFAULT_START, lambda: fired.append("now"))
    clock.call_later(1, lambda: fired.append("later"))
    assert clock.fire_due() == 1 and fired == ["now"]


def test_the_clock_never_runs_back_and_wants_aware_instants() -> None:
    clock = VirtualClock()
    with pytest.raises(ValueError, match="never runs back"):
        clock.advance(-1)
    with pytest.raises(ValueError, match="timezone-aware"):
        clock.set(datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="timezone-aware"):
        VirtualClock(datetime(2026, 1, 1))


def test_freeze_after_run_holds_time_still() -> None:
    clock = VirtualClock()
    clock.run()
    assert clock.running and clock.now() >= DEFAULT_START
    clock.freeze()
    frozen = clock.now()
    assert not clock.running and clock.now() == frozen


def test_listeners_hear_each_change() -> None:
    clock = VirtualClock()
    heard: list[datetime] = []
    clock.on_change(heard.append)
    clock.advance(30)
    clock.set(DEFAULT_START)
    assert heard == [DEFAULT_START + timedelta(seconds=30), DEFAULT_START]


def test_iso_z_shapes() -> None:
    instant = datetime(2026, 3, 2, 9, 0, 5, 123456, tzinfo=UTC)
    assert iso_z(instant) == "2026-03-02T09:00:05.123Z"
    assert iso_z(instant, millis=False) == "2026-03-02T09:00:05Z"
