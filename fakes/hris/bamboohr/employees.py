"""Employee operations: get, list, directory, create, update, changed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ...kit.http import Request, Response, empty_response
from . import listing, serialize
from .base import Operations, flag
from .errors import BambooHRError
from .fields import VOCABULARY

MAX_FIELDS = 400  # BHR spec get-employee: "The maximum number of fields per request is 400."
CHANGE_TYPES = ("inserted", "updated", "deleted", "all")


class EmployeeOperations(Operations):
    def get_employee(self, request: Request) -> dict[str, Any]:
        model = self.model(request)
        employee_id = self.employee_id(request, model)
        view = model.employee(employee_id, only_current=flag(request.q("onlyCurrent"), "onlyCurrent", True))
        return serialize.employee_fields(view, requested_fields(request.q("fields"), model))

    def list_employees(self, request: Request) -> dict[str, Any]:
        query = listing.parse(request.query_items)
        url = self.api_base(request) + "/employees"
        return listing.answer(self.model(request), query, url, request.query_items, request.query_string)

    def get_employees_directory(self, request: Request) -> dict[str, Any]:
        """Active employees; future hires only with onlyCurrent=false; 404 when empty (BHR spec)."""
        model = self.model(request)
        only_current, today = flag(request.q("onlyCurrent"), "onlyCurrent", True), model.today()
        views = [
            v
            for v in model.views()
            if v["status"] == "Active" and not (only_current and v["hire_date"] is not None and v["hire_date"] > today)
        ]
        if not views:
            raise BambooHRError(404, "The directory is empty")
        return serialize.directory(views)

    def create_employee(self, request: Request) -> Response:
        """201, no body, the new employee's URL in Location (BHR spec create-employee)."""
        ident = self.model(request).insert_employee(self.body(request), VOCABULARY)
        return empty_response(201, [("Location", f"{self.api_base(request)}/employees/{ident}")])

    def update_employee(self, request: Request) -> Response:
        model = self.model(request)
        model.update_employee(self.employee_id(request, model), self.body(request), VOCABULARY)
        return empty_response(200)

    def get_changed_employee_ids(self, request: Request) -> dict[str, Any]:
        since, kind = parse_since(request.q("since")), (request.q("type") or "all").lower()
        if kind not in CHANGE_TYPES:
            raise BambooHRError(400, f"type={kind!r} must be one of {', '.join(CHANGE_TYPES)}")
        changes = self.model(request).changed_since(since, None if kind == "all" else kind.capitalize())
        latest = max((c["last_changed"] for c in changes.values()), default=since)
        return {
            "latest": serialize.iso(latest),
            "employees": {
                str(i): {"id": str(i), "action": c["action"], "lastChanged": serialize.iso(c["last_changed"])}
                for i, c in changes.items()
            },
        }


def requested_fields(raw: str | None, model: Any) -> list[tuple[str, str]]:
    """(key as asked, the model's field key) per requested field; unknown names are a 400."""
    names = [n.strip() for n in (raw if raw is not None else "firstName,lastName").split(",") if n.strip()]
    if len(names) > MAX_FIELDS:
        raise BambooHRError(400, f"Too many fields requested ({len(names)}); the maximum is {MAX_FIELDS}")
    out, unknown = [], []
    for name in names:
        key = None if name == "id" else VOCABULARY.field_key(name, model)
        if key is not None:
            out.append((name, key))
        elif name != "id":
            unknown.append(name)
    if unknown:
        raise BambooHRError(400, "Invalid field(s) requested: " + ", ".join(unknown)[:300])
    return out


def parse_since(raw: str | None) -> datetime:
    """An ISO-8601 instant; a ``+`` that arrived unencoded (as a space) is put back."""
    if not raw:
        raise BambooHRError(400, "The since parameter is required (ISO 8601, e.g. 2026-03-01T00:00:00Z)")
    candidates = [raw.strip(), raw.strip().replace(" ", "+")]
    for text in candidates:
        try:
            instant = datetime.fromisoformat(text)
            return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant.astimezone(UTC)
        except (ValueError, OverflowError):
            continue
    raise BambooHRError(400, f"since={raw[:60]!r} is not a valid ISO 8601 date")
