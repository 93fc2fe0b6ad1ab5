"""The Calendly API v2 fake: Bearer personal access tokens, Calendly-shaped errors, signed webhooks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from ...kit.http import Fake, Request, Response, Route, json_response
from . import errors
from .handlers import CalendlyHandlers
from .routes import build
from .webhooks import WebhookSender

if TYPE_CHECKING:
    from ...kit.hub import Hub

TOKEN_SETTING = "calendly.token"  # the personal access token of the default tenant
TENANT_TOKENS_SETTING = "calendly.tokens"  # optional {token: tenant} for more tenants
DEFAULT_TOKEN = "calendly-harness-personal-access-token"


class CalendlyFake(CalendlyHandlers, Fake):
    name = "calendly"
    title = "Calendly API v2"
    openapi_security: ClassVar[dict[str, Any]] = {"personal_access_token": {"type": "http", "scheme": "bearer"}}

    def __init__(self, hub: Hub) -> None:
        hub.settings.setdefault(TOKEN_SETTING, DEFAULT_TOKEN)
        super().__init__(hub)
        self.webhooks = WebhookSender(self)
        hub.subscribe("scheduler", self.webhooks.on_event)

    def routes(self) -> list[Route]:
        return build(self)

    def authenticate(self, request: Request, route: Route) -> str:
        scheme, _, token = (request.header("authorization") or "").strip().partition(" ")
        tenant = self._tenants().get(token.strip()) if scheme.lower() == "bearer" else None
        if tenant is None or tenant not in self.hub.tenants():
            raise errors.Unauthenticated()
        return tenant

    def _tenants(self) -> dict[str, str]:
        tokens = {str(self.hub.settings.get(TOKEN_SETTING, DEFAULT_TOKEN)): "default"}
        extra = self.hub.settings.get(TENANT_TOKENS_SETTING)
        if isinstance(extra, dict):
            tokens.update({str(k): str(v) for k, v in extra.items()})
        return tokens

    def error(self, status: int, message: str) -> Response:
        return json_response(errors.body(status, errors.SERVER if status == 500 else message), status)

    def bad_body(self, request: Request, route: Route, problem: str) -> Response:
        return errors.InvalidArgument(errors.INVALID, [{"parameter": "body", "message": problem}]).response()

    def contract_env(self, origin: str) -> dict[str, str]:
        return {"CALENDLY_BASE_URL": origin, "CALENDLY_TOKEN": str(self.hub.settings.get(TOKEN_SETTING, DEFAULT_TOKEN))}
