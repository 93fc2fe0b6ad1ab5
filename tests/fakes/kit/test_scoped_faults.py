"""Faults and webhook chaos scoped to one journey's records: a rule acts only on the requests (or
deliveries) its scope says yes to, so a journey that breaks BambooHR for itself leaves the journeys
running beside it alone."""

from __future__ import annotations

from fakes.kit.faults import FaultRule, Faults
from fakes.kit.webhooks import ChaosRule, Delivery


def _mine(path: str, query: str, body: bytes) -> bool:
    return b"ada@example.com" in body or "/employees/41/" in path


def test_a_scoped_fault_acts_only_on_requests_its_scope_accepts() -> None:
    faults = Faults()
    rule = faults.add(
        kind="status", status=503, fake="bamboohr", method="POST", path="*/employees*", count=None, scope=_mine
    )
    other = faults.match("bamboohr", "POST", "/v1/employees", "", "", b'{"workEmail": "bob@example.com"}')
    mine = faults.match("bamboohr", "POST", "/v1/employees", "", "", b'{"workEmail": "ada@example.com"}')
    row = faults.match("bamboohr", "POST", "/v1/employees/41/tables/compensation", "", "", b"{}")
    assert other is None and mine is rule and row is rule
    assert rule.fired == 2 and rule.matched == 2  # the other journey's request was never counted


def test_an_unscoped_fault_acts_on_every_match_as_before() -> None:
    faults = Faults()
    rule = faults.add(kind="status", status=500, fake="greenhouse", count=2)
    assert faults.match("greenhouse", "GET", "/v1/jobs", "") is rule
    assert faults.match("greenhouse", "GET", "/v1/jobs", "") is rule
    assert faults.match("greenhouse", "GET", "/v1/jobs", "") is None  # counted out


def test_a_scoped_rule_is_listed_without_its_function() -> None:
    rule = FaultRule(kind="status", status=503, scope=_mine)
    listed = rule.as_dict()
    assert listed["scoped"] is True and "scope" not in listed


def test_chaos_acts_only_on_deliveries_its_scope_accepts() -> None:
    rule = ChaosRule(kind="bad_signature", fake="greenhouse", count=None, scope=lambda body: b"7001" in body)
    about_me = Delivery(fake="greenhouse", event="candidate_stage_change", url="http://sut", body=b'{"id": 7001}')
    about_other = Delivery(fake="greenhouse", event="candidate_stage_change", url="http://sut", body=b'{"id": 7002}')
    assert rule.applies(about_me) and not rule.applies(about_other)
