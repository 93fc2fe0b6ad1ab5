"""Who may call the fake, as whom: Harvest v1 Basic auth, Harvest v3 OAuth.

**Harvest v1** (harvest/_introduction.md, "Authentication"): HTTP Basic with
the API key as the user name and a blank password; no or unknown credentials
get 401. Write operations also name the acting user in ``On-Behalf-Of``
("Required for auditing purposes"). A missing, non-numeric or unknown user
there answers **403**: Harvest's 403 means "You don't have access to that
record", and the docs use 403 whenever the On-Behalf-Of user may not act
(harvest/_job_openings.md: "if the On-Behalf-Of User does not have the
ability to edit the given job, a 403 error will be returned";
harvest/_approvals.md likewise). A user who does not exist can do nothing,
so it gets the same answer. A GET that carries a body also gets 403
(harvest/_introduction.md, "Errors").

**Harvest v3** (harvestdocs.greenhouse.io/docs/authentication): ``POST
{GREENHOUSE_AUTH_URL}/token`` with HTTP Basic ``client_id:client_secret`` and
the form body ``grant_type=client_credentials&sub=<user id>`` answers
``{access_token, token_type: "Bearer", expires_in: 3600}``; v3 calls carry
``Authorization: Bearer <token>``. The token acts as its ``sub`` user, so v3
writes need no On-Behalf-Of. Tokens expire on the virtual clock. Token
endpoint errors follow RFC 6749 §5.2 (the Greenhouse docs do not show them).

**Credentials per tenant.** The default tenant uses the constants below. A
tenant ``t`` added with ``world.add_tenant(t)`` gets
``<prefix><first 32 hex digits of sha256("greenhouse:<kind>:<t>")>`` for each
kind (``api_key``, ``client_id``, ``client_secret``), e.g. the API key of
tenant ``acme`` is ``"ghk_" + sha256(b"greenhouse:api_key:acme").hexdigest()[:32]``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import string
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from ...kit.http import Request, Response, Route, json_response
from .errors import Forbidden, OAuthError, Unauthorized
from .validate import as_id

if TYPE_CHECKING:
    from ...kit.hub import Hub

DEFAULTS = {
    "api_key": "ghk_harness0default0api0key000000",
    "client_id": "ghc_harness0default0client0id0000",
    "client_secret": "ghs_harness0default0client0secret",
}
PREFIXES = {"api_key": "ghk_", "client_id": "ghc_", "client_secret": "ghs_"}
DEFAULT_WEBHOOK_SECRET = "gh-webhook-secret-harness-default"
TOKEN_LIFETIME = 3600  # seconds: "access token 1 h" (harvestdocs.greenhouse.io/docs/harvest-partner-oauth)


def credential(kind: str, tenant: str) -> str:
    if tenant == "default":
        return DEFAULTS[kind]
    return PREFIXES[kind] + hashlib.sha256(f"greenhouse:{kind}:{tenant}".encode()).hexdigest()[:32]


def _basic(request: Request) -> tuple[str, str] | None:
    scheme, _, value = (request.header("authorization") or "").strip().partition(" ")
    if scheme.lower() != "basic" or not value.strip():
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, _, password = decoded.partition(":")
    return user, password


class Authenticator:
    """Credentials, tokens and the acting user of each request."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.tokens: dict[str, tuple[str, int, datetime]] = {}  # token -> (tenant, user id, expires at)

    def reset(self) -> None:
        self.tokens.clear()

    def _tenants(self) -> list[str]:
        return self.hub.tenants()

    def _tenant_of(self, kind: str, value: str) -> str | None:
        for tenant in self._tenants():
            if hmac.compare_digest(credential(kind, tenant), value):
                return tenant
        return None

    def _model(self, tenant: str) -> Any:
        return self.hub.model("ats", tenant)

    def _user_id(self, tenant: str, raw: Any) -> int | None:
        ident = as_id(raw)
        return ident if ident is not None and ident in self._model(tenant).store.table("users") else None

    # -- the pipeline's hook ----------------------------------------------------
    def authenticate(self, request: Request, route: Route) -> str:
        tenant = self._bearer(request) if route.path.startswith("/v3/") else self._basic_key(request)
        if route.write and route.path.startswith("/v1/"):
            header = request.header("on-behalf-of")
            if header is None or not header.strip():
                raise Forbidden("The On-Behalf-Of header is required for this request: send the id of the "
                                "Greenhouse user the change is made for")
            if self._user_id(tenant, header) is None:
                raise Forbidden(f"On-Behalf-Of user {header.strip()!r} is not a Greenhouse user of this organization")
        if request.method == "GET" and request.body.strip():
            raise Forbidden("GET requests must not carry a body")
        return tenant

    def _basic_key(self, request: Request) -> str:
        pair = _basic(request)
        if pair is None:
            raise Unauthorized("Unauthorized: send the Harvest API key as the HTTP Basic user name")
        tenant = self._tenant_of("api_key", pair[0])
        if tenant is None:
            raise Unauthorized("Unauthorized: invalid Harvest API key")
        return tenant

    def _bearer(self, request: Request) -> str:
        scheme, _, token = (request.header("authorization") or "").strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("Unauthorized: send Authorization: Bearer <access token>")
        found = self.tokens.get(token.strip())
        if found is None:
            raise Unauthorized("Unauthorized: invalid access token")
        if self.hub.clock.now() >= found[2]:
            raise Unauthorized("Unauthorized: the access token has expired")
        return found[0]

    def actor(self, request: Request) -> int | None:
        """The acting user: On-Behalf-Of (v1) or the token's ``sub`` (v3)."""
        if request.path.startswith("/v3/"):
            _, _, token = (request.header("authorization") or "").partition(" ")
            found = self.tokens.get(token.strip())
            return found[1] if found else None
        return self._user_id(request.tenant, request.header("on-behalf-of"))

    # -- POST /auth/token ------------------------------------------------------------
    def issue_token(self, request: Request) -> Response:
        pair = _basic(request)
        tenant = self._tenant_of("client_id", pair[0]) if pair else None
        if pair is None or tenant is None or not hmac.compare_digest(credential("client_secret", tenant), pair[1]):
            raise OAuthError("invalid_client", "client authentication failed: send HTTP Basic client_id:client_secret",
                             401)
        try:
            form = dict(parse_qsl(request.body.decode("utf-8"), keep_blank_values=True))
        except UnicodeDecodeError:
            form = {}
        if form.get("grant_type") != "client_credentials":
            raise OAuthError("unsupported_grant_type", "grant_type must be client_credentials")
        user_id = self._user_id(tenant, form.get("sub"))
        if user_id is None:
            raise OAuthError("invalid_request", f"sub={form.get('sub')!r} must be the id of a Greenhouse user")
        token = self.hub.ids.token("greenhouse.access_token", 40, string.ascii_letters + string.digits)
        self.tokens[token] = (tenant, user_id, self.hub.clock.now() + timedelta(seconds=TOKEN_LIFETIME))
        body = {"access_token": token, "token_type": "Bearer", "expires_in": TOKEN_LIFETIME}
        return json_response(body, 200, [("Cache-Control", "no-store")])
