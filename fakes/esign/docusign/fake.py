"""The DocuSign origin: eSignature REST v2.1 under ``/restapi``, the OAuth
account server under ``/oauth-server``, and Connect webhooks.

Admin-screen settings (``hub.settings``): ``docusign.connect_url`` (account
Connect listener), ``docusign.connect_events``, ``docusign.connect_include_data``,
``docusign.connect_version`` (``restv2.1``, the default, or ``legacy`` for the XML
message), ``docusign.connect_include_hmac`` (default on), ``docusign.connect_require_ack``
(default on), ``docusign.connect_configuration_id``, ``docusign.hmac_key`` and
``docusign.hmac_key_2``, ``docusign.access_token``, ``docusign.private_key``,
``docusign.enforce_rate_limits`` (default off: a frozen virtual clock would
otherwise exhaust the burst window of a long run).

Rate limits (developers.docusign.com/platform/resource-limits): 3,000 calls an
hour per account, reset at the top of the hour (``X-RateLimit-Reset`` is
epoch seconds), and a burst limit of 200 per 30 seconds in the developer
environment this fake stands in for (``X-BurstLimit-*``).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any, ClassVar

from ...kit.http import Fake, Request, Response, Route
from ...kit.model import ModelError
from . import webhooks
from .auth import (
    OAUTH_PREFIX,
    OAuthHandlers,
    Tokens,
    account_id,
    authenticate,
    integration_key,
    private_key_pem,
    static_token,
    user_id,
)
from .errors import STATUS_CODES, DocuSignError, body, from_model_error
from .handlers import Handlers
from .routes import routes

if TYPE_CHECKING:
    from ...kit.hub import Hub

HOURLY_LIMIT = 3000
BURST_LIMIT = 200
BURST_SECONDS = 30


class DocuSignFake(Handlers, OAuthHandlers, Fake):
    name = "docusign"
    title = "DocuSign eSignature REST API v2.1, OAuth JWT grant and Connect"
    system = "esign"

    openapi_security: ClassVar[dict[str, Any]] = {
        "bearer": {"type": "http", "scheme": "bearer", "description": (
            "An OAuth access token: DOCUSIGN_ACCESS_TOKEN, or one from the JWT grant at "
            "POST /oauth-server/oauth/token.")},
    }

    def __init__(self, hub: Hub) -> None:
        self.tokens = Tokens()
        self._calls: Counter[tuple[str, str, int]] = Counter()  # (tenant, "hour"|"burst", window) -> calls
        hub.settings.setdefault("docusign.hmac_key", webhooks.default_hmac_key())
        super().__init__(hub)
        self.webhooks = webhooks.WebhookSender(self)
        hub.subscribe(self.system, self.webhooks.on_event)

    def routes(self) -> list[Route]:
        return routes(self)

    def reset(self) -> None:
        self.tokens.clear()
        self._calls.clear()

    # -- vendor hooks -----------------------------------------------------------
    def authenticate(self, request: Request, route: Route) -> str:
        return authenticate(self, request)

    def error(self, status: int, message: str) -> Response:
        return body(STATUS_CODES.get(status, "UNSPECIFIED_ERROR"), message, status)

    def bad_body(self, request: Request, route: Route, problem: str) -> Response:
        return DocuSignError("INVALID_REQUEST_BODY", problem).response()

    def model_error(self, request: Request, route: Route, exc: ModelError) -> Response:
        return from_model_error(exc, route).response()

    def rate_limited(self, request: Request, route: Route) -> Response | None:
        if not self.hub.settings.get("docusign.enforce_rate_limits") or not route.path.startswith("/restapi"):
            return None
        hour, burst = self._windows(request.tenant)
        if self._calls[hour] >= HOURLY_LIMIT:
            return DocuSignError("HOURLY_APIINVOCATION_LIMIT_EXCEEDED", status=429).response()
        if self._calls[burst] >= BURST_LIMIT:
            return DocuSignError("BURST_APIINVOCATION_LIMIT_EXCEEDED", status=429).response()
        return None

    def decorate(self, request: Request, route: Route, response: Response) -> None:
        if not route.path.startswith("/restapi") or response.status == 401:
            return
        hour, burst = self._windows(request.tenant)
        self._calls[hour] += 1
        self._calls[burst] += 1
        response.headers += [
            ("X-RateLimit-Limit", str(HOURLY_LIMIT)),
            ("X-RateLimit-Remaining", str(max(0, HOURLY_LIMIT - self._calls[hour]))),
            ("X-RateLimit-Reset", str((hour[2] + 1) * 3600)),
            ("X-BurstLimit-Limit", str(BURST_LIMIT)),
            ("X-BurstLimit-Remaining", str(max(0, BURST_LIMIT - self._calls[burst]))),
        ]

    def _windows(self, tenant: str) -> tuple[tuple[str, str, int], tuple[str, str, int]]:
        now = int(self.hub.clock.timestamp())
        return (tenant, "hour", now // 3600), (tenant, "burst", now // BURST_SECONDS)

    # -- the SUT contract ---------------------------------------------------------
    def contract_env(self, origin: str) -> dict[str, str]:
        settings = self.hub.settings
        return {
            "DOCUSIGN_BASE_URL": origin,
            "DOCUSIGN_ACCOUNT_ID": account_id("default"),
            "DOCUSIGN_ACCESS_TOKEN": static_token(settings, "default"),
            "DOCUSIGN_HMAC_KEY": str(settings["docusign.hmac_key"]),
            "DOCUSIGN_AUTH_URL": origin + OAUTH_PREFIX,
            "DOCUSIGN_INTEGRATION_KEY": integration_key("default"),
            "DOCUSIGN_USER_ID": user_id("default"),
            "DOCUSIGN_PRIVATE_KEY": private_key_pem(settings),
        }
