"""Every web hook endpoint verifies its vendor's signature before anything else."""

from __future__ import annotations

import json

import pytest
import refint_signing as sign
from refint_helpers import application_payload, invitee_payload
from refint_world import BHR_PRIVATE_KEY, ENV


def _greenhouse_body() -> bytes:
    payload = application_payload(101, "Application Review")
    return sign.body_of({"action": "new_candidate_application", "payload": payload})


def test_greenhouse_valid_signature_is_handled(sut):
    body = _greenhouse_body()
    response = sut.client.post(
        "/webhooks/greenhouse", content=body, headers=sign.greenhouse(ENV["GREENHOUSE_WEBHOOK_SECRET"], body, "e1")
    )
    assert response.status_code == 200
    assert [m["subject"] for m in sut.outbox.touchpoints()] == ["We received your application"]


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(lambda body: sign.greenhouse("wrong-secret", body, "e1"), id="wrong-secret"),
        pytest.param(lambda body: {"Greenhouse-Event-ID": "e1"}, id="missing"),
        pytest.param(
            lambda body: {
                "Signature": sign.greenhouse(ENV["GREENHOUSE_WEBHOOK_SECRET"], body, "e1")["Signature"].replace(
                    "sha256 ", "sha256="
                ),
                "Greenhouse-Event-ID": "e1",
            },
            id="wrong-separator",
        ),
        pytest.param(
            lambda body: sign.greenhouse(ENV["GREENHOUSE_WEBHOOK_SECRET"], body + b" ", "e1"), id="other-body"
        ),
    ],
)
def test_greenhouse_bad_signatures_are_401_and_do_nothing(sut, headers):
    body = _greenhouse_body()
    calls_before = len(sut.world.calls)
    response = sut.client.post("/webhooks/greenhouse", content=body, headers=headers(body))
    assert response.status_code == 401
    assert sut.outbox.sent == [] and len(sut.world.calls) == calls_before


def _calendly_body() -> bytes:
    return sign.body_of({"event": "invitee.created", "payload": invitee_payload(101)})


def test_calendly_valid_signature_is_handled(sut):
    sut.world.add_application(101)
    body = _calendly_body()
    t = int(sut.clock.now().timestamp()) - 170  # inside the three minutes
    response = sut.client.post(
        "/webhooks/calendly", content=body, headers=sign.calendly(sut.world.calendly_signing_key, body, t)
    )
    assert response.status_code == 200
    notes = sut.world.called("greenhouse", "POST", r"/v3/notes")
    assert [(c.body["application_id"], c.body["note_type"], c.body["body"]) for c in notes] == [
        (101, "NOTE", "Interview booked: 2026-03-04T15:00:00Z")]


@pytest.mark.parametrize("case", ["wrong-key", "missing", "stale", "tampered"])
def test_calendly_bad_signatures_are_401(sut, case):
    body = _calendly_body()
    now = int(sut.clock.now().timestamp())
    headers = {
        "wrong-key": sign.calendly("not-the-key", body, now),
        "missing": {},
        "stale": sign.calendly(sut.world.calendly_signing_key, body, now - 181),
        "tampered": sign.calendly(sut.world.calendly_signing_key, body.replace(b"101", b"102"), now),
    }[case]
    calls_before = len(sut.world.calls)
    assert sut.client.post("/webhooks/calendly", content=body, headers=headers).status_code == 401
    assert len(sut.world.calls) == calls_before


def _docusign_body() -> bytes:
    return sign.body_of(
        {
            "event": "envelope-completed",
            "data": {
                "envelopeId": "env-x",
                "envelopeSummary": {
                    "status": "completed",
                    "customFields": {"textCustomFields": [{"name": "greenhouse_application_id", "value": "101"}]},
                },
            },
        }
    )


def test_docusign_any_matching_signature_slot_is_accepted(sut):
    sut.world.add_application(101)
    body = _docusign_body()
    headers = {**sign.docusign("an-old-rotated-key", body, slot=1), **sign.docusign(ENV["DOCUSIGN_HMAC_KEY"], body, 2)}
    assert sut.client.post("/webhooks/docusign", content=body, headers=headers).status_code == 200
    assert [c.body for c in sut.world.called("greenhouse", "PATCH", r"/v3/offers/20101")] == [
        {"custom_fields": [{"name_key": "signature_status", "value": "completed"}]}
    ]


@pytest.mark.parametrize("case", ["wrong-key", "missing", "tampered"])
def test_docusign_bad_signatures_are_401(sut, case):
    body = _docusign_body()
    headers = {
        "wrong-key": sign.docusign("nope", body),
        "missing": {},
        "tampered": sign.docusign(ENV["DOCUSIGN_HMAC_KEY"], body[:-1] + b" }"),
    }[case]
    assert sut.client.post("/webhooks/docusign", content=body, headers=headers).status_code == 401
    assert sut.world.writes("greenhouse") == []


def _bamboohr_body() -> bytes:
    return json.dumps(
        {
            "type": "employee.updated",
            "timestamp": "2026-03-02T09:00:00+0000",
            "data": {"companyId": "1", "employeeId": "777", "changedFields": ["payRate"]},
        }
    ).encode()


def test_bamboohr_valid_signature_is_recorded(sut):
    body = _bamboohr_body()
    stamp = str(int(sut.clock.now().timestamp()) - 290)
    assert (
        sut.client.post(
            "/webhooks/bamboohr", content=body, headers=sign.bamboohr(BHR_PRIVATE_KEY, body, stamp)
        ).status_code
        == 200
    )
    assert [e["changed_fields"] for e in sut.integration.state.hr_edits] == [["payRate"]]


def test_bamboohr_iso_timestamps_are_understood(sut):
    body = _bamboohr_body()
    assert (
        sut.client.post(
            "/webhooks/bamboohr", content=body, headers=sign.bamboohr(BHR_PRIVATE_KEY, body, "2026-03-02T08:58:00+0000")
        ).status_code
        == 200
    )


@pytest.mark.parametrize("case", ["wrong-key", "missing", "stale", "timestamp-swapped"])
def test_bamboohr_bad_signatures_are_401(sut, case):
    body = _bamboohr_body()
    now = int(sut.clock.now().timestamp())
    headers = {
        "wrong-key": sign.bamboohr("nope", body, str(now)),
        "missing": {"X-BambooHR-Timestamp": str(now)},
        "stale": sign.bamboohr(BHR_PRIVATE_KEY, body, str(now - 301)),
        "timestamp-swapped": {**sign.bamboohr(BHR_PRIVATE_KEY, body, str(now - 400)), "X-BambooHR-Timestamp": str(now)},
    }[case]
    assert sut.client.post("/webhooks/bamboohr", content=body, headers=headers).status_code == 401
    assert sut.integration.state.hr_edits == []


def test_signed_but_malformed_body_is_400(sut):
    body = b"not json"
    response = sut.client.post(
        "/webhooks/greenhouse", content=body, headers=sign.greenhouse(ENV["GREENHOUSE_WEBHOOK_SECRET"], body, "e9")
    )
    assert response.status_code == 400
