"""Reporting: the SUT's KPIs equal the oracle's, every stage change reached
the reporting store within the freshness window, and threshold alerts fire
when a KPI crosses its threshold and only then."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import requests

from fakes.kit import jsonx

from .. import dialects
from ..engine.oracle import kpis
from ..results import CheckFailure
from .fidelity import field
from .halting import _seconds
from .registry import CheckContext, Skip, check
from .values import as_decimal, span

THRESHOLD_WORDS = {"time_to_fill_days": ("time-to-fill", "time to fill"), "offer_acceptance_rate": ("acceptance",)}


def sut_url(ctx: CheckContext, url: Any) -> str:
    """Profile URLs may say ``{port}``: the port the harness gave the SUT it started."""
    text = str(url)
    if "{port}" in text:
        base = str(ctx.world.hub.settings.get("sut.url", ""))
        text = text.replace("{port}", base.rsplit(":", 1)[-1].split("/")[0])
    return text


def _get(url: str) -> Any:
    try:
        response = requests.get(url, timeout=10)
    except requests.RequestException as exc:
        raise CheckFailure("reporting", f"the SUT's reporting endpoint did not answer: {exc}", where=url) from None
    if response.status_code != 200:
        raise CheckFailure("reporting", f"the reporting endpoint answered {response.status_code}", where=url)
    return jsonx.loads(response.content)


DEFAULT_KPIS_QUERY = "SELECT name, value FROM kpis"


def served_kpis(ctx: CheckContext, cfg: Any) -> dict[str, Any]:
    """The KPIs the SUT's reporting holds: from its HTTP endpoint, or read from its database."""
    url = field(cfg, "kpis_url")
    if url:
        return _get(sut_url(ctx, url))
    database = sut_url(ctx, field(cfg, "database_url"))
    return kpis_from_rows(_query(database, field(cfg, "kpis_query") or DEFAULT_KPIS_QUERY))


def kpis_from_rows(rows: list[tuple[Any, Any]]) -> dict[str, Any]:
    """(name, value) rows into the KPI mapping; "stage_conversion.Onsite" nests under its KPI."""
    out: dict[str, Any] = {}
    for name, value in rows:
        head, _, tail = str(name).partition(".")
        if tail:
            out.setdefault(head, {})[tail] = value
        else:
            out[head] = value
    return out


def _query(url: str, query: str) -> list[tuple[Any, Any]]:
    try:
        if url.startswith("sqlite:///"):
            import sqlite3

            with sqlite3.connect(f"file:{url.removeprefix('sqlite:///')}?mode=ro", uri=True) as conn:
                return [tuple(r[:2]) for r in conn.execute(query).fetchall()]
        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                return [tuple(r[:2]) for r in conn.execute(text(query)).fetchall()]
        finally:
            engine.dispose()
    except Exception as exc:  # any driver's error: the SUT's store could not be read
        raise CheckFailure("reporting", f"the reporting database could not be read: {exc}", where=url) from None


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return False
        return set(map(str, expected)) == set(map(str, actual)) and all(
            _same(v, actual.get(k, actual.get(str(k)))) for k, v in expected.items()
        )
    if expected is None:
        return actual is None
    exp, act = as_decimal(expected), as_decimal(actual)
    return exp is not None and act is not None and Decimal(exp) == Decimal(act)


@check(
    "reporting",
    layers=("reporting",),
    description="KPIs match the oracle; stage changes arrive within the freshness window; thresholds alert correctly",
    needs_time=True,
)
def reporting(ctx: CheckContext) -> list[CheckFailure]:
    cfg = field(ctx.profile, "reporting")
    if not cfg:
        raise Skip("the profile declares no reporting endpoint")
    journeys = ctx.peers or [ctx.journey]
    failures: list[CheckFailure] = []
    oracle = kpis(journeys)
    served = served_kpis(ctx, cfg)
    for name, expected in oracle.items():
        actual = served.get(name) if isinstance(served, dict) else None
        if not _same(expected, actual):
            failures.append(
                CheckFailure(
                    "reporting",
                    f"KPI {name} differs from the oracle",
                    expected=jsonx.plain(expected),
                    actual=jsonx.plain(actual),
                    where=f"{len(journeys)} journeys of this run",
                    hop=f"{dialects.fake_name(ctx.profile, 'ats')} webhooks -> SUT reporting store",
                )
            )
    failures += _freshness(ctx, cfg, journeys)
    failures += _thresholds(ctx, cfg, oracle)
    return failures


def _freshness(ctx: CheckContext, cfg: Any, journeys: list[Any]) -> list[CheckFailure]:
    url = field(cfg, "stage_changes_url")
    if not url:
        return []
    url = sut_url(ctx, url)
    window = _seconds(field(cfg, "freshness", "1d"))
    out = []
    for journey in journeys:
        changes = [e for e in journey.events if e["kind"] == "stage_changed" and e.get("application_id")]
        rows_of: dict[Any, list[Any]] = {}
        for event in changes:
            app_id = event["application_id"]
            if app_id not in rows_of:
                found = _get(f"{url}?application_id={app_id}")
                rows_of[app_id] = found.get("stage_changes", found) if isinstance(found, dict) else found
            rows = rows_of[app_id]
            match = [r for r in rows if r.get("stage") == event["to"]]
            if not match:
                out.append(
                    CheckFailure(
                        "reporting",
                        f"stage change to {event['to']!r} never reached the reporting store",
                        expected=f"a row within {span(window)}",
                        actual="no row",
                        where=f"{journey.tag}: application {app_id}",
                    )
                )
                continue
            received = _instant(match[-1].get("received_at"))
            lag = (received - event["at"]).total_seconds() if received else None
            if lag is None or lag > window:
                out.append(
                    CheckFailure(
                        "reporting",
                        f"stage change to {event['to']!r} reached reporting outside the freshness window",
                        expected=f"at most {span(window)}",
                        actual=None if lag is None else span(lag),
                        where=f"{journey.tag}: application {app_id}",
                    )
                )
    return out


def _thresholds(ctx: CheckContext, cfg: Any, oracle: dict[str, Any]) -> list[CheckFailure]:
    thresholds = field(cfg, "thresholds") or {}
    out = []
    messages = [m["text"].lower() for m in ctx.world.inbox.slack_messages()]
    for name, rule in thresholds.items() if isinstance(thresholds, dict) else []:
        value = oracle.get(name)
        if value is None:
            continue
        above, below = field(rule, "above"), field(rule, "below")
        crossed = (above is not None and value > Decimal(str(above))) or (
            below is not None and value < Decimal(str(below))
        )
        words = THRESHOLD_WORDS.get(name, (name.replace("_", " "),))
        alerted = any(any(w in m for w in words) for m in messages)
        if crossed != alerted:
            out.append(
                CheckFailure(
                    "reporting",
                    f"threshold alert for {name} {'missing' if crossed else 'fired without a crossing'}",
                    expected="an alert" if crossed else "no alert",
                    actual="an alert" if alerted else "no alert",
                    where=f"{name}={value} vs {jsonx.plain(rule)}",
                )
            )
    return out


def _instant(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        instant = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if instant.tzinfo is None:
        from datetime import UTC

        instant = instant.replace(tzinfo=UTC)
    return instant
