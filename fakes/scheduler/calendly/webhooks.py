"""Calendly webhooks: payloads, the signature, the retry schedule, and what
delivery outcomes do to a subscription.

Facts (developer.calendly.com/docs/webhooks/overview, "At a glance"; the
webhook-signatures and webhook-errors pages):

- ``Calendly-Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(signing_key, "<t>." + raw body)>``.
- With a personal access token the signing key is optional ("Neither are
  required"); a subscription created without one is delivered unsigned here.
- Any 2xx is success; redirects and every other status are failures.
- 410 Gone deletes the subscription at once, without retry.
- Failures are retried "for 24 hours with an exponential back-off"; after
  that the subscription is disabled. The exact delays are not published:
  ``RETRY_SCHEDULE`` is an assumption (doubling from one minute, the last
  retry landing on the 24-hour mark).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from ...kit import jsonx
from ...kit.hub import DomainEvent
from ...kit.model import ModelError
from ...kit.webhooks import Delivery
from . import serialize
from .serialize import Uris, iso

if TYPE_CHECKING:
    from ..model import SchedulerModel
    from .fake import CalendlyFake

# Event names a subscription may ask for (Calendly's OpenAPI enum), and the ones this fake sends.
EVENTS = ("invitee.created", "invitee.canceled", "routing_form_submission.created")
SENT = ("invitee.created", "invitee.canceled")
ORGANIZATION_ONLY = ("routing_form_submission.created",)

DAY = 86_400
RETRY_SCHEDULE: tuple[float, ...] = (*(60.0 * 2**n for n in range(10)), DAY - 60.0 * (2**10 - 1))


def signature_header(signing_key: str, body: bytes, now: datetime) -> dict[str, str]:
    stamp = int(now.timestamp())
    digest = hmac.new(signing_key.encode("utf-8"), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return {"Calendly-Webhook-Signature": f"t={stamp},v1={digest}"}


def payload(
    model: SchedulerModel, kind: str, invitee_uuid: str, creator: str, uris: Uris, now: datetime
) -> dict[str, Any]:
    """The webhook body: the Invitee resource plus the full scheduled event it belongs to."""
    invitee = model.get("invitees", invitee_uuid, "invitee")
    event = model.get("events", invitee["event"], "scheduled event")
    body = serialize.invitee(model, invitee, uris)
    body["scheduled_event"] = serialize.event(model, event, uris)
    return {"created_at": iso(now), "created_by": uris.user(creator), "event": kind, "payload": body}


class WebhookSender:
    """Turns the scheduler's domain events into signed deliveries, one per matching subscription."""

    def __init__(self, fake: CalendlyFake) -> None:
        self.fake = fake
        self.hub = fake.hub

    def on_event(self, event: DomainEvent) -> None:
        if event.kind not in SENT:
            return
        model: SchedulerModel = self.hub.model("scheduler", event.tenant)
        uris = Uris(self.hub.origin_of(self.fake.name))
        now = self.hub.clock.now()
        for sub in model.subscribers(event.kind, event.data["event_uuid"]):
            body = jsonx.dumps(payload(model, event.kind, event.data["invitee_uuid"], sub["creator"], uris, now))
            self.hub.dispatcher.enqueue(
                Delivery(
                    fake=self.fake.name,
                    event=event.kind,
                    url=sub["callback_url"],
                    body=body,
                    headers={"Content-Type": "application/json; charset=utf-8"},
                    signer=partial(signature_header, sub["signing_key"]) if sub["signing_key"] else None,
                    schedule=RETRY_SCHEDULE,
                    success=self._outcome(event.tenant, sub["uuid"]),
                    on_gone=partial(self._gone, event.tenant, sub["uuid"]),
                    tenant=event.tenant,
                    key=f"webhook_subscription:{sub['uuid']}",
                )
            )

    # -- what delivery outcomes do to the subscription --------------------------
    def _outcome(self, tenant: str, uuid: str) -> Any:
        """A success test that also books the subscription's retry state once the attempt is settled.

        The dispatcher asks it under its own lock, where the world lock must
        not be taken; the bookkeeping is queued to run right after, on the
        same loop.
        """

        def success(status: int) -> bool:
            loop = self.hub.dispatcher.loop
            if loop is not None:
                loop.call_soon_threadsafe(self._settle, tenant, uuid)
            return 200 <= status < 300

        return success

    def _settle(self, tenant: str, uuid: str) -> None:
        key = f"webhook_subscription:{uuid}"
        mine = [d for d in self.hub.dispatcher.deliveries(fake=self.fake.name) if d.key == key and d.tenant == tenant]
        retrying = [datetime.fromisoformat(d.attempts[0]["at"]) for d in mine if d.state == "retrying" and d.attempts]
        with self.hub.lock:
            model: SchedulerModel = self.hub.model("scheduler", tenant)
            if uuid not in model.store.table("subscriptions"):
                return
            if any(d.state == "failed" for d in mine):
                model.disable_subscription(uuid)
            model.set_retry_started(uuid, min(retrying, default=None))
        self.hub.notify()

    def _gone(self, tenant: str, uuid: str) -> None:
        model: SchedulerModel = self.hub.model("scheduler", tenant)
        try:
            model.delete_subscription(uuid)
        except ModelError:
            pass  # already deleted by the SUT or an earlier 410
