"""The webhook subscriptions an integration registers through the API, and
the log of what was sent to them (a model mixin)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ..kit.model import Model
from .fields import record_id

LOG_WINDOW = timedelta(days=14)
LOG_LIMIT = 200


class Subscriptions(Model):
    def add_webhook(self, spec: dict[str, Any]) -> dict[str, Any]:
        ident = self.new_id("webhook", 0)
        key = self.hub.ids.hex(f"{self.system}.{self.tenant}.webhook_key", 32)
        record = {**spec, "id": ident, "privateKey": key, "created": self.now(), "lastSent": None}
        self.store.table("webhooks")[ident] = record
        return record

    def replace_webhook(self, webhook_id: Any, spec: dict[str, Any]) -> dict[str, Any]:
        record = self.webhook(webhook_id)
        keep = {k: record[k] for k in ("id", "privateKey", "created", "lastSent")}
        record.clear()
        record.update({**spec, **keep})
        return record

    def remove_webhook(self, webhook_id: Any) -> None:
        del self.store.table("webhooks")[self.webhook(webhook_id)["id"]]

    def webhook(self, webhook_id: Any) -> dict[str, Any]:
        return self.get("webhooks", record_id(webhook_id, "webhook"), "webhook")

    def webhooks(self) -> list[dict[str, Any]]:
        return list(self.store.table("webhooks").values())

    def record_delivery(self, webhook_id: int, delivery_id: int, employee_ids: list[int], fmt: str, url: str) -> None:
        self.webhook(webhook_id)["lastSent"] = self.now()
        ident = self.new_id("webhook_log", 0)
        self.store.table("webhook_log")[ident] = {
            "id": ident,
            "webhookId": webhook_id,
            "deliveryId": delivery_id,
            "employeeIds": employee_ids,
            "format": fmt,
            "url": url,
            "at": self.now(),
        }

    def delivery_log(self, webhook_id: Any) -> list[dict[str, Any]]:
        """The last 14 days of deliveries, newest first, at most 200 (BambooHR's window)."""
        ident = self.webhook(webhook_id)["id"]
        since = self.now() - LOG_WINDOW
        entries = [e for e in self.store.table("webhook_log").values() if e["webhookId"] == ident and e["at"] >= since]
        return list(reversed(entries))[:LOG_LIMIT]
