"""Dropbox Sign callbacks: the multipart ``json`` field, ``event_hash`` checked with the
official SDK's own helper, the "Hello API Event Received" acknowledgement and the retry
schedule on the virtual clock, and the harness's chaos reaching the hash in the body."""

from __future__ import annotations

import base64
import email.parser
import email.policy
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests

from fakes.esign.dropboxsign.webhooks import RETRY_SCHEDULE
from fakes.world import World

ACK = b"Hello API Event Received"


class Receiver:
    """Records each POST; answers 200 with the queued body (the acknowledgement by default)."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.answers: list[bytes] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.received.append({"headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
                answer = receiver.answers.pop(0) if receiver.answers else ACK
                self.send_response(200)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/callbacks"

    def events(self) -> list[dict[str, Any]]:
        return [json_field(r["headers"]["content-type"], r["body"]) for r in self.received]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def json_field(content_type: str, body: bytes) -> dict[str, Any]:
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    (part,) = [p for p in message.iter_parts() if p.get_param("name", header="content-disposition") == "json"]
    return dict(json.loads(part.get_payload(decode=True)))


@pytest.fixture
def world() -> Iterator[World]:
    w = World(seed=5, systems=["esign", "inbox"])
    w.serve(smtp_port=None)
    yield w
    w.stop()
    assert w.hub.errors == []


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


def send(env: dict[str, str], **extra: Any) -> str:
    auth = "Basic " + base64.b64encode(f"{env['DROPBOX_SIGN_API_KEY']}:".encode()).decode()
    base = env["DROPBOX_SIGN_BASE_URL"] + "/v3"
    (template,) = requests.get(base + "/template/list", params={"query": "Offer Letter"},
                               headers={"Authorization": auth}, timeout=10).json()["templates"]
    body = {"template_ids": [template["template_id"]],
            "signers": [{"role": "Hiring Manager", "name": "Hank Manager", "email_address": "hank@acme.example"},
                        {"role": "Candidate", "name": "Ada Lovelace", "email_address": "ada@candidates.example"}],
            "metadata": {"greenhouse_application_id": "4001"}, **extra}
    answer = requests.post(base + "/signature_request/send_with_template", json=body, headers={"Authorization": auth},
                           timeout=10)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["signature_request"]["signature_request_id"])


def test_a_signed_journey_reports_each_event_verifiable_with_the_sdk_helper(world: World, receiver: Receiver) -> None:
    sdk = pytest.importorskip("dropbox_sign")
    from dropbox_sign.models import EventCallbackRequest
    world.hub.settings["dropbox_sign.callback_url"] = receiver.url()
    env = world.contract_env()
    request_id = send(env)
    world.act("esign.sign", envelope_id=request_id, role="Hiring Manager")
    world.act("esign.sign", envelope_id=request_id, role="Candidate")
    assert world.wait_until(lambda: world.hub.dispatcher.active == 0 and len(receiver.received) >= 6, 10)
    events = receiver.events()
    sent = [d.event for d in world.hub.dispatcher.deliveries(fake="dropbox_sign")]
    assert sorted(e["event"]["event_type"] for e in events) == sorted(sent)
    assert sent == [
        "signature_request_sent", "signature_request_viewed", "signature_request_signed",
        "signature_request_viewed", "signature_request_signed", "signature_request_all_signed",
        "signature_request_downloadable"]
    for e in events:
        callback = EventCallbackRequest.init(e)
        assert sdk.EventCallbackHelper.is_valid(env["DROPBOX_SIGN_API_KEY"], callback)
        assert not sdk.EventCallbackHelper.is_valid("0" * 64, callback)
        assert callback.signature_request.metadata == {"greenhouse_application_id": "4001"}
    (last,) = [e["signature_request"] for e in events if e["event"]["event_type"] == "signature_request_all_signed"]
    assert last["is_complete"] is True and [s["status_code"] for s in last["signatures"]] == ["signed", "signed"]


def test_a_callback_without_the_acknowledgement_is_retried_on_the_documented_schedule(
    world: World, receiver: Receiver
) -> None:
    world.hub.settings["dropbox_sign.callback_url"] = receiver.url()
    receiver.answers = [b"OK", b"", b"Hello"]  # a 200 is not enough: the body must hold the text
    request_id = send(world.contract_env())
    (delivery,) = world.hub.dispatcher.deliveries(fake="dropbox_sign")
    assert delivery.event == "signature_request_sent" and request_id in delivery.key
    for n, wait in enumerate(RETRY_SCHEDULE[:3], start=1):
        assert world.wait_until(lambda n=n: len(delivery.attempts) == n and delivery.state == "retrying", 10)
        world.hub.clock.advance(wait - 1)
        assert len(delivery.attempts) == n  # not yet due
        world.hub.clock.advance(1)
    assert world.wait_until(lambda: delivery.state == "delivered", 10)
    assert [a["status"] for a in delivery.attempts] == [200, 200, 200, 200]
    assert [bool(a["error"]) for a in delivery.attempts] == [True, True, True, False]
    hashes = {e["event"]["event_hash"] for e in receiver.events()}
    assert len(hashes) == 1  # a retry is the same event: same time, same hash
    assert RETRY_SCHEDULE == (300.0, 900.0, 2700.0, 8100.0, 24300.0, 72900.0)


def test_bad_signature_chaos_spoils_the_event_hash_in_the_body(world: World, receiver: Receiver) -> None:
    sdk = pytest.importorskip("dropbox_sign")
    from dropbox_sign.models import EventCallbackRequest
    world.hub.settings["dropbox_sign.callback_url"] = receiver.url()
    world.hub.dispatcher.add_chaos(kind="bad_signature", fake="dropbox_sign", event="signature_request_sent")
    env = world.contract_env()
    send(env)
    assert world.wait_until(lambda: len(receiver.received) >= 1, 10)
    callback = EventCallbackRequest.init(receiver.events()[0])
    assert not sdk.EventCallbackHelper.is_valid(env["DROPBOX_SIGN_API_KEY"], callback)


def test_app_callback_takes_requests_sent_with_the_client_id(world: World, receiver: Receiver) -> None:
    other = Receiver()
    try:
        world.hub.settings.update({"dropbox_sign.callback_url": other.url(),
                                   "dropbox_sign.app_callback_url": receiver.url()})
        env = world.contract_env()
        send(env, client_id=env["DROPBOX_SIGN_CLIENT_ID"])
        send(env)
        assert world.wait_until(lambda: len(receiver.received) >= 1 and len(other.received) >= 1, 10)
        (app_event,) = receiver.events()
        assert app_event["event"]["event_metadata"]["reported_for_app_id"] == env["DROPBOX_SIGN_CLIENT_ID"]
        assert [e["event"]["event_metadata"]["reported_for_app_id"] for e in other.events()] == [None]
    finally:
        other.close()


def test_an_envelope_sent_through_docusign_is_not_announced_to_the_dropbox_sign_callback(
    world: World, receiver: Receiver
) -> None:
    world.hub.settings["dropbox_sign.callback_url"] = receiver.url()
    (template,) = world.esign.templates("Offer Letter")
    env = world.contract_env()
    answer = requests.post(
        f"{env['DOCUSIGN_BASE_URL']}/restapi/v2.1/accounts/{env['DOCUSIGN_ACCOUNT_ID']}/envelopes",
        headers={"Authorization": f"Bearer {env['DOCUSIGN_ACCESS_TOKEN']}"}, timeout=10,
        json={"templateId": template["id"], "status": "sent", "emailSubject": "Offer",
              "templateRoles": [{"roleName": "Hiring Manager", "name": "Hank", "email": "hank@acme.example"},
                                {"roleName": "Candidate", "name": "Ada", "email": "ada@candidates.example"}]})
    assert answer.status_code == 201, answer.text
    send(env)  # one through Dropbox Sign, which is announced
    assert world.wait_until(lambda: world.hub.dispatcher.active == 0 and len(receiver.received) >= 1, 10)
    assert [d.event for d in world.hub.dispatcher.deliveries(fake="dropbox_sign")] == ["signature_request_sent"]
