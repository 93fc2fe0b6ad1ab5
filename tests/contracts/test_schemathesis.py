"""Schemathesis against every committed OpenAPI document: no request, however
malformed, gets a 5xx.

Each ``contracts/<fake>/openapi.json`` is loaded with schemathesis and run
against the live fake on loopback with the ``not_a_server_error`` check only
(answers are vendor-shaped, so response schemas are not checked). Per
operation, in a world reset to the same seed and setup:

- schemathesis' coverage cases (missing and wrong-typed parameters and body
  fields, unexpected content types...), at most ``COVERAGE_LIMIT`` spread
  evenly over the list;
- ``MAX_EXAMPLES`` fuzzed cases in each generation mode (positive and
  negative), derandomized;
- raw bodies that are not JSON, or JSON of the wrong shape.

Most cases carry the credentials of ``world.contract_env()``; every eighth
goes without any and every eighth with wrong ones. Path parameters are, in
three cases of four, replaced by ids that exist in the world (the account,
the company domain, an envelope...), so requests get past the lookup to the
body and query handling; the rest keep schemathesis' own values (unknown
ids). Webhooks the fuzzed subscriptions would send go to an in-memory
transport, never to the network.

``test_the_check_catches_a_broken_route`` runs the same machinery against a
tiny fake whose handler raises, and proves a 500 is reported.
"""

from __future__ import annotations

import base64
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import hypothesis
import hypothesis.errors
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.errors import FailureGroup

from fakes.inbox.slack import WEBHOOK_PATH
from fakes.kit.http import Fake, Request, Response, Route, json_response
from fakes.kit.hub import Hub
from fakes.kit.openapi import document
from fakes.kit.runtime import Runtime
from fakes.world import World

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"
SEED = 31
MAX_EXAMPLES = 8  # fuzzed cases per operation and generation mode
COVERAGE_LIMIT = 24  # schemathesis coverage cases per operation, spread over all it generates
RAW_BODIES = (b'{"unterminated": ', b"[1, 2]", b"null", b'"text"', b"\xff\xfe not utf-8")
CONFIG = schemathesis.Config.from_dict({
    "seed": SEED,
    "cache": {"enabled": False},
    "generation": {"deterministic": True, "database": "none", "with-security-parameters": False},
    "checks": {"enabled": False, "not_a_server_error": {"enabled": True}},
})
SETTINGS = hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    verbosity=hypothesis.Verbosity.quiet,
)


# -- the runner ---------------------------------------------------------------------------
Headers = dict[str, str]


@dataclass
class Target:
    """One served fake: where it is, how it authenticates, which ids exist after ``prepare``."""

    name: str
    raw: dict[str, Any]
    base_url: str
    prepare: Callable[[], None]  # reset the world to the same state before each operation
    credentials: Callable[[str, str], Headers]  # (path template, "valid"|"wrong") -> headers
    known: Callable[[str], dict[str, list[str]]]  # path template -> path parameter -> existing values
    errors: Callable[[], list[str]]  # tracebacks of 500s the fake recorded since the last prepare


@dataclass
class Report:
    operations: int = 0
    cases: int = 0
    seconds: float = 0.0
    statuses: Counter[int] = field(default_factory=Counter)
    auth: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    unsatisfiable: int = 0  # operation and mode pairs schemathesis could not generate for

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500 or status == 0)


def auth_variant(index: int) -> str:
    return {3: "missing", 7: "wrong"}.get(index % 8, "valid")


def spread(items: list[Any], limit: int) -> list[Any]:
    """At most ``limit`` items, evenly spaced over the list (deterministic)."""
    if len(items) <= limit:
        return items
    return [items[i * len(items) // limit] for i in range(limit)]


def for_generation(node: Any) -> Any:
    """The document with ``format`` dropped where a ``pattern`` also constrains the string.

    Hypothesis finds strings that match both a format and a regular expression
    by filtering one through the other, which costs seconds per case (Calendly's
    ``format: uri`` resource references with their ``pattern``); the pattern
    alone is the stronger constraint in these documents, and a value it allows
    that is not a valid URI is one more malformed input for the fake to refuse.
    """
    if isinstance(node, dict):
        pattern = isinstance(node.get("pattern"), str)
        return {k: for_generation(v) for k, v in node.items() if not (k == "format" and isinstance(v, str) and pattern)}
    if isinstance(node, list):
        return [for_generation(item) for item in node]
    return node


def negatable(operation: Any) -> bool:
    """Whether negative generation can produce anything: a body, a query, or a path parameter with constraints."""
    raw = operation.definition.raw
    parameters = raw.get("parameters", [])
    return "requestBody" in raw or any(p["in"] != "path" or p.get("schema") != {"type": "string"} for p in parameters)


class Runner:
    def __init__(self, target: Target) -> None:
        self.target = target
        self.index = 0  # cases sent for the current operation: picks the auth variant and path parameters
        self.schema = schemathesis.openapi.from_dict(for_generation(target.raw), config=CONFIG)
        self.session = requests.Session()
        self.report = Report()

    def run(self) -> Report:
        started = time.perf_counter()
        for result in self.schema.get_all_operations():
            operation = result.ok()  # the documents are validated in test_contracts_current
            self.target.prepare()
            self.report.operations += 1
            self.index = 0
            coverage = list(self.schema.iter_coverage_cases(
                operation, generation_modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                generation_config=self.schema.config.generation_for(operation=operation, phase="coverage")))
            for case in spread(coverage, COVERAGE_LIMIT):
                self.send(case)
            modes = [GenerationMode.POSITIVE, *([GenerationMode.NEGATIVE] if negatable(operation) else [])]
            for mode in modes:

                @SETTINGS
                @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
                def fuzz(case: schemathesis.Case) -> None:
                    self.send(case)

                try:
                    fuzz()
                except hypothesis.errors.Unsatisfiable:  # nothing to negate (say, one string path parameter)
                    self.report.unsatisfiable += 1
            if "requestBody" in operation.definition.raw:
                for body in RAW_BODIES:
                    self.send_raw(operation, body)
            traces = self.target.errors()
            if traces:
                self.report.failures.append(f"{operation.label}: the fake recorded {len(traces)} harness "
                                            f"error(s); the last:\n{traces[-1]}")
        self.report.seconds = time.perf_counter() - started
        self.session.close()
        return self.report

    def _headers(self, path: str) -> tuple[str, Headers]:
        variant = auth_variant(self.index)
        self.report.auth[variant] += 1
        return variant, {} if variant == "missing" else self.target.credentials(path, variant)

    def _path_parameters(self, path: str, generated: dict[str, Any] | None) -> dict[str, Any] | None:
        if not generated or self.index % 4 == 2:
            return generated
        known = self.target.known(path)
        return {name: (known[name][(self.index // 4) % len(known[name])] if known.get(name) else value)
                for name, value in generated.items()}

    def send(self, case: schemathesis.Case) -> None:
        path = case.operation.path
        variant, headers = self._headers(path)
        case.path_parameters = self._path_parameters(path, case.path_parameters)
        self.index += 1
        self.report.cases += 1
        try:
            response = case.call(base_url=self.target.base_url, session=self.session, headers=headers, timeout=10)
        except requests.RequestException as exc:
            self.report.statuses[0] += 1
            self.report.failures.append(f"{case.operation.label} ({variant} auth): no answer: {exc!r}\n"
                                        f"{case.as_curl_command(headers, base_url=self.target.base_url)}")
            return
        self.report.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=[not_a_server_error], headers=headers)
        except (FailureGroup, AssertionError) as exc:  # the report names the check and has a curl to reproduce
            self.report.failures.append(f"{case.operation.label} ({variant} auth): {exc}")

    def send_raw(self, operation: Any, body: bytes) -> None:
        """A body schemathesis would not write: not JSON, not UTF-8, or JSON of the wrong shape."""
        path = operation.path
        variant, headers = self._headers(path)
        generated = {p.name: "0" for p in operation.path_parameters}
        values = self._path_parameters(path, generated) or {}
        self.index += 1
        self.report.cases += 1
        url = self.target.base_url + path.format(**values)
        response = self.session.request(operation.method.upper(), url, data=body, timeout=10,
                                        headers={**headers, "Content-Type": "application/json"})
        self.report.statuses[response.status_code] += 1
        if response.status_code >= 500:
            self.report.failures.append(f"{operation.label} ({variant} auth): {response.status_code} "
                                        f"{response.text[:300]!r} for the raw body {body!r} at {url}")


# -- the fakes as targets -------------------------------------------------------------------
def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def ok_transport() -> httpx.AsyncBaseTransport:
    """Where the fuzzed subscriptions' webhooks go: answered 200 in memory, never sent."""
    return httpx.MockTransport(lambda request: httpx.Response(200))


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    w = World(seed=SEED)
    w.hub.dispatcher.transport = ok_transport()
    w.hub.settings["greenhouse.rate_limit"] = 0  # a frozen clock would keep every run in one 10 s window
    w.serve(smtp_port=None)
    yield w
    w.stop()


def expect(response: requests.Response, status: int) -> requests.Response:
    """A setup call that must work, or the run would test less than it claims."""
    assert response.status_code == status, f"setup: {response.request.method} {response.url}: {response.text[:300]}"
    return response


def ids(world: World, system: str, table: str) -> list[str]:
    return [str(key) for key in world.model(system).store.table(table)]


def greenhouse(world: World, env: Headers) -> Target:
    origin = env["GREENHOUSE_BASE_URL"]
    state: dict[str, str] = {}

    def prepare() -> None:
        world.reset(SEED)
        job = world.act("ats.create_job", title="Backend Engineer", department="Engineering", office="Remote",
                        stages=["Application Review", "Phone Screen", "Offer"],
                        hiring_manager={"first_name": "Hana", "last_name": "Manager", "email": "hana@example.com"})
        for name in ("Ada", "Bob"):
            app = world.act("ats.apply", job_id=job["id"], first_name=name, last_name="Tester",
                            email=f"{name.lower()}@example.com")
        world.act("ats.create_offer", application_id=app["application_id"], salary="103000.00", currency="USD",
                  pay_period="year", employment_type="Full-time", hours_per_week=40, start_date="2026-04-06")
        world.act("ats.submit_scorecard", application_id=app["application_id"],
                  interviewer_user_id=env["GREENHOUSE_USER_ID"], overall_recommendation="yes")
        answer = expect(requests.post(origin + "/auth/token", timeout=10,
                                      auth=(env["GREENHOUSE_CLIENT_ID"], env["GREENHOUSE_CLIENT_SECRET"]),
                                      data={"grant_type": "client_credentials", "sub": env["GREENHOUSE_USER_ID"]}), 200)
        state["token"] = answer.json()["access_token"]

    def credentials(path: str, variant: str) -> Headers:
        good = variant == "valid"
        if path.startswith("/v3/"):
            return {"Authorization": f"Bearer {state['token'] if good else 'not-a-token'}"}
        if path.startswith("/auth/"):
            return {"Authorization": basic(env["GREENHOUSE_CLIENT_ID"],
                                           env["GREENHOUSE_CLIENT_SECRET"] if good else "wrong")}
        return {"Authorization": basic(env["GREENHOUSE_API_KEY"] if good else "ghk_wrong", ""),
                "On-Behalf-Of": env["GREENHOUSE_USER_ID"] if good else "999"}

    tables = {"candidates": "candidates", "applications": "applications", "offers": "offers", "jobs": "jobs",
              "job_stages": "stages", "users": "users", "scorecards": "scorecards"}

    def known(path: str) -> dict[str, list[str]]:
        resource = path.strip("/").split("/")[1] if path.count("/") > 1 else ""
        return {"id": ids(world, "ats", tables[resource])} if resource in tables else {}

    return Target("greenhouse", load("greenhouse"), origin, prepare, credentials, known, errors_of(world))


def bamboohr(world: World, env: Headers, webhook_url: str) -> Target:
    auth = {"valid": basic(env["BAMBOOHR_API_KEY"], "x"), "wrong": basic("0" * 40, "x")}
    api = f"{env['BAMBOOHR_BASE_URL']}/api/v1"

    def prepare() -> None:
        world.reset(SEED)
        headers = {"Authorization": auth["valid"], "Accept": "application/json"}
        created = expect(requests.post(api + "/employees", headers=headers, timeout=10, json={
            "firstName": "Ada", "lastName": "Lovelace", "hireDate": "2026-04-06"}), 201)
        employee = created.headers["Location"].rsplit("/", 1)[1]
        expect(requests.post(f"{api}/employees/{employee}/tables/compensation", headers=headers, timeout=10, json={
            "startDate": "2026-04-06", "rate": {"value": "103000.00", "currency": "USD"}, "type": "Salary",
            "paidPer": "Year", "reason": "New Hire"}), 200)
        expect(requests.post(api + "/webhooks", headers=headers, timeout=10, json={
            "name": "hook", "url": webhook_url, "format": "json", "monitorFields": ["firstName"],
            "events": ["employee.created", "employee.updated", "employee.deleted"]}), 201)

    def known(path: str) -> dict[str, list[str]]:
        hris = world.model("hris")
        rows = [str(r) for t in ("job", "compensation", "employment") for r in hris.store.table(t)]
        employees = ids(world, "hris", "employees")
        return {
            "companyDomain": [env["BAMBOOHR_COMPANY_DOMAIN"]],
            "id": [str(h["id"]) for h in hris.webhooks()] if "/webhooks/" in path else [*employees, "0"],
            "table": ["jobInfo", "compensation", "employmentStatus"],
            "rowId": rows,
        }

    return Target("bamboohr", load("bamboohr"), env["BAMBOOHR_BASE_URL"], prepare,
                  lambda path, variant: {"Authorization": auth[variant]}, known, errors_of(world))


def docusign(world: World, env: Headers, webhook_url: str) -> Target:
    base = f"{env['DOCUSIGN_BASE_URL']}/restapi/v2.1/accounts/{env['DOCUSIGN_ACCOUNT_ID']}"
    token = {"valid": env["DOCUSIGN_ACCESS_TOKEN"], "wrong": "eyJ0eXAiOiJNVCJ9.not-a-token"}

    def prepare() -> None:
        world.reset(SEED)
        headers = {"Authorization": f"Bearer {token['valid']}"}
        template = world.act("esign.templates")[0]
        for status in ("sent", "created"):
            expect(requests.post(base + "/envelopes", headers=headers, timeout=10, json={
                "templateId": template["id"], "status": status, "emailSubject": "Offer",
                "eventNotification": {"url": webhook_url, "events": ["envelope-completed"]},
                "templateRoles": [
                    {"roleName": "Hiring Manager", "name": "Hana Manager", "email": "hana@example.com"},
                    {"roleName": "Candidate", "name": "Ada Lovelace", "email": "ada@example.com"}]}), 201)

    def known(path: str) -> dict[str, list[str]]:
        esign = world.model("esign")
        return {"accountId": [env["DOCUSIGN_ACCOUNT_ID"]],
                "envelopeId": [e["id"] for e in esign.all_envelopes()],
                "recipientId": ["1", "2"], "documentId": ["1", "combined", "certificate"],
                "templateId": ids(world, "esign", "templates")}

    return Target("docusign", load("docusign"), env["DOCUSIGN_BASE_URL"], prepare,
                  lambda path, variant: {"Authorization": f"Bearer {token[variant]}"}, known, errors_of(world))


def calendly(world: World, env: Headers, webhook_url: str) -> Target:
    token = {"valid": env["CALENDLY_TOKEN"], "wrong": "not-a-token"}
    origin = env["CALENDLY_BASE_URL"]
    state: dict[str, list[str]] = {}

    def prepare() -> None:
        world.reset(SEED)
        headers = {"Authorization": f"Bearer {token['valid']}"}
        me = expect(requests.get(origin + "/users/me", headers=headers, timeout=10), 200).json()["resource"]
        expect(requests.post(origin + "/webhook_subscriptions", headers=headers, timeout=10, json={
            "url": webhook_url, "events": ["invitee.created", "invitee.canceled"],
            "organization": me["current_organization"], "scope": "organization"}), 201)
        owner = f"{origin}/event_types/{world.model('scheduler').event_type_named('Phone Screen')['uuid']}"
        links = [expect(requests.post(origin + "/scheduling_links", headers=headers, timeout=10, json={
            "max_event_count": 1, "owner": owner, "owner_type": "EventType"}), 201).json()["resource"]["booking_url"]
            for _ in range(2)]
        world.act("scheduler.book", booking_url=links[0], invitee_name="Ada Lovelace", email="ada@example.com",
                  start_time="2026-03-05T15:00:00Z")
        state["link"] = links[1].split("?")[0].rstrip("/").split("/")[-2:]  # /d/{token}/{slug} of an unused link

    def known(path: str) -> dict[str, list[str]]:
        collection = path.strip("/").split("/")[0]
        table = {"event_types": "event_types", "users": "users", "scheduled_events": "events",
                 "webhook_subscriptions": "subscriptions"}.get(collection, "")
        return {"uuid": ids(world, "scheduler", table) if table else [],
                "event_uuid": ids(world, "scheduler", "events"), "invitee_uuid": ids(world, "scheduler", "invitees"),
                "webhook_uuid": ids(world, "scheduler", "subscriptions"),
                "token": state["link"][:1], "slug": state["link"][1:]}

    return Target("calendly", load("calendly"), origin, prepare,
                  lambda path, variant: {"Authorization": f"Bearer {token[variant]}"}, known, errors_of(world))


def inbox(world: World, env: Headers) -> Target:
    team, bot, secret = WEBHOOK_PATH.strip("/").split("/")[1:]
    origin = env["SLACK_WEBHOOK_URL"].removesuffix(WEBHOOK_PATH)
    return Target("inbox", load("inbox"), origin, lambda: world.reset(SEED), lambda path, variant: {},
                  lambda path: {"team": [team], "bot": [bot], "secret": [secret]}, errors_of(world))


def load(name: str) -> dict[str, Any]:
    return json.loads((CONTRACTS / name / "openapi.json").read_text())  # type: ignore[no-any-return]


def errors_of(world: World) -> Callable[[], list[str]]:
    return lambda: [trace for _, trace in world.hub.errors]


FAKES = ("greenhouse", "bamboohr", "docusign", "calendly", "inbox")


def target_for(name: str, world: World) -> Target:
    env = world.contract_env()
    hook = "http://127.0.0.1:9/hooks"  # never reached: the dispatcher's transport answers in memory
    return {
        "greenhouse": lambda: greenhouse(world, env),
        "bamboohr": lambda: bamboohr(world, env, hook),
        "docusign": lambda: docusign(world, env, hook),
        "calendly": lambda: calendly(world, env, hook),
        "inbox": lambda: inbox(world, env),
    }[name]()


@pytest.mark.slow
@pytest.mark.parametrize("name", FAKES)
def test_no_request_gets_a_server_error(world: World, name: str) -> None:
    report = Runner(target_for(name, world)).run()
    print(f"\n{name}: {report.operations} operations, {report.cases} cases in {report.seconds:.1f} s, "
          f"{report.server_errors} 5xx; statuses {dict(sorted(report.statuses.items()))}; auth {dict(report.auth)}")
    assert report.operations == sum(len(item) for item in load(name)["paths"].values())
    assert report.auth["missing"] and (name == "inbox" or report.auth["wrong"])
    assert report.statuses[200] + report.statuses[201], f"{name}: no request got past validation"
    assert not report.failures, f"{len(report.failures)} failure(s):\n\n" + "\n\n".join(report.failures[:10])
    assert report.server_errors == 0


@pytest.mark.parametrize("body", [{"blocks": 1}, {"text": "hi", "attachments": "x"}, {"blocks": {"a": 1}}])
def test_inbox_refuses_blocks_that_are_not_a_list(world: World, body: dict[str, Any]) -> None:
    """Found by the run above: a 500 (TypeError in the inbox model) became Slack's 400 invalid_payload."""
    answer = requests.post(world.contract_env()["SLACK_WEBHOOK_URL"], json=body, timeout=10)
    assert (answer.status_code, answer.text) == (400, "invalid_payload")


# -- the check has teeth ------------------------------------------------------------------
class BrokenFake(Fake):
    """A fake with a bug: the handler trusts its path parameter to be a number."""

    name = "broken"
    title = "Broken on purpose"

    def routes(self) -> list[Route]:
        return [
            Route("GET", "/things/{id}", self.get_thing, "get_thing", auth=False),
            Route("POST", "/things", self.create_thing, "create_thing", auth=False,
                  body={"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}),
        ]

    def get_thing(self, request: Request) -> Response:
        return json_response({"id": int(request.params["id"])})  # ValueError on "abc": the kit's 500

    def create_thing(self, request: Request) -> Response:
        body = request.json_object()  # bad JSON is the kit's vendor 400, not a 500
        if not isinstance(body.get("name"), str):
            return json_response({"message": "name must be a string"}, 422)
        return json_response({"name": body["name"]}, 201)


def test_the_check_catches_a_broken_route() -> None:
    """The same runner, against a fake whose handler raises: the 500 is reported, so the tests above can fail."""
    hub = Hub(seed=SEED)
    fake = BrokenFake(hub)
    traces: list[str] = []

    def drain() -> list[str]:
        found = [trace for _, trace in hub.errors]
        hub.errors.clear()
        traces.extend(found)
        return found

    runtime = Runtime(hub, [fake]).start()
    try:
        target = Target("broken", document(fake), hub.origins["broken"], lambda: None,
                        lambda path, variant: {}, lambda path: {}, drain)
        report = Runner(target).run()
    finally:
        runtime.stop()
    assert report.operations == 2 and report.server_errors > 0
    broken = [f for f in report.failures if f.startswith("GET /things/{id}")]
    assert any("Server error" in f and "500" in f for f in broken), report.failures
    assert any("harness error" in f and "ValueError" in f for f in broken), report.failures
    assert not [f for f in report.failures if f.startswith("POST /things")], report.failures
    assert traces and all("ValueError: invalid literal for int()" in trace for trace in traces)
