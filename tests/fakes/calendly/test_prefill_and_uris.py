"""Booking-page prefill into questions_and_answers, and tolerant resource-URI parsing."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from fakes.world import World

from .conftest import Api, Receiver

START = "2026-03-05T15:00:00Z"
PHONE, NOTE = "Phone number", "What would you like us to know before we meet?"


def book(world: World, api: Api, query: str, **typed: Any) -> dict[str, Any]:
    url = api.booking_url() + query
    typed.setdefault("invitee_name", "Typed Name")
    typed.setdefault("email", "typed@example.com")
    out = world.act("scheduler.book", booking_url=url, start_time=START, **typed)
    invitee = api.get(f"/scheduled_events/{out['event_uuid']}/invitees/{out['invitee_uuid']}")
    assert invitee.status_code == 200, invitee.text
    return dict(invitee.json()["resource"])


def test_event_types_list_their_custom_questions(api: Api) -> None:
    questions = api.event_type("Phone Screen")["custom_questions"]
    assert [(q["name"], q["type"], q["position"]) for q in questions] == [(PHONE, "phone_number", 0), (NOTE, "text", 1)]
    assert all(q["enabled"] and q["answer_choices"] == [] and q["include_other"] is False for q in questions)


def test_prefilled_answers_reach_questions_and_answers_by_position(world: World, api: Api) -> None:
    invitee = book(
        world,
        api,
        f"?name=Zo%C3%AB%20Ng&email=zoe%40example.com&a2={quote('Step-free access')}"
        "&a1=%2B1%20555%20010%200199&utm_content=4001",
    )
    assert (invitee["name"], invitee["email"]) == ("Zoë Ng", "zoe@example.com")  # the form held the prefill
    assert invitee["questions_and_answers"] == [
        {"question": PHONE, "answer": "+1 555 010 0199", "position": 0},
        {"question": NOTE, "answer": "Step-free access", "position": 1},
    ]
    assert invitee["tracking"]["utm_content"] == "4001"


def test_only_answered_questions_appear_and_extra_prefill_is_ignored(world: World, api: Api) -> None:
    invitee = book(world, api, "?a2=Hello&a3=no%20such%20question&a1=")
    assert invitee["questions_and_answers"] == [{"question": NOTE, "answer": "Hello", "position": 1}]
    assert (invitee["name"], invitee["email"]) == ("Typed Name", "typed@example.com")  # nothing prefilled


def test_first_and_last_name_prefill_make_the_name(world: World, api: Api) -> None:
    invitee = book(world, api, "?first_name=Ada&last_name=Lovelace")
    assert invitee["name"] == "Ada Lovelace"


def test_what_the_invitee_types_replaces_a_prefilled_answer(world: World, api: Api) -> None:
    invitee = book(
        world,
        api,
        "?a1=%2B1%20555%20000%200000",
        questions_and_answers=[
            {"question": PHONE, "answer": "+44 20 7946 0000"},
            {"question": "Free-form", "answer": "kept"},
        ],
    )
    assert invitee["questions_and_answers"] == [
        {"question": PHONE, "answer": "+44 20 7946 0000", "position": 0},
        {"question": "Free-form", "answer": "kept", "position": 2},
    ]


def test_the_webhook_carries_the_prefilled_answers(world: World, api: Api, receiver: Receiver) -> None:
    api.subscribe(receiver.url())
    book(world, api, "?a2=From%20the%20link")
    assert world.wait_until(lambda: len(receiver.received) >= 1, 10)
    payload = json.loads(receiver.received[0]["body"])["payload"]
    assert payload["questions_and_answers"] == [{"question": NOTE, "answer": "From the link", "position": 1}]


# -- URIs ---------------------------------------------------------------------------------
def vendor_form(uri: str) -> str:
    """The same resource as Calendly would name it."""
    return "https://api.calendly.com" + urlsplit(uri).path


def test_uris_keep_the_fakes_origin(api: Api) -> None:
    me = api.me()
    assert me["uri"].startswith(api.base + "/users/")
    assert me["current_organization"].startswith(api.base + "/organizations/")


@pytest.mark.parametrize("form", [vendor_form, lambda uri: uri + "/", lambda uri: uri])
def test_uris_are_read_by_their_path_whatever_the_origin(api: Api, form: Any) -> None:
    me = api.me()
    listed = api.get("/event_types", params={"user": form(me["uri"])})
    assert listed.status_code == 200 and len(listed.json()["collection"]) == 3
    owner = form(api.event_type("Onsite")["uri"])
    link = api.post("/scheduling_links", json={"max_event_count": 1, "owner": owner, "owner_type": "EventType"})
    assert link.status_code == 201, link.text
    events = api.get("/scheduled_events", params={"organization": form(me["current_organization"])})
    assert events.status_code == 200


@pytest.mark.parametrize("value", ["https://api.calendly.com/organizations/X", "not a uri", "/users/X"])
def test_a_uri_of_the_wrong_kind_is_a_400_naming_the_parameter(api: Api, value: str) -> None:
    answer = api.get("/event_types", params={"user": value})
    assert answer.status_code == 400
    assert answer.json()["details"][0]["parameter"] == "user"
