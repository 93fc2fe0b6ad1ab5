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
        resync_compensation(self, self.journey(str(app.get("id"))))


def resync_compensation(integration: Any, journey: Any) -> None:
    """Write the ATS offer's pay to the HRIS again for a hired journey: the mistake, after hire."""
    sync = journey.hris
    if not (journey.hired and sync and sync.employee_id):
        return
    terms = read_terms(integration.greenhouse.current_offer(journey.application_id))
    if terms.salary is None or terms.pay_period not in PAY_PERIODS:
        return
    kind, paid_per = PAY_PERIODS[terms.pay_period]
    integration.bamboohr.add_row(
        sync.employee_id,
        "compensation",
        {
            "startDate": integration.format_date(terms.start_date or integration.now().date()),
            "type": kind,
            "paidPer": paid_per,
            "reason": "Re-synced from Greenhouse",
            "rate": {"value": plain(terms.salary), "currency": terms.currency or ""},
        },
    )
