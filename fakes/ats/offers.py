"""Offers: versions, a status lifecycle, and the journey's offer fields.

An application has at most one *current* offer: the newest version that is
not deprecated. Changing the terms makes a new version and deprecates the old
one (Greenhouse's rule); an in-place edit (the SUT writing back
``signature_status``) keeps the version. Hiring accepts the current offer.
"""

from __future__ import annotations

import copy
from typing import Any

from ..kit.model import ModelError, action
from . import fields as cf
from .org import OrgMixin, Record

# The offer lifecycle as data: operation -> (statuses it may start from, status it leaves).
OFFER_MOVES: dict[str, tuple[frozenset[str], str]] = {
    "approve": (frozenset({"unresolved"}), "unresolved"),
    "edit": (frozenset({"unresolved", "rejected"}), "keep"),
    "revise": (frozenset({"unresolved", "rejected"}), "deprecated"),
    "accept": (frozenset({"unresolved"}), "accepted"),
    "decline": (frozenset({"unresolved"}), "rejected"),
    "delete": (frozenset({"unresolved", "rejected"}), "deleted"),
}
# Terms a new version may change (besides the offer custom fields by key).
_TERMS = ("salary", "currency", "pay_period", "employment_type", "hours_per_week", "start_date", "sent_at", "notes",
          "signature_status", "custom_fields")


class OffersMixin(OrgMixin):
    """Offer actions of ``AtsModel``."""

    # -- lookups -----------------------------------------------------------
    def current_offer_record(self, application_id: Any) -> Record | None:
        offers = [o for o in self.store.table("offers").values() if o["application_id"] == application_id]
        live = [o for o in offers if o["status"] != "deprecated"]
        return max(live, key=lambda o: o["version"]) if live else None

    def offers_of(self, application_id: Any) -> list[Record]:
        return sorted(
            (o for o in self.store.table("offers").values() if o["application_id"] == application_id),
            key=lambda o: o["version"],
        )

    def _current(self, application_id: Any) -> tuple[Record, Record]:
        app = self._application(application_id)
        offer = self.current_offer_record(app["id"])
        if offer is None:
            raise ModelError(f"application {app['id']} has no current offer", kind="not_found", field="offer")
        return app, offer

    def _offer_transition(self, offer: Record, operation: str) -> None:
        allowed, after = OFFER_MOVES[operation]
        if offer["status"] not in allowed:
            raise ModelError(
                f"offer {offer['id']} is {offer['status']}; {operation} needs it {' or '.join(sorted(allowed))}",
                kind="conflict",
                field="offer",
            )
        if after != "keep":
            offer["status"] = after

    def _terms(self, base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
        """New offer custom fields: ``base`` with ``changes`` applied and each value checked."""
        values = copy.deepcopy(base)
        keys = self.offer_field_keys()  # concept -> this tenant's key
        salary = values.get(keys["salary"]) or {}
        if "salary" in changes or "currency" in changes:
            amount = changes.get("salary", salary.get("amount"))
            unit = changes.get("currency", salary.get("unit"))
            values[keys["salary"]] = cf.currency_value(amount, unit, keys["salary"])
        named = ("pay_period", "employment_type", "hours_per_week", "signature_status")
        plain: dict[str, Any] = {keys[k]: changes[k] for k in named if k in changes}
        plain.update(changes.get("custom_fields") or {})
        self._set_fields("offer", values, plain)
        return values

    # -- world actions -------------------------------------------------------
    @action
    def create_offer(
        self,
        application_id: Any,
        salary: Any,
        currency: str | None,
        pay_period: str | None,
        employment_type: str | None,
        hours_per_week: Any,
        start_date: Any,
        sent_at: Any = None,
        notes: str | None = None,
        by_user_id: Any = None,
    ) -> Record:
        """Draft the offer for an active application (salary and hours as exact decimals)."""
        app = self._application(application_id)
        if app["status"] != "active":
            raise ModelError(f"application {app['id']} is {app['status']}: offers need an active application",
                             kind="conflict", field="application_id")
        if self.current_offer_record(app["id"]) is not None:
            raise ModelError(f"application {app['id']} already has an offer; change it with update_offer",
                             kind="conflict", field="application_id")
        empty = {d["key"]: None for d in self.fields_of("offer")}
        values = self._terms(empty, {"salary": salary, "currency": currency, "pay_period": pay_period,
                                     "employment_type": employment_type, "hours_per_week": hours_per_week})
        offer = self._new_offer(app, 1, values, cf.to_date(start_date, "start_date"),
                                cf.to_date(sent_at, "sent_at"), notes, self._actor(by_user_id)["id"])
        self.emit("offer.created", offer_id=offer["id"], application_id=app["id"])
        return copy.deepcopy(offer)

    def _new_offer(self, app: Record, version: int, values: dict[str, Any], starts_at: Any, sent_at: Any,
                   notes: Any, user_id: int) -> Record:
        ident, now = self.new_id("offer"), self.now()
        offer = {
            "id": ident, "application_id": app["id"], "candidate_id": app["candidate_id"], "job_id": app["job_id"],
            "version": version, "status": "unresolved", "approved": False, "created_at": now, "updated_at": now,
            "sent_at": sent_at, "resolved_at": None, "starts_at": starts_at, "custom_fields": values,
            "user_id": user_id, "notes": notes,
        }
        self.store.table("offers")[ident] = offer
        app["last_activity_at"] = now
        return offer

    @action
    def update_offer(self, application_id: Any, by_user_id: Any = None, **changes: Any) -> Record:
        """New terms make a new offer version; the old version becomes deprecated."""
        unknown = sorted(set(changes) - set(_TERMS))
        if unknown:
            raise ModelError(f"cannot change {', '.join(unknown)}; changeable: {', '.join(_TERMS)}", field=unknown[0])
        app, old = self._current(application_id)
        if app["status"] == "hired":
            raise ModelError("offers of hired candidates can't be updated", kind="conflict", field="application_id")
        values = self._terms(old["custom_fields"], changes)
        starts_at = cf.to_date(changes["start_date"], "start_date") if "start_date" in changes else old["starts_at"]
        sent_at = cf.to_date(changes["sent_at"], "sent_at") if "sent_at" in changes else old["sent_at"]
        user_id = self._actor(by_user_id)["id"]
        self._offer_transition(old, "revise")
        old["resolved_at"] = old["updated_at"] = self.now()
        new = self._new_offer(app, old["version"] + 1, values, starts_at, sent_at, changes.get("notes", old["notes"]),
                              user_id)
        self.emit("offer.updated", offer_id=old["id"], application_id=app["id"])
        self.emit("offer.created", offer_id=new["id"], application_id=app["id"])
        return copy.deepcopy(new)

    def edit_current_offer(self, application_id: Any, custom_fields: dict[str, Any] | None = None,
                           **dates: Any) -> Record:
        """Change the current offer in place (no new version): Harvest's PATCH current_offer."""
        app, offer = self._current(application_id)
        if app["status"] == "hired":
            raise ModelError("offers of hired candidates can't be updated", kind="conflict", field="application_id")
        self._offer_transition(offer, "edit")
        staged = copy.deepcopy(offer)
        self._set_fields("offer", staged["custom_fields"], custom_fields)
        if "start_date" in dates:
            staged["starts_at"] = cf.to_date(dates["start_date"], "start_date")
        if "sent_at" in dates:
            staged["sent_at"] = cf.to_date(dates["sent_at"], "sent_at")
        if "created_at" in dates:
            staged["created_at"] = dates["created_at"]
        staged["updated_at"] = self.now()
        offer.update(staged)
        self.emit("offer.updated", offer_id=offer["id"], application_id=app["id"])
        return copy.deepcopy(offer)

    @action
    def approve_offer(self, application_id: Any) -> Record:
        """The offer's approvers sign off (Greenhouse's offer_approved)."""
        _, offer = self._current(application_id)
        if offer["approved"]:
            raise ModelError(f"offer {offer['id']} is already approved", kind="conflict", field="offer")
        self._offer_transition(offer, "approve")
        offer.update(approved=True, updated_at=self.now())
        self.emit("offer.approved", offer_id=offer["id"], application_id=offer["application_id"])
        return copy.deepcopy(offer)

    @action
    def decline_offer(self, application_id: Any) -> Record:
        """The candidate turns the offer down (status rejected)."""
        _, offer = self._current(application_id)
        self._offer_transition(offer, "decline")
        offer["resolved_at"] = offer["updated_at"] = self.now()
        self.emit("offer.updated", offer_id=offer["id"], application_id=offer["application_id"])
        return copy.deepcopy(offer)

    @action
    def delete_offer(self, application_id: Any) -> dict[str, Any]:
        """Delete the current offer version (Greenhouse's "Delete" link on an offer)."""
        _, offer = self._current(application_id)
        before = copy.deepcopy(offer)
        self._offer_transition(offer, "delete")
        del self.store.table("offers")[offer["id"]]
        self.emit("offer.deleted", offer_id=offer["id"], application_id=offer["application_id"], offer=before)
        return {"deleted": offer["id"]}

    # -- queries ---------------------------------------------------------------
    @action
    def offer_for(self, application_id: Any) -> Record | None:
        """The application's current offer (newest version not deprecated), or None."""
        app = self._application(application_id)
        offer = self.current_offer_record(app["id"])
        return copy.deepcopy(offer) if offer is not None else None
