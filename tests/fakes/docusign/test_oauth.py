"""The JWT grant and userinfo on the fake's OAuth server (DOCUSIGN_AUTH_URL), driven with requests + PyJWT."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from fakes.world import World

GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"


def assertion(env: dict[str, str], now: float, key: Any = None, **claims: Any) -> str:
    payload = {
        "iss": env["DOCUSIGN_INTEGRATION_KEY"],
        "sub": env["DOCUSIGN_USER_ID"],
        "aud": "account-d.docusign.com",
        "iat": int(now),
        "exp": int(now) + 3600,
        "scope": "signature impersonation",
        **claims,
    }
    return jwt.encode(payload, key or env["DOCUSIGN_PRIVATE_KEY"], algorithm="RS256")


def token(env: dict[str, str], signed: str, grant: str = GRANT) -> requests.Response:
    return requests.post(env["DOCUSIGN_AUTH_URL"] + "/oauth/token", data={"grant_type": grant, "assertion": signed},
                         timeout=5)


def test_jwt_grant_issues_a_token_that_works_until_it_expires(world: World, env: dict[str, str]) -> None:
    now = world.hub.clock.timestamp()
    answer = token(env, assertion(env, now))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["token_type"], body["expires_in"]) == ("Bearer", 3600)
    headers = {"Authorization": f"Bearer {body['access_token']}"}
    api = f"{env['DOCUSIGN_BASE_URL']}/restapi/v2.1/accounts/{env['DOCUSIGN_ACCOUNT_ID']}/templates"
    assert requests.get(api, headers=headers, timeout=5).status_code == 200
    info = requests.get(env["DOCUSIGN_AUTH_URL"] + "/oauth/userinfo", headers=headers, timeout=5).json()
    assert info["sub"] == env["DOCUSIGN_USER_ID"]
    (account,) = info["accounts"]
    assert (account["account_id"], account["is_default"], account["base_uri"]) == (
        env["DOCUSIGN_ACCOUNT_ID"], True, env["DOCUSIGN_BASE_URL"])
    world.hub.clock.advance(3600)
    expired = requests.get(api, headers=headers, timeout=5)
    assert (expired.status_code, expired.json()["errorCode"]) == (401, "AUTHORIZATION_INVALID_TOKEN")
    assert requests.get(env["DOCUSIGN_AUTH_URL"] + "/oauth/userinfo", headers=headers, timeout=5).status_code == 401


def test_the_fakes_own_host_is_an_accepted_audience(world: World, env: dict[str, str]) -> None:
    host = urlsplit(env["DOCUSIGN_AUTH_URL"]).netloc
    now = world.hub.clock.timestamp()
    assert token(env, assertion(env, now, aud=host)).status_code == 200
    assert token(env, assertion(env, now, aud=host + "/oauth-server")).status_code == 200


@pytest.mark.parametrize(
    ("claims", "description"),
    [
        ({"iss": "00000000-0000-4000-8000-000000000000"}, "issuer_not_found"),
        ({"sub": "00000000-0000-4000-8000-000000000000"}, "user_not_found"),
        ({"aud": "account.docusign.com"}, "invalid_audience"),
        ({"scope": "impersonation"}, "invalid_scope"),
        ({"exp": 0}, "expired_grant"),
        ({"iat": 4_000_000_000}, "expired_grant"),
    ],
)
def test_bad_assertions_are_invalid_grant(
    world: World, env: dict[str, str], claims: dict[str, Any], description: str
) -> None:
    answer = token(env, assertion(env, world.hub.clock.timestamp(), **claims))
    assert (answer.status_code, answer.json()) == (400, {"error": "invalid_grant", "error_description": description})


def test_iat_and_exp_are_read_on_the_virtual_clock(world: World, env: dict[str, str]) -> None:
    signed = assertion(env, world.hub.clock.timestamp())
    world.hub.clock.advance(3601)
    assert token(env, signed).json()["error_description"] == "expired_grant"


def test_a_signature_by_another_key_is_refused(world: World, env: dict[str, str]) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    answer = token(env, assertion(env, world.hub.clock.timestamp(), key=other))
    assert answer.json() == {"error": "invalid_grant", "error_description": "no_valid_keys_or_signatures"}
    assert token(env, "not.a.jwt").json()["error_description"] == "no_valid_keys_or_signatures"


def test_other_grants_and_missing_assertion(world: World, env: dict[str, str]) -> None:
    assert token(env, "x", grant="client_credentials").json() == {"error": "unsupported_grant_type"}
    missing = requests.post(env["DOCUSIGN_AUTH_URL"] + "/oauth/token", data={"grant_type": GRANT}, timeout=5)
    assert (missing.status_code, missing.json()) == (400, {"error": "invalid_request"})
    assert requests.get(env["DOCUSIGN_AUTH_URL"] + "/oauth/userinfo", timeout=5).status_code == 401


def test_contract_keys_are_a_matching_pair(env: dict[str, str]) -> None:
    key = serialization.load_pem_private_key(env["DOCUSIGN_PRIVATE_KEY"].encode(), password=None)
    assert key.key_size == 2048
    assert env["DOCUSIGN_AUTH_URL"] == env["DOCUSIGN_BASE_URL"] + "/oauth-server"
