"""Who is calling: HTTP Basic with the API key as the user name and an empty
password (the SDK's ``Configuration(username=api_key)``; spec security scheme
``api_key``: ``type: http, scheme: basic``), or an OAuth access token as
``Authorization: Bearer`` (spec scheme ``oauth2``), accepted when the setting
``dropbox_sign.access_token`` is set.

Settings: ``dropbox_sign.api_key`` (the default tenant's key; other tenants
get a key derived from the tenant name), ``dropbox_sign.access_token``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from typing import TYPE_CHECKING, Any

from .errors import DropboxSignError

if TYPE_CHECKING:
    from ...kit.http import Request
    from .fake import DropboxSignFake

DEFAULT_API_KEY = hashlib.sha256(b"ats-harness:dropbox_sign:api-key").hexdigest()  # 64 hex, the real keys' shape


def api_key(settings: dict[str, Any], tenant: str = "default") -> str:
    if tenant == "default":
        return str(settings.get("dropbox_sign.api_key") or DEFAULT_API_KEY)
    return hashlib.sha256(f"ats-harness:dropbox_sign:api-key:{tenant}".encode()).hexdigest()


def account_id(tenant: str) -> str:
    """The account's id: 40 hex digits, as in the spec's examples."""
    return hashlib.sha1(f"ats-harness:dropbox_sign:account:{tenant}".encode()).hexdigest()


def account_email(tenant: str) -> str:
    return "esign-admin@example.com" if tenant == "default" else f"esign-admin+{tenant}@example.com"


def client_id(tenant: str) -> str:
    """The API app's client id (32 hex digits)."""
    return hashlib.md5(f"ats-harness:dropbox_sign:app:{tenant}".encode()).hexdigest()


def authenticate(fake: DropboxSignFake, request: Request) -> str:
    header = request.header("authorization") or ""
    scheme, _, credentials = header.partition(" ")
    settings = fake.hub.settings
    if scheme.lower() == "basic":
        try:
            user = base64.b64decode(credentials.strip(), validate=True).decode("utf-8").partition(":")[0]
        except (binascii.Error, UnicodeDecodeError):
            raise DropboxSignError(401) from None
        for tenant in fake.tenants():
            if hmac.compare_digest(user.encode(), api_key(settings, tenant).encode()):
                return tenant
        raise DropboxSignError(401, "Unauthorized user. The API key is not valid.")
    if scheme.lower() == "bearer" and settings.get("dropbox_sign.access_token"):
        if hmac.compare_digest(credentials.strip().encode(), str(settings["dropbox_sign.access_token"]).encode()):
            return "default"
        raise DropboxSignError(401, "Unauthorized user. The access token is not valid.")
    raise DropboxSignError(401)
