"""Templates: native types for single expressions, strict names, a sandbox, seeded data."""

from __future__ import annotations

from decimal import Decimal

import pytest

from harness.scenario import parse_scenario
from harness.scenario.templating import (
    TemplateProblem,
    is_template,
    journey_world,
    make_faker,
    render,
    unknown_names,
)

CTX = {
    "candidate": {"first_name": "Zoë", "last_name": "O'Brien-Nuñez"},
    "offer": {"salary": Decimal("103000.10"), "hours_per_week": Decimal("37.5"), "currency": "USD"},
    "job": {"name": "Senior Designer"},
    "journey": {"id": "j-1", "index": 0},
    "pack": {},
    "faker": None,
}


def test_a_single_expression_keeps_its_type() -> None:
    value = render("{{ offer.salary }}", CTX)
    assert value == Decimal("103000.10") and isinstance(value, Decimal)
    assert render(" {{ offer.hours_per_week * 2 }} ", CTX) == Decimal("75.0")
    assert render("{{ journey.index }}", CTX) == 0


def test_anything_else_renders_text() -> None:
    assert render("{{ offer.salary }} {{ offer.currency }}", CTX) == "103000.10 USD"
    assert render("Dear {{ candidate.first_name }}", CTX) == "Dear Zoë"
    assert render("{{ candidate.last_name }}!", CTX) == "O'Brien-Nuñez!"  # no HTML escaping


def test_structures_are_walked_and_other_values_pass() -> None:
    spec = {"tabs": {"salary": "{{ offer.salary }}", "n": 3}, "list": ["{{ job.name }}", None], "plain": "text"}
    assert render(spec, CTX) == {
        "tabs": {"salary": Decimal("103000.10"), "n": 3},
        "list": ["Senior Designer", None],
        "plain": "text",
    }


@pytest.mark.parametrize("text", ["{{ offer.bonus }}", "Hi {{ candidate.middle_name }}", "{{ nobody }}"])
def test_missing_names_are_errors(text: str) -> None:
    with pytest.raises(TemplateProblem, match="cannot be rendered"):
        render(text, CTX)


def test_the_sandbox_refuses_internals() -> None:
    with pytest.raises(TemplateProblem, match="cannot be rendered"):
        render("{{ candidate.__class__.__mro__ }}", CTX)


def test_names_out_of_scope_are_found_without_rendering() -> None:
    assert unknown_names("{{ offer.salary }} {{ faker.name() }}") == []
    assert unknown_names("{{ ofer.salary }} {% if pak %}{% endif %}") == ["ofer", "pak"]
    with pytest.raises(TemplateProblem, match="template syntax error: unexpected end of template"):
        unknown_names("{{ offer.salary ")
    assert is_template("{% if x %}") and not is_template("{ not one }")


def test_faker_is_seeded() -> None:
    assert make_faker("7:0").first_name() == make_faker("7:0").first_name()
    names = {make_faker(f"7:{i}").name() for i in range(5)}
    assert len(names) > 1


def test_journey_world_merges_the_record_over_the_world() -> None:
    scenario = parse_scenario(
        "scenario: 1\nname: Pack Merge\nlayer: documents\n"
        "data: {packs: [currencies]}\n"
        "world:\n"
        "  candidate: {first_name: Ada, last_name: '{{ faker.last_name() }}'}\n"
        "  offer: {salary: '1.00', hours_per_week: '{{ pack.hours | default(40) }}'}\n"
        "steps: [apply: {}]\n"
    )
    world = journey_world(scenario, 4, seed=7)
    assert world.offer["salary"] == "38500.125" and world.offer["currency"] == "KWD"  # record 4 of currencies
    assert world.offer["hours_per_week"] == 40
    assert world.candidate["first_name"] == "Ada"
    assert world.candidate["email"] == "pack-merge-5@candidates.example.com"
    assert world.journey == {"id": "pack-merge-5", "index": 4, "number": 5}
    again = journey_world(scenario, 4, seed=7)
    assert again.candidate["last_name"] == world.candidate["last_name"]  # same seed, same data
    assert world.context()["candidate"]["full_name"] == f"Ada {world.candidate['last_name']}"
    assert journey_world(scenario, 10, seed=7).offer == journey_world(scenario, 4, seed=7).offer  # 10 % 6 == 4


def test_journey_world_takes_the_engine_journey() -> None:
    scenario = parse_scenario("scenario: 1\nname: n\nlayer: documents\nsteps: [apply: {}]\n")
    world = journey_world(scenario, 0, seed=1, journey={"id": "run42-n-1"})
    assert world.candidate["email"] == "run42-n-1@candidates.example.com"
    assert world.job["stages"][0] == "Application Review"
