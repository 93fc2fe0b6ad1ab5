"""Sends the offer envelope to the candidate only, with no hiring manager approval step."""

from typing import Any

from examples.reference_integration import Integration
from examples.reference_integration.facts import OfferFacts


class Variant(Integration):
    def template_roles(self, facts: OfferFacts, tabs: list[dict[str, str]]) -> list[dict[str, Any]]:
        candidate = next(r for r in super().template_roles(facts, tabs) if r["roleName"] == "Candidate")
        return [{**candidate, "routingOrder": "1"}]
