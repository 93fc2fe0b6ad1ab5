"""Calendly webhooks end to end: bookings, signed deliveries to a real receiver, retries on the virtual clock."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from fakes.kit.webhooks import Delivery
from fakes.world import World

from .conftest import Api, Receiver, verify_signature

KEY = "whsec-harness"
START = "2026-03-05T15:00:00Z"
# Independent statement of the assumed schedule: doubling from a minute, the last retry on the 24 h mark.
EXPECTED_DELAYS = [60, 120, 240, 480, 960, 1920, 3840, 7680, 15360, 30720, 25020]


def book(world: World, api: Api, query: str = "?utm_content=4711", start: str = START) -> dict[str, str]:
    return dict(
        world.act(
            "scheduler.book",
            booking_url=api.booking_url() + query,
            invitee_name="Zoë O'Brien-Nuñez",
            email="zoe@example.com",
            start_time=start,
        )
    )


def arrived(world: World, receiver: Receiver, count: int) -> list[dict[str, Any]]:
    assert world.wait_until(lambda: len(receiver.received) >= count, 5), f"{len(receiver.received)} of {count} arrived"
    return receiver.events()


def only_delivery(world: World) -> Delivery:
    deliveries = world.hub.dispatcher.deliveries(fake="calendly")
    assert len(deliveries) == 1, deliveries
    return deliveries[0]


def test_booking_fires_a_signed_invitee_created_with_tracking(world: World, api: Api, receiver: Receiver) -> None:
    sub = api.subscribe(receiver.url(), KEY)
    world.hub.clock.advance(3600)  # the signature's t must follow the virtual clock, not the wall clock
    ids = book(world, api)
    [event] = arrived(world, receiver, 1)
    raw = receiver.received[0]
    assert verify_signature(KEY, raw["headers"].get("calendly-webhook-signature"), raw["body"]) == int(
        world.hub.clock.timestamp()
    )
    assert raw["headers"]["content-type"].startswith("application/json")
    assert raw["path"] == "/hooks/calendly"
    assert (event["event"], event["created_by"], event["created_at"]) == (
        "invitee.created",
        sub["creator"],
        "2026-03-02T10:00:00.000000Z",
    )
    payload = event["payload"]
    assert payload["uri"] == f"{api.base}/scheduled_events/{ids['event_uuid']}/invitees/{ids['invitee_uuid']}"
    assert payload["tracking"]["utm_content"] == "4711"
    assert payload["name"] == "Zoë O'Brien-Nuñez" and payload["status"] == "active"
    assert payload["scheduled_event"]["uri"] == payload["event"] == f"{api.base}/scheduled_events/{ids['event_uuid']}"
    assert payload["scheduled_event"]["start_time"] == "2026-03-05T15:00:00.000000Z"
    assert "cancellation" not in payload


def test_a_tampered_body_fails_the_independent_check(world: World, api: Api, receiver: Receiver) -> None:
    api.subscribe(receiver.url(), KEY)
    book(world, api)
    arrived(world, receiver, 1)
    raw = receiver.received[0]
    tampered = raw["body"].replace(b"4711", b"4712")
    try:
        verify_signature(KEY, raw["headers"]["calendly-webhook-signature"], tampered)
    except AssertionError:
        return
    raise AssertionError("a changed body still verified")


def test_invitee_cancel_fires_invitee_canceled_with_the_cancellation(
    world: World, api: Api, receiver: Receiver
) -> None:
    api.subscribe(receiver.url(), KEY)
    ids = book(world, api)
    world.act("scheduler.cancel", uuid=ids["invitee_uuid"], reason="Accepted another offer", by="invitee")
    by_kind = {e["event"]: e for e in arrived(world, receiver, 2)}  # sent concurrently: arrival order may vary
    assert set(by_kind) == {"invitee.created", "invitee.canceled"}
    canceled = by_kind["invitee.canceled"]
    payload = canceled["payload"]
    assert payload["status"] == "canceled" and payload["rescheduled"] is False and payload["new_invitee"] is None
    assert payload["cancellation"] == {
        "canceled_by": "Zoë O'Brien-Nuñez",
        "reason": "Accepted another offer",
        "canceler_type": "invitee",
        "created_at": "2026-03-02T09:00:00.000000Z",
    }
    assert payload["scheduled_event"]["status"] == "canceled"
    assert payload["tracking"]["utm_content"] == "4711"
    for raw in receiver.received:
        verify_signature(KEY, raw["headers"]["calendly-webhook-signature"], raw["body"])


def test_host_cancel_through_the_api_fires_invitee_canceled(world: World, api: Api, receiver: Receiver) -> None:
    api.subscribe(receiver.url(), KEY, events=("invitee.canceled",))
    ids = book(world, api)
    assert (
        api.post(f"/scheduled_events/{ids['event_uuid']}/cancellation", json={"reason": "Role filled"}).status_code
        == 201
    )
    [event] = arrived(world, receiver, 1)
    assert event["event"] == "invitee.canceled"
    assert event["payload"]["cancellation"]["canceler_type"] == "host"
    assert event["payload"]["cancellation"]["canceled_by"] == "Harness Recruiter"


def test_reschedule_fires_canceled_then_created_linking_old_and_new(world: World, api: Api, receiver: Receiver) -> None:
    api.subscribe(receiver.url(), KEY, events=("invitee.canceled", "invitee.created"))
    ids = book(world, api)
    moved = world.act("scheduler.reschedule", invitee_uuid=ids["invitee_uuid"], new_start_time="2026-03-06T16:00:00Z")
    fired = [d.event for d in world.hub.dispatcher.deliveries(fake="calendly")]
    assert fired == ["invitee.created", "invitee.canceled", "invitee.created"]
    by_uri = {(e["event"], e["payload"]["uri"]): e["payload"] for e in arrived(world, receiver, 3)}
    old_uri = f"{api.base}/scheduled_events/{ids['event_uuid']}/invitees/{ids['invitee_uuid']}"
    new_uri = f"{api.base}/scheduled_events/{moved['event_uuid']}/invitees/{moved['invitee_uuid']}"
    old, new = by_uri[("invitee.canceled", old_uri)], by_uri[("invitee.created", new_uri)]
    assert (old["rescheduled"], old["new_invitee"], old["status"]) == (True, new_uri, "canceled")
    assert (new["rescheduled"], new["old_invitee"], new["status"]) == (False, old_uri, "active")
    assert new["tracking"]["utm_content"] == old["tracking"]["utm_content"] == "4711"
    assert new["scheduled_event"]["start_time"] == "2026-03-06T16:00:00.000000Z"


def test_scope_decides_who_hears(world: World, api: Api, receiver: Receiver) -> None:
    api.subscribe(receiver.url("/org"), KEY, scope="organization")
    api.subscribe(receiver.url("/mine"), KEY, scope="user")
    api.subscribe(receiver.url("/cancels"), KEY, events=("invitee.canceled",))
    book(world, api)
    arrived(world, receiver, 2)
    assert world.quiescent(settle=0.05, timeout=5)
    assert sorted(r["path"] for r in receiver.received) == ["/mine", "/org"]


def test_subscription_without_signing_key_is_delivered_unsigned(world: World, api: Api, receiver: Receiver) -> None:
    api.subscribe(receiver.url(), signing_key=None)
    book(world, api)
    arrived(world, receiver, 1)
    assert "calendly-webhook-signature" not in receiver.received[0]["headers"]


def test_410_gone_deletes_the_subscription_without_retry(world: World, api: Api, receiver: Receiver) -> None:
    sub = api.subscribe(receiver.url(), KEY)
    receiver.statuses = [410]
    book(world, api)
    assert world.wait_until(lambda: only_delivery(world).state == "gone", 5)
    assert world.wait_until(lambda: world.scheduler.subscriptions() == [], 5)
    assert api.get(sub["uri"]).status_code == 404
    world.hub.clock.advance(timedelta(days=2))
    assert world.quiescent(settle=0.05, timeout=5)
    assert len(receiver.received) == 1 and len(only_delivery(world).attempts) == 1


def test_failures_retry_on_the_virtual_clock_and_mark_retry_started_at(
    world: World, api: Api, receiver: Receiver
) -> None:
    sub = api.subscribe(receiver.url(), KEY)
    receiver.statuses = [500, 302]  # redirects count as failures too
    book(world, api)
    delivery = only_delivery(world)
    assert world.wait_until(lambda: delivery.state == "retrying", 5)
    first_at = datetime.fromisoformat(delivery.attempts[0]["at"])
    assert delivery.next_at == first_at + timedelta(seconds=60)
    assert world.wait_until(lambda: api.get(sub["uri"]).json()["resource"]["retry_started_at"], 5) == (
        "2026-03-02T09:00:00.000000Z"
    )
    world.hub.clock.advance(59)
    assert world.quiescent(settle=0.05, timeout=5) and len(receiver.received) == 1
    world.hub.clock.advance(1)
    assert world.wait_until(lambda: len(delivery.attempts) == 2 and delivery.state == "retrying", 5)
    assert delivery.next_at == first_at + timedelta(seconds=60 + 120)
    world.hub.clock.advance(120)
    assert world.wait_until(lambda: delivery.state == "delivered", 5)
    assert [a["status"] for a in delivery.attempts] == [500, 302, 200]
    assert world.wait_until(lambda: api.get(sub["uri"]).json()["resource"]["retry_started_at"] is None, 5)
    stamps = [verify_signature(KEY, r["headers"]["calendly-webhook-signature"], r["body"]) for r in receiver.received]
    assert [s - stamps[0] for s in stamps] == [0, 60, 180]  # re-signed at each attempt's virtual time
    assert len({r["body"] for r in receiver.received}) == 1  # the same bytes every time


def test_a_day_of_failures_exhausts_the_schedule_and_disables_the_subscription(
    world: World, api: Api, receiver: Receiver
) -> None:
    sub = api.subscribe(receiver.url(), KEY)
    receiver.default_status = 503
    book(world, api)
    delivery = only_delivery(world)
    delays = []
    for attempt in range(1, len(EXPECTED_DELAYS) + 1):
        assert world.wait_until(lambda n=attempt: len(delivery.attempts) == n and delivery.state == "retrying", 5)
        delays.append((delivery.next_at - datetime.fromisoformat(delivery.attempts[-1]["at"])).total_seconds())
        world.hub.clock.advance(delays[-1])
    assert delays == EXPECTED_DELAYS and sum(delays) == 24 * 3600
    assert world.wait_until(lambda: delivery.state == "failed", 5)
    assert len(delivery.attempts) == 12
    assert world.wait_until(lambda: api.get(sub["uri"]).json()["resource"]["state"] == "disabled", 5)
    book(world, api, start="2026-03-07T15:00:00Z")
    assert world.quiescent(settle=0.05, timeout=5)
    assert len(world.hub.dispatcher.deliveries(fake="calendly")) == 1  # a disabled subscription hears nothing


def test_every_sent_body_is_json_the_receiver_can_read(world: World, api: Api, receiver: Receiver) -> None:
    api.subscribe(receiver.url(), KEY)
    book(world, api)
    arrived(world, receiver, 1)
    assert json.loads(receiver.received[0]["body"]) == json.loads(only_delivery(world).body)
