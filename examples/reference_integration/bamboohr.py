"""BambooHR client (gateway form, HTTP Basic: API key as user name, "x" as password).

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
        self.session.auth = (settings.bamboohr_api_key, "x")

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
