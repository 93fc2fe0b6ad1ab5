"""Re-syncs compensation from Greenhouse when the candidate record changes after hire, overwriting HR.

Greenhouse sends ``update_candidate`` for any edit of the person (a new phone
number, a title); by then BambooHR owns the employee, and HR's raise is lost.
"""

from collections.abc import Mapping
from typing import Any

from examples.buggy.hris_overwrite_after_hire import resync_compensation
from examples.reference_integration import Integration
from examples.reference_integration.integration import parse


class Variant(Integration):
    def handle_greenhouse(self, body: bytes, headers: Mapping[str, str]) -> dict[str, Any]:
        out = super().handle_greenhouse(body, headers)
        message = parse(body)
        if message.get("action") != "update_candidate":
            return out
        candidate_id = str(((message.get("payload") or {}).get("candidate") or {}).get("id"))
        for journey in list(self.state.journeys.values()):
            if str(journey.candidate_id) == candidate_id:
                resync_compensation(self, journey)
        return out
