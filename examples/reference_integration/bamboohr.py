"""BambooHR client (gateway form). With OAuth settings every call carries a
Bearer token from the refresh-token grant at ``{oauth url}/token.php`` (the
employee list ``GET /v1/employees`` accepts nothing else); without them, HTTP
Basic: API key as user name, "x" as password.

BambooHR answers errors with an often empty body and the reason in the
``X-BambooHR-Message`` header; a new employee's id comes back only in the
``Location`` header of the 201.
"""

from __future__ import annotations

import re
from typing import Any

from .http import DEFAULT_RETRY, RetryPolicy, VendorClient, VendorError, body_json
from .settings import Settings

MAX_LIST_PAGES = 50


class BambooHR(VendorClient):
    vendor = "bamboohr"

    def __init__(self, settings: Settings, **kwargs: Any) -> None:
        base = f"{settings.bamboohr_base_url}/api/gateway.php/{settings.bamboohr_company_domain}/v1"
        super().__init__(base, **kwargs)
        self.settings = settings
        self.access_token = ""
        self.refresh_token = settings.bamboohr_oauth_refresh_token
        self.oauth = bool(settings.bamboohr_client_id and self.refresh_token)
        if not self.oauth:
            self.session.auth = (settings.bamboohr_api_key, "x")

    def auth_headers(self) -> dict[str, str]:
        if not self.oauth:
            return {}
        if not self.access_token:
            self.refresh_credentials()
        return {"Authorization": f"Bearer {self.access_token}"}

    def refresh_credentials(self) -> bool:
        """The refresh-token grant; BambooHR may rotate the refresh token, so the newest one is kept."""
        if not self.oauth:
            return False
        origin = self.settings.bamboohr_oauth_url or self.settings.bamboohr_base_url
        response = self.session.post(
            f"{origin}/token.php",
            params={"request": "token"},
            data={
                "grant_type": "refresh_token",
                "refresh_token": self.refresh_token,
                "client_id": self.settings.bamboohr_client_id,
                "client_secret": self.settings.bamboohr_client_secret,
            },
            headers={"Accept": "application/json"},
            timeout=self.timeout,
        )
        answer = body_json(response) if response.ok else None
        if not isinstance(answer, dict) or not answer.get("access_token"):
            raise VendorError(self.vendor, "POST", f"{origin}/token.php", response.status_code, response.text[:300])
        self.access_token = str(answer["access_token"])
        self.refresh_token = str(answer.get("refresh_token") or self.refresh_token)
        return True

    def error_message(self, response: Any) -> str:
        headers = response.headers
        return (
            headers.get("X-BambooHR-Message")
            or headers.get("x-bamboohr-error-message")
            or response.text[:300]
            or response.reason
            or ""
        )

    def subscribe(self, url: str, name: str) -> tuple[str, str]:
        """Register the employee.updated web hook; the private key is shown only now."""
        answer = body_json(
            self.request(
                "POST",
                "/webhooks",
                json={
                    "name": name,
                    "url": url,
                    "format": "json",
                    "events": ["employee.updated"],
                    "monitorFields": ["payRate", "jobTitle", "department"],
                },
            )
        )
        if not isinstance(answer, dict) or not answer.get("privateKey"):
            raise VendorError(self.vendor, "POST", self.url("/webhooks"), 201, "no privateKey in answer")
        return str(answer.get("id", "")), str(answer["privateKey"])

    # -- employees ----------------------------------------------------------
    def create_employee(self, fields: dict[str, Any], retry: RetryPolicy = DEFAULT_RETRY) -> str:
        response = self.request("POST", "/employees", json=fields, retry=retry)
        location = response.headers.get("Location", "")
        found = re.search(r"(?:[?&]id=|/employees/)(\d+)", location)
        if found:
            return found.group(1)
        body = body_json(response)
        if isinstance(body, dict) and body.get("id") is not None:
            return str(body["id"])
        raise VendorError(
            self.vendor,
            "POST",
            self.url("/employees"),
            response.status_code,
            f"no employee id in Location {location!r}",
        )

    def update_employee(self, employee_id: str, fields: dict[str, Any], retry: RetryPolicy = DEFAULT_RETRY) -> None:
        self.request("POST", f"/employees/{employee_id}", json=fields, retry=retry)

    def find_by_employee_number(self, number: str) -> str | None:
        """The employee carrying ``employeeNumber``.

        The employee list has no filter on it (ids, names, job title and
        status only), so the list is read with that one extra field and scanned.
        """
        params: dict[str, str] | None = {"fields": "employeeNumber"}
        path = "/employees"
        for _ in range(MAX_LIST_PAGES):
            page = self.get_json(path, params=params) or {}
            rows = page.get("data", []) if isinstance(page, dict) else page
            for row in rows:
                if str(row.get("employeeNumber") or "") == number:
                    return str(row.get("employeeId") or row.get("id"))
            next_href = ((page.get("_links") or {}).get("next") or {}).get("href") if isinstance(page, dict) else None
            if not next_href:
                return None
            path, params = next_href, None
        return None

    # -- tables (compensation, jobInfo, employmentStatus) -------------------------
    def rows(self, employee_id: str, table: str) -> list[dict[str, Any]]:
        body = self.get_json(f"/employees/{employee_id}/tables/{table}")
        return body if isinstance(body, list) else []

    def add_row(self, employee_id: str, table: str, row: dict[str, Any], retry: RetryPolicy = DEFAULT_RETRY) -> None:
        self.request("POST", f"/employees/{employee_id}/tables/{table}", json=row, retry=retry)

    def delete_row(self, employee_id: str, table: str, row_id: str) -> None:
        self.request("DELETE", f"/employees/{employee_id}/tables/{table}/{row_id}")
