"""Calendly API v2 client (Bearer personal access token)."""

from __future__ import annotations

from typing import Any

from .http import VendorClient, VendorError, body_json
from .settings import Settings

MAX_PAGES = 20


class Calendly(VendorClient):
    vendor = "calendly"

    def __init__(self, settings: Settings, **kwargs: Any) -> None:
        super().__init__(settings.calendly_base_url, **kwargs)
        self.token = settings.calendly_token

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def error_message(self, response: Any) -> str:
        try:
            body = body_json(response)
        except ValueError:
            body = None
        if isinstance(body, dict) and (body.get("title") or body.get("message")):
            return f"{body.get('title', '')}: {body.get('message', '')}"
        return response.text[:300]

    def me(self) -> dict[str, Any]:
        return (self.get_json("/users/me") or {}).get("resource") or {}

    def event_types(self, user_uri: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        path, params = "/event_types", {"user": user_uri, "count": "100"}
        for _ in range(MAX_PAGES):
            body = self.get_json(path, params=params) or {}
            found.extend(body.get("collection") or [])
            next_page = (body.get("pagination") or {}).get("next_page")
            if not next_page:
                break
            path, params = next_page, None
        return found

    def create_scheduling_link(self, event_type_uri: str) -> str:
        body = (
            body_json(
                self.request(
                    "POST",
                    "/scheduling_links",
                    json={"max_event_count": 1, "owner": event_type_uri, "owner_type": "EventType"},
                )
            )
            or {}
        )
        url = (body.get("resource") or {}).get("booking_url")
        if not url:
            raise VendorError(self.vendor, "POST", self.url("/scheduling_links"), 201, "no booking_url")
        return str(url)

    def cancel_event(self, event_uuid: str, reason: str) -> None:
        self.request("POST", f"/scheduled_events/{event_uuid}/cancellation", json={"reason": reason})

    def subscribe(self, url: str, organization: str, user: str, signing_key: str) -> None:
        body = {
            "url": url,
            "events": ["invitee.created", "invitee.canceled"],
            "organization": organization,
            "user": user,
            "scope": "organization",
            "signing_key": signing_key,
        }
        try:
            self.request("POST", "/webhook_subscriptions", json=body)
        except VendorError as exc:
            if exc.status != 409:
                raise
            # Left over from an earlier run: its signing key is lost, so replace it.
            self._drop_subscription(url, organization)
            self.request("POST", "/webhook_subscriptions", json=body)

    def _drop_subscription(self, url: str, organization: str) -> None:
        listing = (
            self.get_json("/webhook_subscriptions", params={"organization": organization, "scope": "organization"})
            or {}
        )
        for sub in listing.get("collection") or []:
            if sub.get("callback_url") == url and sub.get("uri"):
                self.request("DELETE", sub["uri"])
