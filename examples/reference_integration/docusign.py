"""DocuSign eSignature REST v2.1 client (Bearer access token)."""

from __future__ import annotations

from typing import Any

from .http import VendorClient, VendorError, body_json
from .settings import Settings


class DocuSign(VendorClient):
    vendor = "docusign"

    def __init__(self, settings: Settings, **kwargs: Any) -> None:
        base = f"{settings.docusign_base_url}/restapi/v2.1/accounts/{settings.docusign_account_id}"
        super().__init__(base, **kwargs)
        self.token = settings.docusign_access_token

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def error_message(self, response: Any) -> str:
        try:
            body = body_json(response)
        except ValueError:
            body = None
        if isinstance(body, dict) and body.get("errorCode"):
            return f"{body['errorCode']}: {body.get('message', '')}"
        return response.text[:300]

    def find_template(self, name: str) -> str:
        body = self.get_json("/templates", params={"search_text": name}) or {}
        for template in body.get("envelopeTemplates") or []:
            if template.get("name") == name:
                return str(template["templateId"])
        raise VendorError(self.vendor, "GET", self.url("/templates"), 200, f"no template named {name!r}")

    def create_envelope(self, definition: dict[str, Any]) -> dict[str, Any]:
        return body_json(self.request("POST", "/envelopes", json=definition)) or {}

    def envelope(self, envelope_id: str) -> dict[str, Any]:
        return self.get_json(f"/envelopes/{envelope_id}") or {}

    def void(self, envelope_id: str, reason: str) -> None:
        self.request("PUT", f"/envelopes/{envelope_id}", json={"status": "voided", "voidedReason": reason})
