"""One handler per Calendly operation: read the request, ask the model, shape the answer."""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING, Any

from ...kit.http import Request, Response, empty_response, json_response
from ..model import SchedulerModel
from . import serialize
from .errors import (
    InvalidArgument,
    PermissionDenied,
    ResourceNotFound,
)
from .params import (
    body_choices,
    body_string,
    body_uri,
    body_url,
    listing,
    query_bool,
    query_enum,
    query_time,
    query_uri,
)
from .serialize import Uris
from .webhooks import EVENTS, ORGANIZATION_ONLY

if TYPE_CHECKING:
    from ...kit.hub import Hub

STATUSES = ("active", "canceled")
# (sortable fields, default) per collection, as Calendly's OpenAPI lists them.
SORT_NAME = (("name",), "name:asc")
SORT_EVENTS = (("start_time",), "start_time:asc")
SORT_CREATED = (("created_at",), "created_at:asc")
SUBSCRIPTION_SCOPES = ("organization", "user", "group")


class Handlers:
    hub: Hub
    name: str
    system: str

    def model(self, request: Request) -> SchedulerModel:
        return self.hub.model(self.system, request.tenant, SchedulerModel)

    def uris(self, request: Request | None = None) -> Uris:
        return Uris((request.origin if request else "") or self.hub.origin_of(self.name))

    # -- users ------------------------------------------------------------------
    def get_current_user(self, request: Request) -> Any:
        model = self.model(request)
        return {"resource": serialize.user(model, model.owner, self.uris(request))}

    def get_user(self, request: Request) -> Any:
        model, uuid = self.model(request), request.params["uuid"]
        record = model.owner if uuid == "me" else model.get("users", uuid, "user")
        return {"resource": serialize.user(model, record, self.uris(request))}

    # -- event types --------------------------------------------------------------
    def list_event_types(self, request: Request) -> Any:
        model, uris = self.model(request), self.uris(request)
        user, organization = _owner_filter(request, model)
        active, managed = query_bool(request, "active"), query_bool(request, "admin_managed")
        records = [t for t in model.event_types_for(user, organization) if active in (None, t["active"])]
        records = [] if managed else records  # no event type here is admin-managed
        return listing(request, uris.origin, records, SORT_NAME, lambda r: serialize.event_type(model, r, uris))

    def get_event_type(self, request: Request) -> Any:
        model = self.model(request)
        record = model.get("event_types", request.params["uuid"], "event type")
        return {"resource": serialize.event_type(model, record, self.uris(request))}

    # -- scheduling links -------------------------------------------------------------
    def create_scheduling_link(self, request: Request) -> Any:
        model, uris, body = self.model(request), self.uris(request), request.json_object()
        count = body.get("max_event_count")
        if isinstance(count, bool) or not isinstance(count, int | Decimal) or count != 1:
            raise InvalidArgument.on("max_event_count", "must be 1 (a single-use link)")
        owner = body_uri(body, "owner", "event_types", required=True)
        if body.get("owner_type") != "EventType":
            raise InvalidArgument.on("owner_type", "must be EventType")
        link = model.create_link(str(owner), 1, uris.origin)
        return json_response({"resource": serialize.link(model, link, uris)}, 201)

    # -- scheduled events ------------------------------------------------------------------
    def list_events(self, request: Request) -> Any:
        model, uris = self.model(request), self.uris(request)
        user, organization = _owner_filter(request, model)
        status = query_enum(request, "status", STATUSES)
        low, high = query_time(request, "min_start_time"), query_time(request, "max_start_time")
        records = model.events_for(user, organization, request.q("invitee_email"))
        records = [e for e in records if _within(e, status, low, high)]
        return listing(request, uris.origin, records, SORT_EVENTS, lambda r: serialize.event(model, r, uris))

    def get_event(self, request: Request) -> Any:
        model = self.model(request)
        record = model.get("events", request.params["uuid"], "scheduled event")
        return {"resource": serialize.event(model, record, self.uris(request))}

    def list_event_invitees(self, request: Request) -> Any:
        model, uris = self.model(request), self.uris(request)
        status = query_enum(request, "status", STATUSES)
        email = (request.q("email") or "").lower() or None
        records = [
            i
            for i in model.invitees_of(request.params["uuid"])
            if status in (None, i["status"]) and email in (None, i["email"].lower())
        ]
        return listing(request, uris.origin, records, SORT_CREATED, lambda r: serialize.invitee(model, r, uris))

    def get_event_invitee(self, request: Request) -> Any:
        model = self.model(request)
        record = model.get("invitees", request.params["invitee_uuid"], "invitee")
        if record["event"] != request.params["event_uuid"]:
            raise ResourceNotFound()
        return {"resource": serialize.invitee(model, record, self.uris(request))}

    def cancel_event(self, request: Request) -> Any:
        body = request.json_object() if request.body.strip() else {}
        reason = body_string(body, "reason")
        cancellation = self.model(request).cancel_event(request.params["uuid"], reason, "host")
        return json_response({"resource": serialize.cancellation(cancellation)}, 201)

    # -- webhook subscriptions -----------------------------------------------------------------
    def create_webhook_subscription(self, request: Request) -> Any:
        model = self.model(request)
        spec = _subscription_spec(request.json_object(), model)
        record = model.create_subscription(**spec, creator=model.owner["uuid"])
        return json_response({"resource": serialize.subscription(model, record, self.uris(request))}, 201)

    def list_webhook_subscriptions(self, request: Request) -> Any:
        model, uris = self.model(request), self.uris(request)
        wanted = _subscription_filter(request, model)
        records = [s for s in model.subscriptions() if all(s[k] == v for k, v in wanted.items())]
        return listing(request, uris.origin, records, SORT_CREATED, lambda r: serialize.subscription(model, r, uris))

    def get_webhook_subscription(self, request: Request) -> Any:
        model = self.model(request)
        record = model.get("subscriptions", request.params["webhook_uuid"], "webhook subscription")
        return {"resource": serialize.subscription(model, record, self.uris(request))}

    def delete_webhook_subscription(self, request: Request) -> Any:
        self.model(request).delete_subscription(request.params["webhook_uuid"])
        return empty_response(204)

    # -- the booking page a candidate opens (not part of the API) ------------------------------
    def booking_page(self, request: Request) -> Response:
        model = self.model(request)
        link = model.store.table("links").get(request.params["token"])
        if link is None:
            return _html(404, "<h1>Page not found</h1><p>This booking link does not exist.</p>")
        event_type = model.get("event_types", link["event_type"], "event type")
        state = "This link has already been used." if link["used"] >= link["max_event_count"] else "Pick a time."
        return _html(200, f"<h1>{escape(event_type['name'])}</h1><p>{event_type['duration']} min</p><p>{state}</p>")


# -- request readers too specific for params.py ------------------------------------------------
def _owner_filter(request: Request, model: SchedulerModel) -> tuple[str | None, str | None]:
    """``user`` and/or ``organization``: one is required, and both must be the caller's."""
    user = query_uri(request, "user", "users")
    organization = query_uri(request, "organization", "organizations")
    if user is None and organization is None:
        raise InvalidArgument.on("organization", "either organization or user is required")
    if organization is not None:
        model.get("organizations", organization, "organization")
    if user is not None and model.get("users", user, "user")["organization"] != model.owner["organization"]:
        raise PermissionDenied("This user is not in your organization")
    return user, organization


def _within(event: dict[str, Any], status: str | None, low: Any, high: Any) -> bool:
    return (
        status in (None, event["status"])
        and (low is None or event["start_time"] >= low)
        and (high is None or event["start_time"] < high)
    )


def _subscription_spec(body: dict[str, Any], model: SchedulerModel) -> dict[str, Any]:
    url = body_url(body, "url")
    events = body_choices(body, "events", EVENTS)
    scope = body_string(body, "scope", required=True)
    if scope not in SUBSCRIPTION_SCOPES:
        raise InvalidArgument.on("scope", f"must be one of: {', '.join(SUBSCRIPTION_SCOPES)}")
    if scope != "organization" and any(e in ORGANIZATION_ONLY for e in events):
        raise InvalidArgument.on("events", f"{', '.join(ORGANIZATION_ONLY)} allows only the organization scope")
    organization = str(body_uri(body, "organization", "organizations", required=True))
    user = body_uri(body, "user", "users", required=scope == "user")
    body_uri(body, "group", "groups", required=scope == "group")  # read for its 400; no group exists here
    signing_key = body_string(body, "signing_key", max_length=1024)
    model.get("organizations", organization, "organization")
    if scope == "user" and model.get("users", str(user), "user")["organization"] != organization:
        raise PermissionDenied()
    if scope == "group":
        raise ResourceNotFound()  # this world has no groups
    return {
        "callback_url": url,
        "events": events,
        "scope": scope,
        "organization": organization,
        "user": user if scope == "user" else None,
        "group": None,
        "signing_key": signing_key,
    }


def _subscription_filter(request: Request, model: SchedulerModel) -> dict[str, Any]:
    organization = query_uri(request, "organization", "organizations")
    if organization is None:
        raise InvalidArgument.on("organization", "is required")
    scope = query_enum(request, "scope", SUBSCRIPTION_SCOPES)
    if scope is None:
        raise InvalidArgument.on("scope", "is required")
    user = query_uri(request, "user", "users")
    if scope == "user" and user is None:
        raise InvalidArgument.on("user", "is required when scope is user")
    model.get("organizations", organization, "organization")
    wanted: dict[str, Any] = {"organization": organization, "scope": scope}
    if user is not None:
        wanted["user"] = user
    return wanted


def _html(status: int, content: str) -> Response:
    head = "<head><meta charset='utf-8'><title>Calendly</title></head>"
    text = f"<!doctype html><html>{head}<body>{content}</body></html>"
    return Response(status, [("Content-Type", "text/html; charset=utf-8")], text.encode())
