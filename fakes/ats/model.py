"""The applicant tracking system, vendor-neutral.

Users, departments, offices, jobs with ordered stages and a hiring team,
candidates, their applications with a stage machine, offers with versions,
scorecards and the activity feed. Nothing here knows HTTP or any vendor's
wire format: the Greenhouse dialect renders these records as Harvest JSON and
turns the events emitted here into signed webhooks.

Every state change a vendor would announce emits one domain event:
``application.created|stage_changed|updated|rejected|unrejected|hired|deleted``,
``offer.created|updated|approved|deleted`` and ``candidate.updated``.

The rules live by role: ``org.py`` (users, jobs, stages, custom fields),
``pipeline.py`` (candidates, applications, the stage machine), ``offers.py``
(versions and the offer lifecycle); this class joins them and adds what spans
them (hiring), scorecards, notes and the harness's queries.
"""

from __future__ import annotations

import copy
from typing import Any

from ..kit.model import ModelError, action
from . import fields as cf
from .offers import OffersMixin
from .org import Record, name_of
from .pipeline import PipelineMixin

RECOMMENDATIONS = ("definitely_not", "no", "yes", "strong_yes", "no_decision")


class AtsModel(PipelineMixin, OffersMixin):
    system = "ats"

    @action
    def hire(self, application_id: Any, start_date: Any = None, by_user_id: Any = None) -> Record:
        """Hire: the current offer is accepted, the application leaves its stages (current stage None)."""
        app = self._application(application_id)
        start = cf.to_date(start_date, "start_date")
        self._allowed(app, "hire")
        actor = self._actor(by_user_id)
        offer = self.current_offer_record(app["id"])
        if offer is None:
            raise ModelError(f"application {app['id']} has no offer to accept; create one first", field="offer")
        self._offer_transition(offer, "accept")
        self._transition(app, "hire")
        now = self.now()
        offer.update(resolved_at=now, updated_at=now)
        if start is not None:
            offer["starts_at"] = start
        app.update(stage_id=None, hired_at=now)
        job = self.store.table("jobs")[app["job_id"]]
        opening = next((o for o in job["openings"] if o["status"] == "open"), None)
        if opening is not None:
            opening.update(status="closed", closed_at=now, application_id=app["id"])
            app["opening_id"] = opening["id"]
        candidate = self.store.table("candidates")[app["candidate_id"]]
        self._touch(candidate, app)
        self._activity(candidate, "Candidate Hired", f"{name_of(candidate)} was hired for {job['name']}", actor)
        self.emit("offer.updated", offer_id=offer["id"], application_id=app["id"])
        self.emit("application.hired", application_id=app["id"], candidate_id=app["candidate_id"], offer_id=offer["id"])
        return copy.deepcopy(app)

    @action
    def submit_scorecard(self, application_id: Any, interviewer_user_id: Any, overall_recommendation: str,
                         by_user_id: Any = None) -> Record:
        """An interviewer submits a scorecard for the application's current stage."""
        app = self._application(application_id)
        if overall_recommendation not in RECOMMENDATIONS:
            raise ModelError(f"overall_recommendation={overall_recommendation!r} must be one of "
                             f"{', '.join(RECOMMENDATIONS)}", field="overall_recommendation")
        interviewer = self._actor(interviewer_user_id)
        if app["stage_id"] is None:
            raise ModelError(f"application {app['id']} has no current stage to score", field="application_id")
        stage, now = self.store.table("stages")[app["stage_id"]], self.now()
        ident = self.new_id("scorecard")
        self.store.table("scorecards")[ident] = {
            "id": ident, "application_id": app["id"], "candidate_id": app["candidate_id"],
            "stage_id": stage["id"], "interview": stage["interviews"][0]["name"],
            "interview_step_id": stage["interviews"][0]["id"], "interviewer_id": interviewer["id"],
            "submitted_by_id": self._actor(by_user_id or interviewer["id"])["id"],
            "overall_recommendation": overall_recommendation, "interviewed_at": now, "submitted_at": now,
            "created_at": now, "updated_at": now,
        }
        self._touch(self.store.table("candidates")[app["candidate_id"]], app)
        return copy.deepcopy(self.store.table("scorecards")[ident])

    # -- queries for the harness (also actions, so the control plane can ask) ---
    @action
    def application(self, id: Any) -> Record:
        """An application record (status, stage_id, stage_history, source_id, ...)."""
        return copy.deepcopy(self._application(id))

    @action
    def candidate(self, id: Any) -> Record:
        """A candidate record."""
        return copy.deepcopy(self._candidate(id))

    @action
    def notes_for(self, candidate_id: Any) -> list[Record]:
        """Activity-feed notes on a candidate, oldest first."""
        candidate = self._candidate(candidate_id)
        return [copy.deepcopy(n) for n in self.store.table("notes").where(candidate_id=candidate["id"])]

    @action
    def stage_history(self, application_id: Any) -> list[Record]:
        """Each stage the application entered, with when and from where."""
        return copy.deepcopy(self._application(application_id)["stage_history"])
