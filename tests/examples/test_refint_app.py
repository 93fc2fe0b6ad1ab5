"""Start-up, health, configuration and the entry points."""

from __future__ import annotations

import pytest
from refint_helpers import TestClient
from refint_world import CAL, ENV, SLACK

from examples.reference_integration import create_app


def test_startup_subscribes_then_reports_healthy(sut):
    assert sut.client.get("/health").json() == {"status": "ok"}
    bamboo = sut.world.called("bamboohr", "POST", "/webhooks")[0].body
    assert bamboo == {
        "name": "reference integration",
        "url": "http://sut.test/webhooks/bamboohr",
        "format": "json",
        "events": ["employee.updated"],
        "monitorFields": ["payRate", "jobTitle", "department"],
    }
    cal = sut.world.called("calendly", "POST", "/webhook_subscriptions")[0].body
    assert cal["url"] == "http://sut.test/webhooks/calendly"
    assert cal["events"] == ["invitee.created", "invitee.canceled"]
    assert (cal["organization"], cal["user"], cal["scope"]) == (
        f"{CAL}/organizations/O1",
        f"{CAL}/users/U1",
        "organization",
    )
    assert len(cal["signing_key"]) >= 32


def test_health_is_503_until_started(world):
    app = create_app({**ENV})
    client = TestClient(app)  # no context manager: the lifespan (and so start-up) never runs
    response = client.get("/health")
    assert (response.status_code, response.json()) == (503, {"status": "starting"})
    assert world.calls == []


def test_unknown_variant_is_refused_with_the_choices():
    with pytest.raises(ValueError, match=r"not a known variant.*wrong_stage"):
        create_app({**ENV, "REFERENCE_VARIANT": "no_such_bug"})


def test_settings_defaults():
    settings = create_app({"REPORTING_DATABASE_URL": "sqlite://"}).state.integration.settings
    assert (settings.host, settings.port, settings.public_url) == ("127.0.0.1", 8800, "http://127.0.0.1:8800")
    assert settings.alert_email_to == "integration-owner@example.com"
    assert str(settings.ttf_target_days) == "45" and str(settings.acceptance_baseline) == "0.5"
    assert SLACK not in settings.slack_webhook_url
