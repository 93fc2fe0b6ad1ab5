"""Durations ("250ms", "5s", "1h30m") and instants relative to a base time ("+2d@10:00").

Scenarios speak virtual time in these short forms. Parsing is strict: a
bare number has no unit and is refused rather than guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import MISSING, HarnessError, show_value

__all__ = [
    "DURATION_FORMS",
    "INSTANT_FORMS",
    "DurationError",
    "RelativeInstant",
    "format_duration",
    "parse_duration",
    "parse_instant",
    "parse_relative_instant",
    "parse_timezone",
]

DURATION_FORMS = ("250ms", "5s", "2m", "1h", "3d", "1h30m")
INSTANT_FORMS = ("+2d", "-30d", "+2d@10:00", "+90m", "2026-04-01T10:00:00+02:00", "2026-04-01")

_UNITS = {
    "ms": timedelta(milliseconds=1),
    "s": timedelta(seconds=1),
    "m": timedelta(minutes=1),
    "h": timedelta(hours=1),
    "d": timedelta(days=1),
}
_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)")
_DURATION = re.compile(r"(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+")
_RELATIVE = re.compile(r"(?P<sign>[+-])(?P<offset>[0-9.a-z]+)(?:@(?P<hour>\d{1,2}):(?P<minute>\d{2}))?")


class DurationError(HarnessError, ValueError):
    """A duration or instant that does not parse; names the value and the forms that do."""

    def __init__(self, message: str, *, value: object = MISSING, valid: tuple[str, ...] = DURATION_FORMS) -> None:
        self.message = message
        self.value = value
        self.valid = list(valid)
        super().__init__(f"{message}; valid forms: {', '.join(valid)}")


def parse_duration(value: str | timedelta) -> timedelta:
    """``"250ms"`` -> 0.25 s; units ms, s, m, h, d, combinable ("1h30m", "1.5h")."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, bool) or not isinstance(value, str):
        raise DurationError(f"duration {show_value(value)} needs a unit, written as text like '5s'", value=value)
    text = value.strip()
    if not _DURATION.fullmatch(text):
        hint = " (a number alone has no unit)" if _is_number(text) else ""
        raise DurationError(f"duration {show_value(value)} is not valid{hint}", value=value)
    total = timedelta()
    try:
        for amount, unit in _PART.findall(text):
            total += _UNITS[unit] * float(Decimal(amount))
    except OverflowError:
        raise DurationError(
            f"duration {show_value(value)} is too long: at most {timedelta.max.days}d", value=value
        ) from None
    return total


def format_duration(value: timedelta) -> str:
    """The shortest form ``parse_duration`` reads back: 90 s -> "1m30s"."""
    ms = round(value / timedelta(milliseconds=1))
    if ms == 0:
        return "0s"
    sign, ms = ("-", -ms) if ms < 0 else ("", ms)
    out = []
    for unit, size in (("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)):
        count, ms = divmod(ms, size)
        if count:
            out.append(f"{count}{unit}")
    return sign + "".join(out)


@dataclass(frozen=True)
class RelativeInstant:
    """An offset from a base time, optionally landing at a wall-clock time of day.

    ``+2d@10:00`` is "two days after the base, at 10:00 local time".
    """

    offset: timedelta
    at: time | None = None

    def resolve(self, base: datetime, tz: str | tzinfo | None = None) -> datetime:
        """The instant, as an aware datetime in ``tz`` (default: the base's zone, UTC when naive)."""
        zone = _zone(tz, base)
        local = _aware(base).astimezone(zone)
        if self.at is None:
            return (_aware(base) + self.offset).astimezone(zone)
        day = local.date() + timedelta(days=self.offset.days)
        return datetime.combine(day, self.at, tzinfo=zone)


def parse_instant(value: str | datetime | date) -> RelativeInstant | datetime:
    """Parse a relative form (``+2d@10:00``, ``-30d``) or an absolute ISO date/datetime.

    An ISO datetime without a zone, and a date alone (midnight), stay naive:
    :func:`parse_relative_instant` places them in the zone it is given.
    """
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    if not isinstance(value, str):
        raise DurationError(f"instant {show_value(value)} is not valid", value=value, valid=INSTANT_FORMS)
    text = value.strip()
    match = _RELATIVE.fullmatch(text)
    if match:
        try:
            offset = parse_duration(match["offset"])
        except DurationError:
            raise DurationError(f"instant {show_value(value)} is not valid", value=value, valid=INSTANT_FORMS) from None
        if match["sign"] == "-":
            offset = -offset
        if match["hour"] is None:
            return RelativeInstant(offset)
        hour, minute = int(match["hour"]), int(match["minute"])
        if hour > 23 or minute > 59:
            raise DurationError(
                f"instant {show_value(value)} has no such time of day", value=value, valid=INSTANT_FORMS
            )
        if offset % timedelta(days=1):
            raise DurationError(
                f"instant {show_value(value)}: a time of day (@HH:MM) needs a whole number of days before it",
                value=value,
                valid=INSTANT_FORMS,
            )
        return RelativeInstant(offset, time(hour, minute))
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise DurationError(f"instant {show_value(value)} is not valid", value=value, valid=INSTANT_FORMS) from None


def parse_relative_instant(value: str | datetime | date, base: datetime, tz: str | tzinfo | None = None) -> datetime:
    """Resolve ``value`` against ``base`` (the virtual now) as an aware datetime.

    ``tz`` is the zone for a time of day and for absolute forms without an
    offset; by default the base's own zone (UTC when the base is naive).
    """
    parsed = parse_instant(value)
    if isinstance(parsed, RelativeInstant):
        return parsed.resolve(base, tz)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=_zone(tz, base))
    return parsed


def parse_timezone(name: str) -> ZoneInfo:
    """An IANA zone by name; a wrong name raises :class:`DurationError`."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise DurationError(
            f"time zone {show_value(name)} is not a known IANA zone name",
            value=name,
            valid=("Europe/Berlin", "America/New_York", "UTC"),
        ) from None


def _zone(tz: str | tzinfo | None, base: datetime) -> tzinfo:
    if isinstance(tz, str):
        return parse_timezone(tz)
    if tz is not None:
        return tz
    return base.tzinfo or UTC


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True
