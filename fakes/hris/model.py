"""The HRIS: employees, their effective-dated history, a change log, and the
webhook subscriptions an integration registers.

An employee record holds the plain fields (names, emails, hire date, custom
fields). Job, employment status and pay live in history tables of dated rows;
the current job title or pay rate is the latest row whose effective date is
on or before today on the shared virtual clock. After every change the model
compares the employee's current view with the one it last announced and
emits ``employee.updated`` with the fields that differ; a future-dated row
sets a clock timer so that the change is announced the day it takes effect
(midnight UTC; a row dated today or earlier is announced when written).

Writing a history-backed field on the employee itself (``job_title`` or
``pay_rate`` in a create or an edit) adds a row: dated the hire date on create
(today without one), today on an edit, the other columns carried over from
the current row. How BambooHR dates such rows is not documented ⚠️.

After hire the HRIS is authoritative: ``edit_employee`` is HR at work. World
actions run under the world lock through ``world.act``; the plain methods
(``insert_employee``, ``insert_row``...) are what the dialects call, already
under it.

Every name here is the model's own, vendor-neutral key (``fields.py``). The
plain methods take the caller's :class:`~fakes.hris.fields.Vocabulary`: a
dialect passes its vendor's, so that the fields, tables and columns of a
request are looked up, and named in a refusal, as the caller spelled them.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from datetime import UTC, date, datetime, time
from typing import Any

from ..kit.model import Model, ModelError, NotFound, action
from .catalogue import Catalogue
from .fields import LISTS, NEUTRAL, TABLES, HistoryTable, Vocabulary, is_empty, record_id
from .subscriptions import Subscriptions

REQUIRED = ("first_name", "last_name")
UNIQUE = ("employee_number", "work_email")

# The account's own user: the employee behind BambooHR's ``/employees/0``.
API_USER = {
    "first_name": "Harness",
    "last_name": "Admin",
    "employee_number": "ADMIN-1",
    "work_email": "hr-admin@example.com",
    "hire_date": "2020-01-06",
    "job_title": "HR Manager",
    "department": "Human Resources",
    "employment_status": "Full-Time",
}


class HrisModel(Catalogue, Subscriptions, Model):
    system = "hris"
    currency = "USD"

    def __init__(self, hub: Any, tenant: str = "default") -> None:
        self._announced: dict[int, dict[str, Any]] = {}  # employee id -> watched values last announced
        self._index: dict[str, dict[int, list[dict[str, Any]]]] | None = None  # table -> employee -> rows
        self.api_user_id = 0
        super().__init__(hub, tenant)

    # -- furniture -------------------------------------------------------------
    def seed(self) -> None:
        self.seed_catalogue()
        self.api_user_id = self._insert(dict(API_USER), quiet=True)

    def reset(self) -> None:
        self._announced.clear()
        self._index = None
        super().reset()

    def today(self) -> date:
        return self.now().date()

    # -- queries ----------------------------------------------------------------
    @action
    def employee(self, employee_id: Any, only_current: bool = True) -> dict[str, Any]:
        """One employee's current view (future-dated rows too with only_current=False)."""
        return copy.deepcopy(self._view(self._record(employee_id), only_current))

    @action
    def employees(self, only_current: bool = True, **equals: Any) -> list[dict[str, Any]]:
        """Every employee's view, optionally only those whose fields equal the given values."""
        return [
            copy.deepcopy(v) for v in self.views(only_current) if all(v.get(k) == want for k, want in equals.items())
        ]

    def views(self, only_current: bool = True) -> list[dict[str, Any]]:
        """Fresh views of every employee, for the dialects: nested money dicts are the store's, read only."""
        return [self._view(r, only_current) for r in self.store.table("employees").values()]

    @action
    def find_employee(self, employee_number: str | None = None, work_email: str | None = None) -> dict[str, Any] | None:
        """The employee with this employee number and/or work email (case-insensitive), or None."""
        if employee_number is None and work_email is None:
            return None
        for record in self.store.table("employees").values():
            if employee_number is not None and record.get("employee_number") != employee_number:
                continue
            if work_email is not None and (record.get("work_email") or "").lower() != work_email.lower():
                continue
            return self.employee(record["id"])
        return None

    @action
    def rows(self, employee_id: Any, table: str, vocab: Vocabulary = NEUTRAL) -> list[dict[str, Any]]:
        """The rows of one history table for one employee, in the order they were added."""
        key = self._table(table, vocab).key
        return copy.deepcopy(self._rows(key, self._record(employee_id)["id"]))

    def all_rows(self, table: str, vocab: Vocabulary = NEUTRAL) -> list[dict[str, Any]]:
        key = self._table(table, vocab).key
        return copy.deepcopy(list(self.store.table(key).values()))

    def changed_since(self, since: datetime, kind: str | None = None) -> dict[int, dict[str, Any]]:
        """Employees changed at or after ``since``: {id: {id, action, last_changed}}.

        ``>=`` rather than ``>``: on a frozen virtual clock many changes share one
        instant, and a poller that passes back ``latest`` must not miss them.
        """
        out: dict[int, dict[str, Any]] = {}
        for change in self.store.table("changes").values():
            if change["at"] < since:
                continue
            entry = out.setdefault(change["employee_id"], {"id": change["employee_id"], "action": change["action"]})
            entry["last_changed"] = change["at"]
            if change["action"] == "Deleted":  # an insert or update followed by a delete reads as Deleted
                entry["action"] = "Deleted"
        if kind:
            out = {k: v for k, v in out.items() if v["action"] == kind}
        return out

    # -- employee writes ---------------------------------------------------------
    @action
    def create_employee(self, **fields: Any) -> dict[str, Any]:
        """Add an employee (HR in the UI); first_name and last_name are required."""
        return self.employee(self.insert_employee(fields))

    def insert_employee(self, fields: dict[str, Any], vocab: Vocabulary = NEUTRAL) -> int:
        """The API's and the UI's way in: validate everything, then write; returns the new id."""
        return self._insert(fields, quiet=False, vocab=vocab)

    @action
    def edit_employee(self, employee_id: Any, **fields: Any) -> dict[str, Any]:
        """An HR person edits the record (the HRIS is authoritative after hire)."""
        self.update_employee(employee_id, fields)
        return self.employee(employee_id)

    def update_employee(self, employee_id: Any, fields: dict[str, Any], vocab: Vocabulary = NEUTRAL) -> None:
        record = self._record(employee_id)
        if not fields:
            raise ModelError("no fields to update", kind="required")
        flat, history, keys = self._prepare(fields, vocab)
        for key in REQUIRED:
            if key in flat and flat[key] is None:
                name = vocab.field_name(key)
                raise ModelError(f"{name} cannot be emptied", kind="invalid", field=name)
        self._check_unique(flat, record["id"], vocab)
        rows = [
            self._prepare_row(t, cols, record["id"], vocab, carry=True, named=False)[:2] for t, cols in history.items()
        ]
        record.update(flat)
        for table, row in rows:
            self._store_row(table, row)
        self._changed(record["id"], "Updated", keys)

    @action
    def terminate(self, employee_id: Any, date: Any, reason: str | None = None) -> dict[str, Any]:
        """End employment on ``date``: a Terminated status row; status turns Inactive when it takes effect."""
        record = self._record(employee_id)
        row = self._prepare_row(
            "employment",
            {"effective_date": date, "employment_status": "Terminated", "comment": reason},
            record["id"],
            NEUTRAL,
        )
        self._store_row(*row[:2])
        record["termination_date"] = row[1]["effective_date"]
        self._changed(record["id"], "Updated", ["termination_date", "employment_status"])
        return self.employee(record["id"])

    @action
    def delete_employee(self, employee_id: Any) -> bool:
        """Remove an employee and its history (an admin deleting a record)."""
        record = self._record(employee_id)
        ident = record["id"]
        for name in TABLES:
            for row in self._rows(name, ident):
                self.store.table(name).pop(row["id"], None)
        del self.store.table("employees")[ident]
        for rows in (self._index or {}).values():
            rows.pop(ident, None)
        self._announced.pop(ident, None)
        self._log(ident, "Deleted", [])
        self.emit("employee.deleted", employee_id=ident)
        return True

    # -- history rows --------------------------------------------------------------
    @action
    def add_table_row(self, employee_id: Any, table: str, **row: Any) -> dict[str, Any]:
        """Add a dated row to job, compensation or employment."""
        return self.rows_by_id(table, self.insert_row(employee_id, table, row))

    def insert_row(self, employee_id: Any, table: str, row: dict[str, Any], vocab: Vocabulary = NEUTRAL) -> int:
        record = self._record(employee_id)
        name, prepared, given = self._prepare_row(table, row, record["id"], vocab)
        self._store_row(name, prepared)
        self._changed(record["id"], "Updated", given, table=name)
        return int(prepared["id"])

    @action
    def update_table_row(self, employee_id: Any, table: str, row_id: Any, **fields: Any) -> dict[str, Any]:
        """Change some columns of an existing row."""
        self.update_row(employee_id, table, row_id, fields)
        return self.rows_by_id(table, row_id)

    def update_row(
        self, employee_id: Any, table: str, row_id: Any, fields: dict[str, Any], vocab: Vocabulary = NEUTRAL
    ) -> None:
        spec, record = self._table(table, vocab), self._record(employee_id)
        row = self._row(spec.key, record["id"], row_id)
        if not fields:
            raise ModelError("no fields to update", kind="required")
        values = self._coerce_row(spec, fields, vocab, named=True)
        if spec.date_column in values and values[spec.date_column] is None:
            name = vocab.column_name(spec.key, spec.date_column)
            raise ModelError(f"{name} is required", kind="required", field=name)
        row.update(values)
        self._schedule(record["id"], row[spec.date_column])
        self._changed(record["id"], "Updated", list(values), table=spec.key)

    @action
    def delete_table_row(self, employee_id: Any, table: str, row_id: Any, vocab: Vocabulary = NEUTRAL) -> bool:
        """Delete a row; False when the employee has no such row."""
        key = self._table(table, vocab).key
        record = self._record(employee_id)
        try:
            row = self._row(key, record["id"], row_id)
        except NotFound:
            return False
        del self.store.table(key)[row["id"]]
        if self._index is not None:
            self._index[key][row["employee_id"]] = [r for r in self._index[key][row["employee_id"]] if r is not row]
        self._changed(record["id"], "Updated", [], table=key)
        return True

    def rows_by_id(self, table: str, row_id: Any) -> dict[str, Any]:
        return copy.deepcopy(self.get(self._table(table, NEUTRAL).key, record_id(row_id, "row"), "row"))

    # -- internals -----------------------------------------------------------------
    def _record(self, employee_id: Any) -> dict[str, Any]:
        return self.get("employees", record_id(employee_id, "employee"), "employee")

    def _table(self, table: Any, vocab: Vocabulary) -> HistoryTable:
        key = vocab.table_key(table)
        if key is None:
            raise NotFound("table", table)
        return TABLES[key]

    def _row(self, table: str, employee_id: int, row_id: Any) -> dict[str, Any]:
        row = self.store.table(table).get(record_id(row_id, "row"))
        if row is None or row["employee_id"] != employee_id:
            raise NotFound("row", row_id)
        return row

    def _rows(self, table: str, employee_id: int) -> list[dict[str, Any]]:
        if self._index is None:
            index: dict[str, dict[int, list[dict[str, Any]]]] = {name: defaultdict(list) for name in TABLES}
            for name in TABLES:
                for row in self.store.table(name).values():
                    index[name][row["employee_id"]].append(row)
            self._index = index
        return self._index[table].get(employee_id, [])

    def _insert(self, fields: dict[str, Any], quiet: bool, vocab: Vocabulary = NEUTRAL) -> int:
        missing = [vocab.field_name(key) for key in REQUIRED if is_empty(fields.get(vocab.field_name(key)))]
        if missing:
            raise ModelError(
                " and ".join(missing) + (" is" if len(missing) == 1 else " are") + " required",
                kind="required",
                field=missing[0],
            )
        flat, history, keys = self._prepare(fields, vocab)
        self._check_unique(flat, None, vocab)
        ident = self.new_id("employee", 0)
        start = flat.get("hire_date") or self.today()
        rows = [
            self._prepare_row(t, cols, ident, vocab, default_date=start, named=False)[:2] for t, cols in history.items()
        ]
        record = {"id": ident, "status": "Active", **flat, "last_changed": None}
        if record["status"] is None:
            record["status"] = "Active"
        self.store.table("employees")[ident] = record
        for table, row in rows:
            self._store_row(table, row)
        if quiet:
            self._announced[ident] = self._watched_values(record)
        else:
            self._log(ident, "Inserted", keys)
            self.emit("employee.created", employee_id=ident)
            self._settle(ident)
        return ident

    def _prepare(
        self, fields: dict[str, Any], vocab: Vocabulary
    ) -> tuple[dict[str, Any], dict[str, dict[str, Any]], list[str]]:
        """Split into plain fields (coerced) and history-table columns (by neutral column key, coerced with
        their row), plus the keys of the fields given."""
        flat: dict[str, Any] = {}
        history: dict[str, dict[str, Any]] = defaultdict(dict)
        keys: list[str] = []
        for name, value in fields.items():
            key = vocab.field_key(name, self)
            spec = None if key is None else self.field(key)
            if spec is None:
                raise ModelError(
                    f"Invalid field: {name!r} is not in the field catalogue", kind="unknown_field", field=str(name)
                )
            keys.append(key)  # type: ignore[arg-type]
            label = vocab.field_name(spec["key"])
            if spec["readOnly"]:
                raise ModelError(f"{label} is read-only", kind="read_only", field=label)
            if spec["table"]:
                history[spec["table"]][spec["column"]] = value
            else:
                list_key = spec["key"] if spec["key"] in LISTS else None
                flat[spec["key"]] = self._coerce(spec["type"], value, list_key, label)
        return flat, dict(history), keys

    def _coerce_row(self, spec: HistoryTable, row: dict[str, Any], vocab: Vocabulary, named: bool) -> dict[str, Any]:
        """A row's given columns by their neutral keys, coerced. ``row`` names them in ``vocab`` when
        ``named`` (a row the caller wrote), by key otherwise (a row ``_prepare`` split off)."""
        values: dict[str, Any] = {}
        table = vocab.table_name(spec.key)
        for name, value in row.items():
            key = vocab.column_key(spec.key, name) if named else name
            column = None if key is None else spec.column(key)
            if column is None:
                raise ModelError(
                    f"{name!r} is not a column of {table}; columns: "
                    + ", ".join(vocab.column_name(spec.key, c.key) for c in spec.columns),
                    kind="unknown_field",
                    field=str(name),
                )
            label = f"{table}.{vocab.column_name(spec.key, column.key)}"
            values[column.key] = self._coerce(column.type, value, column.list, label)
        return values

    def _prepare_row(
        self,
        table: str,
        row: dict[str, Any],
        employee_id: int,
        vocab: Vocabulary,
        carry: bool = False,
        default_date: date | None = None,
        named: bool = True,
    ) -> tuple[str, dict[str, Any], list[str]]:
        """A complete row ready to store, and the keys of the columns given. ``carry`` starts from the
        current row (a plain-field edit); ``named``: see ``_coerce_row`` (``table`` is then a key too)."""
        spec = self._table(table, vocab) if named else TABLES[table]
        values = self._coerce_row(spec, row, vocab, named)
        base: dict[str, Any] = {c.key: None for c in spec.columns}
        if carry:
            current = self._current(spec, employee_id, self.today())
            base.update({k: copy.deepcopy(v) for k, v in (current or {}).items() if k in base})
            base[spec.date_column] = self.today()
        elif default_date is not None:
            base[spec.date_column] = default_date
        base.update({k: v for k, v in values.items() if not (k == spec.date_column and v is None and carry)})
        if base[spec.date_column] is None:
            column = vocab.column_name(spec.key, spec.date_column)
            raise ModelError(f"{vocab.table_name(spec.key)}.{column} is required", kind="required", field=column)
        return spec.key, {"id": None, "employee_id": employee_id, **base}, list(values)

    def _store_row(self, table: str, row: dict[str, Any]) -> None:
        row["id"] = self.new_id("row", 0)
        self.store.table(table)[row["id"]] = row
        if self._index is not None:
            self._index[table][row["employee_id"]].append(row)
        self._schedule(row["employee_id"], row[TABLES[table].date_column])

    def _current(self, spec: HistoryTable, employee_id: int, on: date | None) -> dict[str, Any] | None:
        rows = [r for r in self._rows(spec.key, employee_id) if on is None or r[spec.date_column] <= on]
        return max(rows, key=lambda r: (r[spec.date_column], r["id"]), default=None)

    def _view(self, record: dict[str, Any], only_current: bool = True) -> dict[str, Any]:
        on = self.today() if only_current else None
        current = {name: self._current(spec, record["id"], on) for name, spec in TABLES.items()}
        view: dict[str, Any] = {"id": record["id"]}
        for spec in self.fields():
            key = spec["key"]
            if spec["table"]:
                row = current[spec["table"]]
                view[key] = row.get(spec["column"]) if row else None
            else:
                view[key] = record.get(key)
        view["display_name"] = f"{view['preferred_name'] or view['first_name']} {view['last_name']}"
        if view["employment_status"] == "Terminated":
            view["status"] = "Inactive"
        return view

    def _watched_values(self, record: dict[str, Any]) -> dict[str, Any]:
        view = self._view(record)
        return {key: copy.deepcopy(view.get(key)) for key in self.watched()}

    def _settle(self, employee_id: int) -> None:
        """Announce the fields whose current value differs from the last announcement."""
        record = self.store.table("employees").get(employee_id)
        if record is None:
            return
        now, before = self._watched_values(record), self._announced.get(employee_id, {})
        self._announced[employee_id] = now
        changed = [key for key, value in now.items() if value != before.get(key)]
        if changed:
            self.emit("employee.updated", employee_id=employee_id, fields=changed)

    def _schedule(self, employee_id: int, effective: date | None) -> None:
        """A future-dated row takes effect at midnight UTC of its date: settle then."""
        if effective is None or effective <= self.today():
            return

        def take_effect() -> None:
            with self.hub.lock:
                self._settle(employee_id)

        self.hub.clock.call_at(datetime.combine(effective, time(0), UTC), take_effect)

    def _changed(self, employee_id: int, kind: str, fields: list[Any], table: str | None = None) -> None:
        self._log(employee_id, kind, [str(f) for f in fields], table)
        self._settle(employee_id)

    def _log(self, employee_id: int, kind: str, fields: list[str], table: str | None = None) -> None:
        ident = self.new_id("change", 0)
        self.store.table("changes")[ident] = {
            "id": ident,
            "employee_id": employee_id,
            "action": kind,
            "fields": fields,
            "table": table,
            "at": self.now(),
        }
        record = self.store.table("employees").get(employee_id)
        if record is not None:
            record["last_changed"] = self.now()

    def _check_unique(self, flat: dict[str, Any], own_id: int | None, vocab: Vocabulary) -> None:
        for key in UNIQUE:
            value = flat.get(key)
            if value is None:
                continue
            wanted = str(value).lower()
            for other in self.store.table("employees").values():
                theirs = other.get(key)
                if theirs is not None and theirs.lower() == wanted and other["id"] != own_id:
                    name = vocab.field_name(key)
                    raise ModelError(
                        f"{name} {value!r} is already used by employee {other['id']}", kind="conflict", field=name
                    )
