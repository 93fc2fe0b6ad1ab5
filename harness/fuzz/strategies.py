"""Hypothesis strategies derived from an integration profile and the data packs.

Every value a journey's data record can hold gets a strategy: names (every
script the data packs know, NFC and NFD, long ones), money per pay period
around each validation range (the boundaries and one cent either side),
currencies with their minor digits, weekly hours in halves, start dates
around month ends, clock changes and leap days. The journey strategies then
put a record into an ordinary scenario document (what a scenario file holds).
"""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

from hypothesis import strategies as st

from ..profile.model import Profile

# ISO 4217 minor digits for the currencies the strategies use (2 unless listed).
MINOR_DIGITS = {"JPY": 0, "KRW": 0, "ISK": 0, "KWD": 3, "BHD": 3, "OMR": 3, "JOD": 3, "TND": 3}
# Currencies beyond the packs' own: a conversion or a table keyed by a few codes shows here.
EXTRA_CURRENCIES = ("GBP", "CHF", "CAD", "INR", "KRW", "OMR")
# Days when clocks change (America/New_York, Europe/London and Europe/Berlin), 2026-2028.
DST_DAYS = (
    "2026-03-08", "2026-11-01", "2026-03-29", "2026-10-25",
    "2027-03-14", "2027-11-07", "2027-03-28", "2027-10-31",
    "2028-03-12", "2028-11-05", "2028-03-26", "2028-10-29",
)  # fmt: skip
LEAP_DAYS = ("2028-02-29",)
YEARS = (2026, 2027, 2028)
# Where an HR edit after hire lands: the source-of-truth field name -> the HRIS field HR edits.
HR_FIELDS = {"compensation": "pay_rate", "job_title": "job_title", "department": "department"}


# -- what the data packs know ---------------------------------------------------------------
@cache
def pack_records() -> tuple[dict[str, Any], ...]:
    from ..scenario import packs

    out: list[dict[str, Any]] = []
    for name in packs.available():
        out += [dict(r) for r in packs.load([name])]
    return tuple(out)


@cache
def pack_names() -> tuple[str, ...]:
    return tuple(sorted({str(r[k]) for r in pack_records() for k in ("first_name", "last_name") if r.get(k)}, key=str))


@cache
def pack_alphabet() -> str:
    """Every letter of the packs' names (all their scripts), base letters and combining marks alike."""
    chars = {c for name in pack_names() for form in ("NFC", "NFD") for c in unicodedata.normalize(form, name)}
    letters = sorted(c for c in chars if not c.isspace())
    return "".join(letters)


@cache
def pack_currencies() -> tuple[str, ...]:
    return tuple(sorted({str(r["currency"]) for r in pack_records() if r.get("currency")}))


def currencies() -> tuple[str, ...]:
    return tuple(dict.fromkeys(("USD", *pack_currencies(), *EXTRA_CURRENCIES)))


@cache
def currency_choices() -> st.SearchStrategy[str]:
    """Currencies beyond the packs' own twice as often: the fixed suite already runs the packs' currencies."""
    beyond = [c for c in currencies() if c not in pack_currencies()]
    known = st.sampled_from([c for c in currencies() if c not in beyond])
    return st.one_of(st.sampled_from(beyond), known, st.sampled_from(beyond)) if beyond else known


# -- names ----------------------------------------------------------------------------------
def names(max_size: int = 72) -> st.SearchStrategy[str]:
    """A name as a person may have it: a pack's name, a made-up one from the packs' letters, or a long one
    (21 characters and more), in NFC or NFD."""
    word = st.text(alphabet=pack_alphabet(), min_size=1, max_size=14).filter(_starts_with_a_letter)
    made_up = st.lists(word, min_size=1, max_size=3).map(" ".join)
    # 21 characters and more: a column width or a buffer shows here (the packs' longest last name has 46)
    long = st.tuples(word, st.integers(21, max_size)).map(lambda p: _stretch(p[0], p[1]))
    base = st.one_of(st.sampled_from(pack_names()), long, made_up, long).map(lambda s: s[:max_size].strip(" -") or "A")
    return st.tuples(base, st.sampled_from(("as is", "NFC", "NFD"))).map(
        lambda pair: pair[0] if pair[1] == "as is" else unicodedata.normalize(pair[1], pair[0])
    )


def _stretch(word: str, size: int) -> str:
    """``word`` repeated, hyphenated, to exactly ``size`` characters (ending on a letter)."""
    text = "-".join([word] * (size // (len(word) + 1) + 2))[:size]
    return text if not text.endswith("-") else text[:-1] + word[0]


def _starts_with_a_letter(text: str) -> bool:
    return unicodedata.category(text[0])[0] in "LS"


# -- money ----------------------------------------------------------------------------------
def _ranges(profile: Profile, field: str) -> list[tuple[dict[str, Any], Decimal, Decimal]]:
    return [(dict(r.when), r.range[0], r.range[1]) for r in profile.validation if r.field == field and r.range]


def pay_periods(profile: Profile) -> tuple[str, ...]:
    found = [str(w["pay_period"]) for w, _, _ in _ranges(profile, "offer.salary") if "pay_period" in w]
    return tuple(dict.fromkeys(found)) or ("year",)


def employment_types(profile: Profile) -> tuple[str, ...]:
    for spec in profile.field_map:
        if spec.source == "offer.employment_type" and spec.map:
            return tuple(spec.map)
    return ("Full-time", "Part-time", "Contract")


def _quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-MINOR_DIGITS.get(currency, 2))


def salaries(profile: Profile, pay_period: str, currency: str) -> st.SearchStrategy[str]:
    """Amounts for one pay period: each range's boundaries and one minor unit either side, and amounts within."""
    q = _quantum(currency)
    bounds = [
        (lo, hi) for w, lo, hi in _ranges(profile, "offer.salary") if w.get("pay_period", pay_period) == pay_period
    ]
    lo, hi = bounds[0] if bounds else (Decimal(1000), Decimal(1000000))
    # one minor unit inside each bound twice: the packs hold the bounds and one unit outside, never inside
    edges = [lo, hi, lo - q, lo + q, hi - q, hi + q, lo + q, hi - q]
    cents = int((hi - lo) / q)
    inside = st.integers(0, max(cents, 0)).map(lambda n: lo + n * q)
    amount = st.one_of(st.sampled_from(edges), inside, st.sampled_from(edges))  # the edges twice as often
    return amount.map(lambda a: format(a.quantize(q), "f"))


def hours(profile: Profile) -> st.SearchStrategy[Any]:
    """Weekly hours in halves (37.5 and friends), around the profile's range."""
    ranges = _ranges(profile, "offer.hours_per_week")
    lo, hi = (ranges[0][1], ranges[0][2]) if ranges else (Decimal(1), Decimal(60))
    halves = st.integers(int(lo * 2) - 1, int(hi * 2) + 1).map(lambda n: Decimal(n) / 2)
    usual = st.sampled_from([Decimal(40), Decimal("37.5"), Decimal(20), Decimal("17.5"), lo, hi])
    return st.one_of(usual, halves).map(_number)


def _number(value: Decimal) -> Any:
    return int(value) if value == value.to_integral_value() else float(value)  # halves are exact floats


# -- dates ----------------------------------------------------------------------------------
def start_dates() -> st.SearchStrategy[str]:
    """Calendar dates around month ends, clock changes and leap days (and any day of 2026-2028)."""
    month_end = st.tuples(st.sampled_from(YEARS), st.integers(1, 12), st.integers(-1, 1)).map(_around_month_end)
    around = st.tuples(st.sampled_from(DST_DAYS + LEAP_DAYS), st.integers(-1, 1)).map(
        lambda p: (date.fromisoformat(p[0]) + timedelta(days=p[1])).isoformat()
    )
    anyday = st.dates(date(2026, 1, 1), date(2028, 12, 31)).map(date.isoformat)
    return st.one_of(month_end, around, anyday)


def _around_month_end(parts: tuple[int, int, int]) -> str:
    year, month, offset = parts
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return (first_of_next - timedelta(days=1) + timedelta(days=offset)).isoformat()


# -- a journey's data record ----------------------------------------------------------------
@st.composite
def records(draw: Any, profile: Profile) -> dict[str, Any]:
    """One inline data record: the candidate's names and the offer's terms."""
    period = draw(st.sampled_from(pay_periods(profile)))
    currency = draw(currency_choices())
    return {
        "first_name": draw(names()),
        "last_name": draw(names()),
        "salary": draw(salaries(profile, period, currency)),
        "currency": currency,
        "pay_period": period,
        "employment_type": draw(st.sampled_from(employment_types(profile))),
        "hours_per_week": draw(hours(profile)),
        "start_date": draw(start_dates()),
    }


def example_records(profile: Profile, count: int = 1) -> st.SearchStrategy[list[dict[str, Any]]]:
    """``count`` records for one example. A quarter of the examples may hold records the profile's validation
    refuses (held for review); the others keep every record syncable, so what happens after hire (HR edits,
    re-deliveries, edits on the ATS side) is reached as often as what happens before."""
    held = records(profile)
    syncable = held.filter(lambda r: in_range(profile, r))
    return st.sampled_from((False, False, False, True)).flatmap(
        lambda hold: st.lists(held if hold else syncable, min_size=count, max_size=count)
    )


def in_range(profile: Profile, record: dict[str, Any]) -> bool:
    """Whether the profile's validation lets this record sync (else it must be held for review)."""
    from ..checks.expected import violations

    return not violations(profile, record)


def hr_edits(profile: Profile, record: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """An HR edit after hire of a field the HRIS owns then (from the profile's source-of-truth rules)."""
    owned = [f for rule in profile.source_of_truth if rule.after_hire == "hris" for f in rule.fields]
    options: list[st.SearchStrategy[dict[str, Any]]] = []
    if "compensation" in owned:
        q = _quantum(str(record["currency"]))
        options.append(
            st.integers(1, 5000).map(
                lambda n: {
                    "pay_rate": f"{format((Decimal(record['salary']) + n * q).quantize(q), 'f')} {record['currency']}"
                }
            )
        )
    if "job_title" in owned:
        options.append(st.sampled_from(("Principal Designer", "Lead Designer")).map(lambda t: {"job_title": t}))
    if "department" in owned:
        options.append(st.sampled_from(("Product Design", "Research")).map(lambda d: {"department": d}))
    if not options:
        return st.nothing()
    # One field or several at once (HR fixes a title and the pay in one sitting): the pay is in most edits.
    picks = st.lists(st.sampled_from(range(len(options))), min_size=1, max_size=len(options), unique=True)
    return picks.flatmap(lambda chosen: st.tuples(*(options[i] for i in sorted(chosen)))).map(_merged)


def _merged(parts: tuple[dict[str, Any], ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part in parts:
        out.update(part)
    return out


ATS_EDITS = (
    {"update_application": {"fields": {"source": "Referral"}}},
    {"update_candidate": {"fields": {"title": "Principal Designer"}}},
    {"redeliver": {"event": "hire_candidate"}},
)
WAIT = {"wait": "quiescence"}


@st.composite
def journeys(draw: Any, profile: Profile, layer: str = "hris_sync") -> dict[str, Any]:
    """A scenario document (as a file holds it): one to six journeys, each with a generated record, on the
    same steps. The journeys of an example run side by side, so several records cost about one's time."""
    count = draw(st.integers(1, 6))  # drawn on its own: evenly spread, where a list's length favours short ones
    recs = draw(example_records(profile, count))
    steps: list[dict[str, Any]] = [{"apply": {}}, {"create_offer": {}}]
    if layer == "documents":
        steps += [{"approve_offer": {}}, {"expect": {"envelope": {"status": "sent"}, "within": "10s"}}, WAIT]
        return _document(layer, recs, steps)
    if draw(st.booleans()):
        steps += [
            {"approve_offer": {}},
            {"expect": {"envelope": {"status": "sent"}, "within": "10s"}},
            WAIT,
            {"sign": {"by": "hiring_manager"}},
            {"sign": {"by": "candidate"}},
            WAIT,
        ]
    steps += [{"hire": {}}, WAIT]
    if all(in_range(profile, r) for r in recs):  # every journey synced: HR has a record to edit
        # After hire, HR edits what the HRIS owns, and the ATS side changes; with or without a pause between.
        steps.append({"expect": {"employee": {"count": 1}, "within": "10s"}})
        edits = draw(st.sampled_from((0, 0, 1, 2)))  # half the examples keep field fidelity judged
        for _ in range(edits):
            steps.append({"hr_edit": {"fields": draw(hr_edits(profile, recs[0]))}})
            if draw(st.booleans()):
                steps.append(WAIT)
            # then one or two things on the ATS side (an edit, a duplicated delivery), in the same second
            for change in draw(st.lists(st.sampled_from(ATS_EDITS), min_size=1, max_size=2, unique_by=str)):
                steps.append(dict(change))
            steps.append(WAIT)
        if edits:
            # HR's values differ from the offer on purpose: the sync rules judge them, field fidelity cannot.
            return {**_document(layer, recs, steps), "checks": ["trigger_accuracy", "sync_rules"]}
    return _document(layer, recs, steps)


def _document(layer: str, recs: list[dict[str, Any]], steps: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "scenario": 1,
        "name": "fuzz example",
        "layer": layer,
        "description": "Journeys generated by ats-harness fuzz.",
        "journeys": len(recs),
        "data": {"records": recs},
        "steps": [dict(step) for step in steps],
    }
