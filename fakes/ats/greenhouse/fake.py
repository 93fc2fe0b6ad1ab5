"""The Greenhouse fake: Harvest v1 and v3 on one origin, the v3 token endpoint
under ``/auth``, Greenhouse's rate limit, and its web hooks."""

from __future__ import annotations

import math
import threading
from typing import TYPE_CHECKING, Any, ClassVar

from ...kit.http import Request, Response, Route, json_response
from ...kit.model import ModelError
from .auth import Authenticator, credential
from .errors import from_model_error, validation_response
from .handlers import Handlers
from .routes import routes
from .webhooks import WebhookSender, webhook_secret

if TYPE_CHECKING:
    from ...kit.hub import Hub

RATE_WINDOW = 10  # seconds: "the amount specified in X-RateLimit-Limit, per 10 seconds"
DEFAULT_RATE_LIMIT = 50  # the docs' example value


class GreenhouseFake(Handlers):
    name = "greenhouse"
    title = "Greenhouse Harvest API (v1 and v3) and web hooks"
    system = "ats"

    openapi_security: ClassVar[dict[str, Any]] = {
        "harvest_v1_basic": {"type": "http", "scheme": "basic", "description": (
            "Harvest v1: the API key as the HTTP Basic user name, blank password; writes also send "
            "On-Behalf-Of: <Greenhouse user id>.")},
        "harvest_v3_bearer": {"type": "http", "scheme": "bearer", "description": (
            "Harvest v3: an access token from POST /auth/token (client credentials, HTTP Basic "
            "client_id:client_secret, form grant_type=client_credentials&sub=<user id>).")},
    }

    def openapi_route_security(self, route: Route) -> list[str] | None:
        return ["harvest_v3_bearer"] if route.path.startswith("/v3/") else ["harvest_v1_basic"]

    def __init__(self, hub: Hub) -> None:
        self.auth = Authenticator(hub)
        self._windows: dict[str, tuple[int, int]] = {}  # tenant -> (window number, requests in it)
        self._remaining: dict[int, int] = {}  # id(request) -> remaining, for decorate()
        self._rate_lock = threading.Lock()
        super().__init__(hub)
        self.webhooks = WebhookSender(self)
        hub.subscribe(self.system, self.webhooks.on_event)

    def routes(self) -> list[Route]:
        return routes(self)

    def model_error(self, request: Request, route: Route, exc: ModelError) -> Response:
        return from_model_error(exc, route).response()

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
        admin = self.hub.model("ats", "default").admin_id
        return {
            "GREENHOUSE_BASE_URL": origin,
            "GREENHOUSE_API_KEY": credential("api_key", "default"),
            "GREENHOUSE_USER_ID": str(admin),
            "GREENHOUSE_WEBHOOK_SECRET": webhook_secret(self.hub.settings, "default"),
            "GREENHOUSE_AUTH_URL": origin + "/auth",
            "GREENHOUSE_CLIENT_ID": credential("client_id", "default"),
            "GREENHOUSE_CLIENT_SECRET": credential("client_secret", "default"),
        }
