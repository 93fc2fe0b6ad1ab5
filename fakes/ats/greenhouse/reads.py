"""Harvest reads an integration leans on besides candidates, applications and offers:
custom fields, offices, departments, job openings, scheduled interviews, attachments.

v1 paths and objects: harvest/_custom_fields.md (``GET /v1/custom_fields``,
``/v1/custom_fields/{field_type}``, ``/v1/custom_field/{id}``, singular),
_offices.md, _departments.md, _job_openings.md (``/v1/jobs/{job_id}/openings``),
_scheduled_interviews.md. v1 has no attachment list: attachments ride on the
candidate and application objects (harvest/_candidates.md).

v3 (READ migration guide, list-endpoints guide): the same resources as flat
lists filtered by ``ids`` and parent ids; openings are ``/v3/openings``,
interviews ``/v3/interviews``, attachments ``/v3/attachments`` (v3 names seen
in third-party v3 clients, not in Greenhouse's own pages: unverified).

What this fake holds: interviews are booked through the scheduler (Calendly)
fake, not inside Greenhouse, so the interview lists are empty; candidates
carry no files, so attachment lists are empty. Both answer as Greenhouse
answers an organisation with none.
"""

from __future__ import annotations

from typing import Any

from ...kit.http import Request, Response
from . import serialize as s
from .base import HandlerBase
from .errors import NotFoundError, ValidationFailed
from .filters import window
from .paging import list_query, paged
from .v3 import by_ids

FIELD_TYPES = ("job", "candidate", "application", "offer", "opening", "rejection_question", "referral_question",
               "user_attribute")


def _openings(model: Any) -> list[dict[str, Any]]:
    rows = []
    for job in model.store.table("jobs").values():
        rows += [{**o, "job_id": job["id"]} for o in job["openings"]]
    return sorted(rows, key=lambda o: o["id"])


class ReadHandlers(HandlerBase):
    # -- custom fields -------------------------------------------------------------------
    def list_custom_fields(self, request: Request) -> Response:
        model, query = self.model(request), list_query(request)
        kind = request.params.get("field_type") or query.get("field_type")
        if kind is not None and kind not in FIELD_TYPES:
            raise ValidationFailed.one(f"Must be one of: {', '.join(FIELD_TYPES)}", "field_type")
        rows = sorted(model.store.table("custom_fields").values(), key=lambda d: d["id"])
        rows = [d for d in rows if kind is None or d["object"] == kind]
        if request.path.startswith("/v3/"):
            rows = by_ids(query, rows, ids="id")
        return paged(request, self.base_url(request), query, rows, lambda d: s.custom_field(model, d))

    def get_custom_field(self, request: Request) -> Any:
        model = self.model(request)
        return s.custom_field(model, self.found(model, "custom_fields", request.params["id"]))

    # -- offices and departments --------------------------------------------------------
    def list_offices(self, request: Request) -> Response:
        model, query = self.model(request), list_query(request)
        rows = by_ids(query, sorted(model.store.table("offices").values(), key=lambda o: o["id"]), ids="id")
        return paged(request, self.base_url(request), query, rows, s.office)

    def get_office(self, request: Request) -> Any:
        model = self.model(request)
        return s.office(self.found(model, "offices", request.params["id"]))

    def list_departments(self, request: Request) -> Response:
        model, query = self.model(request), list_query(request)
        rows = by_ids(query, sorted(model.store.table("departments").values(), key=lambda d: d["id"]), ids="id")
        return paged(request, self.base_url(request), query, rows, s.department)

    def get_department(self, request: Request) -> Any:
        model = self.model(request)
        return s.department(self.found(model, "departments", request.params["id"]))

    # -- openings -----------------------------------------------------------------------
    def list_job_openings(self, request: Request) -> Response:
        """v1 ``/v1/jobs/{job_id}/openings`` (``status=open|closed``)."""
        model, query = self.model(request), list_query(request)
        job = self.found(model, "jobs", request.params["job_id"])
        status = query.get("status")
        if status is not None and status not in ("open", "closed"):
            raise ValidationFailed.one("Must be one of: open, closed", "status")
        rows = [o for o in job["openings"] if status is None or o["status"] == status]
        return paged(request, self.base_url(request), query, rows, s.job_opening)

    def get_job_opening(self, request: Request) -> Any:
        model = self.model(request)
        job = self.found(model, "jobs", request.params["job_id"])
        found = next((o for o in job["openings"] if str(o["id"]) == request.params["id"]), None)
        if found is None:
            raise NotFoundError("Resource not found")
        return s.job_opening(found)

    def list_openings(self, request: Request) -> Response:
        """v3 ``/v3/openings``: every job's openings, filtered by ``ids``, ``job_ids``, ``status``."""
        model, query = self.model(request), list_query(request)
        rows = by_ids(query, _openings(model), ids="id", job_ids="job_id")
        status = query.get("status")
        if status is not None:
            rows = [o for o in rows if o["status"] == status]
        return paged(request, self.base_url(request), query, rows,
                     lambda o: {**s.job_opening(o), "job_id": o["job_id"]})

    # -- interviews and attachments (none are held: see the module docstring) -------------
    def list_scheduled_interviews(self, request: Request) -> Response:
        query = list_query(request)
        window(query, [], created="created_at", updated="updated_at", starts="start", ends="end")
        return paged(request, self.base_url(request), query, [], lambda r: r)

    def list_application_scheduled_interviews(self, request: Request) -> Response:
        model, query = self.model(request), list_query(request)
        self.found(model, "applications", request.params["id"])
        return paged(request, self.base_url(request), query, [], lambda r: r)

    def get_scheduled_interview(self, request: Request) -> Any:
        raise NotFoundError("Resource not found")

    def list_attachments(self, request: Request) -> Response:
        query = list_query(request)
        by_ids(query, [], ids="id", candidate_ids="candidate_id", application_ids="application_id")
        return paged(request, self.base_url(request), query, [], lambda r: r)
