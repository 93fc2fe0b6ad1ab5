"""Computes offer acceptance rate over every envelope sent, not over the offers resolved."""

from decimal import Decimal

from examples.reference_integration import Integration
from examples.reference_integration.kpis import rate


class Variant(Integration):
    def acceptance_rate(self, counts: dict[str, int]) -> Decimal | None:
        return rate(counts["accepted"], counts["sent"])
