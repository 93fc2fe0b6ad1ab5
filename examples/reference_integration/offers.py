"""Reading offer terms out of Greenhouse records, and the rules they must meet.

Harvest gives an offer's fields as ``keyed_custom_fields`` ({key: {name, type,
value}}); web hooks as ``custom_fields`` in the same wrapped shape; older
readers see ``custom_fields`` as bare {key: value}. All three are accepted, and
a currency field in Harvest's ``{value, currency}`` or the web hooks'
``{amount, unit}`` shape.
Money stays Decimal; a value that is not a finite number is a problem, never
a zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from .settings import (
    EMPLOYMENT_STATUSES,
    FIELD_EMPLOYMENT_TYPE,
    FIELD_HOURS,
    FIELD_PAY_PERIOD,
    FIELD_SALARY,
    HOURS_RANGE,
    PAY_RANGES,
)


@dataclass(frozen=True)
class Problem:
    field: str
    value: Any
    rule: str

    def __str__(self) -> str:
        shown = format(self.value, "f") if isinstance(self.value, Decimal) else repr(self.value)
        return f"{self.field} {shown} ({self.rule})"


@dataclass(frozen=True)
class OfferTerms:
    offer_id: str
    salary: Decimal | None
    currency: str | None
    pay_period: str | None
    employment_type: str | None
    hours_per_week: Decimal | None
    start_date: date | None
    problems: tuple[Problem, ...] = ()


def _unwrap(value: Any) -> Any:
    if isinstance(value, dict) and "value" in value and ("type" in value or "name" in value):
        return value["value"]
    return value


def custom_fields(record: dict[str, Any]) -> dict[str, Any]:
    for source in ("keyed_custom_fields", "custom_fields"):
        fields = record.get(source)
        if isinstance(fields, dict) and fields:
            return {key: _unwrap(value) for key, value in fields.items()}
    return {}


def money(field: Any) -> tuple[Any, Any]:
    """(amount, currency) of a currency custom field in either of Greenhouse's shapes: Harvest's
    ``{"value": 42000, "currency": "EUR"}`` (harvest/_offers.md) or the web hooks'
    ``{"amount": 80000, "unit": "USD"}`` (webhooks/_introduction.md); a bare value has no currency."""
    if isinstance(field, dict):
        if "amount" in field or "unit" in field:
            return field.get("amount"), field.get("unit")
        return field.get("value"), field.get("currency")
    return field, None


def to_decimal(value: Any) -> Decimal | None:
    """A finite Decimal, or None. ``bool`` and ``float`` are refused on purpose."""
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return None
    try:
        number = Decimal(value) if isinstance(value, Decimal | int) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def parse_date(value: Any) -> date | None:
    """``YYYY-MM-DD``, ``MM/DD/YYYY`` (web hooks) or an ISO instant's calendar date."""
    text = str(value or "").strip()
    for pattern in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(text[:10], pattern).date()
        except ValueError:
            continue
    return None


def read_terms(offer: dict[str, Any]) -> OfferTerms:
    fields = custom_fields(offer)
    problems: list[Problem] = []
    amount, currency = money(fields.get(FIELD_SALARY))
    salary = to_decimal(amount)
    if amount is not None and salary is None:
        problems.append(Problem(FIELD_SALARY, amount, "not a decimal amount"))
    hours_raw = fields.get(FIELD_HOURS)
    hours = to_decimal(hours_raw)
    if hours_raw is not None and hours is None:
        problems.append(Problem(FIELD_HOURS, hours_raw, "not a number"))
    raw_start = offer.get("starts_at") or offer.get("start_date")
    start = parse_date(raw_start)
    if raw_start and start is None:
        problems.append(Problem("start_date", raw_start, "not a date"))
    return OfferTerms(
        offer_id=str(offer.get("id", "")),
        salary=salary,
        currency=str(currency).strip() if currency else None,
        pay_period=fields.get(FIELD_PAY_PERIOD) or None,
        employment_type=fields.get(FIELD_EMPLOYMENT_TYPE) or None,
        hours_per_week=hours,
        start_date=start,
        problems=tuple(problems),
    )


def missing_terms(terms: OfferTerms) -> list[Problem]:
    """Parse problems plus every required term that is absent or not in its vocabulary."""
    problems = list(terms.problems)
    seen = {p.field for p in problems}
    required = {
        FIELD_SALARY: terms.salary,
        "currency": terms.currency,
        "start_date": terms.start_date,
        FIELD_HOURS: terms.hours_per_week,
    }
    problems += [
        Problem(name, None, "required") for name, value in required.items() if value is None and name not in seen
    ]
    if terms.pay_period not in PAY_RANGES:
        problems.append(Problem(FIELD_PAY_PERIOD, terms.pay_period, f"one of {', '.join(PAY_RANGES)}"))
    if terms.employment_type not in EMPLOYMENT_STATUSES:
        problems.append(
            Problem(FIELD_EMPLOYMENT_TYPE, terms.employment_type, f"one of {', '.join(EMPLOYMENT_STATUSES)}")
        )
    return problems


def out_of_range(terms: OfferTerms) -> list[Problem]:
    """Compensation per pay period and weekly hours outside the inclusive bounds."""
    problems = []
    bounds = PAY_RANGES.get(terms.pay_period or "")
    if bounds and terms.salary is not None and not bounds[0] <= terms.salary <= bounds[1]:
        problems.append(
            Problem(FIELD_SALARY, terms.salary, f"per {terms.pay_period} must be within {bounds[0]}-{bounds[1]}")
        )
    low, high = HOURS_RANGE
    if terms.hours_per_week is not None and not low <= terms.hours_per_week <= high:
        problems.append(Problem(FIELD_HOURS, terms.hours_per_week, f"must be within {low}-{high}"))
    return problems
