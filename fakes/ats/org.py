"""The organisation side of the ATS: users, departments, offices, jobs and
their stages, sources, rejection reasons and custom field definitions.

This is the furniture a journey runs through, plus the lookups and small
helpers the pipeline and offer rules share.
"""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from typing import Any

from ..kit.model import Model, ModelError, NotFound, action
from . import fields as cf

Record = dict[str, Any]

JOB_STATUSES = ("open", "closed", "draft")
ADMIN = {"first_name": "Harness", "last_name": "Admin", "email": "admin@harness.example"}
# (name, strategy) as Greenhouse's default sources group them.
SOURCES = (
    ("LinkedIn", "social_media"),
    ("Jobs page on your website", "company_marketing"),
    ("Indeed", "third_party_boards"),
    ("Referral", "referrals"),
    ("Agency", "agencies"),
    ("Other", "other"),
)
REJECTION_REASONS = (
    ("Lacking skill(s)/qualification(s)", "We rejected them"),
    ("Hired another candidate", "We rejected them"),
    ("Not a culture fit", "We rejected them"),
    ("Took another offer", "They rejected us"),
    ("Candidate withdrew", "They rejected us"),
    ("Hiring freeze", "None specified"),
)
REJECTION_TYPES = {"We rejected them": 1, "They rejected us": 2, "None specified": 3}


def int_id(value: Any, what: str) -> int:
    """An integer id from an int or a digit string; anything else names a record that does not exist."""
    if isinstance(value, bool):
        raise NotFound(what, value)
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise NotFound(what, value) from None


class OrgMixin(Model):
    admin_id: int

    def seed(self) -> None:
        self.admin_id = self._new_user(ADMIN["first_name"], ADMIN["last_name"], ADMIN["email"], site_admin=True)["id"]
        for name, kind in SOURCES:
            self._source(name, kind)
        for name, kind in REJECTION_REASONS:
            ident = self.new_id("rejection_reason")
            self.store.table("rejection_reasons")[ident] = {
                "id": ident, "name": name, "type_id": REJECTION_TYPES[kind], "type_name": kind,
            }
        keys = self.offer_field_keys()
        for concept, name, kind, options in cf.OFFER_FIELDS:
            self._define_field("offer", keys[concept], name, kind, options)
        for key, name, kind, options in cf.CANDIDATE_FIELDS:
            self._define_field("candidate", key, name, kind, options)

    def offer_field_keys(self) -> dict[str, str]:
        """Offer concept -> the custom-field key this tenant's admin gave it (setting ``ats.offer_fields``)."""
        chosen = self.hub.settings.get("ats.offer_fields") or {}
        return {concept: str(chosen.get(concept, concept)) for concept, *_ in cf.OFFER_FIELDS}

    def use_offer_field_keys(self) -> None:
        """The admin renames the seeded offer fields' keys to the ``ats.offer_fields`` setting (before any offer)."""
        keys = self.offer_field_keys()
        seeded = {name: concept for concept, name, *_ in cf.OFFER_FIELDS}
        for definition in self.fields_of("offer"):
            concept = seeded.get(definition["name"])
            if concept is not None:
                definition["key"] = keys[concept]

    def _new_user(self, first_name: Any, last_name: Any, email: Any, site_admin: bool = False) -> Record:
        for name, value in (("first_name", first_name), ("last_name", last_name), ("email", email)):
            if not isinstance(value, str) or not value.strip():
                raise ModelError(f"{name}={value!r} must be a non-empty string", field=name)
        if self.user_by_email(email) is not None:
            raise ModelError(f"a user with email {email!r} already exists", kind="conflict", field="email")
        ident, now = self.new_id("user"), self.now()
        user = {
            "id": ident, "first_name": first_name, "last_name": last_name, "email": email, "emails": [email],
            "employee_id": None, "created_at": now, "updated_at": now, "disabled": False, "site_admin": site_admin,
        }
        self.store.table("users")[ident] = user
        return user

    @action
    def define_field(
        self, obj: str, key: str, name: str | None = None, type: str = "short_text", options: Any = ()
    ) -> Record:
        """The admin defines a custom field on candidates, applications, jobs or offers."""
        if obj not in ("candidate", "application", "job", "offer"):
            raise ModelError(f"object={obj!r} must be candidate, application, job or offer", field="object")
        if type not in cf.TYPES:
            raise ModelError(f"type={type!r} must be one of {', '.join(cf.TYPES)}", field="type")
        if self.field(obj, key) is not None:
            raise ModelError(f"{obj} custom field {key!r} already exists", kind="conflict", field="key")
        name = name or str(key).replace("_", " ").title()
        return copy.deepcopy(self._define_field(obj, str(key), name, type, tuple(options or ())))

    def _define_field(self, obj: str, key: str, name: str, kind: str, options: tuple[str, ...] = ()) -> Record:
        ident = self.new_id("custom_field")
        definition = {
            "id": ident, "object": obj, "key": key, "name": name, "type": kind,
            "options": {self.new_id("custom_field_option"): o for o in options},
        }
        self.store.table("custom_fields")[ident] = definition
        return definition

    def field(self, obj: str, key: str | None = None, ident: Any = None) -> Record | None:
        for definition in self.store.table("custom_fields").values():
            if definition["object"] == obj and (definition["key"] == key or definition["id"] == ident):
                return definition
        return None

    def fields_of(self, obj: str) -> list[Record]:
        return [d for d in self.store.table("custom_fields").values() if d["object"] == obj]

    def _set_fields(self, obj: str, target: dict[str, Any], values: dict[str, Any] | None) -> None:
        """Write custom field values by key, defining unknown keys from their value's type."""
        for key, value in (values or {}).items():
            definition = self.field(obj, key) or self._define_field(
                obj, str(key), str(key).replace("_", " ").title(), cf.infer_type(value)
            )
            target[definition["key"]] = cf.coerce(definition, value)

    def _source(self, name: str, kind: str = "other") -> Record:
        found = self.store.table("sources").first(name=name)
        if found is None:
            ident = self.new_id("source")
            found = self.store.table("sources")[ident] = {"id": ident, "name": name, "type_name": kind}
        return found

    def _named(self, table: str, name: Any) -> Record:
        """A department or office by name, created on first use."""
        if not isinstance(name, str) or not name.strip():
            raise ModelError(f"{table.rstrip('s')}={name!r} must be a non-empty name", field=table.rstrip("s"))
        found = self.store.table(table).first(name=name)
        if found is None:
            ident = self.new_id(table.rstrip("s"))
            found = {"id": ident, "name": name, "parent_id": None, "child_ids": [], "external_id": None}
            if table == "offices":
                found.update(location=None, primary_contact_user_id=None)
            self.store.table(table)[ident] = found
        return found

    def _user_ref(self, spec: Any, role: str) -> int:
        """A user id from an id or a {first_name, last_name, email} dict (created when new)."""
        if isinstance(spec, dict):
            existing = self.user_by_email(spec.get("email"))
            if existing is not None:
                return int(existing["id"])
            return int(self._new_user(spec.get("first_name"), spec.get("last_name"), spec.get("email"))["id"])
        try:
            return int(self.get("users", int_id(spec, "user"), "user")["id"])
        except NotFound:
            raise ModelError(f"{role}={spec!r} is not a user id or a user dict", kind="not_found", field=role) from None

    def fetch(self, table: str, raw: Any, what: str) -> Record:
        """A record by id; its NotFound names the field that held the id (``job_id``, ``user_id``...)."""
        try:
            return self.get(table, int_id(raw, what), what)
        except NotFound as exc:
            exc.field = what.replace(" ", "_") + "_id"
            raise

    def _actor(self, user_id: Any = None) -> Record:
        return self.fetch("users", self.admin_id if user_id is None else user_id, "user")

    # -- lookups -------------------------------------------------------------
    def user_by_email(self, email: Any) -> Record | None:
        if not isinstance(email, str):
            return None
        wanted = email.strip().lower()
        return next((u for u in self.store.table("users").values() if wanted in (e.lower() for e in u["emails"])), None)

    def job_stages(self, job_id: Any) -> list[Record]:
        job = self.fetch("jobs", job_id, "job")
        return [self.store.table("stages")[s] for s in job["stage_ids"]]

    def _stage_of(self, job: Record, stage: Any) -> Record:
        stages = [self.store.table("stages")[s] for s in job["stage_ids"]]
        for found in stages:
            if found["id"] == stage or str(found["id"]) == str(stage) or found["name"] == stage:
                return found
        folded = str(stage).casefold()
        for found in stages:
            if found["name"].casefold() == folded:
                return found
        names = ", ".join(repr(s["name"]) for s in stages)
        raise ModelError(f"stage {stage!r} is not a stage of job {job['id']}; its stages are {names}", field="stage")

    def _application(self, application_id: Any) -> Record:
        return self.fetch("applications", application_id, "application")

    def _candidate(self, candidate_id: Any) -> Record:
        return self.fetch("candidates", candidate_id, "candidate")

    def _job(self, job_id: Any) -> Record:
        return self.fetch("jobs", job_id, "job")

    # -- world actions: people and jobs ---------------------------------------
    @action
    def create_user(self, first_name: str, last_name: str, email: str) -> Record:
        """Add a Greenhouse user (a recruiter, hiring manager, interviewer)."""
        return copy.deepcopy(self._new_user(first_name, last_name, email))

    @action
    def create_job(
        self,
        name: str | None = None,
        department: str | None = None,
        office: str | None = None,
        stages: list[str] | None = None,
        hiring_manager: Any = None,
        recruiter: Any = None,
        opened_at: Any = None,
        status: str = "open",
        openings: int = 1,
        title: str | None = None,
    ) -> Record:
        """Open a job with ordered stages and a hiring team; returns the job with its stage ids.

        ``title`` is an alias of ``name``: ``world.act(action_name, **kwargs)`` takes its first
        parameter as ``name``, so through ``world.act`` a job's name has to be passed as ``title``.
        """
        name = title if name is None else name
        if not isinstance(name, str) or not name.strip():
            raise ModelError(f"name={name!r} must be a non-empty job title", field="name")
        if status not in JOB_STATUSES:
            raise ModelError(f"status={status!r} must be one of {', '.join(JOB_STATUSES)}", field="status")
        if not isinstance(stages, list) or not stages or not all(isinstance(s, str) and s.strip() for s in stages):
            raise ModelError(f"stages={stages!r} must be a non-empty list of stage names", field="stages")
        if len(set(stages)) != len(stages):
            raise ModelError(f"stages={stages!r} must not repeat a name", field="stages")
        if not isinstance(openings, int) or isinstance(openings, bool) or not 1 <= openings <= 1000:
            raise ModelError(f"openings={openings!r} must be an integer from 1 to 1000", field="openings")
        now = self.now()
        opened = instant(opened_at, "opened_at") or now
        managers = [self._user_ref(hiring_manager, "hiring_manager")]
        recruiters = [] if recruiter is None else [self._user_ref(recruiter, "recruiter")]
        ident = self.new_id("job")
        job: Record = {
            "id": ident, "name": name, "requisition_id": None, "notes": None, "confidential": False,
            "status": status, "created_at": now, "opened_at": opened if status != "draft" else None,
            "closed_at": now if status == "closed" else None, "updated_at": now,
            "department_ids": [self._named("departments", department)["id"]],
            "office_ids": [self._named("offices", office)["id"]],
            "hiring_managers": managers, "recruiters": recruiters,
            "coordinators": [], "sourcers": [], "stage_ids": [], "openings": [], "custom_fields": {},
            "created_by_id": self.admin_id,
        }
        for _ in range(openings):
            job["openings"].append({
                "id": self.new_id("opening"), "opening_id": None, "status": "open", "opened_at": opened,
                "closed_at": None, "application_id": None, "close_reason": None,
            })
        for priority, stage_name in enumerate(stages):
            stage_id = self.new_id("stage")
            self.store.table("stages")[stage_id] = {
                "id": stage_id, "job_id": ident, "name": stage_name, "priority": priority, "active": True,
                "created_at": now, "updated_at": now,
                "interviews": [{"id": self.new_id("interview"), "name": stage_name, "kit_id": self.new_id("kit")}],
            }
            job["stage_ids"].append(stage_id)
        self.store.table("jobs")[ident] = job
        out = copy.deepcopy(job)
        out["stages"] = [{"id": s, "name": self.store.table("stages")[s]["name"]} for s in job["stage_ids"]]
        return out

    def _rejection_reason(self, reason: Any) -> Record:
        reasons = self.store.table("rejection_reasons")
        if isinstance(reason, int) and not isinstance(reason, bool):
            return self.fetch("rejection_reasons", reason, "rejection reason")
        found = reasons.first(name=reason)
        if found is None:
            if not isinstance(reason, str) or not reason.strip():
                raise ModelError(f"reason={reason!r} must be a rejection reason name or id", field="reason")
            ident = self.new_id("rejection_reason")
            found = reasons[ident] = {"id": ident, "name": reason, "type_id": 1, "type_name": "We rejected them"}
        return found

    def _touch(self, candidate: Record, app: Record | None = None) -> None:
        now = self.now()
        candidate["updated_at"] = candidate["last_activity"] = now
        if app is not None:
            app["last_activity_at"] = now

    def _activity(self, candidate: Record, subject: str, body: str, actor: Record) -> None:
        ident = self.new_id("activity")
        self.store.table("activities")[ident] = {"id": ident, "candidate_id": candidate["id"], "subject": subject,
                                                 "body": body, "user_id": actor["id"], "created_at": self.now()}


def name_of(record: Record) -> str:
    return f"{record['first_name']} {record['last_name']}"


def instant(value: Any, field: str) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise ModelError(f"{field}={value!r} must be an ISO-8601 timestamp", field=field) from None
    if parsed.tzinfo is None:
        raise ModelError(f"{field}={value!r} must carry a time zone (e.g. a trailing Z)", field=field)
    return parsed

