"""Layer 4: the new hire into BambooHR, once, exactly, or not at all.

Compensation and hours are checked against the declared ranges first; a
record outside them is held for a human with an alert and nothing is
written. A write that fails (after bounded retries) stops the sync, undoes
what this sync wrote and alerts. After hire the HRIS is the source of
truth: later Greenhouse offer or application edits are not pushed to it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from ..clock import parse_instant
from ..core import Core
from ..facts import OfferFacts, gather_facts
from ..http import DEFAULT_RETRY, RetryPolicy, VendorError
from ..jsonio import plain
from ..offers import OfferTerms, Problem, missing_terms, out_of_range
from ..settings import EMPLOYMENT_STATUSES, PAY_PERIODS
from ..state import HrisSync, Journey

log = logging.getLogger("reference_integration")


def employee_number(application_id: str) -> str:
    return f"GH-{application_id}"


class Hris(Core):
    # -- decisions a team may tune -------------------------------------------------
    def hris_retry_policy(self) -> RetryPolicy:
        return DEFAULT_RETRY

    def range_problems(self, terms: OfferTerms) -> list[Problem]:
        return out_of_range(terms)

    def hire_problems(self, facts: OfferFacts) -> list[Problem]:
        return facts.missing_people(with_manager=False) + missing_terms(facts.terms) + self.range_problems(facts.terms)

    def hris_rate_value(self, terms: OfferTerms) -> str:
        return plain(terms.salary)  # type: ignore[arg-type]  # validated before

    def hris_currency(self, terms: OfferTerms) -> str:
        return terms.currency or ""

    def employment_fields(self, terms: OfferTerms) -> tuple[str, Any]:
        """(BambooHR employment status, weekly hours or None)."""
        return EMPLOYMENT_STATUSES[terms.employment_type or ""], terms.hours_per_week

    # -- the mapping -----------------------------------------------------------------
    def employee_fields(self, facts: OfferFacts) -> dict[str, str]:
        first, last = self.person_name(facts.first_name, facts.last_name)
        _, hours = self.employment_fields(facts.terms)
        fields = {
            "firstName": first,
            "lastName": last,
            "workEmail": facts.email,
            "hireDate": self.format_date(facts.terms.start_date),  # type: ignore[arg-type]
            "jobTitle": facts.job_title,
            "department": facts.department,
            "employeeNumber": employee_number(facts.application_id),
        }
        if hours is not None:
            fields["customHoursPerWeek"] = plain(hours)
        return fields

    def hris_rows(self, facts: OfferFacts) -> list[tuple[str, dict[str, Any]]]:
        terms = facts.terms
        day = self.format_date(terms.start_date)  # type: ignore[arg-type]
        kind, paid_per = PAY_PERIODS[terms.pay_period or ""]
        status, _ = self.employment_fields(terms)
        return [
            (
                "compensation",
                {
                    "startDate": day,
                    "type": kind,
                    "paidPer": paid_per,
                    "reason": "New Hire",
                    "rate": {"value": self.hris_rate_value(terms), "currency": self.hris_currency(terms)},
                },
            ),
            ("employmentStatus", {"date": day, "employmentStatus": status}),
            ("jobInfo", {"date": day, "jobTitle": facts.job_title, "department": facts.department}),
        ]

    # -- Greenhouse events -------------------------------------------------------------
    def on_hire(self, payload: dict[str, Any]) -> None:
        app = payload.get("application") or {}
        journey = self.remember_application(app)
        self.record_hire(
            journey.application_id, journey.job_id, parse_instant(app.get("last_activity_at")) or self.now()
        )
        journey.hired = True
        if journey.hris is None:  # synced, held or failed already: a person decides what next
            self.sync_hire(journey)

    def on_offer_updated(self, payload: dict[str, Any]) -> None:
        app_id = str(payload.get("application_id"))
        if self.journey(app_id).hired:
            log.info("application %s is hired: BambooHR owns the record, offer edit not synced", app_id)

    def on_application_updated(self, payload: dict[str, Any]) -> None:
        app = payload.get("application") or {}
        if app.get("id") is not None:
            self.remember_application(app)
            self.record_application(app)

    def on_bamboohr_event(self, message: dict[str, Any]) -> None:
        """An HR edit after hire stands: remember it, never overwrite it."""
        data = message.get("data") or {}
        self.state.hr_edits.append(
            {
                "employee_id": str(data.get("employeeId")),
                "type": message.get("type"),
                "changed_fields": list(data.get("changedFields") or []),
                "timestamp": message.get("timestamp"),
                "application_id": self.state.employee_apps.get(str(data.get("employeeId"))),
            }
        )

    # -- the sync ------------------------------------------------------------------------
    def sync_hire(self, journey: Journey) -> None:
        app_id = journey.application_id
        try:
            facts = gather_facts(self.greenhouse, app_id, journey.job_id)
        except VendorError as exc:
            journey.hris, journey.halted = HrisSync("failed"), "Greenhouse read failed"
            self.alert(f"application {app_id}: HRIS sync halted, Greenhouse read failed: {exc}")
            return
        problems = self.hire_problems(facts)
        if problems:
            journey.hris, journey.halted = HrisSync("held"), "held for review"
            self.alert(
                f"application {app_id}: new hire held for review, nothing written to BambooHR: "
                + "; ".join(str(p) for p in problems)
            )
            return
        try:
            existing = self.bamboohr.find_by_employee_number(employee_number(app_id))
        except VendorError as exc:
            journey.hris, journey.halted = HrisSync("failed"), "employee lookup failed"
            self.alert(f"application {app_id}: HRIS sync halted, employee lookup failed: {exc}")
            return
        if existing:
            journey.hris = HrisSync("synced", existing, created=False)
            self.state.employee_apps[existing] = app_id
            return
        self.write_hire(journey, facts)

    def write_hire(self, journey: Journey, facts: OfferFacts) -> None:
        sync = journey.hris = HrisSync("writing")
        retry = self.hris_retry_policy()

        def create() -> None:
            sync.employee_id = self.bamboohr.create_employee(self.employee_fields(facts), retry)
            sync.created = True
            self.state.employee_apps[sync.employee_id] = journey.application_id

        steps: list[tuple[str, Callable[[], None]]] = [("employee", create)]
        for table, row in self.hris_rows(facts):
            steps.append((table, lambda table=table, row=row: self.add_hris_row(sync, table, row, retry)))
        for name, step in steps:
            try:
                self.hris_step(name, step)
            except VendorError as exc:
                self.hris_failed(journey, name, exc)
                return
        sync.status = "synced"

    def hris_step(self, name: str, step: Callable[[], None]) -> None:
        step()

    def add_hris_row(self, sync: HrisSync, table: str, row: dict[str, Any], retry: RetryPolicy) -> None:
        if sync.employee_id is None:
            raise VendorError("bamboohr", "POST", f"/employees/?/tables/{table}", None, "no employee")
        if table not in sync.baseline:  # what was there before we wrote: never ours to delete
            sync.baseline[table] = {str(r.get("id")) for r in self.bamboohr.rows(sync.employee_id, table)}
        self.bamboohr.add_row(sync.employee_id, table, row, retry)

    def hris_failed(self, journey: Journey, step: str, error: VendorError) -> None:
        try:
            undone = f"rolled back: {self.undo_hris(journey)}"
        except VendorError as exc:
            undone = f"ROLLBACK INCOMPLETE: {exc}"
        if journey.hris is not None and journey.hris.status == "writing":
            journey.hris.status = "failed"
        journey.halted = f"HRIS sync failed at {step}"
        self.alert_hris_failure(journey.application_id, step, error, undone)

    def alert_hris_failure(self, app_id: str, step: str, error: VendorError, undone: str) -> None:
        self.alert(f"application {app_id}: HRIS sync halted at {step}: {error}; {undone}")

    def undo_hris(self, journey: Journey) -> dict[str, Any]:
        """Delete the rows this sync added and make the employee it created Inactive."""
        sync = journey.hris
        if sync is None:
            return {"action": "none"}
        if sync.employee_id is None and sync.status == "writing":
            # The create may have landed even though its answer never reached us.
            found = self.bamboohr.find_by_employee_number(employee_number(journey.application_id))
            sync.employee_id, sync.created = found, found is not None
        if not sync.employee_id or not sync.created or sync.status == "rolled_back":
            return {"action": "none"}
        deleted = []
        for table, before in sync.baseline.items():
            for row in self.bamboohr.rows(sync.employee_id, table):
                if str(row.get("id")) not in before:
                    self.bamboohr.delete_row(sync.employee_id, table, str(row.get("id")))
                    deleted.append(f"{table}/{row.get('id')}")
        self.bamboohr.update_employee(sync.employee_id, {"status": "Inactive"})
        sync.status = "rolled_back"
        return {"action": "reversed", "employee_id": sync.employee_id, "rows_deleted": deleted, "status": "Inactive"}
