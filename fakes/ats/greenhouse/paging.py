"""List paging: Harvest v1's numbered pages and Harvest v3's cursors.

v1 (harvest/_introduction.md, "Pagination"): ``per_page`` (an integer 1-500,
default 100), ``page`` (the n-th chunk) and ``skip_count=true`` (no ``last``
link). The ``Link`` header carries ``next``, ``prev`` and ``last``; "when
this header is not set, there is only one page".

v3 (harvestdocs.greenhouse.io/docs/pagination): the first request sends
``per_page`` and its filters; the answer links only ``rel="next"`` with a
``cursor``, and a request with ``cursor`` must send nothing else (422
otherwise). The cursor here is opaque to clients: it carries the first
request's filters, page size and offset.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

from ...kit.http import Request, Response, json_response
from .errors import ValidationFailed
from .validate import DIGITS

DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 500


class ListQuery:
    """A list request's filters (from the query string, or from the cursor) and its page window."""

    def __init__(self, params: list[tuple[str, str]], offset: int, per_page: int, page: int = 1,
                 skip_count: bool = False) -> None:
        self.params = params
        self.offset = offset
        self.per_page = per_page
        self.page = page
        self.skip_count = skip_count

    def get(self, name: str) -> str | None:
        return next((v for k, v in self.params if k == name), None)


def _positive(raw: str | None, name: str, default: int, maximum: int | None = None) -> int:
    if raw is None:
        return default
    text = raw.strip()
    value = int(text) if DIGITS.fullmatch(text) and len(text) < 10 else 0
    if value < 1 or (maximum is not None and value > maximum):
        bound = f"between 1 and {maximum}" if maximum else "at least 1"
        raise ValidationFailed.one(f"Must be an integer {bound}", name)
    return value


def list_query(request: Request) -> ListQuery:
    if request.path.startswith("/v3/"):
        return _v3_query(request)
    per_page = _positive(request.q("per_page"), "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    page = _positive(request.q("page"), "page", 1)
    return ListQuery(request.query_items, (page - 1) * per_page, per_page, page, request.q("skip_count") == "true")


def _v3_query(request: Request) -> ListQuery:
    cursor = request.q("cursor")
    if cursor is None:
        per_page = _positive(request.q("per_page"), "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
        return ListQuery(request.query_items, 0, per_page)
    if len(request.query_items) != 1:
        raise ValidationFailed.one("cursor must be the only query parameter when it is present", "cursor")
    state = _decode(cursor)
    if state is None or state.get("p") != request.path:
        raise ValidationFailed.one("is not a cursor this list returned", "cursor")
    return ListQuery([(str(k), str(v)) for k, v in state["q"]], state["o"], state["n"])


def _encode(state: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(state, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode(cursor: str) -> dict[str, Any] | None:
    try:
        state = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError, RecursionError):
        return None
    ok = (
        isinstance(state, dict)
        and isinstance(state.get("q"), list)
        and all(isinstance(p, list) and len(p) == 2 for p in state["q"])
        and all(isinstance(state.get(k), int) and not isinstance(state.get(k), bool) for k in ("o", "n"))
        and state["o"] >= 0
        and 1 <= state["n"] <= MAX_PER_PAGE
    )
    return state if ok else None


def paged(
    request: Request, base_url: str, query: ListQuery, rows: Sequence[Any], render: Callable[[Any], Any]
) -> Response:
    chunk = rows[query.offset : query.offset + query.per_page]
    body = [render(row) for row in chunk]
    url = base_url + request.path
    links: list[str] = []
    if request.path.startswith("/v3/"):
        if query.offset + query.per_page < len(rows):
            state = {"p": request.path, "q": query.params, "o": query.offset + query.per_page, "n": query.per_page}
            links.append(f'<{url}?{urlencode({"cursor": _encode(state)})}>; rel="next"')
    else:
        last = max(1, math.ceil(len(rows) / query.per_page))
        if last > 1:
            others = [(k, v) for k, v in query.params if k not in ("page", "per_page")]

            def link(page: int, rel: str) -> str:
                return f'<{url}?{urlencode([("page", page), ("per_page", query.per_page), *others])}>; rel="{rel}"'

            if query.page < last:
                links.append(link(query.page + 1, "next"))
            if query.page > 1:
                links.append(link(min(query.page - 1, last), "prev"))
            if not query.skip_count:
                links.append(link(last, "last"))
    return json_response(body, 200, [("Link", ", ".join(links))] if links else [])
