"""JSON Schemas of the bodies and queries this fake reads (the spec's
``SignatureRequestSendRequest``, ``SignatureRequestSendWithTemplateRequest``,
``SignatureRequestCreateEmbeddedRequest``, ``SignatureRequestRemindRequest``
in github.com/hellosign/hellosign-openapi ``openapi.yaml``), used in the route
table (the generated OpenAPI) and to check each body once it is read (form
fields arrive as text, so numbers and flags may be strings). Unknown
properties are ignored, as Dropbox Sign ignores them.
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator

from .errors import bad_request

TEXT = {"type": ["string", "null"], "maxLength": 100_000}
FLAG = {"type": ["boolean", "string", "integer", "null"]}
NUMBER = {"type": ["integer", "string", "null"]}


def _array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": ["array", "null"], "maxItems": 500, "items": items}


def _object(needed: tuple[str, ...] = (), **properties: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if needed:
        schema["required"] = list(needed)
    return schema


# spec SubSignatureRequestSigner / SubSignatureRequestTemplateSigner / SubCustomField
SIGNER = _object(("name", "email_address"), name=TEXT, email_address=TEXT, order=NUMBER, pin=TEXT,
                 sms_phone_number=TEXT)
TEMPLATE_SIGNER = _object(("role", "name", "email_address"), role=TEXT, name=TEXT, email_address=TEXT, pin=TEXT)
CUSTOM_FIELD = _object(("name",), name=TEXT, value=TEXT, editor=TEXT, required=FLAG)
METADATA = {"type": ["object", "null"], "maxProperties": 10, "additionalProperties": {}}
FILES = {"type": ["array", "null"], "items": {"type": "string", "format": "binary"}}

_COMMON = {
    "title": TEXT, "subject": TEXT, "message": TEXT, "metadata": METADATA, "test_mode": FLAG,
    "allow_decline": FLAG, "client_id": TEXT, "signing_redirect_url": TEXT,
    "cc_email_addresses": _array(TEXT), "expires_at": NUMBER,
}
SEND = _object(signers=_array(SIGNER), files=FILES, file_urls=_array(TEXT), custom_fields=_array(CUSTOM_FIELD),
               use_text_tags=FLAG, hide_text_tags=FLAG, **_COMMON)
SEND_WITH_TEMPLATE = _object(("template_ids", "signers"), template_ids=_array(TEXT),
                             signers=_array(TEMPLATE_SIGNER), custom_fields=_array(CUSTOM_FIELD),
                             ccs=_array(_object(role=TEXT, email_address=TEXT)), **_COMMON)
CREATE_EMBEDDED = {**SEND, "required": ["client_id"]}
CREATE_EMBEDDED_WITH_TEMPLATE = {**SEND_WITH_TEMPLATE, "required": ["client_id", "template_ids", "signers"]}
REMIND = _object(("email_address",), email_address=TEXT, name=TEXT)

_Q_TEXT = {"type": "string"}
_Q_NUMBER = {"type": "integer", "minimum": 1}
LIST_QUERY = {"account_id": _Q_TEXT, "page": _Q_NUMBER, "page_size": {**_Q_NUMBER, "maximum": 100}, "query": _Q_TEXT}
FILES_QUERY = {"file_type": {"type": "string", "enum": ["pdf", "zip"]}}
ACCOUNT_QUERY = {"account_id": _Q_TEXT, "email_address": _Q_TEXT}

_validators: dict[int, Draft202012Validator] = {}


def check(schema: dict[str, Any], value: dict[str, Any]) -> dict[str, Any]:
    """``value`` when it fits ``schema``; otherwise 400 bad_request naming the first bad field in error_path."""
    validator = _validators.get(id(schema))
    if validator is None:
        validator = _validators[id(schema)] = Draft202012Validator(schema)
    plain = {k: v for k, v in value.items() if k != "files"}  # uploads are (name, bytes), not JSON
    error = next(iter(sorted(validator.iter_errors(plain), key=lambda e: len(e.absolute_path))), None)
    if error is not None:
        path = error.absolute_path
        where = (str(path[0]) + "".join(f"[{p}]" for p in list(path)[1:])) if path else None
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else ""
            where = f"{where}[{missing}]" if where else missing
            raise bad_request(f"{where} is required", where)
        raise bad_request(f"{where or 'the body'} has the wrong type or value: {error.instance!r:.60}", where)
    return value
