"""The eSignature REST surface over real HTTP, driven with ``requests``."""

from __future__ import annotations

import base64
import json
import re

from fakes.world import World

from .conftest import Client, offer_definition

DS_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$")


def test_templates_search_and_read(ds: Client) -> None:
    found = ds.get("/templates", params={"search_text": "Offer Letter"}).json()
    assert (found["resultSetSize"], found["totalSetSize"], found["startPosition"]) == ("1", "1", "0")
    (summary,) = found["envelopeTemplates"]
    assert summary["name"] == "Offer Letter"
    assert ds.get("/templates", params={"search_text": "Contractor NDA"}).json()["resultSetSize"] == "0"
    template = ds.get(f"/templates/{summary['templateId']}").json()
    signers = {s["roleName"]: s for s in template["recipients"]["signers"]}
    assert (signers["Hiring Manager"]["routingOrder"], signers["Candidate"]["routingOrder"]) == ("1", "2")
    labels = [t["tabLabel"] for t in signers["Candidate"]["tabs"]["textTabs"]]
    assert labels[:3] == ["candidate_name", "job_title", "department"] and len(labels) == 10
    assert [t["tabType"] for t in signers["Candidate"]["tabs"]["signHereTabs"]] == ["signhere"]


def test_create_from_template_and_read_back(ds: Client, world: World) -> None:
    summary = ds.create(offer_definition(ds.template_id()))
    assert summary["status"] == "sent"
    assert summary["uri"] == f"/envelopes/{summary['envelopeId']}"
    assert DS_TIME.match(summary["statusDateTime"])
    envelope = ds.get(f"/envelopes/{summary['envelopeId']}", params={"include": "recipients,tabs,custom_fields"}).json()
    assert envelope["emailSubject"] == "Your offer from Acme"
    assert envelope["sentDateTime"] == envelope["createdDateTime"] == "2026-03-02T09:00:00.0000000Z"
    assert "completedDateTime" not in envelope
    candidate = envelope["recipients"]["signers"][1]
    values = {t["tabLabel"]: t["value"] for t in candidate["tabs"]["textTabs"]}
    assert values["salary"] == "103000.00"
    assert values["candidate_name"] == "Zoë O'Brien-Nuñez"
    assert {f["name"]: f["value"] for f in envelope["customFields"]["textCustomFields"]} == {
        "greenhouse_application_id": "4001",
        "greenhouse_offer_id": "5001",
    }
    assert world.esign.tab_values(summary["envelopeId"])["hours_per_week"] == "37.5"


def test_every_timestamp_appears_as_the_envelope_moves(ds: Client, world: World) -> None:
    envelope_id = ds.create(offer_definition(ds.template_id(), status="created"))["envelopeId"]
    assert ds.get(f"/envelopes/{envelope_id}").json()["status"] == "created"
    world.hub.clock.advance(3600)
    assert ds.put(f"/envelopes/{envelope_id}", json={"status": "sent"}).json() == {"envelopeId": envelope_id}
    world.hub.clock.advance(60)
    world.act("esign.sign", envelope_id=envelope_id, role="Hiring Manager")
    world.hub.clock.advance(60)
    world.act("esign.view", envelope_id=envelope_id, role="Candidate")
    world.hub.clock.advance(60)
    world.act("esign.sign", envelope_id=envelope_id, role="Candidate")
    envelope = ds.get(f"/envelopes/{envelope_id}", params={"include": "recipients"}).json()
    assert envelope["status"] == "completed"
    assert envelope["createdDateTime"] == "2026-03-02T09:00:00.0000000Z"
    assert envelope["sentDateTime"] == "2026-03-02T10:00:00.0000000Z"
    assert envelope["deliveredDateTime"] == "2026-03-02T10:02:00.0000000Z"
    assert envelope["completedDateTime"] == envelope["statusChangedDateTime"] == "2026-03-02T10:03:00.0000000Z"
    assert envelope["lastModifiedDateTime"] == "2026-03-02T10:03:00.0000000Z"
    hank, zoe = envelope["recipients"]["signers"]
    assert (hank["status"], hank["signedDateTime"]) == ("completed", "2026-03-02T10:01:00.0000000Z")
    assert zoe["sentDateTime"] == "2026-03-02T10:01:00.0000000Z"
    assert zoe["deliveredDateTime"] == "2026-03-02T10:02:00.0000000Z"


def test_void_then_void_again_and_void_completed_are_refused(ds: Client, world: World) -> None:
    envelope_id = ds.create(offer_definition(ds.template_id()))["envelopeId"]
    missing_reason = ds.put(f"/envelopes/{envelope_id}", json={"status": "voided"})
    assert missing_reason.status_code == 400
    assert missing_reason.json()["errorCode"] == "INVALID_REQUEST_PARAMETER"
    assert "voidedReason" in missing_reason.json()["message"]
    ok = ds.put(f"/envelopes/{envelope_id}", json={"status": "voided", "voidedReason": "Offer rescinded"})
    assert ok.status_code == 200
    voided = ds.get(f"/envelopes/{envelope_id}").json()
    assert (voided["status"], voided["voidedReason"]) == ("voided", "Offer rescinded")
    assert DS_TIME.match(voided["voidedDateTime"])
    refused = {"errorCode": "ENVELOPE_CANNOT_VOID_INVALID_STATE",
               "message": "Only envelopes in the 'Sent' or 'Delivered' states may be voided."}
    again = ds.put(f"/envelopes/{envelope_id}", json={"status": "voided", "voidedReason": "again"})
    assert (again.status_code, again.json()) == (400, refused)
    completed = ds.create(offer_definition(ds.template_id()))["envelopeId"]
    world.act("esign.sign", envelope_id=completed, role="Hiring Manager")
    world.act("esign.sign", envelope_id=completed, role="Candidate")
    late = ds.put(f"/envelopes/{completed}", json={"status": "voided", "voidedReason": "too late"})
    assert (late.status_code, late.json()) == (400, refused)
    assert world.esign.envelope(completed)["status"] == "completed"
    draft = ds.create(offer_definition(ds.template_id(), status="created"))["envelopeId"]
    assert ds.put(f"/envelopes/{draft}", json={"status": "voided", "voidedReason": "x"}).json() == refused


def test_list_status_changes_needs_from_date_and_pages(ds: Client, world: World) -> None:
    template = ds.template_id()
    ids = [ds.create(offer_definition(template))["envelopeId"]]
    for _ in range(2):
        world.hub.clock.advance(60)
        ids.append(ds.create(offer_definition(template))["envelopeId"])
    missing = ds.get("/envelopes")
    assert missing.status_code == 400
    assert missing.json()["errorCode"] == "INVALID_REQUEST_PARAMETER"
    assert "from_date" in missing.json()["message"]
    first = ds.get("/envelopes", params={"from_date": "2026-03-01", "count": "2", "order": "asc"}).json()
    assert [e["envelopeId"] for e in first["envelopes"]] == ids[:2]
    assert (first["resultSetSize"], first["totalSetSize"], first["endPosition"]) == ("2", "3", "1")
    assert first["nextUri"].startswith("/envelopes?start_position=2&")
    second = ds.get("/envelopes?" + first["nextUri"].split("?", 1)[1]).json()
    assert [e["envelopeId"] for e in second["envelopes"]] == ids[2:]
    assert second["nextUri"] == "" and second["previousUri"].startswith("/envelopes?start_position=0&")
    by_id = ds.get("/envelopes", params={"envelope_ids": ids[1]}).json()
    assert [e["envelopeId"] for e in by_id["envelopes"]] == [ids[1]]
    later = ds.get("/envelopes", params={"from_date": "2026-03-02T09:00:30Z"}).json()
    assert sorted(e["envelopeId"] for e in later["envelopes"]) == sorted(ids[1:])
    empty = ds.get("/envelopes", params={"from_date": "3/3/2026"}).json()
    assert (empty["resultSetSize"], empty["endPosition"], "envelopes" in empty) == ("0", "-1", False)


def test_list_status_changes_filters(ds: Client, world: World) -> None:
    template = ds.template_id()
    sent = ds.create(offer_definition(template))["envelopeId"]
    body = offer_definition(template, status="created")
    body["customFields"]["textCustomFields"][0]["value"] = "4002"
    draft = ds.create(body)["envelopeId"]
    since = {"from_date": "2026-03-01"}
    assert [e["envelopeId"] for e in ds.get("/envelopes", params={**since, "status": "sent"}).json()["envelopes"]] == [
        sent
    ]
    by_field = ds.get("/envelopes", params={**since, "custom_field": "greenhouse_application_id=4002"}).json()
    assert [e["envelopeId"] for e in by_field["envelopes"]] == [draft]
    wildcard = ds.get("/envelopes", params={**since, "custom_field": "greenhouse_application_id=%400%"}).json()
    assert wildcard["totalSetSize"] == "2"
    bad = ds.get("/envelopes", params={"from_date": "yesterday-ish"})
    assert (bad.status_code, bad.json()["errorCode"]) == (400, "INVALID_REQUEST_PARAMETER")


def test_recipients_tabs_and_tab_update(ds: Client) -> None:
    envelope_id = ds.create(offer_definition(ds.template_id()))["envelopeId"]
    recipients = ds.get(f"/envelopes/{envelope_id}/recipients").json()
    assert (recipients["recipientCount"], recipients["currentRoutingOrder"]) == ("2", "1")
    assert [(s["roleName"], s["status"], s["recipientId"]) for s in recipients["signers"]] == [
        ("Hiring Manager", "sent", "1"),
        ("Candidate", "created", "2"),
    ]
    assert "tabs" not in recipients["signers"][0]
    tabs = ds.get(f"/envelopes/{envelope_id}/recipients/2/tabs").json()
    salary = next(t for t in tabs["textTabs"] if t["tabLabel"] == "salary")
    assert (salary["value"], salary["locked"]) == ("103000.00", "true")
    updated = ds.put(f"/envelopes/{envelope_id}/recipients/2/tabs",
                     json={"textTabs": [{"tabId": salary["tabId"], "value": "104000.00"}]})
    assert updated.status_code == 200
    assert updated.json()["textTabs"][0]["value"] == "104000.00"
    again = ds.get(f"/envelopes/{envelope_id}/recipients/2/tabs").json()
    assert next(t["value"] for t in again["textTabs"] if t["tabLabel"] == "salary") == "104000.00"
    unknown = ds.get(f"/envelopes/{envelope_id}/recipients/9/tabs")
    assert (unknown.status_code, unknown.json()["errorCode"]) == (400, "INVALID_RECIPIENT_ID")
    no_id = ds.put(f"/envelopes/{envelope_id}/recipients/2/tabs", json={"textTabs": [{"value": "1"}]})
    assert (no_id.status_code, no_id.json()["errorCode"]) == (400, "INVALID_REQUEST_PARAMETER")


def test_custom_fields_and_documents(ds: Client) -> None:
    envelope_id = ds.create(offer_definition(ds.template_id()))["envelopeId"]
    fields = ds.get(f"/envelopes/{envelope_id}/custom_fields").json()
    assert [(f["name"], f["value"], f["show"]) for f in fields["textCustomFields"]] == [
        ("greenhouse_application_id", "4001", "false"),
        ("greenhouse_offer_id", "5001", "false"),
    ]
    documents = ds.get(f"/envelopes/{envelope_id}/documents").json()
    assert [(d["documentId"], d["type"]) for d in documents["envelopeDocuments"]] == [
        ("1", "content"),
        ("certificate", "summary"),
    ]
    pdf = ds.get(f"/envelopes/{envelope_id}/documents/1")
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-1.4") and pdf.content.rstrip().endswith(b"%%EOF")
    assert 'filename="Offer Letter.pdf"' in pdf.headers["Content-Disposition"]
    combined = ds.get(f"/envelopes/{envelope_id}/documents/combined", params={"certificate": "true"})
    assert combined.content.startswith(b"%PDF") and b"salary: 103000.00" in combined.content
    assert b"/Count 2" in combined.content  # the document and the certificate
    missing = ds.get(f"/envelopes/{envelope_id}/documents/7")
    assert (missing.status_code, missing.json()["errorCode"]) == (400, "DOCUMENT_DOES_NOT_EXIST")


def test_create_from_documents_and_signers(ds: Client, world: World) -> None:
    pdf = base64.b64encode(b"%PDF-1.4 tiny").decode()
    body = {
        "status": "sent",
        "emailSubject": "Please sign",
        "documents": [{"documentBase64": pdf, "name": "NDA.pdf", "fileExtension": "pdf", "documentId": "1"}],
        "recipients": {"signers": [
            {"email": "a@x.example", "name": "A", "recipientId": "1", "routingOrder": "1", "clientUserId": "a-1",
             "tabs": {"signHereTabs": [{"documentId": "1", "pageNumber": "1", "xPosition": "100", "yPosition": "100"}],
                      "textTabs": [{"tabLabel": "note", "value": "NUMBER"}]}},
            {"email": "b@x.example", "name": "B", "recipientId": "2", "routingOrder": 1},
        ]},
    }
    raw = json.dumps(body).replace('"NUMBER"', "103000.10")  # a JSON number: its digits must survive
    created = ds.post("/envelopes", data=raw, headers={"Content-Type": "application/json"})
    assert created.status_code == 201
    envelope_id = created.json()["envelopeId"]
    signers = ds.get(f"/envelopes/{envelope_id}/recipients").json()["signers"]
    assert [s["status"] for s in signers] == ["sent", "sent"]  # same routing order: both at once
    assert world.esign.tab_values(envelope_id, role=None) == {"note": "103000.10"}
    assert ds.get(f"/envelopes/{envelope_id}/documents/1").content == b"%PDF-1.4 tiny"
    view = ds.post(f"/envelopes/{envelope_id}/views/recipient", json={
        "returnUrl": "https://sut.example/done", "authenticationMethod": "none",
        "email": "a@x.example", "userName": "A", "clientUserId": "a-1"})
    assert view.status_code == 201
    assert view.json()["url"].startswith(ds.env["DOCUSIGN_BASE_URL"] + "/Signing/")
    not_embedded = ds.post(f"/envelopes/{envelope_id}/views/recipient", json={
        "returnUrl": "https://sut.example/done", "authenticationMethod": "none",
        "email": "b@x.example", "userName": "B", "clientUserId": "b-1"})
    assert not_embedded.json()["errorCode"] == "UNKNOWN_ENVELOPE_RECIPIENT"


def test_recipient_view_for_a_recipient_not_yet_in_sequence(ds: Client) -> None:
    body = offer_definition(ds.template_id())
    body["templateRoles"][1]["clientUserId"] = "cand-1"
    envelope_id = ds.create(body)["envelopeId"]
    early = ds.post(f"/envelopes/{envelope_id}/views/recipient", json={
        "returnUrl": "https://sut.example/done", "authenticationMethod": "email",
        "recipientId": "2", "clientUserId": "cand-1"})
    assert (early.status_code, early.json()["errorCode"]) == (400, "RECIPIENT_NOT_IN_SEQUENCE")
    no_return = ds.post(f"/envelopes/{envelope_id}/views/recipient", json={"authenticationMethod": "none"})
    assert "returnUrl" in no_return.json()["message"]


def test_draft_edit_and_send(ds: Client, world: World) -> None:
    envelope_id = ds.create(offer_definition(ds.template_id(), status="created"))["envelopeId"]
    ds.put(f"/envelopes/{envelope_id}", json={"emailSubject": "Updated subject"})
    assert ds.get(f"/envelopes/{envelope_id}").json()["emailSubject"] == "Updated subject"
    assert ds.put(f"/envelopes/{envelope_id}", json={"status": "sent"}).status_code == 200
    again = ds.put(f"/envelopes/{envelope_id}", json={"status": "sent"})
    assert (again.status_code, again.json()["errorCode"]) == (400, "ENVELOPE_INVALID_STATUS")
    assert world.esign.envelope(envelope_id)["status"] == "sent"
