"""Verifying inbound web hooks, one function per vendor's documented scheme.

Each takes the raw body bytes exactly as received (never a re-serialised
dict) and answers True or False; the caller rejects with 401 before looking
at the payload. ``max_age`` None skips the freshness check.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from datetime import datetime, timedelta

from .clock import parse_instant


def _hmac(key: str, message: bytes) -> bytes:
    return hmac.new(key.encode("utf-8"), message, hashlib.sha256).digest()


def _fresh(sent: datetime | None, now: datetime, max_age: timedelta | None) -> bool:
    if max_age is None:
        return True
    return sent is not None and abs(now - sent) <= max_age


def greenhouse(secret: str, headers: Mapping[str, str], body: bytes) -> bool:
    """``Signature: sha256 <hex HMAC-SHA256(secret, body)>``."""
    scheme, _, digest = (headers.get("signature") or "").strip().partition(" ")
    if not secret or scheme.lower() != "sha256" or not digest:
        return False
    return hmac.compare_digest(digest.strip().lower(), _hmac(secret, body).hex())


def bamboohr(
    private_key: str, headers: Mapping[str, str], body: bytes, now: datetime, max_age: timedelta | None
) -> bool:
    """``X-BambooHR-Signature`` = hex HMAC-SHA256(privateKey, body + timestamp)."""
    signature = (headers.get("x-bamboohr-signature") or "").strip().lower()
    stamp = (headers.get("x-bamboohr-timestamp") or "").strip()
    if not private_key or not signature or not stamp:
        return False
    try:
        sent = datetime.fromtimestamp(int(stamp), now.tzinfo) if stamp.isdigit() else parse_instant(stamp)
    except ValueError:
        return False
    expected = _hmac(private_key, body + stamp.encode("utf-8")).hex()
    return hmac.compare_digest(signature, expected) and _fresh(sent, now, max_age)


def docusign(key: str, headers: Mapping[str, str], body: bytes) -> bool:
    """Any ``X-DocuSign-Signature-N`` = base64 HMAC-SHA256(key, body)."""
    if not key:
        return False
    expected = base64.b64encode(_hmac(key, body)).decode("ascii")
    offered = [value.strip() for name, value in headers.items() if name.lower().startswith("x-docusign-signature-")]
    return any(hmac.compare_digest(value, expected) for value in offered)


def calendly(
    signing_key: str, headers: Mapping[str, str], body: bytes, now: datetime, max_age: timedelta | None
) -> bool:
    """``Calendly-Webhook-Signature: t=<unix>,v1=<hex HMAC(key, "<t>." + body)>``."""
    parts: dict[str, list[str]] = {}
    for item in (headers.get("calendly-webhook-signature") or "").split(","):
        name, _, value = item.strip().partition("=")
        parts.setdefault(name, []).append(value.strip())
    stamp, offered = (parts.get("t") or [""])[0], parts.get("v1") or []
    if not signing_key or not stamp.isdigit() or not offered:
        return False
    expected = _hmac(signing_key, stamp.encode("ascii") + b"." + body).hex()
    if not any(hmac.compare_digest(value.lower(), expected) for value in offered):
        return False
    return _fresh(datetime.fromtimestamp(int(stamp), now.tzinfo), now, max_age)
