"""Verifying inbound web hooks, one function per vendor's documented scheme.

Each takes the raw body bytes exactly as received (never a re-serialised
dict) and answers True or False; the caller rejects with 401 before looking
at the payload. ``max_age`` None skips the freshness check.
"""

from __future__ import annotations

import base64
import email.parser
import email.policy
import hashlib
import hmac
import json
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


def dropbox_sign_event(headers: Mapping[str, str], body: bytes) -> dict | None:
    """The event of a Dropbox Sign callback: the JSON in the multipart field ``json`` (None if absent)."""
    content_type = headers.get("content-type") or ""
    try:
        if content_type.lower().startswith("multipart/form-data"):
            message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                f"Content-Type: {content_type}\r\n\r\n".encode() + body)
            parts = [p for p in message.iter_parts() if p.get_param("name", header="content-disposition") == "json"]
            if len(parts) != 1:
                return None
            found = json.loads(parts[0].get_payload(decode=True) or b"")
        else:
            found = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    return found if isinstance(found, dict) else None


def dropbox_sign(api_key: str, headers: Mapping[str, str], body: bytes) -> bool:
    """``event.event_hash`` = hex HMAC-SHA256(API key, event_time + event_type), inside the body."""
    message = dropbox_sign_event(headers, body)
    event = message.get("event") if message else None
    if not api_key or not isinstance(event, dict):
        return False
    signed = f"{event.get('event_time') or ''}{event.get('event_type') or ''}".encode()
    return hmac.compare_digest(str(event.get("event_hash") or "").lower(), _hmac(api_key, signed).hex())
