"""Test-side signing, written from the vendors' documented schemes (not from the SUT's code)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from decimal import Decimal
from typing import Any


def body_of(message: Any) -> bytes:
    """JSON as the vendor puts it on the wire: Decimals as exact numbers, non-ASCII escaped
    (Greenhouse escapes Unicode before signing)."""
    numbers: list[Decimal] = []

    def mark(value: Any) -> Any:
        if isinstance(value, Decimal):
            numbers.append(value)
            return f"__decimal_{len(numbers) - 1}__"
        if isinstance(value, dict):
            return {k: mark(v) for k, v in value.items()}
        if isinstance(value, list):
            return [mark(v) for v in value]
        return value

    text = json.dumps(mark(message))
    for i, number in enumerate(numbers):
        text = text.replace(f'"__decimal_{i}__"', format(number, "f"))
    return text.encode("utf-8")


def greenhouse(secret: str, body: bytes, event_id: str) -> dict[str, str]:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {"Signature": f"sha256 {digest}", "Greenhouse-Event-ID": event_id, "Content-Type": "application/json"}


def bamboohr(private_key: str, body: bytes, timestamp: str) -> dict[str, str]:
    digest = hmac.new(private_key.encode(), body + timestamp.encode(), hashlib.sha256).hexdigest()
    return {"X-BambooHR-Signature": digest, "X-BambooHR-Timestamp": timestamp, "Content-Type": "application/json"}


def docusign(key: str, body: bytes, slot: int = 1) -> dict[str, str]:
    digest = base64.b64encode(hmac.new(key.encode(), body, hashlib.sha256).digest()).decode()
    return {f"X-DocuSign-Signature-{slot}": digest, "Content-Type": "application/json"}


def calendly(signing_key: str, body: bytes, t: int) -> dict[str, str]:
    digest = hmac.new(signing_key.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return {"Calendly-Webhook-Signature": f"t={t},v1={digest}", "Content-Type": "application/json"}
