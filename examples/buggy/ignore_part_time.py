"""Writes every hire to BambooHR as Full-Time and drops the weekly hours."""

from typing import Any

from examples.reference_integration import Integration
from examples.reference_integration.offers import OfferTerms


class Variant(Integration):
    def employment_fields(self, terms: OfferTerms) -> tuple[str, Any]:
        return "Full-Time", None
