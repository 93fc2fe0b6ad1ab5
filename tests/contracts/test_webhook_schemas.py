"""Every webhook the fakes send matches its published JSON Schema, and every
published schema belongs to a webhook the fakes really send.

One served world goes through a journey that makes each dialect send every
event it can: Greenhouse's twelve web hook actions and its ping, BambooHR's event-based
and legacy field-based employee events (JSON and form-encoded) through
subscriptions made with its API, DocuSign Connect messages from the
account-level configuration and from an envelope's ``eventNotification``,
and Calendly's ``invitee.created`` / ``invitee.canceled`` including a
reschedule. The bodies are captured as they arrive at a receiver on
127.0.0.1 and validated against ``contracts/<fake>/webhooks/<event>.schema.json``.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import jsonschema
import pytest
import requests

from fakes.ats.greenhouse.webhooks import ACTIONS as GREENHOUSE_ACTIONS
from fakes.ats.greenhouse.webhooks import PING as GREENHOUSE_PING
from fakes.esign.docusign.webhooks import ALL_EVENTS as DOCUSIGN_CONNECT_EVENTS
from fakes.hris.bamboohr.webhooks import LEGACY as BAMBOOHR_LEGACY
from fakes.hris.bamboohr.webhooks import MODERN as BAMBOOHR_MODERN
from fakes.scheduler.calendly.webhooks import SENT as CALENDLY_SENT
from fakes.world import World

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"
WEBHOOK_FAKES = ("greenhouse", "bamboohr", "docusign", "calendly")
# What each dialect says it can send (a draft's envelope-created goes only where it is asked for).
SENDABLE = {
    "greenhouse": {*GREENHOUSE_ACTIONS, GREENHOUSE_PING},
    "bamboohr": set(BAMBOOHR_MODERN) | set(BAMBOOHR_LEGACY),
    "docusign": set(DOCUSIGN_CONNECT_EVENTS) | {"envelope-created"},
    "calendly": set(CALENDLY_SENT),
}
TIMEOUT = 10.0


# -- the receiver ------------------------------------------------------------------
@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def fake(self) -> str:
        return self.path.strip("/").split("/")[0]


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # deliveries arrive together; the default backlog of 5 drops SYNs
    daemon_threads = True


class Receiver:
    """Records every POST; the first path segment says which fake it came from."""

    def __init__(self, world: World) -> None:
        self.received: list[Received] = []
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with outer._lock:
                    outer.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
                world.hub.notify()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def count(self) -> int:
        with self._lock:
            return len(self.received)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


# -- reading what arrived, independently of the fakes' code ---------------------------
def decode_form(body: bytes) -> dict[str, Any]:
    """PHP ``http_build_query`` pairs (``a[b][0]=x``) back into nested objects and lists."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body.decode("utf-8"), keep_blank_values=True):
        head, _, rest = key.partition("[")
        path = [head] + ([part.rstrip("]") for part in rest.split("[")] if rest else [])
        node: Any = root
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    return _lists(root)


def _lists(node: Any) -> Any:
    if isinstance(node, dict):
        node = {key: _lists(value) for key, value in node.items()}
        if node and all(key.isdigit() for key in node):
            return [node[key] for key in sorted(node, key=int)]
    return node


def payload_of(message: Received) -> Any:
    if message.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return decode_form(message.body)
    return json.loads(message.body)


def event_of(fake: str, payload: dict[str, Any]) -> str:
    """The event a body announces, read the way a receiver reads it."""
    if fake == "greenhouse":
        return str(payload["action"])
    if fake == "bamboohr":
        if "type" in payload:
            return str(payload["type"])
        return "employee_with_fields." + str(payload["employees"][0]["action"]).lower()
    return str(payload["event"])  # DocuSign Connect and Calendly


def schema_path(fake: str, event: str) -> Path:
    return CONTRACTS / fake / "webhooks" / f"{event}.schema.json"


def published_schemas() -> set[tuple[str, str]]:
    return {(path.parent.parent.name, path.name.removesuffix(".schema.json"))
            for path in CONTRACTS.glob("*/webhooks/*.schema.json")}


# -- the journey -----------------------------------------------------------------------
@dataclass
class Journey:
    world: World
    received: list[Received]
    sent: Counter[tuple[str, str]]  # (fake, event) -> deliveries the dispatcher made

    def messages(self) -> list[tuple[str, str, Any]]:
        out = []
        for message in self.received:
            payload = payload_of(message)
            out.append((message.fake, event_of(message.fake, payload), payload))
        return out


class Http:
    """One vendor API the way a SUT calls it."""

    def __init__(self, base: str, auth: tuple[str, str] | None = None, headers: dict[str, str] | None = None) -> None:
        self.base = base
        self.session = requests.Session()
        self.session.auth = auth
        self.session.headers.update(headers or {})

    def call(self, method: str, path: str, expect: int = 200, **kwargs: Any) -> requests.Response:
        response = self.session.request(method, path if path.startswith("http") else self.base + path, timeout=10,
                                        **kwargs)
        assert response.status_code == expect, f"{method} {path}: {response.status_code} {response.text[:500]}"
        return response


def greenhouse_journey(world: World, env: dict[str, str], receiver: Receiver) -> None:
    world.hub.settings.update({"greenhouse.rate_limit": 0})
    world.fakes["greenhouse"].save_webhook(receiver.url("/greenhouse"))  # pinged on save
    harvest = Http(env["GREENHOUSE_BASE_URL"] + "/v1", auth=(env["GREENHOUSE_API_KEY"], ""),
                   headers={"On-Behalf-Of": env["GREENHOUSE_USER_ID"]})
    job = world.act("ats.create_job", title="Backend Engineer", department="Engineering", office="New York",
                    stages=["Application Review", "Phone Screen", "Offer"],
                    hiring_manager={"first_name": "Hana", "last_name": "Manager", "email": "hana@example.com"},
                    recruiter={"first_name": "Rae", "last_name": "Cruiter", "email": "rae@example.com"})
    stages = {s["name"]: int(s["id"]) for s in job["stages"]}
    terms = {"salary": "103000.00", "currency": "USD", "pay_period": "year", "employment_type": "Full-time",
             "hours_per_week": "40", "start_date": "2026-04-06"}

    # Ada is hired: applied, advanced, edited, offered, offer changed and approved, hired.
    ada = world.act("ats.apply", job_id=job["id"], first_name="Ada", last_name="Lovelace", email="ada@example.com",
                    custom_fields={"harness_journey": "journey-ada"})  # new_candidate_application
    app = ada["application_id"]
    harvest.call("POST", f"/applications/{app}/advance", json={"from_stage_id": stages["Application Review"]})
    harvest.call("PATCH", f"/candidates/{ada['candidate_id']}", json={"title": "Engineer"})  # update_candidate
    sources = harvest.call("GET", "/sources").json()
    harvest.call("PATCH", f"/applications/{app}", json={"source_id": sources[-1]["id"]})  # application_updated
    harvest.call("POST", f"/applications/{app}/move",
                 json={"from_stage_id": stages["Phone Screen"], "to_stage_id": stages["Offer"]})
    world.act("ats.create_offer", application_id=app, **terms)  # offer_created
    harvest.call("PATCH", f"/applications/{app}/offers/current_offer", json={"start_date": "2026-04-13"})
    world.act("ats.approve_offer", application_id=app)  # offer_approved
    harvest.call("POST", f"/applications/{app}/hire", json={})  # hire_candidate

    # Bob is rejected, unrejected, his offer withdrawn and his application deleted.
    bob = world.act("ats.apply", job_id=job["id"], first_name="Bob", last_name="Byte", email="bob@example.com")
    app = bob["application_id"]
    harvest.call("POST", f"/applications/{app}/reject", json={"notes": "Not this time"})  # reject_candidate
    harvest.call("POST", f"/applications/{app}/unreject", json={})  # unreject_candidate
    world.act("ats.create_offer", application_id=app, **terms)
    world.act("ats.delete_offer", application_id=app)  # offer_deleted
    harvest.call("DELETE", f"/applications/{app}")  # delete_application


def bamboohr_journey(world: World, env: dict[str, str], receiver: Receiver) -> None:
    api = Http(f"{env['BAMBOOHR_BASE_URL']}/api/gateway.php/{env['BAMBOOHR_COMPANY_DOMAIN']}/v1",
               auth=(env["BAMBOOHR_API_KEY"], "x"), headers={"Accept": "application/json"})
    events = ["employee.created", "employee.updated", "employee.deleted"]
    for fmt in ("json", "form-encoded"):
        api.call("POST", "/webhooks", expect=201, json={
            "name": f"events-{fmt}", "url": receiver.url(f"/bamboohr/{fmt}"), "format": fmt, "events": events,
            "monitorFields": ["firstName", "jobTitle"]})
        api.call("POST", "/webhooks", expect=201, json={  # no events: the legacy employee_with_fields.* ones
            "name": f"fields-{fmt}", "url": receiver.url(f"/bamboohr/legacy-{fmt}"), "format": fmt,
            "monitorFields": ["firstName"], "postFields": {"firstName": "First", "lastName": "Last",
                                                           "workEmail": "Email"}})
    created = api.call("POST", "/employees", expect=201, json={
        "firstName": "Ada", "lastName": "Lovelace", "workEmail": "ada@example.com", "hireDate": "2026-04-06"})
    ident = created.headers["Location"].rsplit("/", 1)[1]
    api.call("POST", f"/employees/{ident}", json={"firstName": "Augusta", "jobTitle": "Engineer"})
    world.act("hris.delete_employee", employee_id=int(ident))


def docusign_journey(world: World, env: dict[str, str], receiver: Receiver) -> None:
    world.hub.settings["docusign.connect_url"] = receiver.url("/docusign/account")
    api = Http(f"{env['DOCUSIGN_BASE_URL']}/restapi/v2.1/accounts/{env['DOCUSIGN_ACCOUNT_ID']}",
               headers={"Authorization": f"Bearer {env['DOCUSIGN_ACCESS_TOKEN']}"})
    template = api.call("GET", "/templates", params={"search_text": "Offer Letter"}).json()
    template_id = template["envelopeTemplates"][0]["templateId"]

    def envelope(status: str, notify: bool = False) -> str:
        body: dict[str, Any] = {
            "templateId": template_id, "status": status, "emailSubject": "Your offer",
            "templateRoles": [
                {"roleName": "Hiring Manager", "name": "Hana Manager", "email": "hana@example.com"},
                {"roleName": "Candidate", "name": "Zoë O'Brien", "email": "zoe@example.com",
                 "tabs": {"textTabs": [{"tabLabel": "salary", "value": "103000.00"}]}},
            ],
            "customFields": {"textCustomFields": [{"name": "greenhouse_application_id", "value": "4001"}]},
        }
        if notify:
            body["eventNotification"] = {
                "url": receiver.url("/docusign/envelope"), "includeHMAC": "true", "requireAcknowledgment": "true",
                "events": sorted(SENDABLE["docusign"]),
                "eventData": {"version": "restv2.1", "format": "json",
                              "includeData": ["recipients", "custom_fields", "tabs"]}}
        return str(api.call("POST", "/envelopes", expect=201, json=body).json()["envelopeId"])

    signed = envelope("created", notify=True)  # a draft: envelope-created
    api.call("PUT", f"/envelopes/{signed}", json={"status": "sent"})  # envelope-sent, recipient-sent
    world.act("esign.view", envelope_id=signed, role="Hiring Manager")  # delivered
    world.act("esign.sign", envelope_id=signed, role="Hiring Manager")
    world.act("esign.sign", envelope_id=signed, role="Candidate")  # completed
    declined = envelope("sent")
    world.act("esign.sign", envelope_id=declined, role="Hiring Manager")
    world.act("esign.decline", envelope_id=declined, role="Candidate", reason="Took another offer")
    voided = envelope("sent", notify=True)
    api.call("PUT", f"/envelopes/{voided}", json={"status": "voided", "voidedReason": "Offer rescinded"})


def calendly_journey(world: World, env: dict[str, str], receiver: Receiver) -> None:
    api = Http(env["CALENDLY_BASE_URL"], headers={"Authorization": f"Bearer {env['CALENDLY_TOKEN']}"})
    me = api.call("GET", "/users/me").json()["resource"]
    api.call("POST", "/webhook_subscriptions", expect=201, json={
        "url": receiver.url("/calendly"), "events": ["invitee.created", "invitee.canceled"],
        "organization": me["current_organization"], "scope": "organization", "signing_key": "whsec-contracts"})
    types = api.call("GET", "/event_types", params={"user": me["uri"]}).json()["collection"]
    owner = next(t["uri"] for t in types if t["name"] == "Phone Screen")
    bookings = []
    for start in ("2026-03-05T15:00:00Z", "2026-03-05T17:00:00Z"):
        link = api.call("POST", "/scheduling_links", expect=201,
                        json={"max_event_count": 1, "owner": owner, "owner_type": "EventType"}).json()
        bookings.append(world.act("scheduler.book", booking_url=link["resource"]["booking_url"] + "?utm_content=4001",
                                  invitee_name="Zoë O'Brien", email="zoe@example.com", start_time=start))
    world.act("scheduler.reschedule", invitee_uuid=bookings[0]["invitee_uuid"],
              new_start_time="2026-03-06T16:00:00Z")  # invitee.canceled (rescheduled) + invitee.created
    world.act("scheduler.cancel", uuid=bookings[1]["invitee_uuid"], reason="Accepted another offer")


@pytest.fixture(scope="module")
def journey() -> Iterator[Journey]:
    world = World(seed=23)
    world.serve(smtp_port=None)
    receiver = Receiver(world)
    try:
        env = world.contract_env()
        greenhouse_journey(world, env, receiver)
        bamboohr_journey(world, env, receiver)
        docusign_journey(world, env, receiver)
        calendly_journey(world, env, receiver)
        deliveries = world.hub.dispatcher.deliveries()
        settled = world.wait_until(
            lambda: not world.hub.dispatcher.active and receiver.count() >= len(deliveries), TIMEOUT)
        assert settled, f"{receiver.count()} of {len(deliveries)} webhooks arrived in {TIMEOUT} s"
        assert all(d.state == "delivered" for d in deliveries), [(d.event, d.state, d.attempts) for d in deliveries]
        assert not world.hub.errors, "the fakes answered 500 during the journey:\n" + "\n".join(
            trace for _, trace in world.hub.errors)
        yield Journey(world, list(receiver.received), Counter((d.fake, d.event) for d in deliveries))
    finally:
        receiver.close()
        world.stop()


# -- the tests ---------------------------------------------------------------------------
def test_every_webhook_sent_matches_its_schema(journey: Journey) -> None:
    problems = []
    for fake, event, payload in journey.messages():
        path = schema_path(fake, event)
        if not path.exists():
            problems.append(f"{fake} sent {event} but {path.relative_to(CONTRACTS.parent)} does not exist")
            continue
        validator = jsonschema.Draft202012Validator(json.loads(path.read_text()),
                                                    format_checker=jsonschema.FormatChecker())
        problems += [f"{fake} {event}: {error.message} at {'/'.join(map(str, error.absolute_path))}"
                     for error in validator.iter_errors(payload)]
    assert not problems, "webhooks that break their published schema:\n" + "\n".join(problems)


def test_the_receiver_got_what_the_fakes_sent(journey: Journey) -> None:
    arrived = Counter((fake, event) for fake, event, _ in journey.messages())
    assert arrived == journey.sent


def test_the_journey_sends_every_event_each_dialect_can_send(journey: Journey) -> None:
    for fake in WEBHOOK_FAKES:
        sent = {event for (sender, event) in journey.sent if sender == fake}
        assert sent == SENDABLE[fake], f"{fake}: not sent {sorted(SENDABLE[fake] - sent)}, " \
                                       f"unexpected {sorted(sent - SENDABLE[fake])}"


def test_every_event_sent_has_a_schema_and_every_schema_was_sent(journey: Journey) -> None:
    sent = set(journey.sent)
    published = published_schemas()
    assert not sent - published, f"events sent without a schema under contracts/: {sorted(sent - published)}"
    assert not published - sent, f"schemas of events the fakes never send (dead): {sorted(published - sent)}"
    assert {fake for fake, _ in published} == set(WEBHOOK_FAKES)


def test_the_journey_covers_both_docusign_sources_and_a_calendly_reschedule(journey: Journey) -> None:
    docusign = {message.path for message in journey.received if message.fake == "docusign"}
    assert docusign == {"/docusign/account", "/docusign/envelope"}
    canceled = [payload for fake, event, payload in journey.messages()
                if (fake, event) == ("calendly", "invitee.canceled")]
    assert sorted(p["payload"]["rescheduled"] for p in canceled) == [False, True]
    bamboohr = {message.headers["content-type"].split(";")[0] for message in journey.received
                if message.fake == "bamboohr"}
    assert bamboohr == {"application/json", "application/x-www-form-urlencoded"}


@pytest.mark.parametrize("path", sorted(CONTRACTS.glob("*/webhooks/*.schema.json")),
                         ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_schemas_are_valid_draft_2020_12(path: Path) -> None:
    jsonschema.Draft202012Validator.check_schema(json.loads(path.read_text()))


@pytest.mark.parametrize(("fake", "event", "breakage"), [
    ("greenhouse", "hire_candidate", lambda p: p["payload"].pop("application")),
    ("bamboohr", "employee.updated", lambda p: p["data"].update(changedFields=[])),
    ("docusign", "envelope-completed", lambda p: p.pop("data")),
    ("calendly", "invitee.created", lambda p: p.update(event="invitee.nope")),
])
def test_the_schemas_reject_a_broken_body(journey: Journey, fake: str, event: str, breakage: Any) -> None:
    payload = next(json.loads(m.body) for m in journey.received
                   if m.fake == fake and m.headers["content-type"].startswith("application/json")
                   and event_of(fake, json.loads(m.body)) == event)
    validator = jsonschema.Draft202012Validator(json.loads(schema_path(fake, event).read_text()))
    assert validator.is_valid(payload)
    breakage(payload)
    assert not validator.is_valid(payload), f"the {fake} {event} schema let a broken body through"
