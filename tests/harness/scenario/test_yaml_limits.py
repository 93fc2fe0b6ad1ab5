"""Hostile YAML: a bomb, a huge file or deep nesting is refused with a clear error, cheaply."""

from __future__ import annotations

import tracemalloc
from decimal import Decimal
from pathlib import Path

import pytest

from harness.errors import ProfileError, ScenarioError
from harness.profile import load_profile
from harness.scenario import load_scenario, yamlpos

LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n" for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
)
BOMB = "scenario: 1\nname: bomb\nlayer: documents\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + LAUGHS
BOMB += "steps: *i\n"  # 9**9 (387 million) values once expanded


def _peak_mib(call) -> float:
    tracemalloc.start()
    try:
        call()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak / 1024 / 1024


@pytest.mark.parametrize(("loader", "cls"), [(load_scenario, ScenarioError), (load_profile, ProfileError)])
def test_a_billion_laughs_is_refused_naming_the_file_and_the_limit(tmp_path: Path, loader, cls) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB)
    caught: list[Exception] = []

    def load() -> None:
        with pytest.raises(cls) as raised:
            loader(path)
        caught.append(raised.value)

    peak = _peak_mib(load)
    message = str(caught[0])
    assert message.startswith(f"{path}:")
    assert f"more than {yamlpos.MAX_ALIAS_VALUES} values" in message and "billion laughs" in message
    assert peak < 64, f"refusing the bomb took {peak:.0f} MiB"


def test_the_alias_budget_counts_repeated_values_across_the_file() -> None:
    # each alias repeats 2 values (a list and its scalar); 3 of them fit a budget that 2 more overflow
    text = "a: &a [x]\n" + "".join(f"k{i}: *a\n" for i in range(yamlpos.MAX_ALIAS_VALUES // 2))
    yamlpos.load_text(text, ScenarioError)
    with pytest.raises(ScenarioError, match=r":\d+:\d+: aliases \(\*name\) would repeat more than"):
        yamlpos.load_text(text + "y1: *a\ny2: *a\n", ScenarioError)


def test_a_file_over_the_size_limit_is_refused_with_the_limit_named(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("scenario: 1\n" + "# padding\n" * (yamlpos.MAX_BYTES // 10))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: the file is 1.0 MiB")
    assert f"at most 1 MiB ({yamlpos.MAX_BYTES} characters)" in message and "split it" in message


def test_a_file_just_under_the_limit_is_read() -> None:
    text = "a: 1\n" + "# padding\n" * ((yamlpos.MAX_BYTES - 10) // 10)
    assert len(text) <= yamlpos.MAX_BYTES
    assert yamlpos.load_text(text, ScenarioError).data == {"a": 1}


@pytest.mark.parametrize(
    "text",
    ["[" * 200_000 + "]" * 200_000, "- " * 100_000 + "x\n", "a:\n" + "".join(" " * i + "a:\n" for i in range(1, 500))],
    ids=["flow", "block-list", "block-mapping"],
)
def test_deep_nesting_is_refused_not_a_crash(text: str) -> None:
    # libyaml's own composer recurses in C and kills the process (SIGSEGV) near 100,000 levels; Python's
    # raises RecursionError near 1,000: neither is reached
    with pytest.raises(ScenarioError, match=f"nested more than {yamlpos.MAX_DEPTH} levels deep"):
        yamlpos.load_text(text, ScenarioError, file="deep.yaml")


def test_nesting_at_the_limit_is_read() -> None:
    depth = yamlpos.MAX_DEPTH
    doc = yamlpos.load_text("[" * depth + "x" + "]" * depth, ScenarioError)
    value = doc.data
    for _ in range(depth - 1):
        value = value[0]
    assert value == ["x"]


def test_merge_keys_override_and_keep_positions() -> None:
    doc = yamlpos.load_text(
        "a: &a {p: 1, s: {t: 2}}\nb: &b {q: 2, p: 3}\nc:\n  <<: [*a, *b]\n  q: 4\n", ScenarioError, file="m.yaml"
    )
    assert doc.data["c"] == {"q": 4, "p": 1, "s": {"t": 2}}  # its own key wins, then the first source
    assert doc.locate(("c", "q")) == (5, 6)
    assert doc.locate(("c", "s", "t")) == (1, 21)  # merged values point where they were written
    assert doc.locate(("c", "p"), key=True) == (1, 8)


def test_merge_of_something_else_than_a_mapping() -> None:
    with pytest.raises(ScenarioError, match="a merge key '<<' takes a mapping"):
        yamlpos.load_text("a: &a [1]\nb: {<<: *a}\n", ScenarioError)


def test_anchor_and_alias_mistakes() -> None:
    with pytest.raises(ScenarioError, match=r"x.yaml:1:4: alias \*nope refers to no anchor &nope"):
        yamlpos.load_text("a: *nope\n", ScenarioError, file="x.yaml")
    with pytest.raises(ScenarioError, match=r"x.yaml:2:4: anchor &a is defined twice \(first at line 1\)"):
        yamlpos.load_text("a: &a 1\nb: &a 2\n", ScenarioError, file="x.yaml")
    with pytest.raises(ScenarioError, match=r"x.yaml:2:1: a file holds one YAML document"):
        yamlpos.load_text("a: 1\n---\nb: 2\n", ScenarioError, file="x.yaml")


def test_values_python_cannot_hold_are_errors_not_crashes() -> None:
    with pytest.raises(ScenarioError, match=r"x.yaml:1:4: a: value '9+\.\.\.' cannot be read: Exceeds the limit"):
        yamlpos.load_text("a: " + "9" * 5000 + "\n", ScenarioError, file="x.yaml")
    assert yamlpos.load_text("a: 190:20:30.15\n", ScenarioError).data["a"] == Decimal("685230.15")  # YAML 1.1 base 60


def test_libyaml_and_python_parsers_agree_on_small_files() -> None:
    # libyaml refuses an empty value in a flow mapping that PyYAML reads; small files read as they always did
    assert yamlpos.load_text("steps: [apply: null, advance:]\n", ScenarioError).data == {
        "steps": [{"apply": None}, {"advance": None}]
    }


def test_text_that_is_not_unicode_is_an_error_not_a_crash() -> None:
    with pytest.raises(ScenarioError, match=r"x.yaml: the text is not valid Unicode \(a lone surrogate at character 3"):
        yamlpos.load_text("a: \ud800\n", ScenarioError, file="x.yaml")


def test_nan_is_an_error_at_each_place_it_is_written() -> None:
    with pytest.raises(ScenarioError) as caught:
        yamlpos.load_text("a: .nan\nb: [1, .NaN]\nc: .inf\n", ScenarioError, file="x.yaml")
    assert [e.render() for e in caught.value.errors] == [
        "x.yaml:1:4: a: value .nan is not a number (NaN); write a number",
        "x.yaml:2:8: b[1]: value .NaN is not a number (NaN); write a number",
    ]


def test_numbers_too_large_for_the_model_are_errors_not_crashes() -> None:
    from harness.profile import parse_profile
    from harness.scenario import parse_scenario

    head = "scenario: 1\nname: x\nlayer: documents\nsteps:\n  - apply: {}\n"
    with pytest.raises(ScenarioError, match=r"s.yaml:6:25: steps\[1\].advance_clock.by: duration '9+d' is too long"):
        parse_scenario(head + "  - advance_clock: {by: 99999999999999d}\n", "s.yaml")
    with pytest.raises(ScenarioError, match=r"s.yaml:6:19: steps\[1\].book.start: instant '\+999999999d' is too far"):
        parse_scenario(head + "  - book: {start: '+999999999d'}\n", "s.yaml")
    profile = (Path(__file__).resolve().parents[3] / "examples/reference_integration/profile.yaml").read_text()
    with pytest.raises(ProfileError, match="is not a number"):
        parse_profile(profile.replace('range: ["20000", "500000"]', "range: [.nan, 5]"), "p.yaml")
    with pytest.raises(ProfileError, match=r"p.yaml:\d+:\d+: sut.startup_timeout: duration '9+d' is too long"):
        parse_profile(profile.replace("startup_timeout: 30s", "startup_timeout: 99999999999999d"), "p.yaml")
