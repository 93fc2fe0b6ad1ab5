"""Calendly's error answers.

Every error is ``{"title", "message", "details"?}`` where ``details`` is a list
of ``{"parameter", "message"}`` (ErrorResponse in Calendly's OpenAPI,
developer.calendly.com/openapi/calendly-api.yaml, mirrored in
speakeasy-sdks/calendly-python ``openapi/openapi.yaml``). The fixed messages
below are the ones that document lists for each title.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from http import HTTPStatus
from typing import Any, TypeVar

from ...kit.http import Response, VendorError, json_response
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


def from_model(exc: ModelError, messages: dict[str, str] | None = None) -> CalendlyError:
    """The Calendly answer to a refusal of the model; ``messages`` gives Calendly's own text per kind."""
    message = (messages or {}).get(exc.kind, exc.message)
    if exc.kind == "not_found":
        return ResourceNotFound()
    if exc.kind == "forbidden":
        return PermissionDenied(message)
    if exc.kind == "conflict":
        return AlreadyExists(message)
    return InvalidArgument.on(exc.field or "body", message)


F = TypeVar("F", bound=Callable[..., Any])


def translated(fn: F) -> F:
    """Let a handler call the model freely: its refusals come out as Calendly errors."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ModelError as exc:
            raise from_model(exc) from None

    return wrapper  # type: ignore[return-value]
