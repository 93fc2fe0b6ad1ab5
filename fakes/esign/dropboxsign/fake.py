"""The Dropbox Sign origin: API v3 (formerly HelloSign) under ``/v3`` on the
shared e-signature model, and its callback events.

Admin-screen settings (``hub.settings``): ``dropbox_sign.api_key``,
``dropbox_sign.access_token`` (optional OAuth bearer), ``dropbox_sign.callback_url``
(the account callback), ``dropbox_sign.app_callback_url`` (the API app's
callback, for requests sent with its ``client_id``).

Contract env: ``DROPBOX_SIGN_BASE_URL`` (the origin; the SDK's host is
``DROPBOX_SIGN_BASE_URL + "/v3"``), ``DROPBOX_SIGN_API_KEY``,
``DROPBOX_SIGN_CLIENT_ID`` (the API app, for embedded signing).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from ...kit.http import Fake, Request, Response, Route
from ...kit.model import ModelError
from . import webhooks
from .auth import api_key, authenticate, client_id
from .errors import DropboxSignError, body, from_model
from .handlers import Handlers
from .routes import ROUTES

if TYPE_CHECKING:
    from ...kit.hub import DomainEvent, Hub


class DropboxSignFake(Handlers, Fake):
    name = "dropbox_sign"
    title = "Dropbox Sign API v3 (formerly HelloSign) and its callback events"
    system = "esign"

    openapi_security: ClassVar[dict[str, Any]] = {
        "api_key": {"type": "http", "scheme": "basic", "description": (
            "The API key as the HTTP Basic user name, empty password (DROPBOX_SIGN_API_KEY).")},
        "oauth2": {"type": "http", "scheme": "bearer", "description": (
            "An OAuth access token (setting dropbox_sign.access_token).")},
    }

    def __init__(self, hub: Hub) -> None:
        # signature requests sent through this fake -> the client_id they were sent with (None: no app);
        # only these are announced (a DocuSign envelope of the shared model is not this account's)
        self.apps: dict[str, str | None] = {}
        self.sending = False  # a request is being created through this fake right now
        self.sending_app: str | None = None  # ... with this client_id
        super().__init__(hub)
        hub.subscribe("esign", self._on_event)

    def routes(self) -> list[Route]:
        return [
            Route(method, path, self._mapped(getattr(self, operation)), operation, summary, query=query, body=schema,
                  responses=responses, write=write)
            for method, path, operation, summary, query, schema, responses, write in ROUTES
        ]

    def tenants(self) -> list[str]:
        world = getattr(self.hub, "world", None)
        return list(world.tenants) if world is not None else ["default"]

    def reset(self) -> None:
        self.apps.clear()

    # -- vendor hooks -----------------------------------------------------------
    def authenticate(self, request: Request, route: Route) -> str:
        return authenticate(self, request)

    def error(self, status: int, message: str) -> Response:
        return body(status, message)

    def bad_body(self, request: Request, route: Route, problem: str) -> Response:
        return DropboxSignError(400, problem).response()

    def model_error(self, exc: ModelError) -> DropboxSignError:
        """What the model refused, as Dropbox Sign answers it (errors.from_model)."""
        return from_model(exc)

    def _mapped(self, handler: Callable[[Request], Any]) -> Callable[[Request], Any]:
        @functools.wraps(handler)
        def run(request: Request) -> Any:
            try:
                return handler(request)
            except ModelError as exc:
                raise self.model_error(exc) from None

        return run

    # -- events -------------------------------------------------------------------
    def _on_event(self, event: DomainEvent) -> None:
        webhooks.publish(self, event)

    # -- the SUT contract -----------------------------------------------------------
    def contract_env(self, origin: str) -> dict[str, str]:
        return {
            "DROPBOX_SIGN_BASE_URL": origin,
            "DROPBOX_SIGN_API_KEY": api_key(self.hub.settings),
            "DROPBOX_SIGN_CLIENT_ID": client_id("default"),
        }
