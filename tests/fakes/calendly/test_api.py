"""The Calendly v2 API surface over real loopback HTTP."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import requests

from fakes.world import World

from .conftest import Api

START = "2026-03-05T15:00:00Z"


def error_of(response: requests.Response) -> dict[str, Any]:
    body = response.json()
    assert set(body) <= {"title", "message", "details"} and body["title"] and body["message"], body
    return dict(body)


def book(world: World, api: Api, stage: str = "Phone Screen", start: str = START, **extra: Any) -> dict[str, str]:
    url = api.booking_url(stage) + extra.pop("query", "")
    return dict(
        world.act(
            "scheduler.book",
            booking_url=url,
            invitee_name=extra.pop("invitee_name", "Ada Lovelace"),
            email=extra.pop("email", "ada@example.com"),
            start_time=start,
            **extra,
        )
    )


# -- authentication ----------------------------------------------------------------------
@pytest.mark.parametrize("header", [None, "Bearer wrong-token", "Basic Y2FsZW5kbHk6eA==", "Bearer ", "token"])
def test_bad_or_missing_token_is_401_unauthenticated(world: World, api: Api, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    response = requests.get(api.base + "/users/me", headers=headers, timeout=5)
    assert response.status_code == 401
    assert error_of(response) == {"title": "Unauthenticated", "message": "The access token is invalid"}


def test_each_tenant_has_its_own_token_and_data() -> None:
    world = World(seed=3, systems=["scheduler"], settings={"calendly.tokens": {"acme-token": "acme"}})
    world.add_tenant("acme")
    world.serve(smtp_port=None)
    try:
        base = world.hub.origins["calendly"]
        token = world.contract_env()["CALENDLY_TOKEN"]
        default = requests.get(base + "/users/me", headers={"Authorization": f"Bearer {token}"}, timeout=5)
        acme = requests.get(base + "/users/me", headers={"Authorization": "Bearer acme-token"}, timeout=5)
        assert default.status_code == acme.status_code == 200
        assert acme.json()["resource"]["uri"].endswith(world.model("scheduler", "acme").owner["uuid"])
        assert acme.json()["resource"]["uri"] != default.json()["resource"]["uri"]
    finally:
        world.stop()


def test_contract_env_points_at_the_served_origin(world: World, api: Api) -> None:
    assert api.base == world.hub.origins["calendly"]
    assert api.token == "calendly-harness-personal-access-token"


# -- users ---------------------------------------------------------------------------------------
def test_users_me_is_the_seeded_owner_referenced_by_uris(world: World, api: Api) -> None:
    me = api.me()
    owner = world.scheduler.owner
    assert me["uri"] == f"{api.base}/users/{owner['uuid']}"
    assert (me["name"], me["email"], me["timezone"]) == (
        "Harness Recruiter",
        "recruiter@harness.example",
        "America/New_York",
    )
    assert me["current_organization"] == f"{api.base}/organizations/{owner['organization']}"
    assert me["created_at"] == "2026-03-02T09:00:00.000000Z"
    assert api.get(me["uri"]).json()["resource"] == me == api.get("/users/me").json()["resource"]


def test_unknown_user_is_404_resource_not_found(api: Api) -> None:
    response = api.get("/users/NOPE")
    assert response.status_code == 404
    assert error_of(response)["title"] == "Resource Not Found"


# -- event types -------------------------------------------------------------------------------
def test_event_types_need_user_or_organization(api: Api) -> None:
    response = api.get("/event_types")
    assert response.status_code == 400
    body = error_of(response)
    assert body["title"] == "Invalid Argument" and body["details"][0]["parameter"] == "organization"


def test_event_types_list_one_per_stage_sorted_by_name(api: Api) -> None:
    me = api.me()
    by_user = api.get("/event_types", params={"user": me["uri"]}).json()
    by_org = api.get("/event_types", params={"organization": me["current_organization"]}).json()
    assert [t["name"] for t in by_user["collection"]] == ["Onsite", "Phone Screen", "Technical Interview"]
    assert by_org == by_user
    onsite = by_user["collection"][0]
    assert (onsite["duration"], onsite["kind"], onsite["active"], onsite["slug"]) == (240, "solo", True, "onsite")
    assert onsite["scheduling_url"] == f"{api.base}/harness-recruiter/onsite"
    assert onsite["profile"] == {"type": "User", "name": "Harness Recruiter", "owner": me["uri"]}
    assert api.get(onsite["uri"]).json() == {"resource": onsite}
    desc = api.get("/event_types", params={"user": me["uri"], "sort": "name:desc"}).json()
    assert [t["name"] for t in desc["collection"]] == ["Technical Interview", "Phone Screen", "Onsite"]


def test_event_types_active_filter(world: World, api: Api) -> None:
    world.act("scheduler.set_event_type_active", event_type="Onsite", active=False)
    listing = api.get("/event_types", params={"user": api.me()["uri"], "active": "true"}).json()
    assert [t["name"] for t in listing["collection"]] == ["Phone Screen", "Technical Interview"]


def test_paging_walks_forward_and_back_with_tokens(api: Api) -> None:
    params = {"user": api.me()["uri"], "count": "1"}
    first = api.get("/event_types", params=params).json()
    assert first["pagination"]["count"] == 1 and first["pagination"]["previous_page"] is None
    second = api.get(first["pagination"]["next_page"]).json()
    third = api.get("/event_types", params={**params, "page_token": second["pagination"]["next_page_token"]}).json()
    names = [p["collection"][0]["name"] for p in (first, second, third)]
    assert names == ["Onsite", "Phone Screen", "Technical Interview"]
    assert third["pagination"]["next_page"] is None and third["pagination"]["next_page_token"] is None
    back = api.get(third["pagination"]["previous_page"]).json()
    assert back["collection"] == second["collection"]
    everything = api.get("/event_types", params={"user": params["user"]}).json()
    assert everything["pagination"] == {
        "count": 3,
        "next_page": None,
        "previous_page": None,
        "next_page_token": None,
        "previous_page_token": None,
    }


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("count", "0"),
        ("count", "101"),
        ("count", "abc"),
        ("count", "1.5"),
        ("page_token", "!!not-a-token!!"),
        ("sort", "slug:asc"),
        ("active", "yes"),
        ("user", "not a uri"),
    ],
)
def test_bad_query_values_are_400_naming_the_parameter(api: Api, name: str, value: str) -> None:
    params = {"user": api.me()["uri"], name: value}
    response = api.get("/event_types", params=params)
    assert response.status_code == 400
    assert error_of(response)["details"][0]["parameter"] == name


# -- scheduling links -----------------------------------------------------------------------------
def test_create_single_use_scheduling_link(api: Api) -> None:
    owner = api.event_type("Technical Interview")["uri"]
    response = api.post("/scheduling_links", json={"max_event_count": 1, "owner": owner, "owner_type": "EventType"})
    assert response.status_code == 201
    resource = response.json()["resource"]
    assert set(resource) == {"booking_url", "owner", "owner_type"}
    assert (resource["owner"], resource["owner_type"]) == (owner, "EventType")
    assert resource["booking_url"].startswith(f"{api.base}/d/")
    page = requests.get(resource["booking_url"], timeout=5)
    assert page.status_code == 200 and "Technical Interview" in page.text and "Pick a time" in page.text


@pytest.mark.parametrize(
    ("body", "parameter"),
    [
        ({"max_event_count": 2}, "max_event_count"),
        ({"max_event_count": True}, "max_event_count"),
        ({"owner": None}, "owner"),
        ({"owner": "https://api.calendly.com/users/X"}, "owner"),
        ({"owner_type": "User"}, "owner_type"),
    ],
)
def test_scheduling_link_body_is_validated_field_by_field(api: Api, body: dict[str, Any], parameter: str) -> None:
    good = {"max_event_count": 1, "owner": api.event_type("Onsite")["uri"], "owner_type": "EventType"}
    response = api.post("/scheduling_links", json={**good, **body})
    assert response.status_code == 400
    assert error_of(response)["details"][0]["parameter"] == parameter


@pytest.mark.parametrize("raw", [b"", b"not json", b"[1, 2]", b'"text"'])
def test_unreadable_bodies_are_400_invalid_argument(api: Api, raw: bytes) -> None:
    response = api.post("/scheduling_links", data=raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert error_of(response)["title"] == "Invalid Argument"


def test_link_for_unknown_event_type_is_404(api: Api) -> None:
    owner = f"{api.base}/event_types/00000000-0000-4000-8000-000000000000"
    response = api.post("/scheduling_links", json={"max_event_count": 1, "owner": owner, "owner_type": "EventType"})
    assert response.status_code == 404


def test_second_booking_on_a_single_use_link_is_refused(world: World, api: Api) -> None:
    url = api.booking_url()
    world.act("scheduler.book", booking_url=url, invitee_name="Ada", email="ada@example.com", start_time=START)
    refused = requests.post(
        f"{api.base}/__harness/actions/scheduler.book",
        timeout=5,
        json={
            "booking_url": url,
            "invitee_name": "Bob",
            "email": "bob@example.com",
            "start_time": "2026-03-06T15:00:00Z",
        },
    )
    assert refused.status_code == 409 and "already used" in refused.json()["error"]
    assert "This link has already been used." in requests.get(url, timeout=5).text
    assert len(api.get("/scheduled_events", params={"user": api.me()["uri"]}).json()["collection"]) == 1


def test_booking_page_of_unknown_link_is_404_html(api: Api) -> None:
    page = requests.get(f"{api.base}/d/zzzz-zzzz/onsite", timeout=5)
    assert page.status_code == 404 and page.headers["Content-Type"].startswith("text/html")


# -- scheduled events and invitees ----------------------------------------------------------------------
def test_scheduled_events_need_user_or_organization(api: Api) -> None:
    response = api.get("/scheduled_events", params={"status": "active"})
    assert response.status_code == 400 and error_of(response)["title"] == "Invalid Argument"


def test_scheduled_event_and_invitee_shapes(world: World, api: Api) -> None:
    ids = book(world, api, "Technical Interview", query="?utm_content=4711&utm_campaign=spring")
    me = api.me()
    event = api.get(f"/scheduled_events/{ids['event_uuid']}").json()["resource"]
    assert event["uri"] == f"{api.base}/scheduled_events/{ids['event_uuid']}"
    assert (event["name"], event["status"]) == ("Technical Interview", "active")
    assert (event["start_time"], event["end_time"]) == ("2026-03-05T15:00:00.000000Z", "2026-03-05T16:00:00.000000Z")
    assert event["event_type"] == api.event_type("Technical Interview")["uri"]
    assert event["invitees_counter"] == {"total": 1, "active": 1, "limit": 1}
    assert event["event_memberships"][0]["user"] == me["uri"]
    assert event["location"]["type"] == "google_conference"
    assert "cancellation" not in event
    listing = api.get(f"{event['uri']}/invitees").json()
    invitee = listing["collection"][0]
    assert invitee["uri"] == f"{event['uri']}/invitees/{ids['invitee_uuid']}"
    assert (invitee["email"], invitee["name"], invitee["status"], invitee["event"]) == (
        "ada@example.com",
        "Ada Lovelace",
        "active",
        event["uri"],
    )
    assert invitee["tracking"]["utm_content"] == "4711" and invitee["tracking"]["utm_campaign"] == "spring"
    assert (invitee["rescheduled"], invitee["old_invitee"], invitee["new_invitee"]) == (False, None, None)
    assert api.get(invitee["uri"]).json() == {"resource": invitee}


def test_invitee_under_another_event_is_404(world: World, api: Api) -> None:
    a = book(world, api)
    b = book(world, api, start="2026-03-06T15:00:00Z")
    assert api.get(f"/scheduled_events/{a['event_uuid']}/invitees/{b['invitee_uuid']}").status_code == 404
    assert api.get("/scheduled_events/nope").status_code == 404
    assert api.get("/scheduled_events/nope/invitees").status_code == 404


def test_scheduled_event_filters_and_sort(world: World, api: Api) -> None:
    me = api.me()
    early = book(world, api, start="2026-03-05T15:00:00Z", email="early@example.com")
    late = book(world, api, "Onsite", start="2026-03-09T14:00:00Z", email="late@example.com")
    world.act("scheduler.cancel", uuid=early["invitee_uuid"], reason="conflict")

    def uuids(**params: str) -> list[str]:
        listing = api.get("/scheduled_events", params={"organization": me["current_organization"], **params}).json()
        return [e["uri"].rsplit("/", 1)[1] for e in listing["collection"]]

    assert uuids() == [early["event_uuid"], late["event_uuid"]]
    assert uuids(sort="start_time:desc") == [late["event_uuid"], early["event_uuid"]]
    assert uuids(status="canceled") == [early["event_uuid"]]
    assert uuids(min_start_time="2026-03-06T00:00:00.000000Z") == [late["event_uuid"]]
    assert uuids(max_start_time="2026-03-06T00:00:00Z") == [early["event_uuid"]]
    assert uuids(invitee_email="LATE@example.com") == [late["event_uuid"]]
    invitees = api.get(f"/scheduled_events/{early['event_uuid']}/invitees", params={"status": "active"}).json()
    assert invitees["collection"] == []
    assert api.get("/scheduled_events", params={"user": me["uri"], "min_start_time": "soon"}).status_code == 400


def test_host_cancels_through_the_api(world: World, api: Api) -> None:
    ids = book(world, api)
    response = api.post(f"/scheduled_events/{ids['event_uuid']}/cancellation", json={"reason": "Role filled"})
    assert response.status_code == 201
    assert response.json() == {
        "resource": {
            "canceled_by": "Harness Recruiter",
            "reason": "Role filled",
            "canceler_type": "host",
            "created_at": "2026-03-02T09:00:00.000000Z",
        }
    }
    event = api.get(f"/scheduled_events/{ids['event_uuid']}").json()["resource"]
    assert event["status"] == "canceled" and event["cancellation"]["reason"] == "Role filled"
    invitee = api.get(f"/scheduled_events/{ids['event_uuid']}/invitees/{ids['invitee_uuid']}").json()["resource"]
    assert invitee["status"] == "canceled" and invitee["cancellation"]["canceler_type"] == "host"


def test_cancel_refusals_follow_calendlys_403s(world: World, api: Api) -> None:
    ids = book(world, api)
    path = f"/scheduled_events/{ids['event_uuid']}/cancellation"
    assert api.post(path, json={"reason": 7}).status_code == 400
    assert api.post(path, json={"reason": "x" * 10_001}).status_code == 400
    assert api.post(path).status_code == 201  # the body is optional
    again = api.post(path, json={})
    assert again.status_code == 403
    assert error_of(again) == {"title": "Permission Denied", "message": "Event is already canceled"}
    assert api.post("/scheduled_events/nope/cancellation").status_code == 404
    past = book(world, api, start="2026-03-06T15:00:00Z")
    world.hub.clock.advance(timedelta(days=5))
    late = api.post(f"/scheduled_events/{past['event_uuid']}/cancellation", json={"reason": "late"})
    assert (late.status_code, error_of(late)["message"]) == (403, "Event in the past")


# -- webhook subscriptions -------------------------------------------------------------------------------
def test_webhook_subscription_lifecycle(api: Api) -> None:
    me = api.me()
    created = api.subscribe("https://sut.example/hooks")
    assert created["uri"].startswith(f"{api.base}/webhook_subscriptions/")
    assert (created["callback_url"], created["state"], created["scope"]) == (
        "https://sut.example/hooks",
        "active",
        "organization",
    )
    assert (created["organization"], created["creator"], created["user"]) == (
        me["current_organization"],
        me["uri"],
        None,
    )
    assert created["retry_started_at"] is None and "signing_key" not in created
    assert api.get(created["uri"]).json() == {"resource": created}
    listing = api.get(
        "/webhook_subscriptions", params={"organization": me["current_organization"], "scope": "organization"}
    )
    assert listing.json()["collection"] == [created]
    assert api.delete(created["uri"]).status_code == 204
    assert api.get(created["uri"]).status_code == 404
    assert api.delete(created["uri"]).status_code == 404


def test_same_url_twice_is_409_already_exists(api: Api) -> None:
    api.subscribe("https://sut.example/hooks")
    me = api.me()
    again = api.post(
        "/webhook_subscriptions",
        json={
            "url": "https://sut.example/hooks",
            "events": ["invitee.created"],
            "organization": me["current_organization"],
            "scope": "organization",
        },
    )
    assert again.status_code == 409
    assert error_of(again) == {"title": "Already Exists", "message": "Hook with this url already exists"}


def test_user_scope_subscription_names_the_user(api: Api) -> None:
    created = api.subscribe("https://sut.example/mine", scope="user")
    assert created["user"] == api.me()["uri"]
    me = api.me()
    params = {"organization": me["current_organization"], "scope": "user", "user": me["uri"]}
    assert [s["uri"] for s in api.get("/webhook_subscriptions", params=params).json()["collection"]] == [created["uri"]]


@pytest.mark.parametrize(
    ("change", "status", "parameter"),
    [
        ({"url": "not a url"}, 400, "url"),
        ({"url": None}, 400, "url"),
        ({"events": []}, 400, "events"),
        ({"events": ["invitee.updated"]}, 400, "events"),
        ({"events": ["invitee.created", "invitee.created"]}, 400, "events"),
        ({"scope": "everyone"}, 400, "scope"),
        ({"scope": "user"}, 400, "user"),
        ({"scope": "user", "user": "https://api.calendly.com/users/GHOST"}, 404, None),
        ({"events": ["routing_form_submission.created"], "scope": "user", "user": "@me"}, 400, "events"),
        ({"organization": "https://api.calendly.com/organizations/OTHER"}, 404, None),
        ({"signing_key": 12345}, 400, "signing_key"),
    ],
)
def test_subscription_body_is_validated(api: Api, change: dict[str, Any], status: int, parameter: str | None) -> None:
    me = api.me()
    body = {
        "url": "https://sut.example/h",
        "events": ["invitee.created"],
        "organization": me["current_organization"],
        "scope": "organization",
        **change,
    }
    if body.get("user") == "@me":
        body["user"] = me["uri"]
    response = api.post("/webhook_subscriptions", json=body)
    assert response.status_code == status, response.text
    if parameter:
        assert error_of(response)["details"][0]["parameter"] == parameter


def test_listing_subscriptions_needs_organization_and_scope(api: Api) -> None:
    org = api.me()["current_organization"]
    for params in ({}, {"organization": org}, {"scope": "organization"}, {"organization": org, "scope": "user"}):
        response = api.get("/webhook_subscriptions", params=params)
        assert response.status_code == 400, params


def test_basic_plan_cannot_subscribe(world: World, api: Api) -> None:
    world.act("scheduler.set_plan", plan="basic")
    me = api.me()
    response = api.post(
        "/webhook_subscriptions",
        json={
            "url": "https://sut.example/h",
            "events": ["invitee.created"],
            "organization": me["current_organization"],
            "scope": "organization",
        },
    )
    assert response.status_code == 403
    assert error_of(response) == {
        "title": "Permission Denied",
        "message": "Please upgrade your Calendly account to Professional",
    }


# -- never a 500 -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("GET", "/users/%00", {}),
        ("GET", "/event_types/%20", {}),
        ("GET", "/scheduled_events", {"params": {"user": "http://x/users/", "count": "nan"}}),
        ("GET", "/scheduled_events", {"params": {"organization": "https://x/organizations/" + "A" * 5000}}),
        ("POST", "/scheduled_events/x/cancellation", {"data": b"\xff\xfe"}),
        ("POST", "/webhook_subscriptions", {"json": {"url": 1, "events": "invitee.created"}}),
        ("POST", "/webhook_subscriptions", {"json": {"url": "https://a.b", "events": [None], "organization": 5}}),
        ("DELETE", "/users/me", {}),
        ("PUT", "/scheduling_links", {"json": {}}),
        ("GET", "/no/such/route", {}),
    ],
)
def test_garbage_never_gets_a_500(world: World, api: Api, method: str, path: str, kwargs: dict[str, Any]) -> None:
    response = api.session.request(method, api.base + path, timeout=5, **kwargs)
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    assert error_of(response)["title"]
    assert world.hub.errors == []
