"""BambooHR's XML: request bodies read, responses written, and which one a caller gets.

Facts (BambooHR/bhr-api-python ``specs/public.yaml`` at 3d4de06):

- Request bodies: create-employee, update-employee, create-table-row and
  update-table-row take ``application/json``, ``application/xml`` or
  ``text/xml``. The XML form is ``<employee><field id="firstName">Ann</field>...
  </employee>`` (a ``<row>`` root for table rows): the shape the long-lived
  client PyBambooHR (0.8.1, ``_format_employee_xml``/``_format_row_xml``)
  sends, with no Content-Type header at all. The custom-report operation of
  the same spec says how BambooHR tells them apart: a body is JSON only when
  Content-Type says JSON, anything else is parsed as XML. This fake does that
  for a body that starts with ``<``; a body without a Content-Type that is not
  XML is still read as JSON (⚠️ BambooHR would answer "Malformed XML").
- Responses: get-employee, get-employees-directory, get-changed-employee-ids,
  get-changed-employee-table-data, get-employee-table-data, list-fields,
  list-tabular-fields and list-list-fields answer ``application/json`` or
  ``application/xml``; the spec's rule for these legacy endpoints (list-users,
  list-employee-files, get-time-off-balance) is "send ``Accept:
  application/json`` for JSON; omit the header or send any other value to
  receive XML". So ``Accept: */*`` (what ``requests`` sends by default) gets XML.
- Element names: the spec gives an XML schema only for the directory
  (``<directory><fieldset><field id>…</fieldset><employees><employee id><field id>``);
  the other documents here follow the same ``<field id="…">value</field>``
  pattern (⚠️ unverified in detail: attribute names for rows, change entries,
  meta tables and lists are this fake's reading of the legacy format).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree as ET

from ...kit.http import Request, Response
from .errors import BambooHRError

XML_TYPE = "application/xml; charset=utf-8"
_ROOTS = ("employee", "row")


def wants_json(request: Request) -> bool:
    """True when Accept names JSON (the only way to get JSON from a legacy endpoint)."""
    accept = (request.header("accept") or "").lower()
    types = [part.split(";")[0].strip() for part in accept.split(",")]
    return any(t in ("application/json", "text/json") for t in types)


def is_xml_body(request: Request) -> bool:
    content_type = (request.header("content-type") or "").lower()
    if "json" in content_type:
        return False
    return "xml" in content_type or request.body.lstrip()[:1] == b"<"


def parse_fields(body: bytes) -> dict[str, Any]:
    """``<employee|row><field id="name">value</field>...</...>`` into ``{name: value}``."""
    if b"<!DOCTYPE" in body or b"<!ENTITY" in body:
        raise BambooHRError(400, "Malformed XML: DTDs are not accepted")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise BambooHRError(400, f"Malformed XML: {exc}") from None
    if root.tag not in _ROOTS:
        raise BambooHRError(400, f"Malformed XML: the root element must be <employee> or <row>, not <{root.tag}>")
    out: dict[str, Any] = {}
    for child in root:
        if child.tag != "field" or not child.get("id"):
            raise BambooHRError(400, f'Malformed XML: expected <field id="...">, found <{child.tag}>')
        out[child.get("id", "")] = (child.text or "").strip()
    return out


# -- writing ------------------------------------------------------------------------------
def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return clean(str(value))


def _field(parent: ET.Element, key: str, value: Any) -> None:
    element = ET.SubElement(parent, "field", id=key)
    if isinstance(value, dict) and "currency" in value:  # a money object: value as text, currency as attribute
        element.set("currency", str(value["currency"]))
        element.text = _text(value.get("value"))
    elif isinstance(value, list | dict):
        element.text = ",".join(map(str, value)) if isinstance(value, list) else None
    else:
        element.text = _text(value)


def _rows(parent: ET.Element, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        element = ET.SubElement(parent, "row", id=str(row.get("id")), employeeId=str(row.get("employeeId")))
        for key, value in row.items():
            if key not in ("id", "employeeId"):
                _field(element, key, value)


def employee(value: dict[str, Any]) -> ET.Element:
    root = ET.Element("employee", id=str(value.get("id")))
    for key, item in value.items():
        if key != "id":
            _field(root, key, item)
    return root


def directory(value: dict[str, Any]) -> ET.Element:
    root = ET.Element("directory")
    fieldset = ET.SubElement(root, "fieldset")
    for entry in value["fields"]:
        ET.SubElement(fieldset, "field", id=entry["id"]).text = entry["name"]
    employees = ET.SubElement(root, "employees")
    for entry in value["employees"]:
        element = ET.SubElement(employees, "employee", id=str(entry["id"]))
        for key, item in entry.items():
            if key != "id":
                _field(element, key, item)
    return root


def table(value: list[dict[str, Any]]) -> ET.Element:
    root = ET.Element("table")
    _rows(root, value)
    return root


def changed(value: dict[str, Any]) -> ET.Element:
    root = ET.Element("employees", latest=value["latest"])
    for entry in value["employees"].values():
        ET.SubElement(root, "employee", id=entry["id"], action=entry["action"], lastChanged=entry["lastChanged"])
    return root


def changed_table(value: dict[str, Any]) -> ET.Element:
    root = ET.Element("employees", table=value["table"])
    for ident, entry in value["employees"].items():
        element = ET.SubElement(root, "employee", id=ident, lastChanged=entry["lastChanged"])
        _rows(element, entry["rows"])
    return root


def fields(value: list[dict[str, Any]]) -> ET.Element:
    root = ET.Element("fields")
    for entry in value:
        attributes = {"id": str(entry["id"]), "type": entry["type"]}
        if entry.get("alias"):
            attributes["alias"] = entry["alias"]
        ET.SubElement(root, "field", attributes).text = entry["name"]
    return root


def tables(value: list[dict[str, Any]]) -> ET.Element:
    root = ET.Element("tables")
    for entry in value:
        element = ET.SubElement(root, "table", alias=entry["alias"])
        for column in entry["fields"]:
            ET.SubElement(
                element, "field", id=str(column["id"]), alias=column["alias"], type=column["type"]
            ).text = column["name"]
    return root


def lists(value: list[dict[str, Any]]) -> ET.Element:
    root = ET.Element("lists")
    for entry in value:
        element = ET.SubElement(
            root,
            "list",
            fieldId=entry["fieldId"],
            alias=entry["alias"] or "",
            manageable=entry["manageable"],
            multiple=entry["multiple"],
        )
        ET.SubElement(element, "name").text = entry["name"]
        options = ET.SubElement(element, "options")
        for option in entry["options"]:
            ET.SubElement(
                options,
                "option",
                id=str(option["id"]),
                archived=option["archived"],
                createdDate=option["createdDate"] or "",
            ).text = option["name"]
    return root


def render(element: ET.Element) -> bytes:
    return b'<?xml version="1.0"?>\n' + ET.tostring(element, encoding="utf-8", xml_declaration=False)


def negotiated(handler: Callable[[Request], Any], to_xml: Callable[[Any], ET.Element]) -> Callable[[Request], Any]:
    """A handler answering JSON when Accept asks for it and XML otherwise (see the module notes)."""

    def answer(request: Request) -> Any:
        result = handler(request)
        if isinstance(result, Response) or wants_json(request):
            return result
        return Response(200, [("Content-Type", XML_TYPE)], render(to_xml(result)))

    answer.__name__ = getattr(handler, "__name__", "negotiated")
    answer.__doc__ = handler.__doc__
    return answer


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean(text: str) -> str:
    """Characters XML 1.0 cannot carry, dropped (a value may hold anything a caller sent)."""
    return _CONTROL.sub("", text)
