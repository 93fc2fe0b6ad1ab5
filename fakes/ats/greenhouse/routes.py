"""The Greenhouse route table: Harvest v1 and, under /v3, the same resources.

Each entry is one vendor operation; the same operation name serves both
versions (the route's tag says which), so a fault rule or a journal query by
operation catches an integration whichever version it calls.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ...kit.http import Route
from . import schemas as sc

if TYPE_CHECKING:
    from .fake import GreenhouseFake


def resources(f: GreenhouseFake) -> list[Route]:
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
        Route("GET", "/applications", f.list_applications, "list_applications", "List applications",
              query=sc.APPLICATION_QUERY, responses=sc.LIST),
        Route("GET", "/applications/{id}", f.get_application, "get_application", "Retrieve an application",
              responses=sc.READ),
        Route("PATCH", "/applications/{id}", f.update_application, "update_application", "Update an application",
              body=sc.APPLICATION_EDIT, responses=sc.WRITE, write=True),
        Route("DELETE", "/applications/{id}", f.delete_application, "delete_application", "Delete an application",
              responses=sc.WRITE, write=True),
        Route("POST", "/applications/{id}/advance", f.advance_application, "advance_application",
              "Move an application to the next stage", body=sc.ADVANCE, responses=sc.WRITE, write=True),
        Route("POST", "/applications/{id}/move", f.move_application, "move_application",
              "Move an application to another stage of its job", body=sc.MOVE, responses=sc.WRITE, write=True),
        Route("POST", "/applications/{id}/reject", f.reject_application, "reject_application",
              "Reject an application", body=sc.REJECT, responses=sc.WRITE, write=True),
        Route("POST", "/applications/{id}/unreject", f.unreject_application, "unreject_application",
              "Unreject an application", body=sc.EMPTY, responses=sc.WRITE, write=True),
        Route("POST", "/applications/{id}/hire", f.hire_application, "hire_application", "Hire an application",
              body=sc.HIRE, responses=sc.WRITE, write=True),
        Route("GET", "/applications/{id}/offers", f.list_application_offers, "list_application_offers",
              "List an application's offers", responses=sc.LIST),
        Route("GET", "/applications/{id}/offers/current_offer", f.get_current_offer, "get_current_offer",
              "Retrieve an application's current offer", responses=sc.READ),
        Route("PATCH", "/applications/{id}/offers/current_offer", f.update_current_offer, "update_current_offer",
              "Update the current offer", body=sc.OFFER_EDIT, responses=sc.WRITE, write=True),
        Route("GET", "/applications/{id}/scorecards", f.list_application_scorecards, "list_application_scorecards",
              "List an application's scorecards", responses=sc.LIST),
        Route("GET", "/offers", f.list_offers, "list_offers", "List offers", query=sc.OFFER_QUERY,
              responses=sc.LIST),
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
    ]


PAGED = {"list_candidates", "list_applications", "list_application_offers", "list_application_scorecards",
         "list_offers", "list_scorecards", "list_jobs", "list_job_stages", "list_users", "list_sources",
         "list_rejection_reasons"}


def route_table(f: GreenhouseFake) -> list[Route]:
    table = [
        Route("POST", "/auth/token", f.auth.issue_token, "create_access_token",
              "Harvest v3 OAuth client-credentials token (auth.greenhouse.io/token)", auth=False,
              responses=sc.TOKEN, tags=("auth",)),
    ]
    for version, paging in (("v1", sc.PAGING_V1), ("v3", sc.PAGING_V3)):
        for route in resources(f):
            query = {**paging, **route.query} if route.operation in PAGED else dict(route.query)
            table.append(replace(route, path=f"/{version}{route.path}", query=query, tags=(version,)))
    return table
