"""Retries every failed BambooHR write without bound and never alerts.

Against an HRIS that stays down the hire sync never ends; against one that
comes back it quietly succeeds late, with nobody told it was stuck.
"""

from examples.reference_integration import Integration
from examples.reference_integration.http import RetryPolicy


class Variant(Integration):
    def hris_retry_policy(self) -> RetryPolicy:
        return RetryPolicy(attempts=None, retry_any_failure=True)
