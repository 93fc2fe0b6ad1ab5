"""Greenhouse web hooks: payloads as documented, signed, retried.

Shapes follow the examples of webhooks/_application_events.md and
webhooks/_candidate_events.md, including where the examples differ from each
other and from Harvest, because an integration written against those pages
reads exactly those keys:

- application events carry ``source: {id, name}`` (new_candidate_application,
  candidate_stage_change, application_updated) but ``source: {id,
  public_name}`` (reject_candidate, unreject_candidate, hire_candidate);
- only new_candidate_application's jobs carry ``url`` and ``hiring_team``;
- offer events are flat, with ``offer_status`` Created|Accepted|Rejected|
  Deprecated, ``sent_on`` and ``start_date`` written MM/DD/YYYY (the
  example's "04/15/2013"), while hire_candidate's ``offer.starts_at`` is
  YYYY-MM-DD ("Expected format is YYYY-MM-DD");
- offer_deleted wraps ``{"offer": ...}``, delete_application wraps a flat
  ``{"application": ...}``; webhook timestamps have no milliseconds.

Delivery (webhooks/_introduction.md): the body is serialised once with
Unicode and ``< > &`` escaped as ``\\uXXXX`` and those exact bytes are
signed, ``Signature: sha256 <hex HMAC-SHA256(secret, body)>``; each delivery
has its own ``Greenhouse-Event-ID`` (kept across its retries); only HTTP 200
counts as success; failures are retried after 1, 15, 60, 120, 240 and 480
minutes (7 attempts over about 15 hours) on the virtual clock.

Saving a web hook (webhooks/_introduction.md, "Endpoint URL" and "Disabled
webhooks"): "When the webhook is saved or updated, we will attempt to ping
this URL with a payload containing some configuration settings"; "If this
ping fails, we will create the webhook in a disabled state", and a disabled
hook "will not trigger when the event occurs" until re-enabled by hand.
``WebhookSender.save`` does that: it posts ``{"action": "ping", "payload":
{...settings}}`` (the payload's keys are not documented: the hook's name, URL
and events here, unverified), signed like every delivery, once, without
retries; anything but HTTP 200 (the retry policy's success) disables the hook.
``enable`` is the manual re-enable. A URL put straight into the settings is a
hook saved earlier that works (no ping).

Admin-screen settings in ``hub.settings``: ``greenhouse.webhook_url`` (no
URL, no delivery), ``greenhouse.webhook_secret`` (default below),
``greenhouse.webhook_events`` (a list of actions to send; default all). A
tenant ``t`` other than the default reads ``greenhouse.webhook_url.t`` and
``greenhouse.webhook_secret.t`` first.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ...kit import jsonx
from ...kit.clock import iso_z
from ...kit.hub import DomainEvent
from ...kit.webhooks import Delivery
from .auth import DEFAULT_WEBHOOK_SECRET

if TYPE_CHECKING:
    from ...kit.hub import Hub
    from .fake import GreenhouseFake

Record = dict[str, Any]
RETRY_SCHEDULE = (60.0, 900.0, 3600.0, 7200.0, 14400.0, 28800.0)
OFFER_STATUS = {"unresolved": "Created", "accepted": "Accepted", "rejected": "Rejected", "deprecated": "Deprecated"}
APP_URL = "https://app.greenhouse.io"
# action -> (source key, jobs carry url + hiring_team)
APPLICATION_VARIANTS = {
    "new_candidate_application": ("name", True),
    "candidate_stage_change": ("name", False),
    "application_updated": ("name", False),
    "reject_candidate": ("public_name", False),
    "unreject_candidate": ("public_name", False),
}


def webhook_secret(settings: dict[str, Any], tenant: str) -> str:
    """The secret key of the tenant's web hook: its own setting, the shared one, or a deterministic default."""
    if tenant != "default" and settings.get(f"greenhouse.webhook_secret.{tenant}"):
        return str(settings[f"greenhouse.webhook_secret.{tenant}"])
    if settings.get("greenhouse.webhook_secret"):
        return str(settings["greenhouse.webhook_secret"])
    if tenant == "default":
        return DEFAULT_WEBHOOK_SECRET
    return "ghw_" + hashlib.sha256(f"greenhouse:webhook_secret:{tenant}".encode()).hexdigest()[:32]


def sign(secret: str, body: bytes) -> str:
    return "sha256 " + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


# -- payload pieces ----------------------------------------------------------------
def w_ts(value: datetime | None) -> str | None:
    return iso_z(value, millis=False) if value is not None else None


def w_day(value: date | None, us: bool = False) -> str | None:
    if value is None:
        return None
    return value.strftime("%m/%d/%Y") if us else value.isoformat()


def w_fields(model: Any, obj: str, values: dict[str, Any]) -> Record:
    out = {}
    for definition in model.fields_of(obj):
        value = values.get(definition["key"])
        if isinstance(value, date) and not isinstance(value, datetime):
            value = value.isoformat()
        out[definition["key"]] = {"name": definition["name"], "type": definition["type"], "value": value}
    return out


def w_user(model: Any, user_id: int | None) -> Record | None:
    user = model.store.table("users").get(user_id) if user_id is not None else None
    if user is None:
        return None
    return {"id": user["id"], "email": user["email"], "name": f"{user['first_name']} {user['last_name']}",
            "employee_id": user["employee_id"]}


def w_candidate(model: Any, c: Record) -> Record:
    return {
        "id": c["id"], "first_name": c["first_name"], "last_name": c["last_name"], "title": c["title"],
        "company": c["company"], "created_at": w_ts(c["created_at"]), "external_id": c["external_id"],
        "photo_url": None, "url": f"{APP_URL}/people/{c['id']}", "is_private": c["is_private"],
        "can_email": c["can_email"], "phone_numbers": c["phone_numbers"], "email_addresses": c["email_addresses"],
        "addresses": c["addresses"], "website_addresses": c["website_addresses"],
        "social_media_addresses": c["social_media_addresses"], "educations": [], "employments": [],
        "recruiter": w_user(model, c["recruiter_id"]), "coordinator": w_user(model, c["coordinator_id"]),
        "attachments": [], "tags": c["tags"], "custom_fields": w_fields(model, "candidate", c["custom_fields"]),
    }


def _places(model: Any, job: Record) -> tuple[list[Record], list[Record]]:
    departments = [model.store.table("departments")[d] for d in job["department_ids"]]
    offices = [model.store.table("offices")[o] for o in job["office_ids"]]
    return (
        [{"id": d["id"], "name": d["name"], "external_id": d["external_id"]} for d in departments],
        [{"id": o["id"], "name": o["name"], "location": o["location"], "external_id": o["external_id"]}
         for o in offices],
    )


def w_job(model: Any, job: Record, extras: bool) -> Record:
    departments, offices = _places(model, job)
    out = {
        "id": job["id"], "name": job["name"], "requisition_id": job["requisition_id"], "notes": job["notes"],
        "confidential": job["confidential"], "job_post_id": None, "status": job["status"],
        "created_by_id": job["created_by_id"], "created_at": w_ts(job["created_at"]),
        "opened_at": w_ts(job["opened_at"]), "closed_at": w_ts(job["closed_at"]), "departments": departments,
        "offices": offices, "custom_fields": w_fields(model, "job", job["custom_fields"]),
    }
    if extras:
        def team(ids: list[int]) -> list[Record]:
            users = model.store.table("users")
            return [{"user_id": i, "employee_id": users[i]["employee_id"]} for i in ids if i in users]

        out["url"] = f"{APP_URL}/sdash/{job['id']}"
        out["hiring_team"] = {"hiring_managers": team(job["hiring_managers"]), "sourcers": team(job["sourcers"]),
                              "recruiters": team(job["recruiters"]), "coordinators": team(job["coordinators"])}
    return out


def w_stage(model: Any, app: Record) -> Record | None:
    stage = model.store.table("stages").get(app["stage_id"]) if app["stage_id"] is not None else None
    if stage is None:
        return None
    return {"id": stage["id"], "name": stage["name"], "interviews": [
        {"id": i["id"], "name": i["name"], "status": "to_be_scheduled",
         "interview_kit": {"url": f"{APP_URL}/guides/{i['kit_id']}/people/{app['candidate_id']}", "content": "",
                           "questions": []},
         "interviewers": []}
        for i in stage["interviews"]
    ]}


def _common(model: Any, app: Record, source_key: str) -> Record:
    source = model.store.table("sources").get(app["source_id"])
    return {
        "id": app["id"], "status": app["status"], "prospect": app["prospect"],
        "url": f"{APP_URL}/people/{app['candidate_id']}?application_id={app['id']}",
        "source": {"id": source["id"], source_key: source["name"]} if source else None,
        "credited_to": w_user(model, app["credited_to_id"]),
        "prospect_detail": {"prospect_pool": None, "prospect_stage": None, "prospect_owner": None},
        "custom_fields": w_fields(model, "application", app["custom_fields"]),
        "candidate": w_candidate(model, model.store.table("candidates")[app["candidate_id"]]),
    }


# -- payloads per action ------------------------------------------------------------
def application_event(action: str, model: Any, event: DomainEvent) -> Record:
    app = model.store.table("applications")[event.data["application_id"]]
    source_key, extras = APPLICATION_VARIANTS[action]
    reason = model.store.table("rejection_reasons").get(app["rejection_reason_id"])
    out = _common(model, app, source_key)
    out.update({
        "rejected_at": w_ts(app["rejected_at"]), "applied_at": w_ts(app["applied_at"]),
        "last_activity_at": w_ts(app["last_activity_at"]),
        "rejection_reason": {"id": reason["id"], "name": reason["name"],
                             "type": {"id": reason["type_id"], "name": reason["type_name"]}} if reason else None,
        "rejection_details": {"custom_fields": {}} if app["status"] == "rejected" else None,
        "current_stage": w_stage(model, app),
        "jobs": [w_job(model, model.store.table("jobs")[app["job_id"]], extras)],
    })
    return {"application": out}


def hire_event(action: str, model: Any, event: DomainEvent) -> Record:
    app = model.store.table("applications")[event.data["application_id"]]
    job = model.store.table("jobs")[app["job_id"]]
    offer = model.store.table("offers")[event.data["offer_id"]]
    opening = next((o for o in job["openings"] if o["id"] == app["opening_id"]), None)
    departments, offices = _places(model, job)
    out = _common(model, app, "public_name")
    out.update({
        "opening": {"opening_id": opening["opening_id"] if opening else None, "custom_fields": []},
        # "job" is deprecated in the docs ("Use application.jobs[] instead") but still sent.
        "job": {"id": job["id"], "name": job["name"], "open_date": w_ts(job["opened_at"]),
                "close_date": w_ts(job["closed_at"]), "requisition_id": job["requisition_id"],
                "departments": departments, "offices": offices,
                "custom_fields": w_fields(model, "job", job["custom_fields"])},
        "jobs": [w_job(model, job, False)],
        "offer": {"id": offer["id"], "version": offer["version"], "created_at": w_ts(offer["created_at"]),
                  "sent_at": w_day(offer["sent_at"]), "resolved_at": w_ts(offer["resolved_at"]),
                  "starts_at": w_day(offer["starts_at"]),
                  "custom_fields": w_fields(model, "offer", offer["custom_fields"])},
    })
    return {"application": out}


def offer_event(action: str, model: Any, event: DomainEvent) -> Record:
    offer = model.store.table("offers")[event.data["offer_id"]]
    return {
        "id": offer["id"], "application_id": offer["application_id"], "job_id": offer["job_id"],
        "user_id": offer["user_id"], "version": offer["version"], "sent_on": w_day(offer["sent_at"]),
        "resolved_at": w_ts(offer["resolved_at"]), "start_date": w_day(offer["starts_at"], us=True),
        "notes": offer["notes"], "offer_status": OFFER_STATUS[offer["status"]],
        "custom_fields": w_fields(model, "offer", offer["custom_fields"]),
    }


def offer_deleted_event(action: str, model: Any, event: DomainEvent) -> Record:
    offer = event.data["offer"]
    return {"offer": {
        "id": offer["id"], "application_id": offer["application_id"], "offering_user_id": offer["user_id"],
        "offer_status": OFFER_STATUS[offer["status"]], "version": offer["version"],
        "sent_on": w_day(offer["sent_at"]), "resolved_at": w_ts(offer["resolved_at"]), "notes": offer["notes"],
        "job_id": offer["job_id"],
    }}


def application_deleted_event(action: str, model: Any, event: DomainEvent) -> Record:
    app = event.data["application"]
    return {"application": {
        "id": app["id"], "candidate_id": app["candidate_id"], "job_id": app["job_id"],
        "created_at": w_ts(app["created_at"]), "source_id": app["source_id"],
        "candidate_rejection_reason_id": app["rejection_reason_id"], "rejection_note_id": None,
        "rejected_at": w_ts(app["rejected_at"]), "referrer_id": app["referrer_id"], "prospect": app["prospect"],
        "rejected_by_user_id": app["rejected_by_user_id"],
    }}


def candidate_event(action: str, model: Any, event: DomainEvent) -> Record:
    return {"candidate": w_candidate(model, model.store.table("candidates")[event.data["candidate_id"]])}


Builder = Callable[[str, Any, DomainEvent], Record]
# domain event kind -> (webhook action, payload builder)
EVENTS: dict[str, tuple[str, Builder]] = {
    "application.created": ("new_candidate_application", application_event),
    "application.stage_changed": ("candidate_stage_change", application_event),
    "application.updated": ("application_updated", application_event),
    "application.rejected": ("reject_candidate", application_event),
    "application.unrejected": ("unreject_candidate", application_event),
    "application.hired": ("hire_candidate", hire_event),
    "application.deleted": ("delete_application", application_deleted_event),
    "offer.created": ("offer_created", offer_event),
    "offer.approved": ("offer_approved", offer_event),
    "offer.updated": ("offer_updated", offer_event),
    "offer.deleted": ("offer_deleted", offer_deleted_event),
    "candidate.updated": ("update_candidate", candidate_event),
}
ACTIONS = tuple(action for action, _ in EVENTS.values())
PING = "ping"


class WebhookSender:
    """Turns the ATS model's domain events into Greenhouse web hook deliveries."""

    def __init__(self, fake: GreenhouseFake) -> None:
        self.hub: Hub = fake.hub
        self.fake_name = fake.name
        self._hooks: dict[str, dict[str, str]] = {}  # tenant -> {"url", "state": pinging|enabled|disabled}

    def reset(self) -> None:
        self._hooks.clear()

    # -- saving a hook (the admin screen) ----------------------------------------------------
    def save(self, url: str, tenant: str = "default", name: str = "ats-harness") -> Delivery:
        """Create or update the tenant's web hook and ping it; a failed ping leaves the hook disabled."""
        self.hub.settings["greenhouse.webhook_url" + ("" if tenant == "default" else f".{tenant}")] = url
        hook = self._hooks[tenant] = {"url": url, "state": "pinging"}
        events = self.hub.settings.get("greenhouse.webhook_events") or list(ACTIONS)
        body = jsonx.dumps({"action": PING, "payload": {"web_hook": {"name": name, "url": url,
                                                                      "events": list(events)}}},
                           ascii_only=True, escape_html=True)

        def answered(status: int) -> bool:
            hook["state"] = "enabled" if status == 200 else "disabled"
            return status == 200

        return self.hub.dispatcher.enqueue(self._delivery(PING, url, body, tenant, "web_hook:ping", (), answered))

    def state(self, tenant: str = "default") -> str:
        """``enabled``, ``disabled`` or ``pinging`` for a saved hook; ``enabled`` for one set in the settings."""
        hook = self._hooks.get(tenant)
        if hook is None or hook["url"] != self._setting("webhook_url", tenant):
            return "enabled"
        return hook["state"]

    def enable(self, tenant: str = "default") -> None:
        """Re-enable a disabled hook by hand ("They need to be manually re-enabled")."""
        if tenant in self._hooks:
            self._hooks[tenant]["state"] = "enabled"

    def _delivery(self, action: str, url: str, body: bytes, tenant: str, key: str, schedule: tuple[float, ...],
                  success: Callable[[int], bool]) -> Delivery:
        secret = webhook_secret(self.hub.settings, tenant)
        return Delivery(
            fake=self.fake_name, event=action, url=str(url), body=body,
            # The ID's format is not documented; a UUID here (unverified). It stays the same across retries.
            headers={"Content-Type": "application/json", "User-Agent": "Greenhouse",
                     "Greenhouse-Event-ID": self.hub.ids.guid("greenhouse.event")},
            signer=lambda raw, _now: {"Signature": sign(secret, raw)},
            schedule=schedule, success=success, tenant=tenant, key=key,
        )

    def _setting(self, name: str, tenant: str) -> Any:
        settings = self.hub.settings
        if tenant != "default" and settings.get(f"greenhouse.{name}.{tenant}") is not None:
            return settings[f"greenhouse.{name}.{tenant}"]
        return settings.get(f"greenhouse.{name}")

    def on_event(self, event: DomainEvent) -> None:
        if event.kind not in EVENTS:
            return
        action, build = EVENTS[event.kind]
        url = self._setting("webhook_url", event.tenant)
        wanted = self.hub.settings.get("greenhouse.webhook_events")
        if not url or (wanted is not None and action not in wanted) or self.state(event.tenant) == "disabled":
            return
        model = self.hub.model("ats", event.tenant)
        body = jsonx.dumps({"action": action, "payload": build(action, model, event)}, ascii_only=True,
                           escape_html=True)
        subject = next((f"{k.removesuffix('_id')}:{event.data[k]}" for k in ("application_id", "offer_id",
                                                                             "candidate_id") if k in event.data), "")
        self.hub.dispatcher.enqueue(self._delivery(action, str(url), body, event.tenant, subject, RETRY_SCHEDULE,
                                                   lambda status: status == 200))
