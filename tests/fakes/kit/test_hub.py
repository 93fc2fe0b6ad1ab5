"""The hub's typed contract with whoever owns the models: bind_models, model(system, tenant[, kind]), tenants."""

from __future__ import annotations

import pytest

from fakes.hris.model import HrisModel
from fakes.kit.hub import Hub
from fakes.scheduler.model import SchedulerModel
from fakes.world import World


def test_a_bare_hub_says_no_models_are_bound() -> None:
    hub = Hub()
    assert hub.tenants() == ["default"]
    with pytest.raises(RuntimeError, match="no models are bound"):
        hub.model("ats", "default")


def test_the_world_binds_its_models_and_tenants() -> None:
    world = World(systems=["hris"])
    world.add_tenant("acme")
    assert world.hub.tenants() == ["default", "acme"]
    model = world.hub.model("hris", "acme", HrisModel)
    assert model is world.model("hris", "acme") and model.tenant == "acme"
    with pytest.raises(TypeError, match="not a SchedulerModel"):
        world.hub.model("hris", "default", SchedulerModel)
    with pytest.raises(ValueError, match="tenant='nobody' does not exist"):
        world.hub.model("hris", "nobody")
