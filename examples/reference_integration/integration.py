"""The reference integration: every layer, and the routing of inbound deliveries.

``Integration`` is the sum of its layers. Each decision point is a method,
so a known-bug variant (``examples.buggy``) is a subclass that overrides
one of them. Deliveries for one application are handled one at a time, and
a delivery is marked done only once its handling finished, so a vendor
retry after a crash is handled again while a duplicate of a success is not.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import jsonio, signatures
from .layers.communication import Communication
from .layers.documents import Documents
from .layers.hris import Hris
from .layers.reports import Reporting
from .layers.rollback import Rollback
from .layers.scheduling import Scheduling, application_of_invitee
from .settings import ENVELOPE_FIELD_APPLICATION

# Dropbox Sign event type -> the envelope outcome the layers know
DROPBOX_SIGN_OUTCOMES = {
    "signature_request_all_signed": "completed",
    "signature_request_declined": "declined",
    "signature_request_canceled": "voided",
}

GREENHOUSE_ACTIONS = {
    "new_candidate_application": "on_new_application",
    "candidate_stage_change": "on_stage_change",
    "reject_candidate": "on_reject",
    "offer_approved": "on_offer_approved",
    "offer_updated": "on_offer_updated",
    "application_updated": "on_application_updated",
    "hire_candidate": "on_hire",
}


class MalformedDelivery(ValueError):
    """A correctly signed delivery whose body is not what the vendor documents."""


def parse(body: bytes) -> dict[str, Any]:
    try:
        message = jsonio.loads(body)
    except ValueError as exc:
        raise MalformedDelivery(f"body is not JSON: {exc}") from exc
    if not isinstance(message, dict):
        raise MalformedDelivery("body is not a JSON object")
    return message


def greenhouse_application_id(payload: dict[str, Any]) -> str | None:
    app = payload.get("application")
    if isinstance(app, dict) and app.get("id") is not None:
        return str(app["id"])
    if payload.get("application_id") is not None:
        return str(payload["application_id"])
    return None


class Integration(Communication, Scheduling, Documents, Hris, Reporting, Rollback):
    def handle_greenhouse(self, body: bytes, headers: Mapping[str, str]) -> dict[str, Any]:
        message = parse(body)
        action, payload = message.get("action"), message.get("payload") or {}
        method = GREENHOUSE_ACTIONS.get(str(action))
        if method is None:
            return {"ignored": action}
        app_id = greenhouse_application_id(payload)
        if app_id is None:
            raise MalformedDelivery(f"{action} payload names no application")
        event_id = headers.get("greenhouse-event-id") or ""
        with self.state.lock(app_id):
            key = ("greenhouse-event", event_id)
            if event_id and self.is_done(key):
                return {"duplicate": event_id}
            getattr(self, method)(payload)
            if event_id:
                self.mark_done(key)
        return {"handled": action, "application_id": app_id}

    def handle_calendly(self, body: bytes, headers: Mapping[str, str]) -> dict[str, Any]:
        message = parse(body)
        event, payload = message.get("event"), message.get("payload") or {}
        if event not in ("invitee.created", "invitee.canceled"):
            return {"ignored": event}
        app_id = application_of_invitee(payload)
        if not app_id:
            return {"ignored": event, "reason": "no utm_content: not booked through this integration"}
        with self.state.lock(app_id):
            key = ("calendly", str(event), str(payload.get("uri") or ""))
            if self.is_done(key):
                return {"duplicate": event}
            if event == "invitee.created":
                self.on_invitee_created(payload)
            else:
                self.on_invitee_canceled(payload)
            self.mark_done(key)
        return {"handled": event, "application_id": app_id}

    def handle_docusign(self, body: bytes, headers: Mapping[str, str]) -> dict[str, Any]:
        message = parse(body)
        data = message.get("data") or {}
        envelope_id = str(data.get("envelopeId") or "")
        summary = data.get("envelopeSummary") or {}
        status = summary.get("status") or str(message.get("event") or "").removeprefix("envelope-")
        fields = (summary.get("customFields") or {}).get("textCustomFields") or []
        app_id = next(
            (str(f.get("value")) for f in fields if f.get("name") == ENVELOPE_FIELD_APPLICATION),
            self.state.envelope_apps.get(envelope_id),
        )
        if not app_id:
            return {"ignored": message.get("event"), "reason": "envelope not sent by this integration"}
        with self.state.lock(app_id):
            key = ("docusign", envelope_id, status)
            if self.is_done(key):
                return {"duplicate": message.get("event")}
            self.on_envelope_status(app_id, envelope_id, status)
            self.mark_done(key)
        return {"handled": message.get("event"), "application_id": app_id}

    def handle_dropbox_sign(self, body: bytes, headers: Mapping[str, str]) -> dict[str, Any]:
        """A Dropbox Sign callback (already verified): the request's outcome, by event type."""
        message = signatures.dropbox_sign_event(headers, body) or {}
        event = str((message.get("event") or {}).get("event_type") or "")
        request = message.get("signature_request") or {}
        request_id = str(request.get("signature_request_id") or "")
        status = DROPBOX_SIGN_OUTCOMES.get(event)
        if status is None:
            return {"ignored": event}
        app_id = str((request.get("metadata") or {}).get(ENVELOPE_FIELD_APPLICATION) or "") or \
            self.state.envelope_apps.get(request_id)
        if not app_id:
            return {"ignored": event, "reason": "signature request not sent by this integration"}
        with self.state.lock(app_id):
            key = ("dropbox_sign", request_id, status)
            if self.is_done(key):
                return {"duplicate": event}
            self.on_envelope_status(app_id, request_id, status)
            self.mark_done(key)
        return {"handled": event, "application_id": app_id}

    def handle_bamboohr(self, body: bytes, headers: Mapping[str, str]) -> dict[str, Any]:
        message = parse(body)
        if message.get("type") != "employee.updated":
            return {"ignored": message.get("type")}
        self.on_bamboohr_event(message)
        return {"handled": "employee.updated"}
