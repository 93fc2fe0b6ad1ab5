"""docs/pytest.md's example is a test module that passes, run as a user would run it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

DOC = Path(__file__).resolve().parents[2] / "docs" / "pytest.md"


def _example() -> str:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S)
    assert len(blocks) == 1, "docs/pytest.md has one runnable example"
    return blocks[0]


def test_the_documented_example_passes(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makepyfile(test_example=_example())
    result = pytester.runpytest_subprocess("-p", "harness.pytest_plugin", "-p", "no:cacheprovider", "-W", "error")
    result.assert_outcomes(passed=3)


def test_the_documented_fixtures_and_options_exist() -> None:
    from harness import pytest_plugin

    text = DOC.read_text()
    for fixture in ("ats_world", "ats_env", "ats_in_process"):
        assert f"`{fixture}`" in text
        assert hasattr(pytest_plugin, fixture)
    source = Path(pytest_plugin.__file__).read_text()
    for option in re.findall(r"`(--ats-[a-z-]+)", text):
        assert f'"{option}"' in source, option
