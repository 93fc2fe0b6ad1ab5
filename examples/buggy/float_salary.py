"""Converts the salary through float cents, int(float(amount) * 100), so 19.99 is written as 19.98.

Binary floating point cannot hold 19.99; truncating the product loses a cent.
"""

from examples.reference_integration import Integration
from examples.reference_integration.offers import OfferTerms


class Variant(Integration):
    def hris_rate_value(self, terms: OfferTerms) -> str:
        cents = int(float(terms.salary) * 100)  # type: ignore[arg-type]
        return f"{cents // 100}.{cents % 100:02d}"
