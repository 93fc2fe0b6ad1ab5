"""The route table: DocuSign eSignature REST v2.1 (paths of the official SDK's
``EnvelopesApi`` / ``TemplatesApi``) and the OAuth account server."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...kit.http import Route
from . import schemas as s
from .auth import OAUTH_PREFIX

if TYPE_CHECKING:
    from .fake import DocuSignFake

A = "/restapi/v2.1/accounts/{accountId}"
E = A + "/envelopes/{envelopeId}"
READ = {200: "OK", 400: "ErrorDetails", 401: "ErrorDetails (bad or missing token)"}
WRITE = {**READ}
CREATED = {201: "EnvelopeSummary", 400: "ErrorDetails", 401: "ErrorDetails (bad or missing token)"}
OAUTH = {200: "OK", 400: "OAuth error", 401: "OAuth error"}


def routes(fake: DocuSignFake) -> list[Route]:
    return [
        Route("POST", A + "/envelopes", fake.create_envelope, "create_envelope",
              "Create an envelope (draft or sent) from a template or documents", body=s.ENVELOPE_DEFINITION,
              responses=CREATED, write=True),
        Route("GET", A + "/envelopes", fake.list_status_changes, "list_status_changes",
              "Envelope status changes", query=s.LIST_STATUS_CHANGES_QUERY, responses=READ),
        Route("GET", E, fake.get_envelope, "get_envelope", "Get an envelope", query=s.GET_ENVELOPE_QUERY,
              responses=READ),
        Route("PUT", E, fake.update_envelope, "update_envelope",
              "Send a draft, void an envelope or edit a draft (SDK EnvelopesApi.update)",
              query=s.UPDATE_ENVELOPE_QUERY, body=s.ENVELOPE_UPDATE, responses=WRITE, write=True),
        Route("GET", E + "/recipients", fake.list_recipients, "list_recipients", "Recipients of an envelope",
              query=s.LIST_RECIPIENTS_QUERY, responses=READ),
        Route("GET", E + "/recipients/{recipientId}/tabs", fake.list_tabs, "list_tabs", "Tabs of one recipient",
              responses=READ),
        Route("PUT", E + "/recipients/{recipientId}/tabs", fake.update_tabs, "update_tabs",
              "Change tab values of one recipient", body=s.TABS_UPDATE, responses=WRITE, write=True),
        Route("GET", E + "/custom_fields", fake.list_custom_fields, "list_custom_fields",
              "Custom fields of an envelope", responses=READ),
        Route("GET", E + "/documents", fake.list_documents, "list_documents", "Documents of an envelope",
              responses=READ),
        Route("GET", E + "/documents/{documentId}", fake.get_document, "get_document",
              "One document as PDF (or combined, or certificate)", query=s.GET_DOCUMENT_QUERY,
              responses={**READ, 200: "application/pdf"}),
        Route("POST", E + "/views/recipient", fake.create_recipient_view, "create_recipient_view",
              "URL of an embedded signing session", body=s.RECIPIENT_VIEW_REQUEST,
              responses={**CREATED, 201: "ViewUrl"}, write=True),
        Route("GET", A + "/templates", fake.list_templates, "list_templates", "Templates, searchable by name",
              query=s.LIST_TEMPLATES_QUERY, responses=READ),
        Route("GET", A + "/templates/{templateId}", fake.get_template, "get_template",
              "One template with roles and tabs (SDK TemplatesApi.get)",
              query=s.GET_TEMPLATE_QUERY, responses=READ),
        Route("POST", OAUTH_PREFIX + "/oauth/token", fake.oauth_token, "oauth_token",
              "JWT grant: an access token for a signed assertion", auth=False, responses=OAUTH, write=True),
        Route("GET", OAUTH_PREFIX + "/oauth/userinfo", fake.oauth_userinfo, "oauth_userinfo",
              "The token's user and accounts (base_uri)", auth=False, responses=OAUTH),
    ]
