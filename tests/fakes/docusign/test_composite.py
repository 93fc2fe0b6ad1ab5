"""Composite templates, carbon copies and certified deliveries, recipients without a role,
and the template's recipient GUIDs."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from fakes.world import World

from .conftest import Client, Receiver, check_connect_messages

PDF = base64.b64encode(b"%PDF-1.4 addendum").decode()


def composite_offer(template_id: str, **extra: Any) -> dict[str, Any]:
    """The offer template overlaid by an inline template naming its roles, plus a carbon copy to HR."""
    return {
        "status": "sent",
        "emailSubject": "Your offer",
        "compositeTemplates": [
            {
                "compositeTemplateId": "1",
                "serverTemplates": [{"sequence": "1", "templateId": template_id}],
                "inlineTemplates": [
                    {
                        "sequence": "2",
                        "recipients": {
                            "signers": [
                                {
                                    "recipientId": "1",
                                    "roleName": "Hiring Manager",
                                    "name": "Hank",
                                    "email": "hank@acme.example",
                                    "routingOrder": "1",
                                },
                                {
                                    "recipientId": "2",
                                    "roleName": "Candidate",
                                    "name": "Zoë",
                                    "email": "zoe@candidates.example",
                                    "routingOrder": "2",
                                    "tabs": {"textTabs": [{"tabLabel": "salary", "value": "103000.00"}]},
                                },
                            ],
                            "carbonCopies": [
                                {"recipientId": "3", "name": "HR", "email": "hr@acme.example", "routingOrder": "3"}
                            ],
                        },
                        "customFields": {"textCustomFields": [{"name": "greenhouse_offer_id", "value": "5001"}]},
                    }
                ],
            },
            {
                "compositeTemplateId": "2",
                "document": {"documentId": "1", "name": "Addendum.pdf", "fileExtension": "pdf", "documentBase64": PDF},
                "inlineTemplates": [
                    {
                        "sequence": "1",
                        "recipients": {
                            "signers": [
                                {
                                    "recipientId": "2",
                                    "name": "Zoë",
                                    "email": "zoe@candidates.example",
                                    "routingOrder": "2",
                                    "tabs": {
                                        "textTabs": [{"tabLabel": "addendum_ack", "value": "yes", "documentId": "1"}]
                                    },
                                }
                            ]
                        },
                    }
                ],
            },
        ],
        **extra,
    }


def test_an_envelope_from_composite_templates(world: World, ds: Client) -> None:
    envelope_id = ds.create(composite_offer(ds.template_id()))["envelopeId"]
    recipients = ds.get(f"/envelopes/{envelope_id}/recipients", params={"include_tabs": "true"}).json()
    assert [(s["recipientId"], s.get("roleName"), s["status"]) for s in recipients["signers"]] == [
        ("1", "Hiring Manager", "sent"),
        ("2", "Candidate", "created"),
    ]
    assert [(c["recipientId"], c["recipientType"], c["status"]) for c in recipients["carbonCopies"]] == [
        ("3", "carbonCopy", "created")
    ]
    candidate = recipients["signers"][1]
    tabs = {t["tabLabel"]: t for t in candidate["tabs"]["textTabs"]}
    assert tabs["salary"]["value"] == "103000.00" and tabs["candidate_name"]["value"] == ""  # the template's tabs
    assert tabs["addendum_ack"]["value"] == "yes" and tabs["addendum_ack"]["documentId"] == "2"  # renumbered
    documents = ds.get(f"/envelopes/{envelope_id}/documents").json()["envelopeDocuments"]
    assert [(d["documentId"], d["name"]) for d in documents[:-1]] == [("1", "Offer Letter.pdf"), ("2", "Addendum.pdf")]
    assert ds.get(f"/envelopes/{envelope_id}/documents/2").content == b"%PDF-1.4 addendum"
    fields = ds.get(f"/envelopes/{envelope_id}/custom_fields").json()["textCustomFields"]
    assert [(f["name"], f["value"]) for f in fields] == [("greenhouse_offer_id", "5001")]
    assert world.esign.envelope(envelope_id)["subject"] == "Your offer"


def test_the_carbon_copy_is_sent_when_its_order_comes_and_does_not_hold_the_envelope(
    world: World, ds: Client, receiver: Receiver
) -> None:
    world.hub.settings["docusign.connect_url"] = receiver.url()
    envelope_id = ds.create(composite_offer(ds.template_id()))["envelopeId"]
    world.act("esign.sign", envelope_id=envelope_id, role="Hiring Manager")
    world.act("esign.sign", envelope_id=envelope_id, email="zoe@candidates.example")
    envelope = world.esign.envelope(envelope_id)
    assert envelope["status"] == "completed"
    copy = next(r for r in envelope["recipients"] if r["type"] == "carbon_copy")
    assert copy["status"] == "completed" and copy["sent_at"] is not None
    events = [d.event for d in world.hub.dispatcher.deliveries(fake="docusign")]
    assert events[-5:] == [
        "recipient-completed",
        "recipient-sent",
        "recipient-completed",
        "envelope-delivered",
        "envelope-completed",
    ]  # the candidate signs, the copy goes out and is done, then the end
    assert world.wait_until(lambda: world.hub.dispatcher.active == 0, 10)
    assert check_connect_messages(world) > 0


def test_a_certified_delivery_must_open_the_envelope_before_routing_goes_on(world: World, ds: Client) -> None:
    body = {
        "status": "sent",
        "emailSubject": "NDA",
        "documents": [{"documentId": "1", "name": "NDA.pdf", "documentBase64": PDF}],
        "recipients": {
            "certifiedDeliveries": [
                {"recipientId": "1", "name": "Legal", "email": "legal@acme.example", "routingOrder": "1"}
            ],
            "signers": [{"recipientId": "2", "name": "Zoë", "email": "zoe@candidates.example", "routingOrder": "2"}],
        },
    }
    envelope_id = ds.create(body)["envelopeId"]
    with pytest.raises(Exception, match="routing order 1"):
        world.act("esign.sign", envelope_id=envelope_id, email="zoe@candidates.example")
    world.act("esign.view", envelope_id=envelope_id, email="legal@acme.example")
    listed = ds.get(f"/envelopes/{envelope_id}/recipients").json()
    assert [(c["recipientType"], c["status"]) for c in listed["certifiedDeliveries"]] == [
        ("certifiedDelivery", "completed")
    ]
    assert listed["signers"][0]["status"] == "sent"
    world.act("esign.sign", envelope_id=envelope_id, routing_order=2)
    assert world.esign.envelope(envelope_id)["status"] == "completed"


def test_signers_without_a_role_act_by_email_or_routing_order(world: World, ds: Client) -> None:
    body = {
        "status": "sent",
        "emailSubject": "Offer",
        "documents": [{"documentId": "1", "name": "Offer.pdf", "documentBase64": PDF}],
        "recipients": {
            "signers": [
                {
                    "recipientId": "1",
                    "name": "Hank",
                    "email": "hank@acme.example",
                    "routingOrder": "1",
                    "tabs": {"textTabs": [{"tabLabel": "approved_by", "value": "Hank"}]},
                },
                {
                    "recipientId": "2",
                    "name": "Zoë",
                    "email": "zoe@candidates.example",
                    "routingOrder": "2",
                    "tabs": {"textTabs": [{"tabLabel": "salary", "value": "103000.00"}]},
                },
            ]
        },
    }
    envelope_id = ds.create(body)["envelopeId"]
    assert "roleName" not in ds.get(f"/envelopes/{envelope_id}/recipients").json()["signers"][0]
    assert world.esign.tab_values(envelope_id, email="zoe@candidates.example") == {"salary": "103000.00"}
    assert world.esign.tab_values(envelope_id, routing_order=1) == {"approved_by": "Hank"}
    assert world.esign.tab_values(envelope_id, recipient_id="2") == {"salary": "103000.00"}
    world.act("esign.sign", envelope_id=envelope_id, routing_order=1)
    world.act("esign.decline", envelope_id=envelope_id, email="zoe@candidates.example", reason="No thanks")
    envelope = world.esign.envelope(envelope_id)
    assert envelope["status"] == "declined" and envelope["recipients"][1]["declined_reason"] == "No thanks"


def test_tab_values_still_defaults_to_the_candidate_role(world: World, ds: Client) -> None:
    envelope_id = ds.create(composite_offer(ds.template_id()))["envelopeId"]
    assert world.esign.tab_values(envelope_id)["salary"] == "103000.00"
    assert world.esign.tab_values(envelope_id, role="Candidate") == world.esign.tab_values(envelope_id)
    with pytest.raises(Exception, match="does not exist"):
        world.esign.tab_values(envelope_id, email="nobody@example.com")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda b: b.update(templateId="x"), "compositeTemplates"),
        (lambda b: b["compositeTemplates"][0]["serverTemplates"][0].pop("sequence"), "sequence"),
        (lambda b: b["compositeTemplates"][0]["serverTemplates"][0].pop("templateId"), "templateId"),
    ],
)
def test_bad_composites_are_refused(ds: Client, change: Any, message: str) -> None:
    body = composite_offer(ds.template_id())
    change(body)
    answer = ds.post("/envelopes", json=body)
    assert answer.status_code == 400 and message in answer.json()["message"], answer.text


def test_an_unknown_server_template_is_not_found(ds: Client) -> None:
    answer = ds.post("/envelopes", json=composite_offer("00000000-0000-0000-0000-000000000000"))
    assert answer.status_code == 400 and answer.json()["errorCode"] == "TEMPLATE_ID_INVALID", answer.text


def test_template_tabs_carry_a_recipient_guid_string(ds: Client) -> None:
    """eSignature v2.1 spec: a tab's recipientIdGuid is a string (never null)."""
    template = ds.get(f"/templates/{ds.template_id()}").json()
    for signer in template["recipients"]["signers"]:
        guid = signer["recipientIdGuid"]
        assert isinstance(guid, str) and len(guid) == 36
        for tabs in signer["tabs"].values():
            assert all(t["recipientIdGuid"] == guid for t in tabs)
    again = ds.get(f"/templates/{ds.template_id()}").json()
    assert (
        again["recipients"]["signers"][0]["recipientIdGuid"] == template["recipients"]["signers"][0]["recipientIdGuid"]
    )
