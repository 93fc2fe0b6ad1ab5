"""``grnhse-api`` (PyPI), unmodified, reading Harvest v1 from the Greenhouse fake over TLS.

What changes: the base URL, which the client keeps in ``Harvest._base_url``
(it has no public setting; ``https://harvest.greenhouse.io/v1/`` is
hard-coded in ``grnhse.harvest.versions``), the API key from the contract,
and the CA bundle through ``REQUESTS_CA_BUNDLE`` (the client uses a plain
``requests.Session``, which reads it).

The client only reads, and only Harvest v1 (Greenhouse switched v1/v2 off on
2026-08-31, docs/vendors.md): this checks the v1 surface the fake keeps for
integrations not yet migrated, including paging by the ``Link`` header,
which the client follows with its own parser.
"""

from __future__ import annotations

from typing import Any

import pytest

from fakes.world import World

grnhse = pytest.importorskip("grnhse")

STAGES = ["Application Review", "Phone Screen", "Onsite", "Offer"]


def harvest(env: dict[str, str]) -> Any:
    client = grnhse.Harvest(api_key=env["GREENHOUSE_API_KEY"])
    assert client._base_url == "https://harvest.greenhouse.io/v1/"  # what a team replaces, and nothing else
    client._base_url = env["GREENHOUSE_BASE_URL"] + "/v1/"
    return client


def seed(world: World, candidates: int = 3) -> tuple[dict[str, Any], list[dict[str, int]]]:
    job = world.act(
        "ats.create_job", title="Backend Engineer", department="Engineering", office="New York", stages=STAGES,
        hiring_manager={"first_name": "Hana", "last_name": "Manager", "email": "hana@acme.example"},
    )
    applied = [
        world.act("ats.apply", job_id=job["id"], first_name=f"Ada{i}", last_name="Lovelace",
                  email=f"ada{i}@candidates.example")
        for i in range(candidates)
    ]
    return job, applied


def test_reads_jobs_candidates_applications_and_offers(env: dict[str, str], world: World) -> None:
    job, applied = seed(world)
    world.act("ats.advance", application_id=applied[0]["application_id"])
    world.act("ats.create_offer", application_id=applied[0]["application_id"], salary="103000.00", currency="USD",
              pay_period="year", employment_type="Full-time", hours_per_week="40", start_date="2027-01-04")
    gh = harvest(env)

    jobs = gh.jobs.get()
    assert [j["name"] for j in jobs] == ["Backend Engineer"]
    assert gh.jobs.get(job["id"])["id"] == job["id"]
    assert [s["name"] for s in gh.jobs(job["id"]).stages.get()] == STAGES

    application = gh.applications.get(applied[0]["application_id"])
    assert application["current_stage"]["name"] == "Phone Screen"
    candidate = gh.candidates.get(applied[0]["candidate_id"])
    assert candidate["email_addresses"][0]["value"] == "ada0@candidates.example"

    (offer,) = gh.applications(applied[0]["application_id"]).offers.get()
    assert offer["application_id"] == applied[0]["application_id"] and offer["status"] == "unresolved"
    assert gh.offers.get(offer["id"])["id"] == offer["id"]
    assert gh.candidates(applied[0]["candidate_id"]).activity_feed.get().keys() >= {"notes", "emails", "activities"}
    assert any(u["id"] == int(env["GREENHOUSE_USER_ID"]) for u in gh.users.get())
    assert {s["name"] for s in gh.sources.get()} >= {"LinkedIn"}
    assert gh.rejection_reasons.get()


def test_pages_through_candidates_by_the_link_header(env: dict[str, str], world: World) -> None:
    _, applied = seed(world, candidates=3)
    candidates = harvest(env).candidates
    pages = [candidates.get(per_page=1)]
    while candidates.records_remaining:
        pages.append(candidates.get_next())
    assert [len(page) for page in pages] == [1, 1, 1]
    assert sorted(c["id"] for page in pages for c in page) == sorted(a["candidate_id"] for a in applied)


def test_a_wrong_key_is_refused_as_greenhouse_refuses_it(env: dict[str, str]) -> None:
    gh = grnhse.Harvest(api_key="not-a-key")
    gh._base_url = env["GREENHOUSE_BASE_URL"] + "/v1/"
    with pytest.raises(grnhse.exceptions.HTTPError) as refused:
        gh.jobs.get()
    assert str(refused.value).startswith("401")
