"""The cursor-paginated ``GET /employees`` list: its query and its cursors.

Everything here follows the BHR spec's ``list-employees`` operation:
``filter[...]`` in deepObject style (``firstName``/``lastName``/
``jobTitleName`` are case-insensitive substring matches, ``status`` is
``active|inactive``, ``ids`` is repeated ``filter[ids][]=`` or one
comma-separated ``filter[ids]=``), ``sort`` over six fields with ``-`` for
descending (nulls first ascending, last descending), ``fields`` from a fixed
enum (unknown names silently ignored), ``page[limit]`` 1-2500 (default 250,
``EmployeeCursorPaginationQueryObject``), and ``page[after]``/``page[before]``
cursors. A malformed cursor, one used in the wrong direction or one whose
boundary employee is gone answers ``BadPage``; other bad input ``BadRequest``.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from .errors import ListError
from .serialize import text

DEFAULT_LIMIT, MAX_LIMIT = 250, 2500
# sort name -> the model's field key
SORTABLE = {
    "employeeId": "id",
    "firstName": "first_name",
    "lastName": "last_name",
    "preferredName": "preferred_name",
    "jobTitleName": "job_title",
    "status": "status",
}
FILTERS = ("firstName", "lastName", "jobTitleName", "status", "ids")
# the substring filters -> the model's field key they match
_TEXT_FILTERS = {"firstName": "first_name", "lastName": "last_name", "jobTitleName": "job_title"}
# Optional fields (schema EmployeeOptionalField) -> the model key they read ("#key": its list option's id).
OPTIONAL = {
    "workEmail": "work_email",
    "homeEmail": "home_email",
    "bestEmail": "",
    "middleName": "middle_name",
    "workPhone": "work_phone",
    "workPhoneExtension": "work_phone_extension",
    "mobilePhone": "mobile_phone",
    "homePhone": "home_phone",
    "skypeUsername": None,
    "linkedinUrl": None,
    "facebookUrl": None,
    "instagramUrl": None,
    "twitterUrl": None,
    "pinterestUrl": None,
    "birthDate": "date_of_birth",
    "hireDate": "hire_date",
    "divisionName": "division",
    "divisionId": "#division",
    "departmentName": "department",
    "departmentId": "#department",
    "locationName": "location",
    "locationId": "#location",
    "jobTitleId": "#job_title",
    "employmentStatusName": "employment_status",
    "employmentStatusId": "#employment_status",
    "reportsToName": "reports_to",
    "reportsToId": None,
}
_FILTER_KEY = re.compile(r"^filter\[(\w+)\](\[\])?$")


@dataclass
class Query:
    filters: dict[str, Any] = field(default_factory=dict)
    sort: list[tuple[str, bool]] = field(default_factory=list)  # (model key, descending)
    fields: list[str] = field(default_factory=list)
    limit: int = DEFAULT_LIMIT
    after: int | None = None
    before: int | None = None


def parse(items: list[tuple[str, str]]) -> Query:
    query = Query()
    ids: list[str] = []
    for key, value in items:
        match = _FILTER_KEY.match(key)
        if key.startswith("filter"):
            if not match or match.group(1) not in FILTERS:
                raise ListError("BadRequest", f"Unknown filter {key!r}; filters: {', '.join(FILTERS)}")
            name = match.group(1)
            if name == "ids":
                ids.extend(part.strip() for part in value.split(",") if part.strip())
            elif name == "status":
                if value.lower() not in ("active", "inactive"):
                    raise ListError("BadRequest", f"filter[status]={value!r} must be active or inactive")
                query.filters["status"] = value.capitalize()
            else:
                query.filters[name] = value.lower()
        elif key == "sort":
            query.sort = _sort(value)
        elif key == "fields":
            query.fields = [f for f in (p.strip() for p in value.split(",")) if f in OPTIONAL]
        elif key == "page[limit]":
            query.limit = _limit(value)
        elif key in ("page[after]", "page[before]"):
            direction = key[5:-1]
            setattr(query, direction, decode_cursor(value, direction))
    if ids:
        if not all(i.isascii() and i.isdigit() and len(i) < 16 for i in ids):
            raise ListError("BadRequest", f"filter[ids] must be employee ids (integers), not {','.join(ids)!r}")
        query.filters["ids"] = {int(i) for i in ids}
    if query.after is not None and query.before is not None:
        raise ListError("BadPage", "Use page[after] or page[before], not both")
    return query


def _sort(value: str) -> list[tuple[str, bool]]:
    out = []
    for part in (p.strip() for p in value.split(",")):
        name = part.removeprefix("-")
        if name not in SORTABLE:
            raise ListError("BadRequest", f"Cannot sort by {name!r}; sortable: {', '.join(SORTABLE)}")
        out.append((SORTABLE[name], part.startswith("-")))
    return out


def _limit(value: str) -> int:
    digits = value.strip()
    if not (digits.isascii() and digits.isdigit() and len(digits) < 6) or not 1 <= int(digits) <= MAX_LIMIT:
        raise ListError("BadRequest", f"page[limit]={value!r} must be an integer from 1 to {MAX_LIMIT}")
    return int(digits)


# Cursors look like the spec's example: base64 of {"cursor": "after-124"}.
def encode_cursor(direction: str, employee_id: int) -> str:
    return base64.b64encode(json.dumps({"cursor": f"{direction}-{employee_id}"}).encode()).decode()


def decode_cursor(value: str, direction: str) -> int:
    try:
        cursor = json.loads(base64.b64decode(value.encode("ascii"), validate=True))["cursor"]
        kind, _, ident = str(cursor).partition("-")
        number = int(ident)
    except (ValueError, KeyError, TypeError, UnicodeEncodeError, binascii.Error):
        raise ListError("BadPage", f"The page[{direction}] cursor is not valid") from None
    if kind != direction:
        raise ListError("BadPage", f"The cursor is a page[{kind}] cursor, not page[{direction}]")
    return number


def _matches(view: dict[str, Any], filters: dict[str, Any]) -> bool:
    for name, want in filters.items():
        if name == "ids":
            if view["id"] not in want:
                return False
        elif name == "status":
            if view["status"] != want:
                return False
        elif want not in (view.get(_TEXT_FILTERS[name]) or "").lower():
            return False
    return True


def _ordered(views: list[dict[str, Any]], sort: list[tuple[str, bool]]) -> list[dict[str, Any]]:
    ordered = sorted(views, key=lambda v: v["id"])
    for key, descending in reversed(sort):
        present = sorted((v for v in ordered if v.get(key) is not None), key=lambda v: _key(v[key]), reverse=descending)
        missing = [v for v in ordered if v.get(key) is None]
        ordered = present + missing if descending else missing + present
    return ordered


def _key(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def page(views: list[dict[str, Any]], query: Query) -> tuple[list[dict[str, Any]], int, str | None, str | None]:
    """(page, total, nextCursor, prevCursor)."""
    rows = _ordered([v for v in views if _matches(v, query.filters)], query.sort)
    ids = [v["id"] for v in rows]
    if query.after is not None:
        start = _boundary(ids, query.after, "after") + 1
        end = start + query.limit
    elif query.before is not None:
        end = _boundary(ids, query.before, "before")
        start = max(0, end - query.limit)
    else:
        start, end = 0, query.limit
    chunk = rows[start:end]
    next_cursor = encode_cursor("after", chunk[-1]["id"]) if chunk and end < len(rows) else None
    prev_cursor = encode_cursor("before", chunk[0]["id"]) if chunk and start > 0 else None
    return chunk, len(rows), next_cursor, prev_cursor


def _boundary(ids: list[int], ident: int, direction: str) -> int:
    try:
        return ids.index(ident)
    except ValueError:
        raise ListError("BadPage", f"The page[{direction}] boundary employee {ident} left the list") from None


def item(view: dict[str, Any], fields: list[str], model: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "employeeId": str(view["id"]),
        "firstName": view["first_name"],
        "lastName": view["last_name"],
        "preferredName": view["preferred_name"],
        "photoUrl": None,
        "jobTitleName": view["job_title"],
        "status": view["status"],
        "_restrictedFields": [],
    }
    for name in fields:
        source = OPTIONAL[name]
        if source == "":
            out[name] = view["work_email"] or view["home_email"]
        elif source is None:
            out[name] = None
        elif source.startswith("#"):
            option = model.option_id(source[1:], view.get(source[1:]))
            out[name] = None if option is None else str(option)
        else:
            out[name] = text(view.get(source))
    return out


def answer(model: Any, query: Query, url: str, items: list[tuple[str, str]], query_string: str) -> dict[str, Any]:
    """The whole list body: data, meta with cursors, and _links to this page and its neighbours."""
    chunk, total, next_cursor, prev_cursor = page(model.views(), query)
    links: dict[str, Any] = {"self": {"href": url + (f"?{query_string}" if query_string else "")}}
    if next_cursor:
        links["next"] = {"href": href(url, items, limit=query.limit, after=next_cursor)}
    if prev_cursor:
        links["prev"] = {"href": href(url, items, limit=query.limit, before=prev_cursor)}
    return {
        "data": [item(view, query.fields, model) for view in chunk],
        "meta": {"total": total, "page": {"limit": query.limit, "nextCursor": next_cursor, "prevCursor": prev_cursor}},
        "_links": links,
    }


def href(base: str, items: list[tuple[str, str]], **page_params: Any) -> str:
    """The same query with the page parameters replaced (brackets percent-encoded, as in the spec)."""
    kept = [(k, v) for k, v in items if not k.startswith("page[")]
    kept += [(f"page[{k}]", str(v)) for k, v in page_params.items() if v is not None]
    return base + ("?" + urlencode(kept, quote_via=quote) if kept else "")
