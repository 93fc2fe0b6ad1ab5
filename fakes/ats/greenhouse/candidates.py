"""Harvest candidate operations (harvest/_candidates.md, harvest/_activity_feed.md)."""

from __future__ import annotations

from typing import Any

from ...kit.http import Request, Response, json_response
from . import serialize as s
from .base import HandlerBase
from .errors import ValidationFailed
from .filters import id_list, id_param, window
from .paging import ListQuery, list_query, paged
from .validate import Body, as_id, custom_field_values, text_item, typed_address

PHONE_TYPES = ("home", "work", "mobile", "skype", "other")
ADDRESS_TYPES = ("home", "work", "other")
EMAIL_TYPES = ("personal", "work", "other")
WEBSITE_TYPES = ("personal", "company", "portfolio", "blog", "other")
VISIBILITIES = ("admin_only", "private", "public")


def candidate_rows(model: Any, query: ListQuery) -> list[dict[str, Any]]:
    rows = window(query, model.store.table("candidates").values(), created="created_at", updated="updated_at")
    job_id, email = id_param(query, "job_id"), query.get("email")
    ids = None if email is not None else id_list(query, "candidate_ids", 50)
    if job_id is not None:
        apps = model.store.table("applications")
        rows = [c for c in rows if any(apps[a]["job_id"] == job_id for a in c["application_ids"])]
    if email is not None:
        wanted = email.strip().lower()
        rows = [c for c in rows if any(e["value"].lower() == wanted for e in c["email_addresses"])]
    if ids is not None:
        rows = [c for c in rows if c["id"] in ids]
    return rows


def _user(body: Body, model: Any, name: str) -> int | None:
    """A ``{id}`` or ``{email}`` user reference as a user id."""
    ref = body.obj(name)
    if ref is None:
        return None
    user = model.store.table("users").get(as_id(ref.get("id"))) if ref.get("id") is not None else (
        model.user_by_email(ref.get("email")))
    if user is None:
        body.fail(name, "must name an existing user by id or email")
        return None
    return int(user["id"])


def _note(body: Body) -> Any:
    def check(item: Any, path: str) -> dict[str, Any] | None:
        if not isinstance(item, dict) or as_id(item.get("user_id")) is None or not isinstance(item.get("body"), str):
            body.fail(path, "must be an object with user_id, body and visibility")
            return None
        if item.get("visibility") not in VISIBILITIES:
            body.fail(f"{path}.visibility", f"Must be one of: {', '.join(VISIBILITIES)}")
            return None
        return {"user_id": as_id(item["user_id"]), "body": item["body"], "visibility": item["visibility"]}

    return check


def candidate_fields(body: Body, model: Any, creating: bool) -> dict[str, Any]:
    """The candidate fields of a create or edit body, each checked; only the ones sent."""
    fields: dict[str, Any] = {
        "first_name": body.text("first_name", required=creating),
        "last_name": body.text("last_name", required=creating),
        "company": body.text("company"), "title": body.text("title"), "is_private": body.flag("is_private"),
        "phone_numbers": body.items("phone_numbers", typed_address(PHONE_TYPES)(body)),
        "addresses": body.items("addresses", typed_address(ADDRESS_TYPES)(body)),
        "email_addresses": body.items("email_addresses", typed_address(EMAIL_TYPES)(body)),
        "website_addresses": body.items("website_addresses", typed_address(WEBSITE_TYPES)(body)),
        "social_media_addresses": body.items("social_media_addresses", typed_address(None)(body)),
        "tags": body.items("tags", text_item(body)),
        "custom_fields": custom_field_values(body, model, "candidate"),
        "recruiter_id": _user(body, model, "recruiter"), "coordinator_id": _user(body, model, "coordinator"),
    }
    for ignored in ("educations", "employments"):  # accepted, not kept by this fake
        body.items(ignored, lambda item, path: item)
    if creating:
        fields["activity_feed_notes"] = body.items("activity_feed_notes", _note(body))
    return {k: v for k, v in fields.items() if v is not None}


def application_spec(body: Body, item: Any, path: str) -> dict[str, Any] | None:
    """One application of a create body: ``{job_id*, source_id, initial_stage_id, recruiter_id, coordinator_id}``."""
    if not isinstance(item, dict):
        body.fail(path, "must be an object")
        return None
    if item.get("prospect") in (True, "true"):
        body.fail(f"{path}.prospect", "prospect applications are not supported by this fake")
        return None
    spec: dict[str, Any] = {}
    for name in ("job_id", "source_id", "initial_stage_id", "recruiter_id", "coordinator_id"):
        if item.get(name) is None:
            if name == "job_id":
                body.fail(f"{path}.job_id", "is required")
                return None
            continue
        spec[name] = as_id(item[name])
        if spec[name] is None:
            body.fail(f"{path}.{name}", "must be an integer id")
            return None
    return spec


class CandidateHandlers(HandlerBase):
    # The creating POSTs answer 201 Created. Harvest documents their bodies, not their status (unverified:
    # 201 is what a Rails ``create`` answers); integrations that test ``response.ok`` accept either.
    def list_candidates(self, request: Request) -> Response:
        model, query = self.model(request), list_query(request)
        return paged(request, self.base_url(request), query, candidate_rows(model, query),
                     lambda c: s.candidate(model, c))

    def get_candidate(self, request: Request) -> Any:
        model = self.model(request)
        return s.candidate(model, self.found(model, "candidates", request.params["id"]))

    def create_candidate(self, request: Request, embed: bool = True) -> Response:
        model, body = self.model(request), Body(request)
        fields = candidate_fields(body, model, creating=True)
        apps = body.items("applications", lambda item, path: application_spec(body, item, path), required=True)
        if apps == []:
            body.fail("applications", "must hold at least one application")
        body.done()
        record = model.create_candidate(fields, apps or [], by_user_id=self.auth.actor(request))
        return json_response(s.candidate(model, record, embed), 201)

    def edit_candidate(self, request: Request, embed: bool = True) -> Any:
        model, body = self.model(request), Body(request)
        record = self.found(model, "candidates", request.params["id"])
        fields = candidate_fields(body, model, creating=False)
        body.done()
        if fields:
            record = model.update_candidate(record["id"], **fields)
        return s.candidate(model, record, embed)

    def add_application(self, request: Request) -> Response:
        model, body = self.model(request), Body(request)
        record = self.found(model, "candidates", request.params["id"])
        spec = application_spec(body, body.data, "body")
        if spec is None:
            raise ValidationFailed([{**e, "field": e["field"].removeprefix("body.")} for e in body.errors])
        app = model.add_application(record["id"], spec, by_user_id=self.auth.actor(request))
        return json_response(s.application(model, app), 201)

    def add_note(self, request: Request) -> Response:
        model, body = self.model(request), Body(request)
        record = self.found(model, "candidates", request.params["id"])
        user_id, text = body.id("user_id", required=True), body.text("body", required=True)
        visibility = body.text("visibility", required=True, choices=VISIBILITIES)
        body.done()
        note = model.add_note(record["id"], user_id, text, visibility)
        return json_response(s.note(model, note), 201)

    def get_activity_feed(self, request: Request) -> Any:
        model = self.model(request)
        return s.activity_feed(model, self.found(model, "candidates", request.params["id"])["id"])
