"""Webhook management: the subscriptions an integration makes through the API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ...kit.http import Request, Response, json_response
from ...kit.model import ModelError
from ..fields import TABLES
from . import serialize, webhooks
from .base import Operations
from .errors import WebhookError
from .fields import alias, field_id, field_name, table_alias, table_id

# Page ids for post-fields (this harness's own numbering).
PAGES = ({"id": 1, "name": "Personal"}, {"id": 2, "name": "Job"}, {"id": 3, "name": "Custom"})


class WebhookOperations(Operations):
    def list_webhooks(self, request: Request) -> dict[str, Any]:
        return {"webhooks": [serialize.webhook_summary(h) for h in self.model(request).webhooks()]}

    def create_webhook(self, request: Request) -> Response:
        """201 with the full webhook and, this one time only, its privateKey."""
        model = self.model(request)
        record = model.add_webhook(self._subscription(request, model))
        return json_response(serialize.webhook(record, with_key=True), 201)

    def get_webhook(self, request: Request) -> dict[str, Any]:
        return serialize.webhook(self._hook(request))

    def update_webhook(self, request: Request) -> dict[str, Any]:
        """A full replacement; the private key stays (BHR spec update-webhook)."""
        model, hook = self.model(request), self._hook(request)
        return serialize.webhook(model.replace_webhook(hook["id"], self._subscription(request, model)))

    def delete_webhook(self, request: Request) -> Response:
        self.model(request).remove_webhook(self._hook(request)["id"])
        return Response(200, [("Content-Type", "text/plain; charset=utf-8")], b"Web hook has been deleted.")

    def list_webhook_logs(self, request: Request) -> list[dict[str, Any]]:
        hook = self._hook(request)
        sent = {d.id: d for d in self.hub.dispatcher.deliveries(fake=self.name)}
        log = self.model(request).delivery_log(hook["id"])
        return [_log_entry(entry, sent.get(entry["deliveryId"])) for entry in log]

    def list_monitor_fields(self, request: Request) -> dict[str, Any]:
        fields = [f for f in self.model(request).fields() if not f["readOnly"]]
        return {"fields": [{"id": str(field_id(f)), "name": field_name(f), "alias": alias(f["key"])} for f in fields]}

    def get_post_fields(self, request: Request) -> dict[str, Any]:
        fields = [
            {
                "alias": alias(f["key"]),
                "name": field_name(f),
                "type": f["type"],
                "id": field_id(f),
                "pageId": 3 if f["custom"] else 2 if f["table"] or f["key"] in _JOB_FIELDS else 1,
                "tableId": table_id(f["table"]) if f["table"] else None,
            }
            for f in self.model(request).fields()
        ]
        tables = [{"id": table_id(key), "name": table_alias(key)} for key in TABLES]
        return {"fields": fields, "tables": tables, "pages": list(PAGES)}

    def _subscription(self, request: Request, model: Any) -> dict[str, Any]:
        allow_http = bool(self.hub.settings.get("bamboohr.allow_http_webhooks", False))
        return webhooks.subscription(self.body(request), model, allow_http)

    def _hook(self, request: Request) -> dict[str, Any]:
        raw = request.params.get("id", "")
        try:
            return self.model(request).webhook(raw)
        except ModelError:
            raise WebhookError(404, f"No webhook was found with ID: {raw[:40]}.") from None


_JOB_FIELDS = ("hire_date", "original_hire_date", "termination_date", "status", "employee_number")


def _log_entry(entry: dict[str, Any], delivery: Any) -> dict[str, Any]:
    attempts = delivery.attempts if delivery is not None else []
    last = attempts[-1] if attempts else None
    success = next((a for a in reversed(attempts) if 200 <= a["status"] < 300), None)
    return {
        "webhookId": str(entry["webhookId"]),
        "url": entry["url"],
        "lastAttempted": _when(last),
        "lastSuccess": _when(success),
        "statusCode": str(last["status"]) if last and last["status"] else "",
        "format": entry["format"],
        "employeeIds": [str(i) for i in entry["employeeIds"]],
    }


def _when(attempt: dict[str, Any] | None) -> str:
    return serialize.plain_time(datetime.fromisoformat(attempt["at"])) or "" if attempt else ""
