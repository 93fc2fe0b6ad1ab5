"""Connect webhooks: payloads, HMAC (checked with our own implementation of
DocuSign's documented scheme), account-level vs per-envelope configuration,
and retries on the virtual clock."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
from typing import Any
from xml.etree import ElementTree

import jsonschema
import pytest

from fakes.world import World

from .conftest import SCHEMAS, Client, Receiver, check_connect_messages, event_of, offer_definition

DAY = 24 * 3600


def docusign_signature(key: str, body: bytes) -> str:
    """developers.docusign.com/platform/webhooks/connect/validate: base64(HMAC-SHA256(key, raw body))."""
    return base64.b64encode(hmac.new(key.encode("utf-8"), body, hashlib.sha256).digest()).decode("ascii")


def run_journey(world: World, envelope_id: str) -> None:
    world.act("esign.view", envelope_id=envelope_id, role="Hiring Manager")
    world.act("esign.sign", envelope_id=envelope_id, role="Hiring Manager")
    world.act("esign.view", envelope_id=envelope_id, role="Candidate")
    world.act("esign.sign", envelope_id=envelope_id, role="Candidate")


def wait_for(world: World, receiver: Receiver, count: int) -> None:
    """Until ``count`` messages arrived and the dispatcher has recorded every answer."""
    arrived = world.wait_until(lambda: len(receiver.received) >= count and world.hub.dispatcher.active == 0, 10)
    assert arrived, f"only {len(receiver.received)} of {count} arrived"


JOURNEY_EVENTS = [
    "envelope-sent",
    "recipient-sent",
    "recipient-delivered",
    "recipient-completed",
    "recipient-sent",
    "recipient-delivered",
    "envelope-delivered",
    "recipient-completed",
    "envelope-completed",
]


def test_account_level_connect_sends_every_event_signed_with_data(
    world: World, ds: Client, env: dict[str, str], receiver: Receiver
) -> None:
    world.hub.settings["docusign.connect_url"] = receiver.url()
    envelope_id = ds.create(offer_definition(ds.template_id()))["envelopeId"]
    run_journey(world, envelope_id)
    wait_for(world, receiver, len(JOURNEY_EVENTS))
    assert [d.event for d in world.hub.dispatcher.deliveries(fake="docusign")] == JOURNEY_EVENTS
    assert sorted(receiver.events()) == sorted(JOURNEY_EVENTS)
    for message in receiver.received:
        headers, body = message["headers"], message["body"]
        assert headers["x-docusign-signature-1"] == docusign_signature(env["DOCUSIGN_HMAC_KEY"], body)
        assert headers["x-authorization-digest"] == "HMACSHA256"
        assert "x-docusign-signature-2" not in headers
        payload = json.loads(body)
        assert (payload["apiVersion"], payload["retryCount"], payload["configurationId"]) == ("v2.1", 0, 10501)
        assert payload["uri"] == f"/restapi/v2.1/accounts/{env['DOCUSIGN_ACCOUNT_ID']}/envelopes/{envelope_id}"
        assert payload["data"]["accountId"] == env["DOCUSIGN_ACCOUNT_ID"]
        assert payload["data"]["userId"] == env["DOCUSIGN_USER_ID"]
        fields = payload["data"]["envelopeSummary"]["customFields"]["textCustomFields"]
        assert {f["name"]: f["value"] for f in fields}["greenhouse_application_id"] == "4001"
    completed = next(json.loads(m["body"]) for m in receiver.received if b'"envelope-completed"' in m["body"])
    summary = completed["data"]["envelopeSummary"]
    assert summary["status"] == "completed" and summary["completedDateTime"].endswith("Z")
    candidate = summary["recipients"]["signers"][1]
    assert {t["tabLabel"]: t["value"] for t in candidate["tabs"]["textTabs"]}["salary"] == "103000.00"
    recipient_sent = [json.loads(m["body"]) for m in receiver.received if b'"recipient-sent"' in m["body"]]
    assert sorted(p["data"]["recipientId"] for p in recipient_sent) == ["1", "2"]
    assert check_connect_messages(world) == len(JOURNEY_EVENTS)


def test_a_second_hmac_key_adds_a_second_signature(world: World, ds: Client, receiver: Receiver) -> None:
    world.hub.settings.update({"docusign.connect_url": receiver.url(), "docusign.hmac_key_2": "second-key"})
    ds.create(offer_definition(ds.template_id()))
    wait_for(world, receiver, 2)
    for message in receiver.received:
        first_key = world.hub.settings["docusign.hmac_key"]
        assert message["headers"]["x-docusign-signature-1"] == docusign_signature(first_key, message["body"])
        assert message["headers"]["x-docusign-signature-2"] == docusign_signature("second-key", message["body"])
        assert message["headers"]["x-docusign-signature-2"] != docusign_signature(first_key, message["body"])


def test_envelope_event_notification_gets_only_what_it_asked_for(
    world: World, ds: Client, receiver: Receiver
) -> None:
    """eSignature v2.1 spec connectEventData: restv2.1 is JSON, includeData defaults to [] (event data only)."""
    bare = offer_definition(ds.template_id(), eventNotification={
        "url": receiver.url("/bare"), "events": ["envelope-completed"], "includeHMAC": "false",
        "eventData": {"version": "restv2.1"}})
    rich = offer_definition(ds.template_id(), eventNotification={
        "url": receiver.url("/rich"), "requireAcknowledgment": "true", "includeHMAC": "true",
        "envelopeEvents": [{"envelopeEventStatusCode": "Completed"}],
        "recipientEvents": [{"recipientEventStatusCode": "Completed"}],
        "eventData": {"version": "restv2.1", "format": "json", "includeData": ["recipients", "custom_fields"]}})
    for body in (bare, rich):
        run_journey(world, ds.create(body)["envelopeId"])
    wait_for(world, receiver, 4)
    assert receiver.events("/bare") == ["envelope-completed"]
    assert sorted(receiver.events("/rich")) == ["envelope-completed", "recipient-completed", "recipient-completed"]
    (bare_message,) = [m for m in receiver.received if m["path"] == "/bare"]
    assert bare_message["headers"]["content-type"].startswith("application/json")
    assert not any(h.startswith("x-docusign-signature") for h in bare_message["headers"])
    bare_data = json.loads(bare_message["body"])["data"]
    assert set(bare_data) == {"accountId", "userId", "envelopeId"}  # the event data, nothing else
    assert "configurationId" not in json.loads(bare_message["body"])
    for message in (m for m in receiver.received if m["path"] == "/rich"):
        key = world.hub.settings["docusign.hmac_key"]
        assert message["headers"]["x-docusign-signature-1"] == docusign_signature(key, message["body"])
        summary = json.loads(message["body"])["data"]["envelopeSummary"]
        assert "customFields" in summary
        assert all("tabs" not in s for s in summary["recipients"]["signers"])  # tabs were not asked for


def test_no_event_data_is_the_legacy_xml_message(world: World, ds: Client, receiver: Receiver) -> None:
    """No eventData: version legacy, whose only format is XML (spec connectEventData)."""
    body = offer_definition(ds.template_id(), eventNotification={
        "url": receiver.url("/legacy"), "events": ["envelope-sent", "envelope-completed"], "includeHMAC": "true"})
    envelope_id = ds.create(body)["envelopeId"]
    run_journey(world, envelope_id)
    wait_for(world, receiver, 2)
    # Each event is its own delivery, sent on its own: they may arrive in either order.
    assert sorted(receiver.events("/legacy")) == ["legacy:Completed", "legacy:Sent"]
    completed = next(r for r in receiver.received if event_of(r["body"]) == "legacy:Completed")
    assert completed["headers"]["content-type"].startswith("text/xml")
    key = world.hub.settings["docusign.hmac_key"]
    assert completed["headers"]["x-docusign-signature-1"] == docusign_signature(key, completed["body"])
    ns = "{http://www.docusign.net/API/3.0}"
    status = ElementTree.fromstring(completed["body"]).find(f"{ns}EnvelopeStatus")
    assert status.findtext(f"{ns}EnvelopeID") == envelope_id
    recipients = status.findall(f"{ns}RecipientStatuses/{ns}RecipientStatus")
    assert [r.findtext(f"{ns}Status") for r in recipients] == ["Completed", "Completed"]
    salary = next(t for t in recipients[1].iter(f"{ns}TabStatus") if t.findtext(f"{ns}TabLabel") == "salary")
    assert salary.findtext(f"{ns}TabValue") == "103000.00"
    fields = {f.findtext(f"{ns}Name"): f.findtext(f"{ns}Value") for f in status.iter(f"{ns}CustomField")}
    assert fields["greenhouse_application_id"] == "4001"


def test_account_level_connect_can_be_legacy_xml(world: World, ds: Client, receiver: Receiver) -> None:
    world.hub.settings.update({"docusign.connect_url": receiver.url(), "docusign.connect_version": "legacy",
                               "docusign.connect_events": ["envelope-voided"]})
    envelope_id = ds.create(offer_definition(ds.template_id()))["envelopeId"]
    ds.put(f"/envelopes/{envelope_id}", json={"status": "voided", "voidedReason": "Offer rescinded"})
    wait_for(world, receiver, 1)
    assert receiver.events() == ["legacy:Voided"]
    assert b"<VoidReason>Offer rescinded</VoidReason>" in receiver.received[0]["body"]


@pytest.mark.parametrize("event_data", [{"version": "legacy", "format": "json"}, {"version": "rest9"},
                                        {"version": "restv2.1", "format": "csv"}])
def test_impossible_event_data_is_refused(ds: Client, receiver: Receiver, event_data: dict[str, str]) -> None:
    body = offer_definition(ds.template_id(), eventNotification={
        "url": receiver.url(), "events": ["envelope-sent"], "eventData": event_data})
    answer = ds.post("/envelopes", json=body)
    assert answer.status_code == 400 and answer.json()["errorCode"] == "INVALID_REQUEST_PARAMETER"


def test_account_and_envelope_configurations_both_receive(world: World, ds: Client, receiver: Receiver) -> None:
    world.hub.settings["docusign.connect_url"] = receiver.url("/account")
    body = offer_definition(ds.template_id(), eventNotification={"url": receiver.url("/envelope"),
                                                                 "events": ["envelope-voided", "envelope-created"]})
    body["status"] = "created"
    envelope_id = ds.create(body)["envelopeId"]
    ds.put(f"/envelopes/{envelope_id}", json={"status": "sent"})
    ds.put(f"/envelopes/{envelope_id}", json={"status": "voided", "voidedReason": "Offer rescinded"})
    wait_for(world, receiver, 5)
    assert receiver.events("/envelope") == ["legacy:Created", "legacy:Voided"]  # no eventData: legacy XML
    assert sorted(receiver.events("/account")) == ["envelope-sent", "envelope-voided", "recipient-sent"]
    voided = next(json.loads(m["body"]) for m in receiver.received if m["path"] == "/account"
                  and b"envelope-voided" in m["body"])
    assert voided["data"]["envelopeSummary"]["voidedReason"] == "Offer rescinded"


def test_unacknowledged_messages_are_retried_every_24_virtual_hours(
    world: World, ds: Client, env: dict[str, str], receiver: Receiver
) -> None:
    world.hub.settings.update({"docusign.connect_url": receiver.url(), "docusign.connect_events": ["envelope-voided"]})
    envelope_id = ds.create(offer_definition(ds.template_id()))["envelopeId"]
    receiver.statuses = [503, 500]
    ds.put(f"/envelopes/{envelope_id}", json={"status": "voided", "voidedReason": "x"})
    (delivery,) = world.hub.dispatcher.deliveries(fake="docusign")
    assert world.wait_until(lambda: delivery.state == "retrying", 10)
    world.hub.clock.advance(DAY - 1)
    assert len(receiver.received) == 1 and delivery.state == "retrying"  # not yet due
    world.hub.clock.advance(1)
    assert world.wait_until(lambda: delivery.state == "retrying" and len(delivery.attempts) == 2, 10)
    world.hub.clock.advance(DAY)
    assert world.wait_until(lambda: delivery.state == "delivered", 10)
    bodies = [m["body"] for m in receiver.received]
    assert [json.loads(b)["retryCount"] for b in bodies] == [0, 1, 2]
    assert len(set(bodies)) == 3  # the retry count is in the signed bytes
    for message in receiver.received:
        assert message["headers"]["x-docusign-signature-1"] == docusign_signature(env["DOCUSIGN_HMAC_KEY"],
                                                                                  message["body"])
    assert [a["status"] for a in delivery.attempts] == [503, 500, 200]


def test_retries_stop_after_ten(world: World, ds: Client, receiver: Receiver) -> None:
    world.hub.settings.update({"docusign.connect_url": receiver.url(), "docusign.connect_events": ["envelope-sent"]})
    receiver.statuses = [500] * 11
    ds.create(offer_definition(ds.template_id()))
    (delivery,) = world.hub.dispatcher.deliveries(fake="docusign")
    for attempt in range(1, 11):
        assert world.wait_until(lambda n=attempt: len(delivery.attempts) == n and delivery.next_at, 10)
        world.hub.clock.advance(DAY)
    assert world.wait_until(lambda: delivery.state == "failed", 10)
    assert len(receiver.received) == 11
    assert json.loads(receiver.received[-1]["body"])["retryCount"] == 10
    assert world.hub.clock.pending_timers() == 0


def test_no_retry_without_require_acknowledgment(world: World, ds: Client, receiver: Receiver) -> None:
    world.hub.settings["docusign.connect_require_ack"] = False
    world.hub.settings["docusign.connect_url"] = receiver.url()
    world.hub.settings["docusign.connect_events"] = ["envelope-sent"]
    body = offer_definition(ds.template_id(), eventNotification={"url": receiver.url("/env"),
                                                                 "events": ["envelope-sent"]})
    receiver.statuses = [500, 500]
    ds.create(body)
    assert world.wait_until(
        lambda: [d.state for d in world.hub.dispatcher.deliveries(fake="docusign")] == ["failed", "failed"], 10)
    assert world.hub.clock.pending_timers() == 0


def test_declined_journey_messages_match_their_schemas(world: World, ds: Client, receiver: Receiver) -> None:
    world.hub.settings["docusign.connect_url"] = receiver.url()
    envelope_id = ds.create(offer_definition(ds.template_id()))["envelopeId"]
    world.act("esign.sign", envelope_id=envelope_id, role="Hiring Manager")
    world.act("esign.decline", envelope_id=envelope_id, role="Candidate", reason="Accepted another offer")
    wait_for(world, receiver, 7)
    assert check_connect_messages(world) == 7
    declined = next(json.loads(m["body"]) for m in receiver.received if b'"envelope-declined"' in m["body"])
    candidate = declined["data"]["envelopeSummary"]["recipients"]["signers"][1]
    assert (candidate["status"], candidate["declinedReason"]) == ("declined", "Accepted another offer")


@pytest.mark.parametrize(("path", "value"), [(("event",), "envelope-sent"), (("data", "envelopeId"), "not-a-guid"),
                                             (("retryCount",), "0")])
def test_the_schemas_reject_a_wrong_message(world: World, ds: Client, receiver: Receiver, path: tuple[str, ...],
                                            value: Any) -> None:
    world.hub.settings["docusign.connect_url"] = receiver.url()
    envelope_id = ds.create(offer_definition(ds.template_id()))["envelopeId"]
    world.act("esign.void", envelope_id=envelope_id, reason="x")
    wait_for(world, receiver, 3)
    message = next(json.loads(m["body"]) for m in receiver.received if b'"envelope-voided"' in m["body"])
    schema = json.loads((SCHEMAS / "envelope-voided.schema.json").read_text())
    jsonschema.validate(message, schema)
    broken = copy.deepcopy(message)
    target = broken
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
