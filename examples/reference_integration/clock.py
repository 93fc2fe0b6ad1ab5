"""The one place the integration reads the time.

Every timestamp the integration takes (reminder windows, signature
freshness, token expiry, ``received_at`` in reporting) goes through an
``Integration.now`` that defaults to :func:`now`. A harness running the
service in-process hands ``create_app`` its own clock; one running it as a
process can drive this function from outside (libfaketime and friends).
"""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)


def parse_instant(text: str | None) -> datetime | None:
    """An ISO-8601 instant as vendors send it (``Z`` or ``+0000``), in UTC."""
    if not text:
        return None
    instant = datetime.fromisoformat(str(text).strip())
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(UTC)


def iso(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat().replace("+00:00", "Z")
