"""BambooHR OAuth (authorize.php, token.php, Bearer), XML bodies, trailing slashes."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest
import requests

from fakes.world import World

from .conftest import Client

MESSAGE = "X-BambooHR-Message"
REDIRECT = "https://sut.example/callback?tenant=acme"


def authorize(api: Client, scope: str = "employee employee.write offline_access", **extra: str) -> dict[str, list[str]]:
    params = {
        "request": "authorize",
        "response_type": "code",
        "client_id": api.env["BAMBOOHR_CLIENT_ID"],
        "redirect_uri": REDIRECT,
        "scope": scope,
        "state": "s-42",
        **extra,
    }
    answer = requests.get(f"{api.env['BAMBOOHR_OAUTH_URL']}/authorize.php", params=params, allow_redirects=False)
    assert answer.status_code == 302, answer.text
    location = urlsplit(answer.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == "https://sut.example/callback"
    return parse_qs(location.query)


def token(api: Client, **form: str) -> requests.Response:
    body = {"client_id": api.env["BAMBOOHR_CLIENT_ID"], "client_secret": api.env["BAMBOOHR_CLIENT_SECRET"], **form}
    return requests.post(f"{api.env['BAMBOOHR_OAUTH_URL']}/token.php?request=token", data=body, timeout=10)


def bearer(api: Client, access: str, path: str, method: str = "GET", **kwargs: Any) -> requests.Response:
    headers = {"Authorization": f"Bearer {access}", "Accept": "application/json"}
    return requests.request(method, api.gateway + path, headers=headers, timeout=10, **kwargs)


def test_the_contract_names_the_oauth_client_and_a_standing_refresh_token(world: World) -> None:
    env = world.contract_env()
    for name in ("BAMBOOHR_API_KEY", "BAMBOOHR_CLIENT_ID", "BAMBOOHR_CLIENT_SECRET", "BAMBOOHR_OAUTH_URL"):
        assert env[name], name
    assert env["BAMBOOHR_OAUTH_REFRESH_TOKEN"] and env["BAMBOOHR_OAUTH_URL"] == env["BAMBOOHR_BASE_URL"]


def test_authorization_code_flow_gives_a_bearer_token_the_list_accepts(api: Client) -> None:
    query = authorize(api)
    assert query["state"] == ["s-42"] and query["tenant"] == ["acme"]
    answer = token(api, grant_type="authorization_code", code=query["code"][0], redirect_uri=REDIRECT)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert body["scope"] == "employee employee.write offline_access"
    assert body["refresh_token"] and body["companyDomain"] == api.domain
    listed = bearer(api, body["access_token"], "/employees")
    assert listed.status_code == 200 and listed.json()["meta"]["total"] >= 1
    again = token(api, grant_type="authorization_code", code=query["code"][0], redirect_uri=REDIRECT)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"  # a code is used once


def test_the_employee_list_refuses_an_api_key_and_other_reads_take_both(api: Client) -> None:
    basic = api.get("/employees")
    assert basic.status_code == 401 and "OAuth" in basic.headers[MESSAGE]
    assert api.get("/employees/0").status_code == 200
    assert bearer(api, api.token(), "/employees/0").status_code == 200


def test_no_refresh_token_without_offline_access_and_refresh_rotates(api: Client) -> None:
    query = authorize(api, scope="employee")
    body = token(api, grant_type="authorization_code", code=query["code"][0], redirect_uri=REDIRECT).json()
    assert "refresh_token" not in body
    first = token(api, grant_type="refresh_token", refresh_token=api.env["BAMBOOHR_OAUTH_REFRESH_TOKEN"]).json()
    second = token(api, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert second.status_code == 200 and second.json()["access_token"] != first["access_token"]


def test_token_errors_are_oauth_errors(api: Client) -> None:
    query = authorize(api)
    wrong_redirect = token(
        api, grant_type="authorization_code", code=query["code"][0], redirect_uri="https://elsewhere.example/"
    )
    wrong_secret = requests.post(
        f"{api.env['BAMBOOHR_OAUTH_URL']}/token.php?request=token",
        data={"client_id": api.env["BAMBOOHR_CLIENT_ID"], "client_secret": "nope", "grant_type": "refresh_token"},
        timeout=10,
    )
    unknown_grant = token(api, grant_type="client_credentials")
    bad_refresh = token(api, grant_type="refresh_token", refresh_token="rt_forged")
    assert (wrong_redirect.status_code, wrong_redirect.json()["error"]) == (400, "invalid_grant")
    assert (wrong_secret.status_code, wrong_secret.json()["error"]) == (401, "invalid_client")
    assert unknown_grant.json()["error"] == "unsupported_grant_type"
    assert bad_refresh.json()["error"] == "invalid_grant"


def test_a_json_token_request_is_read_too(api: Client) -> None:
    query = authorize(api)
    body = {
        "client_id": api.env["BAMBOOHR_CLIENT_ID"],
        "client_secret": api.env["BAMBOOHR_CLIENT_SECRET"],
        "grant_type": "authorization_code",
        "code": query["code"][0],
        "redirect_uri": REDIRECT,
    }
    answer = requests.post(f"{api.env['BAMBOOHR_OAUTH_URL']}/token.php?request=token", json=body, timeout=10)
    assert answer.status_code == 200 and answer.json()["access_token"]


def test_access_tokens_expire_on_the_virtual_clock(world: World, api: Client) -> None:
    access = api.token()
    world.hub.clock.advance(3599)
    assert bearer(api, access, "/employees").status_code == 200
    world.hub.clock.advance(2)
    expired = bearer(api, access, "/employees")
    assert expired.status_code == 401 and "expired" in expired.headers[MESSAGE]


def test_a_token_without_the_operations_scope_is_forbidden(api: Client) -> None:
    query = authorize(api, scope="webhooks")
    access = token(api, grant_type="authorization_code", code=query["code"][0], redirect_uri=REDIRECT).json()
    assert bearer(api, access["access_token"], "/webhooks").status_code == 200
    refused = bearer(api, access["access_token"], "/employees")
    assert refused.status_code == 403 and "employee" in refused.headers[MESSAGE]


def test_a_token_is_good_for_its_own_company_only(world: World, api: Client) -> None:
    world.add_tenant("globex")
    foreign = requests.get(
        f"{api.origin}/api/gateway.php/globex/v1/employees/0",
        headers={"Authorization": f"Bearer {api.token()}", "Accept": "application/json"},
        timeout=10,
    )
    assert foreign.status_code == 403


def test_an_unknown_client_gets_no_code(api: Client) -> None:
    answer = requests.get(
        f"{api.env['BAMBOOHR_OAUTH_URL']}/authorize.php",
        params={"client_id": "nobody", "response_type": "code", "redirect_uri": REDIRECT},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 400


# -- XML request bodies -----------------------------------------------------------------
def test_an_xml_employee_without_content_type_is_created_and_updated(world: World, api: Client) -> None:
    """The body PyBambooHR sends: ``<employee>`` of ``<field id>``, no Content-Type header."""
    body = '<employee>\n\t<field id="firstName">Zoë</field>\n\t<field id="lastName">Ng</field>\n</employee>'
    created = requests.post(f"{api.gateway}/employees/", data=body.encode(), auth=(api.key, "x"), timeout=10)
    assert created.status_code == 201, created.headers.get(MESSAGE)
    ident = int(created.headers["Location"].rsplit("/", 1)[1])
    update = '<employee><field id="jobTitle">Engineer</field></employee>'
    updated = api.post(f"/employees/{ident}", data=update, headers={"Content-Type": "text/xml"})
    assert updated.status_code == 200, updated.headers.get(MESSAGE)
    assert api.fields(ident, "firstName", "lastName", "jobTitle") == {
        "id": str(ident),
        "firstName": "Zoë",
        "lastName": "Ng",
        "jobTitle": "Engineer",
    }


def test_an_xml_table_row_is_added(world: World, api: Client) -> None:
    ident = api.create_employee(firstName="Row", lastName="Writer")
    row = '<row><field id="date">2026-03-02</field><field id="jobTitle">Engineer</field></row>'
    added = api.post(f"/employees/{ident}/tables/jobInfo", data=row, headers={"Content-Type": "application/xml"})
    assert added.status_code == 200, added.headers.get(MESSAGE)
    rows = api.get(f"/employees/{ident}/tables/jobInfo").json()
    assert rows[-1]["jobTitle"] == "Engineer" and rows[-1]["date"] == "2026-03-02"
    as_xml = api.get(f"/employees/{ident}/tables/jobInfo", headers={"Accept": "application/xml"})
    last = ElementTree.fromstring(as_xml.content).findall("row")[-1]
    assert last.get("employeeId") == str(ident) and last.find("field[@id='jobTitle']").text == "Engineer"


@pytest.mark.parametrize(
    "body",
    [
        "<employee><field id='firstName'>unclosed</employee>",
        "<person><field id='firstName'>A</field></person>",
        "<employee><firstName>A</firstName></employee>",
        '<!DOCTYPE e [<!ENTITY x "y">]><employee><field id="firstName">&x;</field></employee>',
    ],
)
def test_malformed_xml_is_a_400_with_a_reason(api: Client, body: str) -> None:
    answer = api.post("/employees", data=body, headers={"Content-Type": "application/xml"})
    assert answer.status_code == 400 and "Malformed XML" in answer.headers[MESSAGE]


# -- trailing slashes ---------------------------------------------------------------------
def test_one_trailing_slash_names_the_same_operation(api: Client) -> None:
    for path in ("/meta/fields/", "/employees/0/", "/employees/changed/?since=2026-01-01T00:00:00Z"):
        answer = api.get(path)
        assert answer.status_code == 200, (path, answer.headers.get(MESSAGE))
    assert api.get("/meta/fields/").json() == api.get("/meta/fields").json()
    assert api.get("/meta/fields//").status_code == 404


def test_pybamboohr_unmodified_but_for_its_base_url(api: Client) -> None:
    """PyBambooHR 0.8.1: XML bodies, trailing-slash URLs, an empty Basic password."""
    module = pytest.importorskip("PyBambooHR.PyBambooHR")
    client = module.PyBambooHR(subdomain=api.domain, api_key=api.key)
    client.base_url = api.gateway + "/"
    added = client.add_employee({"firstName": "Pat", "lastName": "Lee", "workEmail": "pat@example.com"})
    client.update_employee(added["id"], {"jobTitle": "Engineer"})
    got = client.get_employee(added["id"], ["firstName", "workEmail", "jobTitle"])
    assert got["firstName"] == "Pat" and got["workEmail"] == "pat@example.com" and got["jobTitle"] == "Engineer"


def test_credentials_in_any_script_are_refused_not_crashed_on(api: Client) -> None:
    """Found by the schemathesis run: a non-ASCII client id or secret was a 500."""
    oauth = api.env["BAMBOOHR_OAUTH_URL"]
    odd = requests.get(f"{oauth}/authorize.php", params={"client_id": "é", "redirect_uri": REDIRECT,
                                                         "response_type": "code"}, allow_redirects=False, timeout=10)
    secret = token(api, client_secret="sécret", grant_type="refresh_token", refresh_token="x")
    refresh = token(api, grant_type="refresh_token", refresh_token="ré")
    redirect = requests.get(f"{oauth}/authorize.php", params={"client_id": api.env["BAMBOOHR_CLIENT_ID"],
                                                              "redirect_uri": "https://sut.example/ça",
                                                              "response_type": "code"}, allow_redirects=False,
                            timeout=10)
    assert (odd.status_code, secret.status_code, refresh.status_code, redirect.status_code) == (400, 401, 400, 400)
