"""Live answers of every served operation, checked against the vendors' own specs.

The specs are in ``contracts/vendor/`` (see the README there for source,
commit and licence): BambooHR's OpenAPI 3.1 whole, a cut of DocuSign's
eSignature v2.1 Swagger 2.0 file, and the response schemas of Calendly's
OpenAPI 3.0. One scripted journey per vendor calls every operation its fake
serves at least once; each answer's status must be one the vendor documents
for the operation, and a JSON body must match the documented schema of that
status (an XML body must be well-formed and the operation must document
XML). Operations with no place in the vendor's spec are listed in
``NOT_IN_SPEC`` with the reason; any other served operation the journey does
not reach fails the test, so a new route needs a call here.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import jsonschema
import pytest
import requests
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012

from fakes.world import World

VENDOR = Path(__file__).resolve().parents[2] / "contracts" / "vendor"
START = "2026-03-05T15:00:00Z"

NOT_IN_SPEC = {
    "bamboohr": {
        "oauth_authorize": "OAuth endpoints appear only as securitySchemes.oauth URLs, with no response schema",
        "oauth_token": "OAuth endpoints appear only as securitySchemes.oauth URLs, with no response schema",
    },
    "docusign": {
        "oauth_token": "the account server (JWT grant) is not part of the eSignature REST spec",
        "oauth_userinfo": "the account server is not part of the eSignature REST spec",
    },
    "calendly": {"booking_page": "a web page the candidate opens, not an API operation"},
}


@dataclass
class Call:
    operation: str
    route: str  # the fake's route path
    method: str
    status: int
    content_type: str
    body: bytes


class Recorder:
    """Sends requests and keeps each answer with the fake operation that served it (from the journal)."""

    def __init__(self, world: World, fake: str, base: str, headers: dict[str, str]) -> None:
        self.world, self.fake, self.base = world, fake, base
        self.session = requests.Session()
        self.session.headers.update(headers)
        self.calls: list[Call] = []

    def __call__(self, method: str, path: str, expect: int | None = None, **kwargs: Any) -> requests.Response:
        answer = self.session.request(method, path if path.startswith("http") else self.base + path, timeout=10,
                                      **kwargs)
        journal = self.world.hub.journal
        operation = journal.tail(journal.last_seq - 1)[-1]
        route = next(r for r in self.world.fakes[self.fake].router.routes if r.operation == operation.operation)
        self.calls.append(Call(operation.operation, route.path, method.upper(), answer.status_code,
                               answer.headers.get("Content-Type", ""), answer.content))
        if expect is not None:
            assert answer.status_code == expect, (method, path, answer.status_code, answer.text[:300])
        return answer


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    w = World(seed=5)
    w.serve(smtp_port=None)
    yield w
    w.stop()


# -- validation -----------------------------------------------------------------------------
def validator(spec: dict[str, Any], pointer: str, draft: Any) -> jsonschema.protocols.Validator:
    registry: Registry = Registry().with_resource("urn:vendor-spec", Resource(contents=spec, specification=draft))
    schema = {"$ref": "urn:vendor-spec#" + pointer}
    cls = jsonschema.Draft4Validator if draft is DRAFT4 else jsonschema.Draft202012Validator
    return cls(schema, registry=registry)


def escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


def problems(calls: list[Call], documented: Callable[[Call], dict[str, Any] | None],
             schema_of: Callable[[Call, str], jsonschema.protocols.Validator | None]) -> list[str]:
    found = []
    exempt = {op for ops in NOT_IN_SPEC.values() for op in ops}
    for call in calls:
        if call.operation in exempt:
            continue
        label = f"{call.method} {call.route} ({call.operation}) -> {call.status}"
        responses = documented(call)
        if responses is None:
            found.append(f"{label}: the spec has no such operation")
            continue
        if str(call.status) not in responses and "default" not in responses:
            found.append(f"{label}: status not documented (documented: {', '.join(sorted(responses))})")
            continue
        media = call.content_type.split(";")[0].strip().lower()
        if not call.body.strip():
            continue
        if "xml" in media:
            content = (responses.get(str(call.status)) or {}).get("content") or {}
            if not any("xml" in key for key in content):
                found.append(f"{label}: answered XML, which the spec does not offer here")
            ElementTree.fromstring(call.body)
            continue
        if "json" not in media:
            continue
        checker = schema_of(call, str(call.status))
        if checker is None:
            continue
        for error in checker.iter_errors(json.loads(call.body)):
            where = "/".join(map(str, error.absolute_path))
            found.append(f"{label}: at {where or '(root)'}: {error.message[:200]}")
    return found


def unreached(world: World, fake: str, calls: list[Call]) -> list[str]:
    served = {r.operation for r in world.fakes[fake].router.routes}
    reached = {c.operation for c in calls}
    return sorted(served - reached - set(NOT_IN_SPEC[fake]))


# -- BambooHR --------------------------------------------------------------------------------
def bamboohr_spec() -> dict[str, Any]:
    return dict(yaml.safe_load((VENDOR / "bamboohr" / "public.yaml").read_text()))


def bamboohr_path(call: Call) -> str:
    """The spec path of a route: the gateway prefix dropped; v1_1 is documented only as v1."""
    path = call.route.replace("/api/gateway.php/{companyDomain}", "/api").replace("/api/v1_1/", "/api/v1/")
    return path


def bamboohr_journey(world: World) -> list[Call]:
    env = world.contract_env()
    auth = base64.b64encode(f"{env['BAMBOOHR_API_KEY']}:x".encode()).decode()
    api = Recorder(world, "bamboohr", f"{env['BAMBOOHR_BASE_URL']}/api/gateway.php/{env['BAMBOOHR_COMPANY_DOMAIN']}/v1",
                   {"Authorization": f"Basic {auth}", "Accept": "application/json"})
    token = requests.post(f"{env['BAMBOOHR_OAUTH_URL']}/token.php?request=token", timeout=10, data={
        "grant_type": "refresh_token", "refresh_token": env["BAMBOOHR_OAUTH_REFRESH_TOKEN"],
        "client_id": env["BAMBOOHR_CLIENT_ID"], "client_secret": env["BAMBOOHR_CLIENT_SECRET"]}).json()["access_token"]
    created = api("POST", "/employees", 201, json={"firstName": "Ada", "lastName": "Lovelace",
                                                    "workEmail": "ada@example.com", "hireDate": "2026-03-02"})
    ident = created.headers["Location"].rsplit("/", 1)[1]
    api("POST", f"/employees/{ident}", 200, json={"jobTitle": "Engineer"})
    api("GET", f"/employees/{ident}", 200, params={"fields": "firstName,lastName,jobTitle,hireDate,status"})
    api("GET", f"/employees/{ident}", 200, params={"fields": "firstName"}, headers={"Accept": "application/xml"})
    api("GET", "/employees", 200, headers={"Authorization": f"Bearer {token}"})
    api("GET", "/employees", 401)  # an API key on the OAuth-only list
    api("GET", "/employees/directory", 200)
    api("GET", "/employees/changed", 200, params={"since": "2026-01-01T00:00:00Z"})
    api("GET", "/employees/changed/tables/jobInfo", 200, params={"since": "2026-01-01T00:00:00Z"})
    api("POST", f"/employees/{ident}/tables/jobInfo", 200, json={"date": "2026-03-02", "jobTitle": "Engineer"})
    rows = api("GET", f"/employees/{ident}/tables/jobInfo", 200).json()
    row = rows[-1]["id"]
    api("POST", f"/employees/{ident}/tables/jobInfo/{row}", 200, json={"jobTitle": "Senior Engineer"})
    v11 = api.base.replace("/v1", "/v1_1")
    api("POST", f"{v11}/employees/{ident}/tables/jobInfo", 200, json={"date": "2026-04-01", "jobTitle": "Lead"})
    rows = api("GET", f"/employees/{ident}/tables/jobInfo", 200).json()
    api("POST", f"{v11}/employees/{ident}/tables/jobInfo/{rows[-1]['id']}", 200, json={"jobTitle": "Lead II"})
    api("DELETE", f"/employees/{ident}/tables/jobInfo/{row}", 200)
    api("GET", "/meta/fields", 200)
    api("GET", "/meta/tables", 200)
    api("GET", "/meta/lists", 200)
    api("GET", "/webhooks/monitor_fields", 200)
    api("GET", "/webhooks/post-fields", 200)
    hook = api("POST", "/webhooks", 201, json={"name": "h", "url": "https://sut.example/hook", "format": "json",
                                                "events": ["employee.updated"], "monitorFields": ["firstName"]})
    hook_id = hook.json()["id"]
    api("GET", "/webhooks", 200)
    api("GET", f"/webhooks/{hook_id}", 200)
    api("PUT", f"/webhooks/{hook_id}", 200, json={"name": "h2", "url": "https://sut.example/hook", "format": "json",
                                                  "events": ["employee.updated"], "monitorFields": ["lastName"]})
    api("GET", f"/webhooks/{hook_id}/log", 200)
    api("DELETE", f"/webhooks/{hook_id}", 200)
    api("GET", "/employees/999999", 404)
    return api.calls


def test_bamboohr_answers_match_the_bamboohr_spec(world: World) -> None:
    world.reset()
    spec = bamboohr_spec()
    calls = bamboohr_journey(world)

    def documented(call: Call) -> dict[str, Any] | None:
        operation = spec["paths"].get(bamboohr_path(call), {}).get(call.method.lower())
        return None if operation is None else dict(operation["responses"])

    def schema_of(call: Call, status: str) -> jsonschema.protocols.Validator | None:
        response = spec["paths"][bamboohr_path(call)][call.method.lower()]["responses"][status]
        if "$ref" in response or "application/json" not in (response.get("content") or {}):
            return None
        pointer = "/".join(("/paths", escape(bamboohr_path(call)), call.method.lower(), "responses", status,
                            "content", escape("application/json"), "schema"))
        return validator(spec, pointer, DRAFT202012)

    assert problems(calls, documented, schema_of) == []
    assert unreached(world, "bamboohr", calls) == []


# -- DocuSign --------------------------------------------------------------------------------
def docusign_spec() -> dict[str, Any]:
    return dict(json.loads((VENDOR / "docusign" / "esignature.rest.swagger-v2.1.subset.json").read_text()))


def docusign_journey(world: World) -> list[Call]:
    env = world.contract_env()
    api = Recorder(world, "docusign", f"{env['DOCUSIGN_BASE_URL']}/restapi/v2.1/accounts/{env['DOCUSIGN_ACCOUNT_ID']}",
                   {"Authorization": f"Bearer {env['DOCUSIGN_ACCESS_TOKEN']}"})
    templates = api("GET", "/templates", 200, params={"search_text": "Offer Letter"}).json()
    template_id = templates["envelopeTemplates"][0]["templateId"]
    api("GET", f"/templates/{template_id}", 200)
    pdf = base64.b64encode(b"%PDF-1.4 spec check").decode()
    composite = api("POST", "/envelopes", 201, json={
        "status": "sent", "emailSubject": "Offer",
        "compositeTemplates": [{
            "serverTemplates": [{"sequence": "1", "templateId": template_id}],
            "inlineTemplates": [{"sequence": "2", "recipients": {
                "signers": [
                    {"recipientId": "1", "roleName": "Hiring Manager", "name": "Hank", "email": "hank@acme.example"},
                    {"recipientId": "2", "roleName": "Candidate", "name": "Zoë", "email": "zoe@example.com",
                     "clientUserId": "zoe-1", "tabs": {"textTabs": [{"tabLabel": "salary", "value": "103000.00"}]}}],
                "carbonCopies": [{"recipientId": "3", "name": "HR", "email": "hr@acme.example", "routingOrder": "3"}],
                "certifiedDeliveries": [{"recipientId": "4", "name": "Legal", "email": "legal@acme.example",
                                         "routingOrder": "3"}]},
                "customFields": {"textCustomFields": [{"name": "greenhouse_application_id", "value": "4001"}]}}],
        }],
    }).json()["envelopeId"]
    draft = api("POST", "/envelopes", 201, json={
        "status": "created", "emailSubject": "NDA",
        "documents": [{"documentId": "1", "name": "NDA.pdf", "documentBase64": pdf}],
        "recipients": {"signers": [{"recipientId": "1", "name": "A", "email": "a@example.com"}]},
    }).json()["envelopeId"]
    api("PUT", f"/envelopes/{draft}", 200, json={"status": "sent"})
    api("GET", "/envelopes", 200, params={"from_date": "2026-01-01", "include": "recipients,custom_fields"})
    api("GET", f"/envelopes/{composite}", 200, params={"include": "recipients,tabs,custom_fields,documents"})
    api("GET", f"/envelopes/{composite}/recipients", 200, params={"include_tabs": "true"})
    tabs = api("GET", f"/envelopes/{composite}/recipients/2/tabs", 200).json()
    salary = next(t for t in tabs["textTabs"] if t["tabLabel"] == "salary")
    api("PUT", f"/envelopes/{composite}/recipients/2/tabs", 200,
        json={"textTabs": [{"tabId": salary["tabId"], "value": "104000.00"}]})
    api("GET", f"/envelopes/{composite}/custom_fields", 200)
    api("GET", f"/envelopes/{composite}/documents", 200)
    api("GET", f"/envelopes/{composite}/documents/1", 200)
    world.act("esign.sign", envelope_id=composite, role="Hiring Manager")
    api("POST", f"/envelopes/{composite}/views/recipient", 201, json={
        "returnUrl": "https://sut.example/done", "authenticationMethod": "none", "email": "zoe@example.com",
        "userName": "Zoë", "clientUserId": "zoe-1"})
    api("PUT", f"/envelopes/{draft}", 200, json={"status": "voided", "voidedReason": "spec check"})
    api("GET", "/envelopes/00000000-0000-0000-0000-000000000000", 400)
    return api.calls


def docusign_path(call: Call) -> str:
    return call.route.removeprefix("/restapi")


def test_docusign_answers_match_the_esignature_spec(world: World) -> None:
    world.reset()
    spec = docusign_spec()
    calls = docusign_journey(world)

    def documented(call: Call) -> dict[str, Any] | None:
        operation = spec["paths"].get(docusign_path(call), {}).get(call.method.lower())
        return None if operation is None else dict(operation["responses"])

    def schema_of(call: Call, status: str) -> jsonschema.protocols.Validator | None:
        schema = spec["paths"][docusign_path(call)][call.method.lower()]["responses"][status].get("schema")
        if not schema or schema.get("type") == "file":
            return None
        pointer = "/".join(("/paths", escape(docusign_path(call)), call.method.lower(), "responses", status, "schema"))
        return validator(spec, pointer, DRAFT4)

    assert problems(calls, documented, schema_of) == []
    assert unreached(world, "docusign", calls) == []


# -- Calendly --------------------------------------------------------------------------------
def calendly_facts() -> dict[str, Any]:
    return dict(json.loads((VENDOR / "calendly" / "response-schemas.json").read_text()))


def openapi30_to_2020(node: Any) -> Any:
    """OpenAPI 3.0's ``nullable: true`` as JSON Schema (``anyOf`` with null); everything else as is."""
    if isinstance(node, list):
        return [openapi30_to_2020(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: openapi30_to_2020(v) for k, v in node.items() if k != "nullable"}
    if node.get("nullable") is True:
        return {"anyOf": [out, {"type": "null"}]}
    return out


def calendly_journey(world: World) -> list[Call]:
    env = world.contract_env()
    api = Recorder(world, "calendly", env["CALENDLY_BASE_URL"], {"Authorization": f"Bearer {env['CALENDLY_TOKEN']}"})
    me = api("GET", "/users/me", 200).json()["resource"]
    api("GET", me["uri"], 200)
    types = api("GET", "/event_types", 200, params={"user": me["uri"]}).json()["collection"]
    api("GET", types[0]["uri"], 200)
    hook = api("POST", "/webhook_subscriptions", 201, json={
        "url": "https://sut.example/calendly", "events": ["invitee.created", "invitee.canceled"],
        "organization": me["current_organization"], "scope": "organization"}).json()["resource"]
    api("GET", "/webhook_subscriptions", 200, params={"organization": me["current_organization"],
                                                       "scope": "organization"})
    api("GET", hook["uri"], 200)
    link = api("POST", "/scheduling_links", 201, json={"max_event_count": 1, "owner": types[0]["uri"],
                                                        "owner_type": "EventType"}).json()["resource"]
    api("GET", link["booking_url"], 200)
    booked = world.act("scheduler.book", booking_url=link["booking_url"] + "?a1=%2B1%20555%20010%200100",
                       invitee_name="Ada Lovelace", email="ada@example.com", start_time=START)
    event = f"{env['CALENDLY_BASE_URL']}/scheduled_events/{booked['event_uuid']}"
    api("GET", "/scheduled_events", 200, params={"user": me["uri"]})
    api("GET", event, 200)
    api("GET", event + "/invitees", 200)
    api("GET", f"{event}/invitees/{booked['invitee_uuid']}", 200)
    api("POST", event + "/cancellation", 201, json={"reason": "spec check"})
    api("DELETE", hook["uri"], 204)
    api("GET", "/event_types", 400)
    return api.calls


def test_calendly_answers_match_calendlys_response_schemas(world: World) -> None:
    world.reset()
    facts = calendly_facts()
    spec = {"components": openapi30_to_2020(facts["components"]), "operations": openapi30_to_2020(facts["operations"])}
    calls = calendly_journey(world)

    def key(call: Call) -> str:
        return f"{call.method} {call.route}"

    def documented(call: Call) -> dict[str, Any] | None:
        operation = spec["operations"].get(key(call))
        return None if operation is None else dict(operation["responses"])

    def schema_of(call: Call, status: str) -> jsonschema.protocols.Validator | None:
        content = spec["operations"][key(call)]["responses"][status]["content"]
        if "application/json" not in content:
            return None
        pointer = "/".join(("/operations", escape(key(call)), "responses", status, "content",
                            escape("application/json"), "schema"))
        return validator(spec, pointer, DRAFT202012)

    assert problems(calls, documented, schema_of) == []
    assert unreached(world, "calendly", calls) == []


# -- the check itself ------------------------------------------------------------------------
def test_a_wrong_answer_is_reported(world: World) -> None:
    """The same machinery, fed a DocuSign answer with a number where the spec says string, finds it."""
    spec = docusign_spec()
    body = json.dumps({"envelopeId": "e", "status": "sent", "statusDateTime": 5, "uri": "/envelopes/e"}).encode()
    call = Call("create_envelope", "/restapi/v2.1/accounts/{accountId}/envelopes", "POST", 201,
                "application/json", body)
    pointer = "/paths/" + escape("/v2.1/accounts/{accountId}/envelopes") + "/post/responses/201/schema"
    found = problems([call], lambda c: {"201": {}}, lambda c, s: validator(spec, pointer, DRAFT4))
    assert len(found) == 1 and re.search(r"statusDateTime: 5 is not of type 'string'", found[0]), found
    undocumented = problems([Call("x", "/p", "GET", 418, "", b"")], lambda c: {"200": {}}, lambda c, s: None)
    assert undocumented and "status not documented" in undocumented[0]
