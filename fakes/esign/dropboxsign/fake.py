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

from typing import TYPE_CHECKING, Any, ClassVar

from ...kit.http import Fake, Request, Response, Route
from ...kit.model import ModelError
from . import webhooks
from .auth import api_key, authenticate, client_id
from .errors import DropboxSignError, body, from_model_error
from .handlers import Handlers
from .routes import routes

if TYPE_CHECKING:
    from ...kit.hub import Hub


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
        self.webhooks = webhooks.WebhookSender(self)
        hub.subscribe(self.system, self.webhooks.on_event)

    def routes(self) -> list[Route]:
        return routes(self)

    def reset(self) -> None:
        self.apps.clear()

    # -- vendor hooks -----------------------------------------------------------
    def authenticate(self, request: Request, route: Route) -> str:
        return authenticate(self, request)

    def error(self, status: int, message: str) -> Response:
        return body(status, message)

    def bad_body(self, request: Request, route: Route, problem: str) -> Response:
        return DropboxSignError(400, problem).response()

    def model_error(self, request: Request, route: Route, exc: ModelError) -> Response:
        return from_model_error(exc, route).response()

    # -- the SUT contract -----------------------------------------------------------
    def contract_env(self, origin: str) -> dict[str, str]:
        return {
            "DROPBOX_SIGN_BASE_URL": origin,
            "DROPBOX_SIGN_API_KEY": api_key(self.hub.settings),
            "DROPBOX_SIGN_CLIENT_ID": client_id("default"),
        }
