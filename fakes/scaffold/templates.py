"""The text of each file a new dialect starts with (``string.Template``: $vendor, $system, $cls, ...)."""

INIT = '''"""$Vendor: a dialect of the $system model (written by ``python -m fakes.scaffold``)."""

from .fake import $cls

__all__ = ["$cls"]
'''

FAKE = '''"""The $Vendor fake: declares the system it speaks, the settings it reads and the SUT contract.

Settings (``hub.settings``): ``$vendor.api_key`` (the Bearer key of the default tenant),
``$vendor.webhook_url`` and ``$vendor.webhook_secret`` (where and how web hooks are sent).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from fakes.kit.http import Fake, Request, Response, Route, json_response
from fakes.kit.model import ModelError

from . import auth, errors
from .handlers import Handlers
from .routes import routes
from .webhooks import WebhookSender

if TYPE_CHECKING:
    from fakes.kit.hub import Hub


class $cls(Handlers, Fake):
    name = "$vendor"
    title = "$Vendor API"
    system = "$system"
    openapi_security: ClassVar[dict[str, Any]] = {
        "api_key": {"type": "http", "scheme": "bearer", "description": "The API key as a Bearer token."}
    }

    def __init__(self, hub: Hub) -> None:
        hub.settings.setdefault(auth.KEY_SETTING, auth.DEFAULT_KEY)
        super().__init__(hub)
        self.webhooks = WebhookSender(self)
        hub.subscribe(self.system, self.webhooks.on_event)

    def routes(self) -> list[Route]:
        return routes(self)

    def authenticate(self, request: Request, route: Route) -> str:
        return auth.authenticate(self.hub, request)

    def error(self, status: int, message: str) -> Response:
        return json_response(errors.body(status, message), status)

    def model_error(self, request: Request, route: Route, exc: ModelError) -> Response:
        return errors.from_model_error(exc, route).response()

    def contract_env(self, origin: str) -> dict[str, str]:
        return {"${VENDOR}_BASE_URL": origin, "${VENDOR}_API_KEY": auth.key_of(self.hub)}
'''

ROUTES = '''"""The $Vendor route table: data only, one Route per vendor operation (handlers in handlers.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fakes.kit.http import Route

from . import schemas

if TYPE_CHECKING:
    from .fake import $cls

READ = {200: "OK", 401: "Unauthorized"}


def routes(fake: $cls) -> list[Route]:
    return [
        Route("GET", "/v1/status", fake.get_status, "get_status", "Who the caller is, and the time",
              query=schemas.STATUS_QUERY, responses=READ),
    ]
'''

HANDLERS = '''"""$Vendor handlers: thin, one method per vendor operation, named after it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakes.kit.http import Request

from . import serialize

if TYPE_CHECKING:
    from fakes.kit.hub import Hub


class Handlers:
    hub: Hub
    name: str
    system: str

    def model(self, request: Request) -> Any:
        return self.hub.model(self.system, request.tenant)

    def get_status(self, request: Request) -> Any:
        return serialize.status(request.tenant, self.hub.clock.now(), verbose=request.q("verbose") == "true")
'''

SCHEMAS = '''"""JSON Schemas of $Vendor request bodies and query parameters (attached to routes in routes.py)."""

from __future__ import annotations

from typing import Any

STATUS_QUERY: dict[str, dict[str, Any]] = {"verbose": {"type": "string", "enum": ["true", "false"]}}
'''

SERIALIZE = '''"""Model records in $Vendor's wire shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fakes.kit.clock import iso_z


def status(tenant: str, now: datetime, verbose: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"account": tenant, "time": iso_z(now)}
    if verbose:
        out["vendor"] = "$vendor"
    return out
'''

ERRORS = '''"""$Vendor's error answers, and how it words a refusal of the model (the fake's model_error hook)."""

from __future__ import annotations

from typing import Any

from fakes.kit.http import Response, Route, VendorError, json_response
from fakes.kit.model import ModelError


def body(status: int, message: str) -> dict[str, Any]:
    return {"error": {"status": status, "message": message}}


class ${Vendor}Error(VendorError):
    def response(self) -> Response:
        return json_response(body(self.status, self.message), self.status)


class Unauthorized(${Vendor}Error):
    status = 401


def from_model_error(exc: ModelError, route: Route | None = None) -> ${Vendor}Error:
    status = {"not_found": 404, "conflict": 409}.get(exc.kind, 400)
    return ${Vendor}Error(exc.message, status)
'''

AUTH = '''"""How a $Vendor request proves who it is: ``Authorization: Bearer <api key>``."""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

from .errors import Unauthorized

if TYPE_CHECKING:
    from fakes.kit.http import Request
    from fakes.kit.hub import Hub

KEY_SETTING = "$vendor.api_key"
DEFAULT_KEY = "$vendor-harness-api-key"


def key_of(hub: Hub) -> str:
    return str(hub.settings.get(KEY_SETTING, DEFAULT_KEY))


def authenticate(hub: Hub, request: Request) -> str:
    scheme, _, key = (request.header("authorization") or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(key.strip().encode(), key_of(hub).encode()):
        raise Unauthorized("Invalid API key")
    return "default"
'''

WEBHOOKS = '''"""$Vendor web hooks: one WebhookSender per fake, subscribed to the $system model's events."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from typing import TYPE_CHECKING

from fakes.kit import jsonx
from fakes.kit.webhooks import Delivery

if TYPE_CHECKING:
    from fakes.kit.hub import DomainEvent

    from .fake import $cls

URL_SETTING = "$vendor.webhook_url"
SECRET_SETTING = "$vendor.webhook_secret"
RETRY_SCHEDULE = (60.0, 300.0, 900.0)


class WebhookSender:
    def __init__(self, fake: $cls) -> None:
        self.fake = fake

    def on_event(self, event: DomainEvent) -> None:
        settings = self.fake.hub.settings
        url = settings.get(URL_SETTING)
        if not url:
            return
        secret = str(settings.get(SECRET_SETTING, ""))
        body = jsonx.dumps({"event": event.kind, "data": event.data})

        def sign(payload: bytes, now: datetime) -> dict[str, str]:
            digest = hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()
            return {"X-${Vendor}-Signature": digest}

        self.fake.hub.dispatcher.enqueue(
            Delivery(self.fake.name, event.kind, str(url), body, {"Content-Type": "application/json"},
                     signer=sign if secret else None, schedule=RETRY_SCHEDULE, tenant=event.tenant)
        )
'''

COVERAGE = '''"""Every operation $Vendor documents, as (operation, method, path, note).

An operation is implemented when a route of routes.py carries its name; notes say how, never
"implemented". IMPLEMENTATION_COVERAGE.md is generated from this list (``python -m fakes.contracts``).
"""

from __future__ import annotations

VENDOR_OPERATIONS: list[tuple[str, str, str, str]] = [
    ("get_status", "GET", "/v1/status", "the example operation the scaffold wrote; replace it"),
]

NOTES: tuple[str, ...] = ()
'''

TESTS = '''"""Stubs for the $Vendor dialect written by the scaffold: they pass on the example route; grow them."""

from __future__ import annotations

from fakes.$system.$vendor import $cls
from fakes.$system.$vendor.auth import DEFAULT_KEY
from fakes.kit.http import Request
from fakes.kit.hub import Hub


def test_the_example_route_answers_with_the_api_key() -> None:
    fake = $cls(Hub())
    response = fake.handle(Request("GET", "/v1/status", "verbose=true", {"authorization": f"Bearer {DEFAULT_KEY}"}))
    assert response.status == 200, response.body


def test_a_wrong_key_is_refused() -> None:
    fake = $cls(Hub())
    response = fake.handle(Request("GET", "/v1/status", "", {"authorization": "Bearer wrong"}))
    assert response.status == 401
'''

NEXT_STEPS = """
Next steps for {cls}:
  - register it in fakes/world.py SYSTEMS["{system}"] (and DEFAULT_PORTS) as "fakes.{system}.{vendor}:{cls}";
  - replace the example operation in routes.py/handlers.py/coverage.py with the vendor's own;
  - run python -m fakes.contracts to write contracts/{vendor}/openapi.json and the coverage page.
"""
