"""Old HRIS field names in scenario and profile files, renamed to the neutral ones with a notice.

Scenario and profile files name HRIS fields by the model's neutral names
(``pay_rate``, ``job_title``, ``compensation.pay_rate``). Files written before
that named them by a vendor's words (``payRate``, ``jobTitle``,
``compensation.rate``); those still load: each such name is replaced, in the
parsed document, by its neutral name (the registry in ``harness/dialects.py``
knows every vendor's words), and one line on stderr says where it was and what
to write instead, in the form the loaders use for mistakes::

    scenarios/x.yaml:14:21: steps[3].hr_edit.fields.payRate: 'payRate' is <vendor>'s name for an HRIS
    field and is deprecated; write 'pay_rate'

The rename happens before the schema and the cross-field rules see the
document, so everything after it (and every error it reports) speaks the
neutral names; positions move with the renamed keys.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

from .. import dialects
from .yamlpos import Document, Pos, format_path

Echo = Callable[[str], None]


def _stderr(text: str) -> None:
    print(text, file=sys.stderr)


def rename_keys(doc: Document, path: Pos, echo: Echo = _stderr) -> list[str]:
    """Rename the old HRIS names among the keys of the mapping at ``path`` (if there is one); the notices."""
    mapping = _at(doc.data, path)
    if not isinstance(mapping, dict):
        return []
    notices: list[str] = []
    renamed: dict[str, Any] = {}
    for key, value in mapping.items():
        found = dialects.neutral_hris_name(key) if isinstance(key, str) else None
        if found is None or found[0] in mapping:  # a neutral name beside it wins; the schema or rules judge
            renamed[key] = value
            continue
        neutral, vendor = found
        notices.append(_notice(doc, (*path, key), key, neutral, vendor, key=True))
        _move(doc, (*path, key), (*path, neutral))
        renamed[neutral] = value
    mapping.clear()
    mapping.update(renamed)
    for notice in notices:
        echo(notice)
    return notices


def rename_values(doc: Document, path: Pos, echo: Echo = _stderr) -> list[str]:
    """Rename the old HRIS names among the strings of the list at ``path`` (or the string there)."""
    parent, last = _at(doc.data, path[:-1]), path[-1] if path else None
    target = _at(doc.data, path)
    notices: list[str] = []
    if isinstance(target, list):
        for i, item in enumerate(target):
            found = dialects.neutral_hris_name(item) if isinstance(item, str) else None
            if found is not None:
                notices.append(_notice(doc, (*path, i), item, found[0], found[1]))
                target[i] = found[0]
    elif isinstance(target, str) and isinstance(parent, dict):
        found = dialects.neutral_hris_name(target)
        if found is not None:
            notices.append(_notice(doc, path, target, found[0], found[1]))
            parent[last] = found[0]
    for notice in notices:
        echo(notice)
    return notices


def _notice(doc: Document, path: Pos, old: str, new: str, vendor: str, key: bool = False) -> str:
    line, column = doc.locate(path, key=key)
    where = ":".join(str(p) for p in (doc.file, line, column) if p is not None)
    return (
        f"{where}: {format_path(path)}: '{old}' is {vendor}'s name for an HRIS field and is deprecated; write '{new}'"
    )


def _at(data: Any, path: Sequence[Any]) -> Any:
    for part in path:
        found = isinstance(data, dict) and part in data
        found = found or (isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data))
        if not found:
            return None
        data = data[part]
    return data


def _move(doc: Document, old: Pos, new: Pos) -> None:
    """Positions recorded under ``old`` (and below it) now belong to ``new``."""
    for table in (doc.values, doc.keys):
        for pos in [p for p in table if p[: len(old)] == old]:
            table[new + pos[len(old) :]] = table.pop(pos)
