"""`pact diff` flags what a new contract depends on; recorded interactions are checked against OpenAPI."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pact import Pact, match

from harness.cli import main
from harness.pact import codec
from harness.pact.matchers import infer, integration_json, java_datetime_format
from harness.pact.openapi import check_pact


def _write(folder: Path, routes: dict[str, dict[str, Any]]) -> Path:
    """A greenhouse pact with one interaction per "METHOD /template" -> response body."""
    pact = Pact("team integration", "greenhouse")
    for route, body in routes.items():
        method, template = route.split(" ", 1)
        path = template.replace("{id}", "101")
        (
            pact.upon_receiving(f"{route} -> 200")
            .set_comment("route", route)
            .with_request(method, match.regex(path, regex="^" + template.replace("{id}", "[^/]+") + "$"))
            .will_respond_with(200)
            .with_body(integration_json(infer(body)), "application/json")
        )
    folder.mkdir(parents=True, exist_ok=True)
    pact.write_file(folder, overwrite=True)
    return folder


JOB = {"id": 1, "name": "Designer", "created_at": "2026-03-02T09:00:00.000Z"}


def test_diff_flags_a_new_endpoint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _write(tmp_path / "old", {"GET /v1/jobs/{id}": JOB})
    new = _write(tmp_path / "new", {"GET /v1/jobs/{id}": JOB, "GET /v1/users/{id}": {"id": 2, "name": "Lee"}})
    assert main(["pact", "diff", str(old), str(new)]) == 1
    out = capsys.readouterr().out
    assert "+ GET /v1/users/{id}  (new operation)" in out
    assert "GET /v1/jobs/{id}" not in out  # unchanged operations are not listed
    # The other way round the new contract depends on less: listed, and not a failure.
    assert main(["pact", "diff", str(new), str(old)]) == 0
    assert "- GET /v1/users/{id}  (no longer used)" in capsys.readouterr().out


def test_diff_flags_a_new_and_a_retyped_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _write(tmp_path / "old", {"GET /v1/jobs/{id}": JOB})
    new = _write(tmp_path / "new", {"GET /v1/jobs/{id}": {**JOB, "id": "1", "status": "open"}})
    assert main(["pact", "diff", str(old), str(new)]) == 1
    out = capsys.readouterr().out
    assert "+ response.body $.status (string)" in out
    assert "~ response.body $.id: integer -> regex" in out


def test_diff_of_identical_contracts_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _write(tmp_path / "old", {"GET /v1/jobs/{id}": JOB})
    assert main(["pact", "diff", str(old), str(old)]) == 0
    assert "no change" in capsys.readouterr().out


def test_diff_names_a_path_that_is_not_a_pact(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x.json").write_text("{}")
    assert main(["pact", "diff", str(tmp_path / "x.json"), str(tmp_path / "x.json")]) == 2
    assert "is not a pact file" in capsys.readouterr().err


def _http(method: str, path: str, route: str, body: Any = None, query: dict[str, list[str]] | None = None) -> dict:
    request: dict[str, Any] = {"method": method, "path": path}
    if body is not None:
        request["body"] = {"content": body, "contentType": "application/json"}
    if query:
        request["query"] = query
    return {"type": "Synchronous/HTTP", "description": f"{route} -> 200", "comments": {"route": route},
            "request": request, "response": {"status": 200}}


def test_openapi_check_flags_undocumented_operations_and_fields() -> None:
    pact = {
        "provider": {"name": "bamboohr"},
        "interactions": [
            _http("POST", "/api/gateway.php/acme/v1/employees", "POST /api/gateway.php/{companyDomain}/v1/employees",
                  {"firstName": "Ada", "lastName": "Lovelace", "favouriteColour": "green"}),
            _http("GET", "/api/gateway.php/acme/v1/payroll", "GET /api/gateway.php/{companyDomain}/v1/payroll"),
            _http("GET", "/api/gateway.php/acme/v1/employees", "GET /api/gateway.php/{companyDomain}/v1/employees",
                  query={"filter[firstName]": ["Ada"], "shoeSize": ["9"]}),
        ],
    }
    problems = [f["problem"] for f in check_pact(pact)]
    assert any("$.favouriteColour" in p for p in problems)
    assert not any("$.firstName" in p for p in problems)
    assert any("GET /api/gateway.php/{companyDomain}/v1/payroll is not an operation" in p for p in problems)
    assert any("'shoeSize'" in p for p in problems)
    assert not any("filter[firstName]" in p for p in problems)
    assert len(problems) == 3


def test_matchers_read_the_shape_not_the_value() -> None:
    assert java_datetime_format("2026-03-02T09:00:00.000Z") == "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"
    assert java_datetime_format("2026-03-02 09:00:00") == "yyyy-MM-dd HH:mm:ss"
    assert java_datetime_format("2026-03-02T09:00:00.0000000Z") == "yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'"
    assert java_datetime_format("Designer") is None
    body = json.loads(integration_json(infer({"id": 7, "rate": Decimal("103000.00"), "value": "103000.00"})))
    assert body["id"]["pact:matcher:type"] == "integer"
    assert body["rate"] == {"pact:matcher:type": "decimal", "value": 103000.00}
    assert body["value"]["pact:matcher:type"] == "regex"
    assert '"value": 103000.00' in integration_json(infer({"rate": Decimal("103000.00")}))  # money keeps its digits


def test_the_state_codec_round_trips_what_a_snapshot_holds() -> None:
    from datetime import UTC, date, datetime

    value = {"applications": {101: {"at": datetime(2026, 3, 2, 9, tzinfo=UTC), "day": date(2026, 4, 1),
                                    "salary": Decimal("103000.10"), "tags": ("a", "b"), "$odd": 1.5}}}
    assert codec.decode(json.loads(json.dumps(codec.encode(value)))) == value


def test_diff_ignores_what_lies_under_a_value_that_was_null(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _write(tmp_path / "old", {"GET /v1/jobs/{id}": {**JOB, "stage": None}})
    new = _write(tmp_path / "new", {"GET /v1/jobs/{id}": {**JOB, "stage": {"id": 3, "name": "Offer"}}})
    assert main(["pact", "diff", str(old), str(new)]) == 0
    assert main(["pact", "diff", str(new), str(old)]) == 0
    assert "stage" not in capsys.readouterr().out
