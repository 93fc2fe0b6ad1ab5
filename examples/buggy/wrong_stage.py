"""Schedules an interview when the candidate moves to Offer too, reusing the last interview's event type.

A stage list edited by hand once too often: Offer ended up among the
stages that earn a scheduling link.
"""

from examples.reference_integration import Integration


class Variant(Integration):
    def interview_event_type_name(self, stage: str) -> str | None:
        if stage == self.settings.offer_stage:
            return self.settings.interview_stages[-1]
        return super().interview_event_type_name(stage)
