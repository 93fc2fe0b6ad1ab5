"""DocuSign Connect: messages for envelope and recipient events, signed with
the account's Connect HMAC keys, retried on the virtual clock.

Two sources of messages, as with DocuSign:

- the account-level Connect configuration (an admin screen):
  ``hub.settings["docusign.connect_url"]`` receives every event in
  ``settings["docusign.connect_events"]`` (default: all nine below) as JSON
  SIM with the envelope summary, recipients, tabs and custom fields
  (``settings["docusign.connect_include_data"]`` narrows that; the fake's
  stand-in for the configuration's ``includeData``), or, with
  ``settings["docusign.connect_version"] = "legacy"``, as the legacy XML
  message (``legacy.py``);
- an envelope's own ``eventNotification``: its ``events`` (or legacy
  ``envelopeEvents`` / ``recipientEvents``), ``includeHMAC``,
  ``requireAcknowledgment`` and ``eventData`` decide what it gets
  (eSignature v2.1 spec ``connectEventData``): no ``eventData``, or version
  ``legacy``, is the legacy XML message; version ``restv2.1`` is JSON SIM
  whose ``data`` holds the event data only (account, user, envelope and
  recipient ids) unless ``includeData`` names what to add (``recipients``,
  ``tabs``, ``custom_fields``; ``documents`` are never sent by this fake).

Signing (developers.docusign.com/platform/webhooks/connect/validate):
``X-DocuSign-Signature-1`` = base64(HMAC-SHA256(key, the exact body bytes)),
one header per active key (``-2`` for ``settings["docusign.hmac_key_2"]``),
plus ``X-Authorization-Digest: HMACSHA256``.

Retries: a delivery that is not acknowledged (a non-2xx answer) is retried
only when acknowledgement is required. The SDK's
``ConnectCustomConfiguration.requires_acknowledgement`` doc says a failed
message goes back into the queue, later retries come at least 24 hours after
the previous one, and there are at most ten; this fake retries every 24
virtual hours, ten times. ``retryCount`` in the body counts the retries.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ...kit import jsonx
from ...kit.hub import DomainEvent
from ...kit.webhooks import Delivery, Signer
from . import serialize
from .auth import account_id, sender, user_id
from .legacy import CONTENT_TYPE as LEGACY_CONTENT_TYPE
from .legacy import message as legacy_message
from .parse import ENVELOPE_EVENTS, RECIPIENT_EVENTS

if TYPE_CHECKING:
    from .fake import DocuSignFake

RETRY_SCHEDULE = (24 * 3600.0,) * 10
ALL_EVENTS = (*ENVELOPE_EVENTS, *RECIPIENT_EVENTS)
ACCOUNT_INCLUDE_DATA = ("recipients", "custom_fields", "tabs")
DEFAULT_CONFIGURATION_ID = 10501


def default_hmac_key(n: int = 1) -> str:
    """A deterministic key shaped like DocuSign's (base64 of 32 bytes)."""
    return base64.b64encode(hashlib.sha256(f"ats-harness:docusign:connect-hmac-{n}".encode()).digest()).decode()


class ConnectDelivery(Delivery):
    """A delivery whose body carries its own retry count.

    The kit's dispatcher reads ``body`` when it signs and sends each attempt,
    so rendering it from the attempts made so far puts ``retryCount`` in the
    body (and under the signature) the way Connect does, without changing
    the kit.
    """

    def __init__(self, payload: dict[str, Any], **kwargs: Any) -> None:
        self.payload = payload
        super().__init__(body=b"", **kwargs)

    def _current_body(self) -> bytes:
        return self.attempt_body(len(self.attempts))

    def _ignore_body(self, value: bytes) -> None:
        """The dataclass __init__ assigns ``body``; the payload is the source, so the value is dropped."""

    body = property(_current_body, _ignore_body)  # type: ignore[assignment]

    def attempt_body(self, retry_count: int) -> bytes:
        """The exact bytes of the attempt made after ``retry_count`` failed ones."""
        payload = dict(self.payload)
        payload["retryCount"] = retry_count
        return jsonx.dumps(payload)


def signer(fake: DocuSignFake) -> Signer:
    """Headers for one attempt: a signature per configured Connect key, over that attempt's exact body."""
    settings = fake.hub.settings

    def sign(body: bytes, now: datetime) -> dict[str, str]:
        headers = {"X-Authorization-Digest": "HMACSHA256"}
        for n, key in enumerate((settings.get("docusign.hmac_key"), settings.get("docusign.hmac_key_2")), start=1):
            if key:
                digest = hmac.new(str(key).encode("utf-8"), body, hashlib.sha256).digest()
                headers[f"X-DocuSign-Signature-{n}"] = base64.b64encode(digest).decode("ascii")
        return headers

    return sign


class WebhookSender:
    """Connect for one fake: ``on_event`` is subscribed to the e-signature model's events."""

    def __init__(self, fake: DocuSignFake) -> None:
        self.fake = fake

    def on_event(self, event: DomainEvent) -> None:
        publish(self.fake, event)


def publish(fake: DocuSignFake, event: DomainEvent) -> None:
    """Turn one model event into the Connect messages it triggers."""
    name = event.kind.replace(".", "-")  # envelope-created (a draft) goes only where it is asked for
    model = fake.hub.model("esign", event.tenant)
    envelope = model.get_envelope(event.data["envelope_id"])
    settings = fake.hub.settings
    url = settings.get("docusign.connect_url")
    if url and name in _names(settings.get("docusign.connect_events"), ALL_EVENTS):
        include = _names(settings.get("docusign.connect_include_data"), ACCOUNT_INCLUDE_DATA)
        legacy = str(settings.get("docusign.connect_version") or "restv2.1").lower() == "legacy"
        _enqueue(fake, event, name, envelope, str(url), include,
                 hmac_on=bool(settings.get("docusign.connect_include_hmac", True)),
                 retry=bool(settings.get("docusign.connect_require_ack", True)),
                 configuration_id=int(settings.get("docusign.connect_configuration_id", DEFAULT_CONFIGURATION_ID)),
                 legacy=legacy, void_reason=True)
    notification = envelope.get("notification")
    if notification and name in notification["events"]:
        _enqueue(fake, event, name, envelope, notification["url"], tuple(notification["include_data"]),
                 hmac_on=notification["include_hmac"], retry=notification["require_acknowledgment"],
                 configuration_id=None, legacy=notification.get("version", "restv2.1") == "legacy",
                 void_reason=bool(notification.get("include_void_reason")))


def _names(value: Any, default: tuple[str, ...]) -> tuple[str, ...]:
    """A setting that lists names, given as a list or a comma-separated string."""
    if not value:
        return default
    items = value.split(",") if isinstance(value, str) else value
    return tuple(str(item).strip() for item in items if str(item).strip())


def _enqueue(
    fake: DocuSignFake,
    event: DomainEvent,
    name: str,
    envelope: dict[str, Any],
    url: str,
    include: tuple[str, ...],
    hmac_on: bool,
    retry: bool,
    configuration_id: int | None,
    legacy: bool = False,
    void_reason: bool = False,
) -> None:
    common: dict[str, Any] = {
        "fake": fake.name,
        "event": name,
        "url": url,
        "signer": signer(fake) if hmac_on else None,
        "schedule": RETRY_SCHEDULE if retry else (),
        "tenant": event.tenant,
        "key": f"envelope:{envelope['id']}",
    }
    if legacy:
        body = legacy_message(envelope, sender(event.tenant), fake.hub.clock.now(), void_reason=void_reason)
        fake.hub.dispatcher.enqueue(Delivery(body=body, headers={"Content-Type": LEGACY_CONTENT_TYPE}, **common))
        return
    fake.hub.dispatcher.enqueue(
        ConnectDelivery(
            payload(event, name, envelope, include, configuration_id, fake.hub.clock.now()),
            headers={"Content-Type": "application/json; charset=utf-8"},
            **common,
        )
    )


def payload(
    event: DomainEvent,
    name: str,
    envelope: dict[str, Any],
    include: tuple[str, ...],
    configuration_id: int | None,
    now: datetime,
) -> dict[str, Any]:
    """The JSON SIM message (``retryCount`` is filled per attempt)."""
    account = account_id(event.tenant)
    data: dict[str, Any] = {"accountId": account, "userId": user_id(event.tenant), "envelopeId": envelope["id"]}
    if "recipient_id" in event.data:
        data["recipientId"] = event.data["recipient_id"]
    if include:
        summary = serialize.envelope(envelope, sender(event.tenant), include=set(include))
        summary.pop("envelopeDocuments", None)  # document bytes are not part of this fake's messages
        data["envelopeSummary"] = summary
    message: dict[str, Any] = {
        "event": name,
        "apiVersion": "v2.1",
        "uri": f"/restapi/v2.1/accounts/{account}/envelopes/{envelope['id']}",
        "retryCount": 0,
    }
    if configuration_id is not None:
        message["configurationId"] = configuration_id
    message["generatedDateTime"] = serialize.ds_time(now.astimezone(UTC))
    message["data"] = data
    return message
