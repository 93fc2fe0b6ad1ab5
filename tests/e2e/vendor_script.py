"""A small offer-to-hire integration written only from the vendors' documentation.

It knows nothing of ats-harness: it reads the SUT contract from its environment,
talks to Greenhouse, DocuSign and BambooHR over their documented HTTP APIs, and
checks every web hook signature with its own code:

- Greenhouse web hooks: ``Signature: sha256 <hex HMAC-SHA256(secret, raw body)>``;
- DocuSign Connect: ``X-DocuSign-Signature-N`` = base64 HMAC-SHA256(Connect key, raw body), any N;
- BambooHR: ``X-BambooHR-Signature`` = hex HMAC-SHA256(privateKey, raw body + X-BambooHR-Timestamp).

When an application enters the "Offer" stage it sends the "Offer Letter" DocuSign
template (hiring manager first, then the candidate) and adds the candidate to
BambooHR. ``python vendor_script.py`` serves on 127.0.0.1:$PORT (0: any port);
``GET /stats`` answers the verified/refused counts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import requests

OFFER_STAGE = "Offer"
TEMPLATE = "Offer Letter"


def hmac_sha256(key: str, data: bytes) -> bytes:
    return hmac.new(key.encode("utf-8"), data, hashlib.sha256).digest()


class Integration:
    def __init__(self, env: Mapping[str, str], public_url: str) -> None:
        self.env, self.url = env, public_url
        self.http = requests.Session()
        self.http.trust_env = False  # straight to the configured origins
        self.bamboohr_key = ""
        self.stats: dict[str, dict[str, int]] = {v: {"verified": 0, "refused": 0} for v in ("gh", "ds", "bhr")}
        self.done: set[int] = set()
        self.lock, self.offer_lock = threading.Lock(), threading.Lock()
        self.gh = env["GREENHOUSE_BASE_URL"].rstrip("/")
        self.bhr = f"{env['BAMBOOHR_BASE_URL'].rstrip('/')}/api/gateway.php/{env['BAMBOOHR_COMPANY_DOMAIN']}/v1"
        self.ds = f"{env['DOCUSIGN_BASE_URL'].rstrip('/')}/restapi/v2.1/accounts/{env['DOCUSIGN_ACCOUNT_ID']}"

    # -- outbound ----------------------------------------------------------------
    def call(self, vendor: str, method: str, url: str, **kw: Any) -> requests.Response:
        if vendor == "gh":
            kw["auth"] = (self.env["GREENHOUSE_API_KEY"], "")
        elif vendor == "bhr":
            kw["auth"] = (self.env["BAMBOOHR_API_KEY"], "x")
            kw["headers"] = {"Accept": "application/json"}
        else:
            kw["headers"] = {"Authorization": f"Bearer {self.env['DOCUSIGN_ACCESS_TOKEN']}"}
        response = self.http.request(method, url, timeout=10, **kw)
        response.raise_for_status()
        return response

    def subscribe_bamboohr(self) -> None:
        hook = {
            "name": "vendor script",
            "url": f"{self.url}/bamboohr",
            "format": "json",
            "events": ["employee.updated"],
            "monitorFields": ["jobTitle", "mobilePhone"],
        }
        self.bamboohr_key = self.call("bhr", "POST", f"{self.bhr}/webhooks", json=hook).json()["privateKey"]

    def on_offer_stage(self, application: dict[str, Any]) -> None:
        with self.offer_lock:  # a redelivered web hook must not send a second envelope
            if application["id"] not in self.done:
                self.send_offer(application)
                self.done.add(application["id"])

    def send_offer(self, application: dict[str, Any]) -> None:
        candidate, job = application["candidate"], application["jobs"][0]
        name = f"{candidate['first_name']} {candidate['last_name']}"
        email = candidate["email_addresses"][0]["value"]
        full_job = self.call("gh", "GET", f"{self.gh}/v1/jobs/{job['id']}").json()
        manager_id = full_job["hiring_team"]["hiring_managers"][0]["id"]
        manager = self.call("gh", "GET", f"{self.gh}/v1/users/{manager_id}").json()
        found = self.call("ds", "GET", f"{self.ds}/templates", params={"search_text": TEMPLATE}).json()
        template_id = next(t["templateId"] for t in found.get("envelopeTemplates") or [] if t["name"] == TEMPLATE)
        envelope = {
            "templateId": template_id,
            "status": "sent",
            "emailSubject": f"Your offer: {job['name']}",
            "templateRoles": [
                {
                    "roleName": "Hiring Manager",
                    "name": manager["name"],
                    "email": manager["primary_email_address"],
                    "routingOrder": "1",
                },
                {"roleName": "Candidate", "name": name, "email": email, "routingOrder": "2"},
            ],
            "eventNotification": {
                "url": f"{self.url}/docusign",
                "includeHMAC": "true",
                "requireAcknowledgment": "true",
                "eventData": {"version": "restv2.1", "format": "json", "includeData": ["recipients"]},
                "envelopeEvents": [{"envelopeEventStatusCode": "completed"}],
                "recipientEvents": [{"recipientEventStatusCode": "Completed"}],
            },
        }
        self.call("ds", "POST", f"{self.ds}/envelopes", json=envelope)
        employee = {
            "firstName": candidate["first_name"],
            "lastName": candidate["last_name"],
            "workEmail": email,
            "jobTitle": job["name"],
            "employeeNumber": f"GH-{application['id']}",
        }
        self.call("bhr", "POST", f"{self.bhr}/employees", json=employee)

    # -- inbound -----------------------------------------------------------------
    def verified(self, vendor: str, headers: Mapping[str, str], body: bytes) -> bool:
        if vendor == "gh":
            scheme, _, digest = (headers.get("Signature") or "").partition(" ")
            want = hmac_sha256(self.env["GREENHOUSE_WEBHOOK_SECRET"], body).hex()
            ok = scheme == "sha256" and hmac.compare_digest(digest.strip(), want)
        elif vendor == "ds":
            want = base64.b64encode(hmac_sha256(self.env["DOCUSIGN_HMAC_KEY"], body)).decode()
            given = [v for k, v in headers.items() if k.lower().startswith("x-docusign-signature-")]
            ok = any(hmac.compare_digest(v.strip(), want) for v in given)
        else:
            stamp = headers.get("X-BambooHR-Timestamp") or ""
            want = hmac_sha256(self.bamboohr_key, body + stamp.encode()).hex()
            ok = bool(self.bamboohr_key and stamp) and hmac.compare_digest(
                (headers.get("X-BambooHR-Signature") or "").lower(), want
            )
        with self.lock:
            self.stats[vendor]["verified" if ok else "refused"] += 1
        return ok

    def receive(self, vendor: str, headers: Mapping[str, str], body: bytes) -> int:
        if not self.verified(vendor, headers, body):
            return 401
        message = json.loads(body)
        if vendor == "gh" and message.get("action") == "candidate_stage_change":
            application = message["payload"]["application"]
            if (application.get("current_stage") or {}).get("name") == OFFER_STAGE:
                self.on_offer_stage(application)
        return 200


def serve(env: Mapping[str, str], port: int = 0) -> tuple[ThreadingHTTPServer, Integration]:
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.integration = Integration(env, f"http://127.0.0.1:{server.server_address[1]}")  # type: ignore[attr-defined]
    server.integration.subscribe_bamboohr()  # type: ignore[attr-defined]
    return server, server.integration  # type: ignore[attr-defined]


class Handler(BaseHTTPRequestHandler):
    ROUTES: ClassVar[dict[str, str]] = {"/greenhouse": "gh", "/docusign": "ds", "/bamboohr": "bhr"}

    def answer(self, status: int, payload: Any) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        integration: Integration = self.server.integration  # type: ignore[attr-defined]
        self.answer(200, integration.stats) if self.path == "/stats" else self.answer(404, {"error": "not found"})

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        vendor = self.ROUTES.get(self.path)
        if vendor is None:
            return self.answer(404, {"error": "not found"})
        try:
            status = self.server.integration.receive(vendor, self.headers, body)  # type: ignore[attr-defined]
        except (requests.RequestException, KeyError, ValueError, StopIteration) as exc:
            return self.answer(500, {"error": f"{type(exc).__name__}: {exc}"})  # the vendor retries
        self.answer(status, {"ok": status == 200})

    def log_message(self, format: str, *args: Any) -> None:
        pass


if __name__ == "__main__":
    httpd, _ = serve(os.environ, int(os.environ.get("PORT", "0")))
    print(f"listening on http://127.0.0.1:{httpd.server_address[1]}", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    httpd.server_close()
