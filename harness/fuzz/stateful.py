"""``fuzz --stateful``: a Hypothesis rule-based state machine over world actions.

Each rule is a person acting in the world (apply, move the application
forward or back, create/update/approve the offer, sign or decline, book,
reschedule or cancel the interview, hire, an HR edit, an ATS edit after
hire, a duplicated delivery, moving the clock); preconditions keep every
program one a person could carry out. The program becomes one scenario
whose steps are those actions, each followed by a settle, and the harness's
checks judge it when the program ends: they judge a journey as a whole
(what fired, what reached each system), so that is where they are
invariants. Hypothesis shrinks a failing program by dropping and
simplifying rules, and the driver writes the shortest one out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule, run_state_machine_as_test

from ..profile.model import Profile
from .strategies import WAIT, hr_edits, in_range, records, salaries


def interview_stages(profile: Profile) -> set[str]:
    """Stages whose entry sends a scheduling link (from the profile's triggers)."""
    return {
        t.when.to
        for t in profile.triggers
        if t.when.event == "stage_changed" and t.when.to and "scheduling_link" in t.effect
    }


def machine(profile: Profile, play: Callable[[dict[str, Any]], None]) -> type[RuleBasedStateMachine]:
    stages = list(profile.stages)
    interviews = interview_stages(profile)

    class Journey(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.steps: list[dict[str, Any]] = []
            self.record: dict[str, Any] = {}
            self.terms: dict[str, Any] = {}
            self.stage = 0
            self.offer = self.approved = self.signed = self.declined = self.hired = self.booked = False
            self.edited = False
            self.links_used: set[str] = set()

        def act(self, *steps: dict[str, Any]) -> None:
            self.steps += [*steps, dict(WAIT)]

        @initialize(record=records(profile))
        def apply(self, record: dict[str, Any]) -> None:
            self.record = record
            self.terms = dict(record)  # the offer's terms now (the record keeps what the offer started from)
            self.act({"apply": {}})

        @precondition(lambda self: not self.hired and self.stage + 1 < len(stages))
        @rule()
        def move_forward(self) -> None:
            self.stage += 1
            self.act({"move_stage": {"to": stages[self.stage]}})

        @precondition(lambda self: not self.hired and self.stage > 0)
        @rule()
        def move_back(self) -> None:
            self.stage -= 1
            self.act({"move_stage": {"to": stages[self.stage]}})

        # A scheduling link is single-use and sent once per stage (the profile's repeat policy): one booking a stage.
        @precondition(
            lambda self: (
                not self.hired
                and stages[self.stage] in interviews
                and stages[self.stage] not in self.links_used
                and not self.booked
            )
        )
        @rule()
        def book(self) -> None:
            self.booked = True
            self.links_used.add(stages[self.stage])
            self.act({"book": {"start": "+2d@10:00"}})

        @precondition(lambda self: self.booked and not self.hired)
        @rule(day=st.integers(3, 9))
        def reschedule(self, day: int) -> None:
            self.act({"reschedule": {"start": f"+{day}d@11:00"}})

        @precondition(lambda self: self.booked and not self.hired)
        @rule()
        def cancel(self) -> None:
            self.booked = False
            self.act({"cancel_booking": {}})

        @precondition(lambda self: not self.offer and not self.hired)
        @rule()
        def create_offer(self) -> None:
            self.offer = True
            self.act({"create_offer": {}})

        @precondition(lambda self: self.offer and not self.approved and not self.hired)
        @rule(data=st.data())
        def update_offer(self, data: Any) -> None:
            salary = data.draw(salaries(profile, self.record["pay_period"], self.record["currency"]))
            self.terms = {**self.terms, "salary": salary}
            self.act({"update_offer": {"salary": salary}})

        @precondition(lambda self: self.offer and not self.approved and not self.hired)
        @rule()
        def approve_offer(self) -> None:
            self.approved = True
            self.act({"approve_offer": {}}, {"expect": {"envelope": {"status": "sent"}, "within": "10s"}})

        @precondition(lambda self: self.approved and not (self.signed or self.declined) and not self.hired)
        @rule()
        def sign(self) -> None:
            self.signed = True
            self.act({"sign": {"by": "hiring_manager"}}, dict(WAIT), {"sign": {"by": "candidate"}})

        @precondition(lambda self: self.approved and not (self.signed or self.declined) and not self.hired)
        @rule()
        def decline(self) -> None:
            self.declined = True
            self.act({"sign": {"by": "hiring_manager"}}, dict(WAIT), {"decline": {"by": "candidate"}})

        @precondition(lambda self: self.offer and not self.declined and not self.hired)
        @rule()
        def hire(self) -> None:
            self.hired = True
            self.act({"hire": {}})
            if in_range(profile, self.terms):
                self.steps.append({"expect": {"employee": {"count": 1}, "within": "10s"}})

        @precondition(lambda self: self.hired and in_range(profile, self.terms))
        @rule(data=st.data())
        def hr_edit(self, data: Any) -> None:
            self.edited = True
            self.act({"hr_edit": {"fields": data.draw(hr_edits(profile, self.terms))}})

        @precondition(lambda self: self.hired)
        @rule(edit=st.sampled_from(("application", "candidate")))
        def ats_edit_after_hire(self, edit: str) -> None:
            if edit == "application":
                self.act({"update_application": {"fields": {"source": "Referral"}}})
            else:
                self.act({"update_candidate": {"fields": {"title": "Principal Designer"}}})

        @precondition(lambda self: self.hired)
        @rule()
        def duplicate_hire_delivery(self) -> None:
            self.act({"redeliver": {"event": "hire_candidate"}})

        @precondition(lambda self: len(self.steps) > 1)
        @rule(by=st.sampled_from(("1h", "1d", "3d")))
        def move_the_clock(self, by: str) -> None:
            self.booked = False  # the interview may be over now: a person no longer moves or cancels it
            self.act({"advance_clock": {"by": by}})

        def teardown(self) -> None:
            if not self.steps:
                return
            document: dict[str, Any] = {
                "scenario": 1,
                "name": "fuzz program",
                "layer": "end_to_end",
                "description": "A program of world actions generated by ats-harness fuzz --stateful.",
                "data": {"records": [self.record]},
                "steps": self.steps,
            }
            if self.edited:  # HR's values differ from the offer on purpose: sync rules judge them, fidelity cannot
                document["checks"] = ["trigger_accuracy", "communication", "sync_rules"]
            play(document)

    return Journey


def machine_test(
    profile: Profile, play: Callable[[dict[str, Any]], None], config: Any, seed: int | None, digest: bytes
) -> Callable[[], None]:
    cls = machine(profile, play)

    def factory() -> RuleBasedStateMachine:
        return cls()

    factory._hypothesis_internal_add_digest = digest  # type: ignore[attr-defined]  # its own database key
    if seed is not None:
        factory._hypothesis_internal_use_seed = seed  # type: ignore[attr-defined]  # what @seed sets

    def test() -> None:
        run_state_machine_as_test(factory, settings=config)

    return test
