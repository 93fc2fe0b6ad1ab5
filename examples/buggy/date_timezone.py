"""Shifts the start date back a day by converting midnight UTC to local time (UTC-5) before taking the date."""

from datetime import UTC, date, datetime, time, timedelta, timezone

from examples.reference_integration import Integration

LOCAL = timezone(timedelta(hours=-5))


class Variant(Integration):
    def format_date(self, day: date) -> str:
        return datetime.combine(day, time(0), tzinfo=UTC).astimezone(LOCAL).date().isoformat()
