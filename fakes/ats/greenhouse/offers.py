"""Harvest offer and scorecard operations (harvest/_offers.md, harvest/_scorecards.md).

Harvest v1 has no endpoint that creates an offer (offers are made in the
Greenhouse screens, here: the ``ats.create_offer`` world action); it lists
and reads them, and edits the current one in place with PATCH
``current_offer``, which answers only ``{"success": true}``.
"""

from __future__ import annotations

from typing import Any

from ...kit.http import Request, Response
from . import serialize as s
from .base import HandlerBase
from .errors import NotFoundError
from .filters import date_window, window
from .paging import ListQuery, list_query, paged
from .validate import Body, custom_field_values

OFFER_STATUSES = ("unresolved", "accepted", "rejected", "deprecated")


def offer_rows(model: Any, query: ListQuery) -> list[dict[str, Any]]:
    rows = window(query, model.store.table("offers").values(), created="created_at", updated="updated_at",
                  resolved="resolved_at")
    rows = date_window(query, rows, sent="sent_at", starts="starts_at")
    status = query.get("status")
    if status is not None:
        rows = [o for o in rows if o["status"] == status] if status in OFFER_STATUSES else []
    return sorted(rows, key=lambda o: (o["application_id"], o["version"]))  # "ordered by application_id"


class OfferHandlers(HandlerBase):
    def list_offers(self, request: Request) -> Response:
        model, query = self.model(request), list_query(request)
        return paged(request, self.base_url(request), query, offer_rows(model, query), lambda o: s.offer(model, o))

    def get_offer(self, request: Request) -> Any:
        model = self.model(request)
        return s.offer(model, self.found(model, "offers", request.params["id"]))

    def list_application_offers(self, request: Request) -> Response:
        model, query = self.model(request), list_query(request)
        app = self.found(model, "applications", request.params["id"])
        return paged(request, self.base_url(request), query, model.offers_of(app["id"]), lambda o: s.offer(model, o))

    def get_current_offer(self, request: Request) -> Any:
        model = self.model(request)
        offer = model.current_offer_record(self.found(model, "applications", request.params["id"])["id"])
        if offer is None:
            raise NotFoundError("Resource not found")
        return s.offer(model, offer)

    def update_current_offer(self, request: Request) -> Any:
        model, body = self.model(request), Body(request)
        app = self.found(model, "applications", request.params["id"])
        if model.current_offer_record(app["id"]) is None:
            raise NotFoundError("Resource not found")
        dates = {"start_date": body.day("start_date", True), "sent_at": body.day("sent_at", True),
                 "created_at": body.instant("created_at")}
        values = custom_field_values(body, model, "offer")
        body.done()
        model.edit_current_offer(app["id"], values, **{k: v for k, v in dates.items() if body.has(k)})
        return {"success": True}

    def list_scorecards(self, request: Request) -> Response:
        model, query = self.model(request), list_query(request)
        rows = window(query, model.store.table("scorecards").values(), created="created_at", updated="updated_at")
        return paged(request, self.base_url(request), query, rows, lambda r: s.scorecard(model, r))

    def list_application_scorecards(self, request: Request) -> Response:
        model, query = self.model(request), list_query(request)
        app = self.found(model, "applications", request.params["id"])
        rows = list(model.store.table("scorecards").where(application_id=app["id"]))
        return paged(request, self.base_url(request), query, rows, lambda r: s.scorecard(model, r))

    def get_scorecard(self, request: Request) -> Any:
        model = self.model(request)
        return s.scorecard(model, self.found(model, "scorecards", request.params["id"]))
