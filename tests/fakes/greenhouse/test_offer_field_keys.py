"""The tenant's own offer custom-field keys, as the harness configures them from a profile's vocabulary."""

from __future__ import annotations

from typing import Any

from fakes.world import World

from .conftest import Harvest, make_application


def test_offers_are_served_under_the_tenant_keys(world: World, v1: Harvest) -> None:
    world.hub.settings["ats.offer_fields"] = {"salary": "base_salary", "signature_status": "esign_state"}
    world.ats.use_offer_field_keys()
    try:
        served_under_tenant_keys(world, v1)
    finally:  # the session's world is reseeded before its settings are cleared: leave the default keys
        del world.hub.settings["ats.offer_fields"]
        world.ats.use_offer_field_keys()


def served_under_tenant_keys(world: World, v1: Harvest) -> None:
    app = make_application(world)["application_id"]
    offer: dict[str, Any] = dict(
        application_id=app, salary="103000.10", currency="USD", pay_period="year", employment_type="Full-time",
        hours_per_week="40", start_date="2026-04-06",
    )
    world.act("ats.create_offer", **offer)
    served = v1.get(f"/applications/{app}/offers/current_offer").json()
    assert served["keyed_custom_fields"]["base_salary"] == {
        "name": "Salary", "type": "currency", "value": {"value": 103000.1, "currency": "USD"}}  # Harvest's shape
    assert "salary" not in served["custom_fields"] and "esign_state" in served["custom_fields"]
    assert served["custom_fields"]["pay_period"] == "year"  # concepts the profile left alone keep their key
    world.act("ats.update_offer", application_id=app, salary="105000")
    served = v1.get(f"/applications/{app}/offers/current_offer").json()
    assert served["custom_fields"]["base_salary"]["value"] == 105000
