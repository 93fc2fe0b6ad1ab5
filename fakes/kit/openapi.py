"""OpenAPI documents and implementation-coverage pages, generated from the
routes themselves, so the documents can never drift from what is served
(a test regenerates them and fails when the committed copy is stale)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .http import Fake, Route

_PARAM = re.compile(r"\{(\w+)(?::path)?\}")
# Keywords whose value is one schema, or a list of schemas, or a map of name -> schema.
_ONE = ("items", "additionalProperties", "not")
_MANY = ("anyOf", "oneOf", "allOf")
_MAP = ("properties",)
# Keywords that constrain one type only: a branch of another type drops them.
_FOR_TYPE = {
    **dict.fromkeys(("maxLength", "minLength", "pattern", "format"), ("string",)),
    **dict.fromkeys(("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"),
                    ("number", "integer")),
    **dict.fromkeys(("items", "maxItems", "minItems", "uniqueItems"), ("array",)),
    **dict.fromkeys(("properties", "required", "additionalProperties", "maxProperties", "minProperties"),
                    ("object",)),
}


def _openapi_path(path: str) -> str:
    return _PARAM.sub(lambda m: "{" + m.group(1) + "}", path)


def oas30(schema: Any) -> Any:
    """A route's JSON Schema (draft 2020-12) as an OpenAPI 3.0 Schema Object.

    OpenAPI 3.0 has no type lists, no ``"null"`` type, no ``const`` and no
    ``examples``: ``{"type": ["string", "null"]}`` becomes ``{"type":
    "string", "nullable": true}``, several types an ``anyOf`` of one branch
    per type (each keeping the keywords that apply to its type), a lone null ``{"type": "string", "nullable": true,
    "enum": [null]}``, ``const`` a one-value ``enum``, ``examples`` its first
    entry as ``example``, numeric ``exclusiveMinimum``/``exclusiveMaximum``
    the boolean form.
    """
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _ONE and isinstance(value, dict):
            out[key] = oas30(value)
        elif key in _MANY and isinstance(value, list):
            out[key] = [oas30(item) for item in value]
        elif key in _MAP and isinstance(value, dict):
            out[key] = {name: oas30(item) for name, item in value.items()}
        elif key == "const":
            out["enum"] = [value]
        elif key == "examples" and isinstance(value, list):
            if value:
                out.setdefault("example", value[0])
        elif key in ("exclusiveMinimum", "exclusiveMaximum") and not isinstance(value, bool):
            out["minimum" if key == "exclusiveMinimum" else "maximum"] = value
            out[key] = True
        elif key in ("$schema", "$id"):
            continue
        else:
            out[key] = value
    return _types(out)


def _types(schema: dict[str, Any]) -> dict[str, Any]:
    kind = schema.get("type")
    if not isinstance(kind, (list, str)):
        return schema
    kinds = [kind] if isinstance(kind, str) else list(dict.fromkeys(kind))
    nullable = "null" in kinds
    kinds = [k for k in kinds if k != "null"]
    rest = {k: v for k, v in schema.items() if k != "type"}
    if nullable:
        rest["nullable"] = True
    if not kinds:  # null only
        return {**rest, "type": "string", "enum": [None]}
    if len(kinds) == 1:
        return {"type": kinds[0], **rest}
    shared = {k: rest.pop(k) for k in ("description", "default", "example", "title") if k in rest}
    branches = [{"type": k, **{key: v for key, v in rest.items() if k in _FOR_TYPE.get(key, (k,))}} for k in kinds]
    return {**shared, "anyOf": branches}


def _operation(route: Route, security: list[str] | None = None) -> dict[str, Any]:
    params: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in _PARAM.findall(route.path)
    ]
    for name, schema in route.query.items():
        spec = oas30(dict(schema))
        required = bool(spec.pop("x-required", False))
        entry: dict[str, Any] = {"name": name, "in": "query", "required": required, "schema": spec}
        if "[" in name:  # BambooHR-style deepObject names are sent literally
            entry["allowReserved"] = True
        params.append(entry)
    op: dict[str, Any] = {
        "operationId": route.operation,
        "summary": route.summary or route.operation.replace("_", " "),
        "responses": {str(code): {"description": text or "answer"} for code, text in sorted(route.responses.items())},
    }
    if route.tags:
        op["tags"] = list(route.tags)
    if params:
        op["parameters"] = params
    if route.body is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": oas30(route.body)}}}
    if not route.auth:
        op["security"] = []
    elif security is not None:
        op["security"] = [{name: []} for name in security]
    return op


def document(
    fake: Fake,
    security: dict[str, Any] | None = None,
    version: str = "1.0",
    route_security: Callable[[Route], list[str]] | None = None,
) -> dict[str, Any]:
    """The OpenAPI 3.0 document of a fake's route table.

    ``security`` names the schemes (``components.securitySchemes``); by
    default every operation that authenticates accepts any of them, and
    ``route_security`` narrows that per route (Harvest v1 Basic, v3 Bearer).
    An operation served under two forms (Greenhouse /v1 and /v3, BambooHR's
    subdomain and gateway URLs) keeps its name once; later copies get the
    route's tag (or first path segment) as a suffix, so operationIds are unique.
    """
    paths: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    for route in fake.router.routes:
        op = _operation(route, route_security(route) if route_security and security else None)
        if op["operationId"] in seen:
            suffix = route.tags[0] if route.tags else route.path.strip("/").split("/")[0]
            op["operationId"] = f"{op['operationId']}_{re.sub(r'[^A-Za-z0-9_]', '_', suffix)}"
        if op["operationId"] in seen:
            raise ValueError(f"{fake.name}: operationId {op['operationId']!r} is not unique ({route.path})")
        seen.add(op["operationId"])
        paths.setdefault(_openapi_path(route.path), {})[route.method.lower()] = op
    doc: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {
            "title": f"ats-harness fake: {fake.title}",
            "version": version,
            "description": (
                f"The surface of the {fake.title} fake in ats-harness, generated from its route table. "
                "Paths and shapes follow the vendor's published API; see IMPLEMENTATION_COVERAGE.md."
            ),
        },
        "paths": dict(sorted(paths.items())),
    }
    if security:
        doc["components"] = {"securitySchemes": security}
        doc["security"] = [{name: []} for name in security]
    return doc


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def coverage_markdown(
    fake: Fake,
    vendor_operations: list[tuple[str, str, str, str]],
    notes: tuple[str, ...] = (),
    headings: dict[int, str] | None = None,
) -> str:
    """One line per vendor operation, ticked where the fake serves it; ``headings`` (index of an
    operation -> title) opens a section before that operation (a dialect serving two API versions);
    then the dialect's notes, if any."""
    served = {r.operation for r in fake.router.routes}
    listed = {op for op, *_ in vendor_operations}
    lines = [
        f"# {fake.title}: implementation coverage",
        "",
        "Generated from the route table (`ats-harness contracts`); do not edit by hand.",
        "",
    ]
    done = sum(1 for op, *_ in vendor_operations if op in served)
    lines.append(f"{done} of {len(vendor_operations)} listed vendor operations are served.")
    lines.append("")
    for index, (op, method, path, note) in enumerate(vendor_operations):
        if headings and index in headings:
            lines += [f"## {headings[index]}", ""] if index == 0 else ["", f"## {headings[index]}", ""]
        mark = "x" if op in served else " "
        suffix = f" — {note}" if note else ""
        lines.append(f"- [{mark}] `{method} {path}` ({op}){suffix}")
    extra = sorted((r.method, r.path, r.operation) for r in fake.router.routes if r.operation not in listed)
    if extra:
        lines += ["", "Also served (harness additions or operations not in the vendor list above):", ""]
        lines += [f"- `{m} {p}` ({op})" for m, p, op in extra]
    if notes:
        lines += ["", "## Behaviour notes", ""]
        for note in notes:
            lines += [note, ""]
        lines.pop()
    return "\n".join(lines) + "\n"


def write_if_changed(path: Path, text: str) -> bool:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_text() == text:
        return False
    path.write_text(text)
    return True
