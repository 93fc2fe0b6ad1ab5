"""The model's records in DocuSign's JSON (eSignature v2.1, field names of the
official SDK's models): numbers and booleans as strings, times as
``2026-03-02T09:00:00.0000000Z`` (seven fractional digits), unset fields left out.
"""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime
from typing import Any

from ..model import EsignModel, render_pdf

TEMPLATES_FOLDER_ID = "7f1b9c1e-2f4a-4b8e-9d5c-3a6e0f2b8c10"


def ds_time(instant: datetime | None) -> str | None:
    if instant is None:
        return None
    instant = instant.astimezone(UTC)
    return instant.strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond:06d}0Z"


def yes(value: bool) -> str:
    return "true" if value else "false"


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v is not None}


def envelope_summary(envelope: dict[str, Any]) -> dict[str, Any]:
    return {
        "envelopeId": envelope["id"],
        "uri": f"/envelopes/{envelope['id']}",
        "statusDateTime": ds_time(envelope["status_changed_at"]),
        "status": envelope["status"],
    }


def envelope(env: dict[str, Any], sender: dict[str, str], include: set[str] = frozenset()) -> dict[str, Any]:  # type: ignore[assignment]
    base = f"/envelopes/{env['id']}"
    out = _clean(
        {
            "status": env["status"],
            "documentsUri": f"{base}/documents",
            "recipientsUri": f"{base}/recipients",
            "attachmentsUri": f"{base}/attachments",
            "envelopeUri": base,
            "emailSubject": env["subject"],
            "emailBlurb": env["blurb"] or None,
            "envelopeId": env["id"],
            "signingLocation": "online",
            "customFieldsUri": f"{base}/custom_fields",
            "notificationUri": f"{base}/notification",
            "enableWetSign": "true",
            "allowMarkup": "false",
            "allowReassign": "true",
            "createdDateTime": ds_time(env["created_at"]),
            "lastModifiedDateTime": ds_time(env["last_modified_at"]),
            "initialSentDateTime": ds_time(env["sent_at"]),
            "sentDateTime": ds_time(env["sent_at"]),
            "deliveredDateTime": ds_time(env["delivered_at"]),
            "completedDateTime": ds_time(env["completed_at"]),
            "declinedDateTime": ds_time(env["declined_at"]),
            "voidedDateTime": ds_time(env["voided_at"]),
            "voidedReason": env["voided_reason"],
            "statusChangedDateTime": ds_time(env["status_changed_at"]),
            "statusDateTime": ds_time(env["status_changed_at"]),
            "documentsCombinedUri": f"{base}/documents/combined",
            "certificateUri": f"{base}/documents/certificate",
            "templatesUri": f"{base}/templates",
            "sender": dict(sender),
            "purgeState": "unpurged",
            "envelopeIdStamping": "true",
            "is21CFRPart11": "false",
            "signerCanSignOnMobile": "true",
            "autoNavigation": "true",
            "isSignatureProviderEnvelope": "false",
            "hasFormDataChanged": "false",
            "allowComments": "true",
            "hasComments": "false",
            "allowViewHistory": "true",
            "envelopeLocation": "current_site",
            "isDynamicEnvelope": "false",
            "burnDefaultTabData": "false",
        }
    )
    if "recipients" in include:
        out["recipients"] = recipients(env, tabs="tabs" in include)
    if "custom_fields" in include:
        out["customFields"] = custom_fields(env)
    if "documents" in include:
        out["envelopeDocuments"] = documents(env)["envelopeDocuments"]
    return out


# The model's recipient type -> (the collection in ``recipients``, ``recipientType``) (eSignature v2.1 spec).
RECIPIENT_KINDS = {
    "signer": ("signers", "signer"),
    "carbon_copy": ("carbonCopies", "carbonCopy"),
    "certified_delivery": ("certifiedDeliveries", "certifiedDelivery"),
}


def recipients(env: dict[str, Any], tabs: bool = False) -> dict[str, Any]:
    order = EsignModel.current_order(env)
    last = max((r["routing_order"] for r in env["recipients"]), default=1)

    def of(kind: str) -> list[dict[str, Any]]:
        return [signer(r, tabs) for r in env["recipients"] if r.get("type", "signer") == kind]

    return {
        "signers": of("signer"),
        "agents": [],
        "editors": [],
        "intermediaries": [],
        "carbonCopies": of("carbon_copy"),
        "certifiedDeliveries": of("certified_delivery"),
        "inPersonSigners": [],
        "seals": [],
        "witnesses": [],
        "notaries": [],
        "recipientCount": str(len(env["recipients"])),
        "currentRoutingOrder": str(order if order is not None else last),
    }


def signer(r: dict[str, Any], with_tabs: bool = False) -> dict[str, Any]:
    """One recipient of any type (the fields every recipient type shares, plus a signer's)."""
    out = _clean(
        {
            "creationReason": "sender",
            "isBulkRecipient": "false",
            "requireUploadSignature": "false",
            "name": r["name"],
            "email": r["email"],
            "recipientId": r["recipient_id"],
            "recipientIdGuid": r["recipient_guid"],
            "requireIdLookup": "false",
            "routingOrder": str(r["routing_order"]),
            "roleName": r["role"],
            "status": r["status"],
            "completedCount": "1" if r["status"] == "completed" else "0",
            "clientUserId": r["client_user_id"],
            "deliveryMethod": "email",
            "recipientType": RECIPIENT_KINDS[r.get("type", "signer")][1],
            "sentDateTime": ds_time(r["sent_at"]),
            "deliveredDateTime": ds_time(r["delivered_at"]),
            "signedDateTime": ds_time(r["signed_at"]),
            "declinedDateTime": ds_time(r["declined_at"]),
            "declinedReason": r["declined_reason"],
        }
    )
    if with_tabs:
        out["tabs"] = tabs(r)
    return out


def tabs(r: dict[str, Any]) -> dict[str, Any]:
    """Only the tab types the recipient has, as DocuSign answers."""
    out: dict[str, Any] = {}
    if r["text_tabs"]:
        out["textTabs"] = [text_tab(t, r) for t in r["text_tabs"]]
    if r["sign_here_tabs"]:
        out["signHereTabs"] = [sign_here_tab(t, r) for t in r["sign_here_tabs"]]
    return out


def _placed(t: dict[str, Any], r: dict[str, Any]) -> dict[str, Any]:
    return {
        "tabId": t["tab_id"],
        "tabLabel": t["label"],
        "documentId": t["document_id"],
        "recipientId": r["recipient_id"],
        "recipientIdGuid": r["recipient_guid"],
        "pageNumber": str(t["page"]),
        "xPosition": str(t["x"]),
        "yPosition": str(t["y"]),
        "templateLocked": "false",
        "templateRequired": "false",
    }


def text_tab(t: dict[str, Any], r: dict[str, Any]) -> dict[str, Any]:
    return {
        **_placed(t, r),
        "name": "Text",
        "value": t["value"],
        "originalValue": t["original_value"],
        "locked": yes(t["locked"]),
        "required": "true",
        "shared": "false",
        "concealValueOnDocument": "false",
        "disableAutoSize": "false",
        "maxLength": "4000",
        "width": "84",
        "height": "22",
        "font": "helvetica",
        "fontSize": "size9",
        "fontColor": "black",
        "bold": "false",
        "italic": "false",
        "underline": "false",
        "tabType": "text",
    }


def sign_here_tab(t: dict[str, Any], r: dict[str, Any]) -> dict[str, Any]:
    return _clean(
        {**_placed(t, r), "name": "SignHere", "optional": "false", "scaleValue": "1", "stampType": "signature",
         "tabType": "signhere", "status": t["status"]}
    )


def custom_fields(env: dict[str, Any]) -> dict[str, Any]:
    return {
        "textCustomFields": [
            {"fieldId": f["field_id"], "name": f["name"], "show": yes(f["show"]), "required": yes(f["required"]),
             "value": f["value"]}
            for f in env["custom_fields"]
        ],
        "listCustomFields": [],
    }


def documents(env: dict[str, Any]) -> dict[str, Any]:
    base = f"/envelopes/{env['id']}/documents"
    common = {"display": "inline", "includeInDownload": "true", "signerMustAcknowledge": "no_interaction",
              "authoritativeCopy": "false", "templateRequired": "false",
              "availableDocumentTypes": [{"type": "electronic", "isDefault": "true"}]}
    listed = [
        {"documentId": d["document_id"], "name": d["name"], "type": "content", "uri": f"{base}/{d['document_id']}",
         "order": str(i + 1), "pages": [{"pageId": f"{d['document_id']}-1", "sequence": "1", "height": "792",
                                         "width": "612", "dpi": "72"}], "containsPdfFormFields": "false", **common}
        for i, d in enumerate(env["documents"])
    ]
    listed.append({"documentId": "certificate", "name": "Summary", "type": "summary", "uri": f"{base}/certificate",
                   "order": "999", **common})
    return {"envelopeId": env["id"], "envelopeDocuments": listed}


def template_summary(t: dict[str, Any], owner: dict[str, str]) -> dict[str, Any]:
    return {
        "templateId": t["id"],
        "uri": f"/templates/{t['id']}",
        "name": t["name"],
        "shared": "false",
        "passwordProtected": "false",
        "description": t["description"],
        "lastModified": ds_time(t["last_modified_at"]),
        "created": ds_time(t["created_at"]),
        "pageCount": str(len(t["documents"])),
        "folderName": "Templates",
        "folderId": TEMPLATES_FOLDER_ID,
        "folderUri": f"/folders/{TEMPLATES_FOLDER_ID}",
        "owner": {"userName": owner["userName"], "userId": owner["userId"], "email": owner["email"]},
        "emailSubject": t["email_subject"],
        "emailBlurb": t["email_blurb"],
        "signingLocation": "online",
        "authoritativeCopy": "false",
        "enforceSignerVisibility": "false",
        "enableWetSign": "true",
        "allowMarkup": "false",
        "allowReassign": "true",
        "disableResponsiveDocument": "true",
    }


def template(t: dict[str, Any], owner: dict[str, str]) -> dict[str, Any]:
    """A template with its documents and role placeholders (name and email empty until used)."""
    signers = []
    for role in t["roles"]:
        # A template's recipients have a GUID like an envelope's (spec: ``recipientIdGuid`` is a string); the
        # model keeps none for them, so one is derived from the template and recipient ids, stable across calls.
        guid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"ats-harness:docusign:template:{t['id']}:{role['recipient_id']}"))
        placeholder = {"recipient_id": role["recipient_id"], "recipient_guid": guid, "name": "", "email": "",
                       "routing_order": role["routing_order"], "role": role["role_name"], "status": "created",
                       "client_user_id": None, "sent_at": None, "delivered_at": None, "signed_at": None,
                       "declined_at": None, "declined_reason": None,
                       "text_tabs": [{"original_value": tab["value"], "document_id": "1", **tab}
                                     for tab in role["text_tabs"]],
                       "sign_here_tabs": [{"status": None, "document_id": "1", **tab}
                                          for tab in role["sign_here_tabs"]]}
        signers.append({k: v for k, v in signer(placeholder, with_tabs=True).items() if k != "status"})
    return {
        **template_summary(t, owner),
        "documents": [
            {"documentId": d["document_id"], "uri": f"/templates/{t['id']}/documents/{d['document_id']}",
             "name": d["name"], "order": str(i + 1), "pages": "1", "display": "inline", "includeInDownload": "true",
             "signerMustAcknowledge": "no_interaction", "templateLocked": "false", "templateRequired": "false"}
            for i, d in enumerate(t["documents"])
        ],
        "recipients": {"signers": signers, "agents": [], "editors": [], "intermediaries": [], "carbonCopies": [],
                       "certifiedDeliveries": [], "inPersonSigners": [], "seals": [], "witnesses": [],
                       "notaries": [], "recipientCount": str(len(signers))},
        "customFields": {"textCustomFields": [], "listCustomFields": []},
    }


def document_file(env: dict[str, Any], document_id: str, certificate: bool = False) -> tuple[str, bytes] | None:
    """(file name, PDF bytes) of one document, ``combined`` (all of them) or ``certificate``; None if unknown.

    The combined PDF is rendered afresh with the text tabs' current values,
    which is as close as a fake gets to the filled-in document.
    """
    if document_id == "certificate":
        return "Summary.pdf", render_pdf([_certificate(env)])
    if document_id == "combined":
        pages = []
        for d in env["documents"]:
            values = [f"{t['label']}: {t['value']}" for r in env["recipients"] for t in r["text_tabs"]
                      if t["document_id"] == d["document_id"]]
            pages.append([d["name"], "", *values])
        return "Combined.pdf", render_pdf(pages + ([_certificate(env)] if certificate else []))
    for d in env["documents"]:
        if d["document_id"] == document_id:
            return d["name"], base64.b64decode(d["content_base64"])
    return None


def _certificate(env: dict[str, Any]) -> list[str]:
    lines = ["Certificate Of Completion", f"Envelope Id: {env['id']}", f"Status: {env['status']}", ""]
    for r in env["recipients"]:
        lines.append(f"{r['name']} <{r['email']}> {r['status']} {ds_time(r['signed_at']) or ''}".rstrip())
    return lines
