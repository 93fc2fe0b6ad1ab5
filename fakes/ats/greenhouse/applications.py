"""Harvest application operations (harvest/_applications.md).

Advance, move, reject and hire need an ``active`` application; unreject a
``rejected`` one; advance and move also need ``from_stage_id`` to be the
current stage. A refusal is a 422 worded like Greenhouse's documented one:
"Application must be 'rejected', is currently 'active'".
"""

from __future__ import annotations

from typing import Any

from ...kit.http import Request, Response
from . import serialize as s
from .base import HandlerBase
from .filters import id_param, window
from .paging import ListQuery, list_query, paged
from .validate import Body, custom_field_values

STATUSES = ("active", "converted", "hired", "rejected")


def application_rows(model: Any, query: ListQuery) -> list[dict[str, Any]]:
    rows = window(query, model.store.table("applications").values(), created="created_at")
    rows = window(query, rows, last_activity="last_activity_at")
    job_id, status = id_param(query, "job_id"), query.get("status")
    if job_id is not None:
        rows = [a for a in rows if a["job_id"] == job_id]
    if status is not None:
        # "If anything else is used, an empty response will be returned rather than an error."
        rows = [a for a in rows if a["status"] == status] if status in STATUSES else []
    return rows


def app_json(request: Request, model: Any, record: dict[str, Any]) -> dict[str, Any]:
    """The application as the version asked answers it (v3 adds flat ids, serialize.application_v3)."""
    return s.application_v3(model, record) if request.path.startswith("/v3/") else s.application(model, record)


def edit_fields(body: Body, model: Any, app: dict[str, Any]) -> dict[str, Any]:
    fields = {
        "source_id": body.id("source_id"), "recruiter_id": body.id("recruiter_id"),
        "coordinator_id": body.id("coordinator_id"),
        "custom_fields": custom_field_values(body, model, "application"),
    }
    body.obj("referrer")  # accepted, not kept by this fake
    for name in ("prospect_pool_id", "prospect_stage_id"):
        if body.has(name):
            body.fail(name, "only prospect applications have a prospect pool")
    if body.obj("rejection_details") is not None and app["status"] != "rejected":
        body.fail("rejection_details", "Rejection details can't be updated if the application has not been rejected")
    return {k: v for k, v in fields.items() if v is not None}


class ApplicationHandlers(HandlerBase):
    def list_applications(self, request: Request) -> Response:
        model, query = self.model(request), list_query(request)
        return paged(request, self.base_url(request), query, application_rows(model, query),
                     lambda a: app_json(request, model, a))

    def get_application(self, request: Request) -> Any:
        model = self.model(request)
        return app_json(request, model, self.found(model, "applications", request.params["id"]))

    def update_application(self, request: Request) -> Any:
        model, body = self.model(request), Body(request)
        app = self.found(model, "applications", request.params["id"])
        fields = edit_fields(body, model, app)
        body.done()
        if fields:
            app = model.update_application(app["id"], **fields)
        return app_json(request, model, app)

    def delete_application(self, request: Request) -> Any:
        model = self.model(request)
        app = self.found(model, "applications", request.params["id"])
        model.delete_application(app["id"])
        return {"message": f"Application {app['id']} has been deleted."}

    def advance_application(self, request: Request) -> Any:
        model, body = self.model(request), Body(request)
        app = self.found(model, "applications", request.params["id"])
        from_stage = body.id("from_stage_id", required=True)
        body.done()
        return app_json(request, model, model.advance(app["id"], from_stage, by_user_id=self.auth.actor(request)))

    def move_application(self, request: Request) -> Any:
        model, body = self.model(request), Body(request)
        app = self.found(model, "applications", request.params["id"])
        from_stage, to_stage = body.id("from_stage_id", required=True), body.id("to_stage_id", required=True)
        body.done()
        moved = model.move_stage(app["id"], to_stage, from_stage, by_user_id=self.auth.actor(request))
        return app_json(request, model, moved)

    def reject_application(self, request: Request) -> Any:
        model, body = self.model(request), Body(request, optional=True)
        app = self.found(model, "applications", request.params["id"])
        reason, notes, email = body.id("rejection_reason_id"), body.text("notes"), body.obj("rejection_email")
        if email is not None and email.get("email_template_id") is None:
            body.fail("rejection_email.email_template_id", "is required when sending a rejection email")
        body.done()
        rejected = model.reject(app["id"], reason, notes, by_user_id=self.auth.actor(request))
        return app_json(request, model, rejected)

    def unreject_application(self, request: Request) -> Any:
        model = self.model(request)
        Body(request, optional=True)
        app = self.found(model, "applications", request.params["id"])
        return app_json(request, model, model.unreject(app["id"], by_user_id=self.auth.actor(request)))

    def hire_application(self, request: Request) -> Any:
        model, body = self.model(request), Body(request, optional=True)
        app = self.found(model, "applications", request.params["id"])
        start, _, _ = body.day("start_date"), body.id("opening_id"), body.id("close_reason_id")
        body.done()
        return app_json(request, model, model.hire(app["id"], start, by_user_id=self.auth.actor(request)))
