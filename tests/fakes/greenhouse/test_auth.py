"""Who may call: v1 Basic auth and On-Behalf-Of, the v3 token endpoint and Bearer tokens, tenants."""

from __future__ import annotations

import hashlib

import requests

from fakes.world import World

from .conftest import Harvest, make_application, stage_id


def test_v1_without_credentials_is_401(world: World) -> None:
    base = world.contract_env()["GREENHOUSE_BASE_URL"]
    missing = requests.get(f"{base}/v1/candidates", timeout=5)
    wrong = requests.get(f"{base}/v1/candidates", auth=("not-a-key", ""), timeout=5)
    assert (missing.status_code, wrong.status_code) == (401, 401)
    assert "message" in missing.json() and "invalid" in wrong.json()["message"]


def test_v1_basic_auth_with_the_api_key_and_blank_password(v1: Harvest) -> None:
    answer = v1.get("/users")
    assert answer.status_code == 200
    assert [u["id"] for u in answer.json()] == [int(v1.env["GREENHOUSE_USER_ID"])]
    assert answer.json()[0]["primary_email_address"] == "admin@harness.example"


def test_writes_need_a_known_on_behalf_of_user(world: World, v1: Harvest) -> None:
    journey = make_application(world)
    path = f"/applications/{journey['application_id']}/advance"
    body = {"from_stage_id": stage_id(journey["job"], "Application Review")}
    missing = v1.http.post(v1.base + path, json=body, timeout=5)
    unknown = v1.http.post(v1.base + path, json=body, headers={"On-Behalf-Of": "999"}, timeout=5)
    garbage = v1.http.post(v1.base + path, json=body, headers={"On-Behalf-Of": "admin"}, timeout=5)
    assert [r.status_code for r in (missing, unknown, garbage)] == [403, 403, 403]
    assert "On-Behalf-Of" in missing.json()["message"]
    assert world.ats.application(journey["application_id"])["stage_id"] == body["from_stage_id"]  # nothing moved
    assert v1.post(path, body).status_code == 200


def test_a_get_with_a_body_is_403(v1: Harvest) -> None:
    answer = v1.http.get(v1.base + "/candidates", data=b'{"a": 1}', timeout=5)
    assert answer.status_code == 403 and "body" in answer.json()["message"]


def test_v3_token_then_bearer_calls(world: World, v3: Harvest) -> None:
    make_application(world)
    answer = v3.get("/candidates")
    assert answer.status_code == 200 and answer.json()[0]["first_name"] == "Ada"
    unauthenticated = requests.get(v3.base + "/candidates", timeout=5)
    basic = requests.get(v3.base + "/candidates", auth=(v3.env["GREENHOUSE_API_KEY"], ""), timeout=5)
    assert (unauthenticated.status_code, basic.status_code) == (401, 401)


def test_v3_token_answer_and_errors(world: World) -> None:
    env = world.contract_env()
    url = env["GREENHOUSE_AUTH_URL"] + "/token"
    assert url == env["GREENHOUSE_BASE_URL"] + "/auth/token"
    good = (env["GREENHOUSE_CLIENT_ID"], env["GREENHOUSE_CLIENT_SECRET"])
    form = {"grant_type": "client_credentials", "sub": env["GREENHOUSE_USER_ID"]}
    ok = requests.post(url, auth=good, data=form, timeout=5)
    assert ok.status_code == 200
    assert ok.json()["token_type"] == "Bearer" and ok.json()["expires_in"] == 3600 and ok.json()["access_token"]
    answers = {
        "bad secret": requests.post(url, auth=(good[0], "nope"), data=form, timeout=5),
        "no client": requests.post(url, data=form, timeout=5),
        "bad grant": requests.post(url, auth=good, data={**form, "grant_type": "password"}, timeout=5),
        "unknown sub": requests.post(url, auth=good, data={**form, "sub": "12"}, timeout=5),
        "no sub": requests.post(url, auth=good, data={"grant_type": "client_credentials"}, timeout=5),
    }
    assert {k: (r.status_code, r.json()["error"]) for k, r in answers.items()} == {
        "bad secret": (401, "invalid_client"), "no client": (401, "invalid_client"),
        "bad grant": (400, "unsupported_grant_type"), "unknown sub": (400, "invalid_request"),
        "no sub": (400, "invalid_request"),
    }


def test_v3_tokens_expire_on_the_virtual_clock(world: World, v3: Harvest) -> None:
    world.hub.clock.advance(3599)
    assert v3.get("/jobs").status_code == 200
    world.hub.clock.advance(1)
    expired = v3.get("/jobs")
    assert expired.status_code == 401 and "expired" in expired.json()["message"]


def test_v3_writes_act_as_the_token_subject_without_on_behalf_of(world: World, v3: Harvest) -> None:
    journey = make_application(world)
    v3.writes = {}
    answer = v3.post(f"/applications/{journey['application_id']}/reject", {})
    assert answer.status_code == 200 and answer.json()["status"] == "rejected"
    app = world.ats.application(journey["application_id"])
    assert app["rejected_by_user_id"] == int(v3.env["GREENHOUSE_USER_ID"])


def test_tenants_get_derived_credentials_and_separate_data(world: World) -> None:
    world.add_tenant("acme")
    acme = world.model("ats", "acme")
    key = "ghk_" + hashlib.sha256(b"greenhouse:api_key:acme").hexdigest()[:32]
    base = world.contract_env()["GREENHOUSE_BASE_URL"]
    users = requests.get(f"{base}/v1/users", auth=(key, ""), timeout=5)
    assert users.status_code == 200 and [u["id"] for u in users.json()] == [acme.admin_id]
    default = requests.get(f"{base}/v1/users/{acme.admin_id}", auth=(world.contract_env()["GREENHOUSE_API_KEY"], ""),
                           timeout=5)
    assert acme.admin_id != world.ats.admin_id and default.status_code == 404  # not visible to the default key
    client = "ghc_" + hashlib.sha256(b"greenhouse:client_id:acme").hexdigest()[:32]
    secret = "ghs_" + hashlib.sha256(b"greenhouse:client_secret:acme").hexdigest()[:32]
    token = requests.post(f"{base}/auth/token", auth=(client, secret), timeout=5,
                          data={"grant_type": "client_credentials", "sub": str(acme.admin_id)})
    assert token.status_code == 200
