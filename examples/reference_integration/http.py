"""What every vendor client shares: one session, bounded retries, vendor errors.

Outbound calls go through ``requests`` so a harness can route them in-process
with the ``responses`` library. A call is retried only when the vendor says
"later" (429, 5xx) and at most ``RetryPolicy.attempts`` times, honouring
``Retry-After`` up to a cap: a stuck vendor must end in an alert, not in a
request thread that never returns.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import requests

from . import jsonio


class VendorError(Exception):
    """A vendor call that failed for good (``status`` None: no HTTP answer)."""

    def __init__(self, vendor: str, method: str, url: str, status: int | None, message: str) -> None:
        self.vendor, self.method, self.url, self.status, self.message = vendor, method, url, status, message
        super().__init__(str(self))

    def __str__(self) -> str:
        got = f"HTTP {self.status}" if self.status is not None else "no response"
        return f"{self.vendor} {self.method} {self.url} failed ({got}): {self.message}"

    @property
    def server_side(self) -> bool:
        return self.status is not None and self.status >= 500


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int | None = 3  # None: without bound
    retry_any_failure: bool = False  # also 4xx and transport errors
    base_delay: float = 0.2


DEFAULT_RETRY = RetryPolicy()


class VendorClient:
    vendor = "vendor"

    def __init__(
        self, base_url: str, *, timeout: float, retry_after_cap: float, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retry_after_cap = retry_after_cap
        self.sleep = sleep
        self.session = requests.Session()

    # -- per-vendor hooks -------------------------------------------------
    def auth_headers(self) -> dict[str, str]:
        return {}

    def refresh_credentials(self) -> bool:
        """Called once on a 401; True if a retry with new credentials makes sense."""
        return False

    def error_message(self, response: requests.Response) -> str:
        return response.text[:300]

    # -- the call ---------------------------------------------------------
    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else f"{self.base_url}{path}"

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        retry: RetryPolicy = DEFAULT_RETRY,
        **kwargs: Any,
    ) -> requests.Response:
        url = self.url(path)
        headers = {"Accept": "application/json", **kwargs.pop("headers", {})}
        data = kwargs.pop("data", None)
        if json is not None:
            data = jsonio.dumps(json).encode("utf-8")
            headers["Content-Type"] = "application/json"
        attempt, refreshed = 0, False
        while True:
            attempt += 1
            more = retry.attempts is None or attempt < retry.attempts
            try:
                response = self.session.request(
                    method,
                    url,
                    params=params,
                    data=data,
                    timeout=self.timeout,
                    headers={**headers, **self.auth_headers()},
                    **kwargs,
                )
            except requests.RequestException as exc:
                if retry.retry_any_failure and more:
                    self.sleep(self._backoff(None, attempt, retry))
                    continue
                raise VendorError(self.vendor, method, url, None, str(exc)) from exc
            if response.ok:
                return response
            if response.status_code == 401 and not refreshed and self.refresh_credentials():
                refreshed = True
                continue
            status = response.status_code
            if more and (status == 429 or status >= 500 or retry.retry_any_failure):
                self.sleep(self._backoff(response, attempt, retry))
                continue
            raise VendorError(self.vendor, method, url, status, self.error_message(response))

    def _backoff(self, response: requests.Response | None, attempt: int, retry: RetryPolicy) -> float:
        header = response.headers.get("Retry-After") if response is not None else None
        try:
            wait = float(header) if header is not None else retry.base_delay * 2 ** (attempt - 1)
        except ValueError:  # an HTTP-date: do not trust our clock against theirs
            wait = self.retry_after_cap
        return max(0.0, min(wait, self.retry_after_cap))

    def get_json(self, path: str, **kwargs: Any) -> Any:
        return body_json(self.request("GET", path, **kwargs))


def body_json(response: requests.Response) -> Any:
    return jsonio.loads(response.content) if response.content.strip() else None
