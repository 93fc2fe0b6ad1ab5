"""Reading a Dropbox Sign request body into plain values, then into the model's terms.

Bodies come three ways (spec: every write operation accepts
``application/json`` and ``multipart/form-data``):

- JSON;
- multipart/form-data as the official SDK sends it when files are attached:
  scalars as text, nested values (``signers``, ``metadata``, ``custom_fields``)
  as JSON text (``to_json_form_params`` in the SDK's request models), files as
  parts named ``files[0]``, ``files[1]``...;
- form fields in the bracket style of Dropbox Sign's curl examples
  (``signers[0][email_address]=...``), multipart or url-encoded.

Dropbox Sign words and the model's:

- a signature request is an envelope; a signer's ``signature_id`` is the
  recipient's ``recipient_guid``;
- ``signers[].order`` (0-based, spec: "The order the signer is required to
  sign in") is routing order ``order + 1``; signers without an order all sign
  at once (routing order 1);
- template ``signers[].role`` is the template role; ``custom_fields``
  (spec: "pre-filled data" for merge fields, ``{name, value, editor}``) fill
  the text tabs of that label: of the ``editor`` role when given, else of
  every role that has one;
- ``metadata`` (spec: "Key-value data ... included in all API responses",
  at most 10 keys, keys up to 40 characters, values up to 500) are the
  envelope's custom fields.
"""

from __future__ import annotations

import base64
import email.parser
import email.policy
import json
import re
from typing import Any
from urllib.parse import parse_qsl

from ...kit.http import BadRequestBody, Request
from ..records import render_pdf
from .errors import bad_request

FLAGS = {"true": True, "1": True, "false": False, "0": False}
_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")


def body(request: Request) -> dict[str, Any]:
    """The body as a dict, whichever way it came; uploaded files under ``files`` as (name, bytes)."""
    content_type = (request.header("content-type") or "").lower()
    if content_type.startswith("multipart/form-data"):
        return _multipart(request)
    if content_type.startswith("application/x-www-form-urlencoded"):
        return _fields([(k, v) for k, v in parse_qsl(request.body.decode("utf-8"), keep_blank_values=True)])
    if not request.body.strip():
        return {}
    return request.json_object()


def _multipart(request: Request) -> dict[str, Any]:
    head = f"Content-Type: {request.header('content-type')}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.body)
    if not message.is_multipart():
        raise BadRequestBody("the multipart/form-data body could not be read")
    pairs: list[tuple[str, Any]] = []
    for part in message.iter_parts():  # type: ignore[attr-defined]
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        content = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        pairs.append((str(name), (filename, content) if filename else content.decode("utf-8")))
    return _fields(pairs)


def _fields(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Form fields into nested values: ``a[0][b]`` brackets, and JSON text where the SDK sends it."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        match = _KEY.match(key)
        if not match:
            raise bad_request(f"the form field {key!r} is not a parameter name", key)
        name, rest = match.group(1), re.findall(r"\[([^\[\]]*)\]", match.group(2))
        if not rest and isinstance(value, str) and value[:1] in "[{":
            try:
                value = json.loads(value)
            except ValueError:
                pass
        node: Any = out
        path = [name, *rest]
        for i, part in enumerate(path):
            last = i == len(path) - 1
            if last:
                if part == "":
                    node.setdefault("__list__", []).append(value)
                else:
                    node[part] = value
            else:
                node = node.setdefault(part, {})
    return _lists(out)


def _lists(value: Any) -> Any:
    """Dicts keyed 0, 1, 2... (or by ``[]``) become lists."""
    if not isinstance(value, dict):
        return value
    if set(value) == {"__list__"}:
        return [_lists(v) for v in value["__list__"]]
    if value and all(k.isdigit() for k in value):
        return [_lists(value[k]) for k in sorted(value, key=int)]
    return {k: _lists(v) for k, v in value.items()}


def flag(value: Any, name: str) -> bool:
    if isinstance(value, bool) or value is None:
        return bool(value)
    found = FLAGS.get(str(value).strip().lower())
    if found is None:
        raise bad_request(f"{name} must be true or false, not {value!r}", name)
    return found


def listed(value: Any, name: str) -> list[Any]:
    if value is None or value == "":
        return []
    if isinstance(value, dict):  # a single object where a list was meant
        return [value]
    if not isinstance(value, list):
        raise bad_request(f"{name} must be a list", name)
    return value


# -- into the model's terms ------------------------------------------------------------------
def metadata(value: Any) -> list[dict[str, Any]]:
    """``metadata`` -> the envelope's custom fields (spec limits: 10 keys, key 40 chars, value 500)."""
    if value in (None, ""):
        return []
    if not isinstance(value, dict):
        raise bad_request("metadata must be an object of keys and values", "metadata")
    if len(value) > 10:
        raise bad_request("metadata can have at most 10 keys", "metadata")
    out = []
    for key, item in value.items():
        text = item if isinstance(item, str) else json.dumps(item)
        if len(str(key)) > 40:
            raise bad_request(f"metadata key {key!r} is longer than 40 characters", f"metadata[{key}]")
        if len(text) > 500:
            raise bad_request(f"metadata value of {key!r} is longer than 500 characters", f"metadata[{key}]")
        out.append({"name": str(key), "value": text})
    return out


def signers(value: Any, embedded: bool) -> list[dict[str, Any]]:
    """``signers`` of a request from files -> model recipients (by email and routing order, no role)."""
    items = listed(value, "signers")
    if not items:
        raise bad_request("signers is required: at least one signer", "signers")
    out = []
    for i, s in enumerate(items):
        if not isinstance(s, dict):
            raise bad_request(f"signers[{i}] must be an object", f"signers[{i}]")
        _require(s, ("name", "email_address"), f"signers[{i}]")
        order = s.get("order")
        out.append({
            "name": str(s["name"]),
            "email": str(s["email_address"]),
            "routing_order": _order(order, f"signers[{i}][order]") + 1 if order not in (None, "") else 1,
            "recipient_id": str(i + 1),
            "client_user_id": "embedded" if embedded else None,
        })
    return out


def template_signers(value: Any, custom_fields: Any, template: dict[str, Any], embedded: bool) -> list[dict]:
    """Template ``signers`` [{role, name, email_address}] and ``custom_fields`` -> model recipients by role."""
    items = listed(value, "signers")
    if not items:
        raise bad_request("signers is required: one per template role", "signers")
    fields = listed(custom_fields, "custom_fields")
    for i, f in enumerate(fields):
        if not isinstance(f, dict) or not str(f.get("name") or "").strip():
            raise bad_request(f"custom_fields[{i}] needs a name", f"custom_fields[{i}][name]")
    # A name the template has no merge field for is dropped, as the model drops a DocuSign tab label the
    # template lacks (⚠️ whether Dropbox Sign refuses it instead was not verified).
    out = []
    for i, s in enumerate(items):
        if not isinstance(s, dict):
            raise bad_request(f"signers[{i}] must be an object", f"signers[{i}]")
        _require(s, ("role", "name", "email_address"), f"signers[{i}]")
        role = str(s["role"])
        own = {t["label"] for r in template["roles"] if r["role_name"] == role for t in r["text_tabs"]}
        tabs = [{"label": f["name"], "value": f.get("value"), "locked": True} for f in fields
                if (f.get("editor") in (None, "", role)) and f["name"] in own]
        out.append({"role": role, "name": str(s["name"]), "email": str(s["email_address"]), "text_tabs": tabs,
                    "client_user_id": "embedded" if embedded else None})
    return out


def documents(data: dict[str, Any]) -> list[dict[str, Any]]:
    """``files`` (uploaded) or ``file_urls`` -> model documents. A URL is not fetched (loopback only):
    the document is a one-page PDF naming it."""
    files, urls = listed(data.get("files"), "files"), listed(data.get("file_urls"), "file_urls")
    if files and urls:
        raise bad_request("use files or file_urls, not both", "files")
    out = []
    for i, f in enumerate(files):
        if isinstance(f, tuple):
            name, content = f
        elif isinstance(f, str):
            name, content = f"Document {i + 1}.pdf", f.encode()
        else:
            raise bad_request(f"files[{i}] must be an uploaded file", f"files[{i}]")
        out.append({"document_id": str(i + 1), "name": name or f"Document {i + 1}.pdf",
                    "content_base64": base64.b64encode(content).decode("ascii")})
    for i, url in enumerate(urls):
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise bad_request(f"file_urls[{i}] must be an http(s) URL", f"file_urls[{i}]")
        name = url.rstrip("/").rsplit("/", 1)[-1] or f"Document {i + 1}.pdf"
        out.append({"document_id": str(i + 1), "name": name,
                    "content_base64": base64.b64encode(render_pdf([[name, "", url]])).decode("ascii")})
    if not out:
        raise bad_request("files or file_urls is required", "files")
    return out


def _order(value: Any, path: str) -> int:
    try:
        order = int(value)
    except (TypeError, ValueError):
        raise bad_request(f"{path} must be an integer, not {value!r}", path) from None
    if order < 0:
        raise bad_request(f"{path} must be 0 or more", path)
    return order


def _require(item: dict[str, Any], names: tuple[str, ...], where: str) -> None:
    for name in names:
        if not str(item.get(name) or "").strip():
            raise bad_request(f"{where}[{name}] is required", f"{where}[{name}]")
