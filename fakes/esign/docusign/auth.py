"""Who is calling: the account's identities, Bearer tokens, and the OAuth
server (JWT grant + userinfo) served on the same origin under ``/oauth-server``.

Every identity is a UUID derived from the tenant name, so the SUT contract
stays the same across seeds and restarts. The JWT grant follows
developers.docusign.com/platform/auth/jwt: an RS256 assertion with
``iss`` = integration key, ``sub`` = user id, ``aud`` = the OAuth host
(``account-d.docusign.com``; this fake also accepts its own host), ``iat`` and
``exp`` (checked on the virtual clock) and ``scope`` with ``signature``;
the answer is ``{access_token, token_type: "Bearer", expires_in: 3600}``.
Errors are OAuth-style ``{"error": "invalid_grant", "error_description": ...}``
with DocuSign's descriptions ``issuer_not_found`` and
``no_valid_keys_or_signatures`` (seen in docusign-esign-php-client#187 and
docusign-esign-python-client#57); ``user_not_found``, ``expired_grant`` and the
userinfo error body are ⚠️.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography.hazmat.primitives import serialization

from ...kit.http import Request, Response, json_response
from .errors import DocuSignError
from .keys import DEFAULT_PRIVATE_KEY_PEM

if TYPE_CHECKING:
    from ...kit.hub import Hub

_NAMESPACE = uuid.UUID("5f0c1f9e-2d0b-4c55-9a57-6a1e3b1f0d21")
OAUTH_PREFIX = "/oauth-server"
DEMO_OAUTH_HOST = "account-d.docusign.com"
TOKEN_SECONDS = 3600
IAT_SKEW_SECONDS = 300
JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"


def _uuid(tenant: str, what: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"docusign:{what}:{tenant}"))


def account_id(tenant: str) -> str:
    return _uuid(tenant, "account")


def account_number(tenant: str) -> str:
    """The account's short external number, which DocuSign accepts in place of the GUID."""
    return str(10_000_000 + int(hashlib.sha256(f"docusign:account:{tenant}".encode()).hexdigest(), 16) % 90_000_000)


def user_id(tenant: str) -> str:
    return _uuid(tenant, "user")


def integration_key(tenant: str) -> str:
    return _uuid(tenant, "integration")


def sender(tenant: str) -> dict[str, str]:
    return {
        "userName": "Harness Sender",
        "userId": user_id(tenant),
        "accountId": account_id(tenant),
        "email": f"sender+{tenant}@ats-harness.test",
    }


def static_token(settings: dict[str, Any], tenant: str) -> str:
    """The long-lived token of the contract (DOCUSIGN_ACCESS_TOKEN); a JWT-shaped opaque string."""
    if tenant == "default" and settings.get("docusign.access_token"):
        return str(settings["docusign.access_token"])
    digest = hashlib.sha256(f"ats-harness:docusign:token:{tenant}".encode()).hexdigest()
    return f"eyJ0eXAiOiJNVCIsImFsZyI6IlJTMjU2In0.{digest}"


def private_key_pem(settings: dict[str, Any]) -> str:
    return str(settings.get("docusign.private_key") or DEFAULT_PRIVATE_KEY_PEM)


@lru_cache(maxsize=4)
def _public_key(pem: str) -> Any:
    return serialization.load_pem_private_key(pem.encode(), password=None).public_key()


class Tokens:
    """Access tokens issued by the JWT grant: token -> (tenant, expiry epoch seconds on the virtual clock)."""

    def __init__(self) -> None:
        self._issued: dict[str, tuple[str, float]] = {}

    def issue(self, fake: OAuthHandlers, tenant: str) -> str:
        token = "eyJ0eXAiOiJNVCIsImFsZyI6IlJTMjU2In0." + fake.hub.ids.token("docusign.oauth.access_token", 96)
        self._issued[token] = (tenant, fake.hub.clock.timestamp() + TOKEN_SECONDS)
        return token

    def tenant(self, fake: OAuthHandlers, token: str) -> str | None:
        for tenant in fake.tenants():
            if hmac.compare_digest(token.encode("utf-8"), static_token(fake.hub.settings, tenant).encode("utf-8")):
                return tenant
        issued = self._issued.get(token)
        if issued is not None and fake.hub.clock.timestamp() < issued[1]:
            return issued[0]
        return None

    def clear(self) -> None:
        self._issued.clear()


def bearer(request: Request) -> str | None:
    scheme, _, token = (request.header("authorization") or "").strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def authenticate(fake: OAuthHandlers, request: Request) -> str:
    """The tenant whose token this is and whose account the path names, or DocuSign's refusal."""
    if not request.header("authorization"):
        raise DocuSignError("USER_AUTHENTICATION_FAILED", status=401)
    token = bearer(request)
    tenant = fake.tokens.tenant(fake, token) if token else None
    if tenant is None:
        raise DocuSignError("AUTHORIZATION_INVALID_TOKEN", status=401)
    account = request.params.get("accountId", "").lower()
    if account and account not in (account_id(tenant), account_number(tenant)):
        raise DocuSignError("USER_LACKS_MEMBERSHIP")
    return tenant


def _oauth_error(error: str, description: str | None = None, status: int = 400) -> Response:
    body = {"error": error} if description is None else {"error": error, "error_description": description}
    return json_response(body, status)


class OAuthHandlers:
    """The account server's two endpoints a JWT-grant integration calls (mixed into DocuSignFake)."""

    hub: Hub
    tokens: Tokens

    if TYPE_CHECKING:

        def base_url(self, request: Request) -> str: ...

        def tenants(self) -> list[str]: ...

    def oauth_token(self, request: Request) -> Response:
        try:
            form = parse_qs(request.body.decode("utf-8"), keep_blank_values=True)
        except UnicodeDecodeError:
            return _oauth_error("invalid_request")
        grant, assertion = (form.get("grant_type") or [""])[0], (form.get("assertion") or [""])[0]
        if grant != JWT_GRANT:
            return _oauth_error("unsupported_grant_type")
        if not assertion:
            return _oauth_error("invalid_request")
        tenant, problem = self._verify_assertion(assertion, request)
        if tenant is None:
            return _oauth_error("invalid_grant", problem)
        token = self.tokens.issue(self, tenant)
        return json_response({"access_token": token, "token_type": "Bearer", "expires_in": TOKEN_SECONDS})

    def oauth_userinfo(self, request: Request) -> Response:
        token = bearer(request)
        tenant = self.tokens.tenant(self, token) if token else None
        if tenant is None:
            return _oauth_error("invalid_token", "The access token is expired, revoked or malformed.", 401)
        return json_response(
            {
                "sub": user_id(tenant),
                "name": "Harness Sender",
                "given_name": "Harness",
                "family_name": "Sender",
                "created": "2026-01-05T10:00:00.0000000Z",
                "email": sender(tenant)["email"],
                "accounts": [
                    {
                        "account_id": account_id(tenant),
                        "is_default": True,
                        "account_name": f"ats-harness {tenant}",
                        "base_uri": self.base_url(request),
                    }
                ],
            }
        )

    def _verify_assertion(self, assertion: str, request: Request) -> tuple[str | None, str]:
        try:
            claims = jwt.decode(assertion, options={"verify_signature": False})
            by_key = {integration_key(t): t for t in self.tenants()}
            tenant = by_key.get(str(claims.get("iss")))
            if tenant is None:
                return None, "issuer_not_found"
            jwt.decode(
                assertion,
                _public_key(private_key_pem(self.hub.settings)),
                algorithms=["RS256"],
                options={"verify_aud": False, "verify_exp": False, "verify_iat": False, "verify_nbf": False},
            )
        except (jwt.PyJWTError, ValueError, TypeError):
            return None, "no_valid_keys_or_signatures"
        if claims.get("sub") != user_id(tenant):
            return None, "user_not_found"
        audience = claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if not set(map(str, audiences)) & self._audiences(request):
            return None, "invalid_audience"
        now, iat, exp = self.hub.clock.timestamp(), claims.get("iat"), claims.get("exp")
        if not isinstance(iat, int | float) or not isinstance(exp, int | float) or isinstance(iat, bool):
            return None, "invalid_request"
        if iat > now + IAT_SKEW_SECONDS or exp <= now:
            return None, "expired_grant"
        if "signature" not in str(claims.get("scope") or "").split():
            return None, "invalid_scope"
        return tenant, ""

    def _audiences(self, request: Request) -> set[str]:
        """account-d.docusign.com, or this fake's auth URL without its scheme (host, or host + path), by
        the address it was reached at and by the Host header (a SUT may say ``localhost``)."""
        hosts = {urlsplit(self.base_url(request)).netloc, (request.header("host") or "").strip()} - {""}
        return {DEMO_OAUTH_HOST} | hosts | {host + OAUTH_PREFIX for host in hosts}
