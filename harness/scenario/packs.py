"""Data packs: named lists of records that vary from journey to journey.

A pack is a YAML file in ``packs/`` with ``pack`` (its name),
``description`` and ``records``. Each record is a flat mapping whose keys
merge into the journey's candidate (``first_name``, ``last_name``, ...) and
offer (``salary``, ``currency``, ...). Numbers with a fraction load as exact
``Decimal``; amounts are best written as quoted text ("103000.00").
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import ScenarioError, SpecError
from . import yamlpos
from .model import CANDIDATE_KEYS, OFFER_KEYS

__all__ = [
    "PACK_DIR",
    "RECORD_KEYS",
    "available",
    "check_record",
    "describe",
    "load",
    "record_errors",
    "split_record",
]

PACK_DIR = Path(__file__).with_name("packs")
RECORD_KEYS = CANDIDATE_KEYS + OFFER_KEYS


def available() -> list[str]:
    """Names of the packs that ship with the harness."""
    return sorted(p.stem for p in PACK_DIR.glob("*.yaml"))


def load(names: Iterable[str]) -> list[dict[str, Any]]:
    """The records of the named packs, in the order named; a fresh copy each call."""
    out: list[dict[str, Any]] = []
    for name in names:
        out.extend(copy.deepcopy(list(_records(name))))
    return out


def describe(name: str) -> str:
    """The pack's own description."""
    _records(name)
    return str(_document(name).data.get("description", ""))


def split_record(record: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A record's candidate keys and its offer keys, as two mappings."""
    candidate = {k: v for k, v in record.items() if k in CANDIDATE_KEYS}
    offer = {k: v for k, v in record.items() if k in OFFER_KEYS}
    return candidate, offer


def check_record(record: Any) -> list[tuple[str | None, str, Any]]:
    """Problems with one record as ``(key, message, value)``; key None for the record itself."""
    if not isinstance(record, dict):
        return [(None, "a record is a mapping of candidate and offer keys", record)]
    problems: list[tuple[str | None, str, Any]] = []
    for key, value in record.items():
        if key not in RECORD_KEYS:
            problems.append((key, f"unknown record key '{key}'", key))
        elif isinstance(value, (dict, list)):
            problems.append((key, f"'{key}' must be a single value, not a mapping or a list", value))
        elif isinstance(value, str) and ("{{" in value or "{%" in value):
            problems.append((key, f"'{key}' is a template; records hold plain values (templates go in world)", value))
    return problems


def record_errors(doc: yamlpos.Document, path: tuple[Any, ...], records: list[Any]) -> list[SpecError]:
    """Located errors for the records listed at ``path`` in ``doc`` (a pack file or a scenario)."""
    errors: list[SpecError] = []
    for i, record in enumerate(records):
        for key, message, value in check_record(record):
            unknown = message.startswith("unknown")
            errors.append(
                doc.error(
                    ScenarioError,
                    (*path, i),
                    message,
                    at=(*path, i) if key is None else (*path, i, key),
                    key=unknown,
                    value=value,
                    valid=RECORD_KEYS if unknown else (),
                    valid_kind="keys",
                )
            )
    return errors


def _unknown(name: str) -> ScenarioError:
    return ScenarioError(f"unknown data pack '{name}'", value=name, valid=available(), valid_kind="packs")


@cache
def _document(name: str) -> yamlpos.Document:
    if not isinstance(name, str) or name not in available():
        raise _unknown(str(name))
    return yamlpos.load(PACK_DIR / f"{name}.yaml", ScenarioError)


@cache
def _records(name: str) -> tuple[dict[str, Any], ...]:
    doc = _document(name)
    data = doc.data if isinstance(doc.data, dict) else {}
    records = data.get("records")
    if not isinstance(records, list) or not records:
        raise doc.error(ScenarioError, ("records",), "a pack needs a non-empty list under 'records'")
    errors = record_errors(doc, ("records",), records)
    if errors:
        raise ScenarioError.group(errors)
    return tuple(records)
