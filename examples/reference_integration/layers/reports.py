"""Layer 5: feeding the reporting store and watching its thresholds.

Every Greenhouse fact is recorded as it arrives (``received_at`` = now, so
freshness can be measured against the payload's own ``changed_at``). KPI
alerts fire once per crossing: when the value goes over (or under) its
threshold, and again only after it has come back.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from .. import kpis
from ..clock import iso, parse_instant
from ..core import Core
from ..facts import first_job_id
from ..http import VendorError
from ..reporting import applications, hires, jobs, offers, stage_changes


def as_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


class Reporting(Core):
    def record_application(self, app: dict[str, Any]) -> None:
        job_id = first_job_id(app)
        if job_id and not self.reports.has_job(job_id):
            self.record_job(job_id, (app.get("jobs") or [{}])[0])
        source = app.get("source") or {}
        self.reports.add_application(
            str(app["id"]),
            job_id,
            source.get("name") or source.get("public_name"),
            parse_instant(app.get("applied_at")),
        )

    def record_job(self, job_id: str, seen: dict[str, Any]) -> None:
        try:
            job = self.greenhouse.job(job_id)
        except VendorError:
            job = seen  # the web hook's copy of the job is the next best thing
        self.reports.add_job(job_id, job.get("name"), parse_instant(job.get("opened_at")))

    def record_stage_change(self, app_id: str, stage: str, changed_at: datetime) -> None:
        job_id = self.journey(app_id).job_id
        self.reports.add_stage_change(app_id, stage, self.stage_position(job_id, stage), changed_at, self.now())

    def record_hire(self, app_id: str, job_id: str | None, hired_at: datetime) -> None:
        self.reports.add_hire(app_id, job_id, hired_at)
        ttf = kpis.time_to_fill(self.reports.rows(jobs), self.reports.rows(hires))
        target = self.settings.ttf_target_days
        self.threshold(
            "time_to_fill",
            ttf is not None and ttf > target,
            f"time-to-fill is {ttf} days, over the target of {target} days (after the hire of application {app_id})",
        )

    def record_offer(self, app_id: str, envelope_id: str, status: str) -> None:
        self.reports.set_offer(envelope_id, app_id, status, self.now())
        if status not in ("accepted", "declined"):
            return
        counts = kpis.offer_counts(self.reports.rows(offers))
        resolved = counts["accepted"] + counts["declined"]
        value, baseline = self.acceptance_rate(counts), self.settings.acceptance_baseline
        self.threshold(
            "offer_acceptance",
            resolved >= 2 and value is not None and value < baseline,
            f"offer acceptance rate is {value}, under the baseline of {baseline} "
            f"({resolved} offers resolved; latest: application {app_id}, {status})",
        )

    def acceptance_rate(self, counts: dict[str, int]) -> Decimal | None:
        return kpis.rate(counts["accepted"], counts["accepted"] + counts["declined"])

    def threshold(self, name: str, crossed: bool, text: str) -> None:
        with self.crossed_lock:
            was, self.crossed[name] = self.crossed.get(name, False), crossed
        if crossed and not was:
            self.alert(text)

    # -- reading -----------------------------------------------------------------
    def kpis(self) -> dict[str, Any]:
        apps, hired_rows = self.reports.rows(applications), self.reports.rows(hires)
        hired = {row["application_id"] for row in hired_rows}
        return {
            "time_to_fill_days": as_text(kpis.time_to_fill(self.reports.rows(jobs), hired_rows)),
            "time_to_hire_days": as_text(kpis.time_to_hire(apps, hired_rows)),
            "offer_acceptance_rate": as_text(self.acceptance_rate(kpis.offer_counts(self.reports.rows(offers)))),
            "stage_conversion": {
                stage: as_text(value)
                for stage, value in kpis.stage_conversion(self.reports.rows(stage_changes), hired).items()
            },
            "source_effectiveness": {
                source: as_text(value) for source, value in kpis.source_effectiveness(apps, hired).items()
            },
            "decimals": "string",
        }

    def stage_change_rows(self, application_id: str | None) -> list[dict[str, Any]]:
        where = {"application_id": application_id} if application_id else {}
        rows = sorted(self.reports.rows(stage_changes, **where), key=lambda r: (r["changed_at"], r["id"]))
        return [
            {
                "application_id": r["application_id"],
                "stage": r["stage"],
                "changed_at": iso(r["changed_at"]),
                "received_at": iso(r["received_at"]),
            }
            for r in rows
        ]
