"""Dropbox Sign events: a POST of ``multipart/form-data`` whose field ``json``
holds ``{"event": {...}, "signature_request": {...}}``, to the account
callback URL, or to the API app's callback URL for a request sent with the
app's ``client_id``.

Facts and their sources:

- Format: "a multipart ('form/multipart') POST request, with the message
  details in a POST field named 'json'" (hellosign-openapi
  ``markdown/en/tags/callbacks-tag-description.md``).
- ``event``: ``event_time`` (Unix time, a string), ``event_type``,
  ``event_hash``, ``event_metadata`` {``related_signature_id``,
  ``reported_for_account_id``, ``reported_for_app_id``, ``event_message``}
  (spec ``EventCallbackRequestEvent`` / ``...EventMetadata``).
- ``event_hash`` = hex HMAC-SHA256 keyed by the API key over
  ``event_time + event_type`` (SDK ``dropbox_sign.EventCallbackHelper.is_valid``).
- Acknowledgement: the answer must be 200 with a body holding
  "Hello API Event Received" (spec ``components.responses.EventCallbackResponse``;
  app.hellosign.com/api/eventsAndCallbacksWalkthrough: "Otherwise, the
  callback will be considered a failure and will be retried later").
- Retries: up to 6 more attempts, each after 5 min, 15 min, 45 min,
  2 h 15 min, 6 h 45 min, 20 h 15 min (faq.hellosign.com article 115007086247
  "How many times does the HelloSign API retry my callback before disabling
  it?"); on the virtual clock through the kit's dispatcher. Disabling the
  callback URL after the last failure is not modelled.
- Where events go: the account callback (``PUT /v3/account`` ``callback_url``,
  here the setting ``dropbox_sign.callback_url``) gets every event of the
  account; a request sent with a ``client_id`` reports to that app's callback
  (setting ``dropbox_sign.app_callback_url``), which takes priority over the
  account's (developers.hellosign.com glossary "Callbacks & Events": "App-level
  callback URLs take priority over account-level when both are configured").
  A signature request has no callback URL of its own (no ``callback_url`` in
  ``SignatureRequestSendRequest``).

Model events -> event types (spec ``EventCallbackRequestEvent.event_type``):
envelope sent -> ``signature_request_sent``; a signer opens ->
``signature_request_viewed``; a signer signs -> ``signature_request_signed``;
the last signs -> ``signature_request_all_signed`` then
``signature_request_downloadable``; declined -> ``signature_request_declined``;
voided (cancel) -> ``signature_request_canceled``; reminded ->
``signature_request_remind``.

The harness's webhook chaos acts on the body here, as the signature is in
it: ``bad_signature`` spoils ``event_hash``; ``stale`` dates ``event_time``
back (and hashes that time, as a replay would carry).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ...kit import jsonx
from ...kit.hub import DomainEvent
from ...kit.webhooks import Delivery
from . import serialize
from .auth import account_id, api_key

if TYPE_CHECKING:
    from .fake import DropboxSignFake

ACK = b"Hello API Event Received"
RETRY_SCHEDULE = (5 * 60.0, 15 * 60.0, 45 * 60.0, 135 * 60.0, 405 * 60.0, 1215 * 60.0)
BOUNDARY = "----DropboxSignCallbackBoundary7MA4YWxkTrZu0gW"

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "envelope.sent": ("signature_request_sent",),
    "recipient.delivered": ("signature_request_viewed",),
    "recipient.completed": ("signature_request_signed",),
    "recipient.reminded": ("signature_request_remind",),
    "envelope.completed": ("signature_request_all_signed", "signature_request_downloadable"),
    "envelope.declined": ("signature_request_declined",),
    "envelope.voided": ("signature_request_canceled",),
}


def event_hash(key: str, event_time: str, event_type: str) -> str:
    return hmac.new(key.encode("utf-8"), (event_time + event_type).encode("utf-8"), hashlib.sha256).hexdigest()


class CallbackDelivery(Delivery):
    """A delivery rendered per attempt from its payload, so chaos that spoils or dates the
    signature reaches ``event_hash`` inside the body (the kit signs headers only)."""

    def __init__(self, payload: dict[str, Any], api_key: str, **kwargs: Any) -> None:
        self.payload, self.api_key = payload, api_key
        super().__init__(body=b"", **kwargs)

    def _current_body(self) -> bytes:
        event = dict(self.payload["event"])
        if self.stale_seconds:
            event["event_time"] = str(int(event["event_time"]) - int(self.stale_seconds))
        event["event_hash"] = event_hash(self.api_key, event["event_time"], event["event_type"])
        if "bad_signature" in self.chaos:
            event["event_hash"] = event["event_hash"][:-4] + ("0000" if not event["event_hash"].endswith("0000")
                                                              else "ffff")
        return form_body({**self.payload, "event": event})

    def _ignore_body(self, value: bytes) -> None:
        """The dataclass __init__ assigns ``body``; the payload is the source."""

    body = property(_current_body, _ignore_body)  # type: ignore[assignment]


def form_body(payload: dict[str, Any]) -> bytes:
    text = jsonx.dumps(payload)
    return (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"json\"\r\n\r\n").encode() + text + (
        f"\r\n--{BOUNDARY}--\r\n").encode()


def publish(fake: DropboxSignFake, event: DomainEvent) -> None:
    ident = event.data["envelope_id"]
    if fake.sending and ident not in fake.apps:
        fake.apps[ident] = fake.sending_app
    types = EVENT_TYPES.get(event.kind)
    if not types or ident not in fake.apps:  # an envelope not sent through Dropbox Sign is not announced
        return
    if event.kind == "recipient.completed" and event.data.get("recipient_type") != "signer":
        return
    settings = fake.hub.settings
    envelope = fake.hub.world.model("esign", event.tenant).get_envelope(ident)  # type: ignore[attr-defined]
    app = fake.apps[ident]
    url, app_id = None, None
    if app is not None and settings.get("dropbox_sign.app_callback_url"):
        url, app_id = str(settings["dropbox_sign.app_callback_url"]), app
    elif settings.get("dropbox_sign.callback_url"):
        url = str(settings["dropbox_sign.callback_url"])
    if not url:
        return
    now = fake.hub.clock.now()
    request = serialize.signature_request(envelope, event.tenant, fake.hub.origin_of(fake.name))
    related = None
    if "recipient_id" in event.data:
        related = next((r["recipient_guid"] for r in envelope["recipients"]
                        if r["recipient_id"] == event.data["recipient_id"]), None)
    for event_type in types:
        fake.hub.dispatcher.enqueue(CallbackDelivery(
            payload(event_type, now, related, event.tenant, app_id, envelope, request),
            api_key(settings, event.tenant),
            fake=fake.name,
            event=event_type,
            url=url,
            headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
                     "User-Agent": "Dropbox Sign API"},
            schedule=RETRY_SCHEDULE,
            acknowledgement=ACK,
            tenant=event.tenant,
            key=f"signature_request:{envelope['id']}",
        ))


def payload(event_type: str, now: datetime, related: str | None, tenant: str, app_id: str | None,
            envelope: dict[str, Any], request: dict[str, Any]) -> dict[str, Any]:
    message = None
    if event_type == "signature_request_declined":
        message = next((r["declined_reason"] for r in envelope["recipients"] if r["declined_reason"]), None)
    return {
        "event": {
            "event_time": str(int(now.timestamp())),
            "event_type": event_type,
            "event_hash": "",  # computed per attempt
            "event_metadata": {
                "related_signature_id": related,
                "reported_for_account_id": account_id(tenant),
                "reported_for_app_id": app_id,
                "event_message": message,
            },
        },
        "signature_request": request,
    }


