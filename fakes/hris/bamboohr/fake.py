"""The BambooHR dialect: tenancy, authentication and content negotiation.

URL forms. Both are served: the gateway form
``/api/gateway.php/{companyDomain}/v1/...`` names the company in the path;
the subdomain form ``/api/v1/...`` (BHR spec servers:
``https://{companyDomain}.bamboohr.com``) names it in the Host header. On
loopback a SUT reaches the subdomain form as ``http://127.0.0.1:port``, so the
Host's first label counts only when the host has a dot, is not an IP address
and is not the fake's own host (``acme.localhost:8702`` means ``acme``);
otherwise the default tenant's company domain applies.

Auth (BHR ``AUTHENTICATION.md`` and ``specs/public.yaml`` at 3d4de06,
``components.securitySchemes``): HTTP Basic, API key as user name, any
password; or OAuth 2.0, ``Authorization: Bearer <access token>`` from the
token endpoint; both checked in ``auth.py``. Operations whose spec ``security`` lists no
``basic`` entry (``GET /api/v1/employees``) refuse Basic with 401; a token
lacking every scope an operation's ``security`` lists is refused with 403
(⚠️ the refusal text is this fake's). No or a wrong key: 401 with
``X-BambooHR-Message``. A domain that no tenant has: 404 ⚠️ (there is no such
account to find). A key or token valid for another tenant's company: 403 ⚠️.

Content type: see ``xmlio.py``. Legacy endpoints answer XML unless Accept
names JSON (as the spec documents); request bodies may be XML.

Trailing slashes: ``/v1/employees/`` is served as ``/v1/employees``. Evidence:
PyBambooHR, a client used against the real API for a decade, calls
``employees/`` (add), ``employees/changed/``, ``meta/fields/``,
``meta/tables/``, ``meta/lists/`` and ``meta/users/`` with the slash. ⚠️ The
spec does not say, and whether *every* operation tolerates the slash is
unverified; this fake strips one trailing slash from every API path.

Tenancy settings (``hub.settings``): ``bamboohr.company_domain``,
``bamboohr.api_key``, ``bamboohr.company_id``, ``bamboohr.client_id`` and
``bamboohr.client_secret`` (the OAuth application) for the default tenant,
``...company_domain.<tenant>`` etc. for others. Defaults are deterministic:
domain ``harness`` (another tenant: its own name), a 40-hex-digit key
derived from the tenant name, a six-digit company id.
"""

from __future__ import annotations

import hashlib
import ipaddress
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from ...kit.http import Fake, Request, Response, Route
from ...kit.model import ModelError
from . import webhooks
from .auth import OAUTH_ONLY, OAuthServer, OAuthState, authenticate_request
from .errors import WebhookError, from_model_error, message_response
from .handlers import Handlers
from .routes import routes

if TYPE_CHECKING:
    from ...kit.hub import Hub

DEFAULT_DOMAIN = "harness"
WEBHOOK_OPERATIONS = ("create_webhook", "update_webhook")


class BambooHRFake(Handlers, OAuthServer, Fake):
    name = "bamboohr"
    title = "BambooHR"
    system = "hris"
    openapi_security: ClassVar[dict[str, Any]] = {
        "basic": {"type": "http", "scheme": "basic", "description": "API key as the user name, any password ('x')."},
        "oauth": {
            "type": "oauth2",
            "description": "OAuth 2.0 authorization code (BHR spec securitySchemes.oauth); Bearer access token.",
            "flows": {
                "authorizationCode": {
                    "authorizationUrl": "/authorize.php",
                    "tokenUrl": "/token.php",
                    "scopes": {"offline_access": "a refresh token with the access token"},
                }
            },
        },
    }

    def __init__(self, hub: Hub) -> None:
        self.oauth = OAuthState()
        super().__init__(hub)
        self.webhooks = webhooks.WebhookSender(self)
        hub.subscribe(self.system, self.webhooks.on_event)

    def routes(self) -> list[Route]:
        return routes(self)

    def openapi_route_security(self, route: Route) -> list[str] | None:
        return ["oauth"] if route.operation in OAUTH_ONLY else ["basic", "oauth"]

    def reset(self) -> None:
        self.oauth.clear()

    def handle(self, request: Request) -> Response:
        # One trailing slash is not part of the operation's path (see the module notes).
        if len(request.path) > 1 and request.path.endswith("/") and not request.path.startswith("/__harness"):
            request.path = request.path[:-1]
        return super().handle(request)

    # -- tenancy -----------------------------------------------------------------
    def _setting(self, name: str, tenant: str) -> Any:
        if tenant == "default" and f"bamboohr.{name}" in self.hub.settings:
            return self.hub.settings[f"bamboohr.{name}"]
        return self.hub.settings.get(f"bamboohr.{name}.{tenant}")

    def company_domain(self, tenant: str) -> str:
        return str(self._setting("company_domain", tenant) or (DEFAULT_DOMAIN if tenant == "default" else tenant))

    def api_key(self, tenant: str) -> str:
        derived = hashlib.sha1(f"ats-harness:bamboohr:{tenant}".encode()).hexdigest()  # 40 hex digits, like a real key
        return str(self._setting("api_key", tenant) or derived)

    def company_id(self, tenant: str) -> str:
        derived = 100000 + int(hashlib.sha256(f"bamboohr:{tenant}".encode()).hexdigest()[:8], 16) % 900000
        return str(self._setting("company_id", tenant) or derived)

    def domain_of(self, request: Request) -> str:
        if "companyDomain" in request.params:
            return request.params["companyDomain"]
        host = (request.header("host") or "").strip().lower()
        if host.startswith("["):  # an IPv6 literal, maybe with a port
            host = host[1:].split("]", 1)[0]
        elif host.count(":") == 1:
            host = host.split(":", 1)[0]
        own = (urlsplit(request.origin).hostname or "") if request.origin else ""
        if not host or "." not in host or host == own or _is_ip(host):
            return self.company_domain("default")
        return host.split(".", 1)[0]

    # -- the pipeline hooks --------------------------------------------------------
    def authenticate(self, request: Request, route: Route) -> str:
        return authenticate_request(self, request, route)

    def error(self, status: int, message: str) -> Response:
        return message_response(status, message)

    def model_error(self, request: Request, route: Route, exc: ModelError) -> Response:
        return from_model_error(exc, route).response()

    def bad_body(self, request: Request, route: Route, problem: str) -> Response:
        if route.operation in WEBHOOK_OPERATIONS:
            return WebhookError(400, "Invalid request body", issues=[problem]).response()
        return message_response(400, problem)

    def contract_env(self, origin: str) -> dict[str, str]:
        return {
            "BAMBOOHR_BASE_URL": origin,
            "BAMBOOHR_COMPANY_DOMAIN": self.company_domain("default"),
            "BAMBOOHR_API_KEY": self.api_key("default"),
            "BAMBOOHR_CLIENT_ID": self.client_id("default"),
            "BAMBOOHR_CLIENT_SECRET": self.client_secret("default"),
            "BAMBOOHR_OAUTH_URL": origin,
            "BAMBOOHR_OAUTH_REFRESH_TOKEN": self.standing_refresh_token("default"),
        }


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
