"""Writes every compensation to BambooHR in USD, whatever currency the offer is in."""

from examples.reference_integration import Integration
from examples.reference_integration.offers import OfferTerms


class Variant(Integration):
    def hris_currency(self, terms: OfferTerms) -> str:
        return "USD"
