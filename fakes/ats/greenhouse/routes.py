"""The Greenhouse route table: Harvest v1, Harvest v3, and the v3 token endpoint.

Each entry is one vendor operation. An operation both versions serve alike
keeps one operation name (the route's tag says which version), so a fault
rule or a journal query by operation catches an integration whichever version
it calls. Where v3 replaced a v1 route (the WRITE and READ migration guides,
harvestdocs.greenhouse.io/docs/write-endpoint-migration-guide and
/docs/step-by-step-migration-instructions), the v1 route is served under /v1
only and the v3 route under /v3 only:

- ``POST /v1/candidates/{id}/applications`` -> ``POST /v3/applications``;
- ``POST /v1/applications/{id}/advance`` -> ``POST /v3/applications/{id}/move``
  with blank ``to_stage_id``/``to_job_id``;
- ``GET /v1/candidates/{id}/activity_feed`` and ``POST .../activity_feed/notes``
  -> ``GET``/``POST /v3/notes``;
- rejection details -> ``GET /v3/rejection_details``, ``PATCH /v3/rejection_details/{id}``;
- ``.../offers/current_offer`` -> ``GET /v3/offers`` (``application_ids``),
  ``PATCH /v3/offers/{id}``;
- v3 candidates no longer embed their applications.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ...kit.http import Route
from . import schemas as sc

if TYPE_CHECKING:
    from .fake import GreenhouseFake


def v1_only(f: GreenhouseFake) -> list[Route]:
    """v1 operations whose v3 counterpart has another path or shape."""
    return [
        Route("GET", "/candidates", f.list_candidates, "list_candidates", "List candidates",
              query=sc.CANDIDATE_QUERY, responses=sc.LIST),
        Route("GET", "/candidates/{id}", f.get_candidate, "get_candidate", "Retrieve a candidate", responses=sc.READ),
        Route("POST", "/candidates", f.create_candidate, "create_candidate", "Add a candidate with applications",
              body=sc.CANDIDATE_CREATE, responses=sc.CREATE, write=True),
        Route("PATCH", "/candidates/{id}", f.edit_candidate, "edit_candidate", "Edit a candidate",
              body=sc.CANDIDATE_EDIT, responses=sc.WRITE, write=True),
        Route("POST", "/candidates/{id}/applications", f.add_application, "add_application",
              "Add an application to a candidate", body=sc.APPLICATION_SPEC, responses=sc.CREATE, write=True),
        Route("POST", "/candidates/{id}/activity_feed/notes", f.add_note, "add_note", "Add a note",
              body=sc.NOTE, responses=sc.CREATE, write=True),
        Route("GET", "/candidates/{id}/activity_feed", f.get_activity_feed, "get_activity_feed",
              "Retrieve a candidate's activity feed", responses=sc.READ),
        Route("POST", "/applications/{id}/advance", f.advance_application, "advance_application",
              "Move an application to the next stage", body=sc.ADVANCE, responses=sc.WRITE, write=True),
        Route("POST", "/applications/{id}/move", f.move_application, "move_application",
              "Move an application to another stage of its job", body=sc.MOVE, responses=sc.WRITE, write=True),
        Route("GET", "/applications/{id}/offers", f.list_application_offers, "list_application_offers",
              "List an application's offers", responses=sc.LIST),
        Route("GET", "/applications/{id}/offers/current_offer", f.get_current_offer, "get_current_offer",
              "Retrieve an application's current offer", responses=sc.READ),
        Route("PATCH", "/applications/{id}/offers/current_offer", f.update_current_offer, "update_current_offer",
              "Update the current offer", body=sc.OFFER_EDIT, responses=sc.WRITE, write=True),
        Route("GET", "/offers", f.list_offers, "list_offers", "List offers", query=sc.OFFER_QUERY,
              responses=sc.LIST),
        Route("GET", "/custom_fields", f.list_custom_fields, "list_custom_fields", "List custom fields",
              query=sc.CUSTOM_FIELD_QUERY, responses=sc.LIST),
        Route("GET", "/custom_fields/{field_type}", f.list_custom_fields, "list_custom_fields_of_type",
              "List the custom fields of one field type", responses=sc.LIST),
        Route("GET", "/custom_field/{id}", f.get_custom_field, "get_custom_field", "Retrieve a custom field",
              responses=sc.READ),
        Route("GET", "/jobs/{job_id}/openings", f.list_job_openings, "list_job_openings", "List a job's openings",
              query={"status": {"type": "string", "enum": ["open", "closed"]}}, responses=sc.LIST),
        Route("GET", "/jobs/{job_id}/openings/{id}", f.get_job_opening, "get_job_opening",
              "Retrieve one opening of a job", responses=sc.READ),
        Route("GET", "/scheduled_interviews", f.list_scheduled_interviews, "list_scheduled_interviews",
              "List scheduled interviews", query=sc.INTERVIEW_QUERY, responses=sc.LIST),
        Route("GET", "/applications/{id}/scheduled_interviews", f.list_application_scheduled_interviews,
              "list_application_scheduled_interviews", "List an application's scheduled interviews",
              responses=sc.LIST),
        Route("GET", "/scheduled_interviews/{id}", f.get_scheduled_interview, "get_scheduled_interview",
              "Retrieve a scheduled interview", responses=sc.READ),
    ]


def v3_only(f: GreenhouseFake) -> list[Route]:
    """v3 operations (the migration guides' v3 routes) that v1 serves elsewhere or not at all."""
    ids = {"ids": sc.ID_LIST}
    return [
        Route("GET", "/candidates", f.list_candidates_v3, "list_candidates", "List candidates",
              query={**sc.CANDIDATE_QUERY, **ids}, responses=sc.LIST),
        Route("GET", "/candidates/{id}", f.get_candidate_v3, "get_candidate", "Retrieve a candidate",
              responses=sc.READ),
        Route("POST", "/candidates", f.create_candidate_v3, "create_candidate", "Add a candidate with applications",
              body=sc.CANDIDATE_CREATE, responses=sc.CREATE, write=True),
        Route("PATCH", "/candidates/{id}", f.edit_candidate_v3, "edit_candidate", "Edit a candidate",
              body=sc.CANDIDATE_EDIT, responses=sc.WRITE, write=True),
        Route("POST", "/applications", f.create_application_v3, "create_application",
              "Create an application for a candidate on a job", body=sc.APPLICATION_CREATE_V3,
              responses=sc.CREATE, write=True),
        Route("POST", "/applications/{id}/move", f.move_application_v3, "move_application",
              "Move an application to another stage, or advance it when no target is given", body=sc.MOVE_V3,
              responses=sc.WRITE, write=True),
        Route("GET", "/job_interview_stages", f.list_job_interview_stages, "list_job_interview_stages",
              "List job interview stages", query={**sc.STAMP_QUERY, **ids, "job_ids": sc.ID_LIST}, responses=sc.LIST),
        Route("GET", "/notes", f.list_notes, "list_notes", "List notes",
              query={**ids, "candidate_ids": sc.ID_LIST, "application_ids": sc.ID_LIST}, responses=sc.LIST),
        Route("POST", "/notes", f.create_note, "create_note", "Add a note to a candidate or application",
              body=sc.NOTE_V3, responses=sc.CREATE, write=True),
        Route("GET", "/rejection_details", f.list_rejection_details, "list_rejection_details",
              "List rejection details", query={**ids, "application_ids": sc.ID_LIST, "candidate_ids": sc.ID_LIST},
              responses=sc.LIST),
        Route("PATCH", "/rejection_details/{id}", f.update_rejection_details, "update_rejection_details",
              "Update a rejected application's rejection details", body=sc.REJECTION_DETAILS_EDIT,
              responses=sc.WRITE, write=True),
        Route("GET", "/offers", f.list_offers_v3, "list_offers", "List offers",
              query={**sc.OFFER_QUERY, **ids, "application_ids": sc.ID_LIST, "candidate_ids": sc.ID_LIST,
                     "job_ids": sc.ID_LIST}, responses=sc.LIST),
        Route("PATCH", "/offers/{id}", f.update_offer_v3, "update_offer",
              "Update an offer (its application's current one)", body=sc.OFFER_EDIT, responses=sc.WRITE, write=True),
        Route("GET", "/custom_fields", f.list_custom_fields, "list_custom_fields", "List custom fields",
              query={**sc.CUSTOM_FIELD_QUERY, **ids}, responses=sc.LIST),
        Route("GET", "/openings", f.list_openings, "list_openings", "List job openings",
              query={**ids, "job_ids": sc.ID_LIST, "status": sc.TEXT}, responses=sc.LIST),
        Route("GET", "/interviews", f.list_scheduled_interviews, "list_scheduled_interviews", "List interviews",
              query=sc.INTERVIEW_QUERY, responses=sc.LIST),
        Route("GET", "/attachments", f.list_attachments, "list_attachments", "List attachments",
              query={**ids, "candidate_ids": sc.ID_LIST, "application_ids": sc.ID_LIST}, responses=sc.LIST),
    ]


def resources(f: GreenhouseFake) -> list[Route]:
    """Operations both versions serve alike."""
    return [
        Route("GET", "/applications", f.list_applications, "list_applications", "List applications",
              query=sc.APPLICATION_QUERY, responses=sc.LIST),
        Route("GET", "/applications/{id}", f.get_application, "get_application", "Retrieve an application",
              responses=sc.READ),
        Route("PATCH", "/applications/{id}", f.update_application, "update_application", "Update an application",
              body=sc.APPLICATION_EDIT, responses=sc.WRITE, write=True),
        Route("DELETE", "/applications/{id}", f.delete_application, "delete_application", "Delete an application",
              responses=sc.WRITE, write=True),
        Route("POST", "/applications/{id}/reject", f.reject_application, "reject_application",
              "Reject an application", body=sc.REJECT, responses=sc.WRITE, write=True),
        Route("POST", "/applications/{id}/unreject", f.unreject_application, "unreject_application",
              "Unreject an application", body=sc.EMPTY, responses=sc.WRITE, write=True),
        Route("POST", "/applications/{id}/hire", f.hire_application, "hire_application", "Hire an application",
              body=sc.HIRE, responses=sc.WRITE, write=True),
        Route("GET", "/applications/{id}/scorecards", f.list_application_scorecards, "list_application_scorecards",
              "List an application's scorecards", responses=sc.LIST),
        Route("GET", "/offers/{id}", f.get_offer, "get_offer", "Retrieve an offer", responses=sc.READ),
        Route("GET", "/scorecards", f.list_scorecards, "list_scorecards", "List scorecards",
              query=sc.STAMP_QUERY, responses=sc.LIST),
        Route("GET", "/scorecards/{id}", f.get_scorecard, "get_scorecard", "Retrieve a scorecard",
              responses=sc.READ),
        Route("GET", "/jobs", f.list_jobs, "list_jobs", "List jobs", query=sc.JOB_QUERY, responses=sc.LIST),
        Route("GET", "/jobs/{id}", f.get_job, "get_job", "Retrieve a job", responses=sc.READ),
        Route("GET", "/jobs/{id}/stages", f.list_job_stages_for_job, "list_job_stages_for_job",
              "List a job's stages", query=sc.STAMP_QUERY, responses=sc.LIST),
        Route("GET", "/job_stages", f.list_job_stages, "list_job_stages", "List job stages",
              query=sc.STAMP_QUERY, responses=sc.LIST),
        Route("GET", "/job_stages/{id}", f.get_job_stage, "get_job_stage", "Retrieve a job stage",
              responses=sc.READ),
        Route("GET", "/users", f.list_users, "list_users", "List users", query=sc.USER_QUERY, responses=sc.LIST),
        Route("GET", "/users/{id}", f.get_user, "get_user", "Retrieve a user", responses=sc.READ),
        Route("GET", "/sources", f.list_sources, "list_sources", "List sources", responses=sc.LIST),
        Route("GET", "/rejection_reasons", f.list_rejection_reasons, "list_rejection_reasons",
              "List rejection reasons", responses=sc.LIST),
        Route("GET", "/offices", f.list_offices, "list_offices", "List offices", responses=sc.LIST),
        Route("GET", "/offices/{id}", f.get_office, "get_office", "Retrieve an office", responses=sc.READ),
        Route("GET", "/departments", f.list_departments, "list_departments", "List departments",
              responses=sc.LIST),
        Route("GET", "/departments/{id}", f.get_department, "get_department", "Retrieve a department",
              responses=sc.READ),
    ]


PAGED = {"list_candidates", "list_applications", "list_application_offers", "list_application_scorecards",
         "list_offers", "list_scorecards", "list_jobs", "list_job_stages", "list_users", "list_sources",
         "list_rejection_reasons", "list_offices", "list_departments", "list_custom_fields",
         "list_custom_fields_of_type", "list_job_openings", "list_scheduled_interviews",
         "list_application_scheduled_interviews", "list_notes", "list_rejection_details", "list_openings",
         "list_job_interview_stages",
         "list_attachments"}


def routes(f: GreenhouseFake) -> list[Route]:
    table = [
        Route("POST", "/auth/token", f.auth.issue_token, "create_access_token",
              "Harvest v3 OAuth client-credentials token (auth.greenhouse.io/token)", auth=False,
              responses=sc.TOKEN, tags=("auth",)),
    ]
    for version, paging, own in (("v1", sc.PAGING_V1, v1_only), ("v3", sc.PAGING_V3, v3_only)):
        for route in own(f) + resources(f):
            query = {**paging, **route.query} if route.operation in PAGED else dict(route.query)
            table.append(replace(route, path=f"/{version}{route.path}", query=query, tags=(version,)))
    return table
