"""JSON Schemas of the Harvest query strings and request bodies (data for routes.py and OpenAPI)."""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]

ID: Schema = {"type": "integer", "minimum": 0}
ID_OR_DIGITS: Schema = {"anyOf": [ID, {"type": "string", "pattern": "^[0-9]+$"}]}
TIMESTAMP: Schema = {"type": "string", "format": "date-time"}
DATE: Schema = {"type": "string", "format": "date"}
TEXT: Schema = {"type": "string"}
FLAG: Schema = {"anyOf": [{"type": "boolean"}, {"type": "string", "enum": ["true", "false"]}]}

PAGING_V1: dict[str, Schema] = {
    "per_page": {"type": "integer", "minimum": 1, "maximum": 500, "default": 100},
    "page": {"type": "integer", "minimum": 1, "default": 1},
    "skip_count": {"type": "boolean"},
}
PAGING_V3: dict[str, Schema] = {
    "per_page": {"type": "integer", "minimum": 1, "maximum": 500, "default": 100},
    "cursor": {"type": "string", "description": "From a Link rel=next; must then be the only parameter"},
}


def stamps(*names: str) -> dict[str, Schema]:
    return {f"{n}_{side}": TIMESTAMP for n in names for side in ("before", "after")}


CANDIDATE_QUERY = {**stamps("created", "updated"), "job_id": ID, "email": TEXT,
                   "candidate_ids": {"type": "string", "pattern": "^[0-9]+(,[0-9]+)*$"}}
APPLICATION_QUERY = {**stamps("created"), "last_activity_after": TIMESTAMP, "job_id": ID,
                     "status": {"type": "string", "description": "active|converted|hired|rejected; others give []"}}
JOB_QUERY = {**stamps("created", "updated"), "requisition_id": TEXT, "opening_id": TEXT,
             "status": {"type": "string", "enum": ["open", "closed", "draft"]}, "department_id": ID, "office_id": ID}
OFFER_QUERY = {**stamps("created", "updated", "resolved"), "status": TEXT,
               "sent_before": DATE, "sent_after": DATE, "starts_before": DATE, "starts_after": DATE}
USER_QUERY = {**stamps("created", "updated"), "email": TEXT, "employee_id": TEXT}
STAMP_QUERY = stamps("created", "updated")
ID_LIST: Schema = {"type": "string", "pattern": "^[0-9]+(,[0-9]+)*$", "description": "comma separated ids"}
CUSTOM_FIELD_QUERY = {"field_type": {"type": "string", "enum": [
    "job", "candidate", "application", "offer", "opening", "rejection_question", "referral_question",
    "user_attribute"]}}
INTERVIEW_QUERY = {**stamps("created", "updated", "starts", "ends")}


def typed(types: list[str] | None) -> Schema:
    item: Schema = {"type": "object", "required": ["value"], "properties": {"value": TEXT}}
    if types:
        item["required"] = ["value", "type"]
        item["properties"] = {"value": TEXT, "type": {"type": "string", "enum": types}}
    return {"type": "array", "items": item}


CUSTOM_FIELD_EDITS: Schema = {"type": "array", "items": {"type": "object", "properties": {
    "id": ID, "name_key": TEXT, "value": {}, "unit": TEXT, "delete_value": {"type": "string", "enum": ["true"]}}}}
USER_REF: Schema = {"type": "object", "properties": {"id": ID, "email": TEXT}}
APPLICATION_SPEC: Schema = {"type": "object", "required": ["job_id"], "properties": {
    "job_id": ID, "source_id": ID, "initial_stage_id": ID, "recruiter_id": ID, "coordinator_id": ID,
    "referrer": {"type": "object"}, "attachments": {"type": "array"}}}
NOTE: Schema = {"type": "object", "required": ["user_id", "body", "visibility"], "properties": {
    "user_id": ID_OR_DIGITS, "body": TEXT,
    "visibility": {"type": "string", "enum": ["admin_only", "private", "public"]}}}

CANDIDATE_EDIT: Schema = {"type": "object", "properties": {
    "first_name": TEXT, "last_name": TEXT, "company": TEXT, "title": TEXT, "is_private": FLAG,
    "phone_numbers": typed(["home", "work", "mobile", "skype", "other"]),
    "addresses": typed(["home", "work", "other"]),
    "email_addresses": typed(["personal", "work", "other"]),
    "website_addresses": typed(["personal", "company", "portfolio", "blog", "other"]),
    "social_media_addresses": typed(None), "tags": {"type": "array", "items": TEXT},
    "custom_fields": CUSTOM_FIELD_EDITS, "recruiter": USER_REF, "coordinator": USER_REF}}
CANDIDATE_CREATE: Schema = {
    "type": "object", "required": ["first_name", "last_name", "applications"],
    "properties": {**CANDIDATE_EDIT["properties"], "educations": {"type": "array"}, "employments": {"type": "array"},
                   "activity_feed_notes": {"type": "array", "items": NOTE},
                   "applications": {"type": "array", "minItems": 1, "items": APPLICATION_SPEC}}}
APPLICATION_EDIT: Schema = {"type": "object", "properties": {
    "source_id": ID, "recruiter_id": ID, "coordinator_id": ID, "referrer": {"type": "object"},
    "custom_fields": CUSTOM_FIELD_EDITS,
    "rejection_details": {"type": "object", "properties": {"custom_fields": CUSTOM_FIELD_EDITS}}}}
ADVANCE: Schema = {"type": "object", "required": ["from_stage_id"], "properties": {"from_stage_id": ID}}
MOVE: Schema = {"type": "object", "required": ["from_stage_id", "to_stage_id"],
                "properties": {"from_stage_id": ID, "to_stage_id": ID}}
REJECT: Schema = {"type": "object", "properties": {
    "rejection_reason_id": ID, "notes": TEXT,
    "rejection_email": {"type": "object", "required": ["email_template_id"],
                        "properties": {"send_email_at": TIMESTAMP, "email_template_id": ID_OR_DIGITS}}}}
MOVE_V3: Schema = {"type": "object", "properties": {"from_stage_id": ID, "to_stage_id": ID, "to_job_id": ID},
                   "description": "leave to_stage_id and to_job_id blank to advance to the next stage"}
APPLICATION_CREATE_V3: Schema = {"type": "object", "required": ["candidate_id", "job_id"], "properties": {
    "candidate_id": ID, **APPLICATION_SPEC["properties"]}}
NOTE_V3: Schema = {"type": "object", "required": ["user_id", "body", "visibility"], "properties": {
    "application_id": ID, "candidate_id": ID, **NOTE["properties"],
    "note_type": {"type": "string", "enum": ["NOTE", "ACTIVITY", "EMAIL"], "default": "NOTE"}},
    "description": "application_id or candidate_id names what the note is about"}
REJECTION_DETAILS_EDIT: Schema = {"type": "object", "properties": {"rejection_reason_id": ID, "notes": TEXT}}
EMPTY: Schema = {"type": "object", "maxProperties": 0}
HIRE: Schema = {"type": "object", "properties": {"start_date": DATE, "opening_id": ID, "close_reason_id": ID}}
OFFER_EDIT: Schema = {"type": "object", "properties": {
    "start_date": DATE, "sent_at": DATE, "created_at": TIMESTAMP, "custom_fields": CUSTOM_FIELD_EDITS}}

# Answers, by status, for the OpenAPI document.
READ = {200: "OK", 401: "Unauthorized", 403: "Forbidden (a body on a GET)", 404: "Resource not found",
        429: "Rate limit exceeded"}
LIST = {**READ, 422: "Validation error (paging, filters, cursor)"}
WRITE = {200: "OK", 401: "Unauthorized", 403: "On-Behalf-Of missing or unknown", 404: "Resource not found",
         422: "Validation error", 429: "Rate limit exceeded"}
CREATE = {201: "Created", **{k: v for k, v in WRITE.items() if k != 200}}
TOKEN = {200: "Access token", 400: "invalid_request or unsupported_grant_type", 401: "invalid_client"}
