"""How a changed value is named: the words a failure shows a person."""

from datetime import date
from decimal import Decimal

import pytest

from harness.checks.values import as_decimal, explain_date, explain_money, explain_text


@pytest.mark.parametrize(
    ("expected", "actual", "why"),
    [
        ("103000.00", "103000.00", ""),
        ("103000.00", "130000.00", "digits transposed"),
        ("19.99", "19.98", "rounded (a float or a wrong rounding mode on the way)"),
        ("1234.56", "123456", "off by a factor of 100 (cents vs units)"),
        ("103000.00", "99000.00", "different amount"),
    ],
)
def test_money(expected: str, actual: str, why: str) -> None:
    assert explain_money(Decimal(expected), as_decimal(actual)) == why


def test_money_reads_bamboohr_and_dict_forms() -> None:
    assert as_decimal("103000.00 USD") == Decimal("103000.00")
    assert as_decimal({"value": "38500.125", "currency": "KWD"}) == Decimal("38500.125")
    assert as_decimal("not money") is None


def test_text_names_normalisation_folding_and_truncation() -> None:
    nfc = "Zo\u00eb O'Brien-Nu\u00f1ez"
    nfd = "Zoe\u0308 O'Brien-Nun\u0303ez"
    assert explain_text(nfc, nfc) == ""
    assert "NFD" in explain_text(nfc, nfd)
    assert explain_text(nfc, "Zoe O'Brien-Nunez") == "accents or special characters folded to ASCII"
    assert explain_text("Christodoulopoulou", "Christodou") == "truncated to 10 of 18 characters"
    assert explain_text("Ana", None) == "missing"


def test_dates_name_a_shift_and_a_swap() -> None:
    assert explain_date(date(2026, 4, 1), "2026-04-01") == ""
    assert (
        explain_date(date(2026, 4, 1), "2026-03-31") == "shifted by one day (a time-zone conversion on a plain date?)"
    )
    assert explain_date(date(2026, 4, 3), "2026-03-04") == "month and day swapped"
    assert explain_date(date(2026, 4, 3), "") == "missing"


def test_durations_read_in_human_units() -> None:
    from harness.checks.values import span

    assert [span(s) for s in (0.25, 1, 4.5, 90, 3600, 5400, 86400, 90000)] == [
        "250 ms", "1 s", "4.5 s", "1.5 min", "1 h", "1 h 30 min", "1 d", "1 d 1 h"
    ]
