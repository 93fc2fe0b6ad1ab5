"""Lists: envelope status changes (``GET /envelopes``) and templates, with
DocuSign's ``start_position`` / ``count`` paging and ``nextUri`` / ``previousUri``.

``from_date`` is required unless ``envelope_ids`` or ``transaction_ids`` name
the envelopes (SDK ``EnvelopesApi.list_status_changes`` doc: "Unless you are
requesting the status for specific envelopes (using envelopeIds or
transactionIds), you must add a set the from_date"). The default
``from_to_status=changed`` finds envelopes whose status changed in the
window; ``status`` then keeps those whose current status is listed.
``custom_field=Name=Value`` matches a text custom field, ``%`` as wildcard.
The default order (last modified, newest first) is ⚠️.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from ...kit.http import Request
from .errors import invalid_parameter
from .parse import count, include, when

_STAMP = {
    "changed": "status_changed_at",
    "created": "created_at",
    "sent": "sent_at",
    "delivered": "delivered_at",
    "completed": "completed_at",
    "signed": "completed_at",
    "declined": "declined_at",
    "voided": "voided_at",
}
_ORDER_BY = {
    "last_modified": "last_modified_at",
    "created": "created_at",
    "sent": "sent_at",
    "completed": "completed_at",
    "status_changed": "status_changed_at",
}
MAX_COUNT = 1000


def select_envelopes(envelopes: list[dict[str, Any]], request: Request) -> list[dict[str, Any]]:
    ids = [i.strip() for i in (request.q("envelope_ids") or "").split(",") if i.strip()]
    if request.q("transaction_ids"):
        return []  # no envelope of this fake carries a transaction id
    chosen = [e for e in envelopes if e["id"] in ids] if ids else _in_window(envelopes, request)
    statuses = {s.strip().lower() for s in (request.q("status") or "").split(",") if s.strip()}
    if statuses and "any" not in statuses:
        chosen = [e for e in chosen if e["status"] in statuses]
    custom = request.q("custom_field")
    if custom:
        name, _, pattern = custom.partition("=")
        match = _like(pattern)
        chosen = [e for e in chosen if any(f["name"] == name and match(f["value"]) for f in e["custom_fields"])]
    email = (request.q("email") or "").lower()
    if email:
        chosen = [e for e in chosen if any(r["email"].lower() == email for r in e["recipients"])]
    text = (request.q("search_text") or "").lower()
    if text:
        chosen = [e for e in chosen if text in e["subject"].lower()
                  or any(text in r["email"].lower() or text in r["name"].lower() for r in e["recipients"])]
    key = _ORDER_BY.get(request.q("order_by") or "last_modified", "last_modified_at")
    ordered = sorted(chosen, key=lambda e: (e[key] is not None, e[key] or e["created_at"], e["id"]))
    return ordered if (request.q("order") or "desc") == "asc" else ordered[::-1]


def _in_window(envelopes: list[dict[str, Any]], request: Request) -> list[dict[str, Any]]:
    raw = request.q("from_date")
    if not raw:
        raise invalid_parameter(
            "Query parameter 'from_date' must be set to a valid DateTime, or 'envelope_ids' or 'transaction_ids' "
            "must be specified."
        )
    start = when("from_date", raw)
    end = when("to_date", request.q("to_date") or "") if request.q("to_date") else None
    stamp = _STAMP.get((request.q("from_to_status") or "changed").lower())
    if stamp is None:
        raise invalid_parameter(f"Query parameter 'from_to_status' must be one of {', '.join(sorted(_STAMP))}.")
    return [e for e in envelopes if e[stamp] is not None and _between(e[stamp], start, end)]


def _between(instant: datetime, start: datetime, end: datetime | None) -> bool:
    return instant >= start and (end is None or instant <= end)


def _like(pattern: str) -> Callable[[str], bool]:
    regex = re.compile("^" + ".*".join(re.escape(part) for part in pattern.split("%")) + "$", re.DOTALL)
    return lambda value: regex.match(value) is not None


def page(
    items: list[Any], request: Request, key: str, path: str, render: Callable[[Any], dict[str, Any]]
) -> dict[str, Any]:
    """One page of ``items`` in DocuSign's paging envelope (counts as strings, endPosition -1 when empty)."""
    start = count(request.q("start_position"), "start_position", 0)
    size = min(count(request.q("count"), "count", MAX_COUNT), MAX_COUNT)
    chosen = items[start : start + size]
    out: dict[str, Any] = {
        "resultSetSize": str(len(chosen)),
        "totalSetSize": str(len(items)),
        "startPosition": str(start),
        "endPosition": str(start + len(chosen) - 1),
        "nextUri": _uri(request, path, start + size) if start + size < len(items) and size else "",
        "previousUri": _uri(request, path, max(0, start - size)) if start > 0 else "",
    }
    if chosen:
        out[key] = [render(item) for item in chosen]
    return out


def _uri(request: Request, path: str, start: int) -> str:
    query = [(k, v) for k, v in request.query_items if k != "start_position"]
    return f"{path}?{urlencode([('start_position', str(start)), *query])}"


def include_set(request: Request) -> set[str]:
    return include(request.q("include"))
