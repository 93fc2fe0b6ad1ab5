"""Reading one offer's facts live from Greenhouse (application, candidate, job,
hiring manager, current offer): the input of both the offer letter and the
HRIS sync, so both write the same values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .greenhouse import Greenhouse
from .offers import OfferTerms, Problem, read_terms


@dataclass(frozen=True)
class OfferFacts:
    application_id: str
    first_name: str
    last_name: str
    email: str
    job_title: str
    department: str
    manager_name: str
    manager_email: str
    terms: OfferTerms

    def missing_people(self, *, with_manager: bool) -> list[Problem]:
        fields = {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "candidate_email": self.email,
            "job_title": self.job_title,
            "department": self.department,
        }
        if with_manager:
            fields["hiring_manager_email"] = self.manager_email
        return [Problem(name, None, "required") for name, value in fields.items() if not value]


def _first(items: list[dict[str, Any]] | None, key: str) -> Any:
    return items[0].get(key) if items else None


def first_email(candidate: dict[str, Any]) -> str:
    return str(_first(candidate.get("email_addresses"), "value") or "")


def first_job_id(app: dict[str, Any]) -> str | None:
    job_id = _first(app.get("jobs"), "id")
    if job_id is None:
        job_id = app.get("job_id")
    return None if job_id is None else str(job_id)


def gather_facts(gh: Greenhouse, application_id: str, job_id: str | None = None) -> OfferFacts:
    application = gh.application(application_id)
    candidate = gh.candidate(str(application.get("candidate_id")))
    job = gh.job(job_id or first_job_id(application) or "")
    managers = (job.get("hiring_team") or {}).get("hiring_managers")
    manager_id = _first(managers, "id") or _first(managers, "user_id")
    manager = gh.user(str(manager_id)) if manager_id is not None else {}
    manager_name = manager.get("name") or " ".join(filter(None, [manager.get("first_name"), manager.get("last_name")]))
    return OfferFacts(
        application_id=application_id,
        first_name=candidate.get("first_name") or "",
        last_name=candidate.get("last_name") or "",
        email=first_email(candidate),
        job_title=job.get("name") or "",
        department=str(_first(job.get("departments"), "name") or ""),
        manager_name=manager_name,
        manager_email=manager.get("primary_email_address") or "",
        terms=read_terms(gh.current_offer(application_id)),
    )
