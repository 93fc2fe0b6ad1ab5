"""``dropbox-sign``, Dropbox Sign's official Python SDK (2.x), unmodified, against the Dropbox Sign fake over TLS.

What changes: the host (``Configuration(host=DROPBOX_SIGN_BASE_URL + "/v3")``;
the SDK's default is ``https://api.hellosign.com/v3``), the API key as the
HTTP Basic user name (``Configuration(username=...)``, as the SDK's README
shows), and the CA bundle (``ssl_ca_cert``: the SDK builds its urllib3 pool
from its own configuration, not the environment). Every request is the
SDK's own: multipart when files are attached, JSON otherwise; every answer is
parsed by its pydantic models, which refuse a field of the wrong type.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from fakes.world import World

sdk = pytest.importorskip("dropbox_sign")
from dropbox_sign import ApiClient, ApiException, Configuration, api, models  # noqa: E402


@pytest.fixture
def client(env: dict[str, str]) -> Iterator[Any]:
    config = Configuration(username=env["DROPBOX_SIGN_API_KEY"], host=env["DROPBOX_SIGN_BASE_URL"] + "/v3")
    config.ssl_ca_cert = env["SSL_CERT_FILE"]
    with ApiClient(config) as api_client:
        yield api_client


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_send_read_list_remind_files_and_cancel(client: Any, world: World, tmp_path: Any) -> None:
    requests = api.SignatureRequestApi(client)
    letter = tmp_path / "Offer Letter.pdf"
    letter.write_bytes(PDF)
    with letter.open("rb") as upload:
        sent = requests.signature_request_send(models.SignatureRequestSendRequest(
            title="Offer letter", subject="Your offer", message="Please sign.",
            signers=[
                models.SubSignatureRequestSigner(email_address="hank@acme.example", name="Hank Manager", order=0),
                models.SubSignatureRequestSigner(email_address="ada@candidates.example", name="Ada Lovelace", order=1),
            ],
            files=[upload],
            metadata={"greenhouse_application_id": "4001"},
            test_mode=True,
        ))
    request_id = sent.signature_request.signature_request_id
    assert [(s.signer_name, s.order, s.status_code) for s in sent.signature_request.signatures] == [
        ("Hank Manager", 0, "awaiting_signature"), ("Ada Lovelace", 1, "awaiting_signature")]
    envelope = world.esign.envelope(request_id)
    assert [(r["email"], r["routing_order"], r["status"]) for r in envelope["recipients"]] == [
        ("hank@acme.example", 1, "sent"), ("ada@candidates.example", 2, "created")]
    assert envelope["documents"][0]["name"] == "Offer Letter.pdf"

    world.act("esign.sign", envelope_id=request_id, routing_order=1)
    got = requests.signature_request_get(request_id).signature_request
    assert got.metadata == {"greenhouse_application_id": "4001"}
    assert [s.status_code for s in got.signatures] == ["signed", "awaiting_signature"]
    assert got.signatures[0].signed_at is not None

    listed = requests.signature_request_list(page=1, page_size=10)
    assert request_id in [r.signature_request_id for r in listed.signature_requests]
    assert listed.list_info.num_results == len(listed.signature_requests)

    reminded = requests.signature_request_remind(request_id, models.SignatureRequestRemindRequest(
        email_address="ada@candidates.example"))
    assert reminded.signature_request.signatures[1].last_reminded_at is not None
    with pytest.raises(ApiException) as early:  # Hank has signed: nobody to remind there
        requests.signature_request_remind(request_id, models.SignatureRequestRemindRequest(
            email_address="hank@acme.example"))
    assert early.value.status == 400

    pdf = requests.signature_request_files(request_id, file_type="pdf")
    assert pdf.read().startswith(b"%PDF")

    requests.signature_request_cancel(request_id)
    assert world.esign.envelope(request_id)["status"] == "voided"
    with pytest.raises(ApiException) as again:
        requests.signature_request_cancel(request_id)
    assert again.value.status == 400
    assert again.value.data.error.error_name == "bad_request"


def test_template_list_get_and_send_with_template(client: Any, world: World) -> None:
    templates = api.TemplateApi(client).template_list(query="Offer Letter")
    (template,) = templates.templates
    assert [(r.name, r.order) for r in template.signer_roles] == [("Hiring Manager", 0), ("Candidate", 1)]
    labels = {f.name for f in api.TemplateApi(client).template_get(template.template_id).template.custom_fields}
    assert {"salary", "job_title", "candidate_name"} <= labels

    sent = api.SignatureRequestApi(client).signature_request_send_with_template(
        models.SignatureRequestSendWithTemplateRequest(
            template_ids=[template.template_id],
            signers=[
                models.SubSignatureRequestTemplateSigner(role="Hiring Manager", name="Hank Manager",
                                                         email_address="hank@acme.example"),
                models.SubSignatureRequestTemplateSigner(role="Candidate", name="Ada Lovelace",
                                                         email_address="ada@candidates.example"),
            ],
            custom_fields=[models.SubCustomField(name="salary", value="103000.00", editor="Candidate"),
                           models.SubCustomField(name="job_title", value="Engineer")],
            metadata={"greenhouse_application_id": "4002"},
        ))
    request_id = sent.signature_request.signature_request_id
    assert world.esign.tab_values(request_id)["salary"] == "103000.00"
    assert world.esign.tab_values(request_id)["job_title"] == "Engineer"
    values = {f.name: f.value for f in sent.signature_request.custom_fields}
    assert values["salary"] == "103000.00"
    (found,) = world.esign.envelopes(custom_field=("greenhouse_application_id", "4002"))
    assert [r["role"] for r in found["recipients"] if r["status"] == "sent"] == ["Hiring Manager"]


def test_embedded_sign_url_and_account(client: Any, env: dict[str, str], world: World) -> None:
    requests = api.SignatureRequestApi(client)
    created = requests.signature_request_create_embedded(models.SignatureRequestCreateEmbeddedRequest(
        client_id=env["DROPBOX_SIGN_CLIENT_ID"], title="Embedded", subject="Sign here",
        signers=[models.SubSignatureRequestSigner(email_address="ada@candidates.example", name="Ada Lovelace")],
        file_urls=["https://files.example/offer.pdf"],
    ))
    signature_id = created.signature_request.signatures[0].signature_id
    url = api.EmbeddedApi(client).embedded_sign_url(signature_id).embedded
    assert url.sign_url.startswith(env["DROPBOX_SIGN_BASE_URL"]) and url.expires_at > 0

    account = api.AccountApi(client).account_get().account
    assert account.email_address and account.account_id


def test_a_wrong_key_and_an_unknown_request_reach_the_sdk_as_api_exceptions(env: dict[str, str]) -> None:
    config = Configuration(username="0" * 64, host=env["DROPBOX_SIGN_BASE_URL"] + "/v3")
    config.ssl_ca_cert = env["SSL_CERT_FILE"]
    with ApiClient(config) as wrong, pytest.raises(ApiException) as refused:
        api.AccountApi(wrong).account_get()
    assert refused.value.status == 401
    assert refused.value.data.error.error_name == "unauthorized"
    config = Configuration(username=env["DROPBOX_SIGN_API_KEY"], host=env["DROPBOX_SIGN_BASE_URL"] + "/v3")
    config.ssl_ca_cert = env["SSL_CERT_FILE"]
    with ApiClient(config) as right, pytest.raises(ApiException) as missing:
        api.SignatureRequestApi(right).signature_request_get("f" * 40)
    assert missing.value.status == 404
    assert missing.value.data.error.error_name == "not_found"
