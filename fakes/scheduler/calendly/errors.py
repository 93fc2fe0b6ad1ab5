"""Calendly's error answers.

Every error is ``{"title", "message", "details"?}`` where ``details`` is a list
of ``{"parameter", "message"}`` (ErrorResponse in Calendly's OpenAPI,
developer.calendly.com/openapi/calendly-api.yaml, mirrored in
speakeasy-sdks/calendly-python ``openapi/openapi.yaml``). The fixed messages
below are the ones that document lists for each title.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from ...kit.http import Response, Route, VendorError, json_response
from ...kit.model import ModelError

TITLES = {
    400: "Invalid Argument",
    401: "Unauthenticated",
    403: "Permission Denied",
    404: "Resource Not Found",
    409: "Already Exists",
    500: "Internal Server Error",
}
INVALID = "The supplied parameters are invalid."
UNAUTHENTICATED = "The access token is invalid"
FORBIDDEN = "You do not have permission to access this resource."
NOT_FOUND = "The server could not find the requested resource."
SERVER = "The server encountered an unexpected condition that prevented it from fulfilling the request."
# Create Webhook Subscription's documented 403 (basic/essentials plans) and 409 texts.
UPGRADE = "Please upgrade your Calendly account to Professional"
HOOK_EXISTS = "Hook with this url already exists"


def title_for(status: int) -> str:
    if status in TITLES:
        return TITLES[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def body(status: int, message: str, details: list[dict[str, str]] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"title": title_for(status), "message": message}
    if details:
        out["details"] = details
    return out


class CalendlyError(VendorError):
    status = 400
    default = INVALID

    def __init__(self, message: str | None = None, details: list[dict[str, str]] | None = None) -> None:
        super().__init__(message or self.default)
        self.details = details or []

    def response(self) -> Response:
        return json_response(body(self.status, self.message, self.details), self.status)


class InvalidArgument(CalendlyError):
    status = 400

    @classmethod
    def on(cls, parameter: str, message: str) -> InvalidArgument:
        return cls(INVALID, [{"parameter": parameter, "message": message}])


class Unauthenticated(CalendlyError):
    status = 401
    default = UNAUTHENTICATED


class PermissionDenied(CalendlyError):
    status = 403
    default = FORBIDDEN


class ResourceNotFound(CalendlyError):
    status = 404
    default = NOT_FOUND


class AlreadyExists(CalendlyError):
    status = 409
    default = "The resource already exists"


# What an operation's refusals say in Calendly's words, where its OpenAPI documents them:
# operation -> {model error kind -> the vendor error class, or a fixed message}.
OPERATION_MESSAGES: dict[str, dict[str, str]] = {
    # Create Webhook Subscription's documented 403 (basic/essentials plans) and 409 texts.
    "create_webhook_subscription": {"forbidden": UPGRADE, "conflict": HOOK_EXISTS},
}


def from_model_error(exc: ModelError, route: Route | None = None) -> CalendlyError:
    """The Calendly answer to a refusal of the model during ``route`` (the fake's ``model_error`` hook)."""
    operation = route.operation if route is not None else ""
    message = OPERATION_MESSAGES.get(operation, {}).get(exc.kind, exc.message)
    if exc.kind == "not_found":
        return ResourceNotFound()
    if exc.kind == "forbidden":
        return PermissionDenied(message)
    if exc.kind == "conflict":
        if operation == "cancel_event":  # "Event is already canceled" / "Event in the past" (OpenAPI 403)
            return PermissionDenied(message)
        return AlreadyExists(message)
    return InvalidArgument.on(exc.field or "body", message)
