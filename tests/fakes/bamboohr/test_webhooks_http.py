"""Webhooks: subscriptions through the API, signed deliveries, BambooHR's retry rules.

Signatures are checked with this file's own reading of BambooHR's documented
scheme (hex HMAC-SHA256 over the raw body followed by the timestamp header),
not with the fake's code.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from fakes.world import World

from .conftest import Client, Receiver, assert_matches_schema, decode_form

MINUTE = 60.0


def subscribe(api: Client, url: str, **extra: Any) -> dict[str, Any]:
    body = {
        "name": "HRIS sync",
        "url": url,
        "format": "json",
        "events": ["employee.created", "employee.updated"],
        "monitorFields": ["firstName", "payRate", "jobTitle", "customHoursPerWeek"],
        **extra,
    }
    created = api.post("/webhooks", json=body)
    assert created.status_code == 201, created.text
    return created.json()  # type: ignore[no-any-return]


def verify(request: dict[str, Any], private_key: str) -> bool:
    timestamp = request["headers"]["X-BambooHR-Timestamp"]
    expected = hmac.new(
        private_key.encode("utf-8"), request["body"] + timestamp.encode("ascii"), hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(expected, request["headers"]["X-BambooHR-Signature"])


def arrived(world: World, receiver: Receiver, count: int) -> list[dict[str, Any]]:
    assert world.wait_until(lambda: len(receiver.requests) >= count, 5), f"{len(receiver.requests)} of {count}"
    return receiver.requests


def by_type(requests: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Deliveries go out concurrently, as BambooHR's do: find each by its type, not by arrival order."""
    out = {}
    for request in requests:
        body = request["body"]
        payload = decode_form(body) if body.startswith(b"type=") else json.loads(body)
        out[payload.get("type") or payload["employees"][0]["action"]] = request
    return out


def sent(world: World) -> list[Any]:
    return world.hub.dispatcher.deliveries(fake="bamboohr")


# -- subscriptions ---------------------------------------------------------------------
def test_the_private_key_is_returned_once(api: Client, receiver: Receiver) -> None:
    hook = subscribe(api, receiver.url)
    assert len(hook["privateKey"]) == 64 and hook["monitorFields"] == [
        "firstName",
        "payRate",
        "jobTitle",
        "customHoursPerWeek",
    ]
    fetched = api.get(f"/webhooks/{hook['id']}").json()
    assert "privateKey" not in fetched and fetched == {k: v for k, v in hook.items() if k != "privateKey"}
    listed = api.get("/webhooks").json()["webhooks"]
    assert listed == [
        {"id": hook["id"], "name": "HRIS sync", "created": "2026-03-02 09:00:00", "lastSent": None, "url": receiver.url}
    ]
    assert all("privateKey" not in entry for entry in listed)


def test_put_replaces_everything_but_the_key(world: World, api: Client, receiver: Receiver) -> None:
    hook = subscribe(api, receiver.url)
    replaced = api.request(
        "PUT",
        f"/webhooks/{hook['id']}",
        json={"name": "renamed", "url": receiver.url, "format": "form-encoded", "events": ["employee.created"]},
    )
    assert replaced.status_code == 200
    assert replaced.json()["monitorFields"] is None and "privateKey" not in replaced.json()
    api.create_employee(firstName="Ada", lastName="Lovelace")
    [request] = arrived(world, receiver, 1)
    assert verify(request, hook["privateKey"])
    assert decode_form(request["body"])["type"] == "employee.created"


def test_subscription_refusals_speak_the_webhook_error_shape(api: Client) -> None:
    def post(body: Any) -> Any:
        return api.post("/webhooks", json=body)

    good = {"name": "n", "url": "https://hooks.example.com/x", "format": "json", "events": ["employee.created"]}
    cases = {
        "no format": post({k: v for k, v in good.items() if k != "format"}),
        "plain http": post({**good, "url": "http://hooks.example.com/x"}),
        "mixed events": post({**good, "events": ["employee.created", "employee_with_fields.updated"]}),
        "updated without fields": post({**good, "events": ["employee.updated"]}),
        "legacy default without fields": post({k: v for k, v in good.items() if k != "events"}),
        "not an object": post(["x"]),
    }
    for name, answer in cases.items():
        assert answer.status_code == 400, name
        assert answer.json()["errors"][0]["error"] == "Invalid request body", name
    assert any("format" in issue for issue in cases["no format"].json()["errors"][0]["issues"])
    unknown = post({**good, "events": ["employee.updated"], "monitorFields": ["shoeSize"]})
    assert unknown.status_code == 403 and unknown.json()["errors"][0]["unknownFields"] == [
        {"id": None, "name": "shoeSize"}
    ]
    missing = api.get("/webhooks/404404")
    assert missing.status_code == 404 and "404404" in missing.json()["errors"][0]["error"]
    made = post(good).json()
    deleted = api.request("DELETE", f"/webhooks/{made['id']}")
    assert deleted.status_code == 200 and deleted.text == "Web hook has been deleted."
    assert api.get(f"/webhooks/{made['id']}").status_code == 404


def test_plain_http_to_other_hosts_needs_the_setting(world: World, api: Client) -> None:
    body = {"name": "n", "url": "http://sut.internal:8080/hooks", "format": "json", "events": ["employee.created"]}
    assert api.post("/webhooks", json=body).status_code == 400
    world.hub.settings["bamboohr.allow_http_webhooks"] = True
    try:
        assert api.post("/webhooks", json=body).status_code == 201
    finally:
        del world.hub.settings["bamboohr.allow_http_webhooks"]


def test_monitor_and_post_field_catalogues(api: Client) -> None:
    monitor = {f["alias"]: f for f in api.get("/webhooks/monitor_fields").json()["fields"]}
    assert monitor["customHoursPerWeek"] == {"id": "4001", "name": "Hours Per Week", "alias": "customHoursPerWeek"}
    assert "lastChanged" not in monitor
    posted = api.get("/webhooks/post-fields").json()
    assert {t["name"] for t in posted["tables"]} == {"jobInfo", "employmentStatus", "compensation"}
    pay = next(f for f in posted["fields"] if f["alias"] == "payRate")
    assert pay["tableId"] == next(t["id"] for t in posted["tables"] if t["name"] == "compensation")


# -- deliveries ------------------------------------------------------------------------
def test_a_new_hire_fires_created_then_updated_signed_with_the_private_key(
    world: World, api: Client, receiver: Receiver
) -> None:
    hook = subscribe(api, receiver.url)
    ident = api.create_employee(firstName="Zoë", lastName="O'Brien-Nuñez", jobTitle="Engineer", city="Cork")
    arrivals = by_type(arrived(world, receiver, 2))
    created, updated = arrivals["employee.created"], arrivals["employee.updated"]
    assert [d.event for d in sent(world)] == ["employee.created", "employee.updated"]  # queued in this order
    assert all(verify(r, hook["privateKey"]) for r in (created, updated))
    assert not verify({**created, "body": created["body"] + b" "}, hook["privateKey"])
    company = world.fakes["bamboohr"].company_id("default")  # type: ignore[attr-defined]
    assert json.loads(created["body"]) == {
        "type": "employee.created",
        "timestamp": "2026-03-02T09:00:00+0000",
        "data": {"companyId": company, "employeeId": str(ident)},
    }
    assert json.loads(updated["body"])["data"] == {
        "companyId": company,
        "employeeId": str(ident),
        "changedFields": ["firstName", "jobTitle"],
    }
    assert created["headers"]["Content-Type"] == "application/json"
    assert created["headers"]["X-BambooHR-Timestamp"] == "1772442000"  # 2026-03-02T09:00:00Z
    assert "Company-Domain" not in created["headers"]
    assert api.get(f"/webhooks/{hook['id']}").json()["lastSent"] == "2026-03-02 09:00:00"


def test_only_monitored_changes_fire_and_custom_fields_fire_apart(
    world: World, api: Client, receiver: Receiver
) -> None:
    subscribe(api, receiver.url)
    ident = api.create_employee(firstName="Ada", lastName="Lovelace")
    before = len(sent(world))
    api.post(f"/employees/{ident}", json={"city": "London", "lastName": "King"})
    assert len(sent(world)) == before  # neither field is monitored: nothing is queued
    api.post(f"/employees/{ident}", json={"firstName": "Augusta", "customHoursPerWeek": "37.5"})
    bodies = [json.loads(d.body) for d in sent(world)[before:]]
    assert [b["data"]["changedFields"] for b in bodies] == [["firstName"], ["customHoursPerWeek"]]
    arrived(world, receiver, before + 2)


def test_a_future_dated_pay_change_fires_when_it_takes_effect(world: World, api: Client, receiver: Receiver) -> None:
    hook = subscribe(api, receiver.url)
    ident = api.create_employee(firstName="Ada", lastName="Lovelace")
    arrived(world, receiver, 2)
    api.post(f"/employees/{ident}/tables/compensation", json={"startDate": "2026-03-05", "rate": "103000.00 USD"})
    assert len(sent(world)) == 2
    world.hub.clock.advance(2 * 86400.0)  # 2026-03-04 09:00
    assert len(sent(world)) == 2
    world.hub.clock.advance(86400.0)
    third = arrived(world, receiver, 3)[2]  # the first two were answered long before
    assert json.loads(third["body"])["data"]["changedFields"] == ["payRate"]
    assert json.loads(third["body"])["timestamp"] == "2026-03-05T00:00:00+0000" and verify(third, hook["privateKey"])


def test_form_encoding_and_the_company_domain_header(world: World, api: Client, receiver: Receiver) -> None:
    hook = subscribe(api, receiver.url, format="form-encoded", includeCompanyDomain=True)
    ident = api.create_employee(firstName="Ada", lastName="Lovelace")
    updated = by_type(arrived(world, receiver, 2))["employee.updated"]
    assert updated["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    assert b"data%5BemployeeId%5D=" + str(ident).encode() in updated["body"]
    assert decode_form(updated["body"])["data"]["changedFields"] == ["firstName"]
    assert updated["headers"]["Company-Domain"] == api.domain and verify(updated, hook["privateKey"])
    assert_matches_schema("employee.updated", decode_form(updated["body"]))


def test_legacy_field_webhooks_post_the_chosen_fields(world: World, api: Client, receiver: Receiver) -> None:
    created = api.post(
        "/webhooks",
        json={
            "name": "legacy",
            "url": receiver.url,
            "format": "json",
            "monitorFields": ["jobTitle"],
            "postFields": {"firstName": "First Name", "jobTitle": "Title"},
        },
    )
    assert created.json()["events"] == [
        "employee_with_fields.updated",
        "employee_with_fields.deleted",
        "employee_with_fields.created",
    ]
    ident = api.create_employee(firstName="Ada", lastName="Lovelace", jobTitle="Analyst")
    world.hris.delete_employee(ident)
    arrivals = by_type(arrived(world, receiver, 3))
    assert sorted(arrivals) == ["Created", "Deleted", "Updated"]
    updated = json.loads(arrivals["Updated"]["body"])["employees"][0]
    assert updated["changedFields"] == ["jobTitle"] and updated["id"] == str(ident)
    assert updated["fields"] == {"First Name": "Ada", "Title": "Analyst"}
    assert json.loads(arrivals["Deleted"]["body"])["employees"][0]["fields"] == {}


def test_a_4xx_answer_is_never_retried(world: World, api: Client, receiver: Receiver) -> None:
    subscribe(api, receiver.url, events=["employee.created"])
    receiver.statuses = [410]
    api.create_employee(firstName="Ada", lastName="Lovelace")
    [delivery] = sent(world)
    assert world.wait_until(lambda: delivery.done, 5)
    world.hub.clock.advance(6 * 3600.0)
    assert delivery.state == "failed" and len(delivery.attempts) == 1 and len(receiver.requests) == 1


def test_a_5xx_answer_is_retried_after_5_10_20_40_80_minutes(world: World, api: Client, receiver: Receiver) -> None:
    hook = subscribe(api, receiver.url, events=["employee.created"])
    receiver.statuses = [500, 502, 503, 500, 504, 500]
    api.create_employee(firstName="Ada", lastName="Lovelace")
    [delivery] = sent(world)
    stamps = []
    for attempt, wait in enumerate((5, 10, 20, 40, 80), start=1):
        assert world.wait_until(lambda n=attempt: delivery.state == "retrying" and len(delivery.attempts) == n, 5)
        world.hub.clock.advance(wait * MINUTE - 1)
        assert len(receiver.requests) == attempt  # not a second early
        world.hub.clock.advance(1)
        arrived(world, receiver, attempt + 1)
        stamps.append(int(receiver.requests[-1]["headers"]["X-BambooHR-Timestamp"]))
    assert world.wait_until(lambda: delivery.done, 5) and delivery.state == "failed"
    assert len(delivery.attempts) == 6 and all(verify(r, hook["privateKey"]) for r in receiver.requests)
    assert [b - a for a, b in zip([1772442000, *stamps], stamps, strict=False)] == [300, 600, 1200, 2400, 4800]
    log = api.get(f"/webhooks/{hook['id']}/log").json()
    assert log == [
        {
            "webhookId": hook["id"],
            "url": receiver.url,
            "lastAttempted": "2026-03-02 11:35:00",
            "lastSuccess": "",
            "statusCode": "500",
            "format": "json",
            "employeeIds": [json.loads(receiver.requests[0]["body"])["data"]["employeeId"]],
        }
    ]


def test_a_network_error_is_retried_and_then_delivered(world: World, api: Client, receiver: Receiver) -> None:
    subscribe(api, "http://127.0.0.1:9/closed", events=["employee.created"])  # nothing listens on port 9
    api.create_employee(firstName="Ada", lastName="Lovelace")
    [delivery] = sent(world)
    assert world.wait_until(lambda: delivery.state == "retrying", 5)
    assert delivery.attempts[0]["status"] == 0
    delivery.url = receiver.url  # the SUT comes back up at a new address
    world.hub.clock.advance(5 * MINUTE)
    arrived(world, receiver, 1)
    assert world.wait_until(lambda: delivery.state == "delivered", 5)
