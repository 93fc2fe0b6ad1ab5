"""The JSON Schemas of Calendly's request bodies and query parameters (Calendly's OpenAPI,
developer.calendly.com/openapi/calendly-api.yaml); ``routes.py`` attaches them to routes."""

from __future__ import annotations

from typing import Any

from .webhooks import EVENTS

URI: dict[str, Any] = {"type": "string", "format": "uri"}


def uri_of(collection: str) -> dict[str, Any]:
    """A resource URI such as https://api.calendly.com/users/<uuid> (any origin: only the path is read)."""
    return {**URI, "pattern": f"^https?://[^/]+/{collection}/[^/?#]+$"}


USER, ORGANIZATION, EVENT_TYPE = uri_of("users"), uri_of("organizations"), uri_of("event_types")
STATUS: dict[str, Any] = {"type": "string", "enum": ["active", "canceled"]}
TIME: dict[str, Any] = {"type": "string", "format": "date-time"}
PAGING: dict[str, dict[str, Any]] = {
    "count": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
    "page_token": {"type": "string"},
}
SCHEDULING_LINK = {
    "type": "object",
    "required": ["max_event_count", "owner", "owner_type"],
    "properties": {
        "max_event_count": {"type": "integer", "enum": [1]},
        "owner": EVENT_TYPE,
        "owner_type": {"type": "string", "enum": ["EventType"]},
    },
}
CANCELLATION = {"type": "object", "properties": {"reason": {"type": "string", "maxLength": 10000}}}
SUBSCRIPTION = {
    "type": "object",
    "required": ["url", "events", "organization", "scope"],
    "properties": {
        "url": URI,
        "events": {
            "type": "array",
            "minItems": 1,
            "uniqueItems": True,
            "items": {"type": "string", "enum": list(EVENTS)},
        },
        "organization": ORGANIZATION,
        "user": USER,
        "group": uri_of("groups"),
        "scope": {"type": "string", "enum": ["organization", "user", "group"]},
        "signing_key": {"type": "string"},
    },
}
