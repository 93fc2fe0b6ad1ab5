"""Candidates and their applications: the stage machine.

An application is ``active`` (in one stage of its job), ``rejected`` or
``hired`` (no current stage). Which operation may start from which status is
the table below; every stage an application enters is kept in its
``stage_history`` with the instant and where it came from.
"""

from __future__ import annotations

import copy
from typing import Any

from ..kit.model import ModelError, action
from .org import OrgMixin, Record, name_of

# The application stage machine as data: operation -> (statuses it may start from, status it leaves).
# Backward moves are allowed, as in Greenhouse: "move" takes any stage of the same job.
APPLICATION_MOVES: dict[str, tuple[frozenset[str], str]] = {
    "move": (frozenset({"active"}), "active"),
    "advance": (frozenset({"active"}), "active"),
    "reject": (frozenset({"active"}), "rejected"),
    "unreject": (frozenset({"rejected"}), "active"),
    "hire": (frozenset({"active"}), "hired"),
}
DEFAULT_REJECTION = "Lacking skill(s)/qualification(s)"
NOTE_VISIBILITIES = ("admin_only", "private", "public")


class PipelineMixin(OrgMixin):
    # -- world actions: candidates and applications -----------------------------
    @action
    def apply(
        self,
        job_id: Any,
        first_name: str | None = None,
        last_name: str | None = None,
        email: str | None = None,
        phone: str | None = None,
        source: str = "LinkedIn",
        custom_fields: dict[str, Any] | None = None,
        candidate_id: Any = None,
    ) -> dict[str, int]:
        """A candidate applies to a job (candidate_id: an existing candidate re-applies)."""
        job = self._job(job_id)
        self._check_job_open(job)
        if candidate_id is None:
            candidate = self._new_candidate(
                {
                    "first_name": first_name, "last_name": last_name,
                    "email_addresses": [{"value": email, "type": "personal"}] if email else [],
                    "phone_numbers": [{"value": phone, "type": "mobile"}] if phone else [],
                    "custom_fields": custom_fields,
                }
            )
        else:
            candidate = self._candidate(candidate_id)
            self._check_no_open_application(candidate, job)
            staged = dict(candidate["custom_fields"])
            self._set_fields("candidate", staged, custom_fields)
            candidate["custom_fields"] = staged
        app = self._new_application(candidate, job, self._source(source))
        return {"candidate_id": candidate["id"], "application_id": app["id"]}

    def create_candidate(
        self, fields: dict[str, Any], applications: list[dict[str, Any]], by_user_id: Any = None
    ) -> Record:
        """A candidate with at least one application (Harvest's POST /candidates)."""
        if not isinstance(applications, list) or not applications:
            raise ModelError("applications must hold at least one application", field="applications")
        jobs = [self._job(a.get("job_id")) for a in applications]
        if len({j["id"] for j in jobs}) != len(jobs):
            raise ModelError("applications must not name the same job twice", field="applications")
        for job in jobs:
            self._check_job_open(job)
        options = [self._application_options(job, spec) for job, spec in zip(jobs, applications, strict=True)]
        self._actor(by_user_id)
        candidate = self._new_candidate(fields)
        for job, option in zip(jobs, options, strict=True):
            self._new_application(candidate, job, **option, by_user_id=by_user_id)
        return candidate

    def add_application(self, candidate_id: Any, spec: dict[str, Any], by_user_id: Any = None) -> Record:
        candidate, job = self._candidate(candidate_id), self._job(spec.get("job_id"))
        return self._new_application(candidate, job, **self._application_options(job, spec), by_user_id=by_user_id)

    def _application_options(self, job: Record, spec: dict[str, Any]) -> dict[str, Any]:
        source_id, stage = spec.get("source_id"), spec.get("initial_stage_id")
        options: dict[str, Any] = {
            "source": self._source("Other") if source_id is None else self.fetch("sources", source_id, "source"),
            "stage": None if stage is None else self._stage_of(job, stage),
        }
        for role in ("recruiter_id", "coordinator_id"):
            options[role] = None if spec.get(role) is None else self._user_ref(spec[role], role)
        return options

    def _new_candidate(self, fields: dict[str, Any]) -> Record:
        for name in ("first_name", "last_name"):
            if not isinstance(fields.get(name), str) or not fields[name].strip():
                raise ModelError(f"{name}={fields.get(name)!r} must be a non-empty string", field=name)
        ident, now = self.new_id("candidate"), self.now()
        candidate = {
            "id": ident, "first_name": fields["first_name"], "last_name": fields["last_name"],
            "company": fields.get("company"), "title": fields.get("title"), "created_at": now, "updated_at": now,
            "last_activity": now, "is_private": bool(fields.get("is_private", False)), "can_email": True,
            "external_id": None, "application_ids": [], "recruiter_id": None, "coordinator_id": None,
            "custom_fields": {}, "linked_user_ids": [],
            "educations": [], "employments": [],
        }
        for key in ("phone_numbers", "email_addresses", "addresses", "website_addresses", "social_media_addresses"):
            candidate[key] = copy.deepcopy(fields.get(key) or [])
        candidate["tags"] = list(fields.get("tags") or [])
        for role in ("recruiter_id", "coordinator_id"):
            if fields.get(role) is not None:
                candidate[role] = self._user_ref(fields[role], role)
        for definition in self.fields_of("candidate"):
            candidate["custom_fields"][definition["key"]] = None
        self._set_fields("candidate", candidate["custom_fields"], fields.get("custom_fields"))
        notes = [self._check_note(n.get("user_id"), n.get("body"), n.get("visibility", "admin_only"))
                 for n in fields.get("activity_feed_notes") or []]
        self.store.table("candidates")[ident] = candidate
        for user, body, visibility in notes:
            self.add_note(ident, user["id"], body, visibility)
        return candidate

    def _new_application(
        self,
        candidate: Record,
        job: Record,
        source: Record,
        stage: Record | None = None,
        recruiter_id: int | None = None,
        coordinator_id: int | None = None,
        by_user_id: Any = None,
    ) -> Record:
        self._check_job_open(job)
        self._check_no_open_application(candidate, job)
        self._actor(by_user_id)
        stage = stage or self.store.table("stages")[job["stage_ids"][0]]
        ident, now = self.new_id("application"), self.now()
        app = {
            "id": ident, "candidate_id": candidate["id"], "job_id": job["id"], "prospect": False,
            "status": "active", "stage_id": stage["id"], "applied_at": now, "created_at": now,
            "last_activity_at": now, "rejected_at": None, "rejection_reason_id": None, "rejection_note": None,
            "rejected_by_user_id": None, "source_id": source["id"],
            "credited_to_id": job["recruiters"][0] if job["recruiters"] else None,
            "recruiter_id": recruiter_id if recruiter_id is not None else (job["recruiters"] or [None])[0],
            "coordinator_id": coordinator_id, "referrer_id": None, "custom_fields": {},
            "stage_history": [
                {"stage_id": stage["id"], "stage_name": stage["name"], "entered_at": now, "from_stage_id": None,
                 "how": "applied"}
            ],
            "hired_at": None, "opening_id": None, "location": None, "answers": [],
        }
        for definition in self.fields_of("application"):
            app["custom_fields"][definition["key"]] = None
        self.store.table("applications")[ident] = app
        candidate["application_ids"].append(ident)
        self._touch(candidate, app)
        self.emit("application.created", application_id=ident, candidate_id=candidate["id"])
        return app

    def _check_job_open(self, job: Record) -> None:
        if job["status"] != "open":
            raise ModelError(f"job {job['id']} is {job['status']}: applications need an open job", field="job_id")

    def _check_no_open_application(self, candidate: Record, job: Record) -> None:
        """A re-application is allowed once every earlier application to the job was rejected."""
        for other in candidate["application_ids"]:
            previous = self.store.table("applications")[other]
            if previous["job_id"] == job["id"] and previous["status"] != "rejected":
                raise ModelError(
                    f"candidate {candidate['id']} already applied to job {job['id']} "
                    f"(application {previous['id']} is {previous['status']})",
                    kind="conflict",
                    field="job_id",
                )

    def _allowed(self, app: Record, operation: str) -> str:
        """The status ``operation`` leaves the application in, or the refusal Greenhouse words this way."""
        allowed, after = APPLICATION_MOVES[operation]
        if app["status"] not in allowed:
            must = "' or '".join(sorted(allowed))
            raise ModelError(
                f"Application must be '{must}', is currently '{app['status']}'", kind="conflict", field="status"
            )
        return after

    def _transition(self, app: Record, operation: str) -> None:
        app["status"] = self._allowed(app, operation)

    def _enter(self, app: Record, stage: Record, how: str, by_user_id: Any) -> None:
        actor = self._actor(by_user_id)
        history = {"stage_id": stage["id"], "stage_name": stage["name"], "entered_at": self.now(),
                   "from_stage_id": app["stage_id"], "how": how}
        app["stage_id"] = stage["id"]
        app["stage_history"].append(history)
        candidate = self.store.table("candidates")[app["candidate_id"]]
        self._touch(candidate, app)
        job = self.store.table("jobs")[app["job_id"]]
        self._activity(candidate, "Candidate Stage Change",
                       f"{name_of(candidate)} was moved into {stage['name']} for {job['name']} on "
                       f"{self.now():%m/%d/%Y} by {name_of(actor)}", actor)
        self.emit("application.stage_changed", application_id=app["id"], candidate_id=app["candidate_id"],
                  from_stage_id=history["from_stage_id"], to_stage_id=stage["id"])

    @action
    def move_stage(
        self, application_id: Any, to_stage: Any, from_stage_id: Any = None, by_user_id: Any = None
    ) -> Record:
        """Move an active application to any stage of its job (name or id; backward moves allowed)."""
        app = self._application(application_id)
        self._check_from(app, from_stage_id)
        self._allowed(app, "move")
        stage = self._stage_of(self.store.table("jobs")[app["job_id"]], to_stage)
        if stage["id"] == app["stage_id"]:
            raise ModelError(f"application {app['id']} is already in stage {stage['name']!r}", field="to_stage_id")
        self._transition(app, "move")
        self._enter(app, stage, "move", by_user_id)
        return copy.deepcopy(app)

    @action
    def advance(self, application_id: Any, from_stage_id: Any = None, by_user_id: Any = None) -> Record:
        """Move an active application to the next stage of its job."""
        app = self._application(application_id)
        self._check_from(app, from_stage_id)
        self._transition(app, "advance")
        order = self.store.table("jobs")[app["job_id"]]["stage_ids"]
        position = order.index(app["stage_id"])
        if position + 1 >= len(order):
            raise ModelError(f"application {app['id']} is in the last stage; hire it instead", field="from_stage_id")
        self._enter(app, self.store.table("stages")[order[position + 1]], "advance", by_user_id)
        return copy.deepcopy(app)

    def _check_from(self, app: Record, from_stage_id: Any) -> None:
        if from_stage_id is not None and str(from_stage_id) != str(app["stage_id"]):
            raise ModelError(
                f"from_stage_id {from_stage_id} is not the current stage of application {app['id']} "
                f"(it is in stage {app['stage_id']})",
                field="from_stage_id",
            )

    @action
    def reject(self, application_id: Any, reason: Any = DEFAULT_REJECTION, notes: str | None = None,
               by_user_id: Any = None) -> Record:
        """Reject an active application with a reason (name or id; unknown names become custom reasons)."""
        app = self._application(application_id)
        self._allowed(app, "reject")
        actor = self._actor(by_user_id)
        found = self._rejection_reason(DEFAULT_REJECTION if reason is None else reason)
        self._transition(app, "reject")
        app.update(rejected_at=self.now(), rejection_reason_id=found["id"], rejection_note=notes,
                   rejected_by_user_id=actor["id"])
        candidate = self.store.table("candidates")[app["candidate_id"]]
        self._touch(candidate, app)
        self._activity(candidate, "Candidate Rejected", f"Reason: {found['name']}" + (f"\n\n{notes}" if notes else ""),
                       actor)
        self.emit("application.rejected", application_id=app["id"], candidate_id=app["candidate_id"])
        return copy.deepcopy(app)

    @action
    def unreject(self, application_id: Any, by_user_id: Any = None) -> Record:
        """Put a rejected application back to active, in the stage it was rejected from."""
        app = self._application(application_id)
        actor = self._actor(by_user_id)
        self._transition(app, "unreject")
        app.update(rejected_at=None, rejection_reason_id=None, rejection_note=None, rejected_by_user_id=None)
        candidate = self.store.table("candidates")[app["candidate_id"]]
        self._touch(candidate, app)
        self._activity(candidate, "Candidate Unrejected", f"{name_of(candidate)} was unrejected", actor)
        self.emit("application.unrejected", application_id=app["id"], candidate_id=app["candidate_id"])
        return copy.deepcopy(app)

    @action
    def update_rejection(self, application_id: Any, reason: Any = None, notes: str | None = None) -> Record:
        """Correct a rejected application's reason or notes without rejecting it again (no web hook)."""
        app = self._application(application_id)
        if app["status"] != "rejected":
            raise ModelError(f"Application must be 'rejected', is currently '{app['status']}'", field="status")
        if reason is not None:
            app["rejection_reason_id"] = self._rejection_reason(reason)["id"]
        if notes is not None:
            app["rejection_note"] = notes
        self._touch(self.store.table("candidates")[app["candidate_id"]], app)
        return copy.deepcopy(app)

    @action
    def add_application_note(self, application_id: Any, user_id: Any, body: Any,
                             visibility: Any = "admin_only") -> Record:
        """A note on the application's candidate that also names the application (Harvest v3 notes)."""
        app = self._application(application_id)
        note = self.add_note(app["candidate_id"], user_id, body, visibility)
        self.store.table("notes")[note["id"]]["application_id"] = app["id"]
        return {**note, "application_id": app["id"]}

    @action
    def update_candidate(self, candidate_id: Any, **fields: Any) -> Record:
        """Edit a candidate: names, company, title, email/phone lists, tags, custom_fields (merged)."""
        candidate = self._candidate(candidate_id)
        editable = {"first_name", "last_name", "company", "title", "is_private", "phone_numbers", "addresses",
                    "email_addresses", "website_addresses", "social_media_addresses", "tags", "custom_fields",
                    "recruiter_id", "coordinator_id", "email", "phone"}
        unknown = sorted(set(fields) - editable)
        if unknown:
            raise ModelError(f"cannot edit {', '.join(unknown)}; editable: {', '.join(sorted(editable))}",
                             field=unknown[0])
        for name in ("first_name", "last_name"):
            if name in fields and (not isinstance(fields[name], str) or not fields[name].strip()):
                raise ModelError(f"{name}={fields[name]!r} must be a non-empty string", field=name)
        staged = copy.deepcopy(candidate)
        self._set_fields("candidate", staged["custom_fields"], fields.pop("custom_fields", None))
        if "email" in fields:
            fields["email_addresses"] = [{"value": fields.pop("email"), "type": "personal"}]
        if "phone" in fields:
            fields["phone_numbers"] = [{"value": fields.pop("phone"), "type": "mobile"}]
        for role in ("recruiter_id", "coordinator_id"):
            if fields.get(role) is not None:
                fields[role] = self._user_ref(fields[role], role)
        staged.update(copy.deepcopy(fields))
        candidate.update(staged)
        self._touch(candidate)
        self.emit("candidate.updated", candidate_id=candidate["id"])
        return copy.deepcopy(candidate)

    @action
    def update_application(self, application_id: Any, source: Any = None, source_id: Any = None,
                           recruiter_id: Any = None, coordinator_id: Any = None,
                           custom_fields: dict[str, Any] | None = None) -> Record:
        """Edit an application: its source, recruiter, coordinator or custom fields."""
        app = self._application(application_id)
        staged: dict[str, Any] = {"custom_fields": dict(app["custom_fields"])}
        self._set_fields("application", staged["custom_fields"], custom_fields)
        if source is not None:
            staged["source_id"] = self._source(source)["id"]
        if source_id is not None:
            staged["source_id"] = self.fetch("sources", source_id, "source")["id"]
        for role, value in (("recruiter_id", recruiter_id), ("coordinator_id", coordinator_id)):
            if value is not None:
                staged[role] = self._user_ref(value, role)
        app.update(staged)
        self._touch(self.store.table("candidates")[app["candidate_id"]], app)
        self.emit("application.updated", application_id=app["id"], candidate_id=app["candidate_id"])
        return copy.deepcopy(app)

    @action
    def delete_application(self, application_id: Any) -> dict[str, Any]:
        """Delete an application (its offers and scorecards go with it, without their own webhooks)."""
        app = self._application(application_id)
        for table in ("offers", "scorecards"):
            rows = self.store.table(table)
            for ident in [k for k, v in rows.items() if v["application_id"] == app["id"]]:
                del rows[ident]
        del self.store.table("applications")[app["id"]]
        candidate = self.store.table("candidates")[app["candidate_id"]]
        candidate["application_ids"].remove(app["id"])
        self._touch(candidate)
        self.emit("application.deleted", application_id=app["id"], candidate_id=app["candidate_id"],
                  application=copy.deepcopy(app))
        return {"deleted": app["id"]}

    # -- activity feed ---------------------------------------------------------
    def _check_note(self, user_id: Any, body: Any, visibility: Any) -> tuple[Record, str, str]:
        user = self._actor(user_id)
        if not isinstance(body, str) or not body.strip():
            raise ModelError(f"body={body!r} must be non-empty text", field="body")
        if visibility not in NOTE_VISIBILITIES:
            raise ModelError(f"visibility={visibility!r} must be one of {', '.join(NOTE_VISIBILITIES)}",
                             field="visibility")
        return user, body, visibility

    @action
    def add_note(self, candidate_id: Any, user_id: Any, body: Any, visibility: Any = "admin_only") -> Record:
        """Add a note to a candidate's activity feed."""
        candidate = self._candidate(candidate_id)
        user, body, visibility = self._check_note(user_id, body, visibility)
        ident = self.new_id("note")
        note = {"id": ident, "candidate_id": candidate["id"], "user_id": user["id"], "body": body,
                "visibility": visibility, "created_at": self.now()}
        self.store.table("notes")[ident] = note
        self._touch(candidate)
        return copy.deepcopy(note)
