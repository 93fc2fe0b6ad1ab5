"""DocuSign's wire format read into the model's vocabulary (bodies already
checked against ``schemas.py``, so only value rules are left here)."""

from __future__ import annotations

import base64
import binascii
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from ..model import text_value
from .errors import invalid_parameter

# Connect's event names, and the legacy status codes of envelopeEvents /
# recipientEvents they stand for (DS models event_notification.py,
# envelope_event.py, recipient_event.py; names from the Connect event-triggers page).
ENVELOPE_EVENTS = ("envelope-sent", "envelope-delivered", "envelope-completed", "envelope-declined", "envelope-voided")
RECIPIENT_EVENTS = ("recipient-sent", "recipient-delivered", "recipient-completed", "recipient-declined")
KNOWN_EVENTS = frozenset((*ENVELOPE_EVENTS, *RECIPIENT_EVENTS, "envelope-created", "envelope-resent",
                          "envelope-corrected", "envelope-purge", "envelope-deleted", "envelope-discard",
                          "recipient-autoresponded", "recipient-authenticationfailed", "recipient-resent",
                          "recipient-delegate", "recipient-reassign", "recipient-finish-later"))
UNSUPPORTED_RECIPIENTS = ("inPersonSigners", "agents", "editors", "intermediaries", "witnesses", "notaries", "seals")
# The recipient collections this fake reads, and the model's recipient type of each
# (eSignature v2.1 spec, ``recipients``: signers, carbonCopies, certifiedDeliveries).
RECIPIENT_KINDS = (
    ("signers", "signer"),
    ("carbonCopies", "carbon_copy"),
    ("certifiedDeliveries", "certified_delivery"),
)


def flag(value: Any, default: bool = False) -> bool:
    if value is None:
        return default
    return value if isinstance(value, bool) else str(value).lower() == "true"


def number(value: Any) -> int | None:
    return None if value in (None, "") else int(value)


def ident(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def envelope_definition(body: dict[str, Any]) -> dict[str, Any]:
    """An EnvelopeDefinition as keyword arguments of ``EsignModel.create_envelope``."""
    status = str(body.get("status") or "created").lower()
    if status not in ("created", "sent"):
        raise invalid_parameter(
            f"Value for 'status' must be 'created' or 'sent' when creating an envelope, not {status!r}."
        )
    composites = body.get("compositeTemplates") or []
    if composites and (body.get("templateId") or body.get("documents") or _recipient_list(body.get("recipients"))):
        # ⚠️ DocuSign's documentation says to put everything inside the composite templates when using them;
        # what it does with top-level templateId, documents or recipients besides them is not documented.
        raise invalid_parameter(
            "An envelope with compositeTemplates takes its templates, documents and recipients from them; "
            "move the top-level templateId, documents and recipients into a composite template."
        )
    recipients_block = body.get("recipients") or {}
    for kind in UNSUPPORTED_RECIPIENTS:
        if recipients_block.get(kind):
            raise invalid_parameter(f"recipients.{kind} are not supported by the ats-harness DocuSign fake.")
    template_id = ident(body.get("templateId"))
    if template_id is not None:
        recipients = [_template_role(r or {}) for r in body.get("templateRoles") or []]
    else:
        recipients = _recipient_list(recipients_block)
    custom = (body.get("customFields") or {}).get("textCustomFields") or []
    documents = body.get("documents") or []
    return {
        "recipients": recipients,
        "template_id": template_id,
        "documents": None if template_id else [_document(d or {}, i) for i, d in enumerate(documents)],
        "subject": body.get("emailSubject"),
        "blurb": body.get("emailBlurb"),
        "custom_fields": [
            {"name": f.get("name"), "value": f.get("value"), "show": flag(f.get("show"), True),
             "required": flag(f.get("required"))}
            for f in (f or {} for f in custom)
        ],
        "notification": event_notification(body.get("eventNotification")),
        "send": status == "sent",
        "composites": [_composite(c or {}, i) for i, c in enumerate(composites)] or None,
    }


def _recipient_list(block: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Every recipient of a ``recipients`` object this fake reads, with its model type."""
    block = block or {}
    return [{**_signer(r or {}), "type": kind} for key, kind in RECIPIENT_KINDS for r in block.get(key) or []]


def _composite(composite: dict[str, Any], index: int) -> dict[str, Any]:
    """One ``compositeTemplate`` (spec: compositeTemplateId, document, serverTemplates, inlineTemplates)."""
    for key in ("inlineTemplates", "serverTemplates"):
        for i, layer in enumerate(composite.get(key) or []):
            if (layer or {}).get("sequence") in (None, ""):
                raise invalid_parameter(f"compositeTemplates[{index}].{key}[{i}].sequence is required.")
    servers = []
    for i, server in enumerate(composite.get("serverTemplates") or []):
        template_id = ident((server or {}).get("templateId"))
        if template_id is None:
            raise invalid_parameter(f"compositeTemplates[{index}].serverTemplates[{i}].templateId is required.")
        servers.append({"sequence": number(server.get("sequence")), "template_id": template_id})
    inlines = []
    for inline in composite.get("inlineTemplates") or []:
        inline = inline or {}
        for kind in UNSUPPORTED_RECIPIENTS:
            if (inline.get("recipients") or {}).get(kind):
                raise invalid_parameter(f"recipients.{kind} are not supported by the ats-harness DocuSign fake.")
        custom = (inline.get("customFields") or {}).get("textCustomFields") or []
        inlines.append({
            "sequence": number(inline.get("sequence")),
            "recipients": _recipient_list(inline.get("recipients")),
            "documents": [_document(d or {}, i) for i, d in enumerate(inline.get("documents") or [])],
            "custom_fields": [{"name": f.get("name"), "value": f.get("value"), "show": flag(f.get("show"), True),
                               "required": flag(f.get("required"))} for f in (f or {} for f in custom)],
        })
    document = composite.get("document")
    return {
        "document": _document(document, 0) if document else None,
        "server_templates": servers,
        "inline_templates": inlines,
    }


def _tabs(tabs: dict[str, Any] | None) -> dict[str, list[dict[str, Any]]]:
    tabs = tabs or {}
    return {
        "text_tabs": [
            {"label": t.get("tabLabel"), "value": t.get("value"), "locked": None if t.get("locked") is None
             else flag(t.get("locked")), **_place(t)}
            for t in (t or {} for t in tabs.get("textTabs") or [])
        ],
        "sign_here_tabs": [
            {"label": t.get("tabLabel"), **_place(t)} for t in (t or {} for t in tabs.get("signHereTabs") or [])
        ],
    }


def _place(tab: dict[str, Any]) -> dict[str, Any]:
    return {"document_id": ident(tab.get("documentId")), "page": number(tab.get("pageNumber")),
            "x": number(tab.get("xPosition")), "y": number(tab.get("yPosition"))}


def _template_role(role: dict[str, Any]) -> dict[str, Any]:
    return {"role": role.get("roleName"), "name": role.get("name"), "email": role.get("email"),
            "routing_order": number(role.get("routingOrder")), "client_user_id": ident(role.get("clientUserId")),
            **_tabs(role.get("tabs"))}


def _signer(signer: dict[str, Any]) -> dict[str, Any]:
    return {**_template_role(signer), "recipient_id": ident(signer.get("recipientId"))}


def _document(document: dict[str, Any], index: int) -> dict[str, Any]:
    content = document.get("documentBase64") or ""
    try:
        base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise invalid_parameter(f"documents[{index}].documentBase64 is not valid base64.") from None
    if not content or not document.get("name"):
        raise invalid_parameter(f"documents[{index}] needs a name and documentBase64.")
    return {"document_id": ident(document.get("documentId")) or str(index + 1), "name": str(document["name"]),
            "file_extension": document.get("fileExtension") or "pdf", "content_base64": content}


def event_notification(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """Which Connect events go where, for one envelope."""
    if not value:
        return None
    url = str(value.get("url") or "")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise invalid_parameter(f"eventNotification.url={url!r} must be an absolute http(s) URL.")
    events = [str(e).lower() for e in value.get("events") or []]
    events += [f"envelope-{str((e or {}).get('envelopeEventStatusCode') or '').lower()}"
               for e in value.get("envelopeEvents") or []]
    events += [f"recipient-{str((e or {}).get('recipientEventStatusCode') or '').lower()}"
               for e in value.get("recipientEvents") or []]
    unknown = [e for e in events if e not in KNOWN_EVENTS]
    if unknown:
        raise invalid_parameter(f"eventNotification names an unknown event {unknown[0]!r}.")
    return {
        "url": url,
        "events": sorted(set(events)),
        "require_acknowledgment": flag(value.get("requireAcknowledgment")),
        "include_hmac": flag(value.get("includeHMAC")),
        "include_void_reason": flag(value.get("includeEnvelopeVoidReason")),
        **event_data(value.get("eventData")),
    }


def event_data(data: dict[str, Any] | None) -> dict[str, Any]:
    """What a Connect message looks like (eSignature v2.1 spec, ``connectEventData``).

    ``version``: ``legacy`` (the default, also when ``eventData`` is absent)
    is the original XML message; ``restv2.1`` the JSON one. ``format``: for
    ``restv2.1`` ``json`` (default) or ``xml``; for legacy only ``xml``.
    ``includeData``: the default is the empty list, so a ``restv2.1`` message
    carries the event data only, no envelope summary.
    """
    data = data or {}
    version = str(data.get("version") or "legacy").lower()
    if version not in ("legacy", "restv2.1"):
        raise invalid_parameter(f"eventData.version={version!r} must be 'legacy' or 'restv2.1'.")
    default_format = "json" if version == "restv2.1" else "xml"
    fmt = str(data.get("format") or default_format).lower()
    if version == "legacy" and fmt != "xml":
        raise invalid_parameter("eventData.format must be 'xml' when eventData.version is legacy (or not given).")
    if fmt not in ("json", "xml"):
        raise invalid_parameter(f"eventData.format={fmt!r} must be 'json' or 'xml'.")
    if version == "restv2.1" and fmt == "xml":
        raise invalid_parameter("eventData.format 'xml' with version restv2.1 is not supported by the ats-harness "
                                "DocuSign fake; use format 'json', or version 'legacy' for the XML message.")
    return {"version": version, "format": fmt, "include_data": [str(d).lower() for d in data.get("includeData") or []]}


def tab_values(body: dict[str, Any]) -> dict[str, str]:
    """{tabId: value} of a tabs update; DocuSign finds each tab by its tabId."""
    out = {}
    for i, tab in enumerate(body.get("textTabs") or []):
        tab_id = ident((tab or {}).get("tabId"))
        if tab_id is None:
            raise invalid_parameter(f"textTabs[{i}].tabId must name the tab to update.")
        out[tab_id] = text_value((tab or {}).get("value"))
    return out


def include(value: str | None) -> set[str]:
    return {part.strip().lower() for part in (value or "").split(",") if part.strip()}


_FRACTION = re.compile(r"(\.\d{6})\d+")
_FORMATS = ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y")


def when(name: str, value: str) -> datetime:
    """A query date as DocuSign accepts them: ISO 8601 (any precision) or US ``M/D/YYYY [H:M[:S]]``; UTC if naive."""
    text = _FRACTION.sub(r"\1", value.strip()).replace("Z", "+00:00")
    parsed = None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        for fmt in _FORMATS:
            try:
                parsed = datetime.strptime(value.strip(), fmt)
                break
            except ValueError:
                continue
    if parsed is None:
        raise invalid_parameter(f"Query parameter '{name}' must be set to a valid DateTime.")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def count(value: str | None, name: str, default: int) -> int:
    if value in (None, ""):
        return default
    if not value.isascii() or not value.isdigit():
        raise invalid_parameter(f"Query parameter '{name}' must be a non-negative integer.")
    return int(value)


def apply_envelope_update(model: Any, envelope_id: str, body: dict[str, Any]) -> None:
    """``PUT /envelopes/{id}``: edit a draft's subject and blurb, send a draft, or void one in process.

    Fields that only a draft may change are ignored on other envelopes, so a
    client that sends back a whole envelope to void it is not refused for them.
    """
    envelope = model.get_envelope(envelope_id)
    subject, blurb = body.get("emailSubject"), body.get("emailBlurb")
    if envelope["status"] == "created" and (subject is not None or blurb is not None):
        model.update_draft(envelope_id, subject=subject, blurb=blurb)
    status = str(body.get("status") or "").lower()
    if status == "voided":
        reason = str(body.get("voidedReason") or "")
        if not reason.strip():
            raise invalid_parameter("Value for 'voidedReason' must be specified when voiding an envelope.")
        model.void(envelope_id, reason)
    elif status == "sent":
        model.send(envelope_id)
    elif status and status != envelope["status"]:
        raise invalid_parameter(f"Value for 'status' must be 'sent' or 'voided' to change an envelope, not {status!r}.")
