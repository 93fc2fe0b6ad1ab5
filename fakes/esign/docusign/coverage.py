"""DocuSign operations for the resources in scope (envelopes, their recipients,
tabs, custom fields, documents and views; templates; the OAuth JWT grant), as
(operation, method, path, note). Operation names are the official Python
SDK's method names (``EnvelopesApi`` / ``TemplatesApi``); where this fake
implements one, its Route.operation is the same name (``update`` and ``get``
appear as ``update_envelope`` and ``get_template``). IMPLEMENTATION_COVERAGE.md
is generated from this list and the route table.
"""

from __future__ import annotations

A = "/restapi/v2.1/accounts/{accountId}"
E = A + "/envelopes/{envelopeId}"
T = A + "/templates/{templateId}"

VENDOR_OPERATIONS: list[tuple[str, str, str, str]] = [
    # -- envelopes
    ("create_envelope", "POST", A + "/envelopes",
     "templateId + templateRoles, documents + recipients (signers, carbonCopies, certifiedDeliveries; roleName "
     "optional), or compositeTemplates (serverTemplates, inlineTemplates, document); status created|sent; "
     "customFields; eventNotification (legacy XML without eventData, JSON SIM with restv2.1). Other recipient "
     "types are refused"),
    ("get_envelope", "GET", E, "include=recipients,tabs,custom_fields,documents"),
    ("list_status_changes", "GET", A + "/envelopes",
     "from_date/to_date, from_to_status, status, envelope_ids, custom_field, email, search_text, paging"),
    ("update_envelope", "PUT", E, "SDK EnvelopesApi.update: send a draft, void, edit a draft's subject/blurb"),
    ("list_status", "PUT", A + "/envelopes/status", ""),
    ("list_audit_events", "GET", E + "/audit_events", ""),
    ("get_notification_settings", "GET", E + "/notification", ""),
    ("update_notification_settings", "PUT", E + "/notification", ""),
    ("get_email_settings", "GET", E + "/email_settings", ""),
    ("get_form_data", "GET", E + "/form_data", ""),
    ("create_lock", "POST", E + "/lock", ""),
    # -- recipients and tabs
    ("list_recipients", "GET", E + "/recipients", "signers, carbonCopies, certifiedDeliveries; include_tabs=true"),
    ("create_recipient", "POST", E + "/recipients", ""),
    ("update_recipients", "PUT", E + "/recipients", "resend, correct"),
    ("delete_recipient", "DELETE", E + "/recipients/{recipientId}", ""),
    ("delete_recipients", "DELETE", E + "/recipients", ""),
    ("list_tabs", "GET", E + "/recipients/{recipientId}/tabs", "textTabs and signHereTabs"),
    ("update_tabs", "PUT", E + "/recipients/{recipientId}/tabs", "textTabs values by tabId"),
    ("create_tabs", "POST", E + "/recipients/{recipientId}/tabs", ""),
    ("delete_tabs", "DELETE", E + "/recipients/{recipientId}/tabs", ""),
    ("get_recipient_signature_image", "GET", E + "/recipients/{recipientId}/signature_image", ""),
    ("get_consumer_disclosure_default", "GET", E + "/recipients/{recipientId}/consumer_disclosure",
     ""),
    # -- custom fields
    ("list_custom_fields", "GET", E + "/custom_fields", "textCustomFields"),
    ("create_custom_fields", "POST", E + "/custom_fields", ""),
    ("update_custom_fields", "PUT", E + "/custom_fields", ""),
    ("delete_custom_fields", "DELETE", E + "/custom_fields", ""),
    # -- documents
    ("list_documents", "GET", E + "/documents", "content documents plus the certificate entry"),
    ("get_document", "GET", E + "/documents/{documentId}", "PDF bytes; combined (certificate=true) and certificate"),
    ("update_documents", "PUT", E + "/documents", ""),
    ("update_document", "PUT", E + "/documents/{documentId}", ""),
    ("delete_documents", "DELETE", E + "/documents", ""),
    ("get_document_tabs", "GET", E + "/documents/{documentId}/tabs", ""),
    ("get_pages", "GET", E + "/documents/{documentId}/pages", ""),
    ("get_document_page_image", "GET", E + "/documents/{documentId}/pages/{pageNumber}/page_image",
     ""),
    # -- views
    ("create_recipient_view", "POST", E + "/views/recipient",
     "embedded signers (clientUserId) whose turn it is; the URL is not served"),
    ("create_sender_view", "POST", E + "/views/sender", ""),
    ("create_correct_view", "POST", E + "/views/correct", ""),
    ("create_edit_view", "POST", E + "/views/edit", ""),
    # -- templates
    ("list_templates", "GET", A + "/templates", "search_text on name and description, paging"),
    ("get_template", "GET", T, "SDK TemplatesApi.get: documents, role placeholders with tabs"),
    ("create_template", "POST", A + "/templates", "templates are seeded"),
    ("update_template", "PUT", T, "SDK TemplatesApi.update"),
    ("list_template_recipients", "GET", T + "/recipients", "SDK TemplatesApi.list_recipients"),
    ("list_template_documents", "GET", T + "/documents", "SDK TemplatesApi.list_documents"),
    ("get_template_document", "GET", T + "/documents/{documentId}", "SDK TemplatesApi.get_document"),
    # -- OAuth account server (DOCUSIGN_AUTH_URL)
    ("oauth_token", "POST", "/oauth-server/oauth/token", "JWT grant only (no authorization code, no refresh)"),
    ("oauth_userinfo", "GET", "/oauth-server/oauth/userinfo", "accounts[].base_uri is this fake's origin"),
]

# Appended to IMPLEMENTATION_COVERAGE.md.
NOTES: tuple[str, ...] = (
    "**Connect message shape.** An envelope's `eventNotification` without `eventData` (or with version "
    "`legacy`) gets the legacy XML message (`DocuSignEnvelopeInformation`, `text/xml`); with version "
    "`restv2.1` it gets JSON SIM whose `data` is the event data only (`accountId`, `userId`, `envelopeId`, "
    "`recipientId`) unless `includeData` names `recipients`, `tabs` or `custom_fields`. Account-level Connect "
    "sends JSON SIM with recipients, tabs and custom fields (setting `docusign.connect_include_data` narrows it, "
    "`docusign.connect_version: legacy` switches to XML). `restv2.1` with format `xml` is refused.",
    "**Composite templates.** Templates overlay by `sequence`; a composite's `document` wins over template "
    "documents, else the first template (by sequence) with documents supplies them; inline recipients fill the "
    "server template's roles by `roleName` (text tabs by label), others are added as given; the same "
    "`recipientId` across composites is one recipient; later composites' documents are renumbered when their ids "
    "are taken. Top-level `templateId`, `documents` or `recipients` next to `compositeTemplates` are refused.",
    "**Recipient types.** Signers, carbon copies (sent their copy when their routing order comes up and "
    "completed at once, routing goes on) and certified deliveries (their view completes them; routing waits for "
    "it). A `roleName` is optional: world actions and `tab_values` find recipients by role, email, routing order "
    "or recipient id.",
)
