"""BambooHR webhooks: subscription rules, payloads, signing and delivery.

Facts, with their sources:

- Create/update body (BHR spec ``NewWebHook``): ``name``, ``url`` and
  ``format`` (``json|form-encoded``) are required; ``events`` defaults to the
  three legacy ``employee_with_fields.*`` events; legacy and event-based
  events cannot be mixed; ``monitorFields`` is required for
  ``employee.updated`` and ``employee_with_fields.updated``. The real service
  requires ``https://`` URLs; this fake also takes plain ``http://`` to a
  loopback host so a local SUT can receive (to any host with the setting
  ``bamboohr.allow_http_webhooks``).
- Event-based payload (BHR spec ``EmployeeUpdatedWebhookPayload``; the
  timestamp shape from documentation.bamboohr.com/docs/event-based-webhooks):
  ``{"type", "timestamp": "2026-01-31T18:42:00+0000", "data": {"companyId",
  "employeeId", "changedFields"}}``; created/deleted carry no changedFields.
  Custom-field and standard-field changes are grouped separately and may fire
  as two events (BHR spec, ``employee.updated``): this fake always splits them.
- Legacy field-based payload ⚠️ (docs/vendors.md, unverified):
  ``{"employees": [{"id", "action", "timestamp", "changedFields", "fields"}]}``
  with ``fields`` keyed by the postFields' external names.
- Form encoding ⚠️: PHP ``http_build_query`` of the same structure
  (``data[employeeId]=...``, list items indexed ``data[changedFields][0]=``).
- Signature: ``X-BambooHR-Signature`` = lowercase hex HMAC-SHA256 keyed with
  the webhook's ``privateKey`` over the raw body followed by the
  ``X-BambooHR-Timestamp`` value, no separator (documentation.bamboohr.com
  /docs/webhooks-2; the hex encoding as verified by botpress/botpress
  ``integrations/bamboohr/src/api/signing.ts``, which decodes the header as
  hex). The timestamp header is Unix seconds (the captured delivery in
  fusebit's ``bamboohr-connector`` test fixture: ``'x-bamboohr-timestamp':
  '1658248023'``), taken at each attempt.
- ``includeCompanyDomain`` adds a ``Company-Domain`` header (the same
  fixture shows ``'company-domain': 'fusebit'``) ⚠️ name from that sample.
- Retries (BHR spec ``WebhookServerErrorResponse``/``WebhookClientErrorResponse``):
  a 4xx is never retried; a 5xx (and here a network error) up to 5 times
  after 5, 10, 20, 40 and 80 minutes.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote_plus, urlsplit

from ...kit import jsonx
from ...kit.webhooks import Delivery, Signer, ok_2xx
from .errors import WebhookError
from .fields import VOCABULARY, alias
from .serialize import text

if TYPE_CHECKING:
    from ...kit.hub import DomainEvent
    from .fake import BambooHRFake

RETRY_SCHEDULE = (300.0, 600.0, 1200.0, 2400.0, 4800.0)
MODERN = ("employee.created", "employee.updated", "employee.deleted")
LEGACY = ("employee_with_fields.created", "employee_with_fields.updated", "employee_with_fields.deleted")
COMPANY = ("company.updated", "company.deleted", "company-integrations.updated")
EVENT_TYPES = LEGACY + MODERN + COMPANY
DEFAULT_EVENTS = ["employee_with_fields.updated", "employee_with_fields.deleted", "employee_with_fields.created"]
FORMATS = ("json", "form-encoded")
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def retry_on(status: int) -> bool:
    return status == 0 or status >= 500


# -- the subscription body -----------------------------------------------------
def subscription(body: dict[str, Any], model: Any, allow_http: bool = False) -> dict[str, Any]:
    """The stored form of a create/update body, or the vendor's 400/403 answer.

    ``allow_http`` (setting ``bamboohr.allow_http_webhooks``) takes plain http to
    any host, for a SUT in a container reached by name.
    """
    issues: list[str] = []
    name, url, fmt = body.get("name"), body.get("url"), body.get("format")
    if not isinstance(name, str) or not name.strip():
        issues.append("name is required and must be a non-empty string")
    if not isinstance(url, str) or not _url_allowed(url, allow_http):
        issues.append("url is required and must begin with https:// (this fake also takes http:// to loopback)")
    if fmt not in FORMATS:
        issues.append("format is required and must be json or form-encoded")
    events = body.get("events")
    if events is None or events == []:
        events = list(DEFAULT_EVENTS)
    if not isinstance(events, list) or not all(isinstance(e, str) and e in EVENT_TYPES for e in events):
        issues.append(f"events must be a list of: {', '.join(EVENT_TYPES)}")
    elif any(e in LEGACY for e in events) and any(e in MODERN for e in events):
        issues.append("employee_with_fields events cannot be mixed with employee events")
    monitor = body.get("monitorFields")
    if monitor is not None and (not isinstance(monitor, list) or not all(isinstance(f, (str, int)) for f in monitor)):
        issues.append("monitorFields must be a list of field ids or aliases")
    elif (
        isinstance(events, list)
        and any(str(e).endswith(".updated") and e in LEGACY + MODERN for e in events)
        and not monitor
    ):
        issues.append("monitorFields needs at least one field for employee.updated / employee_with_fields.updated")
    post = body.get("postFields", {})
    if post is None:
        post = {}
    if not isinstance(post, dict) or not all(isinstance(v, str) for v in post.values()):
        issues.append("postFields must be an object of field id or alias -> external name")
    include = body.get("includeCompanyDomain", False)
    if not isinstance(include, bool):
        issues.append("includeCompanyDomain must be a boolean")
    if issues:
        raise WebhookError(400, "Invalid request body", issues=issues)
    monitor = [str(f) for f in monitor] if monitor else None
    unknown = [key for key in (monitor or []) + list(post) if _monitorable(model, key) is None]
    if unknown:
        raise WebhookError(
            403,
            "Permission denied to the following fields",
            unknownFields=[{"id": None, "name": key} for key in unknown],
        )
    return {
        "name": name,
        "url": url,
        "format": fmt,
        "events": events,
        "monitorFields": monitor,
        "postFields": post,
        "includeCompanyDomain": include,
    }


def _url_allowed(url: str, allow_http: bool) -> bool:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        return False
    if not parts.hostname or any(ch.isspace() for ch in url):
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and (allow_http or parts.hostname in LOOPBACK))


def _monitorable(model: Any, name: str) -> dict[str, Any] | None:
    key = VOCABULARY.field_key(name, model)
    spec = None if key is None else model.field(key)
    return spec if spec is not None and not spec["readOnly"] else None


# -- payloads --------------------------------------------------------------------
def stamp(instant: datetime) -> str:
    """``2026-01-31T18:42:00+0000``."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def event_payload(
    kind: str, company_id: str, employee_id: int, now: datetime, changed: list[str] | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {"companyId": company_id, "employeeId": str(employee_id)}
    if changed is not None:
        data["changedFields"] = changed
    return {"type": kind, "timestamp": stamp(now), "data": data}


def legacy_payload(
    action: str, employee_id: int, now: datetime, changed: list[str] | None, fields: dict[str, Any]
) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": str(employee_id), "action": action, "timestamp": stamp(now)}
    if changed is not None:
        entry["changedFields"] = changed
    entry["fields"] = fields
    return {"employees": [entry]}


def encode(payload: dict[str, Any], fmt: str) -> tuple[bytes, str]:
    if fmt == "form-encoded":
        text = "&".join(f"{quote_plus(k)}={quote_plus(v)}" for k, v in _php_pairs(payload, ""))
        return text.encode(), "application/x-www-form-urlencoded"
    return jsonx.dumps(payload, ascii_only=True), "application/json"


def _php_pairs(value: Any, prefix: str) -> list[tuple[str, str]]:
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    else:
        return [(prefix, "" if value is None else str(value))]
    out: list[tuple[str, str]] = []
    for key, item in items:
        out += _php_pairs(item, f"{prefix}[{key}]" if prefix else str(key))
    return out


def signer(private_key: str) -> Signer:
    def sign(body: bytes, now: datetime) -> dict[str, str]:
        timestamp = str(int(now.timestamp()))
        digest = hmac.new(private_key.encode(), body + timestamp.encode(), hashlib.sha256).hexdigest()
        return {"X-BambooHR-Timestamp": timestamp, "X-BambooHR-Signature": digest}

    return sign


# -- from domain events to deliveries -----------------------------------------------
class WebhookSender:
    """BambooHR's web hooks for one fake: ``on_event`` is subscribed to the HRIS model's events."""

    def __init__(self, fake: BambooHRFake) -> None:
        self.fake = fake

    def on_event(self, event: DomainEvent) -> None:
        on_event(self.fake, event)


def on_event(fake: BambooHRFake, event: DomainEvent) -> None:
    if event.kind not in MODERN:
        return
    model = fake.hub.model("hris", event.tenant)
    employee_id = int(event.data["employee_id"])
    changed: list[str] = list(event.data.get("fields") or [])
    for hook in model.webhooks():
        for payload in _payloads(fake, model, hook, event.kind, employee_id, changed, event.tenant):
            _send(fake, model, hook, payload, employee_id, event.tenant)


def _payloads(
    fake: BambooHRFake, model: Any, hook: dict[str, Any], kind: str, employee_id: int, changed: list[str], tenant: str
) -> list[dict[str, Any]]:
    now, verb = model.now(), kind.split(".")[1]
    legacy = f"employee_with_fields.{verb}" in hook["events"]
    if kind not in hook["events"] and not legacy:
        return []
    monitored = _monitored(model, hook)
    hits = [alias(key) for key in changed if key in monitored]  # the model's keys, named as BambooHR does
    if verb == "updated" and not hits:
        return []
    if legacy:
        fields = _post_fields(model, hook, employee_id) if verb != "deleted" else {}
        return [legacy_payload(verb.capitalize(), employee_id, now, hits if verb == "updated" else None, fields)]
    company = fake.company_id(tenant)
    if verb != "updated":
        return [event_payload(kind, company, employee_id, now)]
    custom = {alias(f["key"]) for f in model.fields() if f["custom"]}
    groups = [[a for a in hits if a not in custom], [a for a in hits if a in custom]]
    return [event_payload(kind, company, employee_id, now, group) for group in groups if group]


def _monitored(model: Any, hook: dict[str, Any]) -> set[str]:
    """The model keys of the fields a hook monitors (it names them by BambooHR alias or id)."""
    out = set()
    for name in hook["monitorFields"] or []:
        key = VOCABULARY.field_key(name, model)
        if key is not None:
            out.add(key)
    return out


def _post_fields(model: Any, hook: dict[str, Any], employee_id: int) -> dict[str, Any]:
    view = model.employee(employee_id)
    out = {}
    for name, external in hook["postFields"].items():
        key = VOCABULARY.field_key(name, model)
        if key is not None:
            out[external] = text(view.get(key))
    return out


def _send(
    fake: BambooHRFake, model: Any, hook: dict[str, Any], payload: dict[str, Any], employee_id: int, tenant: str
) -> None:
    body, content_type = encode(payload, hook["format"])
    headers = {"Content-Type": content_type}
    if hook["includeCompanyDomain"]:
        headers["Company-Domain"] = fake.company_domain(tenant)
    kind = payload.get("type") or "employee_with_fields." + payload["employees"][0]["action"].lower()
    delivery = fake.hub.dispatcher.enqueue(
        Delivery(
            fake=fake.name,
            event=kind,
            url=hook["url"],
            body=body,
            headers=headers,
            signer=signer(hook["privateKey"]),
            schedule=RETRY_SCHEDULE,
            success=ok_2xx,
            retry_on=retry_on,
            tenant=tenant,
            key=f"employee:{employee_id}",
        )
    )
    model.record_delivery(hook["id"], delivery.id, [employee_id], hook["format"], hook["url"])
