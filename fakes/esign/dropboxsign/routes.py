"""The route table, data only: Dropbox Sign API v3 paths (the official SDK's
``resource_path`` values under its host ``https://api.hellosign.com/v3``) and
operation names (the SDK's method names)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...kit.http import Route
from . import schemas as s

if TYPE_CHECKING:
    from .fake import DropboxSignFake

V = "/v3"
S = V + "/signature_request"
READ = {200: "OK", 400: "ErrorResponse (bad_request)", 401: "ErrorResponse (unauthorized)",
        404: "ErrorResponse (not_found)"}
WRITE = {**READ}
SENT = {**WRITE, 200: "SignatureRequestGetResponse"}


def routes(fake: DropboxSignFake) -> list[Route]:
    return [
        Route("POST", S + "/send", fake.signature_request_send, "signature_request_send",
              "Send a signature request from files (files[] or file_urls[]) to signers, optionally in order",
              body=s.SEND, responses=SENT, write=True),
        Route("POST", S + "/send_with_template", fake.signature_request_send_with_template,
              "signature_request_send_with_template",
              "Send a signature request from a template: signers by role, custom_fields fill merge fields",
              body=s.SEND_WITH_TEMPLATE, responses=SENT, write=True),
        Route("POST", S + "/create_embedded", fake.signature_request_create_embedded,
              "signature_request_create_embedded",
              "Create a signature request for embedded signing (client_id) from files",
              body=s.CREATE_EMBEDDED, responses=SENT, write=True),
        Route("POST", S + "/create_embedded_with_template", fake.signature_request_create_embedded_with_template,
              "signature_request_create_embedded_with_template",
              "Create a signature request for embedded signing (client_id) from a template",
              body=s.CREATE_EMBEDDED_WITH_TEMPLATE, responses=SENT, write=True),
        Route("GET", S + "/list", fake.signature_request_list, "signature_request_list",
              "Signature requests of the account, newest first, paged", query=s.LIST_QUERY,
              responses={**READ, 200: "SignatureRequestListResponse"}),
        Route("POST", S + "/cancel/{signature_request_id}", fake.signature_request_cancel,
              "signature_request_cancel", "Cancel an incomplete signature request (200, empty body)",
              responses={**WRITE, 200: "empty"}, write=True),
        Route("POST", S + "/remind/{signature_request_id}", fake.signature_request_remind,
              "signature_request_remind", "Remind a signer whose turn it is", body=s.REMIND, responses=SENT,
              write=True),
        Route("GET", S + "/files/{signature_request_id}", fake.signature_request_files, "signature_request_files",
              "The documents: one PDF (file_type=pdf) or a zip", query=s.FILES_QUERY,
              responses={**READ, 200: "application/pdf or application/zip"}),
        Route("GET", S + "/{signature_request_id}", fake.signature_request_get, "signature_request_get",
              "One signature request", responses={**READ, 200: "SignatureRequestGetResponse"}),
        Route("GET", V + "/embedded/sign_url/{signature_id}", fake.embedded_sign_url, "embedded_sign_url",
              "The URL of an embedded signing session for one signer",
              responses={**READ, 200: "EmbeddedSignUrlResponse"}),
        Route("GET", V + "/template/list", fake.template_list, "template_list",
              "Templates of the account, searchable (query)", query=s.LIST_QUERY,
              responses={**READ, 200: "TemplateListResponse"}),
        Route("GET", V + "/template/{template_id}", fake.template_get, "template_get",
              "One template: signer roles, documents, custom fields", responses={**READ, 200: "TemplateGetResponse"}),
        Route("GET", V + "/account", fake.account_get, "account_get", "The account (and its callback_url)",
              query=s.ACCOUNT_QUERY, responses={**READ, 200: "AccountGetResponse"}),
    ]
