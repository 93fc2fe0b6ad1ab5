"""An integration written only from vendor documentation runs against the served fakes.

``vendor_script.py`` is a standalone program (no ``fakes``/``harness`` import): it is
started as a subprocess with nothing but the SUT contract in its environment, and it
checks every Greenhouse, DocuSign Connect and BambooHR signature with its own code.
That makes it an independent witness that the fakes sign, route and answer the
way the vendors document.
"""

from __future__ import annotations

import ast
import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from fakes.world import World

SCRIPT = Path(__file__).with_name("vendor_script.py")
STDLIB_AND_REQUESTS = {
    "__future__", "base64", "collections", "hashlib", "hmac", "http", "json", "os", "threading", "typing",
    "requests",
}  # fmt: skip
WAIT = 15.0  # real seconds any one expectation may take


@dataclass
class Script:
    url: str
    proc: subprocess.Popen[str]

    def stats(self) -> dict[str, dict[str, int]]:
        with requests.Session() as http:
            http.trust_env = False
            response = http.get(self.url + "/stats", timeout=10)
        response.raise_for_status()
        return response.json()


@pytest.fixture
def world() -> Iterator[World]:
    world = World(seed=1)
    world.serve(smtp_port=0)
    yield world
    world.stop()


@pytest.fixture
def script(world: World) -> Iterator[Script]:
    env = {**os.environ, **world.contract_env(), "PORT": "0", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, str(SCRIPT)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: queue.Queue[str | None] = queue.Queue()
    output: list[str] = []

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    reader = threading.Thread(target=pump, name="vendor-script-stdout", daemon=True)
    reader.start()
    url = None
    try:
        while url is None:
            try:
                line = lines.get(timeout=WAIT)
            except queue.Empty:
                pytest.fail(f"vendor_script.py did not start within {WAIT:g} s; output:\n" + "\n".join(output))
            if line is None:
                pytest.fail(f"vendor_script.py exited with {proc.wait()}; output:\n" + "\n".join(output))
            output.append(line)
            if line.startswith("listening on "):
                url = line.removeprefix("listening on ").strip()
        yield Script(url, proc)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
        reader.join(10)
        if proc.stdout is not None:
            proc.stdout.close()


def test_the_script_imports_only_the_stdlib_and_requests() -> None:
    tree = ast.parse(SCRIPT.read_text())
    roots = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    roots |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert roots <= STDLIB_AND_REQUESTS, roots - STDLIB_AND_REQUESTS


def _delivered(world: World, fake: str, count: int) -> list[Any]:
    """Wait until ``count`` deliveries of ``fake`` have had an answer; return them."""

    def answered() -> list[Any] | None:
        found = [d for d in world.hub.dispatcher.deliveries(fake=fake) if d.attempts]
        return found if len(found) >= count and not world.hub.dispatcher.active else None

    found = world.wait_until(answered, WAIT)
    assert found, f"{fake}: wanted {count} answered deliveries, have {world.hub.dispatcher.deliveries(fake=fake)}"
    return found


def test_offer_stage_sends_the_envelope_and_the_employee_and_every_signature_verifies(
    world: World, script: Script
) -> None:
    assert script.stats() == {v: {"verified": 0, "refused": 0} for v in ("gh", "ds", "bhr")}
    with world.hub.lock:
        hooks = world.hris.webhooks()
    assert [h["url"] for h in hooks] == [script.url + "/bamboohr"]  # subscribed itself at start-up

    world.hub.settings["greenhouse.webhook_url"] = script.url + "/greenhouse"
    job = world.act(
        "ats.create_job",
        title="Staff Engineer",
        department="Engineering",
        office="Remote",
        stages=["Application Review", "Phone Screen", "Offer"],
        hiring_manager={"first_name": "Hana", "last_name": "Manager", "email": "hana.manager@example.com"},
    )

    # A forged delivery (the signature flipped in transit) is refused and counted.
    world.hub.dispatcher.add_chaos(kind="bad_signature", fake="greenhouse", event="new_candidate_application")
    ids = world.act("ats.apply", job_id=job["id"], first_name="Zoë", last_name="O'Brien-Nuñez", email="zoe@example.com")
    (forged,) = _delivered(world, "greenhouse", 1)
    assert forged.chaos == ["bad_signature"]
    assert forged.attempts[0]["status"] == 401
    assert script.stats()["gh"] == {"verified": 0, "refused": 1}

    world.act("ats.move_stage", application_id=ids["application_id"], to_stage="Phone Screen")
    world.act("ats.move_stage", application_id=ids["application_id"], to_stage="Offer")

    def sent() -> list[dict[str, Any]]:
        return world.act("esign.envelopes", recipient_email="zoe@example.com")

    envelopes = world.wait_until(sent, WAIT)
    assert envelopes and len(envelopes) == 1, envelopes
    envelope = envelopes[0]
    assert envelope["status"] == "sent"
    roles = {r["role"]: r for r in envelope["recipients"]}
    assert set(roles) == {"Hiring Manager", "Candidate"}
    assert roles["Candidate"]["email"] == "zoe@example.com"
    assert roles["Candidate"]["name"] == "Zoë O'Brien-Nuñez"  # byte-identical through both hops
    assert roles["Hiring Manager"]["email"] == "hana.manager@example.com"
    assert roles["Hiring Manager"]["routing_order"] < roles["Candidate"]["routing_order"]

    def hired() -> dict[str, Any] | None:
        with world.hub.lock:
            return world.hris.find_employee(work_email="zoe@example.com")

    employee = world.wait_until(hired, WAIT)
    assert employee, "the script added no BambooHR employee"
    assert (employee["first_name"], employee["last_name"]) == ("Zoë", "O'Brien-Nuñez")
    assert employee["job_title"] == "Staff Engineer"
    assert employee["employee_number"] == f"GH-{ids['application_id']}"

    # Both sign: DocuSign Connect tells the script, signed with the account's HMAC key.
    world.act("esign.sign", envelope_id=envelope["id"], role="Hiring Manager")
    world.act("esign.sign", envelope_id=envelope["id"], role="Candidate")
    assert world.act("esign.envelope", envelope_id=envelope["id"])["status"] == "completed"
    connect = _delivered(world, "docusign", 3)  # two recipient-completed, one envelope-completed

    # HR edits the record: BambooHR's web hook, signed with the subscription's private key.
    world.act("hris.edit_employee", employee_id=employee["id"], mobile_phone="+1 555 0100")
    bamboo = _delivered(world, "bamboohr", 1)

    assert world.quiescent(settle=0.1, timeout=WAIT)
    greenhouse = world.hub.dispatcher.deliveries(fake="greenhouse")
    genuine = [d for d in greenhouse if not d.chaos]
    assert {d.event for d in genuine} >= {"candidate_stage_change"}
    for delivery in genuine + connect + bamboo:
        assert delivery.state == "delivered", delivery.as_dict()
        assert [a["status"] for a in delivery.attempts] == [200], delivery.as_dict()
    assert {d.event for d in connect} == {"recipient-completed", "envelope-completed"}
    stats = script.stats()
    print(f"\n[vendor script] {stats}")
    assert stats == {
        "gh": {"verified": len(genuine), "refused": 1},
        "ds": {"verified": len(connect), "refused": 0},
        "bhr": {"verified": len(bamboo), "refused": 0},
    }
    # The forged delivery did nothing: one envelope, one employee for this candidate.
    assert len(world.act("esign.envelopes", recipient_email="zoe@example.com")) == 1
    assert not world.hub.errors, world.hub.errors
