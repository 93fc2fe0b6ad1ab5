"""The profile's tenant.esign.templates: what the e-signature admin built is seeded before a run, and
the vocabulary may then name it; a mistake in it is refused with file:line."""

from __future__ import annotations

import pytest

from fakes.world import World
from harness.engine.setup import configure_world
from harness.errors import HarnessError, ProfileError
from harness.profile import parse_profile

BASE = """\
profile: 1
name: p
stages: [Application Review, Offer]
"""
TENANT = """\
tenant:
  esign:
    templates:
      - name: Offer Letter v2
        roles:
          - {name: Hire, routing_order: 2, tabs: [salary, currency]}
          - {name: Manager, routing_order: 1}
vocabulary:
  envelope:
    template: Offer Letter v2
    signers: {candidate: {role: Hire}, hiring_manager: {role: Manager}}
"""


@pytest.fixture
def world():
    w = World(seed=0, systems=["ats", "esign"])
    yield w
    w.stop()


def test_a_declared_template_is_seeded_with_its_roles_and_tabs(world: World) -> None:
    configure_world(world, parse_profile(BASE + TENANT, file="p.yaml"))
    (template,) = world.esign.templates(search_text="Offer Letter v2")
    roles = {r["role_name"]: r for r in template["roles"]}
    assert [r["role_name"] for r in template["roles"]] == ["Manager", "Hire"]  # in routing order
    assert roles["Manager"]["routing_order"] == 1 and roles["Hire"]["routing_order"] == 2
    assert [t["label"] for t in roles["Hire"]["text_tabs"]] == ["salary", "currency"]
    assert any(t["name"] == "Offer Letter" for t in world.esign.templates())  # on top of the seeded one


def test_naming_a_template_the_tenant_lacks_stops_before_the_run(world: World) -> None:
    profile = parse_profile(BASE + TENANT.replace("template: Offer Letter v2", "template: Offer Letter v3"), "p.yaml")
    with pytest.raises(HarnessError, match="Offer Letter v3"):
        configure_world(world, profile)


def test_a_role_named_twice_is_refused_with_its_line() -> None:
    text = BASE + TENANT.replace("{name: Manager, routing_order: 1}", "{name: Hire, routing_order: 1}")
    with pytest.raises(ProfileError, match=r"p.yaml:\d+:\d+: .*role 'Hire' appears twice"):
        parse_profile(text, file="p.yaml")
