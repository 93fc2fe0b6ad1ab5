"""Who wants to hear about bookings: webhook subscriptions and what delivery outcomes do to them.

A mixin of ``SchedulerModel``: the records live in the same store, under
``subscriptions``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..kit.model import Model, ModelError, action
from .rules import SUBSCRIPTION_LIFECYCLE, move

SCOPES = ("organization", "user", "group")
# Plans whose owners may subscribe to webhooks (the others are refused).
WEBHOOK_PLANS = ("standard", "professional", "teams", "enterprise")
PLANS = ("basic", "essentials", *WEBHOOK_PLANS)


class SubscriptionRecords(Model):
    @action
    def subscriptions(self) -> list[dict[str, Any]]:
        """Webhook subscriptions (signing keys included: this is the harness's view)."""
        return list(self.store.table("subscriptions").values())

    def create_subscription(
        self,
        callback_url: str,
        events: list[str],
        scope: str,
        organization: str,
        user: str | None,
        group: str | None,
        creator: str,
        signing_key: str | None,
    ) -> dict[str, Any]:
        org = self.get("organizations", organization, "organization")
        if org["plan"] not in WEBHOOK_PLANS:
            plans = ", ".join(WEBHOOK_PLANS)
            raise ModelError(f"the {org['plan']} plan has no webhooks; {plans} do", kind="forbidden", field="plan")
        if scope not in SCOPES:
            raise ModelError(f"scope={scope!r} must be one of {', '.join(SCOPES)}", field="scope")
        owner = (organization, scope, user, group)
        for existing in self.store.table("subscriptions").values():
            same_owner = (existing["organization"], existing["scope"], existing["user"], existing["group"]) == owner
            if same_owner and existing["callback_url"] == callback_url:
                message = f"a subscription here already delivers to {callback_url!r}"
                raise ModelError(message, kind="conflict", field="url")
        uuid, now = self._uuid("subscription"), self.now()
        record = {
            "uuid": uuid,
            "callback_url": callback_url,
            "events": list(events),
            "scope": scope,
            "organization": organization,
            "user": user,
            "group": group,
            "creator": creator,
            "state": "active",
            "signing_key": signing_key,
            "created_at": now,
            "updated_at": now,
            "retry_started_at": None,
        }
        self.store.table("subscriptions")[uuid] = record
        return record

    def delete_subscription(self, uuid: str) -> None:
        self.get("subscriptions", uuid, "webhook subscription")
        del self.store.table("subscriptions")[uuid]

    def disable_subscription(self, uuid: str) -> None:
        sub = self.get("subscriptions", uuid, "webhook subscription")
        if sub["state"] != "disabled":
            move(sub, "state", "disabled", SUBSCRIPTION_LIFECYCLE, "webhook subscription")
            sub["updated_at"] = self.now()

    def set_retry_started(self, uuid: str, at: datetime | None) -> None:
        sub = self.get("subscriptions", uuid, "webhook subscription")
        if sub["retry_started_at"] != at:
            sub["retry_started_at"], sub["updated_at"] = at, self.now()

    def subscribers(self, kind: str, event_uuid: str) -> list[dict[str, Any]]:
        """Active subscriptions that want ``kind`` and whose scope covers the event's host."""
        host = self.get("users", self.get("events", event_uuid, "scheduled event")["host"], "user")
        out = []
        for sub in self.store.table("subscriptions").values():
            if sub["state"] != "active" or kind not in sub["events"]:
                continue
            if (sub["scope"] == "organization" and sub["organization"] == host["organization"]) or (
                sub["scope"] == "user" and sub["user"] == host["uuid"]
            ):
                out.append(sub)
        return out

    def _uuid(self, kind: str) -> str:
        return self.hub.ids.guid(f"{self.system}.{self.tenant}.{kind}")
