"""Layer 1: candidate communication driven by Greenhouse stage changes.

A stage-change payload names only the stage the application is now in, so
the integration keeps each application's moves in time order and judges a
move against the stage before it. Re-ordered deliveries are placed where
they belong and both neighbouring moves are judged; the per-touchpoint key
keeps every email to one per application and occasion.
"""

from __future__ import annotations

from typing import Any

from ..clock import parse_instant
from ..core import Core
from ..state import Journey


class Communication(Core):
    def on_new_application(self, payload: dict[str, Any]) -> None:
        app = payload.get("application") or {}
        journey = self.remember_application(app)
        self.record_application(app)
        stage = (app.get("current_stage") or {}).get("name")
        applied = parse_instant(app.get("applied_at")) or self.now()
        if stage:
            journey.add_stage(applied, stage, self.state.arrival())
            self.record_stage_change(journey.application_id, stage, applied)
        job = ((app.get("jobs") or [{}])[0]).get("name") or "the role"
        self.send_touchpoint(
            journey, "application_confirmation", "applied", [f"Thank you for applying for {job}. We will be in touch."]
        )

    def on_stage_change(self, payload: dict[str, Any]) -> None:
        app = payload.get("application") or {}
        journey = self.remember_application(app)
        self.record_application(app)
        stage = (app.get("current_stage") or {}).get("name")
        if not stage:
            return
        changed_at = parse_instant(app.get("last_activity_at")) or self.now()
        self.record_stage_change(journey.application_id, stage, changed_at)
        before, after = journey.add_stage(changed_at, stage, self.state.arrival())
        moves = [(before, stage)] + ([(stage, after)] if after else [])
        for previous, current in moves:
            for touchpoint, occasion in self.touchpoints_for_move(journey, previous, current):
                self.deliver_touchpoint(journey, touchpoint, occasion)

    def on_reject(self, payload: dict[str, Any]) -> None:
        journey = self.remember_application(payload.get("application") or {})
        self.send_touchpoint(
            journey,
            "rejection",
            "rejected",
            ["Thank you for the time you gave us. We have decided not to move forward with your application."],
        )

    def touchpoints_for_move(self, journey: Journey, previous: str | None, stage: str) -> list[tuple[str, str]]:
        """(touchpoint, occasion) pairs a move from ``previous`` to ``stage`` earns.

        Only forward moves between known stages count; a backward or sideways
        move, or one to a stage outside the pipeline, sends nothing.
        """
        if previous == stage:
            return []
        here = self.stage_position(journey.job_id, stage)
        there = self.stage_position(journey.job_id, previous) if previous is not None else -1
        if here is None or there is None or here <= there:
            return []
        earned = []
        if previous in self.settings.interview_stages:
            earned.append(("post_interview_update", previous))
        if self.interview_event_type_name(stage):
            earned.append(("interview_invitation", stage))
        if stage == self.settings.offer_stage:
            earned.append(("stage_advancement", stage))
        return earned

    def deliver_touchpoint(self, journey: Journey, touchpoint: str, occasion: str) -> None:
        if touchpoint == "interview_invitation":
            self.invite_to_interview(journey, occasion)
        elif touchpoint == "post_interview_update":
            self.send_touchpoint(
                journey,
                touchpoint,
                occasion,
                [f"Thank you for your {occasion}. Your application is moving on to the next step."],
            )
        else:
            self.send_touchpoint(
                journey, touchpoint, occasion, [f"Good news: your application has moved to {occasion}."]
            )
