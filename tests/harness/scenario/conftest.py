"""Fixtures shared by the scenario tests."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from harness.errors import ScenarioError
from harness.scenario.loader import load_scenario

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# the first three lines of most test scenarios; their own lines start at 4
HEAD = """\
scenario: 1
name: a scenario
layer: documents
"""


@pytest.fixture
def head() -> str:
    return HEAD


@pytest.fixture
def scenario_error(tmp_path: Path) -> Callable[..., ScenarioError]:
    """Write ``x.yaml`` (HEAD + body), load it, and return the ScenarioError it must raise."""

    def write_and_load(body: str, *, head: str = HEAD) -> ScenarioError:
        path = tmp_path / "x.yaml"
        path.write_text(head + textwrap.dedent(body), encoding="utf-8")
        with pytest.raises(ScenarioError) as caught:
            load_scenario(path)
        return caught.value

    return write_and_load


@pytest.fixture
def example_path() -> Path:
    return FIXTURES / "scenario_example.yaml"
