"""Layer 3: the offer letter envelope, and the signature outcome written back."""

from __future__ import annotations

from decimal import Decimal

from refint_helpers import offer_payload

PATCH_OFFER = r"/v3/offers/20101"


def approve(sut, app_id: int = 101, event_id: str | None = None, offer_id: int | None = None):
    return sut.greenhouse("offer_approved", offer_payload(app_id, offer_id), event_id=event_id)


def only_envelope(sut) -> dict:
    [envelope] = sut.world.envelopes.values()
    return envelope["definition"]


def test_envelope_is_built_exactly_from_greenhouse(sut):
    sut.world.add_application(101, salary=Decimal("103000.00"), hours=Decimal("37.5"))
    approve(sut)
    definition = only_envelope(sut)
    assert definition["templateId"] == "tpl-offer" and definition["status"] == "sent"
    manager, candidate = definition["templateRoles"]
    assert manager == {
        "roleName": "Hiring Manager",
        "name": "Hana Manager",
        "email": "hana@example.com",
        "routingOrder": "1",
    }
    assert (candidate["roleName"], candidate["name"], candidate["email"], candidate["routingOrder"]) == (
        "Candidate",
        "Zoë O'Brien-Nuñez",
        "zoe@example.com",
        "2",
    )
    tabs = {t["tabLabel"]: t["value"] for t in candidate["tabs"]["textTabs"]}
    assert tabs == {
        "candidate_name": "Zoë O'Brien-Nuñez",
        "job_title": "Staff Engineer",
        "department": "Engineering",
        "start_date": "2026-04-15",
        "salary": "103000.00",
        "currency": "USD",
        "pay_period": "year",
        "employment_type": "Full-time",
        "hours_per_week": "37.5",
        "hiring_manager": "Hana Manager",
    }
    assert tabs["candidate_name"].encode() == "Zoë O'Brien-Nuñez".encode()  # NFC bytes, unchanged
    assert all(t["locked"] == "true" for t in candidate["tabs"]["textTabs"])
    assert definition["customFields"] == {
        "textCustomFields": [
            {"name": "greenhouse_application_id", "value": "101"},
            {"name": "greenhouse_offer_id", "value": "20101"},
        ]
    }
    notification = definition["eventNotification"]
    assert notification["url"] == "http://sut.test/webhooks/docusign"
    assert (notification["requireAcknowledgment"], notification["includeHMAC"]) == ("true", "true")
    assert notification["eventData"] == {
        "version": "restv2.1",
        "format": "json",
        "includeData": ["custom_fields", "recipients"],
    }
    assert [e["envelopeEventStatusCode"] for e in notification["envelopeEvents"]] == ["completed", "declined", "voided"]


def test_approval_writes_sent_back_and_emails_the_offer(sut):
    sut.world.add_application(101)
    approve(sut)
    assert [c.body for c in sut.world.called("greenhouse", "PATCH", PATCH_OFFER)] == [
        {"custom_fields": [{"name_key": "signature_status", "value": "sent"}]}
    ]
    assert sut.world.called("greenhouse", "PATCH", PATCH_OFFER)[0].headers["On-Behalf-Of"] == "4242"
    [mail] = sut.outbox.touchpoints("offer")
    assert mail["subject"] == "Your offer from Example Corp" and mail["to"] == "zoe@example.com"


def test_duplicate_approval_creates_one_envelope(sut):
    sut.world.add_application(101)
    approve(sut, event_id="e1")
    approve(sut, event_id="e1")
    approve(sut, event_id="e2")
    assert len(sut.world.envelopes) == 1 and len(sut.outbox.touchpoints("offer")) == 1


def test_new_offer_version_voids_the_old_envelope(sut):
    sut.world.add_application(101)
    approve(sut, offer_id=1)
    approve(sut, offer_id=2)
    first, second = sut.world.envelopes.values()
    assert (first["status"], second["status"]) == ("voided", "sent")


def test_unparseable_salary_is_held_with_an_alert(sut):
    sut.world.add_application(101, salary="one hundred grand")
    approve(sut)
    assert sut.world.envelopes == {} and sut.outbox.touchpoints("offer") == []
    [alert] = sut.world.slack_messages
    assert "application 101" in alert and "salary 'one hundred grand'" in alert
    assert sut.outbox.alerts()[0]["body"] == alert


def test_missing_required_field_is_held(sut):
    sut.world.add_application(101, omit=("pay_period",))
    approve(sut)
    assert sut.world.envelopes == {}
    assert "pay_period None" in sut.world.slack_messages[0]


def test_docusign_failure_alerts_and_writes_nothing_back(sut):
    sut.world.add_application(101)
    sut.world.fail("POST", "/envelopes", 400)
    approve(sut)
    assert sut.world.called("greenhouse", "PATCH", PATCH_OFFER) == [] and sut.outbox.touchpoints("offer") == []
    assert "application 101" in sut.world.slack_messages[0] and "envelope not created" in sut.world.slack_messages[0]


def test_completed_and_declined_are_written_back_with_a_note(sut):
    sut.world.add_application(101)
    sut.world.add_application(102)
    approve(sut, 101)
    approve(sut, 102)
    env_101, env_102 = sut.world.envelopes
    sut.docusign(env_101, "completed", 101)
    sut.docusign(env_101, "completed", 101)  # Connect redelivers
    sut.docusign(env_102, "declined", 102)
    values = [
        c.body["custom_fields"][0]["value"]
        for c in sut.world.called("greenhouse", "PATCH", r"/v3/offers/\d+")
    ]
    assert values == ["sent", "sent", "completed", "declined"]
    notes = [c.body["body"] for c in sut.world.called("greenhouse", "POST", r"/v3/notes")]
    assert notes == [
        f"Offer letter signed (DocuSign envelope {env_101})",
        f"Offer letter declined (DocuSign envelope {env_102})",
    ]
    assert sut.kpis()["offer_acceptance_rate"] == "0.5000"


def test_connect_without_custom_fields_is_matched_by_envelope_id(sut):
    sut.world.add_application(101)
    approve(sut)
    [envelope_id] = sut.world.envelopes
    sut.docusign(envelope_id, "completed")
    assert sut.world.called("greenhouse", "PATCH", PATCH_OFFER)[-1].body["custom_fields"][0]["value"] == "completed"


def test_outcome_the_ats_refuses_is_alerted_not_retried_forever(sut):
    sut.world.add_application(101)
    approve(sut)
    [envelope_id] = sut.world.envelopes
    sut.world.fail("PATCH", r"/v3/offers/20101", 422)
    assert sut.docusign(envelope_id, "completed", 101).status_code == 200
    [alert] = sut.world.slack_messages
    assert "application 101" in alert and "signature_status not written back" in alert and "422" in alert
