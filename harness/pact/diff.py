"""``ats-harness pact diff OLD NEW``: what a consumer contract added, removed or changed.

An operation is a vendor's method and route template (``GET /v1/jobs/{id}``)
or a webhook event; its fields are the request's query parameters, headers
and body paths and the response's status and body paths, each with its kind
(the matcher, or the JSON type). NEW *depends on more* than OLD when it has
an operation, a field or a status OLD lacks, or a field whose kind changed:
that is the exit-1 case, the one a CI gate on an integration's pull request
wants to stop for review.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import HarnessError

Fields = dict[str, str]  # "request.body $.a.b" -> kind


@dataclass
class Change:
    provider: str
    operation: str
    kind: str  # "+" (new dependency), "-" (dropped), "~" (changed)
    detail: str = ""  # empty: the operation itself

    @property
    def depends(self) -> bool:
        return self.kind in ("+", "~")


@dataclass
class Result:
    changes: list[Change] = field(default_factory=list)

    @property
    def depends_on_more(self) -> bool:
        return any(c.depends for c in self.changes)


def load(path: Path | str) -> dict[str, dict[str, Fields]]:
    """provider -> operation -> fields, from one pact file or a folder of them."""
    path = Path(path)
    if path.is_dir():
        files = [p for p in sorted(path.glob("*.json")) if _is_pact(p)]
        if not files:
            raise HarnessError(f"{path} holds no pact files; pass a reports/<run-id>/pacts/ folder or a pact file")
    elif path.is_file():
        if not _is_pact(path):
            raise HarnessError(f"{path} is not a pact file (it has no consumer, provider and interactions)")
        files = [path]
    else:
        raise HarnessError(f"{path} does not exist; pass a pact file or a reports/<run-id>/pacts/ folder")
    out: dict[str, dict[str, Fields]] = {}
    for file in files:
        data = json.loads(file.read_text())
        ops = out.setdefault(data["provider"]["name"], {})
        for interaction in data.get("interactions", []):
            name, fields = operation(interaction)
            ops.setdefault(name, {}).update(fields)
    return out


def _is_pact(path: Path) -> bool:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and {"consumer", "provider", "interactions"} <= set(data)


def operation(interaction: dict[str, Any]) -> tuple[str, Fields]:
    """The operation an interaction exercises and the fields it relies on."""
    comments = interaction.get("comments") or {}
    fields: Fields = {}
    if interaction.get("type") == "Asynchronous/Messages" or "contents" in interaction:
        name = comments.get("route") or f"message {interaction.get('description', '')}"
        rules = (interaction.get("matchingRules") or {}).get("body") or {}
        _walk((interaction.get("contents") or {}).get("content"), "$", "message.body", rules, fields)
        return name, fields
    request, response = interaction.get("request") or {}, interaction.get("response") or {}
    name = comments.get("route") or f"{request.get('method', 'GET')} {request.get('path', '')}"
    for key in request.get("query") or {}:
        fields[f"request.query {key}"] = "string"
    for key in request.get("headers") or {}:
        fields[f"request.header {key.lower()}"] = "string"
    req_rules = (request.get("matchingRules") or {}).get("body") or {}
    _walk((request.get("body") or {}).get("content"), "$", "request.body", req_rules, fields)
    fields[f"response.status {response.get('status')}"] = "status"
    res_rules = (response.get("matchingRules") or {}).get("body") or {}
    _walk((response.get("body") or {}).get("content"), "$", "response.body", res_rules, fields)
    return name, fields


def _walk(value: Any, at: str, prefix: str, rules: dict[str, Any], out: Fields) -> None:
    if value is None and at == "$":
        return
    if at != "$":
        out[f"{prefix} {at}"] = _kind(value, rules.get(at))
    if isinstance(value, dict):
        for key, item in value.items():
            _walk(item, f"{at}.{key}", prefix, rules, out)
    elif isinstance(value, list):
        for item in value:
            _walk(item, f"{at}[*]", prefix, rules, out)


def _kind(value: Any, rule: Any) -> str:
    if isinstance(rule, dict):
        names = [m.get("match") for m in rule.get("matchers", []) if isinstance(m, dict)]
        if names and names[0] not in (None, "type"):
            return str(names[0])
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def compare(old: dict[str, dict[str, Fields]], new: dict[str, dict[str, Fields]]) -> Result:
    result = Result()
    for provider in sorted(set(old) | set(new)):
        before, after = old.get(provider, {}), new.get(provider, {})
        for name in sorted(set(before) | set(after)):
            if name not in before:
                result.changes.append(Change(provider, name, "+"))
                continue
            if name not in after:
                result.changes.append(Change(provider, name, "-"))
                continue
            a, b = before[name], after[name]
            for key in sorted(set(a) | set(b)):
                if _under_null(key, a) or _under_null(key, b):
                    continue  # inside a value one example happened to have as null: it says nothing
                if key not in a:
                    result.changes.append(Change(provider, name, "+", f"{key} ({b[key]})"))
                elif key not in b:
                    result.changes.append(Change(provider, name, "-", key))
                elif a[key] != b[key] and not _same_family(a[key], b[key]):
                    result.changes.append(Change(provider, name, "~", f"{key}: {a[key]} -> {b[key]}"))
    return result


_NUMBERS = {"integer", "decimal", "number"}


def _under_null(key: str, fields: Fields) -> bool:
    """Whether ``key`` lies below a field that is null in ``fields`` (``$.stage.id`` under ``$.stage``)."""
    prefix, _, path = key.partition(" ")
    for cut in range(len(path) - 1, 1, -1):
        if path[cut] in ".[" and fields.get(f"{prefix} {path[:cut]}") == "null":
            return True
    return False


def _same_family(a: str, b: str) -> bool:
    """Kinds an example's value decides, not the contract: null vs anything, integer vs decimal."""
    return "null" in (a, b) or {a, b} <= _NUMBERS


def render(result: Result, old: str, new: str) -> str:
    if not result.changes:
        return f"no change between {old} and {new}"
    lines: list[str] = []
    provider = operation_name = None
    for change in result.changes:
        if change.provider != provider:
            provider, operation_name = change.provider, None
            lines.append(change.provider)
        if not change.detail:
            word = "new operation" if change.kind == "+" else "no longer used"
            lines.append(f"  {change.kind} {change.operation}  ({word})")
            operation_name = None
            continue
        if change.operation != operation_name:
            operation_name = change.operation
            lines.append(f"  ~ {change.operation}")
        lines.append(f"      {change.kind} {change.detail}")
    added = sum(c.depends for c in result.changes)
    lines.append(
        f"{new} depends on {added} thing(s) {old} did not" if added else f"{new} depends on nothing {old} did not"
    )
    return "\n".join(lines)


def main(old: str, new: str) -> tuple[int, str]:
    result = compare(load(old), load(new))
    return (1 if result.depends_on_more else 0), render(result, old, new)
