"""The Calendly API v2 fake: Bearer personal access tokens, Calendly-shaped errors, signed webhooks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from ...kit.http import Fake, Request, Response, Route, json_response
from ...kit.model import ModelError
from . import auth, errors
from .auth import DEFAULT_TOKEN, TENANT_TOKENS_SETTING, TOKEN_SETTING
from .handlers import Handlers
from .routes import routes
from .webhooks import WebhookSender

if TYPE_CHECKING:
    from ...kit.hub import Hub

__all__ = ["DEFAULT_TOKEN", "TENANT_TOKENS_SETTING", "TOKEN_SETTING", "CalendlyFake"]


class CalendlyFake(Handlers, Fake):
    name = "calendly"
    title = "Calendly API v2"
    system = "scheduler"
    openapi_security: ClassVar[dict[str, Any]] = {"personal_access_token": {"type": "http", "scheme": "bearer"}}

    def __init__(self, hub: Hub) -> None:
        hub.settings.setdefault(TOKEN_SETTING, DEFAULT_TOKEN)
        super().__init__(hub)
        self.webhooks = WebhookSender(self)
        hub.subscribe(self.system, self.webhooks.on_event)

    def routes(self) -> list[Route]:
        return routes(self)

    def authenticate(self, request: Request, route: Route) -> str:
        return auth.authenticate(self.hub, request)

    def error(self, status: int, message: str) -> Response:
        return json_response(errors.body(status, errors.SERVER if status == 500 else message), status)

    def bad_body(self, request: Request, route: Route, problem: str) -> Response:
        return errors.InvalidArgument(errors.INVALID, [{"parameter": "body", "message": problem}]).response()

    def model_error(self, request: Request, route: Route, exc: ModelError) -> Response:
        return errors.from_model_error(exc, route).response()

    def contract_env(self, origin: str) -> dict[str, str]:
        return {"CALENDLY_BASE_URL": origin, "CALENDLY_TOKEN": auth.token_of(self.hub)}
