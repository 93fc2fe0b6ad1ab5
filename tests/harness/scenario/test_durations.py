"""Durations and relative instants."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from harness.errors import HarnessError
from harness.scenario.durations import (
    DurationError,
    RelativeInstant,
    format_duration,
    parse_duration,
    parse_instant,
    parse_relative_instant,
)

BASE = datetime(2026, 3, 27, 9, 30, tzinfo=UTC)  # a Friday, two days before Berlin moves its clocks


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("250ms", timedelta(milliseconds=250)),
        ("5s", timedelta(seconds=5)),
        ("2m", timedelta(minutes=2)),
        ("1h", timedelta(hours=1)),
        ("3d", timedelta(days=3)),
        ("1h30m", timedelta(minutes=90)),
        ("1.5h", timedelta(minutes=90)),
        ("0s", timedelta()),
        (" 10s ", timedelta(seconds=10)),
    ],
)
def test_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


def test_a_timedelta_passes_through() -> None:
    assert parse_duration(timedelta(seconds=3)) == timedelta(seconds=3)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("5", "duration '5' is not valid (a number alone has no unit); valid forms: 250ms, 5s, 2m, 1h, 3d, 1h30m"),
        ("5 s", "duration '5 s' is not valid; valid forms: 250ms, 5s, 2m, 1h, 3d, 1h30m"),
        ("5sec", "duration '5sec' is not valid; valid forms: 250ms, 5s, 2m, 1h, 3d, 1h30m"),
        ("-5s", "duration '-5s' is not valid; valid forms: 250ms, 5s, 2m, 1h, 3d, 1h30m"),
        (5, "duration 5 needs a unit, written as text like '5s'; valid forms: 250ms, 5s, 2m, 1h, 3d, 1h30m"),
    ],
)
def test_bad_durations_name_the_value_and_the_forms(value: object, message: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(value)  # type: ignore[arg-type]
    assert str(caught.value) == message
    assert caught.value.value == value and isinstance(caught.value, HarnessError)


@pytest.mark.parametrize("text", ["250ms", "5s", "1m30s", "1d2h", "3d"])
def test_format_reads_back(text: str) -> None:
    assert format_duration(parse_duration(text)) == text


def test_format_of_nothing_and_of_negative() -> None:
    assert format_duration(timedelta()) == "0s"
    assert format_duration(-timedelta(minutes=2)) == "-2m"


def test_relative_offsets() -> None:
    assert parse_instant("+2d") == RelativeInstant(timedelta(days=2))
    assert parse_relative_instant("-30d", BASE) == datetime(2026, 2, 25, 9, 30, tzinfo=UTC)
    assert parse_relative_instant("+90m", BASE) == datetime(2026, 3, 27, 11, 0, tzinfo=UTC)


def test_time_of_day_in_the_base_zone() -> None:
    assert parse_relative_instant("+2d@10:00", BASE) == datetime(2026, 3, 29, 10, 0, tzinfo=UTC)


def test_time_of_day_across_a_clock_change() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    when = parse_relative_instant("+2d@10:00", BASE, "Europe/Berlin")
    assert when == datetime(2026, 3, 29, 10, 0, tzinfo=berlin)
    assert when.utcoffset() == timedelta(hours=2)  # summer time has begun: 08:00 UTC
    assert when.astimezone(UTC) == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)
    # two whole days of elapsed time from the base, shown in Berlin, is 11:30 local after the change
    assert parse_relative_instant("+2d", BASE, berlin) == datetime(2026, 3, 29, 11, 30, tzinfo=berlin)


def test_naive_base_counts_as_utc() -> None:
    assert parse_relative_instant("+1h", datetime(2026, 1, 1)) == datetime(2026, 1, 1, 1, 0, tzinfo=UTC)


def test_absolute_instants() -> None:
    assert parse_relative_instant("2026-04-01T10:00:00+02:00", BASE) == datetime(2026, 4, 1, 8, 0, tzinfo=UTC)
    assert parse_relative_instant("2026-04-01", BASE, "America/New_York") == datetime(
        2026, 4, 1, tzinfo=ZoneInfo("America/New_York")
    )
    assert parse_instant(date(2026, 4, 1)) == datetime(2026, 4, 1)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("+2d@25:00", "instant '+2d@25:00' has no such time of day"),
        ("+36h@10:00", "needs a whole number of days before it"),
        ("tomorrow", "instant 'tomorrow' is not valid"),
        ("+2x", "instant '+2x' is not valid"),
    ],
)
def test_bad_instants(text: str, fragment: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_instant(text)
    assert fragment in str(caught.value)
    assert str(caught.value).endswith("valid forms: +2d, -30d, +2d@10:00, +90m, 2026-04-01T10:00:00+02:00, 2026-04-01")


def test_unknown_zone() -> None:
    with pytest.raises(DurationError, match="time zone 'Mars/Olympus' is not a known IANA zone name"):
        parse_relative_instant("+1d@09:00", BASE, "Mars/Olympus")
