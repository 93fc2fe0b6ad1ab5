"""Model records as Harvest JSON (harvest/_*.md, "The ... object").

Harvest's conventions: snake_case, integer ids, ``null`` for every empty
value (never an absent key), timestamps as ISO-8601 with milliseconds and a
``Z`` (``2016-02-03T16:38:46.985Z``), dates as ``YYYY-MM-DD``. Custom fields
come twice: ``custom_fields`` ``{key: value}`` and ``keyed_custom_fields``
``{key: {name, type, value}}``. A currency value is ``{"value": 42000,
"currency": "EUR"}`` in both (harvest/_offers.md, the List Offers examples),
with the amount an exact JSON number; web hooks write the same field as
``{"amount": 80000, "unit": "USD"}`` (webhooks/_introduction.md), which
webhooks.py serves. One Harvest example (Retrieve Current Offer) shows a
currency value as the string "$123,000"; the two structured examples are
taken as the shape, the string as an older rendering.

Harvest v3 objects are the v1 objects here except where the migration guides
say otherwise: a v3 candidate carries ``application_ids`` but no embedded
``applications`` (harvestdocs.greenhouse.io/docs/step-by-step-migration-
instructions; the applications are read from /v3/applications).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ...kit.clock import iso_z

Record = dict[str, Any]


def ts(value: datetime | None) -> str | None:
    return iso_z(value) if value is not None else None


def day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def field_value(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"amount", "unit"}:
        # Harvest's currency shape (harvest/_offers.md, "GET: List Offers" example): {value, currency}.
        return {"value": value["amount"], "currency": value["unit"]}
    return day(value) if isinstance(value, date) and not isinstance(value, datetime) else value


def custom_fields(model: Any, obj: str, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(custom_fields, keyed_custom_fields) over every field defined for ``obj``."""
    flat: dict[str, Any] = {}
    keyed: dict[str, Any] = {}
    for definition in model.fields_of(obj):
        value = field_value(values.get(definition["key"]))
        flat[definition["key"]] = value
        keyed[definition["key"]] = {"name": definition["name"], "type": definition["type"], "value": value}
    return flat, keyed


def user_ref(model: Any, user_id: int | None) -> Record | None:
    user = model.store.table("users").get(user_id) if user_id is not None else None
    if user is None:
        return None
    return {
        "id": user["id"], "first_name": user["first_name"], "last_name": user["last_name"],
        "name": f"{user['first_name']} {user['last_name']}", "employee_id": user["employee_id"],
    }


def user(model: Any, record: Record) -> Record:
    return {
        "id": record["id"], "name": f"{record['first_name']} {record['last_name']}",
        "first_name": record["first_name"], "last_name": record["last_name"],
        "primary_email_address": record["email"], "updated_at": ts(record["updated_at"]),
        "created_at": ts(record["created_at"]), "disabled": record["disabled"], "site_admin": record["site_admin"],
        "emails": list(record["emails"]), "employee_id": record["employee_id"], "linked_candidate_ids": [],
        "offices": [], "departments": [], "custom_fields": {}, "keyed_custom_fields": {},
    }


def department(record: Record) -> Record:
    return {k: record[k] for k in ("id", "name", "parent_id", "child_ids", "external_id")}


def office(record: Record) -> Record:
    return {
        "id": record["id"], "name": record["name"],
        "location": {"name": record["location"]} if record["location"] else None,
        "primary_contact_user_id": record["primary_contact_user_id"], "parent_id": record["parent_id"],
        "child_ids": record["child_ids"], "external_id": record["external_id"],
    }


def opening(record: Record) -> Record:
    return {
        "id": record["id"], "opening_id": record["opening_id"], "status": record["status"],
        "opened_at": ts(record["opened_at"]), "closed_at": ts(record["closed_at"]),
        "application_id": record["application_id"], "close_reason": record["close_reason"],
    }


def job(model: Any, record: Record) -> Record:
    flat, keyed = custom_fields(model, "job", record["custom_fields"])

    def team(ids: list[int], responsible: bool | None = None) -> list[Record]:
        out = []
        for position, ident in enumerate(ids):
            ref = user_ref(model, ident)
            if ref is not None:
                out.append(ref if responsible is None else {**ref, "responsible": position == 0})
        return out

    return {
        "id": record["id"], "name": record["name"], "requisition_id": record["requisition_id"],
        "notes": record["notes"], "confidential": record["confidential"], "status": record["status"],
        "created_at": ts(record["created_at"]), "opened_at": ts(record["opened_at"]),
        "closed_at": ts(record["closed_at"]), "updated_at": ts(record["updated_at"]), "is_template": False,
        "copied_from_id": None,
        "departments": [department(model.store.table("departments")[d]) for d in record["department_ids"]],
        "offices": [office(model.store.table("offices")[o]) for o in record["office_ids"]],
        "custom_fields": flat, "keyed_custom_fields": keyed,
        "hiring_team": {
            "hiring_managers": team(record["hiring_managers"]), "recruiters": team(record["recruiters"], True),
            "coordinators": team(record["coordinators"], True), "sourcers": team(record["sourcers"]),
        },
        "openings": [opening(o) for o in record["openings"]],
    }


def stage(record: Record) -> Record:
    return {
        "id": record["id"], "name": record["name"], "created_at": ts(record["created_at"]),
        "updated_at": ts(record["updated_at"]), "active": record["active"], "job_id": record["job_id"],
        "priority": record["priority"],
        "interviews": [
            {"id": i["id"], "name": i["name"], "schedulable": True, "estimated_minutes": 30,
             "default_interviewer_users": [], "interview_kit": {"id": i["kit_id"], "content": None, "questions": []}}
            for i in record["interviews"]
        ],
    }


def rejection_reason(model: Any, reason_id: int | None) -> Record | None:
    reason = model.store.table("rejection_reasons").get(reason_id) if reason_id is not None else None
    if reason is None:
        return None
    return {"id": reason["id"], "name": reason["name"], "type": {"id": reason["type_id"], "name": reason["type_name"]}}


def application_v3(model: Any, record: Record) -> Record:
    """A v3 application: the v1 object plus the flat ``job_id`` and ``job_interview_stage_id`` that v3
    clients read (third-party v3 clients; Greenhouse's v3 reference is not public: unverified)."""
    return {**application(model, record), "job_id": record["job_id"], "job_interview_stage_id": record["stage_id"]}


def application(model: Any, record: Record) -> Record:
    flat, keyed = custom_fields(model, "application", record["custom_fields"])
    source = model.store.table("sources").get(record["source_id"])
    current = model.store.table("stages").get(record["stage_id"]) if record["stage_id"] is not None else None
    the_job = model.store.table("jobs")[record["job_id"]]
    return {
        "id": record["id"], "candidate_id": record["candidate_id"], "prospect": record["prospect"],
        "applied_at": ts(record["applied_at"]), "rejected_at": ts(record["rejected_at"]),
        "last_activity_at": ts(record["last_activity_at"]),
        "location": {"address": record["location"]} if record["location"] else None,
        "source": {"id": source["id"], "public_name": source["name"]} if source else None,
        "credited_to": user_ref(model, record["credited_to_id"]),
        "recruiter": user_ref(model, record["recruiter_id"]),
        "coordinator": user_ref(model, record["coordinator_id"]),
        "rejection_reason": rejection_reason(model, record["rejection_reason_id"]),
        "rejection_details": (
            {"custom_fields": {}, "keyed_custom_fields": {}} if record["status"] == "rejected" else None
        ),
        "jobs": [{"id": the_job["id"], "name": the_job["name"]}],
        "job_post_id": None, "status": record["status"],
        "current_stage": {"id": current["id"], "name": current["name"]} if current else None,
        "answers": list(record["answers"]), "prospective_office": None, "prospective_department": None,
        "prospect_detail": {"prospect_pool": None, "prospect_stage": None, "prospect_owner": None},
        "custom_fields": flat, "keyed_custom_fields": keyed, "attachments": [],
    }


def candidate(model: Any, record: Record, embed: bool = True) -> Record:
    """A candidate; ``embed=False`` is the v3 object, which names its applications without embedding them."""
    flat, keyed = custom_fields(model, "candidate", record["custom_fields"])
    apps = model.store.table("applications")
    out = {
        "id": record["id"], "first_name": record["first_name"], "last_name": record["last_name"],
        "company": record["company"], "title": record["title"], "created_at": ts(record["created_at"]),
        "updated_at": ts(record["updated_at"]), "last_activity": ts(record["last_activity"]),
        "is_private": record["is_private"], "photo_url": None, "attachments": [],
        "application_ids": list(record["application_ids"]),
        "phone_numbers": record["phone_numbers"], "addresses": record["addresses"],
        "email_addresses": record["email_addresses"], "website_addresses": record["website_addresses"],
        "social_media_addresses": record["social_media_addresses"],
        "recruiter": user_ref(model, record["recruiter_id"]),
        "coordinator": user_ref(model, record["coordinator_id"]),
        "can_email": record["can_email"], "tags": record["tags"],
        "educations": [], "employments": [], "linked_user_ids": record["linked_user_ids"],
        "custom_fields": flat, "keyed_custom_fields": keyed,
    }
    if embed:
        out["applications"] = [application(model, apps[a]) for a in record["application_ids"]]
    return out


def offer(model: Any, record: Record) -> Record:
    flat, keyed = custom_fields(model, "offer", record["custom_fields"])
    the_job = model.store.table("jobs").get(record["job_id"]) or {"openings": []}
    filled = [o for o in the_job["openings"] if o["application_id"] == record["application_id"]]
    free = [o for o in the_job["openings"] if o["status"] == "open"]
    chosen = (filled or free or [None])[0]
    return {
        "id": record["id"], "version": record["version"], "application_id": record["application_id"],
        "job_id": record["job_id"], "candidate_id": record["candidate_id"],
        "opening": opening(chosen) if chosen else None, "created_at": ts(record["created_at"]),
        "updated_at": ts(record["updated_at"]), "sent_at": day(record["sent_at"]),
        "resolved_at": ts(record["resolved_at"]), "starts_at": day(record["starts_at"]),
        "status": record["status"], "custom_fields": flat, "keyed_custom_fields": keyed,
    }


def scorecard(model: Any, record: Record) -> Record:
    step = model.store.table("stages").get(record["stage_id"])
    return {
        "id": record["id"], "updated_at": ts(record["updated_at"]), "created_at": ts(record["created_at"]),
        "interview": record["interview"],
        "interview_step": {"id": record["interview_step_id"], "name": step["name"] if step else record["interview"]},
        "candidate_id": record["candidate_id"], "application_id": record["application_id"],
        "interviewed_at": ts(record["interviewed_at"]), "submitted_by": user_ref(model, record["submitted_by_id"]),
        "interviewer": user_ref(model, record["interviewer_id"]), "submitted_at": ts(record["submitted_at"]),
        "overall_recommendation": record["overall_recommendation"], "attributes": [],
        "ratings": {"definitely_not": [], "no": [], "mixed": [], "yes": [], "strong_yes": []}, "questions": [],
    }


def note(model: Any, record: Record) -> Record:
    # "visiblity" is Greenhouse's legacy typo, kept "for backward compatibility" (harvest/_candidates.md).
    return {
        "id": record["id"], "created_at": ts(record["created_at"]), "body": record["body"],
        "user": user_ref(model, record["user_id"]), "private": record["visibility"] == "private",
        "visiblity": record["visibility"], "visibility": record["visibility"],
    }


def activity_feed(model: Any, candidate_id: int) -> Record:
    return {
        "notes": [note(model, n) for n in model.store.table("notes").where(candidate_id=candidate_id)],
        "emails": [],
        "activities": [
            {"id": a["id"], "created_at": ts(a["created_at"]), "subject": a["subject"], "body": a["body"],
             "user": user_ref(model, a["user_id"])}
            for a in model.store.table("activities").where(candidate_id=candidate_id)
        ],
    }


# Source strategies as harvest/_sources.md lists them; a strategy's id is its place in this list.
SOURCE_TYPES = ("attend_events", "referrals", "third_party_boards", "candidate_search", "other", "social_media",
                "company_marketing", "agencies", "prospecting")


def source(record: Record) -> Record:
    kind = record["type_name"]
    ident = SOURCE_TYPES.index(kind) + 1 if kind in SOURCE_TYPES else None
    return {"id": record["id"], "name": record["name"], "type": {"id": ident, "name": kind}}


def rejection_reason_record(record: Record) -> Record:
    return {"id": record["id"], "name": record["name"], "type": {"id": record["type_id"], "name": record["type_name"]}}


# -- Harvest reads added for integrations (both versions unless noted) --------------------
VALUE_TYPES = {"boolean": "yes_no"}  # the model's type name -> Harvest's value_type (harvest/_custom_fields.md)


def custom_field(model: Any, definition: Record) -> Record:
    """A custom field definition (harvest/_custom_fields.md, "The custom field object")."""
    return {
        "id": definition["id"], "name": definition["name"], "active": True, "field_type": definition["object"],
        "priority": 0, "value_type": VALUE_TYPES.get(definition["type"], definition["type"]),
        # "For offer custom fields, private is always true" (harvest/_custom_fields.md, POST body table).
        "private": definition["object"] == "offer", "required": False, "require_approval": False,
        "trigger_new_version": False, "name_key": definition["key"], "description": None,
        "expose_in_job_board_api": False, "api_only": False, "offices": [], "departments": [],
        "template_token_string": None,
        "custom_field_options": [
            {"id": ident, "name": name, "priority": position, "external_id": None}
            for position, (ident, name) in enumerate(definition["options"].items())
        ],
    }


def job_opening(record: Record) -> Record:
    """A job opening (harvest/_job_openings.md): the job's opening with its custom fields."""
    return {**opening(record), "custom_fields": {}, "keyed_custom_fields": {}}


def note_v3(model: Any, record: Record) -> Record:
    """A v3 note (GET/POST /v3/notes). Unverified beyond the fields a v3 client reads:
    ``candidate_id``, ``application_id``, ``body``, ``type`` "NOTE"; the rest follows the v1 note."""
    return {
        "id": record["id"], "candidate_id": record["candidate_id"], "application_id": record.get("application_id"),
        "user_id": record["user_id"], "body": record["body"], "type": "NOTE", "visibility": record["visibility"],
        "created_at": ts(record["created_at"]), "updated_at": ts(record["created_at"]),
    }


def rejection_details(model: Any, app: Record) -> Record:
    """A v3 rejection details record, one per rejected application (its id is the application's; unverified)."""
    return {
        "id": app["id"], "application_id": app["id"], "candidate_id": app["candidate_id"],
        "rejected_at": ts(app["rejected_at"]), "rejected_by_user_id": app.get("rejected_by_user_id"),
        "rejection_reason": rejection_reason(model, app["rejection_reason_id"]),
        "notes": app.get("rejection_note"), "custom_fields": {}, "keyed_custom_fields": {},
    }
