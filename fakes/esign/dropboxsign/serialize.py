"""Model records in Dropbox Sign's shapes (spec schemas ``SignatureRequestResponse``,
``SignatureRequestResponseSignatures``, ``TemplateResponse``, ``AccountResponse``,
``ListInfoResponse``; field names and types as in the official SDK's models).

Times are Unix seconds (integers). A signature's ``status_code`` is
``awaiting_signature``, ``signed`` or ``declined`` (SDK
``SignatureRequestResponseSignatures.status_code``: "eg: awaiting_signature,
signed, declined"). ``order`` is 0-based: routing order 1 is order 0.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any

from ..records import render_pdf
from .auth import account_email, account_id

STATUS_CODES = {"completed": "signed", "declined": "declined"}


def unix(instant: datetime | None) -> int | None:
    return int(instant.timestamp()) if instant is not None else None


def signature(r: dict[str, Any], envelope: dict[str, Any]) -> dict[str, Any]:
    return {
        "signature_id": r["recipient_guid"],
        "signer_email_address": r["email"],
        "signer_name": r["name"],
        "signer_role": r["role"],
        "order": r["routing_order"] - 1,
        "status_code": STATUS_CODES.get(r["status"], "awaiting_signature"),
        "decline_reason": r["declined_reason"],
        "signed_at": unix(r["signed_at"]),
        "last_viewed_at": unix(r["delivered_at"]),
        "last_reminded_at": unix(r.get("reminded_at")),
        "has_pin": False,
        "has_sms_auth": False,
        "has_sms_delivery": False,
        "sms_phone_number": None,
        "reassigned_by": None,
        "reassignment_reason": None,
        "reassigned_from": None,
        "error": None,
    }


def signature_request(envelope: dict[str, Any], tenant: str, base: str) -> dict[str, Any]:
    ident = envelope["id"]
    custom_fields, response_data = [], []
    for r in envelope["recipients"]:
        for t in r["text_tabs"]:
            custom_fields.append({"type": "text", "name": t["label"], "value": t["value"], "api_id": t["tab_id"],
                                  "editor": r["role"], "required": False})
            if r["status"] == "completed":
                response_data.append({"type": "text", "api_id": t["tab_id"], "signature_id": r["recipient_guid"],
                                      "name": t["label"], "value": t["value"], "required": False})
    return {
        "test_mode": bool(envelope.get("test_mode", False)),
        "signature_request_id": ident,
        "requester_email_address": account_email(tenant),
        "title": envelope["subject"],
        "original_title": envelope["subject"],
        "subject": envelope["subject"],
        "message": envelope["blurb"],
        "metadata": {f["name"]: f["value"] for f in envelope["custom_fields"]},
        "created_at": unix(envelope["created_at"]),
        "expires_at": None,
        "is_complete": envelope["status"] == "completed",
        "is_declined": envelope["status"] == "declined",
        "has_error": False,
        "files_url": f"{base}/v3/signature_request/files/{ident}",
        "signing_url": None,
        "details_url": f"{base}/home/manage?guid={ident}",
        "cc_email_addresses": [],
        "signing_redirect_url": None,
        "final_copy_uri": f"/v3/signature_request/final_copy/{ident}",
        "template_ids": [envelope["template_id"]] if envelope["template_id"] else None,
        "custom_fields": custom_fields,
        "attachments": [],
        "response_data": response_data,
        "signatures": [signature(r, envelope) for r in envelope["recipients"]],
        "bulk_send_job_id": None,
    }


def template(t: dict[str, Any], tenant: str) -> dict[str, Any]:
    custom_fields = [
        {"type": "text", "api_id": tab["tab_id"], "name": tab["label"], "signer": role["role_name"],
         "x": tab.get("x", 0), "y": tab.get("y", 0), "width": 120, "height": 16, "required": False, "group": None}
        for role in t["roles"] for tab in role["text_tabs"]
    ]
    form_fields = [
        {"type": "signature", "api_id": tab["tab_id"], "name": tab["label"], "signer": role["role_name"],
         "x": tab.get("x", 0), "y": tab.get("y", 0), "width": 120, "height": 30, "required": True}
        for role in t["roles"] for tab in role["sign_here_tabs"]
    ]
    return {
        "template_id": t["id"],
        "title": t["name"],
        "message": t["email_blurb"],
        "updated_at": unix(t.get("last_modified_at") or t.get("created_at")),
        "is_embedded": False,
        "is_creator": True,
        "can_edit": True,
        "is_locked": False,
        "metadata": {},
        "signer_roles": [{"name": r["role_name"], "order": r["routing_order"] - 1} for r in t["roles"]],
        "cc_roles": [],
        "documents": [
            {"name": d["name"], "index": i, "field_groups": [], "form_fields": form_fields if i == 0 else [],
             "custom_fields": custom_fields if i == 0 else [], "static_fields": []}
            for i, d in enumerate(t["documents"])
        ],
        "custom_fields": custom_fields,
        "named_form_fields": form_fields,
        "accounts": [account(tenant, brief=True)],
        "attachments": [],
    }


def account(tenant: str, callback_url: str | None = None, brief: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "account_id": account_id(tenant),
        "email_address": account_email(tenant),
        "is_locked": False,
        "is_paid_hs": True,
        "is_paid_hf": False,
    }
    if not brief:
        out.update(callback_url=callback_url, role_code=None, team_id=None, locale="en-US")
    return out


def list_info(total: int, page: int, page_size: int) -> dict[str, Any]:
    return {"num_pages": max(1, -(-total // page_size)), "num_results": total, "page": page, "page_size": page_size}


def files(envelope: dict[str, Any], file_type: str) -> tuple[str, str, bytes]:
    """(content type, file name, bytes): one PDF with the documents and the values filled in, or a zip
    of the separate documents (spec ``signatureRequestFiles`` ``file_type``: pdf | zip)."""
    pages = []
    for d in envelope["documents"]:
        values = [f"{t['label']}: {t['value']}" for r in envelope["recipients"] for t in r["text_tabs"]]
        pages.append([d["name"], "", *values])
    audit = ["Audit trail", f"Signature request: {envelope['id']}", f"Status: {envelope['status']}"]
    audit += [f"{r['name']} <{r['email']}> {r['status']}" for r in envelope["recipients"]]
    if file_type == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for d, page in zip(envelope["documents"], pages, strict=True):
                name = d["name"] if d["name"].lower().endswith(".pdf") else d["name"] + ".pdf"
                archive.writestr(name, render_pdf([page]))
        return "application/zip", "files.zip", buffer.getvalue()
    return "application/pdf", "files.pdf", render_pdf([*pages, audit])
