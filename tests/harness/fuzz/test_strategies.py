"""The strategies come from the profile and the data packs, and every example is a valid scenario file."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.fuzz import strategies
from harness.fuzz.driver import dump
from harness.profile import load_profile
from harness.scenario.against import profile_errors
from harness.scenario.loader import parse_scenario

ROOT = Path(__file__).resolve().parents[3]
PROFILE = load_profile(ROOT / "examples" / "reference_integration" / "profile.yaml")
FAST = settings(max_examples=200, database=None, suppress_health_check=list(HealthCheck), deadline=None)


def _seen(strategy: st.SearchStrategy, n: int = 400) -> list:
    out: list = []

    @settings(max_examples=n, database=None, suppress_health_check=list(HealthCheck), deadline=None)
    @given(strategy)
    def collect(value: object) -> None:
        out.append(value)

    collect()
    return out


def test_salaries_reach_every_boundary_and_one_cent_either_side() -> None:
    seen = set(_seen(strategies.salaries(PROFILE, "year", "USD")))
    assert {"20000.00", "19999.99", "20000.01", "500000.00", "499999.99", "500000.01"} <= seen
    monthly = set(_seen(strategies.salaries(PROFILE, "month", "USD")))
    assert {"39999.99", "40000.01", "1999.99"} <= monthly


def test_salaries_take_the_currency_s_minor_digits() -> None:
    assert all("." not in s for s in _seen(strategies.salaries(PROFILE, "year", "JPY"), 50))
    assert all(len(s.split(".")[1]) == 3 for s in _seen(strategies.salaries(PROFILE, "year", "KWD"), 50))


def test_pay_periods_employment_types_and_currencies_come_from_the_profile_and_packs() -> None:
    assert strategies.pay_periods(PROFILE) == ("year", "month", "hour")
    assert strategies.employment_types(PROFILE) == ("Full-time", "Part-time", "Contract")
    assert {"USD", "EUR", "JPY", "KWD", "BHD"} <= set(strategies.pack_currencies())
    assert set(strategies.currencies()) - set(strategies.pack_currencies())  # beyond the packs' own


def test_names_are_long_decomposed_and_in_the_packs_scripts() -> None:
    names = _seen(strategies.names())
    assert max(map(len, names)) > 48
    assert any(n != unicodedata.normalize("NFC", n) for n in names), "no NFD name drawn"
    scripts = {unicodedata.name(c, "").split()[0] for n in names for c in n}
    assert {"LATIN", "CJK", "ARABIC", "HEBREW"} <= scripts


def test_hours_come_in_halves_around_the_range() -> None:
    hours = {Decimal(str(h)) for h in _seen(strategies.hours(PROFILE))}
    assert Decimal("37.5") in hours and Decimal("0.5") in hours and Decimal("60.5") in hours
    assert all((h * 2) == (h * 2).to_integral_value() for h in hours)


def test_start_dates_include_clock_changes_month_ends_and_leap_days() -> None:
    days = set(_seen(strategies.start_dates(), 600))
    assert days & set(strategies.DST_DAYS)
    assert "2028-02-29" in days or "2028-02-28" in days or "2028-03-01" in days
    assert any((date.fromisoformat(d).day >= 28) for d in days)


def test_hr_edits_touch_only_what_the_hris_owns_after_hire() -> None:
    record = {"salary": "103000.00", "currency": "USD"}
    edits = _seen(strategies.hr_edits(PROFILE, record), 100)
    assert {k for e in edits for k in e} <= {"pay_rate", "job_title", "department"}
    assert any("pay_rate" in e and e["pay_rate"].endswith(" USD") for e in edits)


@FAST
@given(strategies.journeys(PROFILE))
def test_every_generated_journey_is_a_valid_scenario_file(document: dict) -> None:
    scenario = parse_scenario(dump(document), file="<fuzz>")
    assert profile_errors([scenario], PROFILE) == []
    assert scenario.journeys == len(scenario.records)
    kinds = [s.kind for s in scenario.steps]
    if "hr_edit" in kinds:  # an HR edit needs an employee: only journeys whose records all sync get one
        assert all(strategies.in_range(PROFILE, dict(r)) for r in scenario.records)
        assert "data_fidelity" not in scenario.checks
