"""Greenhouse's error answers.

Harvest documents one error body, the 422 validation body
``{"message": "Validation error", "errors": [{"message": ..., "field": ...}]}``
(harvest/_introduction.md, "Validation"); the bodies of 401/403/404/429/500
are not documented, so they carry ``{"message": ...}``. The OAuth token
endpoint of Harvest v3 answers the RFC 6749 §5.2 shape ``{"error": ...}``.
"""

from __future__ import annotations

from typing import Any

from ...kit.http import Response, Route, VendorError, json_response
from ...kit.model import ModelError


class GreenhouseError(VendorError):
    """``{"message": ...}`` with the status given."""

    def response(self) -> Response:
        return json_response({"message": self.message}, self.status, self.extra.get("headers", ()))


class Unauthorized(GreenhouseError):
    status = 401


class Forbidden(GreenhouseError):
    status = 403


class NotFoundError(GreenhouseError):
    status = 404


class ValidationFailed(GreenhouseError):
    """422 with one entry per parameter that failed validation."""

    status = 422

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("Validation error")
        self.errors = errors

    @classmethod
    def one(cls, message: str, field: str | None) -> ValidationFailed:
        return cls([{"message": message, "field": field}])

    def response(self) -> Response:
        return validation_response(self.errors)


class OAuthError(VendorError):
    """An OAuth 2.0 token-endpoint error (RFC 6749 §5.2)."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description, status)
        self.error = error

    def response(self) -> Response:
        headers = [("WWW-Authenticate", 'Basic realm="greenhouse"')] if self.status == 401 else []
        return json_response({"error": self.error, "error_description": self.message}, self.status, headers)


def validation_response(errors: list[dict[str, Any]]) -> Response:
    return json_response({"message": "Validation error", "errors": errors}, 422)


def from_model_error(exc: ModelError, route: Route | None = None) -> GreenhouseError:
    """A refusal of the model, as Greenhouse words a refused write: 422 naming the field
    (the fake's ``model_error`` hook; the same answer for every operation)."""
    return ValidationFailed.one(exc.message, exc.field)
