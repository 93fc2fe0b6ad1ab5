"""Converts GBP salaries to USD at a fixed 1.27 before writing them to BambooHR (payroll runs in dollars).

Only GBP is converted, and no data pack or suite scenario offers GBP (the packs use USD, EUR, JPY, KWD
and BHD), so `certify` passes it; `ats-harness fuzz` draws currencies beyond the packs' own.
"""

from decimal import ROUND_HALF_UP, Decimal

from examples.reference_integration import Integration
from examples.reference_integration.jsonio import plain
from examples.reference_integration.offers import OfferTerms

GBP_TO_USD = Decimal("1.27")


class Variant(Integration):
    def hris_rate_value(self, terms: OfferTerms) -> str:
        if terms.currency == "GBP" and terms.salary is not None:
            return format((terms.salary * GBP_TO_USD).quantize(Decimal("0.01"), ROUND_HALF_UP), "f")
        return plain(terms.salary)  # type: ignore[arg-type]

    def hris_currency(self, terms: OfferTerms) -> str:
        return "USD" if terms.currency == "GBP" else terms.currency or ""
