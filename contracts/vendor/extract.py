"""Rebuild the vendored spec files from clones of the vendors' repositories.

    python contracts/vendor/extract.py bamboohr  <clone of BambooHR/bhr-api-python>
    python contracts/vendor/extract.py docusign  <clone of docusign/OpenAPI-Specifications>
    python contracts/vendor/extract.py calendly  <clone of speakeasy-sdks/calendly-python>

Each README in this folder names the commit used. BambooHR's spec is copied
whole; DocuSign's is cut down to the operations the fake serves plus every
definition they reach (it is 4 MB whole); of Calendly's only the response
schemas of the served operations are kept, as facts, because the licence of
Calendly's own spec is not stated (see calendly/README.md).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent

DOCUSIGN_COMMIT = "67fbd7576ce62272e78c987ce0a0807d37b8cfd5"
DOCUSIGN_OPERATIONS = {
    "/v2.1/accounts/{accountId}/envelopes": ("get", "post"),
    "/v2.1/accounts/{accountId}/envelopes/{envelopeId}": ("get", "put"),
    "/v2.1/accounts/{accountId}/envelopes/{envelopeId}/recipients": ("get",),
    "/v2.1/accounts/{accountId}/envelopes/{envelopeId}/recipients/{recipientId}/tabs": ("get", "put"),
    "/v2.1/accounts/{accountId}/envelopes/{envelopeId}/custom_fields": ("get",),
    "/v2.1/accounts/{accountId}/envelopes/{envelopeId}/documents": ("get",),
    "/v2.1/accounts/{accountId}/envelopes/{envelopeId}/documents/{documentId}": ("get",),
    "/v2.1/accounts/{accountId}/envelopes/{envelopeId}/views/recipient": ("post",),
    "/v2.1/accounts/{accountId}/templates": ("get",),
    "/v2.1/accounts/{accountId}/templates/{templateId}": ("get",),
}
CALENDLY_OPERATIONS = {
    "/users/me": ("get",),
    "/users/{uuid}": ("get",),
    "/event_types": ("get",),
    "/event_types/{uuid}": ("get",),
    "/scheduling_links": ("post",),
    "/scheduled_events": ("get",),
    "/scheduled_events/{uuid}": ("get",),
    "/scheduled_events/{uuid}/invitees": ("get",),
    "/scheduled_events/{event_uuid}/invitees/{invitee_uuid}": ("get",),
    "/scheduled_events/{uuid}/cancellation": ("post",),
    "/webhook_subscriptions": ("get", "post"),
    "/webhook_subscriptions/{webhook_uuid}": ("get", "delete"),
}


def show(clone: Path, commit: str, path: str) -> str:
    return subprocess.run(
        ["git", "-C", str(clone), "show", f"{commit}:{path}"], check=True, capture_output=True, text=True
    ).stdout


def refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(refs(v) for v in node))
    return set()


def closure(doc: dict[str, Any], start: Any, prefix: str) -> dict[str, Any]:
    """Every ``prefix``-rooted definition reachable from ``start``, by name."""
    out: dict[str, Any] = {}
    todo = [r for r in refs(start) if r.startswith(prefix)]
    table = doc
    for part in prefix.strip("#/").split("/"):
        table = table[part]
    while todo:
        name = todo.pop()[len(prefix) :]
        if name in out:
            continue
        if name not in table:  # a dangling $ref in the vendor's file: any value is accepted there
            out[name] = {"description": "ats-harness: referenced but not defined in the vendor's file"}
            continue
        out[name] = table[name]
        todo += [r for r in refs(table[name]) if r.startswith(prefix)]
    return dict(sorted(out.items()))


def docusign(clone: Path) -> None:
    doc = json.loads(show(clone, DOCUSIGN_COMMIT, "esignature.rest.swagger-v2.1.json"))
    paths = {p: {m: doc["paths"][p][m] for m in methods} for p, methods in DOCUSIGN_OPERATIONS.items()}
    subset = {
        "swagger": doc["swagger"],
        "info": doc["info"],
        "host": doc.get("host"),
        "basePath": doc.get("basePath"),
        "paths": paths,
        "definitions": closure(doc, paths, "#/definitions/"),
    }
    (HERE / "docusign" / "esignature.rest.swagger-v2.1.subset.json").write_text(json.dumps(subset, indent=1) + "\n")


def calendly(clone: Path) -> None:
    doc = yaml.safe_load(show(clone, "HEAD", "openapi/openapi.yaml"))
    operations: dict[str, Any] = {}
    for path, methods in CALENDLY_OPERATIONS.items():
        for method in methods:
            responses = doc["paths"][path][method]["responses"]
            kept = {}
            for status, answer in responses.items():
                content = (answer or {}).get("content") or {}
                kept[str(status)] = {"content": {k: {"schema": v.get("schema")} for k, v in content.items()}}
            operations[f"{method.upper()} {path}"] = {"responses": kept}
    facts = {
        "source": "Calendly API v2 OpenAPI (developer.calendly.com/openapi/calendly-api.yaml) as mirrored in "
        "speakeasy-sdks/calendly-python openapi/openapi.yaml",
        "operations": operations,
        "components": {"schemas": closure(doc, operations, "#/components/schemas/")},
    }
    (HERE / "calendly" / "response-schemas.json").write_text(json.dumps(facts, indent=1) + "\n")


def bamboohr(clone: Path) -> None:
    (HERE / "bamboohr" / "public.yaml").write_text(show(clone, "HEAD", "specs/public.yaml"))


if __name__ == "__main__":
    vendor, clone = sys.argv[1], Path(sys.argv[2])
    {"bamboohr": bamboohr, "docusign": docusign, "calendly": calendly}[vendor](clone)
