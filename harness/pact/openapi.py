"""What the vendors document: OpenAPI operations, request schemas and webhook schemas,
read from ``contracts/<vendor>/``, and the check of a pact against them.

The documents the repo holds today are the ones the fakes publish
(``python -m fakes.contracts``); where a vendor's own document is added under
``contracts/<vendor>/openapi.json`` the same check applies to it. A response
field cannot be checked yet: these documents describe no response bodies.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

CONTRACTS = Path(__file__).resolve().parent.parent.parent / "contracts"


@functools.cache
def document(vendor: str, root: str = str(CONTRACTS)) -> dict[str, Any] | None:
    path = Path(root) / vendor / "openapi.json"
    if not path.is_file():
        return None
    return json.loads(path.read_text())


@functools.cache
def webhook_schema(vendor: str, event: str, root: str = str(CONTRACTS)) -> dict[str, Any] | None:
    path = Path(root) / vendor / "webhooks" / f"{event}.schema.json"
    return json.loads(path.read_text()) if path.is_file() else None


def _template_re(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    return re.compile("^" + "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts) + "$")


def find_operation(doc: dict[str, Any], method: str, path: str) -> tuple[str, dict[str, Any]] | None:
    """The documented (template, operation) a literal or templated path falls under."""
    method = method.lower()
    paths = doc.get("paths") or {}
    if path in paths and method in paths[path]:
        return path, paths[path][method]
    for template, ops in paths.items():
        if method in ops and _template_re(template).match(path):
            return template, ops[method]
    return None


def _operation(vendor: str, method: str, template: str) -> dict[str, Any] | None:
    doc = document(vendor)
    found = find_operation(doc, method, template) if doc else None
    return found[1] if found else None


def body_schema(vendor: str, method: str, template: str) -> dict[str, Any] | None:
    op = _operation(vendor, method, template)
    content = ((op or {}).get("requestBody") or {}).get("content") or {}
    for media in content.values():
        if isinstance(media, dict) and media.get("schema"):
            return media["schema"]
    return None


def query_schemas(vendor: str, method: str, template: str) -> dict[str, dict[str, Any]]:
    op = _operation(vendor, method, template) or {}
    return {p["name"]: p.get("schema") or {} for p in op.get("parameters", []) if p.get("in") == "query"}


def undocumented_fields(value: Any, schema: dict[str, Any] | None, root: dict[str, Any], at: str = "$") -> list[str]:
    """JSON paths in ``value`` that ``schema`` does not describe (objects with declared properties only)."""
    schema = _resolve(schema, root)
    if not schema:
        return []
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [o for o in (_resolve(s, root) for s in schema[key]) if o]
            results = [undocumented_fields(value, o, root, at) for o in options]
            return min(results, key=len) if results else []
    out: list[str] = []
    if isinstance(value, dict):
        props = schema.get("properties")
        extra = schema.get("additionalProperties")
        for name, item in value.items():
            if props is not None and name in props:
                out += undocumented_fields(item, props[name], root, f"{at}.{name}")
            elif isinstance(extra, dict):
                out += undocumented_fields(item, extra, root, f"{at}.{name}")
            elif props is not None and extra is not True:
                out.append(f"{at}.{name}")
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for item in value:
            out += undocumented_fields(item, schema["items"], root, f"{at}[*]")
    return sorted(set(out))


def _resolve(schema: Any, root: dict[str, Any]) -> dict[str, Any] | None:
    for _ in range(20):
        if not (isinstance(schema, dict) and "$ref" in schema):
            break
        ref = str(schema["$ref"])
        if not ref.startswith("#/"):
            return None
        node: Any = root
        for part in ref[2:].split("/"):
            node = node.get(part) if isinstance(node, dict) else None
        schema = node
    return schema if isinstance(schema, dict) else None


def check_pact(pact: dict[str, Any], root: Path = CONTRACTS) -> list[dict[str, Any]]:
    """Interactions of a written pact that use what the vendor's documents do not have."""
    vendor = pact.get("provider", {}).get("name", "")
    doc = document(vendor, str(root))
    findings: list[dict[str, Any]] = []

    def flag(interaction: dict[str, Any], problem: str, kind: str = "undocumented") -> None:
        findings.append({"provider": vendor, "interaction": interaction.get("description", ""), "problem": problem,
                         "kind": kind})

    for interaction in pact.get("interactions", []):
        if interaction.get("type") == "Synchronous/HTTP":
            if doc is None:
                continue
            request = interaction.get("request", {})
            method, path = request.get("method", "GET"), request.get("path", "")
            route = (interaction.get("comments") or {}).get("route") or ""
            template = route.split(" ", 1)[1] if " " in route else path
            found = find_operation(doc, method, template) or find_operation(doc, method, path)
            if found is None:
                flag(interaction, f"{method} {template} is not an operation of {vendor}'s OpenAPI document")
                continue
            _, op = found
            documented = {p.get("name") for p in op.get("parameters", []) if p.get("in") == "query"}
            for name in sorted(request.get("query") or {}):
                if name not in documented:
                    flag(interaction, f"query parameter {name!r} is not documented for {method} {found[0]}")
            content = (request.get("body") or {}).get("content")
            schema = None
            for media in ((op.get("requestBody") or {}).get("content") or {}).values():
                schema = media.get("schema") if isinstance(media, dict) else None
                break
            if isinstance(content, (dict, list)):
                if schema is None:
                    flag(interaction, f"sends a body, but {method} {found[0]} documents none")
                else:
                    for field in undocumented_fields(content, schema, schema):
                        flag(interaction, f"request field {field} is not in the documented body of {method} {found[0]}")
        elif interaction.get("type") == "Asynchronous/Messages":
            event = ((interaction.get("comments") or {}).get("route") or "").removeprefix("webhook ")
            schema = webhook_schema(vendor, event, str(root)) if event else None
            content = (interaction.get("contents") or {}).get("content")
            if schema is None:
                if (root / vendor / "webhooks").is_dir():
                    flag(interaction, f"webhook {event!r} has no schema under contracts/{vendor}/webhooks/")
                continue
            # The payload is what the fake sent, not what the SUT chose to read: fields beyond the
            # schema are a note on the fake's (or the schema's) fidelity, listed once per event.
            extra = undocumented_fields(content, schema, schema)
            if extra:
                shown = ", ".join(extra[:6]) + (f" and {len(extra) - 6} more" if len(extra) > 6 else "")
                flag(interaction, f"the payload has {len(extra)} field(s) contracts/{vendor}/webhooks/{event}"
                     f".schema.json does not list: {shown}", kind="note")
    return findings
