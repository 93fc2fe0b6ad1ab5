"""The data packs: each loads, and each holds the hard cases it promises."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal

import pytest

from harness.errors import ScenarioError
from harness.scenario import packs

NAMES = ["compensation_boundaries", "currencies", "dates", "part_time", "unicode_names"]


def test_available() -> None:
    assert packs.available() == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_every_pack_loads_with_known_flat_keys(name: str) -> None:
    records = packs.load([name])
    assert records
    for record in records:
        assert packs.check_record(record) == []
    assert packs.describe(name)


def test_unknown_pack_suggests() -> None:
    with pytest.raises(ScenarioError) as caught:
        packs.load(["currency"])
    assert str(caught.value) == (
        "unknown data pack 'currency'; valid packs: compensation_boundaries, currencies, dates, part_time, "
        "unicode_names; did you mean 'currencies'?"
    )


def test_each_load_is_a_fresh_copy() -> None:
    first = packs.load(["currencies"])
    first[0]["salary"] = "0"
    assert packs.load(["currencies"])[0]["salary"] == "103000.00"


def test_packs_concatenate_in_order() -> None:
    both = packs.load(["part_time", "currencies"])
    assert len(both) == len(packs.load(["part_time"])) + len(packs.load(["currencies"]))
    assert both[0]["employment_type"] == "Part-time"


def test_split_record() -> None:
    assert packs.split_record({"first_name": "Zoë", "salary": "1.00"}) == ({"first_name": "Zoë"}, {"salary": "1.00"})


def full_names() -> list[str]:
    return [f"{r['first_name']} {r['last_name']}" for r in packs.load(["unicode_names"])]


def test_unicode_names_cover_the_hard_cases() -> None:
    names = full_names()
    assert "Zoë O'Brien-Nuñez" in names
    assert any("’" in n for n in names)  # typographic apostrophe
    assert any(unicodedata.name(c, "").startswith("CJK UNIFIED") for n in names for c in n)
    assert any(unicodedata.bidirectional(c) == "AL" for n in names for c in n)  # Arabic
    assert any(unicodedata.bidirectional(c) == "R" for n in names for c in n)  # Hebrew
    assert any(ord(c) > 0xFFFF for n in names for c in n)  # an emoji beyond the BMP
    assert any(len(n) > 40 for n in names) and any(len(r["last_name"]) > 40 for r in packs.load(["unicode_names"]))


def test_one_name_is_stored_decomposed_on_purpose() -> None:
    decomposed = [n for n in full_names() if not unicodedata.is_normalized("NFC", n)]
    assert decomposed == ["Jose\u0301 Nun\u0303ez"]
    assert unicodedata.normalize("NFC", decomposed[0]) == "José Nuñez" != decomposed[0]


def test_currencies_keep_exact_digits() -> None:
    by_currency: dict[str, list[str]] = {}
    for r in packs.load(["currencies"]):
        assert isinstance(r["salary"], str)
        by_currency.setdefault(r["currency"], []).append(r["salary"])
    assert "103000.00" in by_currency["USD"] and "1234567" in by_currency["JPY"]
    assert "38500.125" in by_currency["KWD"] and "42000.500" in by_currency["BHD"]
    assert all("." not in s for s in by_currency["JPY"])
    assert all(len(s.split(".")[1]) == 3 for c in ("KWD", "BHD") for s in by_currency[c])


def test_part_time_hours_and_rates() -> None:
    records = packs.load(["part_time"])
    hours = [r["hours_per_week"] for r in records]
    assert {20, Decimal("24.5"), 30} <= set(hours)
    assert isinstance(hours[1], Decimal)  # never a float
    assert {r["employment_type"] for r in records} == {"Part-time"}
    assert {"19.99", "23.575"} <= {r["salary"] for r in records if r["pay_period"] == "hour"}


def test_compensation_boundaries_straddle_the_usual_ranges() -> None:
    salaries = {(r["pay_period"], r["salary"]) for r in packs.load(["compensation_boundaries"])}
    assert {("year", "19999.99"), ("year", "20000.00"), ("year", "500000.00"), ("year", "500000.01")} <= salaries
    assert {("hour", "9.99"), ("hour", "250.01")} <= salaries


def test_dates_cover_clock_changes_year_end_leap_day_and_swappable_days() -> None:
    days = [date.fromisoformat(r["start_date"]) for r in packs.load(["dates"])]
    assert {date(2026, 3, 8), date(2026, 11, 1)} <= set(days)  # America/New_York
    assert {date(2026, 3, 29), date(2026, 10, 25)} <= set(days)  # Europe/Berlin
    assert {date(2026, 12, 31), date(2027, 1, 1), date(2028, 2, 29)} <= set(days)
    assert sum(1 for d in days if d.day <= 12 and d.day != d.month) >= 3
