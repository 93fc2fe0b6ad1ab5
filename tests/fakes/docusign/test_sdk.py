"""The official ``docusign_esign`` SDK against the served fake: if the vendor's
own client can create, read, list and void, and deserialises every answer,
an integration built on it will too."""

from __future__ import annotations

import json
from collections.abc import Iterator

import docusign_esign as sdk
import pytest
from docusign_esign.client.api_exception import ApiException

from fakes.world import World

from .conftest import offer_definition


@pytest.fixture
def api_client(env: dict[str, str]) -> Iterator[sdk.ApiClient]:
    client = sdk.ApiClient(host=env["DOCUSIGN_BASE_URL"] + "/restapi")
    client.set_default_header("Authorization", f"Bearer {env['DOCUSIGN_ACCESS_TOKEN']}")
    yield client
    client.rest_client.pool_manager.clear()


def candidate_role() -> sdk.TemplateRole:
    values = {t["tabLabel"]: t["value"] for t in offer_definition("")["templateRoles"][1]["tabs"]["textTabs"]}
    return sdk.TemplateRole(
        role_name="Candidate",
        name="Zoë O'Brien-Nuñez",
        email="zoe@candidates.example",
        tabs=sdk.Tabs(text_tabs=[sdk.Text(tab_label=label, value=value) for label, value in values.items()]),
    )


def test_sdk_create_read_list_and_void(api_client: sdk.ApiClient, env: dict[str, str], world: World) -> None:
    account = env["DOCUSIGN_ACCOUNT_ID"]
    templates = sdk.TemplatesApi(api_client).list_templates(account, search_text="Offer Letter")
    assert isinstance(templates, sdk.EnvelopeTemplateResults)
    (template,) = templates.envelope_templates
    assert template.name == "Offer Letter"
    full = sdk.TemplatesApi(api_client).get(account, template.template_id)
    assert [s.role_name for s in full.recipients.signers] == ["Hiring Manager", "Candidate"]

    envelopes = sdk.EnvelopesApi(api_client)
    definition = sdk.EnvelopeDefinition(
        template_id=template.template_id,
        status="sent",
        email_subject="Your offer from Acme",
        template_roles=[
            sdk.TemplateRole(role_name="Hiring Manager", name="Hank Manager", email="hank@acme.example"),
            candidate_role(),
        ],
        custom_fields=sdk.CustomFields(
            text_custom_fields=[sdk.TextCustomField(name="greenhouse_application_id", value="4001", show="false")]
        ),
    )
    summary = envelopes.create_envelope(account, envelope_definition=definition)
    assert isinstance(summary, sdk.EnvelopeSummary)
    assert (summary.status, summary.uri) == ("sent", f"/envelopes/{summary.envelope_id}")

    envelope = envelopes.get_envelope(account, summary.envelope_id, include="recipients,tabs,custom_fields")
    assert isinstance(envelope, sdk.Envelope)
    assert (envelope.status, envelope.email_subject) == ("sent", "Your offer from Acme")
    assert envelope.sent_date_time == "2026-03-02T09:00:00.0000000Z"
    candidate = envelope.recipients.signers[1]
    assert isinstance(candidate, sdk.Signer) and candidate.routing_order == "2"
    assert {t.tab_label: t.value for t in candidate.tabs.text_tabs}["salary"] == "103000.00"
    assert envelope.custom_fields.text_custom_fields[0].value == "4001"

    listed = envelopes.list_status_changes(account, from_date="2026-03-01T00:00:00Z", status="sent")
    assert isinstance(listed, sdk.EnvelopesInformation)
    assert (listed.result_set_size, [e.envelope_id for e in listed.envelopes]) == ("1", [summary.envelope_id])

    recipients = envelopes.list_recipients(account, summary.envelope_id)
    assert isinstance(recipients, sdk.Recipients)
    assert [(s.role_name, s.status) for s in recipients.signers] == [
        ("Hiring Manager", "sent"),
        ("Candidate", "created"),
    ]
    tabs = envelopes.list_tabs(account, summary.envelope_id, "2")
    assert isinstance(tabs, sdk.Tabs)
    assert {t.tab_label: t.value for t in tabs.text_tabs}["candidate_name"] == "Zoë O'Brien-Nuñez"
    assert envelopes.list_custom_fields(account, summary.envelope_id).text_custom_fields[0].name == (
        "greenhouse_application_id")
    documents = envelopes.list_documents(account, summary.envelope_id)
    assert [d.document_id for d in documents.envelope_documents] == ["1", "certificate"]
    assert envelopes.get_document(account, "1", summary.envelope_id).startswith(b"%PDF")

    voided = envelopes.update(account, summary.envelope_id,
                              envelope=sdk.Envelope(status="voided", voided_reason="Offer rescinded"))
    assert isinstance(voided, sdk.EnvelopeUpdateSummary) and voided.envelope_id == summary.envelope_id
    assert world.esign.envelope(summary.envelope_id)["voided_reason"] == "Offer rescinded"
    with pytest.raises(ApiException) as refused:
        envelopes.update(account, summary.envelope_id, envelope=sdk.Envelope(status="voided", voided_reason="again"))
    assert refused.value.status == 400
    assert json.loads(refused.value.body)["errorCode"] == "ENVELOPE_CANNOT_VOID_INVALID_STATE"


def test_sdk_reads_errors_and_embedded_signing(api_client: sdk.ApiClient, env: dict[str, str]) -> None:
    account = env["DOCUSIGN_ACCOUNT_ID"]
    envelopes = sdk.EnvelopesApi(api_client)
    with pytest.raises(ApiException) as missing:
        envelopes.get_envelope(account, "7d3c2a55-0c1e-4a9e-8f43-1f6b4f2c9a10")
    assert (missing.value.status, json.loads(missing.value.body)["errorCode"]) == (400, "ENVELOPE_DOES_NOT_EXIST")
    template_id = sdk.TemplatesApi(api_client).list_templates(account).envelope_templates[0].template_id
    hank = sdk.TemplateRole(role_name="Hiring Manager", name="Hank", email="hank@acme.example", client_user_id="h-1")
    summary = envelopes.create_envelope(account, envelope_definition=sdk.EnvelopeDefinition(
        template_id=template_id, status="sent", template_roles=[hank, candidate_role()]))
    request = sdk.RecipientViewRequest(return_url="https://sut.example/signed", authentication_method="none",
                                       email="hank@acme.example", user_name="Hank", client_user_id="h-1")
    view = envelopes.create_recipient_view(account, summary.envelope_id, recipient_view_request=request)
    assert isinstance(view, sdk.ViewUrl) and view.url.startswith(env["DOCUSIGN_BASE_URL"])


# The SDK's JWT grant (it hard-codes https://) runs unpatched over TLS in tests/conformance/test_docusign_esign.py.
