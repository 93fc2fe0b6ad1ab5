"""Tabular data (jobInfo, compensation, employmentStatus) and the meta endpoints.

Table and column names arrive as BambooHR's and go to the model through the
dialect's vocabulary (``fields.py``); rows come back keyed by the model's
neutral columns and are written out with BambooHR's aliases."""

from __future__ import annotations

from typing import Any

from ...kit.http import Request, Response, empty_response, json_response
from ...kit.model import ModelError
from . import serialize
from .base import Operations
from .employees import parse_since
from .errors import BambooHRError
from .fields import VOCABULARY


class TableOperations(Operations):
    def get_employee_table_data(self, request: Request) -> list[dict[str, Any]]:
        """Rows ``[{id, employeeId, ...}]``; ``id=all`` gives every employee's rows."""
        model, table = self.model(request), request.params["table"]
        employee_id = self.employee_id(request, model, allow_all=True)
        rows = model.all_rows(table, VOCABULARY) if employee_id is None else model.rows(employee_id, table, VOCABULARY)
        return [serialize.row(r, str(VOCABULARY.table_key(table))) for r in rows]

    def create_table_row(self, request: Request) -> Response:
        """200 and no body (BHR spec create-table-row: "No response body is returned")."""
        model = self.model(request)
        model.insert_row(self.employee_id(request, model), request.params["table"], self.body(request), VOCABULARY)
        return empty_response(200)

    def update_table_row(self, request: Request) -> Response:
        model = self.model(request)
        model.update_row(
            self.employee_id(request, model),
            request.params["table"],
            request.params["rowId"],
            self.body(request),
            VOCABULARY,
        )
        return empty_response(200)

    def delete_employee_table_row(self, request: Request) -> Response:
        """``{"success": true}``, or 200 ``{"success": false, "error"}`` for a missing row (BHR spec)."""
        model = self.model(request)
        try:
            employee_id = self.employee_id(request, model)
            deleted = model.delete_table_row(employee_id, request.params["table"], request.params["rowId"], VOCABULARY)
        except (BambooHRError, ModelError) as exc:
            raise BambooHRError(400, f"Invalid employee ID or table name: {exc}") from None
        if not deleted:
            return json_response({"success": False, "error": f"Row {request.params['rowId']!r} was not found"})
        return json_response({"success": True})

    def get_changed_employee_table_data(self, request: Request) -> dict[str, Any]:
        """Every row of the table for each employee changed since ``since``."""
        model, table = self.model(request), request.params["table"]
        model.all_rows(table, VOCABULARY)  # an unknown table is a 404 before since is looked at
        key = str(VOCABULARY.table_key(table))
        since = parse_since(request.q("since"))
        employees = {}
        for ident, change in model.changed_since(since).items():
            if change["action"] == "Deleted":
                continue
            rows = [serialize.row(r, key) for r in model.rows(ident, table, VOCABULARY)]
            employees[str(ident)] = {"lastChanged": serialize.iso(change["last_changed"]), "rows": rows}
        return {"table": table, "employees": employees}


class MetaOperations(Operations):
    def list_fields(self, request: Request) -> list[dict[str, Any]]:
        return [serialize.field_entry(f) for f in self.model(request).fields()]

    def list_tabular_fields(self, request: Request) -> list[dict[str, Any]]:
        return serialize.tables()

    def list_list_fields(self, request: Request) -> list[dict[str, Any]]:
        return [serialize.list_field(entry) for entry in self.model(request).lists()]
