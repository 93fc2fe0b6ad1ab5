"""The Calendly API v2 route table (data only; handlers in handlers.py, schemas in schemas.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...kit.http import Route
from .schemas import (
    CANCELLATION,
    ORGANIZATION,
    PAGING,
    SCHEDULING_LINK,
    STATUS,
    SUBSCRIPTION,
    TIME,
    USER,
)

if TYPE_CHECKING:
    from .fake import CalendlyFake

READ = {200: "OK", 401: "Unauthenticated", 403: "Permission Denied", 404: "Resource Not Found"}
LIST = {200: "OK", 400: "Invalid Argument", 401: "Unauthenticated", 403: "Permission Denied", 404: "Resource Not Found"}
CREATE = {
    201: "Created",
    400: "Invalid Argument",
    401: "Unauthenticated",
    403: "Permission Denied",
    404: "Resource Not Found",
}


def routes(fake: CalendlyFake) -> list[Route]:
    return [
        Route("GET", "/users/me", fake.get_current_user, "get_current_user", "Get current user", responses=READ),
        Route("GET", "/users/{uuid}", fake.get_user, "get_user", "Get user", responses=READ),
        Route(
            "GET",
            "/event_types",
            fake.list_event_types,
            "list_event_types",
            "List User's Event Types",
            query={
                "user": USER,
                "organization": ORGANIZATION,
                "active": {"type": "boolean"},
                "admin_managed": {"type": "boolean"},
                "sort": {"type": "string", "example": "name:asc"},
                **PAGING,
            },
            responses=LIST,
        ),
        Route("GET", "/event_types/{uuid}", fake.get_event_type, "get_event_type", "Get Event Type", responses=READ),
        Route(
            "POST",
            "/scheduling_links",
            fake.create_scheduling_link,
            "create_scheduling_link",
            "Create Single-Use Scheduling Link",
            body=SCHEDULING_LINK,
            responses=CREATE,
            write=True,
        ),
        Route(
            "GET",
            "/scheduled_events",
            fake.list_events,
            "list_events",
            "List Events",
            query={
                "user": USER,
                "organization": ORGANIZATION,
                "invitee_email": {"type": "string", "format": "email"},
                "status": STATUS,
                "sort": {"type": "string", "example": "start_time:asc"},
                "min_start_time": TIME,
                "max_start_time": TIME,
                **PAGING,
            },
            responses=LIST,
        ),
        Route("GET", "/scheduled_events/{uuid}", fake.get_event, "get_event", "Get Event", responses=READ),
        Route(
            "GET",
            "/scheduled_events/{uuid}/invitees",
            fake.list_event_invitees,
            "list_event_invitees",
            "List Event Invitees",
            query={
                "status": STATUS,
                "email": {"type": "string", "format": "email"},
                "sort": {"type": "string", "example": "created_at:asc"},
                **PAGING,
            },
            responses=LIST,
        ),
        Route(
            "GET",
            "/scheduled_events/{event_uuid}/invitees/{invitee_uuid}",
            fake.get_event_invitee,
            "get_event_invitee",
            "Get Event Invitee",
            responses=READ,
        ),
        Route(
            "POST",
            "/scheduled_events/{uuid}/cancellation",
            fake.cancel_event,
            "cancel_event",
            "Cancel Event",
            body=CANCELLATION,
            responses=CREATE,
            write=True,
        ),
        Route(
            "POST",
            "/webhook_subscriptions",
            fake.create_webhook_subscription,
            "create_webhook_subscription",
            "Create Webhook Subscription",
            body=SUBSCRIPTION,
            responses={**CREATE, 409: "Already Exists"},
            write=True,
        ),
        Route(
            "GET",
            "/webhook_subscriptions",
            fake.list_webhook_subscriptions,
            "list_webhook_subscriptions",
            "List Webhook Subscriptions",
            query={
                "organization": {**ORGANIZATION, "x-required": True},
                "scope": {"type": "string", "enum": ["organization", "user", "group"], "x-required": True},
                "user": USER,
                "sort": {"type": "string", "example": "created_at:asc"},
                **PAGING,
            },
            responses=LIST,
        ),
        Route(
            "GET",
            "/webhook_subscriptions/{webhook_uuid}",
            fake.get_webhook_subscription,
            "get_webhook_subscription",
            "Get Webhook Subscription",
            responses=READ,
        ),
        Route(
            "DELETE",
            "/webhook_subscriptions/{webhook_uuid}",
            fake.delete_webhook_subscription,
            "delete_webhook_subscription",
            "Delete Webhook Subscription",
            responses={204: "No Content", 401: "Unauthenticated", 403: "Permission Denied", 404: "Resource Not Found"},
            write=True,
        ),
        Route(
            "GET",
            "/d/{token}/{slug}",
            fake.booking_page,
            "booking_page",
            "The single-use booking page a candidate opens (HTML; not an API operation)",
            auth=False,
            responses={200: "HTML booking page", 404: "HTML not-found page"},
            tags=("booking",),
        ),
    ]
