"""Comparing one field's value as it left the ATS with where it arrived, and
naming *how* it changed: a transposed digit, a float rounding, an NFC/NFD
difference, accents folded to ASCII, a truncation, a day's shift, a
month/day swap."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any


def as_decimal(value: Any) -> Decimal | None:
    if isinstance(value, dict):
        value = value.get("value", value.get("amount"))
    if isinstance(value, float):
        return Decimal(repr(value))
    if value is None:
        return None
    text = str(value).strip()
    parts = text.split()
    if len(parts) == 2 and parts[1].isalpha():  # an HRIS money text such as "103000.00 USD"
        text = parts[0]
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def explain_money(expected: Decimal, actual: Decimal | None) -> str:
    if actual is None:
        return "missing"
    if actual == expected:
        return ""
    places = max(0, -int(expected.as_tuple().exponent), -int(actual.as_tuple().exponent))
    exp_digits, act_digits = _digits(expected, places), _digits(actual, places)
    if sorted(exp_digits) == sorted(act_digits) and exp_digits != act_digits:
        return "digits transposed"
    if abs(actual - expected) < Decimal("0.05"):
        return "rounded (a float or a wrong rounding mode on the way)"
    if actual * 100 == expected or actual == expected * 100:
        return "off by a factor of 100 (cents vs units)"
    return "different amount"


def _digits(value: Decimal, places: int) -> str:
    """The digits at a common scale, so 103000.00 and 130000 compare digit by digit."""
    return "".join(ch for ch in f"{value:.{places}f}" if ch.isdigit())


def explain_text(expected: str, actual: Any) -> str:
    if actual is None:
        return "missing"
    actual = str(actual)
    if actual == expected:
        return ""
    nfc_e, nfc_a = unicodedata.normalize("NFC", expected), unicodedata.normalize("NFC", actual)
    if nfc_e == nfc_a:
        form = "NFD" if unicodedata.is_normalized("NFD", actual) else "NFC"
        return f"same text, different Unicode normalisation: arrived as {form} (bytes differ)"
    if _fold(expected) == _fold(actual):
        return "accents or special characters folded to ASCII"
    if expected.startswith(actual) and actual:
        return f"truncated to {len(actual)} of {len(expected)} characters"
    if expected.strip() == actual.strip():
        return "whitespace changed"
    if expected.casefold() == actual.casefold():
        return "letter case changed"
    return "different text"


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).encode("ascii", "ignore").decode()


def as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if value is None:
        return None
    text = str(value).strip()[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        for fmt in ("%m/%d/%Y",):
            from datetime import datetime

            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                pass
    return None


def explain_date(expected: date, actual_raw: Any) -> str:
    actual = as_date(actual_raw)
    if actual is None:
        return "missing" if actual_raw in (None, "") else f"not a date: {actual_raw!r}"
    if actual == expected:
        return ""
    if abs(actual - expected) == timedelta(days=1):
        return "shifted by one day (a time-zone conversion on a plain date?)"
    if actual.month == expected.day and actual.day == expected.month:
        return "month and day swapped"
    return "different date"


def code_points(text: str) -> str:
    return " ".join(f"U+{ord(ch):04X}" for ch in text)


def span(seconds: float) -> str:
    """A duration as a person reads it: "250 ms", "4.5 s", "3 min", "2 h 30 min", "1 d"."""
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 60:
        return f"{seconds:.3g} s"
    minutes = seconds / 60
    if minutes < 60:
        return f"{minutes:.3g} min"
    hours, rest = divmod(round(minutes), 60)
    if hours < 24:
        return f"{hours} h" + (f" {rest} min" if rest else "")
    days, hours = divmod(hours, 24)
    return f"{days} d" + (f" {hours} h" if hours else "")
