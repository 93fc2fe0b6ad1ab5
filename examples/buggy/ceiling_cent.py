"""Rounds a rate one cent under the top of its pay range up to the ceiling: 499999.99 a year is written 500000.00.

A "band rounding" rule meant to absorb float noise at the band's edge. The suite's boundary records
(the compensation_boundaries pack and the profile's derived boundaries) hold each bound and one cent
outside it, never one cent inside the ceiling, so `certify` passes it; `ats-harness fuzz` draws that value.
"""

from decimal import Decimal

from examples.reference_integration import Integration
from examples.reference_integration.jsonio import plain
from examples.reference_integration.offers import OfferTerms
from examples.reference_integration.settings import PAY_RANGES

CENT = Decimal("0.01")


class Variant(Integration):
    def hris_rate_value(self, terms: OfferTerms) -> str:
        bounds = PAY_RANGES.get(terms.pay_period or "")
        if bounds and terms.salary is not None and terms.salary == bounds[1] - CENT:
            return format(bounds[1].quantize(CENT), "f")
        return plain(terms.salary)  # type: ignore[arg-type]
