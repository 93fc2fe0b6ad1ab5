"""OpenAPI documents and implementation-coverage pages, generated from the
routes themselves, so the documents can never drift from what is served
(a test regenerates them and fails when the committed copy is stale)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .http import Fake, Route

_PARAM = re.compile(r"\{(\w+)(?::path)?\}")


def _openapi_path(path: str) -> str:
    return _PARAM.sub(lambda m: "{" + m.group(1) + "}", path)


def _operation(route: Route) -> dict[str, Any]:
    params: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in _PARAM.findall(route.path)
    ]
    for name, schema in route.query.items():
        spec = dict(schema)
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
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": route.body}}}
    if not route.auth:
        op["security"] = []
    return op


def document(fake: Fake, security: dict[str, Any] | None = None, version: str = "1.0") -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    for route in fake.router.routes:
        op = _operation(route)
        if op["operationId"] in seen:  # one vendor operation served under two versions (/v1 and /v3)
            version = route.path.strip("/").split("/")[0]
            op["operationId"] = f"{op['operationId']}_{version}"
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


def coverage_markdown(fake: Fake, vendor_operations: list[tuple[str, str, str, str]]) -> str:
    """One line per vendor operation, ticked where the fake serves it."""
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
    for op, method, path, note in vendor_operations:
        mark = "x" if op in served else " "
        suffix = f" — {note}" if note else ""
        lines.append(f"- [{mark}] `{method} {path}` ({op}){suffix}")
    extra = sorted((r.method, r.path, r.operation) for r in fake.router.routes if r.operation not in listed)
    if extra:
        lines += ["", "Also served (harness additions or operations not in the vendor list above):", ""]
        lines += [f"- `{m} {p}` ({op})" for m, p, op in extra]
    return "\n".join(lines) + "\n"


def write_if_changed(path: Path, text: str) -> bool:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_text() == text:
        return False
    path.write_text(text)
    return True
