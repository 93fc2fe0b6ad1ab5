"""Harvest v1 numbered pages with Link next/prev/last, Harvest v3 cursors with next only."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import requests

from fakes.world import World

from .conftest import Harvest, make_job


def links(answer: requests.Response) -> dict[str, str]:
    header = answer.headers.get("Link")
    if header is None:
        return {}
    return {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', header)}


def seven_candidates(world: World) -> list[int]:
    job = make_job(world)
    return [world.act("ats.apply", job_id=job["id"], first_name=f"C{i}", last_name="Test",
                      email=f"c{i}@example.com")["candidate_id"] for i in range(7)]


def test_v1_one_page_has_no_link_header(world: World, v1: Harvest) -> None:
    seven_candidates(world)
    answer = v1.get("/candidates")
    assert answer.status_code == 200 and len(answer.json()) == 7
    assert "Link" not in answer.headers


def test_v1_pages_link_next_prev_last(world: World, v1: Harvest) -> None:
    ids = seven_candidates(world)
    first = v1.get("/candidates", params={"per_page": 3})
    assert [c["id"] for c in first.json()] == ids[:3]
    rels = links(first)
    assert set(rels) == {"next", "last"}
    assert parse_qs(urlsplit(rels["next"]).query) == {"page": ["2"], "per_page": ["3"]}
    assert parse_qs(urlsplit(rels["last"]).query)["page"] == ["3"]
    assert rels["next"].startswith(v1.base + "/candidates?")
    middle = v1.http.get(rels["next"], timeout=5)
    assert [c["id"] for c in middle.json()] == ids[3:6] and set(links(middle)) == {"next", "prev", "last"}
    last = v1.http.get(links(middle)["next"], timeout=5)
    assert [c["id"] for c in last.json()] == ids[6:] and set(links(last)) == {"prev", "last"}
    assert parse_qs(urlsplit(links(last)["prev"]).query)["page"] == ["2"]


def test_v1_links_keep_filters_and_skip_count_drops_last(world: World, v1: Harvest) -> None:
    seven_candidates(world)
    params = {"per_page": 2, "skip_count": "true", "created_after": "2020-01-01T00:00:00Z"}
    answer = v1.get("/candidates", params=params)
    rels = links(answer)
    assert set(rels) == {"next"}
    query = parse_qs(urlsplit(rels["next"]).query)
    assert query["created_after"] == ["2020-01-01T00:00:00Z"] and query["skip_count"] == ["true"]


def test_v1_per_page_and_page_are_validated(v1: Harvest) -> None:
    for params in ({"per_page": 0}, {"per_page": 501}, {"per_page": "ten"}, {"page": 0}):
        answer = v1.get("/candidates", params=params)
        field = next(iter(params))
        assert answer.status_code == 422, params
        assert answer.json() == {"message": "Validation error",
                                 "errors": [{"message": answer.json()["errors"][0]["message"], "field": field}]}
    assert v1.get("/candidates", params={"per_page": 500}).status_code == 200


def test_v3_cursor_walks_every_page_with_next_only(world: World, v3: Harvest) -> None:
    ids = seven_candidates(world)
    seen, answer = [], v3.get("/candidates", params={"per_page": 3})
    pages = 0
    while True:
        pages += 1
        assert answer.status_code == 200
        seen += [c["id"] for c in answer.json()]
        rels = links(answer)
        assert set(rels) <= {"next"}
        if not rels:
            break
        assert list(parse_qs(urlsplit(rels["next"]).query)) == ["cursor"]
        answer = v3.http.get(rels["next"], timeout=5)
    assert seen == ids and pages == 3


def test_v3_cursor_keeps_the_first_requests_filters(world: World, v3: Harvest) -> None:
    seven_candidates(world)
    first = v3.get("/candidates", params={"per_page": 1, "email": "c4@example.com"})
    assert [c["last_name"] for c in first.json()] == ["Test"] and "Link" not in first.headers
    page = v3.get("/candidates", params={"per_page": 2, "created_after": "2099-01-01T00:00:00Z"})
    assert page.json() == [] and "Link" not in page.headers


def test_v3_cursor_must_be_the_only_parameter(world: World, v3: Harvest) -> None:
    seven_candidates(world)
    cursor = parse_qs(urlsplit(links(v3.get("/candidates", params={"per_page": 2}))["next"]).query)["cursor"][0]
    mixed = v3.get("/candidates", params={"cursor": cursor, "per_page": 2})
    assert mixed.status_code == 422
    assert mixed.json()["errors"][0]["field"] == "cursor" and "only" in mixed.json()["errors"][0]["message"]
    forged = v3.get("/candidates", params={"cursor": "not-a-cursor"})
    elsewhere = v3.get("/applications", params={"cursor": cursor})
    assert (forged.status_code, elsewhere.status_code) == (422, 422)
    assert v3.get("/candidates", params={"cursor": cursor}).status_code == 200
