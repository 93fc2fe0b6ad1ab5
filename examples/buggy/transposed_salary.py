"""Swaps the 2nd and 3rd digits of the salary written to BambooHR (103000.00 becomes 130000.00).

The transcription slip from the guide's story, made by code.
"""

from examples.reference_integration import Integration
from examples.reference_integration.offers import OfferTerms


class Variant(Integration):
    def hris_rate_value(self, terms: OfferTerms) -> str:
        text = super().hris_rate_value(terms)
        return text[0] + text[2] + text[1] + text[3:] if len(text) > 2 else text
