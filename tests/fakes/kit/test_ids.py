"""Seeded ids: one seed, one sequence per namespace, whatever else drew ids in between."""

from __future__ import annotations

import uuid

from fakes.kit.ids import IdSource


def _draw(ids: IdSource) -> list[object]:
    return [ids.integer("greenhouse.candidate"), ids.guid("docusign.envelope"), ids.token("calendly.event", 16),
            ids.hex("bamboohr.key", 8), ids.integer("greenhouse.candidate")]


def test_the_same_seed_gives_the_same_ids() -> None:
    assert _draw(IdSource(7)) == _draw(IdSource(7))


def test_another_seed_gives_other_ids() -> None:
    assert _draw(IdSource(7)) != _draw(IdSource(8))


def test_a_namespace_does_not_depend_on_the_others() -> None:
    alone = IdSource(3)
    first = [alone.integer("ats.application") for _ in range(3)]
    mixed = IdSource(3)
    interleaved = []
    for _ in range(3):
        mixed.guid("esign.envelope")
        mixed.token("scheduler.event")
        interleaved.append(mixed.integer("ats.application"))
    assert interleaved == first


def test_integers_are_sequential_and_reset_starts_again() -> None:
    ids = IdSource(1)
    a, b, c = (ids.integer("ns") for _ in range(3))
    assert (b - a, c - b) == (1, 1)
    ids.reset()
    assert ids.integer("ns") == a
    ids.reset(seed=2)
    assert ids.seed == 2 and ids.integer("ns") != a


def test_shapes() -> None:
    ids = IdSource(0)
    assert uuid.UUID(ids.guid("g")).version == 4
    token = ids.token("t", 12, alphabet="ab")
    assert len(token) == 12 and set(token) <= {"a", "b"}
    assert len(ids.hex("h", 4)) == 8
