"""BambooHR's error answers.

Most endpoints answer an error with its status, an empty body and the reason
in the ``X-BambooHR-Message`` header (BHR spec ``components.responses``). Two
families speak JSON instead: the cursor-paginated employee list
(``{"error": {"code": "BadRequest"|"BadPage", "message"}}``,
``Employee-StringCodeErrorResponse-V1``) and the webhook endpoints
(``{"errors": [{"error", "issues"...}]}``, ``WebhookBadRequest`` and
``WebhookError``).
"""

from __future__ import annotations

import re
from typing import Any

from ...kit.http import Response, Route, VendorError, json_response
from ...kit.model import ModelError

MESSAGE_HEADER = "X-BambooHR-Message"
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


def header_safe(text: str, limit: int = 500) -> str:
    """A header value that cannot break the response: no control characters, ASCII only."""
    text = _UNSAFE.sub(" ", text).encode("ascii", "backslashreplace").decode("ascii")
    return text[:limit]


def message_response(status: int, message: str, headers: list[tuple[str, str]] | None = None) -> Response:
    return Response(status, [(MESSAGE_HEADER, header_safe(message)), *(headers or [])], b"")


class BambooHRError(VendorError):
    """Status, empty body, reason in ``X-BambooHR-Message``."""

    def __init__(self, status: int, message: str, headers: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message, status)
        self.headers = headers or []

    def response(self) -> Response:
        return message_response(self.status, self.message, self.headers)


class ListError(VendorError):
    """The new ``GET /employees`` list's JSON error: code BadRequest or BadPage, always 400."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, 400)
        self.code = code

    def response(self) -> Response:
        return json_response({"error": {"code": self.code, "message": self.message}}, 400)


class WebhookError(VendorError):
    """The webhook endpoints' JSON errors: ``{"errors": [{"error": ..., ...}]}``."""

    def __init__(self, status: int, message: str, **detail: Any) -> None:
        super().__init__(message, status)
        self.detail = detail

    def response(self) -> Response:
        return json_response({"errors": [{"error": self.message, **self.detail}]}, self.status)


# ModelError.kind -> status; "invalid" depends on the operation (409 on an
# employee field, 406 on a table row: BHR spec for update-employee and
# create-table-row).
_KIND_STATUS = {"not_found": 404, "conflict": 409, "required": 400, "unknown_field": 400, "read_only": 400}
ROW_WRITES = frozenset({"create_table_row", "update_table_row", "create_table_row_v1_1", "update_table_row_v1_1"})


def from_model_error(exc: ModelError, route: Route | None = None) -> BambooHRError:
    """A refusal of the model as BambooHR answers it (the fake's ``model_error`` hook): the status for
    its kind, an invalid value 406 on a table-row write and 409 elsewhere; the reason in the header."""
    invalid = 406 if route is not None and route.operation in ROW_WRITES else 409
    return BambooHRError(_KIND_STATUS.get(exc.kind, invalid), exc.message)
