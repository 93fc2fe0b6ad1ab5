"""DocuSign Connect's legacy XML message (``DocuSignEnvelopeInformation``).

An ``eventNotification`` without ``eventData``, or with ``eventData.version``
``legacy``, gets this message (eSignature v2.1 spec, ``connectEventData``:
"``legacy``: (Default) The response follows the original Connect Message
format", whose only format is XML).

The element names and order are those of the ``EnvelopeStatus`` type of
DocuSign's SOAP API (the ``GetStatusInDocuSignConnectFormat`` operation of
``dsapi.asmx``, namespace ``http://www.docusign.net/API/3.0``), which the
legacy Connect message wraps with ``TimeZone`` and ``TimeZoneOffset``.
⚠️ Unverified against a captured message: which optional elements DocuSign
leaves out, and the exact time format (this fake writes UTC times with seven
fractional digits and no zone, and says ``TimeZone`` UTC).

Status values are capitalised (``Sent``, ``Completed``; recipient types
``Signer``, ``CarbonCopy``, ``CertifiedDelivery``). The legacy message has no
event name and no retry count: every message is the envelope's status at
that moment, with its recipients, their text tabs and the custom fields.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

NAMESPACE = "http://www.docusign.net/API/3.0"
CONTENT_TYPE = "text/xml; charset=utf-8"
_TYPES = {"signer": "Signer", "carbon_copy": "CarbonCopy", "certified_delivery": "CertifiedDelivery"}


def _time(instant: datetime | None) -> str | None:
    if instant is None:
        return None
    instant = instant.astimezone(UTC)
    return instant.strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond:06d}0"


def _add(parent: ET.Element, tag: str, text: Any = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = str(text)
    return element


def message(envelope: dict[str, Any], sender: dict[str, str], now: datetime, void_reason: bool = False) -> bytes:
    """The XML body for one event, the envelope as it is now."""
    ET.register_namespace("", NAMESPACE)
    root = ET.Element(f"{{{NAMESPACE}}}DocuSignEnvelopeInformation")
    q = f"{{{NAMESPACE}}}"
    status = _add(root, q + "EnvelopeStatus")
    recipients = _add(status, q + "RecipientStatuses")
    for r in envelope["recipients"]:
        entry = _add(recipients, q + "RecipientStatus")
        _add(entry, q + "Type", _TYPES.get(r.get("type", "signer"), "Signer"))
        _add(entry, q + "Email", r["email"])
        _add(entry, q + "UserName", r["name"])
        _add(entry, q + "RoutingOrder", r["routing_order"])
        for tag, stamp in (
            ("Sent", "sent_at"),
            ("Delivered", "delivered_at"),
            ("Signed", "signed_at"),
            ("Declined", "declined_at"),
        ):
            if r.get(stamp):
                _add(entry, q + tag, _time(r[stamp]))
        _add(entry, q + "DeclineReason", r.get("declined_reason"))
        _add(entry, q + "Status", str(r["status"]).capitalize())
        _add(entry, q + "RecipientIPAddress")
        if r.get("client_user_id"):
            _add(entry, q + "ClientUserId", r["client_user_id"])
        if r.get("role"):
            _add(entry, q + "RoleName", r["role"])
        tabs = _add(entry, q + "TabStatuses")
        for t in r["text_tabs"]:
            tab = _add(tabs, q + "TabStatus")
            _add(tab, q + "TabType", "Custom")
            _add(tab, q + "Status", "Signed" if r["status"] == "completed" else "Active")
            _add(tab, q + "TabLabel", t["label"])
            _add(tab, q + "TabName", "Text")
            _add(tab, q + "TabValue", t["value"])
            _add(tab, q + "DocumentID", t["document_id"])
            _add(tab, q + "PageNumber", t["page"])
        _add(entry, q + "AccountStatus", "Active")
        _add(entry, q + "RecipientId", r["recipient_guid"])
    _add(status, q + "TimeGenerated", _time(now))
    _add(status, q + "EnvelopeID", envelope["id"])
    _add(status, q + "Subject", envelope["subject"])
    _add(status, q + "UserName", sender["userName"])
    _add(status, q + "Email", sender["email"])
    _add(status, q + "Status", str(envelope["status"]).capitalize())
    for tag, stamp in (
        ("Created", "created_at"),
        ("Sent", "sent_at"),
        ("Delivered", "delivered_at"),
        ("Completed", "completed_at"),
        ("Declined", "declined_at"),
        ("Voided", "voided_at"),
    ):
        if envelope.get(stamp):
            _add(status, q + tag, _time(envelope[stamp]))
    if void_reason and envelope.get("voided_reason"):
        _add(status, q + "VoidReason", envelope["voided_reason"])
    _add(status, q + "ACStatus", "Original")
    _add(status, q + "SigningLocation", "Online")
    custom = _add(status, q + "CustomFields")
    for f in envelope["custom_fields"]:
        field = _add(custom, q + "CustomField")
        _add(field, q + "Name", f["name"])
        _add(field, q + "Show", "True" if f["show"] else "False")
        _add(field, q + "Required", "True" if f["required"] else "False")
        _add(field, q + "Value", f["value"])
    documents = _add(status, q + "DocumentStatuses")
    for i, d in enumerate(envelope["documents"]):
        doc = _add(documents, q + "DocumentStatus")
        _add(doc, q + "ID", d["document_id"])
        _add(doc, q + "Name", d["name"])
        _add(doc, q + "TemplateName", "")
        _add(doc, q + "Sequence", i + 1)
    _add(root, q + "TimeZone", "UTC")
    _add(root, q + "TimeZoneOffset", 0)
    return b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(root, encoding="utf-8", xml_declaration=False)
