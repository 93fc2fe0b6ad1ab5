"""Store snapshots are deep copies; diff names each added, removed and changed field."""

from __future__ import annotations

from fakes.kit.store import Change, Store, diff


def test_a_snapshot_does_not_move_when_the_store_does() -> None:
    store = Store()
    store.table("candidates")[1] = {"id": 1, "name": "Ada", "tags": ["a"], "address": {"city": "Leeds"}}
    before = store.snapshot()
    record = store.table("candidates")[1]
    record["tags"].append("b")
    record["address"]["city"] = "York"
    assert before["candidates"][1]["tags"] == ["a"]
    assert before["candidates"][1]["address"] == {"city": "Leeds"}


def test_diff_names_added_removed_and_changed_nested_fields() -> None:
    store = Store()
    table = store.table("employees")
    table[1] = {"id": 1, "status": "Active", "job": {"title": "Engineer", "salary": "100"}}
    table[2] = {"id": 2, "status": "Active"}
    before = store.snapshot()
    table[1]["job"]["salary"] = "120"
    table[1]["status"] = "Inactive"
    del table[2]
    table[3] = {"id": 3}
    store.table("rows")[7] = {"id": 7}
    changes = diff(before, store.snapshot())
    assert sorted(map(str, changes)) == sorted(map(str, [
        Change("employees", 1, "changed", "status", "Active", "Inactive"),
        Change("employees", 1, "changed", "job.salary", "100", "120"),
        Change("employees", 2, "removed", before={"id": 2, "status": "Active"}),
        Change("employees", 3, "added", after={"id": 3}),
        Change("rows", 7, "added", after={"id": 7}),
    ]))
    removed = next(c for c in changes if c.kind == "removed")
    assert removed.as_dict()["before"] == {"id": 2, "status": "Active"}
    salary = Change("employees", 1, "changed", "job.salary", "100", "120")
    assert str(salary) == "employees[1].job.salary: '100' -> '120'"


def test_no_change_no_diff() -> None:
    store = Store()
    store.table("t")["k"] = {"a": [1, {"b": 2}]}
    assert diff(store.snapshot(), store.snapshot()) == []


def test_where_and_first() -> None:
    table = Store().table("apps")
    table[1] = {"id": 1, "job": 5, "status": "active"}
    table[2] = {"id": 2, "job": 5, "status": "rejected"}
    assert [r["id"] for r in table.where(job=5)] == [1, 2]
    assert table.first(status="rejected") == table[2]
    assert table.first(status="hired") is None
