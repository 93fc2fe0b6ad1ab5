"""Fuzzed input never reaches a traceback: every write answers as Greenhouse would (2xx or 4xx).

Requests go straight into ``Fake.handle`` (no sockets), the way the in-process
adapters call it, so Hypothesis can try many bodies quickly.
"""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fakes.kit.http import Request
from fakes.world import World

from .conftest import make_application, make_offer

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
FIELDS = ["first_name", "last_name", "applications", "job_id", "from_stage_id", "to_stage_id", "custom_fields",
          "rejection_reason_id", "rejection_email", "start_date", "sent_at", "user_id", "body", "visibility",
          "email_addresses", "phone_numbers", "recruiter", "source_id", "tags", "rejection_details", "notes"]
BODIES = st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=6) | JSON
CUSTOM = st.lists(st.fixed_dictionaries({}, optional={
    "name_key": st.sampled_from(["salary", "pay_period", "hours_per_week", "signature_status", "harness_journey", "x"]),
    "id": JSON, "value": JSON, "unit": st.sampled_from(["USD", "usd", "", "EURO"]) | JSON,
    "delete_value": st.sampled_from(["true", True, "false"])}), max_size=3)


def fresh(world: World) -> dict[str, Any]:
    """A reset world with one application and its offer; no web hook URL, so no delivery is in flight
    when the next example resets the world."""
    world.hub.settings.pop("greenhouse.webhook_url", None)
    world.reset()
    journey = make_application(world)
    make_offer(world, journey["application_id"])
    return journey


def call(world: World, method: str, path: str, body: Any, query: str = "") -> int:
    fake = world.fakes["greenhouse"]
    env = world.contract_env()
    basic = base64.b64encode(f"{env['GREENHOUSE_API_KEY']}:".encode()).decode()
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = Request(method, path, query, {"authorization": f"Basic {basic}",
                                            "on-behalf-of": env["GREENHOUSE_USER_ID"]}, raw)
    response = fake.handle(request)
    assert response.status < 500, (method, path, body, response.body[:300])
    assert not world.hub.errors, world.hub.errors[-1][1]
    return response.status


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=BODIES, target=st.sampled_from([
    ("POST", "/v1/candidates"), ("PATCH", "/v1/candidates/{c}"), ("POST", "/v1/candidates/{c}/applications"),
    ("POST", "/v1/candidates/{c}/activity_feed/notes"), ("PATCH", "/v1/applications/{a}"),
    ("POST", "/v1/applications/{a}/advance"), ("POST", "/v1/applications/{a}/move"),
    ("POST", "/v1/applications/{a}/reject"), ("POST", "/v1/applications/{a}/unreject"),
    ("POST", "/v1/applications/{a}/hire"), ("PATCH", "/v1/applications/{a}/offers/current_offer"),
]))
def test_fuzzed_write_bodies(world: World, body: Any, target: tuple[str, str]) -> None:
    journey = fresh(world)
    path = target[1].format(c=journey["candidate_id"], a=journey["application_id"])
    call(world, target[0], path, body)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=CUSTOM)
def test_fuzzed_custom_field_edits(world: World, fields: list[dict[str, Any]]) -> None:
    journey = fresh(world)
    app, cand = journey["application_id"], journey["candidate_id"]
    call(world, "PATCH", f"/v1/applications/{app}/offers/current_offer", {"custom_fields": fields})
    call(world, "PATCH", f"/v1/candidates/{cand}", {"custom_fields": fields})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.lists(st.tuples(st.sampled_from(["per_page", "page", "cursor", "status", "job_id", "email",
                                                 "created_after", "candidate_ids", "skip_count", "starts_after"]),
                                st.text(max_size=12)), max_size=4),
       path=st.sampled_from(["/v1/candidates", "/v1/applications", "/v1/offers", "/v1/jobs", "/v1/users"]))
def test_fuzzed_list_queries(world: World, query: list[tuple[str, str]], path: str) -> None:
    call(world, "GET", path, b"", urlencode(query))
