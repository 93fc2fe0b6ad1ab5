"""How a BambooHR request proves who it is: the API key (HTTP Basic) or an OAuth access token,
and BambooHR's OAuth 2.0 authorization server, served on the fake's own origin.

Facts (source: BambooHR/bhr-api-python ``specs/public.yaml`` at 3d4de06,
``components.securitySchemes.oauth``: authorization code flow,
``authorizationUrl: /authorize.php``, ``tokenUrl: /token.php``, relative to
the server ``https://{companyDomain}.bamboohr.com``; the same repository's
``AUTHENTICATION.md`` and ``bamboohr_sdk/client/auth/token_refresh_provider.py``):

- ``GET /authorize.php?request=authorize&response_type=code&client_id&redirect_uri&scope&state``:
  the user consents and is sent to ``redirect_uri?code=...&state=...``. A
  fake has no user at a browser, so consent is given at once, as the
  company's administrator would (⚠️ the consent page itself is not modelled).
- ``POST /token.php?request=token`` with ``grant_type`` ``authorization_code``
  (``code``, ``redirect_uri``) or ``refresh_token``, plus ``client_id`` and
  ``client_secret``; the SDK sends a form (``application/x-www-form-urlencoded``),
  BambooHR's getting-started page shows a JSON object: both are read here.
- The answer: ``{access_token, expires_in: 3600, token_type: "Bearer", scope,
  refresh_token, id_token, companyDomain}``; a ``refresh_token`` only when the
  scopes asked for include ``offline_access`` (BambooHR getting-started
  page, quoted by integrators; ⚠️ not in the spec).
- API calls then carry ``Authorization: Bearer <access_token>``.

The error bodies (``{"error": "invalid_grant", "error_description"}``, RFC
6749 section 5.2) are ⚠️: BambooHR does not document its own.

What a SUT under test gets (the contract): ``BAMBOOHR_CLIENT_ID``,
``BAMBOOHR_CLIENT_SECRET``, ``BAMBOOHR_OAUTH_URL`` (where ``/authorize.php``
and ``/token.php`` are) and ``BAMBOOHR_OAUTH_REFRESH_TOKEN``, the refresh
token of a consent the company already gave (every scope plus
``offline_access``), which is what an installed integration holds.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ...kit import jsonx
from ...kit.http import Request, Response, Route, json_response
from .errors import BambooHRError

if TYPE_CHECKING:
    from .fake import BambooHRFake

ACCESS_SECONDS = 3600  # AUTHENTICATION.md: {"access_token", "refresh_token", "expires_in": 3600}
CODE_SECONDS = 600  # ⚠️ BambooHR does not say how long a code lives; ten minutes, as is common
OFFLINE = "offline_access"

# Scopes each served operation accepts (BHR spec, the ``oauth`` entries of each
# operation's ``security``). A token holding none of them is refused with 403.
OPERATION_SCOPES: dict[str, tuple[str, ...]] = {
    "list_employees": (
        "employee",
        "employee:name",
        "employee:job",
        "employee_directory",
        "sensitive_employee:protected_info",
    ),
    "get_employees_directory": ("employee_directory",),
    "get_changed_employee_ids": ("public.user", "public.integration"),
    "get_changed_employee_table_data": (
        "employee",
        "employee:job",
        "employee:compensation",
        "employee:custom_fields",
        "employee:custom_fields_encrypted",
        "employee:assets",
        "employee:emergency_contacts",
        "sensitive_employee:creditcards",
        "employee:education",
    ),
    "list_fields": ("employee", "field"),
    "list_tabular_fields": ("field",),
    "list_list_fields": ("field",),
}
_EMPLOYEE_READ = (
    "employee",
    "employee:assets",
    "employee:contact",
    "employee:compensation",
    "employee:custom_fields_encrypted",
    "employee:custom_fields",
    "employee:demographic",
    "employee:dependent",
    "employee:dependent:ssn",
    "employee:education",
    "employee:emergency_contacts",
    "employee:identification",
    "employee:job",
    "employee:management",
    "employee:name",
    "employee:photo",
    "employee:vaccination",
    "sensitive_employee:protected_info",
    "sensitive_employee:address",
    "sensitive_employee:creditcards",
    "employee:job.write",
)
_EMPLOYEE_WRITE = (*(s + ".write" for s in _EMPLOYEE_READ[:-1]), "employee:payroll.write", "employee", "employee:job")
_TABLE_READ = (
    "employee",
    "employee:job",
    "employee:compensation",
    "employee:custom_fields",
    "employee:custom_fields_encrypted",
    "employee:assets",
    "employee:emergency_contacts",
    "sensitive_employee:creditcards",
    "employee:education",
    "employee:job.write",
)
_TABLE_WRITE = (*(s + ".write" for s in _TABLE_READ[1:-1]), "employee.write", "employee", "employee:job")
OPERATION_SCOPES.update(
    get_employee=_EMPLOYEE_READ,
    create_employee=_EMPLOYEE_WRITE,
    update_employee=_EMPLOYEE_WRITE,
    get_employee_table_data=_TABLE_READ,
    create_table_row=_TABLE_WRITE,
    create_table_row_v1_1=_TABLE_WRITE,
    update_table_row=_TABLE_WRITE,
    update_table_row_v1_1=_TABLE_WRITE,
    delete_employee_table_row=_TABLE_WRITE,
    **{
        op: ("webhooks",)
        for op in (
            "list_webhooks",
            "create_webhook",
            "get_webhook",
            "update_webhook",
            "delete_webhook",
            "list_webhook_logs",
            "list_monitor_fields",
            "get_post_fields",
        )
    },
)
# Operations BambooHR serves to OAuth tokens only (BHR spec: list-employees has no ``basic`` security entry).
OAUTH_ONLY = frozenset({"list_employees"})
ALL_SCOPES = tuple(sorted({s for scopes in OPERATION_SCOPES.values() for s in scopes} | {OFFLINE}))


@dataclass
class Grant:
    tenant: str
    scopes: tuple[str, ...]
    expires: float
    redirect_uri: str = ""
    refresh: str | None = None


@dataclass
class OAuthState:
    codes: dict[str, Grant] = field(default_factory=dict)
    access: dict[str, Grant] = field(default_factory=dict)
    refresh: dict[str, Grant] = field(default_factory=dict)

    def clear(self) -> None:
        self.codes.clear()
        self.access.clear()
        self.refresh.clear()


def _derived(tenant: str, what: str, size: int) -> str:
    return hashlib.sha256(f"ats-harness:bamboohr:{what}:{tenant}".encode()).hexdigest()[:size]


def _same(expected: str, given: str) -> bool:
    """A constant-time comparison that also takes text a client sent in any script."""
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def oauth_error(error: str, description: str, status: int = 400) -> Response:
    return json_response({"error": error, "error_description": description}, status)


class OAuthServer:
    """``/authorize.php`` and ``/token.php`` (mixed into BambooHRFake)."""

    oauth: OAuthState

    if TYPE_CHECKING:
        hub: Any

        def _setting(self, name: str, tenant: str) -> Any: ...

        def tenants(self) -> list[str]: ...

        def company_domain(self, tenant: str) -> str: ...

    # -- credentials -------------------------------------------------------------
    def client_id(self, tenant: str) -> str:
        return str(self._setting("client_id", tenant) or _derived(tenant, "client", 32))

    def client_secret(self, tenant: str) -> str:
        return str(self._setting("client_secret", tenant) or _derived(tenant, "secret", 48))

    def standing_refresh_token(self, tenant: str) -> str:
        """The refresh token of the consent the contract hands the SUT; valid until the world resets."""
        return "rt_" + _derived(tenant, "standing-refresh", 40)

    def _tenant_of_client(self, client_id: str) -> str | None:
        return next((t for t in self.tenants() if _same(self.client_id(t), client_id)), None)

    def _token(self, kind: str) -> str:
        return self.hub.ids.token(f"bamboohr.oauth.{kind}", 40)

    # -- the endpoints ---------------------------------------------------------------
    def oauth_authorize(self, request: Request) -> Response:
        client_id, redirect_uri = request.q("client_id") or "", request.q("redirect_uri") or ""
        tenant = self._tenant_of_client(client_id)
        if tenant is None:
            return Response(400, [("Content-Type", "text/plain; charset=utf-8")], b"Unknown client_id")
        try:
            parts = urlsplit(redirect_uri)
        except ValueError:
            parts = urlsplit("")
        if parts.scheme not in ("http", "https") or not parts.netloc or not redirect_uri.isascii():
            return Response(400, [("Content-Type", "text/plain; charset=utf-8")], b"redirect_uri must be an URL")
        answer: dict[str, str] = {}
        if request.q("response_type") != "code":
            answer = {"error": "unsupported_response_type"}
        else:
            scopes = tuple(s for s in (request.q("scope") or "").replace("+", " ").split() if s)
            unknown = [s for s in scopes if s not in ALL_SCOPES and s not in ("openid", "email")]
            if unknown:
                answer = {"error": "invalid_scope", "error_description": "Unknown scope " + unknown[0]}
            else:
                code = self._token("code")
                now = self.hub.clock.timestamp()
                self.oauth.codes[code] = Grant(tenant, scopes, now + CODE_SECONDS, redirect_uri)
                answer = {"code": code}
        if request.q("state") is not None:
            answer["state"] = request.q("state") or ""
        query = "&".join(p for p in (parts.query, urlencode(answer)) if p)
        return Response(302, [("Location", urlunsplit(parts._replace(query=query)))], b"")

    def oauth_token(self, request: Request) -> Response:
        form = self._token_form(request)
        if form is None:
            return oauth_error("invalid_request", "The body must be a form or a JSON object")
        tenant = self._tenant_of_client(form.get("client_id", ""))
        if tenant is None or not _same(self.client_secret(tenant), form.get("client_secret", "")):
            return oauth_error("invalid_client", "Client authentication failed", 401)
        now, grant_type = self.hub.clock.timestamp(), form.get("grant_type", "")
        if grant_type == "authorization_code":
            grant = self.oauth.codes.pop(form.get("code", ""), None)
            if grant is None or grant.tenant != tenant or grant.expires <= now:
                return oauth_error("invalid_grant", "The authorization code is invalid, used or expired")
            if form.get("redirect_uri", "") != grant.redirect_uri:
                return oauth_error("invalid_grant", "redirect_uri does not match the authorization request")
        elif grant_type == "refresh_token":
            token = form.get("refresh_token", "")
            grant = self.oauth.refresh.get(token)
            if grant is None and _same(token, self.standing_refresh_token(tenant)):
                grant = Grant(tenant, ALL_SCOPES, float("inf"))
            if grant is None or grant.tenant != tenant:
                return oauth_error("invalid_grant", "The refresh token is invalid or revoked")
        else:
            return oauth_error("unsupported_grant_type", f"grant_type {grant_type[:40]!r} is not supported")
        return json_response(self._issue(tenant, grant.scopes, now))

    def _issue(self, tenant: str, scopes: tuple[str, ...], now: float) -> dict[str, Any]:
        access = self._token("access")
        self.oauth.access[access] = Grant(tenant, scopes, now + ACCESS_SECONDS)
        body: dict[str, Any] = {
            "access_token": access,
            "expires_in": ACCESS_SECONDS,
            "token_type": "Bearer",
            "scope": " ".join(scopes),
        }
        if OFFLINE in scopes:
            refresh = self._token("refresh")
            self.oauth.refresh[refresh] = Grant(tenant, scopes, float("inf"))
            body["refresh_token"] = refresh
        body["id_token"] = self._token("id")
        body["companyDomain"] = self.company_domain(tenant)
        return body

    def _token_form(self, request: Request) -> dict[str, str] | None:
        content_type = (request.header("content-type") or "").lower()
        try:
            if "json" in content_type:
                value = jsonx.loads(request.body)
                return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else None
            return dict(parse_qsl(request.body.decode("utf-8"), keep_blank_values=True))
        except (ValueError, UnicodeDecodeError):
            return None

    def access_grant(self, token: str) -> Grant | None:
        """The live grant behind a Bearer token (expiry on the virtual clock), or None."""
        grant = self.oauth.access.get(token)
        if grant is None or grant.expires <= self.hub.clock.timestamp():
            return None
        return grant


# -- authenticating API requests ------------------------------------------------------
def authenticate_request(fake: BambooHRFake, request: Request, route: Route) -> str:
    """The tenant a request's credentials belong to (HTTP Basic API key or OAuth Bearer token), or
    BambooHR's 401/403/404 (see ``fake.py``'s notes for which)."""
    domain = fake.domain_of(request)
    tenant = next((t for t in fake.tenants() if fake.company_domain(t).lower() == domain.lower()), None)
    if tenant is None:
        raise BambooHRError(404, f"No company with domain {domain[:60]!r}")
    token = _bearer(request.header("authorization"))
    if token is not None:
        return _authenticate_token(fake, token, tenant, domain, route)
    key = _basic_user(request.header("authorization"))
    if key is None:
        raise BambooHRError(
            401,
            "Authentication required: HTTP Basic with the API key as user name, or an OAuth Bearer token",
            [("WWW-Authenticate", 'Basic realm="BambooHR API"')],
        )
    if not hmac.compare_digest(key.encode(), fake.api_key(tenant).encode()):
        if any(hmac.compare_digest(key.encode(), fake.api_key(t).encode()) for t in fake.tenants()):
            raise BambooHRError(403, f"This API key has no access to company {domain[:60]!r}")
        raise BambooHRError(401, "Invalid API key", [("WWW-Authenticate", 'Basic realm="BambooHR API"')])
    if route.operation in OAUTH_ONLY:
        raise BambooHRError(
            401,
            f"{route.method} /api/v1{route.path.split('/v1', 1)[-1]} accepts OAuth access tokens only",
            [("WWW-Authenticate", 'Bearer realm="BambooHR API"')],
        )
    return tenant


def _authenticate_token(fake: BambooHRFake, token: str, tenant: str, domain: str, route: Route) -> str:
    grant = fake.access_grant(token)
    if grant is None:
        raise BambooHRError(
            401, "Invalid or expired access token", [("WWW-Authenticate", 'Bearer error="invalid_token"')]
        )
    if grant.tenant != tenant:
        raise BambooHRError(403, f"This access token has no access to company {domain[:60]!r}")
    wanted = OPERATION_SCOPES.get(route.operation, ())
    if wanted and not set(wanted) & set(grant.scopes):
        needed = ", ".join(wanted)
        raise BambooHRError(403, f"The access token lacks a scope this operation needs (one of: {needed})")
    return tenant


def _basic_user(header: str | None) -> str | None:
    scheme, _, value = (header or "").strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    user = decoded.partition(":")[0]
    return user or None


def _bearer(header: str | None) -> str | None:
    scheme, _, value = (header or "").strip().partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None
