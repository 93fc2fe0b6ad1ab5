"""The route table, data only: Dropbox Sign API v3 paths (the official SDK's
``resource_path`` values under its host ``https://api.hellosign.com/v3``) and
operation names (the SDK's method names)."""

from __future__ import annotations

from . import schemas as s

V = "/v3"
READ = {200: "OK", 400: "ErrorResponse (bad_request)", 401: "ErrorResponse (unauthorized)",
        404: "ErrorResponse (not_found)"}
WRITE = {**READ}

# (method, path, handler/operation name, summary, query schema, body schema, responses, write)
ROUTES: tuple[tuple[str, str, str, str, dict, dict | None, dict, bool], ...] = (
    ("POST", V + "/signature_request/send", "signature_request_send",
     "Send a signature request from files (files[] or file_urls[]) to signers, optionally in order",
     {}, s.SEND, {**WRITE, 200: "SignatureRequestGetResponse"}, True),
    ("POST", V + "/signature_request/send_with_template", "signature_request_send_with_template",
     "Send a signature request from a template: signers by role, custom_fields fill merge fields",
     {}, s.SEND_WITH_TEMPLATE, {**WRITE, 200: "SignatureRequestGetResponse"}, True),
    ("POST", V + "/signature_request/create_embedded", "signature_request_create_embedded",
     "Create a signature request for embedded signing (client_id) from files",
     {}, s.CREATE_EMBEDDED, {**WRITE, 200: "SignatureRequestGetResponse"}, True),
    ("POST", V + "/signature_request/create_embedded_with_template",
     "signature_request_create_embedded_with_template",
     "Create a signature request for embedded signing (client_id) from a template",
     {}, s.CREATE_EMBEDDED_WITH_TEMPLATE, {**WRITE, 200: "SignatureRequestGetResponse"}, True),
    ("GET", V + "/signature_request/list", "signature_request_list",
     "Signature requests of the account, newest first, paged", s.LIST_QUERY, None,
     {**READ, 200: "SignatureRequestListResponse"}, False),
    ("POST", V + "/signature_request/cancel/{signature_request_id}", "signature_request_cancel",
     "Cancel an incomplete signature request (200, empty body)", {}, None, {**WRITE, 200: "empty"}, True),
    ("POST", V + "/signature_request/remind/{signature_request_id}", "signature_request_remind",
     "Remind a signer whose turn it is", {}, s.REMIND, {**WRITE, 200: "SignatureRequestGetResponse"}, True),
    ("GET", V + "/signature_request/files/{signature_request_id}", "signature_request_files",
     "The documents: one PDF (file_type=pdf) or a zip", s.FILES_QUERY, None,
     {**READ, 200: "application/pdf or application/zip"}, False),
    ("GET", V + "/signature_request/{signature_request_id}", "signature_request_get",
     "One signature request", {}, None, {**READ, 200: "SignatureRequestGetResponse"}, False),
    ("GET", V + "/embedded/sign_url/{signature_id}", "embedded_sign_url",
     "The URL of an embedded signing session for one signer", {}, None,
     {**READ, 200: "EmbeddedSignUrlResponse"}, False),
    ("GET", V + "/template/list", "template_list", "Templates of the account, searchable (query)",
     s.LIST_QUERY, None, {**READ, 200: "TemplateListResponse"}, False),
    ("GET", V + "/template/{template_id}", "template_get", "One template: signer roles, documents, custom fields",
     {}, None, {**READ, 200: "TemplateGetResponse"}, False),
    ("GET", V + "/account", "account_get", "The account (and its callback_url)", s.ACCOUNT_QUERY, None,
     {**READ, 200: "AccountGetResponse"}, False),
)
