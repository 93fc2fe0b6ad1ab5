"""The e-signature model's records: the seeded template, recipients built from
input, custom fields, completeness rules, and a minimal PDF writer.

Plain functions over plain dicts, so ``model.py`` keeps only the lifecycle.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from ..kit.model import ModelError, NotFound

OFFER_LETTER = "Offer Letter"
# The journey vocabulary (ARCHITECTURE.md): the Candidate role's text tabs.
OFFER_TEXT_TABS = (
    "candidate_name",
    "job_title",
    "department",
    "start_date",
    "salary",
    "currency",
    "pay_period",
    "employment_type",
    "hours_per_week",
    "hiring_manager",
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
RECIPIENT_TYPES = ("signer", "carbon_copy", "certified_delivery")

Guid = Callable[[str], str]  # kind ("tab", "recipient") -> a fresh GUID


def missing(what: str, ident: Any, field: str) -> NotFound:
    """A NotFound that also names the field, so a dialect can pick its vendor's error code."""
    error = NotFound(what, ident)
    error.field = field
    return error


def text_value(value: Any) -> str:
    """A tab or custom-field value as the text it shows (Decimals keep their exact digits)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return "" if value is None else str(value)


def template_record(
    ident: str, now: datetime, guid: Guid, name: str, roles: list[dict[str, Any]], subject: str = ""
) -> dict[str, Any]:
    """A template an account admin built: one PDF listing its tab labels, and ``roles`` as
    ``{name, routing_order, tabs: [labels]}`` (each role also gets a signature tab)."""
    labels = [label for role in roles for label in role.get("tabs", ())]
    lines = [name, ""] + [f"{label}: [{label}]" for label in labels]
    record_roles = []
    for n, role in enumerate(sorted(roles, key=lambda r: int(r["routing_order"])), 1):
        slug = "".join(ch if ch.isalnum() else "_" for ch in str(role["name"]).lower())
        record_roles.append(
            {
                "role_name": str(role["name"]),
                "recipient_id": str(n),
                "routing_order": int(role["routing_order"]),
                "text_tabs": [
                    {"tab_id": guid("template_tab"), "label": label, "value": "", "locked": True, "page": 1,
                     "x": 200, "y": 700 - 20 * i}
                    for i, label in enumerate(role.get("tabs", ()))
                ],
                "sign_here_tabs": [
                    {"tab_id": guid("template_tab"), "label": f"{slug}_signature", "page": 1, "x": 72 + 248 * (n % 2),
                     "y": 120}
                ],
            }
        )
    return {
        "id": ident,
        "name": name,
        "description": f"{name}: built by the account's admin.",
        "email_subject": subject or name,
        "email_blurb": f"Please review and sign: {name}.",
        "documents": [
            {
                "document_id": "1",
                "name": f"{name}.pdf",
                "file_extension": "pdf",
                "content_base64": base64.b64encode(render_pdf([lines])).decode("ascii"),
            }
        ],
        "roles": record_roles,
        "created_at": now,
        "last_modified_at": now,
    }


def offer_letter_template(ident: str, now: datetime, guid: Guid) -> dict[str, Any]:
    lines = [OFFER_LETTER, ""] + [f"{label}: [{label}]" for label in OFFER_TEXT_TABS]
    text_tabs = [
        {"tab_id": guid("template_tab"), "label": label, "value": "", "locked": True, "page": 1, "x": 200,
         "y": 700 - 20 * i}
        for i, label in enumerate(OFFER_TEXT_TABS)
    ]
    return {
        "id": ident,
        "name": OFFER_LETTER,
        "description": "Offer letter: the hiring manager approves, then the candidate signs.",
        "email_subject": "Your offer letter",
        "email_blurb": "Please review and sign your offer letter.",
        "documents": [
            {
                "document_id": "1",
                "name": "Offer Letter.pdf",
                "file_extension": "pdf",
                "content_base64": base64.b64encode(render_pdf([lines])).decode("ascii"),
            }
        ],
        "roles": [
            {
                "role_name": "Hiring Manager",
                "recipient_id": "1",
                "routing_order": 1,
                "text_tabs": [],
                "sign_here_tabs": [
                    {"tab_id": guid("template_tab"), "label": "hiring_manager_signature", "page": 1, "x": 72, "y": 120}
                ],
            },
            {
                "role_name": "Candidate",
                "recipient_id": "2",
                "routing_order": 2,
                "text_tabs": text_tabs,
                "sign_here_tabs": [
                    {"tab_id": guid("template_tab"), "label": "candidate_signature", "page": 1, "x": 320, "y": 120}
                ],
            },
        ],
        "created_at": now,
        "last_modified_at": now,
    }


def template_recipients(template: dict[str, Any], given: list[dict[str, Any]], guid: Guid) -> list[dict[str, Any]]:
    """One recipient per template role; a given recipient's text tabs fill the role's tabs of the same label.

    A label the template does not have is dropped, as a tab with no place on
    the document would be; a role nobody fills stays an empty placeholder
    (a draft may keep one, a send refuses it).
    """
    roles = {role["role_name"]: role for role in template["roles"]}
    by_role: dict[str, dict[str, Any]] = {}
    for r in given:
        name = r.get("role")
        if not isinstance(name, str) or name not in roles:
            known = ", ".join(repr(n) for n in roles)
            raise ModelError(f"role={name!r} is not a role of template {template['name']!r}; its roles are {known}",
                             field="role")
        if name in by_role:
            raise ModelError(f"role={name!r} is given twice", field="role")
        by_role[name] = r
    out = []
    for index, role in enumerate(template["roles"]):
        r = by_role.get(role["role_name"], {})
        overrides = {t["label"]: t for t in r.get("text_tabs") or []}
        text_tabs = []
        for tab in role["text_tabs"]:
            merged, override = dict(tab), overrides.get(tab["label"])
            if override is not None:
                merged["value"] = override.get("value", tab["value"])
                if override.get("locked") is not None:
                    merged["locked"] = override["locked"]
            text_tabs.append(merged)
        spec = {
            **r,
            "role": role["role_name"],
            "recipient_id": role["recipient_id"],
            "routing_order": r.get("routing_order") or role["routing_order"],
            "text_tabs": text_tabs,
            "sign_here_tabs": role["sign_here_tabs"],
        }
        out.append(recipient_record(spec, index, guid, validate=role["role_name"] in by_role))
    return out


def recipient_record(r: dict[str, Any], index: int, guid: Guid, validate: bool = True) -> dict[str, Any]:
    name, email = str(r.get("name") or ""), str(r.get("email") or "")
    label = r.get("role") or r.get("recipient_id") or index + 1
    if validate and not name.strip():
        raise ModelError(f"recipient {label}: name must not be empty", field="name")
    if validate and not _EMAIL.match(email):
        raise ModelError(f"recipient {label}: email={email!r} is not an email address", field="email")
    order = int(r.get("routing_order") or 1)
    if order < 1:
        raise ModelError(f"recipient {label}: routing_order={order} must be at least 1", field="routing_order")
    kind = str(r.get("type") or "signer")
    if kind not in RECIPIENT_TYPES:
        raise ModelError(f"recipient {label}: type={kind!r} must be one of {', '.join(RECIPIENT_TYPES)}", field="type")
    return {
        "recipient_id": str(r.get("recipient_id") or index + 1),
        "recipient_guid": guid("recipient"),
        "type": kind,
        "role": r.get("role"),
        "name": name,
        "email": email,
        "routing_order": order,
        "client_user_id": r.get("client_user_id"),
        "status": "created",
        "sent_at": None,
        "delivered_at": None,
        "signed_at": None,
        "declined_at": None,
        "declined_reason": None,
        "text_tabs": [
            {
                "tab_id": guid("tab"),
                "label": str(t.get("label") or ""),
                "value": text_value(t.get("value")),
                "original_value": text_value(t.get("value")),
                "locked": bool(t.get("locked", False)),
                **_place(t),
            }
            for t in r.get("text_tabs") or []
        ],
        "sign_here_tabs": [
            {"tab_id": guid("tab"), "label": str(t.get("label") or "signature"), "status": None, **_place(t)}
            for t in r.get("sign_here_tabs") or []
        ],
    }


def _place(tab: dict[str, Any]) -> dict[str, Any]:
    return {
        "document_id": str(tab.get("document_id") or "1"),
        "page": int(tab.get("page") or 1),
        "x": int(tab.get("x") or 0),
        "y": int(tab.get("y") or 0),
    }


def custom_field(field: dict[str, Any], field_id: int) -> dict[str, Any]:
    name = str(field.get("name") or "")
    if not name.strip():
        raise ModelError("custom field name must not be empty", field="custom_field")
    return {
        "field_id": str(field_id),
        "name": name,
        "value": text_value(field.get("value")),
        "show": bool(field.get("show", True)),
        "required": bool(field.get("required", False)),
    }


def compose(
    composites: list[dict[str, Any]], get_template: Callable[[str], dict[str, Any]], guid: Guid
) -> dict[str, Any]:
    """An envelope's recipients, documents and custom fields from composite templates.

    Each composite is ``{document, server_templates: [{sequence, template_id}],
    inline_templates: [{sequence, recipients, documents, custom_fields}]}``;
    the rules (DocuSign eSignature v2.1 spec, ``compositeTemplate``,
    ``inlineTemplate``, ``serverTemplate``; the composite-templates concept page):

    - templates are overlaid in the order of their ``sequence``;
    - the composite's own ``document`` takes precedence over every template's
      documents; otherwise the documents of the first template (by sequence)
      that has any are used (⚠️ the concept page's reading; other overlays of
      documents are not modelled);
    - an inline recipient whose role names a role of the composite's server
      template fills that role (name, email, routing order, text tabs by
      label); any other inline recipient is added as is, tabs and all; a role
      nobody fills stays an empty placeholder (a send refuses it);
    - across composites, recipients with the same recipient id are one person
      (the later composite's tabs are added to theirs); each composite's
      documents are appended, renumbered when their ids are taken (⚠️ DocuSign
      renumbers too, its exact numbering is not documented).
    """
    recipients: dict[str, dict[str, Any]] = {}
    documents: list[dict[str, Any]] = []
    custom_fields: list[dict[str, Any]] = []
    first_template: dict[str, Any] | None = None
    for n, composite in enumerate(composites):
        layers = sorted(
            [(int(s.get("sequence") or 1), 0, "server", s) for s in composite.get("server_templates") or []]
            + [(int(t.get("sequence") or 1), 1, "inline", t) for t in composite.get("inline_templates") or []],
            key=lambda layer: (layer[0], layer[1]),
        )
        if not layers and not composite.get("document"):
            raise ModelError(f"compositeTemplates[{n}] has neither a template nor a document", field="composite")
        servers = [get_template(str(layer[3]["template_id"])) for layer in layers if layer[2] == "server"]
        template = servers[0] if servers else None
        first_template = first_template or template
        own = _composite_documents(composite, layers, servers)
        renumber = _renumber(own, documents)
        documents.extend({**d, "document_id": renumber[d["document_id"]]} for d in own)
        given = [r for layer in layers if layer[2] == "inline" for r in layer[3].get("recipients") or []]
        for layer in layers:
            if layer[2] == "inline":
                custom_fields.extend(layer[3].get("custom_fields") or [])
        roles = {role["role_name"] for role in template["roles"]} if template else set()
        filling = [r for r in given if r.get("role") in roles]
        built = template_recipients(template, filling, guid) if template else []
        built += [recipient_record(r, i, guid) for i, r in enumerate(given) if r.get("role") not in roles]
        for record in built:
            for tab in (*record["text_tabs"], *record["sign_here_tabs"]):
                tab["document_id"] = renumber.get(tab["document_id"], tab["document_id"])
            earlier = recipients.get(record["recipient_id"])
            if earlier is None:
                recipients[record["recipient_id"]] = record
            else:
                earlier["text_tabs"] += record["text_tabs"]
                earlier["sign_here_tabs"] += record["sign_here_tabs"]
                for key in ("name", "email", "role"):
                    earlier[key] = earlier[key] or record[key]
    return {"recipients": list(recipients.values()), "documents": documents, "custom_fields": custom_fields,
            "template": first_template}


def _composite_documents(
    composite: dict[str, Any], layers: list[tuple[int, int, str, dict[str, Any]]], servers: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    if composite.get("document"):
        return [dict(composite["document"])]
    server_iter = iter(servers)
    for _, _, kind, layer in layers:
        found = next(server_iter)["documents"] if kind == "server" else layer.get("documents") or []
        if found:
            return [dict(d) for d in found]
    return []


def _renumber(new: list[dict[str, Any]], existing: list[dict[str, Any]]) -> dict[str, str]:
    """Old document id -> id in the envelope: kept unless already taken, else the next free number."""
    taken = {d["document_id"] for d in existing}
    out: dict[str, str] = {}
    for d in new:
        ident = d["document_id"]
        if ident in taken:
            number = 1
            while str(number) in taken:
                number += 1
            ident = str(number)
        taken.add(ident)
        out[d["document_id"]] = ident
    return out


def check_complete(envelope: dict[str, Any]) -> None:
    """What a send needs: a subject, a document, and every recipient named and addressed."""
    if not envelope["subject"].strip():
        raise ModelError("an envelope needs an email subject to be sent", field="subject")
    if not envelope["documents"]:
        raise ModelError("an envelope needs at least one document to be sent", field="documents")
    if not envelope["recipients"]:
        raise ModelError("an envelope needs at least one recipient to be sent", field="recipients")
    for r in envelope["recipients"]:
        label = r["role"] or r["recipient_id"]
        if not r["name"].strip():
            raise ModelError(f"recipient {label} has no name", field="name")
        if not _EMAIL.match(r["email"]):
            raise ModelError(f"recipient {label} has no valid email (email={r['email']!r})", field="email")


def render_pdf(pages: list[list[str]]) -> bytes:
    """A minimal, valid PDF: one page of Helvetica text lines per entry (Latin-1; others become '?')."""

    def text(line: str) -> str:
        raw = line.encode("latin-1", "replace").decode("latin-1")
        return raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    count = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, lines in enumerate(pages):
        stream = ("BT /F1 12 Tf 16 TL 72 760 Td " + " ".join(f"({text(s)}) '" for s in lines) + " ET").encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
