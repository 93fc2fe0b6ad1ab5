"""Dropbox Sign API v3 client (HTTP Basic: the API key as the user name).

The layers speak of envelopes (DocuSign's word, the integration's first
vendor); this client answers the same few questions for a Dropbox Sign
signature request: its status (``completed``, ``declined`` or ``sent``) and
cancelling it (``void``).
"""

from __future__ import annotations

import base64
from typing import Any

from .http import VendorClient, VendorError, body_json
from .settings import Settings


class DropboxSign(VendorClient):
    vendor = "dropbox_sign"

    def __init__(self, settings: Settings, **kwargs: Any) -> None:
        super().__init__(f"{settings.dropbox_sign_base_url}/v3", **kwargs)
        self.api_key = settings.dropbox_sign_api_key

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": "Basic " + base64.b64encode(f"{self.api_key}:".encode()).decode("ascii")}

    def error_message(self, response: Any) -> str:
        try:
            body = body_json(response)
        except ValueError:
            body = None
        error = body.get("error") if isinstance(body, dict) else None
        if isinstance(error, dict):
            return f"{error.get('error_name')}: {error.get('error_msg', '')}"
        return response.text[:300]

    def find_template(self, name: str) -> str:
        body = self.get_json("/template/list", params={"query": name}) or {}
        for template in body.get("templates") or []:
            if template.get("title") == name:
                return str(template["template_id"])
        raise VendorError(self.vendor, "GET", self.url("/template/list"), 200, f"no template titled {name!r}")

    def send_with_template(self, request: dict[str, Any]) -> dict[str, Any]:
        answer = body_json(self.request("POST", "/signature_request/send_with_template", json=request)) or {}
        return dict(answer.get("signature_request") or {})

    def envelope(self, request_id: str) -> dict[str, Any]:
        found = (self.get_json(f"/signature_request/{request_id}") or {}).get("signature_request") or {}
        status = "completed" if found.get("is_complete") else "declined" if found.get("is_declined") else "sent"
        return {**found, "status": status}

    def void(self, request_id: str, reason: str) -> None:
        """Cancel (Dropbox Sign keeps no reason; the integration's own record does)."""
        self.request("POST", f"/signature_request/cancel/{request_id}")
