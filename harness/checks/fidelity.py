"""Data fidelity: every mapped field arrives exactly as it left the ATS.

One assertion per entry of the profile's field map, typed: money as Decimal
with its currency and pay period, text byte-exact (an NFC/NFD difference is
named as such), dates, numbers, enums through their declared mapping. A
failure names the field, expected and actual values, and the hop: the
SUT's request that wrote the wrong value.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .. import dialects
from ..engine import observe, vocab
from ..results import CheckFailure
from .registry import CheckContext, NotJudged, Skip, check
from .values import as_date, as_decimal, code_points, explain_date, explain_money, explain_text

PERIODS = {"year": "Year", "month": "Month", "hour": "Hour", "week": "Week"}


def field(spec: Any, name: str, default: Any = None) -> Any:
    """Read a profile entry whether the loader gave a dict or a dataclass."""
    if isinstance(spec, dict):
        return spec.get(name, default)
    for candidate in (name, f"{name}_", "source" if name == "from" else name):
        if hasattr(spec, candidate):
            return getattr(spec, candidate)
    return default


def source_value(ctx: CheckContext, path: str) -> Any:
    """The ground truth: what the harness put into the ATS for this journey."""
    data = ctx.journey.context()
    hm = dict(ctx.journey.job_spec.get("hiring_manager") or {})
    if hm:
        hm["full_name"] = f"{hm.get('first_name', '')} {hm.get('last_name', '')}".strip()
    data["job"]["hiring_manager"] = hm
    data["job"].setdefault("title", data["job"].get("name"))
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            known = ", ".join(sorted(node)) if isinstance(node, dict) else "nothing below it"
            raise NotJudged(f"the field map names {path!r}, which this journey's ATS data does not have ({known})")
        node = node[part]
    return node


def _compare(ctx: CheckContext, target: str, name: str, spec: Any, actual: Any, hop: str) -> list[CheckFailure]:
    source = str(field(spec, "from"))
    kind = str(field(spec, "type", "text"))
    expected = source_value(ctx, source)
    where = f"{ctx.journey.tag}: {target}.{name} <- ats {source}"
    if kind == "money":
        exp = as_decimal(expected)
        act = as_decimal(actual)
        problems = []
        why = explain_money(exp, act) if exp is not None else ""
        if why:
            problems.append(
                (why, format(exp, "f") if exp is not None else None, None if act is None else format(act, "f"))
            )
        currency_from = field(spec, "currency_from")
        if currency_from and isinstance(actual, dict) and "currency" in actual:
            exp_cur = str(source_value(ctx, currency_from))
            if str(actual.get("currency")) != exp_cur:
                problems.append(("currency changed", exp_cur, actual.get("currency")))
        return [
            CheckFailure("data_fidelity", f"{target}.{name}: {why_}", expected=e, actual=a, where=where, hop=hop)
            for why_, e, a in problems
        ]
    if kind == "date":
        exp_date = as_date(expected)
        why = explain_date(exp_date, actual) if exp_date else ""
        if why:
            return [
                CheckFailure(
                    "data_fidelity",
                    f"{target}.{name}: {why}",
                    expected=str(exp_date),
                    actual=actual,
                    where=where,
                    hop=hop,
                )
            ]
        return []
    if kind == "number":
        exp_n, act_n = as_decimal(expected), as_decimal(actual)
        if exp_n is None or act_n != exp_n:
            return [
                CheckFailure(
                    "data_fidelity",
                    f"{target}.{name}: {'missing' if act_n is None else 'different number'}",
                    expected=None if exp_n is None else format(exp_n, "f"),
                    actual=actual,
                    where=where,
                    hop=hop,
                )
            ]
        return []
    if kind == "enum":
        mapping = field(spec, "map") or {}
        exp_v = mapping.get(str(expected), str(expected))
        if str(actual) != str(exp_v):
            return [
                CheckFailure(
                    "data_fidelity",
                    f"{target}.{name}: wrong value",
                    expected=exp_v,
                    actual=actual,
                    where=where,
                    hop=hop,
                )
            ]
        return []
    exp_text = "" if expected is None else (format(expected, "f") if isinstance(expected, Decimal) else str(expected))
    why = explain_text(exp_text, actual)
    if why:
        details = {"expected_code_points": code_points(exp_text)}
        if actual is not None:
            details["actual_code_points"] = code_points(str(actual))
        return [
            CheckFailure(
                "data_fidelity",
                f"{target}.{name}: {why}",
                expected=exp_text,
                actual=actual,
                where=where,
                hop=hop,
                details=details,
            )
        ]
    return []


def _writer(ctx: CheckContext, fake: str, *needles: str) -> str:
    """The SUT request that wrote a field (its body carries one of the vendor's words for it): the hop
    a wrong value came through."""
    for entry in reversed(observe.journey_requests(ctx.journey, fake, writes_only=True)):
        body = entry.body.decode("utf-8", "replace")
        if any(needle in body for needle in needles):
            return f"SUT {entry.method} {entry.path} (journal #{entry.seq})"
    return f"SUT -> {fake} (no write carrying {needles[0]!r} was found)"


def _envelope_failures(ctx: CheckContext, mapping: dict[str, Any]) -> list[CheckFailure]:
    envelopes = ctx.journey.envelopes()
    if not envelopes:
        raise Skip("no envelope was created in this journey")
    envelope = ctx.world.esign.envelope(envelopes[-1]["id"])
    tabs = vocab.tabs_of(ctx.journey, envelope)
    ats, esign = dialects.fake_name(ctx.profile, "ats"), dialects.fake_name(ctx.profile, "esign")
    failures: list[CheckFailure] = []
    for label, spec in mapping.items():
        hop = f"{ats} -> {_writer(ctx, esign, label)} -> {esign} tab {label!r}"
        with _judging(ctx, f"envelope.{label}"):
            failures += _compare(ctx, "envelope", label, spec, tabs.get(label), hop)
    return failures


class _judging:
    """Judge one field-map entry: recorded as judged when compared, as unjudged (with why) when it could not be."""

    def __init__(self, ctx: CheckContext, name: str) -> None:
        self.ctx, self.name = ctx, name

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> bool:
        if exc is None:
            self.ctx.judged.append(self.name)
            return False
        if isinstance(exc, NotJudged):
            self.ctx.unjudged.append(f"{self.name}: {exc}")
            return True
        return False


JOB_FIELDS = ("job_title", "department", "division", "location", "reports_to")


def hris_actual(journey: Any, employee: dict[str, Any], name: str) -> Any:
    """What the HRIS holds for a mapped field: history fields come from their latest row,
    effective or not yet (a start date in the future is still what was written)."""
    if name in JOB_FIELDS:
        row = observe.latest_row(journey, employee["id"], "job")
        if row is not None:
            return row.get(name)
        return employee.get(name)
    if name.startswith("compensation."):
        row = observe.latest_row(journey, employee["id"], "compensation")
        if row is None:
            return None
        key = name.split(".", 1)[1]
        return row.get(key)
    if name == "employment_status":
        row = observe.latest_row(journey, employee["id"], "employment")
        return row.get("employment_status") if row else employee.get(name)
    return employee.get(name)


def _hris_failures(ctx: CheckContext, mapping: dict[str, Any]) -> list[CheckFailure]:
    found = observe.employees(ctx.journey)
    if not found:
        raise Skip("no HRIS employee was created in this journey")
    employee = found[-1]
    ats, hris = dialects.fake_name(ctx.profile, "ats"), dialects.fake_name(ctx.profile, "hris")
    failures: list[CheckFailure] = []
    for name, spec in mapping.items():
        actual = hris_actual(ctx.journey, employee, name)
        hop = f"{ats} -> {_writer(ctx, hris, *dialects.hris_wire_names(ctx.profile, name))} -> {hris} {name}"
        with _judging(ctx, f"hris.{name}"):
            failures += _compare(ctx, "hris", name, spec, actual, hop)
        period_from = field(spec, "period_from")
        if period_from and name.startswith("compensation."):
            with _judging(ctx, f"hris.{name} pay period"):
                failures += _period_failures(ctx, employee, str(period_from), hop)
    return failures


def _period_failures(ctx: CheckContext, employee: dict[str, Any], period_from: str, hop: str) -> list[CheckFailure]:
    row = observe.latest_row(ctx.journey, employee["id"], "compensation") or {}
    source = str(source_value(ctx, period_from))
    exp = PERIODS.get(source.lower(), source)
    if row.get("pay_per") == exp:
        return []
    return [
        CheckFailure(
            "data_fidelity",
            "hris.compensation.pay_per: pay period changed",
            expected=exp,
            actual=row.get("pay_per"),
            where=f"{ctx.journey.tag}: hris.compensation.pay_per <- ats {period_from}",
            hop=hop,
        )
    ]


@check(
    "data_fidelity",
    layers=("documents", "hris_sync", "end_to_end"),
    description="every mapped field arrives byte-exact / Decimal-exact as it left the ATS",
)
def data_fidelity(ctx: CheckContext) -> list[CheckFailure]:
    field_map = field(ctx.profile, "field_map") or {}
    judged = False
    failures: list[CheckFailure] = []
    for target, judge in (("envelope", _envelope_failures), ("hris", _hris_failures)):
        mapping = field_map.get(target) if isinstance(field_map, dict) else getattr(field_map, target, None)
        if not mapping:
            continue
        try:
            failures += judge(ctx, dict(mapping))
            judged = True
        except Skip:
            continue
    if not judged:
        raise Skip("neither an envelope nor an HRIS employee was produced in this journey")
    if ctx.unjudged and not failures:
        raise NotJudged("; ".join(ctx.unjudged))
    return failures
