"""Greenhouse Harvest v3 client (OAuth2 client credentials, Bearer token).

v1 and v2 were shut down on 2026-08-31. v3 keeps many v1 resource paths
under ``/v3`` but not all; this client calls the v3 routes of Greenhouse's
migration guides (harvestdocs.greenhouse.io/docs/write-endpoint-migration-guide,
/docs/step-by-step-migration-instructions):

- an application's offers: ``GET /v3/offers?application_ids=<id>`` (v1's
  ``.../offers/current_offer`` is gone); the current offer is the newest
  version not ``deprecated``;
- an offer's custom fields: ``PATCH /v3/offers/<offer id>``;
- a note: ``POST /v3/notes`` naming the application (v1's
  ``/candidates/{id}/activity_feed/notes`` is gone);
- a job's stages: ``GET /v3/job_interview_stages?job_ids=<id>``, the name v3
  clients use (Greenhouse's v3 reference is not public here: unverified).

The token is asked for with HTTP Basic ``client_id:client_secret`` and
``sub`` = the Greenhouse user the integration acts as, renewed a minute
before it expires and once on any 401.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from .http import VendorClient, VendorError, body_json
from .settings import FIELD_SIGNATURE_STATUS, Settings


class Greenhouse(VendorClient):
    vendor = "greenhouse"

    def __init__(self, settings: Settings, now: Callable[[], datetime], **kwargs: Any) -> None:
        super().__init__(settings.greenhouse_base_url, **kwargs)
        self.settings = settings
        self.now = now
        self._auth = VendorClient(settings.greenhouse_auth_url, **kwargs)
        self._auth.vendor = "greenhouse-auth"
        self._token: str | None = None
        self._expires_at: datetime | None = None
        self._lock = threading.Lock()

    # -- auth -------------------------------------------------------------
    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token()}"}

    def token(self) -> str:
        with self._lock:
            if self._token is None or self._expires_at is None or self.now() >= self._expires_at:
                self._token, self._expires_at = self._fetch_token()
            return self._token

    def _fetch_token(self) -> tuple[str, datetime]:
        s = self.settings
        answer = body_json(
            self._auth.request(
                "POST",
                "/token",
                auth=(s.greenhouse_client_id, s.greenhouse_client_secret),
                data={"grant_type": "client_credentials", "sub": s.greenhouse_user_id},
            )
        )
        if not isinstance(answer, dict) or not answer.get("access_token"):
            raise VendorError(self._auth.vendor, "POST", self._auth.url("/token"), 200, "no access_token in answer")
        lifetime = int(answer.get("expires_in") or 3600)
        return str(answer["access_token"]), self.now() + timedelta(seconds=max(lifetime - 60, 0))

    def refresh_credentials(self) -> bool:
        with self._lock:
            self._token = None
        return True

    def error_message(self, response: Any) -> str:
        try:
            body = body_json(response)
        except ValueError:
            return response.text[:300]
        if isinstance(body, dict):
            errors = "; ".join(f"{e.get('field')}: {e.get('message')}" for e in body.get("errors") or [])
            return " ".join(filter(None, [str(body.get("message") or ""), errors])) or response.text[:300]
        return response.text[:300]

    def _write_headers(self) -> dict[str, str]:
        return {"On-Behalf-Of": self.settings.greenhouse_user_id}

    # -- resources --------------------------------------------------------
    def application(self, application_id: str) -> dict[str, Any]:
        return self.get_json(f"/v3/applications/{application_id}")

    def candidate(self, candidate_id: str) -> dict[str, Any]:
        return self.get_json(f"/v3/candidates/{candidate_id}")

    def job(self, job_id: str) -> dict[str, Any]:
        return self.get_json(f"/v3/jobs/{job_id}")

    def job_stages(self, job_id: str) -> Any:
        return self.get_json("/v3/job_interview_stages", params={"job_ids": str(job_id)})

    def user(self, user_id: str) -> dict[str, Any]:
        return self.get_json(f"/v3/users/{user_id}")

    def offers(self, application_id: str) -> list[dict[str, Any]]:
        answer = self.get_json("/v3/offers", params={"application_ids": str(application_id)})
        return [o for o in answer if isinstance(o, dict)] if isinstance(answer, list) else []

    def current_offer(self, application_id: str) -> dict[str, Any]:
        """The application's current offer: its newest version that is not deprecated."""
        live = [o for o in self.offers(application_id) if o.get("status") != "deprecated"]
        if not live:
            raise VendorError(self.vendor, "GET", self.url("/v3/offers"), 404,
                              f"application {application_id} has no current offer")
        return max(live, key=lambda o: int(o.get("version") or 0))

    def set_signature_status(self, application_id: str, status: str) -> None:
        offer = self.current_offer(application_id)
        self.request(
            "PATCH",
            f"/v3/offers/{offer['id']}",
            headers=self._write_headers(),
            json={"custom_fields": [{"name_key": FIELD_SIGNATURE_STATUS, "value": status}]},
        )

    def add_note(self, application_id: str, body: str) -> None:
        user = self.settings.greenhouse_user_id
        self.request(
            "POST",
            "/v3/notes",
            headers=self._write_headers(),
            json={"application_id": int(application_id) if str(application_id).isdigit() else application_id,
                  "user_id": int(user) if user.isdigit() else user, "body": body, "visibility": "admin_only",
                  "note_type": "NOTE"},
        )
