"""The Greenhouse fake: Harvest v1 and v3 on one origin, the v3 token endpoint
under ``/auth``, Greenhouse's rate limit, and its web hooks."""

from __future__ import annotations

import functools
import math
import threading
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ...kit.http import Handler, Request, Response, Route, json_response
from ...kit.model import ModelError
from .applications import ApplicationHandlers
from .auth import Authenticator, credential
from .candidates import CandidateHandlers
from .errors import from_model_error, validation_response
from .offers import OfferHandlers
from .organization import OrganizationHandlers
from .reads import ReadHandlers
from .routes import route_table
from .v3 import V3Handlers
from .webhooks import WebhookSender, webhook_secret

if TYPE_CHECKING:
    from ...kit.hub import Hub

RATE_WINDOW = 10  # seconds: "the amount specified in X-RateLimit-Limit, per 10 seconds"
DEFAULT_RATE_LIMIT = 50  # the docs' example value


def _translating(handler: Handler) -> Handler:
    """Model refusals answer as Greenhouse answers a refused write: 422 naming the field."""

    @functools.wraps(handler)
    def run(request: Request) -> Any:
        try:
            return handler(request)
        except ModelError as exc:
            raise from_model_error(exc) from None

    return run


class GreenhouseFake(CandidateHandlers, ApplicationHandlers, OfferHandlers, OrganizationHandlers, ReadHandlers,
                     V3Handlers):
    name = "greenhouse"
    title = "Greenhouse Harvest API (v1 and v3) and web hooks"

    def __init__(self, hub: Hub) -> None:
        self.auth = Authenticator(hub)
        self.webhooks = WebhookSender(hub, self.name)
        self._windows: dict[str, tuple[int, int]] = {}  # tenant -> (window number, requests in it)
        self._remaining: dict[int, int] = {}  # id(request) -> remaining, for decorate()
        self._rate_lock = threading.Lock()
        super().__init__(hub)
        hub.subscribe("ats", self.webhooks.on_event)

    def routes(self) -> list[Route]:
        return [route if not route.auth else replace(route, handler=_translating(route.handler))
                for route in route_table(self)]

    def reset(self) -> None:
        self.auth.reset()
        self.webhooks.reset()
        with self._rate_lock:
            self._windows.clear()
            self._remaining.clear()

    def save_webhook(self, url: str, tenant: str = "default") -> Any:
        """Save the tenant's web hook as the admin screen does: Greenhouse pings it (see webhooks.py)."""
        return self.webhooks.save(url, tenant)

    # -- vendor hooks --------------------------------------------------------------
    def authenticate(self, request: Request, route: Route) -> str:
        return self.auth.authenticate(request, route)

    def error(self, status: int, message: str) -> Response:
        if status == 422:
            return validation_response([{"message": message, "field": None}])
        return json_response({"message": message}, status)

    def bad_body(self, request: Request, route: Route, problem: str) -> Response:
        return validation_response([{"message": problem, "field": None}])

    def _limit(self) -> int:
        raw = self.hub.settings.get("greenhouse.rate_limit", DEFAULT_RATE_LIMIT)
        try:
            return max(0, int(raw))
        except (TypeError, ValueError):
            return DEFAULT_RATE_LIMIT

    def rate_limited(self, request: Request, route: Route) -> Response | None:
        limit = self._limit()
        if not route.auth or not limit:
            return None
        now = self.hub.clock.timestamp()
        window = int(now // RATE_WINDOW)
        with self._rate_lock:
            seen, count = self._windows.get(request.tenant, (window, 0))
            count = (count if seen == window else 0) + 1
            self._windows[request.tenant] = (window, count)
            self._remaining[id(request)] = max(0, limit - count)
        if count <= limit:
            return None
        # "X-RateLimit-Reset is the timestamp indicating when you can try again" (harvest/_introduction.md);
        # its format is not documented: Unix seconds here (unverified), Retry-After in whole seconds.
        reset = (window + 1) * RATE_WINDOW
        headers = [("Retry-After", str(max(1, math.ceil(reset - now)))), ("X-RateLimit-Reset", str(reset))]
        return json_response({"message": "Rate limit exceeded"}, 429, headers)

    def decorate(self, request: Request, route: Route, response: Response) -> None:
        with self._rate_lock:
            remaining = self._remaining.pop(id(request), None)
        if remaining is not None:
            response.headers.append(("X-RateLimit-Limit", str(self._limit())))
            response.headers.append(("X-RateLimit-Remaining", str(remaining)))

    # -- the SUT contract ------------------------------------------------------------
    def contract_env(self, origin: str) -> dict[str, str]:
        admin = self.hub.world.model("ats", "default").admin_id  # type: ignore[attr-defined]
        return {
            "GREENHOUSE_BASE_URL": origin,
            "GREENHOUSE_API_KEY": credential("api_key", "default"),
            "GREENHOUSE_USER_ID": str(admin),
            "GREENHOUSE_WEBHOOK_SECRET": webhook_secret(self.hub.settings, "default"),
            "GREENHOUSE_AUTH_URL": origin + "/auth",
            "GREENHOUSE_CLIENT_ID": credential("client_id", "default"),
            "GREENHOUSE_CLIENT_SECRET": credential("client_secret", "default"),
        }
