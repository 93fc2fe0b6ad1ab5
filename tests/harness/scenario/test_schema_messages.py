"""Schema errors on alternatives (oneOf/anyOf) read as one message that says what was expected."""

from __future__ import annotations

from harness.errors import ScenarioError
from harness.scenario import parse_scenario

HEAD = "scenario: 1\nname: x\nlayer: documents\nsteps:\n  - apply: {}\n"


def _errors(body: str) -> list[str]:
    try:
        parse_scenario(HEAD + body, file="s.yaml")
    except ScenarioError as exc:
        return [e.render() for e in exc.errors]
    raise AssertionError("the scenario was accepted")


def test_a_misindented_expect_is_one_message_that_says_to_indent() -> None:
    errors = _errors("  - expect:\n    envelope: {status: sent}\n    within: 10s\n")
    assert errors == [
        "s.yaml:6:5: steps[1]: a step is a mapping with exactly one key, the step name; found expect, envelope, "
        "within. If envelope, within belong to 'expect', indent them under it by two more spaces"
    ]


def test_an_empty_expect_says_a_mapping_was_expected_once() -> None:
    errors = _errors("  - expect:\n")
    assert errors == ["s.yaml:6:12: steps[1].expect: value null is not valid: expected a mapping"]
    assert not any("value or value" in e for e in errors)


def test_an_expect_with_two_kinds_names_them() -> None:
    errors = _errors("  - expect: {envelope: {status: sent}, email: {kind: offer}}\n")
    assert len(errors) == 1
    assert "steps[1].expect: needs exactly one of: email, alert, envelope" in errors[0]
    assert "found 'email' and 'envelope'" in errors[0]


def test_an_alternative_of_the_wrong_kind_explains_the_closest_branch() -> None:
    # hours_per_week is a number or a template; a list fits neither, and the message says what would
    errors = _errors("  - create_offer: {hours_per_week: [40]}\n")
    assert errors == [
        "s.yaml:6:36: steps[1].create_offer.hours_per_week: a list is not valid: expected a number or a template"
    ]
