"""The demo tenant ``ats-harness up`` serves unless told ``--empty``.

A developer pointing an integration at fresh fakes needs something to work
on: open jobs with stages, hiring teams and openings, users, and a few
employees in the HRIS. Every fake already starts with what its vendor's
account would hold before anyone touches it (the ATS's admin user, sources,
rejection reasons and offer custom fields; the HRIS's field catalogue and
its HR admin; the e-signature offer letter template; the scheduler's event
types for each interview stage). This adds the rest through the world
actions, so it is exactly what a test could build, and the same for the
same seed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..checks.fidelity import field

STAGES = ("Application Review", "Phone Screen", "Technical Interview", "Onsite", "Offer")

# (title, department, office, openings)
JOBS = (
    ("Senior Backend Engineer", "Engineering", "Remote (US)", 2),
    ("Product Designer", "Design", "New York", 1),
    ("Account Executive", "Sales", "London", 3),
    ("People Partner", "People", "Berlin", 1),
)
EMPLOYEES = 4


def seed_demo_tenant(world: Any, seed: int, profile: Any = None) -> dict[str, int]:
    """Add the demo jobs, hiring teams, users and employees; answer how many of each."""
    from faker import Faker

    faker = Faker("en_US")
    faker.seed_instance(seed)
    stages = [str(s) for s in (field(profile, "stages") or STAGES)] if profile is not None else list(STAGES)
    used: set[str] = set()

    def person() -> tuple[str, str, str]:
        while True:
            first, last = faker.first_name(), faker.last_name()
            email = f"{first}.{last}@demo.example".lower().replace("'", "")
            if email not in used:
                used.add(email)
                return first, last, email

    def user() -> int:
        first, last, email = person()
        return int(world.act("ats.create_user", first_name=first, last_name=last, email=email)["id"])

    recruiters = [user() for _ in range(2)]
    managers = [user() for _ in JOBS]
    interviewers = [user() for _ in JOBS]  # users a test names when it submits scorecards
    openings = 0
    for n, (title, department, office, count) in enumerate(JOBS):
        world.act(
            "ats.create_job",
            title=title,
            department=department,
            office=office,
            stages=stages,
            hiring_manager=managers[n],
            recruiter=recruiters[n % len(recruiters)],
            openings=count,
        )
        openings += count
    for n in range(EMPLOYEES):
        first, last, email = person()
        world.act(
            "hris.create_employee",
            first_name=first,
            last_name=last,
            work_email=email,
            employee_number=f"DEMO-{n + 1}",
            hire_date=date(2022 + n % 3, 1 + (n * 4) % 12, 1 + n * 3),
        )
    users = len(recruiters) + len(managers) + len(interviewers)
    return {"jobs": len(JOBS), "openings": openings, "users": users, "employees": EMPLOYEES}
