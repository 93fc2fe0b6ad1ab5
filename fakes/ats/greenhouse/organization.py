"""Harvest's organisation reads: jobs, job stages, users, sources, rejection reasons
(harvest/_jobs.md, _job_stages.md, _users.md, _sources.md, _rejection_reasons.md)."""

from __future__ import annotations

from typing import Any

from ...kit.http import Request, Response
from . import serialize as s
from .base import HandlerBase
from .errors import ValidationFailed
from .filters import id_param, window
from .paging import ListQuery, list_query, paged

JOB_STATUSES = ("open", "closed", "draft")


def job_rows(model: Any, query: ListQuery) -> list[dict[str, Any]]:
    rows = window(query, model.store.table("jobs").values(), created="created_at", updated="updated_at")
    status, requisition = query.get("status"), query.get("requisition_id")
    department, office = id_param(query, "department_id"), id_param(query, "office_id")
    if status is not None:
        if status not in JOB_STATUSES:
            raise ValidationFailed.one(f"Must be one of: {', '.join(JOB_STATUSES)}", "status")
        rows = [j for j in rows if j["status"] == status]
    if requisition is not None:
        rows = [j for j in rows if j["requisition_id"] == requisition]
    if department is not None:
        rows = [j for j in rows if department in j["department_ids"]]
    if office is not None:
        rows = [j for j in rows if office in j["office_ids"]]
    if query.get("opening_id") is not None:
        rows = [j for j in rows if any(o["opening_id"] == query.get("opening_id") for o in j["openings"])]
    return rows


def user_rows(model: Any, query: ListQuery) -> list[dict[str, Any]]:
    rows = window(query, model.store.table("users").values(), created="created_at", updated="updated_at")
    email, employee = query.get("email"), query.get("employee_id")
    if email is not None:
        rows = [u for u in rows if email.strip().lower() in (e.lower() for e in u["emails"])]
    if employee is not None:
        rows = [u for u in rows if u["employee_id"] == employee]
    return rows


class OrganizationHandlers(HandlerBase):
    def list_jobs(self, request: Request) -> Response:
        model, query = self.model(request), list_query(request)
        return paged(request, self.base_url(request), query, job_rows(model, query), lambda j: s.job(model, j))

    def get_job(self, request: Request) -> Any:
        model = self.model(request)
        return s.job(model, self.found(model, "jobs", request.params["id"]))

    def list_job_stages(self, request: Request) -> Response:
        model, query = self.model(request), list_query(request)
        rows = window(query, model.store.table("stages").values(), created="created_at", updated="updated_at")
        return paged(request, self.base_url(request), query, rows, s.stage)

    def list_job_stages_for_job(self, request: Request) -> Any:
        model = self.model(request)
        job = self.found(model, "jobs", request.params["id"])
        query = ListQuery(request.query_items, 0, 0)
        stages = [model.store.table("stages")[i] for i in job["stage_ids"]]
        return [s.stage(r) for r in window(query, stages, created="created_at", updated="updated_at")]

    def get_job_stage(self, request: Request) -> Any:
        model = self.model(request)
        return s.stage(self.found(model, "stages", request.params["id"]))

    def list_users(self, request: Request) -> Response:
        model, query = self.model(request), list_query(request)
        return paged(request, self.base_url(request), query, user_rows(model, query), lambda u: s.user(model, u))

    def get_user(self, request: Request) -> Any:
        model = self.model(request)
        return s.user(model, self.found(model, "users", request.params["id"]))

    def list_sources(self, request: Request) -> Response:
        model, query = self.model(request), list_query(request)
        return paged(request, self.base_url(request), query, list(model.store.table("sources").values()), s.source)

    def list_rejection_reasons(self, request: Request) -> Response:
        model, query = self.model(request), list_query(request)
        rows = list(model.store.table("rejection_reasons").values())
        return paged(request, self.base_url(request), query, rows, s.rejection_reason_record)
