"""Helpers for the reference integration's tests: fake clock, mail outbox, the SUT handle, payloads."""

from __future__ import annotations

import json
import time
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import refint_signing as sign
import responses
from refint_world import BHR_PRIVATE_KEY, ENV, World
from starlette.exceptions import StarletteDeprecationWarning

from examples.reference_integration import create_app
from examples.reference_integration.integration import Integration
from examples.reference_integration.notify import Mailer

with warnings.catch_warnings():
    # Starlette asks for httpx2 for its TestClient; only httpx is installed. Nothing else is muted.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, start: datetime = START) -> None:
        self.instant = start

    def now(self) -> datetime:
        return self.instant

    def advance(self, **delta: float) -> None:
        self.instant += timedelta(**delta)


class Outbox(Mailer):
    """Records mail instead of speaking SMTP (the SMTP path has its own loopback test)."""

    def __init__(self) -> None:
        super().__init__("127.0.0.1", 0, "recruiting@example.com")
        self.sent: list[dict[str, Any]] = []

    def send(self, to: str, subject: str, body: str, headers: Any = None) -> None:
        self.sent.append({"to": to, "subject": subject, "body": body, "headers": dict(headers or {})})

    def touchpoints(self, name: str | None = None) -> list[dict[str, Any]]:
        return [
            m
            for m in self.sent
            if m["headers"].get("X-Touchpoint") and (name is None or m["headers"]["X-Touchpoint"] == name)
        ]

    def alerts(self) -> list[dict[str, Any]]:
        return [m for m in self.sent if m["to"] == ENV["ALERT_EMAIL_TO"]]


@dataclass(eq=False)
class Sut:
    client: Any
    integration: Integration
    world: World
    clock: FakeClock
    outbox: Outbox
    sleeps: list[float]
    _events: Any = field(default_factory=lambda: iter(range(1, 1_000_000)))

    # -- signed deliveries, as each vendor sends them ---------------------------------
    def greenhouse(
        self, action: str, payload: dict[str, Any], event_id: str | None = None, headers: dict[str, str] | None = None
    ) -> Any:
        body = sign.body_of({"action": action, "payload": payload})
        event_id = event_id or f"gh-event-{next(self._events)}"
        signed = sign.greenhouse(ENV["GREENHOUSE_WEBHOOK_SECRET"], body, event_id)
        return self.client.post("/webhooks/greenhouse", content=body, headers=headers or signed)

    def calendly(self, event: str, payload: dict[str, Any], age_seconds: int = 0) -> Any:
        body = sign.body_of({"event": event, "created_at": "2026-03-02T09:00:00Z", "payload": payload})
        t = int(self.clock.now().timestamp()) - age_seconds
        return self.client.post(
            "/webhooks/calendly", content=body, headers=sign.calendly(self.world.calendly_signing_key, body, t)
        )

    def docusign(self, envelope_id: str, status: str, app_id: int | None = None) -> Any:
        fields = [{"name": "greenhouse_application_id", "value": str(app_id)}] if app_id else []
        body = sign.body_of(
            {
                "event": f"envelope-{status}",
                "apiVersion": "v2.1",
                "data": {
                    "accountId": "acct-1",
                    "envelopeId": envelope_id,
                    "envelopeSummary": {"status": status, "customFields": {"textCustomFields": fields}},
                },
            }
        )
        headers = sign.docusign(ENV["DOCUSIGN_HMAC_KEY"], body)
        return self.client.post("/webhooks/docusign", content=body, headers=headers)

    def bamboohr(self, employee_id: str, changed: list[str], age_seconds: int = 0) -> Any:
        body = sign.body_of(
            {
                "type": "employee.updated",
                "timestamp": "2026-03-02T09:00:00+0000",
                "data": {"companyId": "1", "employeeId": employee_id, "changedFields": changed},
            }
        )
        stamp = str(int(self.clock.now().timestamp()) - age_seconds)
        return self.client.post("/webhooks/bamboohr", content=body, headers=sign.bamboohr(BHR_PRIVATE_KEY, body, stamp))

    def kpis(self) -> dict[str, Any]:
        return json.loads(self.client.get("/reporting/kpis").text)


# -- payload builders (web hook shapes from Greenhouse's docs) ---------------------------------
def application_payload(
    app_id: int,
    stage: str,
    *,
    at: str = "2026-03-02T09:00:00Z",
    world: World | None = None,
    source: str = "LinkedIn",
    applied_at: str = "2026-02-01T09:00:00Z",
    job_id: int = 300,
) -> dict[str, Any]:
    candidate: dict[str, Any] = {
        "id": app_id + 10_000,
        "first_name": "Zoë",
        "last_name": "O'Brien-Nuñez",
        "email_addresses": [{"value": "zoe@example.com", "type": "personal"}],
    }
    if world is not None and str(app_id) in world.applications:
        candidate = world.candidate_of(app_id)
    return {
        "application": {
            "id": app_id,
            "status": "active",
            "applied_at": applied_at,
            "last_activity_at": at,
            "source": {"id": 1, "name": source},
            "current_stage": {"id": 1, "name": stage},
            "candidate": candidate,
            "jobs": [
                {
                    "id": job_id,
                    "name": "Staff Engineer",
                    "opened_at": "2026-01-01T00:00:00Z",
                    "departments": [{"id": 9, "name": "Engineering"}],
                }
            ],
        }
    }


def offer_payload(app_id: int, offer_id: int | None = None, **fields: Any) -> dict[str, Any]:
    return {
        "id": offer_id or app_id + 20_000,
        "application_id": app_id,
        "job_id": 300,
        "version": 1,
        "start_date": "04/15/2026",
        "offer_status": "Created",
        "custom_fields": fields,
    }


def hire_payload(app_id: int, at: str = "2026-03-20T09:00:00Z", world: World | None = None) -> dict[str, Any]:
    payload = application_payload(app_id, "Offer", at=at, world=world)
    payload["application"]["status"] = "hired"
    payload["offer"] = {"id": app_id + 20_000, "version": 1, "starts_at": "2026-04-15", "custom_fields": {}}
    return payload


def invitee_payload(
    app_id: int, invitee: str = "INV1", start: str = "2026-03-04T15:00:00Z", **extra: Any
) -> dict[str, Any]:
    event = "https://calendly.test/scheduled_events/EV1"
    return {
        "uri": f"{event}/invitees/{invitee}",
        "email": "zoe@example.com",
        "name": "Zoë O'Brien-Nuñez",
        "status": "active",
        "event": event,
        "scheduled_event": {
            "uri": event,
            "start_time": start,
            "end_time": start,
            "event_type": "https://calendly.test/event_types/ET-0",
        },
        "tracking": {"utm_content": str(app_id)},
        "rescheduled": False,
        "old_invitee": None,
        "new_invitee": None,
        **extra,
    }


def wait_until(predicate: Any, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def run_sut(variant: str, scenario: Any, **env: str) -> Sut:
    """Run ``scenario(sut)`` against a fresh world and SUT, and hand back both for inspection.

    Each run has its own stub world, so a reference run and a variant run of
    the same scenario can be compared side by side.
    """
    clock, outbox, sleeps = FakeClock(), Outbox(), []
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        world = World(rsps)
        app = create_app(
            {**ENV, "REFERENCE_VARIANT": variant, **env}, clock=clock.now, mailer=outbox, sleep=sleeps.append
        )
        with TestClient(app) as client:
            sut = Sut(client, app.state.integration, world, clock, outbox, sleeps)
            scenario(sut)
    return sut
