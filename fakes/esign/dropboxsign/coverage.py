"""Dropbox Sign API v3 operations for the resources in scope (signature
requests, embedded signing, templates, the account), as (operation, method,
path, note). Operation names are the official Python SDK's method names
(``dropbox-sign`` 2.0.0: ``SignatureRequestApi``, ``EmbeddedApi``,
``TemplateApi``, ``AccountApi``); where this fake implements one, its
Route.operation is the same name. IMPLEMENTATION_COVERAGE.md is generated
from this list and the route table.
"""

from __future__ import annotations

S = "/v3/signature_request"
T = "/v3/template"

VENDOR_OPERATIONS: list[tuple[str, str, str, str]] = [
    # -- signature requests
    ("signature_request_send", "POST", S + "/send",
     "files[] (multipart) or file_urls[] (not fetched: a placeholder PDF names the URL); signers with 0-based "
     "order; metadata; subject, message, title. form_fields_per_document and text tags are accepted and ignored"),
    ("signature_request_send_with_template", "POST", S + "/send_with_template",
     "one template id; signers by role; custom_fields fill the template's merge fields (editor = role); metadata"),
    ("signature_request_create_embedded", "POST", S + "/create_embedded", "as send, client_id required"),
    ("signature_request_create_embedded_with_template", "POST", S + "/create_embedded_with_template",
     "as send_with_template, client_id required"),
    ("signature_request_get", "GET", S + "/{signature_request_id}", "signatures, custom_fields, response_data"),
    ("signature_request_list", "GET", S + "/list", "page, page_size (1-100), query on title and signers"),
    ("signature_request_cancel", "POST", S + "/cancel/{signature_request_id}",
     "200 with an empty body; signature_request_canceled follows"),
    ("signature_request_remind", "POST", S + "/remind/{signature_request_id}",
     "email_address (+ name) of a signer whose turn it is"),
    ("signature_request_files", "GET", S + "/files/{signature_request_id}", "file_type pdf or zip"),
    ("signature_request_files_as_data_uri", "GET", S + "/files_as_data_uri/{signature_request_id}",
     "not implemented"),
    ("signature_request_files_as_file_url", "GET", S + "/files_as_file_url/{signature_request_id}",
     "not implemented"),
    ("signature_request_update", "POST", S + "/update/{signature_request_id}", "not implemented"),
    ("signature_request_remove", "POST", S + "/remove/{signature_request_id}", "not implemented"),
    ("signature_request_release_hold", "POST", S + "/release_hold/{signature_request_id}", "not implemented"),
    ("signature_request_edit", "PUT", S + "/edit/{signature_request_id}", "not implemented"),
    ("signature_request_bulk_send_with_template", "POST", S + "/bulk_send_with_template", "not implemented"),
    ("signature_request_bulk_create_embedded_with_template", "POST", S + "/bulk_create_embedded_with_template",
     "not implemented"),
    # -- embedded
    ("embedded_sign_url", "GET", "/v3/embedded/sign_url/{signature_id}",
     "for a signer of an embedded request whose turn it is; the URL is not served"),
    ("embedded_edit_url", "POST", "/v3/embedded/edit_url/{template_id}", "not implemented"),
    # -- templates
    ("template_list", "GET", T + "/list", "query (plain text or title:...) on the title, paging"),
    ("template_get", "GET", T + "/{template_id}", "signer_roles (0-based order), documents, custom_fields"),
    ("template_create", "POST", T + "/create", "not implemented (templates are seeded)"),
    ("template_delete", "POST", T + "/delete/{template_id}", "not implemented"),
    ("template_files", "GET", T + "/files/{template_id}", "not implemented"),
    # -- account
    ("account_get", "GET", "/v3/account", "account_id, email_address, callback_url"),
    ("account_update", "PUT", "/v3/account", "not implemented (the callback URL is a setting)"),
]

NOTES: tuple[str, ...] = (
    "**Events.** `multipart/form-data` with the field `json` = `{event, signature_request}` to the account "
    "callback (setting `dropbox_sign.callback_url`) or, for a request sent with `client_id`, the app callback "
    "(`dropbox_sign.app_callback_url`). `event.event_hash` = hex HMAC-SHA256(API key, event_time + event_type). "
    "A delivery counts only when answered 200 with \"Hello API Event Received\" in the body; otherwise it is "
    "retried after 5 min, 15 min, 45 min, 2 h 15 min, 6 h 45 min and 20 h 15 min (virtual clock).",
    "**Model mapping.** A signature request is an envelope of the shared e-signature model; `metadata` are its "
    "custom fields, template `custom_fields` its Candidate/Hiring Manager text tabs, `signature_id` a recipient's "
    "guid, `order` the routing order minus one. A canceled request is a voided envelope; it still reads back "
    "(⚠️ whether Dropbox Sign answers 410 for it was not verified).",
)
