"""Retries a rate-limited BambooHR call on its own short back-off, ignoring the Retry-After it was given.

Each retry lands before the vendor said it would take another request, so a
busy HRIS keeps answering 429 and the integration's key gets throttled for
every other job that shares it.
"""

from typing import Any

from examples.reference_integration import Integration
from examples.reference_integration.http import RetryPolicy


class Variant(Integration):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

        def own_backoff(response: Any, attempt: int, retry: RetryPolicy) -> float:
            return float(retry.base_delay * 2 ** (attempt - 1))  # Retry-After never read

        self.bamboohr._backoff = own_backoff  # type: ignore[method-assign]
