"""The reporting check against a reporting database: KPIs compared with the
oracle, and threshold alerts that must fire when crossed and only then."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from fakes.world import World
from harness.checks.registry import CheckContext, run_check
from harness.engine.oracle import kpis
from harness.profile.model import ReportingSpec, Threshold

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def journey(tag: str, app: int, hired_after_days: int | None, opened_days_before: int = 30) -> SimpleNamespace:
    events = [{"kind": "application_created", "at": T0, "application_id": app, "source": "LinkedIn"}]
    events.append({"kind": "stage_changed", "at": T0 + timedelta(hours=1), "to": "Phone Screen", "application_id": app})
    if hired_after_days is not None:
        events.append({"kind": "hired", "at": T0 + timedelta(days=hired_after_days), "application_id": app})
    return SimpleNamespace(
        tag=tag,
        events=events,
        job_spec={"stages": ["Application Review", "Phone Screen", "Offer"]},
        ids={"job_opened_at": T0 - timedelta(days=opened_days_before), "application_id": app},
        scenario=SimpleNamespace(chaos=()),
        application_id=app,
    )


def database(path: Path, values: dict[str, object]) -> str:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE kpis (name TEXT, value TEXT)")
        for name, value in values.items():
            if isinstance(value, dict):
                conn.executemany("INSERT INTO kpis VALUES (?, ?)", [(f"{name}.{k}", str(v)) for k, v in value.items()])
            else:
                conn.execute("INSERT INTO kpis VALUES (?, ?)", (name, None if value is None else str(value)))
    return f"sqlite:///{path}"


@pytest.fixture
def world():
    w = World(seed=0, systems=["inbox"])
    yield w
    w.stop()


def judge(world: World, journeys: list, url: str, target: str = "45") -> list[str]:
    profile = SimpleNamespace(
        reporting=ReportingSpec(database_url=url, thresholds={"time_to_fill_days": Threshold(above=Decimal(target))})
    )
    ctx = CheckContext(_with_world(journeys[0], world), profile, None, peers=journeys)
    result = run_check("reporting", ctx)
    return [f.message for f in result.failures]


def _with_world(j: SimpleNamespace, world: World) -> SimpleNamespace:
    j.world = world
    return j


def test_kpis_equal_to_the_oracle_and_no_crossing_pass(tmp_path: Path, world: World) -> None:
    js = [journey("a", 1, 10), journey("b", 2, None)]
    url = database(tmp_path / "r.db", kpis(js))
    assert judge(world, js, url) == []


def test_a_kpi_that_differs_from_the_oracle_fails(tmp_path: Path, world: World) -> None:
    js = [journey("a", 1, 10), journey("b", 2, None)]
    served = kpis(js)
    served["source_effectiveness"] = {"LinkedIn": Decimal("1.0000")}  # counts every application as a hire
    failures = judge(world, js, database(tmp_path / "r.db", served))
    assert failures == ["KPI source_effectiveness differs from the oracle"]


def test_a_crossed_threshold_without_an_alert_fails_and_with_one_passes(tmp_path: Path, world: World) -> None:
    js = [journey("a", 1, 40, opened_days_before=30)]  # filled after 70 days, target 45
    url = database(tmp_path / "r.db", kpis(js))
    assert judge(world, js, url) == ["threshold alert for time_to_fill_days missing"]
    world.inbox.receive_slack("/services/x", {"text": "time-to-fill is 70.00 days, over the target of 45 days"})
    assert judge(world, js, url) == []


def test_an_alert_without_a_crossing_fails(tmp_path: Path, world: World) -> None:
    js = [journey("a", 1, 5)]
    world.inbox.receive_slack("/services/x", {"text": "time-to-fill is over target"})
    failures = judge(world, js, database(tmp_path / "r.db", kpis(js)))
    assert failures == ["threshold alert for time_to_fill_days fired without a crossing"]


def test_an_unreadable_database_is_a_failure_naming_it(tmp_path: Path, world: World) -> None:
    js = [journey("a", 1, 5)]
    failures = judge(world, js, f"sqlite:///{tmp_path / 'missing.db'}")
    assert len(failures) == 1 and "could not be read" in failures[0]
