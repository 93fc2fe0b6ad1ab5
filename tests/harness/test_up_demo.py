"""`ats-harness up` serves a demo tenant (the same for the same seed); `--empty` serves none."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from fakes.world import World
from harness.engine.demo import JOBS, STAGES, seed_demo_tenant

ROOT = Path(__file__).resolve().parents[2]


def _tenant(seed: int, profile: dict | None = None) -> dict:
    world = World(seed=seed)
    seed_demo_tenant(world, seed, profile)
    for system in world.systems:
        world.model(system)  # models are made on first use; the snapshot shows them all
    return world.snapshot()


def test_the_demo_tenant_has_jobs_with_stages_teams_and_openings_users_and_employees():
    state = _tenant(0)
    ats, hris = state["ats/default"], state["hris/default"]
    jobs = list(ats["jobs"].values())
    assert sorted(j["name"] for j in jobs) == sorted(title for title, *_ in JOBS)
    stages = ats["stages"]
    for job in jobs:
        assert [stages[s]["name"] for s in job["stage_ids"]] == list(STAGES)
        assert job["hiring_managers"] and job["recruiters"]
        assert job["openings"] and all(o["status"] == "open" for o in job["openings"])
    assert sum(len(j["openings"]) for j in jobs) == sum(n for *_, n in JOBS)
    assert len(ats["users"]) > len(jobs)
    demo_staff = [e for e in hris["employees"].values() if str(e.get("employee_number", "")).startswith("DEMO-")]
    assert len(demo_staff) >= 3 and all(e["work_email"].endswith("@demo.example") for e in demo_staff)
    # What each fresh vendor account holds is there too: the offer template and an event type per interview stage.
    assert any(t["name"] == "Offer Letter" for t in state["esign/default"]["templates"].values())
    event_types = {e["name"] for e in state["scheduler/default"]["event_types"].values()}
    assert {"Phone Screen", "Technical Interview", "Onsite"} <= event_types
    assert hris["fields"]


def test_the_same_seed_gives_the_same_tenant_and_another_seed_other_people():
    assert _tenant(7) == _tenant(7)
    names = lambda state: sorted(u["email"] for u in state["ats/default"]["users"].values())  # noqa: E731
    assert names(_tenant(7)) != names(_tenant(8))


def test_a_profile_gives_its_stages():
    state = _tenant(0, {"stages": ["Applied", "Interview", "Offer"]})
    stages = state["ats/default"]["stages"]
    for job in state["ats/default"]["jobs"].values():
        assert [stages[s]["name"] for s in job["stage_ids"]] == ["Applied", "Interview", "Offer"]


def _up_jobs(*args: str) -> tuple[list[dict], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "harness", "up", "--any-port", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        lines = []
        assert proc.stdout is not None
        deadline = time.monotonic() + 60
        for line in proc.stdout:
            lines.append(line)
            if "ready in" in line or time.monotonic() > deadline:
                break
        text = "".join(lines)
        exports = [line.strip().removeprefix("export ") for line in lines if line.startswith("export ")]
        env = dict(line.split("=", 1) for line in exports if "=" in line)
        base, key = env["GREENHOUSE_BASE_URL"], env["GREENHOUSE_API_KEY"]
        response = requests.get(f"{base}/v1/jobs", auth=(key, ""), timeout=10)
        assert response.status_code == 200, response.text
        return response.json(), text
    finally:
        proc.terminate()
        proc.wait(15)
        if proc.stdout is not None:
            proc.stdout.close()


@pytest.mark.parametrize(("args", "jobs"), [((), len(JOBS)), (("--empty",), 0)])
def test_up_serves_the_demo_tenant_unless_empty(args, jobs):
    found, text = _up_jobs(*args)
    assert len(found) == jobs, text
    assert ("demo tenant: 4 jobs" in text) == (jobs > 0), text
