"""The scheduler model on its own: no HTTP, no dialect."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from fakes.kit.hub import DomainEvent, Hub
from fakes.kit.model import ModelError, NotFound
from fakes.scheduler.model import SchedulerModel
from fakes.scheduler.rules import EVENT_LIFECYCLE, move

BASE = "https://calendly.example"
START = "2026-03-05T15:00:00Z"


@pytest.fixture
def hub() -> Hub:
    return Hub(seed=11)


@pytest.fixture
def model(hub: Hub) -> SchedulerModel:
    return SchedulerModel(hub)


@pytest.fixture
def emitted(hub: Hub) -> list[DomainEvent]:
    seen: list[DomainEvent] = []
    hub.subscribe("scheduler", seen.append)
    return seen


def link(model: SchedulerModel, stage: str = "Phone Screen", query: str = "") -> str:
    url = model.create_link(model.event_type_named(stage)["uuid"], 1, BASE)["booking_url"]
    return f"{url}{query}"


def book(model: SchedulerModel, start: Any = START, stage: str = "Phone Screen", **extra: Any) -> dict[str, str]:
    return model.book(
        link(model, stage, extra.pop("query", "")),
        extra.pop("invitee_name", "Zoë O'Brien-Nuñez"),
        extra.pop("email", "zoe@example.com"),
        start,
        **extra,
    )


def test_seed_is_one_owner_in_one_organization_with_one_event_type_per_stage(model: SchedulerModel) -> None:
    owner = model.owner
    assert (owner["name"], owner["email"], owner["timezone"]) == (
        "Harness Recruiter",
        "recruiter@harness.example",
        "America/New_York",
    )
    assert owner["organization"] == model.organization["uuid"]
    types = {t["name"]: t for t in model.store.table("event_types").values()}
    assert {n: t["duration"] for n, t in types.items()} == {
        "Phone Screen": 30,
        "Technical Interview": 60,
        "Onsite": 240,
    }
    assert {t["slug"] for t in types.values()} == {"phone-screen", "technical-interview", "onsite"}
    assert all(t["active"] and t["kind"] == "solo" and t["owner"] == owner["uuid"] for t in types.values())


def test_ids_depend_only_on_the_seed() -> None:
    a, b, c = SchedulerModel(Hub(seed=5)), SchedulerModel(Hub(seed=5)), SchedulerModel(Hub(seed=6))
    assert a.owner["uuid"] == b.owner["uuid"] != c.owner["uuid"]
    assert list(a.store.table("event_types")) == list(b.store.table("event_types"))


def test_link_is_single_use_and_carries_the_event_type_slug(model: SchedulerModel) -> None:
    record = model.create_link(model.event_type_named("Onsite")["uuid"], 1, BASE)
    assert record["booking_url"].startswith(f"{BASE}/d/") and record["booking_url"].endswith("/onsite")
    model.book(record["booking_url"], "Ada", "ada@example.com", START)
    assert model.links()[0]["used"] == 1
    with pytest.raises(ModelError, match="already used") as refused:
        model.book(record["booking_url"], "Bob", "bob@example.com", "2026-03-06T15:00:00Z")
    assert refused.value.kind == "conflict"
    assert len(model.events()) == 1


def test_book_parses_tracking_from_the_url_and_announces_the_invitee(
    model: SchedulerModel, emitted: list[DomainEvent]
) -> None:
    ids = book(model, query="?utm_content=4711&utm_source=harness&utm_content=second")
    invitee = model.get("invitees", ids["invitee_uuid"])
    assert invitee["tracking"] == {
        "utm_campaign": None,
        "utm_source": "harness",
        "utm_medium": None,
        "utm_content": "4711",
        "utm_term": None,
        "salesforce_uuid": None,
    }
    assert invitee["name"] == "Zoë O'Brien-Nuñez" and invitee["status"] == "active"
    event = model.get("events", ids["event_uuid"])
    assert event["start_time"] == datetime(2026, 3, 5, 15, tzinfo=UTC)
    assert event["end_time"] - event["start_time"] == timedelta(minutes=30)
    assert [(e.kind, e.data) for e in emitted] == [("invitee.created", ids)]


def test_name_may_come_as_name_or_invitee_name(model: SchedulerModel) -> None:
    a = model.book(link(model), name="Ada", email="ada@example.com", start_time=START)
    b = model.book(link(model), invitee_name="Bob", email="bob@example.com", start_time="2026-03-06T15:00:00Z")
    assert [model.get("invitees", i["invitee_uuid"])["name"] for i in (a, b)] == ["Ada", "Bob"]
    with pytest.raises(ModelError, match="email="):
        model.book(link(model), name="Cy", start_time="2026-03-07T15:00:00Z")


def test_naive_start_time_is_read_in_the_invitees_timezone(model: SchedulerModel) -> None:
    ids = book(model, start="2026-03-05T10:00:00", timezone="America/New_York")
    assert model.get("events", ids["event_uuid"])["start_time"] == datetime(2026, 3, 5, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start": "2026-03-01T10:00:00Z"}, "start_time"),  # before the clock's 2026-03-02 09:00
        ({"start": "next tuesday"}, "start_time"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"email": "not-an-email"}, "email"),
        ({"invitee_name": "  "}, "name"),
        ({"questions_and_answers": ["just text"]}, "questions_and_answers"),
    ],
)
def test_book_refuses_bad_input_naming_the_field(model: SchedulerModel, changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ModelError) as refused:
        book(model, **changes)
    assert refused.value.field == field
    assert model.events() == []


def test_unknown_booking_url_is_not_found(model: SchedulerModel) -> None:
    with pytest.raises(NotFound):
        model.book(f"{BASE}/d/zzzz-zzzz/phone-screen", "Ada", "ada@example.com", START)


def test_overlapping_bookings_of_the_host_are_refused_but_back_to_back_is_fine(model: SchedulerModel) -> None:
    book(model, start="2026-03-05T15:00:00Z")  # 30 minutes
    with pytest.raises(ModelError, match="busy") as refused:
        book(model, start="2026-03-05T15:29:00Z", email="bob@example.com")
    assert refused.value.kind == "conflict"
    book(model, start="2026-03-05T15:30:00Z", email="bob@example.com")
    assert len(model.events("active")) == 2


def test_inactive_event_type_refuses_links(model: SchedulerModel) -> None:
    model.set_event_type_active("Onsite", False)
    with pytest.raises(ModelError, match="inactive"):
        link(model, "Onsite")


def test_invitee_cancels(model: SchedulerModel, emitted: list[DomainEvent]) -> None:
    ids = book(model)
    cancellation = model.cancel(ids["invitee_uuid"], reason="Found another job")
    assert cancellation["canceled_by"] == "Zoë O'Brien-Nuñez" and cancellation["canceler_type"] == "invitee"
    invitee, event = model.get("invitees", ids["invitee_uuid"]), model.get("events", ids["event_uuid"])
    assert (invitee["status"], event["status"]) == ("canceled", "canceled")
    assert invitee["cancellation"]["reason"] == event["cancellation"]["reason"] == "Found another job"
    assert [e.kind for e in emitted] == ["invitee.created", "invitee.canceled"]
    assert model.counter(event) == {"total": 1, "active": 0, "limit": 1}


def test_host_cancels_by_event_uuid_and_cannot_cancel_twice(model: SchedulerModel) -> None:
    ids = book(model)
    cancellation = model.cancel(event_uuid=ids["event_uuid"], by="host")
    assert (cancellation["canceled_by"], cancellation["canceler_type"]) == ("Harness Recruiter", "host")
    with pytest.raises(ModelError, match="Event is already canceled"):
        model.cancel(ids["invitee_uuid"])


def test_cancel_refuses_past_events_unknown_ids_and_unknown_cancelers(model: SchedulerModel, hub: Hub) -> None:
    ids = book(model)
    with pytest.raises(ModelError, match="by="):
        model.cancel(ids["invitee_uuid"], by="robot")
    with pytest.raises(NotFound):
        model.cancel("no-such-uuid")
    hub.clock.advance(timedelta(days=4))
    with pytest.raises(ModelError, match="Event in the past"):
        model.cancel(ids["invitee_uuid"])


def test_reschedule_cancels_the_old_invitee_and_links_both_ways(
    model: SchedulerModel, emitted: list[DomainEvent]
) -> None:
    ids = book(model, query="?utm_content=4711")
    moved = model.reschedule(ids["invitee_uuid"], "2026-03-05T15:15:00Z")  # overlaps only the old slot
    old, new = model.get("invitees", ids["invitee_uuid"]), model.get("invitees", moved["invitee_uuid"])
    assert (old["status"], old["rescheduled"], old["new_invitee"]) == ("canceled", True, new["uuid"])
    assert (new["status"], new["rescheduled"], new["old_invitee"]) == ("active", False, old["uuid"])
    assert new["tracking"]["utm_content"] == "4711" and new["email"] == old["email"]
    assert model.get("events", moved["event_uuid"])["start_time"] == datetime(2026, 3, 5, 15, 15, tzinfo=UTC)
    assert [(e.kind, e.data["invitee_uuid"]) for e in emitted[1:]] == [
        ("invitee.canceled", old["uuid"]),
        ("invitee.created", new["uuid"]),
    ]
    with pytest.raises(ModelError, match="canceled"):
        model.reschedule(old["uuid"], "2026-03-06T15:00:00Z")


def test_queries_filter(model: SchedulerModel) -> None:
    first = book(model, email="Ada@Example.com")
    book(model, start="2026-03-06T15:00:00Z", email="bob@example.com")
    model.cancel(first["invitee_uuid"])
    assert [e["uuid"] for e in model.events("canceled")] == [first["event_uuid"]]
    assert len(model.events("active")) == 1 and len(model.events()) == 2
    assert [i["uuid"] for i in model.invitees("ada@example.COM")] == [first["invitee_uuid"]]
    assert len(model.links()) == 2


def subscribe(model: SchedulerModel, url: str = "https://sut.example/hook", **changes: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "callback_url": url,
        "events": ["invitee.created", "invitee.canceled"],
        "scope": "organization",
        "organization": model.organization["uuid"],
        "user": None,
        "group": None,
        "creator": model.owner["uuid"],
        "signing_key": "k",
    }
    return model.create_subscription(**{**spec, **changes})


def test_subscriptions_cover_their_scope_and_events(model: SchedulerModel) -> None:
    org = subscribe(model)
    user = subscribe(model, "https://sut.example/user", scope="user", user=model.owner["uuid"])
    created_only = subscribe(model, "https://sut.example/created", events=["invitee.created"])
    ids = book(model)
    assert [s["uuid"] for s in model.subscribers("invitee.created", ids["event_uuid"])] == [
        org["uuid"],
        user["uuid"],
        created_only["uuid"],
    ]
    assert [s["uuid"] for s in model.subscribers("invitee.canceled", ids["event_uuid"])] == [org["uuid"], user["uuid"]]
    model.disable_subscription(org["uuid"])
    assert org["uuid"] not in [s["uuid"] for s in model.subscribers("invitee.canceled", ids["event_uuid"])]


def test_subscription_refusals(model: SchedulerModel) -> None:
    subscribe(model)
    with pytest.raises(ModelError, match="already delivers to") as duplicate:
        subscribe(model)
    assert duplicate.value.kind == "conflict"
    model.set_plan("basic")
    with pytest.raises(ModelError, match="basic plan has no webhooks") as basic:
        subscribe(model, "https://sut.example/other")
    assert basic.value.kind == "forbidden"
    with pytest.raises(ModelError, match="plan="):
        model.set_plan("platinum")


def test_lifecycles_are_one_way(model: SchedulerModel) -> None:
    record = {"uuid": "e1", "status": "canceled"}
    with pytest.raises(ModelError, match="can move to nothing"):
        move(record, "status", "active", EVENT_LIFECYCLE, "scheduled event")
    assert EVENT_LIFECYCLE["active"] == ("canceled",)


def test_reset_restores_the_furniture_and_forgets_bookings(model: SchedulerModel, hub: Hub) -> None:
    owner = model.owner["uuid"]
    book(model)
    hub.ids.reset()
    model.reset()
    assert model.events() == [] and model.links() == []
    assert model.owner["uuid"] == owner
