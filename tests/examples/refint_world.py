"""A small stateful stand-in for Greenhouse, BambooHR, DocuSign, Calendly and Slack.

Registered as ``responses`` callbacks, so the integration's ``requests``
calls never leave the process. It keeps just enough state to answer like
the vendor (ids, tables, envelope status), records every write, and can be
told to fail a route a number of times.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

import responses

GH = "http://greenhouse.test"
GH_AUTH = "http://auth.greenhouse.test"
BHR = "http://bamboohr.test"
BHR_API = f"{BHR}/api/gateway.php/acme/v1"
DS = "http://docusign.test"
DS_API = f"{DS}/restapi/v2.1/accounts/acct-1"
CAL = "http://calendly.test"
SLACK = "http://slack.test/services/T/B/X"
BHR_PRIVATE_KEY = "bhr-private-key"

ENV = {
    "GREENHOUSE_BASE_URL": GH,
    "GREENHOUSE_AUTH_URL": GH_AUTH,
    "GREENHOUSE_CLIENT_ID": "cid",
    "GREENHOUSE_CLIENT_SECRET": "csecret",
    "GREENHOUSE_USER_ID": "4242",
    "GREENHOUSE_API_KEY": "unused",
    "GREENHOUSE_WEBHOOK_SECRET": "gh-secret",
    "BAMBOOHR_BASE_URL": BHR,
    "BAMBOOHR_COMPANY_DOMAIN": "acme",
    "BAMBOOHR_API_KEY": "bhr-key",
    "DOCUSIGN_BASE_URL": DS,
    "DOCUSIGN_ACCOUNT_ID": "acct-1",
    "DOCUSIGN_ACCESS_TOKEN": "ds-token",
    "DOCUSIGN_HMAC_KEY": "ds-hmac",
    "CALENDLY_BASE_URL": CAL,
    "CALENDLY_TOKEN": "cal-token",
    "SLACK_WEBHOOK_URL": SLACK,
    "SMTP_HOST": "127.0.0.1",
    "SMTP_PORT": "2525",
    "SUT_PUBLIC_URL": "http://sut.test",
    "REPORTING_DATABASE_URL": "sqlite://",
    "ALERT_EMAIL_TO": "owner@example.com",
    "REMINDER_INTERVAL_SECONDS": "0",
}

EVENT_TYPES = {
    name: f"{CAL}/event_types/ET-{i}"
    for i, name in enumerate(["Phone Screen", "Technical Interview", "Onsite", "Coffee Chat"])
}


@dataclass
class Call:
    vendor: str
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    headers: dict[str, str]


@dataclass
class Fault:
    method: str
    pattern: re.Pattern[str]
    answers: list[tuple[int, dict[str, str]]]


def _json(body: bytes | str | None) -> Any:
    if not body:
        return None
    try:
        return json.loads(body, parse_float=Decimal)
    except ValueError:
        return parse_qs(body.decode() if isinstance(body, bytes) else body)


def _answer(status: int, body: Any = None, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    return (
        status,
        {"Content-Type": "application/json", **(headers or {})},
        "" if body is None else json.dumps(body, default=str),
    )


@dataclass
class World:
    rsps: responses.RequestsMock
    calls: list[Call] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    # Greenhouse
    applications: dict[str, dict[str, Any]] = field(default_factory=dict)
    candidates: dict[str, dict[str, Any]] = field(default_factory=dict)
    jobs: dict[str, dict[str, Any]] = field(default_factory=dict)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    offers: dict[str, dict[str, Any]] = field(default_factory=dict)
    job_stages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    tokens: set[str] = field(default_factory=set)
    # BambooHR
    employees: dict[str, dict[str, Any]] = field(default_factory=dict)
    tables: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    # DocuSign
    envelopes: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Calendly
    calendly_signing_key: str = ""

    def __post_init__(self) -> None:
        self._ids = itertools.count(500)
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            for base, vendor in (
                (GH_AUTH, "greenhouse-auth"),
                (GH, "greenhouse"),
                (BHR_API, "bamboohr"),
                (DS_API, "docusign"),
                (CAL, "calendly"),
                (SLACK, "slack"),
            ):
                self.rsps.add_callback(
                    method, re.compile(re.escape(base) + r"(/.*)?$"), callback=self._dispatcher(vendor, base)
                )

    # -- test controls -----------------------------------------------------------
    def fail(self, method: str, path_regex: str, *answers: int | tuple[int, dict[str, str]]) -> None:
        """Answer the next matching requests with these statuses (then behave normally)."""
        queue = [a if isinstance(a, tuple) else (a, {}) for a in answers]
        self.faults.append(Fault(method, re.compile(path_regex), queue))

    def writes(self, vendor: str | None = None) -> list[Call]:
        return [c for c in self.calls if c.method != "GET" and (vendor is None or c.vendor == vendor)]

    def called(self, vendor: str, method: str, path_regex: str) -> list[Call]:
        return [c for c in self.calls if c.vendor == vendor and c.method == method and re.fullmatch(path_regex, c.path)]

    def revoke_tokens(self) -> None:
        self.tokens.clear()

    # -- seeding -----------------------------------------------------------------------
    def add_application(
        self,
        app_id: int,
        *,
        first: str = "Zoë",
        last: str = "O'Brien-Nuñez",
        email: str = "zoe@example.com",
        job_id: int = 300,
        job_name: str = "Staff Engineer",
        department: str = "Engineering",
        opened_at: str = "2026-01-01T00:00:00Z",
        salary: Any = Decimal("103000.00"),
        currency: str = "USD",
        pay_period: str = "year",
        employment_type: str = "Full-time",
        hours: Any = 40,
        starts_at: str = "2026-04-15",
        offer_id: int | None = None,
        omit: tuple[str, ...] = (),
    ) -> None:
        candidate_id = str(app_id + 10_000)
        self.candidates[candidate_id] = {
            "id": int(candidate_id),
            "first_name": first,
            "last_name": last,
            "email_addresses": [{"value": email, "type": "personal"}],
        }
        self.applications[str(app_id)] = {
            "id": app_id,
            "candidate_id": int(candidate_id),
            "jobs": [{"id": job_id, "name": job_name}],
            "status": "active",
            "current_stage": {"id": 1, "name": "Offer"},
        }
        self.jobs.setdefault(
            str(job_id),
            {
                "id": job_id,
                "name": job_name,
                "opened_at": opened_at,
                "status": "open",
                "departments": [{"id": 9, "name": department}],
                "hiring_team": {"hiring_managers": [{"id": 77, "first_name": "Hana", "last_name": "Manager"}]},
            },
        )
        self.users["77"] = {
            "id": 77,
            "name": "Hana Manager",
            "first_name": "Hana",
            "last_name": "Manager",
            "primary_email_address": "hana@example.com",
        }
        fields = {
            # Harvest's currency shape (harvest/_offers.md); web hooks say {amount, unit} (refint_helpers).
            "salary": {"name": "Salary", "type": "currency", "value": {"value": salary, "currency": currency}},
            "pay_period": {"name": "Pay period", "type": "single_select", "value": pay_period},
            "employment_type": {"name": "Employment type", "type": "single_select", "value": employment_type},
            "hours_per_week": {"name": "Hours per week", "type": "number", "value": hours},
        }
        self.offers[str(app_id)] = {
            "id": offer_id or app_id + 20_000,
            "application_id": app_id,
            "version": 1,
            "status": "unresolved",
            "starts_at": starts_at,
            "keyed_custom_fields": {k: v for k, v in fields.items() if k not in omit},
        }

    def candidate_of(self, app_id: int) -> dict[str, Any]:
        return self.candidates[str(self.applications[str(app_id)]["candidate_id"])]

    # -- plumbing -----------------------------------------------------------------------
    def _dispatcher(self, vendor: str, base: str) -> Any:
        def callback(request: Any) -> tuple[int, dict[str, str], str]:
            parts = urlsplit(request.url)
            path = parts.path[len(urlsplit(base).path) :] if vendor != "slack" else parts.path
            call = Call(vendor, request.method, path, parse_qs(parts.query), _json(request.body), dict(request.headers))
            self.calls.append(call)
            for fault in self.faults:
                if (
                    fault.answers
                    and fault.method == call.method
                    and fault.pattern.fullmatch(path)
                    and vendor != "greenhouse-auth"
                ):
                    status, headers = fault.answers.pop(0)
                    return status, {"X-BambooHR-Message": "injected fault", **headers}, ""
            return getattr(self, f"_{vendor.replace('-', '_')}")(call)

        return callback

    # Greenhouse ----------------------------------------------------------------------
    def _greenhouse_auth(self, call: Call) -> tuple[int, dict[str, str], str]:
        expected = "Basic " + base64.b64encode(b"cid:csecret").decode()
        form = call.body or {}
        if (
            call.headers.get("Authorization") != expected
            or form.get("grant_type") != ["client_credentials"]
            or form.get("sub") != ["4242"]
        ):
            return _answer(401, {"error": "invalid_client"})
        token = f"gh-token-{next(self._ids)}"
        self.tokens.add(token)
        return _answer(200, {"access_token": token, "token_type": "bearer", "expires_in": 3600})

    def _greenhouse(self, call: Call) -> tuple[int, dict[str, str], str]:
        if call.headers.get("Authorization", "").removeprefix("Bearer ") not in self.tokens:
            return _answer(401, {"message": "Invalid Basic Auth credentials"})
        path, m = call.path, None
        if call.method == "GET":
            for pattern, store in (
                (r"/v3/applications/(\d+)", self.applications),
                (r"/v3/candidates/(\d+)", self.candidates),
                (r"/v3/jobs/(\d+)", self.jobs),
                (r"/v3/users/(\d+)", self.users),
            ):
                m = re.fullmatch(pattern, path)
                if m:
                    found = store.get(m.group(1))
                    return _answer(200, found) if found is not None else _answer(404, {"message": "not found"})
        if (call.method, path) == ("GET", "/v3/job_interview_stages"):
            wanted = ",".join(call.query.get("job_ids", [])).split(",")
            return _answer(200, [st for job, rows in self.job_stages.items() if job in wanted for st in rows])
        if (call.method, path) == ("GET", "/v3/offers"):
            wanted = ",".join(call.query.get("application_ids", [])).split(",")
            return _answer(200, [o for app, o in self.offers.items() if app in wanted])
        m = re.fullmatch(r"/v3/offers/(\d+)", path)
        if call.method == "PATCH" and m:
            offer = next((o for o in self.offers.values() if str(o["id"]) == m.group(1)), None)
            return _answer(200, offer) if offer is not None else _answer(404, {"message": "Resource not found"})
        if (call.method, path) == ("POST", "/v3/notes"):
            return _answer(201, {"id": next(self._ids), **call.body})
        return _answer(404, {"message": "no such route"})

    # BambooHR ------------------------------------------------------------------------
    def _bamboohr(self, call: Call) -> tuple[int, dict[str, str], str]:
        if call.headers.get("Authorization") != "Basic " + base64.b64encode(b"bhr-key:x").decode():
            return _answer(401, headers={"X-BambooHR-Message": "bad key"})
        path, body = call.path, call.body
        if (call.method, path) == ("POST", "/webhooks"):
            return _answer(201, {"id": "wh-1", "privateKey": BHR_PRIVATE_KEY, **body})
        if (call.method, path) == ("POST", "/employees"):
            employee_id = str(next(self._ids))
            self.employees[employee_id] = {"status": "Active", **body}
            return _answer(201, headers={"Location": f"{BHR_API}/employees/{employee_id}"})
        if (call.method, path) == ("GET", "/employees"):
            rows = [
                {"employeeId": i, "employeeNumber": e.get("employeeNumber"), "lastName": e.get("lastName")}
                for i, e in self.employees.items()
            ]
            return _answer(200, {"data": rows, "meta": {"total": len(rows)}, "_links": {}})
        m = re.fullmatch(r"/employees/(\d+)", path)
        if m and call.method == "POST":
            self.employees[m.group(1)].update(body)
            return _answer(200)
        m = re.fullmatch(r"/employees/(\d+)/tables/(\w+)(?:/(\d+))?", path)
        if m:
            rows = self.tables.setdefault((m.group(1), m.group(2)), [])
            if call.method == "GET":
                return _answer(200, rows)
            if call.method == "POST":
                rows.append({"id": str(next(self._ids)), "employeeId": m.group(1), **body})
                return _answer(200)
            if call.method == "DELETE":
                rows[:] = [r for r in rows if r["id"] != m.group(3)]
                return _answer(200)
        return _answer(404, headers={"X-BambooHR-Message": "no such route"})

    def rows(self, employee_id: str, table: str) -> list[dict[str, Any]]:
        return self.tables.get((employee_id, table), [])

    # DocuSign ------------------------------------------------------------------------
    def _docusign(self, call: Call) -> tuple[int, dict[str, str], str]:
        if call.headers.get("Authorization") != "Bearer ds-token":
            return _answer(401, {"errorCode": "AUTHORIZATION_INVALID_TOKEN", "message": "bad token"})
        if (call.method, call.path) == ("GET", "/templates"):
            return _answer(
                200,
                {
                    "envelopeTemplates": [
                        {"templateId": "tpl-old", "name": "Offer Letter (2019)"},
                        {"templateId": "tpl-offer", "name": "Offer Letter"},
                    ]
                },
            )
        if (call.method, call.path) == ("POST", "/envelopes"):
            envelope_id = f"env-{next(self._ids)}"
            self.envelopes[envelope_id] = {"definition": call.body, "status": "sent"}
            return _answer(
                201,
                {
                    "envelopeId": envelope_id,
                    "status": "sent",
                    "statusDateTime": "2026-03-02T09:00:00Z",
                    "uri": f"/envelopes/{envelope_id}",
                },
            )
        m = re.fullmatch(r"/envelopes/([\w-]+)", call.path)
        if m and m.group(1) in self.envelopes:
            envelope = self.envelopes[m.group(1)]
            if call.method == "PUT" and call.body.get("status") == "voided":
                envelope.update(status="voided", voidedReason=call.body.get("voidedReason"))
            return _answer(200, {"envelopeId": m.group(1), "status": envelope["status"]})
        return _answer(400, {"errorCode": "ENVELOPE_DOES_NOT_EXIST", "message": "no such envelope"})

    # Calendly -------------------------------------------------------------------------
    def _calendly(self, call: Call) -> tuple[int, dict[str, str], str]:
        if call.headers.get("Authorization") != "Bearer cal-token":
            return _answer(401, {"title": "Unauthenticated", "message": "bad token"})
        if (call.method, call.path) == ("GET", "/users/me"):
            return _answer(
                200, {"resource": {"uri": f"{CAL}/users/U1", "current_organization": f"{CAL}/organizations/O1"}}
            )
        if (call.method, call.path) == ("GET", "/event_types"):
            return _answer(
                200,
                {
                    "collection": [{"uri": uri, "name": name, "active": True} for name, uri in EVENT_TYPES.items()],
                    "pagination": {"count": len(EVENT_TYPES), "next_page": None},
                },
            )
        if (call.method, call.path) == ("POST", "/scheduling_links"):
            return _answer(
                201,
                {
                    "resource": {
                        "booking_url": f"https://calendly.test/d/link-{next(self._ids)}",
                        "owner": call.body["owner"],
                        "owner_type": "EventType",
                    }
                },
            )
        if call.method == "POST" and re.fullmatch(r"/scheduled_events/[\w-]+/cancellation", call.path):
            return _answer(201, {"resource": {"canceler_type": "host", "reason": call.body.get("reason")}})
        if (call.method, call.path) == ("POST", "/webhook_subscriptions"):
            self.calendly_signing_key = call.body["signing_key"]
            return _answer(201, {"resource": {"uri": f"{CAL}/webhook_subscriptions/S1", "state": "active"}})
        return _answer(404, {"title": "Resource Not Found", "message": call.path})

    # Slack ---------------------------------------------------------------------------
    def _slack(self, call: Call) -> tuple[int, dict[str, str], str]:
        return 200, {"Content-Type": "text/plain"}, "ok"

    @property
    def slack_messages(self) -> list[str]:
        return [c.body["text"] for c in self.calls if c.vendor == "slack"]
