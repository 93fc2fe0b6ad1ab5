"""Carries on after a failed BambooHR write: no halt, no rollback, no alert, a half-written employee."""

import logging
from collections.abc import Callable

from examples.reference_integration import Integration
from examples.reference_integration.http import VendorError

log = logging.getLogger("reference_integration")


class Variant(Integration):
    def hris_step(self, name: str, step: Callable[[], None]) -> None:
        try:
            step()
        except VendorError as exc:
            log.info("skipping %s: %s", name, exc)
