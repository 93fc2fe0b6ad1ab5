"""Rollback leaves the offer envelope out for signature (it reverses the HRIS and the booking only)."""

from typing import Any

from examples.reference_integration import Integration
from examples.reference_integration.state import Journey


class Variant(Integration):
    def rollback_envelope(self, journey: Journey) -> list[dict[str, Any]]:
        return []
