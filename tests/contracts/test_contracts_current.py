"""The generated contracts are committed and current, and each OpenAPI document is valid OpenAPI 3.0.

``fakes.contracts.published()`` renders, from the route tables, every file
the fakes publish: ``contracts/<fake>/openapi.json`` and each dialect's
``IMPLEMENTATION_COVERAGE.md``. A route change without regenerating them
fails here.
"""

from __future__ import annotations

import importlib
import inspect
import json
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from schemathesis.core.result import Err

from fakes.contracts import ROOT, published
from fakes.kit.openapi import oas30
from fakes.world import World

REGENERATE = "run `ats-harness contracts` (or `python -m fakes.contracts`) and commit the result"
WORLD = World(seed=0)
FAKES = sorted(WORLD.fakes)


def document(name: str) -> dict[str, Any]:
    path = ROOT / "contracts" / name / "openapi.json"
    assert path.exists(), f"{path.relative_to(ROOT)} is missing; {REGENERATE}"
    return json.loads(path.read_text())  # type: ignore[no-any-return]


def test_committed_contracts_are_current() -> None:
    expected = published()
    missing = sorted(str(p.relative_to(ROOT)) for p in expected if not p.exists())
    stale = sorted(str(p.relative_to(ROOT)) for p, text in expected.items() if p.exists() and p.read_text() != text)
    assert not missing and not stale, f"missing: {missing}; stale: {stale}; {REGENERATE}"


def test_every_fake_has_a_document_and_no_document_is_orphaned() -> None:
    on_disk = {p.parent.name for p in (ROOT / "contracts").glob("*/openapi.json")}
    expected = {p.parent.name for p in published() if p.name == "openapi.json"}
    assert expected == set(FAKES), "every fake of the world (the inbox too) publishes an OpenAPI document"
    assert on_disk == expected, f"openapi.json of no fake: {sorted(on_disk - expected)}; {REGENERATE}"


@pytest.mark.parametrize("name", FAKES)
def test_document_is_valid_openapi_3_0(name: str) -> None:
    raw = document(name)
    assert raw["openapi"].startswith("3.0.")
    schema = schemathesis.openapi.from_dict(raw)
    schema.validate()  # the OpenAPI 3.0 meta-schema
    try:  # a second, independent validator when it is installed (not a dependency)
        from openapi_spec_validator import OpenAPIV30SpecValidator
    except ImportError:
        pass
    else:
        errors = [str(e).splitlines()[0] for e in OpenAPIV30SpecValidator(raw).iter_errors()]
        assert not errors, errors
    broken = [str(result.err()) for result in schema.get_all_operations() if isinstance(result, Err)]
    assert not broken, broken


@pytest.mark.parametrize("name", FAKES)
def test_operations_match_the_routes_with_unique_ids_and_security(name: str) -> None:
    raw = document(name)
    operations = [(path, method, op) for path, item in raw["paths"].items() for method, op in item.items()]
    ids = [op["operationId"] for _, _, op in operations]
    assert len(ids) == len(set(ids)), f"duplicate operationIds: {sorted(i for i in set(ids) if ids.count(i) > 1)}"
    routes = WORLD.fakes[name].router.routes
    assert len(operations) == len(routes)
    schemes = raw.get("components", {}).get("securitySchemes", {})
    for route in routes:
        path = route.path.replace(":path}", "}")
        op = raw["paths"][path][route.method.lower()]
        assert op["operationId"].startswith(route.operation)
        required = op.get("security", raw.get("security", []))
        if route.auth:
            assert required, f"{route.method} {route.path} authenticates but the document names no security scheme"
            assert all(set(r) <= set(schemes) for r in required), f"{route.path}: unknown scheme in {required}"
        else:
            assert op.get("security") == [], f"{route.method} {route.path} needs no credentials"
    used = {n for _, _, op in operations for r in op.get("security", raw.get("security", [])) for n in r}
    assert used == set(schemes), f"security schemes declared but never used: {sorted(set(schemes) - used)}"


def test_greenhouse_names_its_scheme_per_api_version() -> None:
    raw = document("greenhouse")
    assert raw["paths"]["/v1/candidates"]["get"]["security"] == [{"harvest_v1_basic": []}]
    assert raw["paths"]["/v3/candidates"]["get"]["security"] == [{"harvest_v3_bearer": []}]
    assert raw["paths"]["/v3/candidates"]["get"]["operationId"] == "list_candidates_v3"
    assert raw["paths"]["/auth/token"]["post"]["security"] == []


def coverage_module(name: str) -> Any:
    package = type(WORLD.fakes[name]).__module__.rsplit(".", 1)[0]
    try:
        return importlib.import_module(f"{package}.coverage")
    except ModuleNotFoundError:
        return None


DIALECTS = [name for name in FAKES if coverage_module(name) is not None]


def test_every_vendor_dialect_has_a_coverage_list() -> None:
    # the inbox is the harness's own
    assert DIALECTS == ["bamboohr", "calendly", "docusign", "dropbox_sign", "greenhouse"]


@pytest.mark.parametrize("name", DIALECTS)
def test_coverage_page_lists_every_vendor_operation_once(name: str) -> None:
    fake, coverage = WORLD.fakes[name], coverage_module(name)
    page = Path(inspect.getfile(type(fake))).parent / "IMPLEMENTATION_COVERAGE.md"
    lines = [line for line in page.read_text().splitlines() if line.startswith("- [")]
    assert len(lines) == len(coverage.VENDOR_OPERATIONS)
    served = {route.operation for route in fake.router.routes}
    for (op, method, path, _), line in zip(coverage.VENDOR_OPERATIONS, lines, strict=True):
        assert f"`{method} {path}` ({op})" in line
        assert line.startswith("- [x]" if op in served else "- [ ]")


@pytest.mark.parametrize(("schema", "expected"), [
    ({"type": ["string", "null"], "maxLength": 5}, {"type": "string", "maxLength": 5, "nullable": True}),
    ({"type": ["string", "integer", "null"], "maxLength": 5, "description": "d"},
     {"description": "d", "anyOf": [{"type": "string", "maxLength": 5, "nullable": True},
                                    {"type": "integer", "nullable": True}]}),
    ({"type": "null"}, {"nullable": True, "type": "string", "enum": [None]}),
    ({"const": "x", "examples": ["x", "y"]}, {"enum": ["x"], "example": "x"}),
    ({"type": "number", "exclusiveMinimum": 0}, {"type": "number", "minimum": 0, "exclusiveMinimum": True}),
    ({"type": "object", "properties": {"a": {"type": ["array", "null"], "items": {"const": 1}}},
      "additionalProperties": {"type": ["boolean", "null"]}},
     {"type": "object", "properties": {"a": {"type": "array", "items": {"enum": [1]}, "nullable": True}},
      "additionalProperties": {"type": "boolean", "nullable": True}}),
    ({"anyOf": [{"type": "integer"}, {"type": "null"}]},
     {"anyOf": [{"type": "integer"}, {"nullable": True, "type": "string", "enum": [None]}]}),
])
def test_json_schema_becomes_an_openapi_3_0_schema_object(schema: dict[str, Any], expected: dict[str, Any]) -> None:
    assert oas30(schema) == expected
