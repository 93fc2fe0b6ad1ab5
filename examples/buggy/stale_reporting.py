"""Records stage changes in reporting only when the application is hired (a nightly-batch mindset).

Pipeline reports miss every application still in flight, and the rows that
do arrive carry a received_at far from their changed_at.
"""

from datetime import datetime
from typing import Any

from examples.reference_integration import Integration


class Variant(Integration):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pending: dict[str, list[tuple[str, datetime]]] = {}

    def record_stage_change(self, app_id: str, stage: str, changed_at: datetime) -> None:
        self.pending.setdefault(app_id, []).append((stage, changed_at))

    def record_hire(self, app_id: str, job_id: str | None, hired_at: datetime) -> None:
        for stage, changed_at in self.pending.pop(app_id, []):
            super().record_stage_change(app_id, stage, changed_at)
        super().record_hire(app_id, job_id, hired_at)
