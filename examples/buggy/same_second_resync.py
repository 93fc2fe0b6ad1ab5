"""On a repeated hire delivery in the same second as an HR edit, re-syncs the offer's pay over HR's edit.

On a hire it has already synced, the integration "repairs" BambooHR to match the offer unless HR edited
the record since. It tells HR's edits from the echoes of its own writes by time at one-second resolution:
an edit counts as HR's only when stamped in an earlier second than the re-sync (and not in the second of
its own hire write). So an HR edit and a duplicated hire delivery within one second invert the ownership
rule (the ATS wins after hire), whether or not BambooHR's web hook about the edit has arrived yet. No suite
scenario repeats a hire delivery after an HR edit, and `certify` passes it (scenarios/hris_sync, documents
and end_to_end, derived journeys and pack records included: 146 journeys); `ats-harness fuzz` puts the two
together.
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

    def write_hire(self, journey: Any, facts: Any) -> None:
        super().write_hire(journey, facts)
        if journey.hris is not None and journey.hris.employee_id:
            writes = self.__dict__.setdefault("own_writes", {})
            writes.setdefault(str(journey.hris.employee_id), set()).add(self.now().replace(microsecond=0))

    def resync_compensation(self, journey: Any) -> None:
        sync = journey.hris
        if sync.status != "synced" or not sync.employee_id:
            return
        now = self.now().replace(microsecond=0)
        own = getattr(self, "own_writes", {}).get(str(sync.employee_id), set())
        stamps = [
            _stamp(e.get("timestamp")) for e in self.state.hr_edits if e.get("employee_id") == str(sync.employee_id)
        ]
        if any(s is not None and s < now and s not in own for s in stamps):
            return  # HR edited since our sync: HR owns the record (an edit stamped this second is taken for an echo)
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
