"""How long a settle waits for a journey to go quiet comes from the profile's promise, and a settle that
gives up says so in the journey's facts instead of judging on silently."""

from __future__ import annotations

import itertools
from datetime import timedelta
from types import SimpleNamespace

import pytest

from harness.engine.journey import QUIET_WITHIN_S, Journey, quiet_within
from harness.results import JourneyResult


@pytest.mark.parametrize(
    ("promise", "wait"),
    [
        (None, QUIET_WITHIN_S),
        (timedelta(seconds=3), 12.0),
        (timedelta(milliseconds=100), 2.0),
        (timedelta(hours=1), 30.0),
    ],
)
def test_the_wait_for_quiet_is_four_times_the_promised_reaction_between_2_and_30_s(promise, wait):
    profile = SimpleNamespace(sut=SimpleNamespace(reacts_within=promise))
    assert quiet_within(profile) == wait
    assert quiet_within(None) == QUIET_WITHIN_S


class _BusyJournal:
    """An SUT that never stops asking about the candidate: every look finds a fresh request naming them."""

    def __init__(self, email: str) -> None:
        self.email, self._seq = email, itertools.count(1)
        self.last_seq = 0

    def tail(self, seq: int):
        n = next(self._seq)
        return [SimpleNamespace(seq=n, path=f"/v1/candidates?email={self.email}", query="", body=b"")]


def test_a_journey_that_never_goes_quiet_is_judged_after_the_promised_wait_and_says_so():
    email = "ada@example.test"
    hub = SimpleNamespace(journal=_BusyJournal(email), dispatcher=SimpleNamespace(active_deliveries=lambda: []))
    journey = Journey.__new__(Journey)
    journey.world = SimpleNamespace(hub=hub, systems=())
    journey.candidate = {"email": email}
    journey.ids = {}
    journey.pace = None
    journey.waiting_s = 0.0
    journey.result = JourneyResult("s", "s-1", "communication")
    journey.profile = SimpleNamespace(sut=SimpleNamespace(reacts_within=timedelta(milliseconds=100)))
    assert journey.settle(0.25) is False
    assert 2.0 <= journey.waiting_s < 4.0
    (said,) = journey.result.facts["never_quiet"]
    assert said.startswith("waited 2 s for 250 ms without a webhook about this journey in flight")
