"""On a repeated hire delivery in the same second as an HR edit, re-syncs the offer's pay over HR's edit.

On a hire it has already synced, the integration "repairs" BambooHR to match the offer unless HR edited
the record since. It tells HR's edits from the echoes of its own writes by time at one-second resolution,
and takes an edit stamped in the same second as the re-sync for an echo: so an HR edit and a duplicated
hire delivery within one second invert the ownership rule (the ATS wins after hire). No suite scenario
repeats a hire delivery after an HR edit, so `certify` passes it; `ats-harness fuzz` puts the two together.
"""

from datetime import datetime
from typing import Any

from examples.reference_integration import Integration
from examples.reference_integration.integration import greenhouse_application_id, parse
from examples.reference_integration.jsonio import plain
from examples.reference_integration.offers import read_terms
from examples.reference_integration.settings import PAY_PERIODS


def _stamp(text: Any) -> datetime | None:
    try:
        return datetime.strptime(str(text), "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return None


class Variant(Integration):
    def handle_greenhouse(self, body: bytes, headers: Any) -> dict[str, Any]:
        message = parse(body)
        payload = message.get("payload") or {}
        app_id = greenhouse_application_id(payload)
        journey = self.journey(app_id) if app_id else None
        if message.get("action") == "hire_candidate" and journey is not None and journey.hris is not None:
            with self.state.lock(str(app_id)):
                self.resync_compensation(journey)
            return {"handled": "hire_candidate", "application_id": app_id, "resync": True}
        return super().handle_greenhouse(body, headers)

    def resync_compensation(self, journey: Any) -> None:
        sync = journey.hris
        if sync.status != "synced" or not sync.employee_id:
            return
        now = self.now().replace(microsecond=0)
        stamps = [
            _stamp(e.get("timestamp")) for e in self.state.hr_edits if e.get("employee_id") == str(sync.employee_id)
        ]
        last_edit = max((s for s in stamps if s is not None), default=None)
        if last_edit is not None and last_edit < now:
            return  # HR edited since our sync: HR owns the record
        terms = read_terms(self.greenhouse.current_offer(journey.application_id))
        if terms.salary is None or terms.pay_period not in PAY_PERIODS:
            return
        rows = self.bamboohr.rows(sync.employee_id, "compensation")
        current = max(rows, key=lambda r: int(r.get("id") or 0), default={}).get("rate") or {}
        wanted = {"value": plain(terms.salary), "currency": terms.currency or ""}
        if str(current.get("value")) == wanted["value"] and current.get("currency") == wanted["currency"]:
            return
        kind, paid_per = PAY_PERIODS[terms.pay_period]
        self.bamboohr.add_row(
            sync.employee_id,
            "compensation",
            {
                "startDate": self.format_date(terms.start_date or now.date()),
                "type": kind,
                "paidPer": paid_per,
                "reason": "Re-synced from Greenhouse",
                "rate": wanted,
            },
        )
