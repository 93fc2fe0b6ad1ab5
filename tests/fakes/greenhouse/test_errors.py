"""Greenhouse's error answers: 422 validation bodies, 404, bad JSON, the rate limit."""

from __future__ import annotations

from fakes.world import World

from .conftest import Harvest, make_application, stage_id


def test_422_names_every_failing_field(world: World, v1: Harvest) -> None:
    answer = v1.post("/candidates", {"first_name": 7, "phone_numbers": [{"value": "1", "type": "pager"}],
                                     "applications": []})
    assert answer.status_code == 422
    body = answer.json()
    assert body["message"] == "Validation error"
    assert {e["field"] for e in body["errors"]} == {"first_name", "last_name", "phone_numbers[0].type",
                                                   "applications"}
    assert all(set(e) == {"message", "field"} for e in body["errors"])
    assert next(e for e in body["errors"] if e["field"] == "phone_numbers[0].type")["message"] == (
        "Must be one of: home, work, mobile, skype, other")
    assert not world.ats.store.table("candidates")


def test_refused_transitions_are_422_in_greenhouse_words(world: World, v1: Harvest) -> None:
    journey = make_application(world)
    answer = v1.post(f"/applications/{journey['application_id']}/unreject", {})
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"message": "Application must be 'rejected', is currently 'active'", "field": "status"}]


def test_bad_json_and_non_object_bodies_are_422(world: World, v1: Harvest) -> None:
    journey = make_application(world)
    path = v1.base + f"/applications/{journey['application_id']}/advance"
    headers = {**v1.writes, "Content-Type": "application/json"}
    for raw in (b"{not json", b"[1, 2]", b"", b"[" * 5000 + b"]" * 5000, b'"\xff"'):
        answer = v1.http.post(path, data=raw, headers=headers, timeout=5)
        assert answer.status_code == 422, raw[:20]
        assert answer.json()["message"] == "Validation error"


def test_unknown_ids_are_404_with_a_message(world: World, v1: Harvest) -> None:
    for path in ("/candidates/1", "/applications/abc", "/jobs/99999999999", "/offers/5", "/users/0",
                 "/job_stages/-1", "/scorecards/1", "/applications/1/offers/current_offer"):
        answer = v1.get(path)
        assert (answer.status_code, answer.json()) == (404, {"message": "Resource not found"}), path
    journey = make_application(world)
    assert v1.get(f"/applications/{journey['application_id']}/offers/current_offer").status_code == 404
    assert v1.patch("/candidates/123", {"first_name": "X"}).status_code == 404


def test_ids_in_a_body_that_do_not_exist_are_422(world: World, v1: Harvest) -> None:
    journey = make_application(world)
    answer = v1.post(f"/candidates/{journey['candidate_id']}/applications", {"job_id": 31337})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "job_id"
    moved = v1.post(f"/applications/{journey['application_id']}/move",
                    {"from_stage_id": stage_id(journey["job"], "Application Review"), "to_stage_id": 1})
    assert moved.status_code == 422 and "not a stage of job" in moved.json()["errors"][0]["message"]


def test_unknown_paths_and_methods(v1: Harvest) -> None:
    assert v1.get("/nothing-here").status_code == 404
    answer = v1.http.put(v1.base + "/candidates", timeout=5)
    assert answer.status_code == 405 and "allowed: GET, POST" in answer.json()["message"]


def test_unknown_application_status_filter_gives_an_empty_list(world: World, v1: Harvest) -> None:
    make_application(world)
    assert len(v1.get("/applications", params={"status": "active"}).json()) == 1
    weird = v1.get("/applications", params={"status": "on_hold"})
    assert (weird.status_code, weird.json()) == (200, [])
    assert v1.get("/applications", params={"created_after": "yesterday"}).status_code == 422


def test_rate_limit_headers_and_429(world: World, v1: Harvest) -> None:
    world.hub.settings["greenhouse.rate_limit"] = 3
    answers = [v1.get("/jobs") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a.headers["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    assert {a.headers["X-RateLimit-Limit"] for a in answers} == {"3"}
    limited = answers[-1]
    window_end = (int(world.hub.clock.timestamp()) // 10 + 1) * 10
    assert limited.headers["X-RateLimit-Reset"] == str(window_end)
    assert int(limited.headers["Retry-After"]) == window_end - int(world.hub.clock.timestamp())
    assert limited.json() == {"message": "Rate limit exceeded"}
    world.hub.clock.advance(int(limited.headers["Retry-After"]))
    again = v1.get("/jobs")
    assert (again.status_code, again.headers["X-RateLimit-Remaining"]) == (200, "2")


def test_default_rate_limit_is_50_per_10_seconds(world: World, v1: Harvest) -> None:
    world.hub.settings.pop("greenhouse.rate_limit")
    first = v1.get("/users")
    assert (first.headers["X-RateLimit-Limit"], first.headers["X-RateLimit-Remaining"]) == ("50", "49")


def test_no_rate_limit_headers_when_disabled_or_unauthenticated(world: World, v1: Harvest) -> None:
    assert "X-RateLimit-Limit" not in v1.get("/users").headers
    world.hub.settings["greenhouse.rate_limit"] = 5
    assert "X-RateLimit-Limit" not in v1.http.get(v1.base + "/users", auth=("bad", ""), timeout=5).headers
