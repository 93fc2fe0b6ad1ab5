"""Raises no alert when BambooHR fails with a 5xx (it still stops and rolls back, silently)."""

import logging

from examples.reference_integration import Integration
from examples.reference_integration.http import VendorError

log = logging.getLogger("reference_integration")


class Variant(Integration):
    def alert_hris_failure(self, app_id: str, step: str, error: VendorError, undone: str) -> None:
        if error.server_side:
            log.info("BambooHR is having a moment (%s); it will sort itself out", error)
            return
        super().alert_hris_failure(app_id, step, error, undone)
