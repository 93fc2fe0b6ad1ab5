"""The journal keeps the newest entries up to its bound, counts what it dropped, and tails cheaply."""

from __future__ import annotations

from fakes.kit.journal import BODY_CAP, Journal


def _record(journal: Journal, n: int, fake: str = "greenhouse", operation: str = "get_candidate") -> int:
    return journal.record(
        fake, "default", 1000.0 + n, "GET", f"/v1/candidates/{n}", "", (("accept", "application/json"),),
        b"", 200, (("content-type", "application/json"),), b'{"id": %d}' % n, 1.5, operation,
    )


def test_the_bound_keeps_the_newest_and_counts_the_dropped() -> None:
    journal = Journal(limit=3)
    seqs = [_record(journal, n) for n in range(5)]
    assert seqs == [1, 2, 3, 4, 5] and journal.last_seq == 5
    assert len(journal) == 3 and journal.dropped == 2
    assert [e.seq for e in journal.entries()] == [3, 4, 5]


def test_tail_gives_only_what_came_after() -> None:
    journal = Journal(limit=100)
    for n in range(10):
        _record(journal, n)
    assert [e.seq for e in journal.tail(7)] == [8, 9, 10]
    assert journal.tail(10) == []
    assert [e.path for e in journal.entries(since=8)] == ["/v1/candidates/8", "/v1/candidates/9"]


def test_tail_past_the_bound_gives_what_is_kept() -> None:
    journal = Journal(limit=4)
    for n in range(10):
        _record(journal, n)
    assert [e.seq for e in journal.tail(0)] == [7, 8, 9, 10]


def test_filters_and_entry_views() -> None:
    journal = Journal()
    _record(journal, 1)
    _record(journal, 2, fake="bamboohr", operation="get_employee")
    [entry] = list(journal.entries(fake="bamboohr"))
    assert entry.operation == "get_employee" and entry.header("Accept") == "application/json"
    assert entry.response_json() == {"id": 2}
    assert [e.seq for e in journal.entries(operation="get_candidate")] == [1]
    assert entry.as_dict(bodies=False)["response_body"] == len(b'{"id": 2}')


def test_bodies_are_capped_and_clear_empties() -> None:
    notified: list[int] = []
    journal = Journal(notify=lambda: notified.append(1))
    journal.record("docusign", "default", 0.0, "POST", "/x", "", (), b"x" * (BODY_CAP + 10), 201, (), b"", 0.1, "op")
    [entry] = list(journal.entries())
    assert len(entry.body) == BODY_CAP and notified == [1]
    journal.clear()
    assert len(journal) == 0 and list(journal.entries()) == []
