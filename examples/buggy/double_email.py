"""Sends the stage advancement email on every stage change, not only on the move to Offer."""

from examples.reference_integration import Integration
from examples.reference_integration.state import Journey


class Variant(Integration):
    def touchpoints_for_move(self, journey: Journey, previous: str | None, stage: str) -> list[tuple[str, str]]:
        earned = super().touchpoints_for_move(journey, previous, stage)
        if previous != stage and ("stage_advancement", stage) not in earned:
            earned.append(("stage_advancement", stage))
        return earned
