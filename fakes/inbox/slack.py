"""A Slack-compatible incoming-webhook endpoint (the alert channel).

Slack answers 200 with the plain body ``ok``; a payload it cannot read gets
400 ``invalid_payload``, one with nothing to show 400 ``no_text``
(api.slack.com/messaging/webhooks, "Handling errors").
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from ..kit import jsonx
from ..kit.http import Fake, Request, Response, Route

WEBHOOK_PATH = "/services/T000HARNESS/B000ALERTS/harnessalerts"


def _text(status: int, body: str) -> Response:
    return Response(status, [("Content-Type", "text/plain; charset=utf-8")], body.encode())


class InboxFake(Fake):
    name = "inbox"
    title = "Inbox (Slack incoming webhooks)"
    system = "inbox"

    def routes(self) -> list[Route]:
        return [
            Route(
                "POST",
                "/services/{team}/{bot}/{secret}",
                self.post_message,
                "post_message",
                "Post a message to an incoming webhook",
                auth=False,
                body={"type": "object", "properties": {"text": {"type": "string"}, "blocks": {"type": "array"}}},
                responses={200: "ok", 400: "invalid_payload or no_text"},
            )
        ]

    def error(self, status: int, message: str) -> Response:
        return _text(status, "no_service" if status == 404 else message)

    def post_message(self, request: Request) -> Response:
        payload: Any
        try:
            if request.header("content-type", "").startswith("application/x-www-form-urlencoded"):
                payload = jsonx.loads(parse_qs(request.body.decode())["payload"][0])
            else:
                payload = jsonx.loads(request.body)
        except (ValueError, KeyError, IndexError, UnicodeDecodeError):
            return _text(400, "invalid_payload")
        if not isinstance(payload, dict) or any(
            payload.get(key) is not None and not isinstance(payload[key], list) for key in ("blocks", "attachments")
        ):
            return _text(400, "invalid_payload")
        if not (payload.get("text") or payload.get("blocks") or payload.get("attachments")):
            return _text(400, "no_text")
        self.hub.model("inbox").receive_slack(request.path, payload)
        return _text(200, "ok")

    def contract_env(self, origin: str) -> dict[str, str]:
        return {"SLACK_WEBHOOK_URL": origin + WEBHOOK_PATH}
