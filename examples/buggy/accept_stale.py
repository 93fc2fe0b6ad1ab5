"""Checks web hook signatures but not their age, so a captured delivery can be replayed later."""

from datetime import timedelta

from examples.reference_integration import Integration


class Variant(Integration):
    def signature_max_age(self, vendor: str) -> timedelta | None:
        return None
