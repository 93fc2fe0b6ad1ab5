"""Re-syncs compensation from Greenhouse when the candidate record changes after hire, overwriting HR.

Greenhouse sends ``update_candidate`` for any edit of the person (a new phone
number, a title); by then BambooHR owns the employee, and HR's raise is lost.
"""

from collections.abc import Mapping
from typing import Any

from examples.reference_integration import Integration
from examples.reference_integration.integration import parse
from examples.reference_integration.jsonio import plain
from examples.reference_integration.offers import read_terms
from examples.reference_integration.settings import PAY_PERIODS


class Variant(Integration):
    def handle_greenhouse(self, body: bytes, headers: Mapping[str, str]) -> dict[str, Any]:
        out = super().handle_greenhouse(body, headers)
        message = parse(body)
        if message.get("action") != "update_candidate":
            return out
        candidate_id = str(((message.get("payload") or {}).get("candidate") or {}).get("id"))
        for journey in list(self.state.journeys.values()):
            sync = journey.hris
            if str(journey.candidate_id) != candidate_id or not (journey.hired and sync and sync.employee_id):
                continue
            terms = read_terms(self.greenhouse.current_offer(journey.application_id))
            if terms.salary is None or terms.pay_period not in PAY_PERIODS:
                continue
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
        return out
