"""Refusals look like DocuSign's: ``{"errorCode", "message"}``, 400 unless it is about credentials (401)."""

from __future__ import annotations

import pytest
import requests

from fakes.esign.docusign.auth import account_id, static_token
from fakes.world import World

from .conftest import Client, offer_definition

NO_SUCH = "7d3c2a55-0c1e-4a9e-8f43-1f6b4f2c9a10"


def assert_error(response: requests.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"errorCode", "message"}
    assert body["errorCode"] == code
    assert body["message"]
    return body


def test_unknown_envelope_is_a_400_not_a_404(ds: Client) -> None:
    for path in (f"/envelopes/{NO_SUCH}", f"/envelopes/{NO_SUCH}/recipients", f"/envelopes/{NO_SUCH}/documents/1",
                 f"/envelopes/{NO_SUCH}/custom_fields", "/envelopes/not-a-guid"):
        assert_error(ds.get(path), 400, "ENVELOPE_DOES_NOT_EXIST")
    assert_error(ds.put(f"/envelopes/{NO_SUCH}", json={"status": "voided", "voidedReason": "x"}), 400,
                 "ENVELOPE_DOES_NOT_EXIST")


def test_missing_and_bad_credentials(env: dict[str, str]) -> None:
    url = f"{env['DOCUSIGN_BASE_URL']}/restapi/v2.1/accounts/{env['DOCUSIGN_ACCOUNT_ID']}/templates"
    assert_error(requests.get(url, timeout=5), 401, "USER_AUTHENTICATION_FAILED")
    assert_error(requests.get(url, headers={"Authorization": "Bearer not-a-token"}, timeout=5), 401,
                 "AUTHORIZATION_INVALID_TOKEN")
    token = env["DOCUSIGN_ACCESS_TOKEN"]
    assert_error(requests.get(url, headers={"Authorization": f"Basic {token}"}, timeout=5), 401,
                 "AUTHORIZATION_INVALID_TOKEN")
    assert requests.get(url, headers={"Authorization": f"bearer {token}"}, timeout=5).status_code == 200
    odd = {"Authorization": "Bearer tok\xe9n".encode("latin-1")}
    assert_error(requests.get(url, headers=odd, timeout=5), 401, "AUTHORIZATION_INVALID_TOKEN")


def test_wrong_account_and_other_tenants(world: World, env: dict[str, str]) -> None:
    base = env["DOCUSIGN_BASE_URL"] + "/restapi/v2.1/accounts/"
    mine = {"Authorization": f"Bearer {env['DOCUSIGN_ACCESS_TOKEN'] }"}
    assert_error(requests.get(base + NO_SUCH + "/templates", headers=mine, timeout=5), 400, "USER_LACKS_MEMBERSHIP")
    world.add_tenant("acme")
    acme = {"Authorization": f"Bearer {static_token(world.hub.settings, 'acme')}"}
    assert requests.get(base + account_id("acme") + "/templates", headers=acme, timeout=5).status_code == 200
    assert_error(requests.get(base + account_id("acme") + "/templates", headers=mine, timeout=5), 400,
                 "USER_LACKS_MEMBERSHIP")
    default_envelope = Client(env).create(offer_definition(Client(env).template_id()))["envelopeId"]
    assert_error(requests.get(base + account_id("acme") + f"/envelopes/{default_envelope}", headers=acme, timeout=5),
                 400, "ENVELOPE_DOES_NOT_EXIST")


@pytest.mark.parametrize(
    ("change", "code", "hint"),
    [
        (lambda b: b.update(templateId=NO_SUCH), "TEMPLATE_ID_INVALID", NO_SUCH),
        (lambda b: b["templateRoles"][0].update(roleName="Recruiter"), "INVALID_REQUEST_PARAMETER", "Recruiter"),
        (lambda b: b["templateRoles"][1].pop("email"), "INVALID_EMAIL_ADDRESS_FOR_RECIPIENT", "Candidate"),
        (lambda b: b["templateRoles"][1].update(email="zoe at example"), "INVALID_EMAIL_ADDRESS_FOR_RECIPIENT", "zoe"),
        (lambda b: b["templateRoles"][0].update(name=""), "INVALID_USERNAME_FOR_RECIPIENT", "Hiring Manager"),
        (lambda b: b.update(status="completed"), "INVALID_REQUEST_PARAMETER", "status"),
        (lambda b: b["templateRoles"][0].update(routingOrder="first"), "INVALID_REQUEST_BODY", "routingOrder"),
        (lambda b: b.update(templateRoles={"roleName": "Candidate"}), "INVALID_REQUEST_BODY", "templateRoles"),
        (lambda b: b["customFields"].update(textCustomFields=[{"name": ["x"]}]), "INVALID_REQUEST_BODY", "name"),
        (lambda b: b.update(eventNotification={"url": "not a url", "events": ["envelope-sent"]}),
         "INVALID_REQUEST_PARAMETER", "url"),
        (lambda b: b.update(eventNotification={"url": "http://x.example/", "events": ["envelope-exploded"]}),
         "INVALID_REQUEST_PARAMETER", "envelope-exploded"),
        (lambda b: b.update(compositeTemplates=[{"serverTemplates": []}]), "INVALID_REQUEST_PARAMETER", "composite"),
    ],
)
def test_create_envelope_refusals(ds: Client, world: World, change, code: str, hint: str) -> None:  # type: ignore[no-untyped-def]
    body = offer_definition(ds.template_id())
    change(body)
    refused = assert_error(ds.post("/envelopes", json=body), 400, code)
    assert hint in refused["message"]
    assert world.esign.envelopes() == []


def test_documents_envelope_needs_content(ds: Client) -> None:
    refused = ds.post("/envelopes", json={"status": "sent", "emailSubject": "x", "recipients": {"signers": [
        {"email": "a@x.example", "name": "A", "recipientId": "1"}]}})
    assert_error(refused, 400, "ENVELOPE_IS_INCOMPLETE")
    bad = ds.post("/envelopes", json={"documents": [{"documentBase64": "!!!", "name": "a.pdf", "documentId": "1"}]})
    assert_error(bad, 400, "INVALID_REQUEST_PARAMETER")


@pytest.mark.parametrize("raw", [b"", b"{", b"[]", b'"text"', b"\xff\xfe", b"null", b'{"status": 7, "textTabs": 7}'])
def test_unreadable_bodies_are_invalid_request_body(ds: Client, raw: bytes) -> None:
    for response in (ds.post("/envelopes", data=raw, headers={"Content-Type": "application/json"}),
                     ds.put(f"/envelopes/{NO_SUCH}/recipients/1/tabs", data=raw)):
        assert_error(response, 400, "INVALID_REQUEST_BODY")


def test_unknown_routes_and_methods(ds: Client) -> None:
    assert_error(ds.get("/no/such/thing"), 404, "RESOURCE_NOT_FOUND")
    assert_error(ds.session.delete(ds.base + "/envelopes"), 405, "INVALID_REQUEST_PARAMETER")


def test_bad_query_values(ds: Client) -> None:
    assert ds.get("/templates", params={"count": "-1"}).json()["errorCode"] == "INVALID_REQUEST_PARAMETER"
    assert ds.get("/envelopes", params={"from_date": "2026-01-01", "from_to_status": "exploded"}).status_code == 400


def test_rate_limit_headers_count_down(ds: Client, world: World) -> None:
    first = ds.get("/templates")
    second = ds.get("/templates")
    assert first.headers["X-RateLimit-Limit"] == "3000"
    assert (first.headers["X-RateLimit-Remaining"], second.headers["X-RateLimit-Remaining"]) == ("2999", "2998")
    assert (first.headers["X-BurstLimit-Limit"], second.headers["X-BurstLimit-Remaining"]) == ("200", "198")
    top_of_next_hour = int(world.hub.clock.timestamp()) // 3600 * 3600 + 3600
    assert first.headers["X-RateLimit-Reset"] == str(top_of_next_hour)
    world.hub.clock.advance(3600)
    assert ds.get("/templates").headers["X-RateLimit-Remaining"] == "2999"


def test_burst_limit_is_enforced_when_asked(ds: Client, world: World) -> None:
    world.hub.settings["docusign.enforce_rate_limits"] = True
    statuses = [ds.get("/templates").status_code for _ in range(201)]
    assert statuses[:200] == [200] * 200
    assert_error(ds.get("/templates"), 429, "BURST_APIINVOCATION_LIMIT_EXCEEDED")
    world.hub.clock.advance(30)
    assert ds.get("/templates").status_code == 200


def test_injected_fault_answers_in_docusign_shape(ds: Client, world: World) -> None:
    world.hub.faults.add(kind="status", fake="docusign", operation="create_envelope", status=503)
    assert_error(ds.post("/envelopes", json=offer_definition(ds.template_id())), 503, "UNSPECIFIED_ERROR")
    assert world.esign.envelopes() == []
