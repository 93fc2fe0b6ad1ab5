"""Tenant state: tables of plain records, with snapshot and diff.

A model keeps its records as dicts in named tables of a ``Store``. Keeping
records plain (no object graphs) is what makes a snapshot a deep copy, a diff
a walk over two dicts, and the control plane's JSON view free.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

Record = dict[str, Any]


class Table(dict[Any, Record]):
    """Records keyed by id, in insertion order."""

    def where(self, **equals: Any) -> Iterator[Record]:
        for record in self.values():
            if all(record.get(k) == v for k, v in equals.items()):
                yield record

    def first(self, **equals: Any) -> Record | None:
        return next(self.where(**equals), None)


class Store:
    def __init__(self) -> None:
        self._tables: dict[str, Table] = {}

    def table(self, name: str) -> Table:
        table = self._tables.get(name)
        if table is None:
            table = self._tables[name] = Table()
        return table

    def tables(self) -> dict[str, Table]:
        return self._tables

    def clear(self) -> None:
        self._tables.clear()

    def snapshot(self) -> dict[str, dict[Any, Record]]:
        return {name: copy.deepcopy(dict(t)) for name, t in self._tables.items()}


@dataclass(frozen=True)
class Change:
    """One difference between two snapshots: a record added, removed or a field changed."""

    table: str
    key: Any
    kind: str  # "added" | "removed" | "changed"
    field: str | None = None
    before: Any = None
    after: Any = None

    def __str__(self) -> str:
        if self.kind == "changed":
            return f"{self.table}[{self.key}].{self.field}: {self.before!r} -> {self.after!r}"
        return f"{self.table}[{self.key}] {self.kind}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "key": self.key,
            "kind": self.kind,
            "field": self.field,
            "before": self.before,
            "after": self.after,
        }


def diff(before: dict[str, dict[Any, Record]], after: dict[str, dict[Any, Record]]) -> list[Change]:
    changes: list[Change] = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, {}), after.get(name, {})
        for key in new:
            if key not in old:
                changes.append(Change(name, key, "added", after=new[key]))
        for key in old:
            if key not in new:
                changes.append(Change(name, key, "removed", before=old[key]))
                continue
            if key in new and old[key] != new[key]:
                changes.extend(_field_changes(name, key, old[key], new[key], ""))
    return changes


def _field_changes(table: str, key: Any, old: Any, new: Any, prefix: str) -> list[Change]:
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[Change] = []
        for field in list(old) + [f for f in new if f not in old]:
            a, b = old.get(field), new.get(field)
            if a != b:
                out.extend(_field_changes(table, key, a, b, f"{prefix}{field}."))
        return out
    return [Change(table, key, "changed", prefix.rstrip("."), old, new)]
