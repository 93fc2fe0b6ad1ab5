"""Layer 6: reversing what the integration did for one application.

Voids the offer envelope unless it is already completed (a signed letter
cannot be unsigned), reverses the HRIS record this integration created
(rows deleted, employee Inactive) and cancels any active interview booking.
Each part reports what it did, so an operator sees exactly what changed.
"""

from __future__ import annotations

from typing import Any

from ..core import Core
from ..http import VendorError
from ..state import Journey

VOID_REASON = "Withdrawn by the recruiting integration (rollback)"


class Rollback(Core):
    def rollback(self, application_id: str) -> dict[str, Any]:
        journey = self.journey(application_id)
        with self.state.lock(application_id):
            result: dict[str, Any] = {"application_id": application_id}
            for part, undo in (
                ("envelope", self.rollback_envelope),
                ("hris", self.rollback_hris),
                ("booking", self.rollback_booking),
            ):
                try:
                    result[part] = undo(journey)
                except VendorError as exc:
                    result[part] = {"action": "failed", "error": str(exc)}
            return result

    def rollback_envelope(self, journey: Journey) -> list[dict[str, Any]]:
        done = []
        for envelope in journey.envelopes.values():
            if envelope.status in ("completed", "voided", "declined"):
                done.append({"envelope_id": envelope.envelope_id, "action": "left", "status": envelope.status})
                continue
            status = self.esign.envelope(envelope.envelope_id).get("status") or envelope.status
            if status in ("completed", "voided", "declined"):
                envelope.status = status
                done.append({"envelope_id": envelope.envelope_id, "action": "left", "status": status})
                continue
            self.esign.void(envelope.envelope_id, VOID_REASON)
            envelope.status = "voided"
            self.record_offer(journey.application_id, envelope.envelope_id, "voided")
            entry = {"envelope_id": envelope.envelope_id, "action": "voided"}
            try:
                self.greenhouse.set_signature_status(journey.application_id, "voided")
            except VendorError as exc:
                entry["signature_status"] = f"not written back: {exc}"
            done.append(entry)
        return done

    def rollback_hris(self, journey: Journey) -> dict[str, Any]:
        return self.undo_hris(journey)

    def rollback_booking(self, journey: Journey) -> list[dict[str, Any]]:
        done = []
        for booking in journey.bookings.values():
            if booking.status != "active":
                continue
            event_uuid = booking.event_uri.rstrip("/").rsplit("/", 1)[-1]
            self.calendly.cancel_event(event_uuid, VOID_REASON)
            booking.status = "canceled"
            done.append({"event": booking.event_uri, "action": "canceled"})
        return done
