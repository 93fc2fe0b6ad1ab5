"""The field catalogue and list options of one HRIS tenant (a model mixin).

The catalogue (keyed by the model's neutral field keys) starts as the
standard fields of ``fields.py`` and grows with
``declare_field``; open lists grow as values are used, closed lists refuse
values outside their options.
"""

from __future__ import annotations

from typing import Any

from ..kit.model import Model, ModelError, action
from .fields import LISTS, STANDARD_FIELDS, FieldValueError, coerce, field_record


class Catalogue(Model):
    currency = "USD"

    def seed_catalogue(self) -> None:
        fields = self.store.table("fields")
        for spec in STANDARD_FIELDS:
            fields[spec["key"]] = dict(spec)
        lists = self.store.table("lists")
        for key, (closed, options) in LISTS.items():
            lists[key] = {"key": key, "closed": closed, "options": []}
            for option in options:
                self._add_option(key, option)

    def field(self, key: Any) -> dict[str, Any] | None:
        """A catalogue entry by its key (a dialect maps its own names and ids to keys)."""
        return self.store.table("fields").get(key) if isinstance(key, str) else None

    def fields(self) -> list[dict[str, Any]]:
        return list(self.store.table("fields").values())

    def watched(self) -> list[str]:
        """Keys whose changes are announced (everything but derived read-only fields)."""
        return [f["key"] for f in self.fields() if not f["readOnly"]]

    @action
    def declare_field(self, alias: str, name: str, type: str = "text") -> dict[str, Any]:
        """Add a custom field to the catalogue (an admin's custom field); ``alias`` is the tenant's own name
        for it, which is its key in the model and its name in every dialect."""
        if self.field(alias) is not None:
            raise ModelError(f"field {alias!r} already exists", kind="conflict", field=alias)
        if type not in ("text", "email", "date", "currency", "decimal"):
            raise ModelError(f"type={type!r} must be one of text, email, date, currency, decimal", field="type")
        record = field_record(alias, type, custom=True, name=name, ident=self.new_id("custom_field", 5000))
        self.store.table("fields")[alias] = record
        return record

    @action
    def add_list_option(self, list_alias: str, value: str) -> dict[str, Any]:
        """The admin adds an option to one of the tenant's lists (department, location, ...)."""
        entry = self.store.table("lists").get(list_alias)
        if entry is None:
            known = ", ".join(sorted(self.store.table("lists")))
            raise ModelError(f"no list {list_alias!r}; lists: {known}", kind="not_found", field="list")
        if not isinstance(value, str) or not value.strip():
            raise ModelError(f"option {value!r} must be a non-empty name", field="option")
        self._add_option(list_alias, value)
        return entry

    def lists(self) -> list[dict[str, Any]]:
        return list(self.store.table("lists").values())

    def option_id(self, list_key: str, value: Any) -> int | None:
        entry = self.store.table("lists").get(list_key)
        return next((o["id"] for o in entry["options"] if o["name"] == value), None) if entry else None

    def _add_option(self, list_key: str, value: str) -> None:
        entry = self.store.table("lists")[list_key]
        if all(o["name"] != value for o in entry["options"]):
            entry["options"].append(
                {"id": self.new_id("list_option", 0), "name": value, "archived": False, "createdDate": self.now()}
            )

    def _coerce(self, kind: str, value: Any, list_key: str | None, label: str) -> Any:
        entry = self.store.table("lists").get(list_key) if list_key else None
        options = tuple(o["name"] for o in entry["options"]) if entry and entry["closed"] else None
        try:
            stored = coerce(kind, value, options=options, currency=self.currency)
        except FieldValueError as exc:
            raise ModelError(f"{label}: {exc}", kind="invalid", field=label) from None
        if entry is not None and stored is not None and not entry["closed"]:
            self._add_option(list_key, stored)  # type: ignore[arg-type]
        return stored
