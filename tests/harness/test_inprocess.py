"""In-process mode: a Python SUT's ``requests`` calls answered by the fakes with no sockets."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from examples.reference_integration import create_app
from fakes.kit.inprocess import InProcessRouter, in_process_origin
from fakes.world import World
from harness.fuzz.session import InboxMailer  # the same mailer the fuzzer gives an in-process SUT
from harness.sut import InProcessSut

WAIT = 15.0
BENCH_N = 500
BENCH_ROUNDS = 3


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Any attempt to open a connection fails the test (and is recorded)."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise AssertionError(f"in-process mode opened a socket: {args}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


@pytest.fixture
def routed() -> Iterator[World]:
    world = World(seed=0)
    with InProcessRouter(world):
        yield world


def _gh(world: World) -> tuple[str, tuple[str, str]]:
    env = world.contract_env()
    return env["GREENHOUSE_BASE_URL"], (env["GREENHOUSE_API_KEY"], "")


# -- (a) the router ---------------------------------------------------------------------
def test_every_fake_answers_plain_requests_calls_in_process(routed: World, no_sockets: list[Any]) -> None:
    env = routed.contract_env()
    assert env["GREENHOUSE_BASE_URL"] == in_process_origin("greenhouse")

    gh, auth = _gh(routed)
    assert requests.get(f"{gh}/v1/jobs", timeout=5).status_code == 401
    jobs = requests.get(f"{gh}/v1/jobs", auth=auth, timeout=5)
    assert jobs.status_code == 200, jobs.text
    assert jobs.json() == []
    assert jobs.headers["X-RateLimit-Limit"]

    bhr = f"{env['BAMBOOHR_BASE_URL']}/api/gateway.php/{env['BAMBOOHR_COMPANY_DOMAIN']}/v1"
    fields = requests.get(
        f"{bhr}/meta/fields", auth=(env["BAMBOOHR_API_KEY"], "x"), headers={"Accept": "application/json"}, timeout=5
    )
    assert fields.status_code == 200, fields.text

    ds = f"{env['DOCUSIGN_BASE_URL']}/restapi/v2.1/accounts/{env['DOCUSIGN_ACCOUNT_ID']}"
    templates = requests.get(
        f"{ds}/templates",
        params={"search_text": "Offer Letter"},
        headers={"Authorization": f"Bearer {env['DOCUSIGN_ACCESS_TOKEN']}"},
        timeout=5,
    )
    assert [t["name"] for t in templates.json()["envelopeTemplates"]] == ["Offer Letter"]

    me = requests.get(
        f"{env['CALENDLY_BASE_URL']}/users/me", headers={"Authorization": f"Bearer {env['CALENDLY_TOKEN']}"}, timeout=5
    )
    assert me.status_code == 200, me.text

    assert requests.post(env["SLACK_WEBHOOK_URL"], json={"text": "in-process alert"}, timeout=5).status_code == 200
    with routed.hub.lock:
        assert [m["text"] for m in routed.inbox.slack_messages()] == ["in-process alert"]

    journaled = {e.fake for _, e in zip(range(100), routed.hub.journal.entries(), strict=False)}
    assert {"greenhouse", "bamboohr", "docusign", "calendly"} <= journaled
    assert no_sockets == []


def test_a_reset_fault_is_a_connection_error(routed: World) -> None:
    gh, auth = _gh(routed)
    routed.hub.faults.add(kind="reset", fake="greenhouse", path="/v1/jobs", count=1)
    with pytest.raises(requests.ConnectionError, match="reset"):
        requests.get(f"{gh}/v1/jobs", auth=auth, timeout=5)
    assert requests.get(f"{gh}/v1/jobs", auth=auth, timeout=5).status_code == 200  # count=1: then healthy


def test_a_timeout_fault_is_a_read_timeout(routed: World) -> None:
    gh, auth = _gh(routed)
    routed.hub.faults.add(kind="timeout", fake="greenhouse", seconds=30, count=1)
    started = time.monotonic()
    with pytest.raises(requests.ReadTimeout):
        requests.get(f"{gh}/v1/jobs", auth=auth, timeout=1)
    assert time.monotonic() - started < 30  # the hang is simulated, not slept through
    assert requests.get(f"{gh}/v1/jobs", auth=auth, timeout=5).status_code == 200


def test_a_latency_fault_delays_the_answer(routed: World) -> None:
    gh, auth = _gh(routed)
    delay = 0.2
    routed.hub.faults.add(kind="latency", fake="greenhouse", seconds=delay, count=1)
    started = time.perf_counter()
    slow = requests.get(f"{gh}/v1/jobs", auth=auth, timeout=5)
    elapsed = time.perf_counter() - started
    assert slow.status_code == 200
    assert elapsed >= delay, f"the injected {delay} s latency took only {elapsed:.3f} s"


def test_a_status_fault_answers_as_the_vendor(routed: World) -> None:
    gh, auth = _gh(routed)
    routed.hub.faults.add(kind="status", fake="greenhouse", status=503, count=1)
    assert requests.get(f"{gh}/v1/jobs", auth=auth, timeout=5).status_code == 503
    assert requests.get(f"{gh}/v1/jobs", auth=auth, timeout=5).status_code == 200


def test_a_served_world_gets_its_loopback_origins_back_after_the_router() -> None:
    with World(seed=0) as world:
        world.serve(smtp_port=None)
        served = world.contract_env()
        with InProcessRouter(world):
            assert world.contract_env()["GREENHOUSE_BASE_URL"] == in_process_origin("greenhouse")
        assert world.contract_env() == served
        assert served["GREENHOUSE_BASE_URL"].startswith("http://127.0.0.1:")


# -- (b) the reference integration, in-process --------------------------------------------
@pytest.fixture
def in_process_reference() -> Iterator[tuple[World, InProcessSut]]:
    world = World(seed=0)
    world.start_background()
    sut = InProcessSut(lambda env: create_app(env, mailer=InboxMailer(world)), world, name="reference integration")
    env = {
        **world.contract_env(),
        "SUT_PUBLIC_URL": sut.url,
        "REMINDER_INTERVAL_SECONDS": "0",
        "REPORTING_DATABASE_URL": "sqlite://",
    }
    sut.start(env, world.hub.clock.now())
    try:
        yield world, sut
    finally:
        sut.stop()
        world.stop()


def test_the_reference_integration_runs_in_process(
    in_process_reference: tuple[World, InProcessSut], no_sockets: list[Any]
) -> None:
    world, sut = in_process_reference
    integration = sut.app.state.integration
    assert integration.ready  # the lifespan ran: BambooHR and Calendly subscriptions were made
    with world.hub.lock:
        assert [h["url"] for h in world.hris.webhooks()] == [f"{sut.url}/webhooks/bamboohr"]
    assert integration.settings.greenhouse_base_url == in_process_origin("greenhouse")

    world.hub.settings["greenhouse.webhook_url"] = sut.url + "/webhooks/greenhouse"
    job = world.act(
        "ats.create_job",
        title="Staff Engineer",
        department="Engineering",
        office="Remote",
        stages=["Application Review", "Phone Screen", "Offer"],
        hiring_manager={"first_name": "Hana", "last_name": "Manager", "email": "hana.manager@example.com"},
    )
    ids = world.act("ats.apply", job_id=job["id"], first_name="Zoë", last_name="O'Brien-Nuñez", email="zoe@example.com")

    def confirmation() -> list[dict[str, Any]]:
        with world.hub.lock:
            return world.inbox.emails(to="zoe@example.com", subject_contains="We received your application")

    emails = world.wait_until(confirmation, WAIT)
    assert emails and len(emails) == 1, world.hub.dispatcher.deliveries()
    assert f"application {ids['application_id']}" in emails[0]["text"]
    assert emails[0]["text"].startswith("Hello Zoë,")
    assert world.quiescent(settle=0.1, timeout=WAIT)  # the web hook's answer is in once the email is
    (delivery,) = world.hub.dispatcher.deliveries(fake="greenhouse", event="new_candidate_application")
    assert [a["status"] for a in delivery.attempts] == [200]
    assert no_sockets == []
    assert not world.hub.errors, world.hub.errors


def test_the_in_process_sut_refuses_a_world_without_a_loop() -> None:
    from harness.sut import SutError

    world = World(seed=0)
    sut = InProcessSut(create_app, world)
    with pytest.raises(SutError, match="start_background"):
        sut.start(world.contract_env(), world.hub.clock.now())


@pytest.fixture
def background_world() -> Iterator[World]:
    world = World(seed=0)
    world.start_background()
    yield world
    world.stop()


def test_an_in_process_sut_whose_startup_fails_is_reported(background_world: World) -> None:
    from contextlib import asynccontextmanager

    from starlette.applications import Starlette

    from harness.sut import SutError

    @asynccontextmanager
    async def lifespan(app: Any) -> Any:
        raise RuntimeError("no BambooHR key")
        yield

    sut = InProcessSut(lambda env: Starlette(lifespan=lifespan), background_world)
    with pytest.raises(SutError, match="no BambooHR key"):
        sut.start(background_world.contract_env(), background_world.hub.clock.now())
    assert background_world.hub.dispatcher.transport is None  # cleaned up: webhooks go nowhere in-process


def test_an_asgi_app_without_lifespan_support_still_starts(background_world: World) -> None:
    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise ValueError(f"unsupported scope {scope['type']}")  # what lifespan-less apps often do
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    sut = InProcessSut(lambda env: app, background_world)
    assert sut.start(background_world.contract_env(), background_world.hub.clock.now()) == "http://sut.in-process"
    sut.stop()


# -- throughput ---------------------------------------------------------------------------
def _greenhouse_gets(world: World, n: int) -> float:
    gh, auth = _gh(world)
    with requests.Session() as http:
        http.trust_env = False
        assert http.get(f"{gh}/v1/jobs", auth=auth, timeout=5).status_code == 200  # warm up
        started = time.perf_counter()
        for _ in range(n):
            response = http.get(f"{gh}/v1/jobs", auth=auth, timeout=5)
            assert response.status_code == 200, response.text
        return time.perf_counter() - started


def test_in_process_and_loopback_throughput(capsys: pytest.CaptureFixture) -> None:
    """500 Greenhouse GETs each way; best of a few interleaved rounds, so a busy machine skews both alike."""
    no_limit = {"greenhouse.rate_limit": 0}  # 500 GETs would pass Harvest's 50 per 10 s
    routed = World(seed=0, settings=no_limit)
    loopback: list[float] = []
    in_process: list[float] = []
    with World(seed=0, settings=no_limit) as served:
        served.serve(smtp_port=None)
        for _ in range(BENCH_ROUNDS):
            loopback.append(_greenhouse_gets(served, BENCH_N))
            with InProcessRouter(routed):
                in_process.append(_greenhouse_gets(routed, BENCH_N))
        served_count = sum(1 for _ in served.hub.journal.entries(fake="greenhouse"))
    routed_count = sum(1 for _ in routed.hub.journal.entries(fake="greenhouse"))

    ratio = min(loopback) / min(in_process)
    with capsys.disabled():
        print(
            f"\n[in-process vs loopback] {BENCH_N} Greenhouse GETs, best of {BENCH_ROUNDS}: "
            f"in-process {BENCH_N / min(in_process):.0f}/s, loopback {BENCH_N / min(loopback):.0f}/s; "
            f"in-process is {ratio:.2f}x loopback"
        )
    # The same work reached the same fake both ways (no timing assertion: a shared machine is too noisy).
    assert served_count == routed_count == BENCH_ROUNDS * (BENCH_N + 1)
