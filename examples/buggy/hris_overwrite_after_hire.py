"""Re-syncs compensation to BambooHR on offer_updated after hire, overwriting what HR owns by then."""

from typing import Any

from examples.reference_integration import Integration
from examples.reference_integration.jsonio import plain
from examples.reference_integration.offers import read_terms
from examples.reference_integration.settings import PAY_PERIODS


class Variant(Integration):
    def on_offer_updated(self, payload: dict[str, Any]) -> None:
        journey = self.journey(str(payload.get("application_id")))
        sync, terms = journey.hris, read_terms(payload)
        if not (
            journey.hired and sync and sync.employee_id and terms.salary is not None and terms.pay_period in PAY_PERIODS
        ):
            super().on_offer_updated(payload)
            return
        kind, paid_per = PAY_PERIODS[terms.pay_period]
        self.bamboohr.add_row(
            sync.employee_id,
            "compensation",
            {
                "startDate": self.format_date(terms.start_date or self.now().date()),
                "type": kind,
                "paidPer": paid_per,
                "reason": "Offer updated",
                "rate": {"value": plain(terms.salary), "currency": terms.currency or ""},
            },
        )
