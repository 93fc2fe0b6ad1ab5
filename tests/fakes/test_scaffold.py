"""``python -m fakes.scaffold`` writes a dialect with the skeleton's files that imports and serves."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from fakes.kit.http import Request
from fakes.kit.hub import Hub
from fakes.scaffold import load, main
from tests.fakes.test_dialect_skeleton import SKELETON, missing_files


def test_the_scaffold_writes_a_dialect_that_imports_and_serves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["hris", "acmehr", "--root", str(tmp_path)]) == 0
    folder = tmp_path / "fakes" / "hris" / "acmehr"
    assert missing_files(folder) == set()
    assert {p.name for p in folder.iterdir() if p.is_file()} == set(SKELETON)
    assert "register it in fakes/world.py" in capsys.readouterr().out

    package = load(folder, "_scaffolded_acmehr")
    fake = package.AcmehrFake(Hub())  # type: ignore[attr-defined]
    assert fake.system == "hris" and fake.name == "acmehr"
    key = {"authorization": "Bearer acmehr-harness-api-key"}
    answer = fake.handle(Request("GET", "/v1/status", "verbose=true", key))
    assert answer.status == 200 and b'"vendor":"acmehr"' in answer.body.replace(b" ", b"")
    refused = fake.handle(Request("GET", "/v1/status", "", {}))
    assert refused.status == 401 and b"Invalid API key" in refused.body
    assert fake.contract_env("http://127.0.0.1:9") == {
        "ACMEHR_BASE_URL": "http://127.0.0.1:9",
        "ACMEHR_API_KEY": "acmehr-harness-api-key",
    }
    assert "- [x] `GET /v1/status` (get_status)" in (folder / "IMPLEMENTATION_COVERAGE.md").read_text()

    stub = tmp_path / "tests" / "fakes" / "acmehr" / "test_acmehr_skeleton.py"
    tree = ast.parse(stub.read_text())
    assert [n.name for n in tree.body if isinstance(n, ast.FunctionDef)] == [
        "test_the_example_route_answers_with_the_api_key",
        "test_a_wrong_key_is_refused",
    ]
    for name in [m for m in sys.modules if m.startswith("_scaffolded_acmehr")]:
        del sys.modules[name]


def test_the_scaffold_never_overwrites_and_checks_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["esign", "signco", "--root", str(tmp_path)]) == 0
    assert main(["esign", "signco", "--root", str(tmp_path)]) == 2
    assert "exists already" in capsys.readouterr().err
    assert main(["esign", "Sign-Co", "--root", str(tmp_path)]) == 2
    assert "must be lower-case letters and digits" in capsys.readouterr().err
