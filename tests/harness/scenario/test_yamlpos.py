"""The position-keeping YAML reader and the rendering of located errors."""

from __future__ import annotations

import pickle
from decimal import Decimal

import pytest

from harness.errors import MISSING, ProfileError, ScenarioError, SpecError, did_you_mean
from harness.scenario import yamlpos


def test_values_and_keys_keep_their_positions() -> None:
    doc = yamlpos.load_text("a:\n  b: [1, {c: x}]\n  'd.e': 2\n", ScenarioError, file="f.yaml")
    assert doc.data == {"a": {"b": [1, {"c": "x"}], "d.e": 2}}
    assert doc.locate(("a", "b", 1, "c")) == (2, 14)
    assert doc.locate(("a", "b", 1, "c"), key=True) == (2, 11)
    assert doc.locate(("a", "b", 0)) == (2, 7)
    assert doc.locate(("a", "nope", 3)) == (2, 3)  # the nearest enclosing value
    assert yamlpos.format_path(("a", "d.e", 0, "my key")) == 'a["d.e"][0]["my key"]'


def test_reading_rules() -> None:
    doc = yamlpos.load_text("m: 103000.10\nn: 1_000.5\nd: 2026-04-01\non: yes\ni: 7\nf: .inf\n", ScenarioError)
    assert doc.data["m"] == Decimal("103000.10") and isinstance(doc.data["m"], Decimal)
    assert doc.data["n"] == Decimal("1000.5")
    assert doc.data["d"] == "2026-04-01"
    assert doc.data["on"] is True  # the key stays text, the value is YAML's boolean
    assert doc.data["i"] == 7 and doc.data["f"] == float("inf")


def test_merge_keys_and_aliases() -> None:
    doc = yamlpos.load_text("base: &b {x: 1}\nuse: {<<: *b, y: 2}\nsame: *b\n", ScenarioError)
    assert doc.data["use"] == {"x": 1, "y": 2} and doc.data["same"] == {"x": 1}


def test_recursive_alias_is_refused() -> None:
    with pytest.raises(ScenarioError, match="an alias refers to a mapping or list that contains it"):
        yamlpos.load_text("a: &a [1, *a]\n", ScenarioError)


def test_non_text_key() -> None:
    with pytest.raises(ProfileError, match=r"p.yaml:1:3: a key must be plain text"):
        yamlpos.load_text("? [a, b]\n: 1\n", ProfileError, file="p.yaml")


def test_missing_and_unreadable_files(tmp_path) -> None:
    with pytest.raises(ScenarioError, match="no such file"):
        yamlpos.load(tmp_path / "none.yaml", ScenarioError)
    (tmp_path / "latin1.yaml").write_bytes("name: Zo\xeb\n".encode("latin-1"))
    with pytest.raises(ScenarioError, match=r"latin1\.yaml: the file is not UTF-8 text"):
        yamlpos.load(tmp_path / "latin1.yaml", ScenarioError)


def test_rendering_of_one_error() -> None:
    error = ScenarioError(
        file="s.yaml",
        line=3,
        column=5,
        path="steps[0].sign.by",
        value="candiate",
        valid=["candidate", "hiring_manager"],
    )
    assert str(error) == (
        "s.yaml:3:5: steps[0].sign.by: value 'candiate' is not valid; valid values: "
        "candidate, hiring_manager; did you mean 'candidate'?"
    )
    assert error.suggestion == "candidate" and error.errors == [error]


def test_long_valid_lists_are_cut() -> None:
    error = SpecError("x", valid=[f"v{i}" for i in range(30)])
    assert str(error).endswith("v23 (and 6 more)")


def test_groups_sort_and_drop_repeats() -> None:
    a = ProfileError("late", file="p.yaml", line=9, column=1)
    b = ProfileError("early", file="p.yaml", line=2, column=4)
    group = ProfileError.group([a, b, ProfileError("late", file="p.yaml", line=9, column=1)])
    assert str(group) == "p.yaml:2:4: early\np.yaml:9:1: late"
    assert [e.line for e in group.errors] == [2, 9] and group.line == 2
    assert ProfileError.group([a]) is a
    assert pickle.loads(pickle.dumps(MISSING)) is MISSING


def test_did_you_mean() -> None:
    assert did_you_mean("phone screen", ["Phone Screen", "Onsite"]) == "Phone Screen"
    assert did_you_mean("hold", ["hold_for_review", "alert"]) == "hold_for_review"
    assert did_you_mean("zzz", ["alpha", "beta"]) is None
    assert did_you_mean(5, ["5"]) is None
