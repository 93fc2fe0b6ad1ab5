"""Syncs compensation and hours to BambooHR without checking them against the allowed ranges."""

from examples.reference_integration import Integration
from examples.reference_integration.offers import OfferTerms, Problem


class Variant(Integration):
    def range_problems(self, terms: OfferTerms) -> list[Problem]:
        return []
