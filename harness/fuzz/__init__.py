"""``ats-harness fuzz``: property-based journeys derived from the profile, shrunk to a scenario file.

:mod:`.strategies` derives Hypothesis strategies from the profile and the data
packs; :mod:`.session` keeps one world and one SUT for a run; :mod:`.driver`
plays each example, shrinks failures and writes them out; :mod:`.stateful`
is the rule-based state machine over world actions.
"""

from __future__ import annotations

from .driver import FuzzOptions, FuzzResult, fuzz

__all__ = ["FuzzOptions", "FuzzResult", "fuzz"]
