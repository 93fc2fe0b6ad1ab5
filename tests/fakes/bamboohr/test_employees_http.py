"""Employees over HTTP: URL forms, auth, fields, create/update, the paged list, changes."""

from __future__ import annotations

import base64
import json
from xml.etree import ElementTree

import requests

from fakes.world import World

from .conftest import Client

MESSAGE = "X-BambooHR-Message"


def zoe(api: Client, **extra: object) -> int:
    return api.create_employee(
        firstName="Zoë",
        lastName="O'Brien-Nuñez",
        workEmail="zoe@example.com",
        hireDate="2026-03-02",
        jobTitle="Engineer",
        department="Eng",
        employeeNumber="GH-4711",
        **extra,
    )


# -- URL forms, tenancy, auth -----------------------------------------------------
def test_both_url_forms_serve_the_same_employee(api: Client) -> None:
    ident = zoe(api)
    gateway = api.get(f"{api.gateway}/employees/{ident}", params={"fields": "firstName,jobTitle"})
    subdomain = api.get(f"{api.subdomain}/employees/{ident}", params={"fields": "firstName,jobTitle"})
    assert gateway.status_code == subdomain.status_code == 200
    assert gateway.json() == subdomain.json() == {"id": str(ident), "firstName": "Zoë", "jobTitle": "Engineer"}


def test_the_subdomain_form_reads_the_company_from_the_host(world: World, api: Client) -> None:
    world.add_tenant("globex")
    other = world.fakes["bamboohr"].api_key("globex")  # type: ignore[attr-defined]
    mine = api.get(f"{api.subdomain}/employees/0", headers={"Host": f"{api.domain}.localhost"})
    theirs = api.get(f"{api.subdomain}/employees/0", headers={"Host": "globex.localhost"}, auth=(other, "x"))
    nowhere = api.get(f"{api.subdomain}/employees/0", headers={"Host": "initech.bamboohr.test"})
    assert mine.status_code == theirs.status_code == 200
    assert mine.json()["id"] != theirs.json()["id"]  # two tenants, two API users
    assert nowhere.status_code == 404 and "initech" in nowhere.headers[MESSAGE]


def test_auth_failures_answer_with_the_message_header(world: World, api: Client) -> None:
    url = f"{api.gateway}/employees/0"
    missing = requests.get(url, timeout=10)
    wrong = requests.get(url, auth=("not-the-key", "x"), timeout=10)
    bearer = requests.get(url, headers={"Authorization": f"Bearer {api.key}"}, timeout=10)
    assert (missing.status_code, wrong.status_code, bearer.status_code) == (401, 401, 401)
    assert missing.content == b"" and "API key" in missing.headers[MESSAGE]
    assert wrong.headers[MESSAGE] == "Invalid API key"
    any_password = requests.get(url, auth=(api.key, "anything at all"), timeout=10)
    assert any_password.status_code == 200


def test_a_key_for_another_company_is_forbidden_and_an_unknown_domain_is_not_found(world: World, api: Client) -> None:
    world.add_tenant("globex")
    foreign = requests.get(f"{api.origin}/api/gateway.php/globex/v1/employees/0", auth=(api.key, "x"), timeout=10)
    unknown = api.get(f"{api.origin}/api/gateway.php/initech/v1/employees/0")
    assert foreign.status_code == 403 and "globex" in foreign.headers[MESSAGE]
    assert unknown.status_code == 404


def test_legacy_reads_answer_xml_unless_accept_names_json(api: Client) -> None:
    """BHR spec (list-users, list-employee-files): JSON only for Accept: application/json, else XML."""
    ident = zoe(api, customHoursPerWeek=37.5)
    path = f"/employees/{ident}?fields=firstName,hireDate,customHoursPerWeek"
    as_json = api.get(path)
    for accept in ("application/xml", "*/*", "text/xml", ""):
        answer = requests.get(f"{api.gateway}{path}", auth=(api.key, "x"), headers={"Accept": accept}, timeout=10)
        assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("application/xml"), accept
        root = ElementTree.fromstring(answer.content)
        got = {f.get("id"): f.text for f in root.findall("field")}
        assert root.tag == "employee" and root.get("id") == str(ident), accept
        assert got == {"firstName": "Zoë", "hireDate": "2026-03-02", "customHoursPerWeek": "37.5"}, accept
    assert as_json.headers["Content-Type"].startswith("application/json")
    assert as_json.json()["customHoursPerWeek"] == "37.5"


def test_the_directory_in_xml_follows_the_spec_schema(api: Client) -> None:
    zoe(api)
    answer = api.get("/employees/directory", headers={"Accept": "application/xml"})
    root = ElementTree.fromstring(answer.content)
    assert root.tag == "directory"
    assert [f.get("id") for f in root.find("fieldset")][:3] == ["displayName", "firstName", "lastName"]
    names = [e.find("field[@id='firstName']").text for e in root.find("employees")]
    assert "Zoë" in names


def test_json_only_endpoints_stay_json_whatever_accept_says(api: Client) -> None:
    answer = api.get("/webhooks", headers={"Accept": "application/xml"})
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("application/json")


# -- one employee ---------------------------------------------------------------------
def test_get_returns_id_plus_the_requested_fields_as_strings(api: Client) -> None:
    ident = zoe(api, customHoursPerWeek=37.5)
    got = api.fields(ident, "firstName", "hireDate", "customHoursPerWeek", "4001", "status", "payRate")
    assert got == {
        "id": str(ident),
        "firstName": "Zoë",
        "hireDate": "2026-03-02",
        "customHoursPerWeek": "37.5",
        "4001": "37.5",
        "status": "Active",
        "payRate": None,
    }
    assert api.get(f"/employees/{ident}").json() == {"id": str(ident), "firstName": "Zoë", "lastName": "O'Brien-Nuñez"}


def test_get_refuses_unknown_and_too_many_fields(api: Client) -> None:
    unknown = api.get("/employees/0", params={"fields": "firstName,jobTitel"})
    too_many = api.get("/employees/0", params={"fields": ",".join(["firstName"] * 401)})
    assert unknown.status_code == 400 and "jobTitel" in unknown.headers[MESSAGE]
    assert too_many.status_code == 400 and "400" in too_many.headers[MESSAGE]


def test_id_zero_is_the_api_user_and_unknown_ids_are_404(world: World, api: Client) -> None:
    assert api.fields(0, "employeeNumber") == {"id": str(world.hris.api_user_id), "employeeNumber": "ADMIN-1"}
    assert api.get("/employees/99999999").status_code == 404
    assert api.get("/employees/abc").status_code == 404


# -- create and update ---------------------------------------------------------------
def test_create_answers_201_with_an_empty_body_and_the_location(world: World, api: Client) -> None:
    created = api.post("/employees", json={"firstName": "Ada", "lastName": "Lovelace"})
    assert created.status_code == 201 and created.content == b""
    ident = int(created.headers["Location"].rsplit("/", 1)[1])
    assert created.headers["Location"] == f"{api.gateway}/employees/{ident}"
    assert world.hris.employee(ident)["last_name"] == "Lovelace"
    other_form = api.post(f"{api.subdomain}/employees", json={"firstName": "Alan", "lastName": "Turing"})
    assert other_form.headers["Location"].startswith(f"{api.subdomain}/employees/")


def test_create_without_a_last_name_is_400(world: World, api: Client) -> None:
    refused = api.post("/employees", json={"firstName": "Ada"})
    assert refused.status_code == 400 and refused.content == b""
    assert refused.headers[MESSAGE] == "lastName is required"
    assert len(world.hris.employees()) == 1


def test_create_with_a_duplicate_employee_number_is_409(world: World, api: Client) -> None:
    zoe(api)
    duplicate = api.post("/employees", json={"firstName": "Z", "lastName": "Z", "employeeNumber": "GH-4711"})
    assert duplicate.status_code == 409 and "GH-4711" in duplicate.headers[MESSAGE]
    assert len(world.hris.employees()) == 2


def test_create_refuses_bad_bodies_without_a_500(api: Client) -> None:
    answers = {
        "not json": api.post("/employees", data=b"{firstName:", headers={"Content-Type": "application/json"}),
        "array": api.post("/employees", json=["firstName"]),
        "xml": api.post("/employees", data=b"<employee/>", headers={"Content-Type": "application/xml"}),
        "unknown field": api.post("/employees", json={"firstName": "A", "lastName": "B", "jobTitel": "x"}),
        "bad date": api.post("/employees", json={"firstName": "A", "lastName": "B", "hireDate": "03/02/2026"}),
        "float hours": api.post("/employees", json={"firstName": "A", "lastName": "B", "customHoursPerWeek": True}),
    }
    statuses = {name: r.status_code for name, r in answers.items()}
    assert statuses == {
        "not json": 400,
        "array": 400,
        "xml": 400,
        "unknown field": 400,
        "bad date": 409,
        "float hours": 409,
    }
    assert all(r.headers.get(MESSAGE) for r in answers.values())


def test_update_is_a_post_that_answers_200_empty(world: World, api: Client) -> None:
    ident = zoe(api)
    updated = api.post(f"/employees/{ident}", json={"preferredName": "Zo", "customHoursPerWeek": "20"})
    assert updated.status_code == 200 and updated.content == b""
    assert api.fields(ident, "preferredName", "customHoursPerWeek")["customHoursPerWeek"] == "20"
    assert api.post("/employees/424242", json={"city": "Cork"}).status_code == 404
    assert api.post(f"/employees/{ident}", json={}).status_code == 400
    refused = api.post(f"/employees/{ident}", json={"status": "Gone"})
    assert refused.status_code == 409 and "Active" in refused.headers[MESSAGE]


# -- the paged list ------------------------------------------------------------------
def staff(api: Client, count: int) -> list[int]:
    return [api.create_employee(firstName=f"P{i}", lastName=f"Person{i}", employeeNumber=f"N{i}") for i in range(count)]


def test_cursor_paging_walks_forward_and_back(world: World, api: Client) -> None:
    ids = [world.hris.api_user_id, *staff(api, 4)]
    first = api.oauth_get("/employees", params={"page[limit]": 2}).json()
    assert first["meta"] == {
        "total": 5,
        "page": {"limit": 2, "nextCursor": first["meta"]["page"]["nextCursor"], "prevCursor": None},
    }
    seen, page = [], first
    while True:
        seen += [int(row["employeeId"]) for row in page["data"]]
        if "next" not in page["_links"]:
            break
        page = api.oauth_get(page["_links"]["next"]["href"]).json()
    assert seen == ids and page["meta"]["page"]["nextCursor"] is None
    back = api.oauth_get(
        "/employees", params={"page[limit]": 2, "page[before]": page["meta"]["page"]["prevCursor"]}
    ).json()
    assert [int(row["employeeId"]) for row in back["data"]] == ids[2:4]
    assert first["data"][0] == {
        "employeeId": str(ids[0]),
        "firstName": "Harness",
        "lastName": "Admin",
        "preferredName": None,
        "photoUrl": None,
        "jobTitleName": "HR Manager",
        "status": "Active",
        "_restrictedFields": [],
    }


def test_bad_cursors_are_bad_pages(world: World, api: Client) -> None:
    ids = staff(api, 3)
    page = api.oauth_get("/employees", params={"page[limit]": 2}).json()
    forward = page["meta"]["page"]["nextCursor"]
    garbage = api.oauth_get("/employees", params={"page[after]": "not-a-cursor"})
    wrong_way = api.oauth_get("/employees", params={"page[before]": forward})
    world.hris.delete_employee(ids[0])  # the boundary of `forward`
    gone = api.oauth_get("/employees", params={"page[after]": forward})
    forged = base64.b64encode(json.dumps({"cursor": "after-1"}).encode()).decode()
    for answer in (garbage, wrong_way, gone, api.oauth_get("/employees", params={"page[after]": forged})):
        assert answer.status_code == 400 and answer.json()["error"]["code"] == "BadPage", answer.text
    bad_limit = api.oauth_get("/employees", params={"page[limit]": "0"})
    bad_sort = api.oauth_get("/employees", params={"sort": "salary"})
    assert bad_limit.json()["error"]["code"] == bad_sort.json()["error"]["code"] == "BadRequest"


def test_list_filters_sorts_and_adds_fields(world: World, api: Client) -> None:
    a = api.create_employee(firstName="Ann", lastName="Zed", jobTitle="Engineer", workEmail="ann@example.com")
    b = api.create_employee(firstName="Bob", lastName="Young", jobTitle="Senior Engineer", department="Eng")
    world.hris.terminate(b, "2026-03-01")
    by_title = api.oauth_get("/employees", params={"filter[jobTitleName]": "ENGINEER", "sort": "-lastName"}).json()
    assert [int(r["employeeId"]) for r in by_title["data"]] == [a, b]
    inactive = api.oauth_get("/employees", params={"filter[status]": "inactive"}).json()
    assert [r["employeeId"] for r in inactive["data"]] == [str(b)]
    chosen = api.oauth_get(
        "/employees",
        params=[
            ("filter[ids][]", a),
            ("filter[ids][]", b),
            ("sort", "lastName"),
            ("fields", "workEmail,departmentName,departmentId,nonsense"),
        ],
    ).json()
    assert [r["employeeId"] for r in chosen["data"]] == [str(b), str(a)]
    assert chosen["data"][1]["workEmail"] == "ann@example.com" and "nonsense" not in chosen["data"][1]
    assert chosen["data"][0]["departmentName"] == "Eng"
    assert chosen["data"][0]["departmentId"] == str(world.hris.option_id("department", "Eng"))
    assert api.oauth_get("/employees", params={"filter[ids]": f"{a},{b}"}).json()["meta"]["total"] == 2
    assert api.oauth_get("/employees", params={"filter[salary]": "1"}).json()["error"]["code"] == "BadRequest"


def test_directory_lists_active_current_employees(world: World, api: Client) -> None:
    active = zoe(api)
    future = api.create_employee(firstName="Fu", lastName="Ture", hireDate="2026-06-01")
    gone = api.create_employee(firstName="Ex", lastName="Employee")
    world.hris.terminate(gone, "2026-03-01")
    listed = api.get("/employees/directory").json()
    ids = [int(e["id"]) for e in listed["employees"]]
    assert ids == [world.hris.api_user_id, active]
    assert {f["id"] for f in listed["fields"]} >= {"displayName", "jobTitle", "workEmail", "department"}
    assert listed["employees"][1]["displayName"] == "Zoë O'Brien-Nuñez"
    everyone = api.get("/employees/directory", params={"onlyCurrent": "false"}).json()
    assert future in [int(e["id"]) for e in everyone["employees"]]


# -- changes and meta ------------------------------------------------------------------
def test_changed_since_reports_each_employee_once(world: World, api: Client) -> None:
    before = "2026-03-02T08:00:00Z"
    first = zoe(api)
    world.hub.clock.advance(3600)
    second = api.create_employee(firstName="Al", lastName="Bee")
    api.post(f"/employees/{first}", json={"city": "Cork"})
    changed = api.get("/employees/changed", params={"since": before}).json()
    assert changed == {
        "latest": "2026-03-02T10:00:00+00:00",
        "employees": {
            str(first): {"id": str(first), "action": "Inserted", "lastChanged": "2026-03-02T10:00:00+00:00"},
            str(second): {"id": str(second), "action": "Inserted", "lastChanged": "2026-03-02T10:00:00+00:00"},
        },
    }
    later = api.get("/employees/changed", params={"since": "2026-03-02T09:30:00+00:00", "type": "updated"}).json()
    assert list(later["employees"]) == [str(first)]
    assert api.get("/employees/changed").status_code == 400
    assert api.get("/employees/changed", params={"since": "yesterday"}).status_code == 400
    assert api.get("/employees/changed", params={"since": before, "type": "renamed"}).status_code == 400


def test_meta_describes_fields_tables_and_lists(api: Client) -> None:
    fields = {f.get("alias"): f for f in api.get("/meta/fields").json()}
    assert fields["customHoursPerWeek"]["id"] == 4001 and fields["payRate"]["type"] == "currency"
    tables = {t["alias"]: [c["alias"] for c in t["fields"]] for t in api.get("/meta/tables").json()}
    assert tables["compensation"][:3] == ["startDate", "rate", "type"] and "jobTitle" in tables["jobInfo"]
    lists = {entry["alias"]: entry for entry in api.get("/meta/lists").json()}
    assert "Full-Time" in [o["name"] for o in lists["employmentHistoryStatus"]["options"]]
    assert lists["employmentHistoryStatus"]["manageable"] == "no" and lists["department"]["manageable"] == "yes"


def test_unknown_paths_and_methods_answer_like_bamboohr(api: Client) -> None:
    missing = api.get("/nothing/here")
    wrong_method = api.request("PATCH", "/employees/0", json={})
    assert missing.status_code == 404 and missing.headers[MESSAGE]
    assert wrong_method.status_code == 405 and "POST" in wrong_method.headers[MESSAGE]
