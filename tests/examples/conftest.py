"""Fixtures for the reference integration's tests (helpers live in ``refint_helpers``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import responses
from refint_helpers import ENV, FakeClock, Outbox, Sut, TestClient, World

from examples.reference_integration import create_app


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def world() -> Iterator[World]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield World(rsps)


@pytest.fixture
def make_sut(world: World, clock: FakeClock) -> Iterator[Any]:
    clients: list[Any] = []

    def make(variant: str = "", **env: str) -> Sut:
        outbox, sleeps = Outbox(), []
        app = create_app(
            {**ENV, "REFERENCE_VARIANT": variant, **env}, clock=clock.now, mailer=outbox, sleep=sleeps.append
        )
        client = TestClient(app)
        client.__enter__()
        clients.append(client)
        return Sut(client, app.state.integration, world, clock, outbox, sleeps)

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def sut(make_sut: Any) -> Sut:
    return make_sut()
