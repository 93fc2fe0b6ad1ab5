"""Re-syncs compensation from Greenhouse whenever the application changes after hire, overwriting HR.

By then BambooHR owns the record; an application edit in Greenhouse must not write the ATS value back.
"""

from typing import Any

from examples.reference_integration import Integration
from examples.reference_integration.jsonio import plain
from examples.reference_integration.offers import read_terms
from examples.reference_integration.settings import PAY_PERIODS


class Variant(Integration):
    def on_application_updated(self, payload: dict[str, Any]) -> None:
        super().on_application_updated(payload)
        app = payload.get("application") or {}
        journey = self.journey(str(app.get("id")))
        sync = journey.hris
        if not (journey.hired and sync and sync.employee_id):
            return
        offer = self.greenhouse.current_offer(journey.application_id)
        terms = read_terms(offer)
        if terms.salary is None or terms.pay_period not in PAY_PERIODS:
            return
        kind, paid_per = PAY_PERIODS[terms.pay_period]
        self.bamboohr.add_row(
            sync.employee_id,
            "compensation",
            {
                "startDate": self.format_date(terms.start_date or self.now().date()),
                "type": kind,
                "paidPer": paid_per,
                "reason": "Re-synced from Greenhouse",
                "rate": {"value": plain(terms.salary), "currency": terms.currency or ""},
            },
        )
