"""Writes dates as YYYY-DD-MM whenever the day is 12 or less (day and month mixed up)."""

from datetime import date

from examples.reference_integration import Integration


class Variant(Integration):
    def format_date(self, day: date) -> str:
        if day.day <= 12:
            return f"{day.year:04d}-{day.day:02d}-{day.month:02d}"
        return day.isoformat()
