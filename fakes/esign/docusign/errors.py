"""DocuSign's error answer: ``{"errorCode": "...", "message": "..."}``, HTTP 400 for
almost everything (even an envelope that does not exist), 401 for credentials.

Codes and fixed messages, with where each was checked (⚠️ = not verified
against a DocuSign source; chosen from DocuSign's published code list style):

- ``ENVELOPE_CANNOT_VOID_INVALID_STATE`` "Only envelopes in the 'Sent' or
  'Delivered' states may be voided." (body seen in several public test
  fixtures of DocuSign clients; the state rule is the SDK's ``update`` doc:
  "Voids the specified in-process envelope").
- ``INVALID_REQUEST_PARAMETER`` "The request contained at least one invalid
  parameter. ..." with "Value for 'voidedReason' must be specified when voiding
  an envelope." and "Query parameter 'from_date' must be set to a valid
  DateTime, or 'envelope_ids' or 'transaction_ids' must be specified." (both
  quoted in docusign-esign-node-client#246 and docusign-esign-csharp-client#30).
- ``USER_AUTHENTICATION_FAILED``, ``AUTHORIZATION_INVALID_TOKEN``,
  ``ENVELOPE_DOES_NOT_EXIST``, ``INVALID_REQUEST_BODY``,
  ``ACCOUNT_LACKS_PERMISSIONS``, ``DOCUMENT_DOES_NOT_EXIST``: listed on
  developers.docusign.com/docs/esign-rest-api/esign101/error-codes/troubleshooting-common-errors.
- ``USER_LACKS_MEMBERSHIP`` "The UserID does not have a valid membership in
  this Account." (DocuSign's own code examples, eSign43) for an accountId the
  token's user does not belong to ⚠️ (which code a wrong accountId gets).
- ``TEMPLATE_ID_INVALID``, ``INVALID_EMAIL_ADDRESS_FOR_RECIPIENT``,
  ``INVALID_USERNAME_FOR_RECIPIENT``, ``ENVELOPE_IS_INCOMPLETE``,
  ``ENVELOPE_INVALID_STATUS``, ``INVALID_RECIPIENT_ID``,
  ``UNKNOWN_ENVELOPE_RECIPIENT``, ``RECIPIENT_NOT_IN_SEQUENCE`` ⚠️.
"""

from __future__ import annotations

from ...kit.http import Response, Route, VendorError, json_response
from ...kit.model import ModelError

MESSAGES = {
    "INVALID_REQUEST_PARAMETER": "The request contained at least one invalid parameter.",
    "INVALID_REQUEST_BODY": "The request body is missing or improperly formatted.",
    "ENVELOPE_DOES_NOT_EXIST": "The envelope specified either does not exist or you have no rights to it.",
    "ENVELOPE_CANNOT_VOID_INVALID_STATE": "Only envelopes in the 'Sent' or 'Delivered' states may be voided.",
    "ENVELOPE_INVALID_STATUS": "Invalid envelope status.",
    "ENVELOPE_IS_INCOMPLETE": (
        "The Envelope is not Complete. A Complete Envelope Requires Documents, Recipients, Tabs, and a Subject Line."
    ),
    "TEMPLATE_ID_INVALID": "Invalid template ID.",
    "INVALID_EMAIL_ADDRESS_FOR_RECIPIENT": "The email address for the recipient is invalid.",
    "INVALID_USERNAME_FOR_RECIPIENT": "The user name for the recipient is invalid.",
    "INVALID_RECIPIENT_ID": "A recipient ID is invalid.",
    "UNKNOWN_ENVELOPE_RECIPIENT": (
        "The recipient you have identified is not a valid recipient of the specified envelope."
    ),
    "RECIPIENT_NOT_IN_SEQUENCE": "The token for an out of sequence recipient can not be generated.",
    "DOCUMENT_DOES_NOT_EXIST": "The document specified was not found.",
    "USER_AUTHENTICATION_FAILED": "One or both of Username and Password are invalid. Invalid access token",
    "AUTHORIZATION_INVALID_TOKEN": "The access token provided is expired, revoked or malformed.",
    "USER_LACKS_MEMBERSHIP": "The UserID does not have a valid membership in this Account.",
    "HOURLY_APIINVOCATION_LIMIT_EXCEEDED": "The maximum number of hourly API invocations has been exceeded.",
    "BURST_APIINVOCATION_LIMIT_EXCEEDED": "The maximum number of burst API invocations has been exceeded.",
    "RESOURCE_NOT_FOUND": "The URL provided does not resolve to a resource.",
    "UNSPECIFIED_ERROR": "An unspecified error occurred.",
}

# Statuses the pipeline reports (404/405, injected faults, harness bugs) -> code.
STATUS_CODES = {
    400: "INVALID_REQUEST_PARAMETER",
    401: "AUTHORIZATION_INVALID_TOKEN",
    404: "RESOURCE_NOT_FOUND",
    405: "INVALID_REQUEST_PARAMETER",
    429: "HOURLY_APIINVOCATION_LIMIT_EXCEEDED",
}

# What the model refused (kind, field) -> DocuSign's code for it.
MODEL_CODES = {
    ("not_found", "envelope_id"): "ENVELOPE_DOES_NOT_EXIST",
    ("not_found", "template_id"): "TEMPLATE_ID_INVALID",
    ("not_found", "recipient_id"): "INVALID_RECIPIENT_ID",
    ("not_found", "recipient"): "UNKNOWN_ENVELOPE_RECIPIENT",
    ("invalid", "email"): "INVALID_EMAIL_ADDRESS_FOR_RECIPIENT",
    ("invalid", "name"): "INVALID_USERNAME_FOR_RECIPIENT",
    ("invalid", "subject"): "ENVELOPE_IS_INCOMPLETE",
    ("invalid", "documents"): "ENVELOPE_IS_INCOMPLETE",
    ("invalid", "recipients"): "ENVELOPE_IS_INCOMPLETE",
    ("conflict", "void"): "ENVELOPE_CANNOT_VOID_INVALID_STATE",
    ("conflict", "status"): "ENVELOPE_INVALID_STATUS",
    ("conflict", "routing_order"): "RECIPIENT_NOT_IN_SEQUENCE",
}
EXACT = frozenset({"ENVELOPE_CANNOT_VOID_INVALID_STATE"})  # the message is DocuSign's, word for word


class DocuSignError(VendorError):
    def __init__(self, code: str, detail: str = "", status: int = 400) -> None:
        base = MESSAGES.get(code, "")
        message = base if code in EXACT or not detail else f"{base} {detail}".strip()
        super().__init__(message, status)
        self.code = code

    def response(self) -> Response:
        return body(self.code, self.message, self.status)


def body(code: str, message: str, status: int) -> Response:
    return json_response({"errorCode": code, "message": message}, status)


def invalid_parameter(detail: str) -> DocuSignError:
    return DocuSignError("INVALID_REQUEST_PARAMETER", detail)


def invalid_body(detail: str) -> DocuSignError:
    return DocuSignError("INVALID_REQUEST_BODY", detail)


def from_model_error(exc: ModelError, route: Route | None = None) -> DocuSignError:
    """A refusal of the model as DocuSign words it (the fake's ``model_error`` hook): the code for
    (kind, field) when there is one, else INVALID_REQUEST_PARAMETER; never a 500."""
    code = MODEL_CODES.get((exc.kind, exc.field or ""), "INVALID_REQUEST_PARAMETER")
    return DocuSignError(code, exc.message)
