"""Dropbox Sign's error answer: ``{"error": {"error_msg", "error_name"[, "error_path"]}}``.

Names, statuses and fixed messages are those of the example error bodies in
Dropbox Sign's OpenAPI document (github.com/hellosign/hellosign-openapi,
``examples/json/Error{400,401,402,403,404,409,410,422,429}Response.json``) and
the SDK's ``ErrorResponseError`` model (``error_msg`` and ``error_name``
required, ``error_path`` optional):

- 400 ``bad_request`` (with ``error_path`` naming the field, e.g. ``cc_email_addresses[0]``)
- 401 ``unauthorized`` "Unauthorized user. No credentials supplied."
- 402 ``payment_required``, 403 ``forbidden``
- 404 ``not_found`` "Not found."
- 409 ``conflict``, 410 ``deleted`` "This resource has been deleted."
- 422 ``unprocessable_entity``, 429 ``exceeded_rate`` "Too many requests."

Which status a given model refusal gets is this fake's choice where the
spec does not say (⚠️): an unknown request or template is 404 ``not_found``;
acting on a request in the wrong state (cancelling a completed one,
reminding a signer whose turn has not come) is 400 ``bad_request``, the
status the spec's cancel operation lists among its 4XX answers.
"""

from __future__ import annotations

from ...kit.http import Response, VendorError, json_response
from ...kit.model import ModelError

NAMES = {
    400: "bad_request",
    401: "unauthorized",
    402: "payment_required",
    403: "forbidden",
    404: "not_found",
    405: "bad_request",
    409: "conflict",
    410: "deleted",
    422: "unprocessable_entity",
    429: "exceeded_rate",
    500: "unknown_error",
    502: "unknown_error",
    503: "unknown_error",
}
MESSAGES = {
    "unauthorized": "Unauthorized user. No credentials supplied.",
    "not_found": "Not found.",
    "deleted": "This resource has been deleted.",
    "exceeded_rate": "Too many requests.",
    "conflict": "An identical request is already being processed.",
}

# What the model refused: field -> the request parameter Dropbox Sign would name in error_path.
PATHS = {
    "email": "signers",
    "name": "signers",
    "role": "signers",
    "routing_order": "signers",
    "recipients": "signers",
    "documents": "files",
    "subject": "subject",
    "custom_field": "metadata",
    "template_id": "template_ids",
}


class DropboxSignError(VendorError):
    def __init__(self, status: int, message: str = "", path: str | None = None) -> None:
        name = NAMES.get(status, "bad_request")
        super().__init__(message or MESSAGES.get(name, name.replace("_", " ").capitalize() + "."), status)
        self.name = name
        self.path = path

    def response(self) -> Response:
        return body(self.status or 400, self.message, self.path)


def body(status: int, message: str, path: str | None = None) -> Response:
    error: dict[str, str] = {"error_msg": message, "error_name": NAMES.get(status, "bad_request")}
    if path:
        error["error_path"] = path
    return json_response({"error": error}, status)


def bad_request(message: str, path: str | None = None) -> DropboxSignError:
    return DropboxSignError(400, message, path)


def from_model(exc: ModelError) -> DropboxSignError:
    """One mapping for every handler: the Fake's ``model_error`` hook calls it."""
    message = exc.message.replace("envelope", "signature request")  # the model's word, in the vendor's
    if exc.kind == "not_found":
        return DropboxSignError(404, MESSAGES["not_found"] + f" ({message})")
    return DropboxSignError(400, message, PATHS.get(exc.field or ""))
