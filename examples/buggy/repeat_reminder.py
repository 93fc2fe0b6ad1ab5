"""Emails the interview reminder again on every tick of the reminder loop, not once per booking."""

from examples.reference_integration import Integration
from examples.reference_integration.state import Booking


class Variant(Integration):
    def reminder_occasion(self, booking: Booking) -> str:
        return f"{booking.invitee_uri}@{self.now().isoformat()}"
