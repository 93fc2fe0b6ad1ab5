"""``calendly-python`` (PyPI; imported as ``calendly``), unmodified, against the Calendly fake over TLS.

What changes: the base URL, which the client keeps in the class attribute
``Client.URL`` (``https://api.calendly.com/``; set here on the instance
before the token, because ``set_token`` already calls ``/users/me``), the
personal access token from the contract, and the CA bundle through
``REQUESTS_CA_BUNDLE`` (the client calls ``requests.request``).

The client's own parsing is exercised: ``set_token`` splits the user and
organization UUIDs off the ``uri`` values, ``list_webhooks`` splits each
subscription's UUID off its ``uri``, and ``delete_webhook`` builds the path
from it. URIs use the fake's origin, not ``https://api.calendly.com``; the
last path segment, which is all a client takes, is the same.
"""

from __future__ import annotations

import importlib
import sys
from datetime import UTC, datetime, timedelta
from importlib.metadata import PackageNotFoundError, distribution
from types import ModuleType
from typing import Any

import pytest

from fakes.world import World


def _load_calendly_python() -> tuple[ModuleType, ModuleType]:
    """Import the installed ``calendly`` package without taking the name from ``tests/fakes/calendly``.

    Under pytest's default (prepend) import mode that test folder is itself a top-level package called
    ``calendly``. Whichever is imported first would shadow the other for the whole session, so the client
    is imported from its installation with the name free, and the name is handed back afterwards.
    """
    try:
        root = str(distribution("calendly-python").locate_file(""))
    except PackageNotFoundError:
        pytest.skip("calendly-python is not installed (pip install -e '.[test]')")
    ours = lambda name: name == "calendly" or name.startswith("calendly.")  # noqa: E731
    saved = {name: module for name, module in sys.modules.items() if ours(name)}
    for name in saved:
        del sys.modules[name]
    sys.path.insert(0, root)
    try:
        return importlib.import_module("calendly.client"), importlib.import_module("calendly.exceptions")
    finally:
        sys.path.remove(root)
        for name in [name for name in sys.modules if ours(name)]:
            del sys.modules[name]
        sys.modules.update(saved)


calendly, exceptions = _load_calendly_python()


def client(env: dict[str, str]) -> Any:
    c = calendly.Client()
    assert c.URL == "https://api.calendly.com/"  # what a team replaces, and nothing else
    c.URL = env["CALENDLY_BASE_URL"] + "/"
    c.set_token(env["CALENDLY_TOKEN"])
    return c


@pytest.fixture(autouse=True)
def _fresh_headers() -> Any:
    # The client keeps its headers in a class-level dict that set_token mutates; leave it as found.
    saved = dict(calendly.Client.headers)
    yield
    calendly.Client.headers.clear()
    calendly.Client.headers.update(saved)


def test_current_user_and_organization(env: dict[str, str], world: World) -> None:
    c = client(env)
    owner = world.scheduler.owner
    assert c.user_uuid == owner["uuid"]
    assert c.user_uri == f"{env['CALENDLY_BASE_URL']}/users/{owner['uuid']}"
    assert c.organization_uuid == c.organization_uri.rsplit("/", 1)[1] and c.organization_uuid


def test_webhook_subscriptions_create_list_delete(env: dict[str, str], world: World) -> None:
    c = client(env)
    created = c.create_webhook(
        "https://sut.example/hooks/calendly", ["invitee.created", "invitee.canceled"], c.organization_uri,
        c.user_uri, "organization",
    )
    assert created["resource"]["state"] == "active", created
    listed = c.list_webhooks("organization", c.organization_uri)
    assert [w["callback_url"] for w in listed] == ["https://sut.example/hooks/calendly"]
    assert c.delete_webhook(listed[0]["uuid"]) is None  # 204
    assert c.list_webhooks("organization", c.organization_uri) == []


def test_reads_a_booked_event(env: dict[str, str], world: World) -> None:
    c = client(env)
    event_type = world.scheduler.event_type_named("Phone Screen")
    link = c.post("scheduling_links", data={
        "max_event_count": 1, "owner": f"{env['CALENDLY_BASE_URL']}/event_types/{event_type['uuid']}",
        "owner_type": "EventType",
    })
    start = (datetime.now(UTC) + timedelta(days=2)).replace(hour=15, minute=0, second=0, microsecond=0)
    booked = world.act("scheduler.book", booking_url=link["resource"]["booking_url"], invitee_name="Ada Lovelace",
                       email="ada@candidates.example", start_time=start)
    event = c.get_scheduled_event(booked["event_uuid"])["resource"]
    assert event["name"] == "Phone Screen" and event["status"] == "active"
    assert event["start_time"] == start.strftime("%Y-%m-%dT%H:%M:%S.000000Z")


def test_a_bad_token_raises_the_clients_unauthorized_error(env: dict[str, str]) -> None:
    c = calendly.Client()
    c.URL = env["CALENDLY_BASE_URL"] + "/"
    with pytest.raises(exceptions.UnauthorizedError):
        c.set_token("not-a-token")
