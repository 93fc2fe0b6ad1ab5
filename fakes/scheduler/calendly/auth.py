"""How a Calendly request proves who it is: a Bearer personal access token.

The default tenant's token is the setting ``calendly.token``; more tenants may be
given as ``calendly.tokens`` ({token: tenant}).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import errors

if TYPE_CHECKING:
    from ...kit.http import Request
    from ...kit.hub import Hub

TOKEN_SETTING = "calendly.token"  # the personal access token of the default tenant
TENANT_TOKENS_SETTING = "calendly.tokens"  # optional {token: tenant} for more tenants
DEFAULT_TOKEN = "calendly-harness-personal-access-token"


def token_of(hub: Hub) -> str:
    """The default tenant's personal access token."""
    return str(hub.settings.get(TOKEN_SETTING, DEFAULT_TOKEN))


def tokens(hub: Hub) -> dict[str, str]:
    """Every accepted token and the tenant it belongs to."""
    out = {token_of(hub): "default"}
    extra = hub.settings.get(TENANT_TOKENS_SETTING)
    if isinstance(extra, dict):
        out.update({str(k): str(v) for k, v in extra.items()})
    return out


def authenticate(hub: Hub, request: Request) -> str:
    """The tenant whose token the request carries, or Calendly's 401."""
    scheme, _, token = (request.header("authorization") or "").strip().partition(" ")
    tenant = tokens(hub).get(token.strip()) if scheme.lower() == "bearer" else None
    if tenant is None or tenant not in hub.tenants():
        raise errors.Unauthenticated()
    return tenant
