"""Harvest v3 operations that differ from v1 (write and read migration guides).

Sources: harvestdocs.greenhouse.io/docs/write-endpoint-migration-guide and
/docs/step-by-step-migration-instructions (the READ guide), /docs/list-endpoints.
The guides map each v1 route to its v3 route; they give no request bodies.
What they say, and what this module serves:

- "POST /v1/candidates/{id}/applications" becomes ``POST /v3/applications``
  (the candidate is named in the body: ``candidate_id``, ``job_id``);
- "POST /v1/applications/{id}/advance" becomes ``POST /v3/applications/{id}/move``:
  "Leave to_stage_id and to_job_id blank if wanting to advance the application";
- rejection details "are updated in their own resource":
  ``PATCH /v3/rejection_details/{id}``;
- "GET /v1/candidates/{id}/activity_feed" becomes ``GET /v3/notes``; notes are
  written with ``POST /v3/notes``;
- list endpoints filter by ``ids`` and by parent resources (``candidate_ids``,
  ``application_ids``, ``job_ids``), comma separated.

Bodies beyond those names are not in the guides (unverified): ``POST
/v3/applications`` takes v1's application fields plus ``candidate_id``;
``POST /v3/notes`` takes ``application_id`` or ``candidate_id`` with v1's
``user_id``, ``body``, ``visibility`` and ``note_type`` (v3 clients send
``candidate_id`` + ``note_type: "NOTE"`` and read back ``type``); ``PATCH /v3/offers/{id}`` takes v1's
current-offer edit body. Each rule is listed in docs/vendors.md.
"""

from __future__ import annotations

from typing import Any

from ...kit.http import Request, Response, json_response
from . import serialize as s
from .base import HandlerBase
from .candidates import VISIBILITIES, application_spec, candidate_rows
from .errors import NotFoundError, ValidationFailed
from .filters import id_list, window
from .offers import offer_rows
from .paging import ListQuery, list_query, paged
from .validate import Body, custom_field_values

NOTE_TYPES = ("NOTE", "ACTIVITY", "EMAIL")
MAX_IDS = 50  # v1's documented cap on candidate_ids; assumed for every v3 id list (unverified)


def by_ids(query: ListQuery, rows: list[dict[str, Any]], **filters: str) -> list[dict[str, Any]]:
    """Keep rows whose field is in each ``<name>=1,2,3`` filter given; ``filters`` maps name -> record field."""
    for name, field in filters.items():
        wanted = id_list(query, name, MAX_IDS)
        if wanted is not None:
            rows = [r for r in rows if r.get(field) in wanted]
    return rows


class V3Handlers(HandlerBase):
    # -- candidates: no embedded applications -------------------------------------------
    def list_candidates_v3(self, request: Request) -> Response:
        model, query = self.model(request), list_query(request)
        rows = by_ids(query, candidate_rows(model, query), ids="id")
        return paged(request, self.base_url(request), query, rows, lambda c: s.candidate(model, c, embed=False))

    def get_candidate_v3(self, request: Request) -> Any:
        model = self.model(request)
        return s.candidate(model, self.found(model, "candidates", request.params["id"]), embed=False)

    def create_candidate_v3(self, request: Request) -> Response:
        return self.create_candidate(request, embed=False)  # type: ignore[attr-defined,no-any-return]

    def edit_candidate_v3(self, request: Request) -> Any:
        return self.edit_candidate(request, embed=False)  # type: ignore[attr-defined]

    # -- applications -----------------------------------------------------------------
    def create_application_v3(self, request: Request) -> Response:
        """POST /v3/applications: a new application for an existing candidate on a job."""
        model, body = self.model(request), Body(request)
        candidate_id = body.id("candidate_id", required=True)
        spec = application_spec(body, {k: v for k, v in body.data.items() if k != "candidate_id"}, "body")
        errors = [{**e, "field": (e["field"] or "").removeprefix("body.")} for e in body.errors]
        if errors:
            raise ValidationFailed(errors)
        candidate = model.store.table("candidates").get(candidate_id)
        if candidate is None:
            raise ValidationFailed.one("must name an existing candidate", "candidate_id")
        app = model.add_application(candidate["id"], spec, by_user_id=self.auth.actor(request))
        return json_response(s.application_v3(model, app), 201)

    def move_application_v3(self, request: Request) -> Any:
        """Blank ``to_stage_id`` and ``to_job_id``: advance to the next stage; else move within the job.

        ``from_stage_id`` is kept as v1's guard when sent (a move from a stale
        read is refused); moving to another job (``to_job_id``) is a transfer,
        which this fake does not model.
        """
        model, body = self.model(request), Body(request, optional=True)
        app = self.found(model, "applications", request.params["id"])
        from_stage, to_stage = body.id("from_stage_id"), body.id("to_stage_id")
        to_job = body.id("to_job_id")
        if to_job is not None and to_job != app["job_id"]:
            body.fail("to_job_id", "moving an application to another job is not supported by this fake")
        body.done()
        actor = self.auth.actor(request)
        if to_stage is None:
            moved = model.advance(app["id"], from_stage, by_user_id=actor)
        else:
            moved = model.move_stage(app["id"], to_stage, from_stage, by_user_id=actor)
        return s.application_v3(model, moved)

    def list_job_interview_stages(self, request: Request) -> Response:
        """``/v3/job_interview_stages`` (the name v3 clients use for job stages): ``ids``, ``job_ids``."""
        model, query = self.model(request), list_query(request)
        rows = sorted(model.store.table("stages").values(), key=lambda r: (r["job_id"], r["priority"], r["id"]))
        rows = by_ids(query, window(query, rows, created="created_at", updated="updated_at"), ids="id",
                      job_ids="job_id")
        return paged(request, self.base_url(request), query, rows, s.stage)

    # -- notes (the v3 activity feed) ---------------------------------------------------
    def list_notes(self, request: Request) -> Response:
        model, query = self.model(request), list_query(request)
        rows = sorted(model.store.table("notes").values(), key=lambda n: n["id"])
        rows = by_ids(query, rows, ids="id", candidate_ids="candidate_id", application_ids="application_id")
        return paged(request, self.base_url(request), query, rows, lambda n: s.note_v3(model, n))

    def create_note(self, request: Request) -> Response:
        model, body = self.model(request), Body(request)
        application_id, candidate_id = body.id("application_id"), body.id("candidate_id")
        if application_id is None and candidate_id is None and not body.errors:
            body.fail("application_id", "is required (or candidate_id)")
        user_id, text = body.id("user_id", required=True), body.text("body", required=True)
        visibility = body.text("visibility", required=True, choices=VISIBILITIES)
        # note_type as v3 clients send it (NOTE, ACTIVITY or EMAIL; unverified); only notes are kept here.
        note_type = body.text("note_type", choices=NOTE_TYPES) or "NOTE"
        if note_type != "NOTE":
            body.fail("note_type", "only NOTE notes are supported by this fake")
        body.done()
        if application_id is not None:
            if application_id not in model.store.table("applications"):
                raise ValidationFailed.one("must name an existing application", "application_id")
            note = model.add_application_note(application_id, user_id, text, visibility)
        else:
            if candidate_id not in model.store.table("candidates"):
                raise ValidationFailed.one("must name an existing candidate", "candidate_id")
            note = model.add_note(candidate_id, user_id, text, visibility)
        return json_response(s.note_v3(model, note), 201)

    # -- rejection details ----------------------------------------------------------------
    def list_rejection_details(self, request: Request) -> Response:
        model, query = self.model(request), list_query(request)
        rows = [a for a in model.store.table("applications").values() if a["status"] == "rejected"]
        rows = by_ids(query, rows, ids="id", application_ids="id", candidate_ids="candidate_id")
        return paged(request, self.base_url(request), query, rows, lambda a: s.rejection_details(model, a))

    def update_rejection_details(self, request: Request) -> Any:
        model, body = self.model(request), Body(request)
        app = self.found(model, "applications", request.params["id"])
        if app["status"] != "rejected":
            raise NotFoundError("Resource not found")
        reason, notes = body.id("rejection_reason_id"), body.text("notes")
        if body.has("custom_fields"):
            body.fail("custom_fields", "rejection custom fields are not supported by this fake")
        body.done()
        return s.rejection_details(model, model.update_rejection(app["id"], reason, notes))

    # -- offers ------------------------------------------------------------------------
    def list_offers_v3(self, request: Request) -> Response:
        model, query = self.model(request), list_query(request)
        rows = by_ids(query, offer_rows(model, query), ids="id", application_ids="application_id",
                      candidate_ids="candidate_id", job_ids="job_id")
        return paged(request, self.base_url(request), query, rows, lambda o: s.offer(model, o))

    def update_offer_v3(self, request: Request) -> Any:
        """PATCH /v3/offers/{id}: edits the offer in place when it is its application's current one."""
        model, body = self.model(request), Body(request)
        offer = self.found(model, "offers", request.params["id"])
        current = model.current_offer_record(offer["application_id"])
        if current is None or current["id"] != offer["id"]:
            raise ValidationFailed.one("only the application's current offer can be edited", "id")
        dates = {"start_date": body.day("start_date", True), "sent_at": body.day("sent_at", True),
                 "created_at": body.instant("created_at")}
        values = custom_field_values(body, model, "offer")
        body.done()
        model.edit_current_offer(offer["application_id"], values, **{k: v for k, v in dates.items() if body.has(k)})
        return s.offer(model, model.store.table("offers")[offer["id"]])
