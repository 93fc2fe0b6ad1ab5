"""JSON Schemas of the request bodies this fake reads (the eSignature v2.1
models of the official SDK, ``docusign_esign/models``), used twice: in the
route table (the generated OpenAPI) and to check each body field by field.

DocuSign's own clients send numbers and booleans as strings ("1", "true") and
leave unset fields out or null; the schemas accept all of that. Unknown
properties are ignored, as DocuSign ignores them.
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator

from .errors import invalid_body


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


TEXT = {"type": ["string", "null"], "maxLength": 100_000}
NUMBER = _nullable({"anyOf": [{"type": "integer", "minimum": 0, "maximum": 2**31 - 1},
                              {"type": "string", "pattern": "^[0-9]{1,9}$"}]})
FLAG = _nullable({"anyOf": [{"type": "boolean"}, {"type": "string", "enum": ["true", "false", "True", "False"]}]})
IDENT = {"type": ["string", "integer", "null"], "maxLength": 100}
VALUE = {"type": ["string", "number", "boolean", "null"], "maxLength": 100_000}


def _array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": ["array", "null"], "maxItems": 500, "items": items}


def _object(**properties: Any) -> dict[str, Any]:
    return {"type": ["object", "null"], "properties": properties}


PLACE = {"documentId": IDENT, "pageNumber": NUMBER, "xPosition": NUMBER, "yPosition": NUMBER, "recipientId": IDENT}
TEXT_TAB = _object(tabId=TEXT, tabLabel=TEXT, value=VALUE, locked=FLAG, required=FLAG, **PLACE)
SIGN_HERE_TAB = _object(tabId=TEXT, tabLabel=TEXT, optional=FLAG, **PLACE)
TABS = _object(textTabs=_array(TEXT_TAB), signHereTabs=_array(SIGN_HERE_TAB))

TEMPLATE_ROLE = _object(roleName=TEXT, name=TEXT, email=TEXT, routingOrder=NUMBER, clientUserId=TEXT, tabs=TABS)
SIGNER = _object(
    recipientId=IDENT, roleName=TEXT, name=TEXT, email=TEXT, routingOrder=NUMBER, clientUserId=TEXT, tabs=TABS
)
DOCUMENT = _object(documentId=IDENT, name=TEXT, fileExtension=TEXT, documentBase64=TEXT)
TEXT_CUSTOM_FIELD = _object(fieldId=IDENT, name=TEXT, value=VALUE, show=FLAG, required=FLAG)
CUSTOM_FIELDS = _object(textCustomFields=_array(TEXT_CUSTOM_FIELD), listCustomFields=_array({}))
EVENT_NOTIFICATION = _object(
    url=TEXT,
    requireAcknowledgment=FLAG,
    includeHMAC=FLAG,
    loggingEnabled=FLAG,
    deliveryMode=TEXT,
    includeDocuments=FLAG,
    includeEnvelopeVoidReason=FLAG,
    events=_array(TEXT),
    envelopeEvents=_array(_object(envelopeEventStatusCode=TEXT, includeDocuments=FLAG)),
    recipientEvents=_array(_object(recipientEventStatusCode=TEXT, includeDocuments=FLAG)),
    eventData=_object(version=TEXT, format=TEXT, includeData=_array(TEXT)),
)
RECIPIENTS = _object(
    signers=_array(SIGNER),
    carbonCopies=_array(SIGNER),
    certifiedDeliveries=_array(SIGNER),
    inPersonSigners=_array({}),
    agents=_array({}),
    editors=_array({}),
    intermediaries=_array({}),
    witnesses=_array({}),
    notaries=_array({}),
    seals=_array({}),
)
# eSignature v2.1 spec definitions compositeTemplate, serverTemplate, inlineTemplate.
SERVER_TEMPLATE = _object(sequence=NUMBER, templateId=TEXT)
INLINE_TEMPLATE = _object(
    sequence=NUMBER, recipients=RECIPIENTS, documents=_array(DOCUMENT), customFields=CUSTOM_FIELDS
)
COMPOSITE_TEMPLATE = _object(
    compositeTemplateId=IDENT,
    document=DOCUMENT,
    serverTemplates=_array(SERVER_TEMPLATE),
    inlineTemplates=_array(INLINE_TEMPLATE),
    pdfMetaDataTemplateSequence=NUMBER,
)

ENVELOPE_DEFINITION = {
    "type": "object",
    "properties": {
        "status": TEXT,
        "emailSubject": TEXT,
        "emailBlurb": TEXT,
        "templateId": TEXT,
        "templateRoles": _array(TEMPLATE_ROLE),
        "documents": _array(DOCUMENT),
        "recipients": RECIPIENTS,
        "customFields": CUSTOM_FIELDS,
        "eventNotification": EVENT_NOTIFICATION,
        "compositeTemplates": _array(COMPOSITE_TEMPLATE),
    },
}
ENVELOPE_UPDATE = {
    "type": "object",
    "properties": {"status": TEXT, "voidedReason": TEXT, "emailSubject": TEXT, "emailBlurb": TEXT, "purgeState": TEXT},
}
TABS_UPDATE = {"type": "object", "properties": {"textTabs": _array(TEXT_TAB), "signHereTabs": _array(SIGN_HERE_TAB)}}
RECIPIENT_VIEW_REQUEST = {
    "type": "object",
    "properties": {
        "returnUrl": TEXT,
        "authenticationMethod": TEXT,
        "email": TEXT,
        "userName": TEXT,
        "clientUserId": TEXT,
        "recipientId": IDENT,
        "userId": TEXT,
    },
}

# Query strings (every value arrives as text).
_Q_TEXT: dict[str, Any] = {"type": "string"}
_Q_NUMBER: dict[str, Any] = {"type": "string", "pattern": "^[0-9]+$"}
_Q_FLAG: dict[str, Any] = {"type": "string", "enum": ["true", "false"]}
Query = dict[str, dict[str, Any]]
LIST_STATUS_CHANGES_QUERY: Query = {
    "from_date": _Q_TEXT,
    "to_date": _Q_TEXT,
    "status": _Q_TEXT,
    "from_to_status": _Q_TEXT,
    "envelope_ids": _Q_TEXT,
    "transaction_ids": _Q_TEXT,
    "custom_field": _Q_TEXT,
    "search_text": _Q_TEXT,
    "email": _Q_TEXT,
    "include": _Q_TEXT,
    "count": _Q_NUMBER,
    "start_position": _Q_NUMBER,
    "order": {"type": "string", "enum": ["asc", "desc"]},
    "order_by": {"type": "string", "enum": ["last_modified", "created", "sent", "completed", "status_changed"]},
}
GET_ENVELOPE_QUERY: Query = {"include": _Q_TEXT, "advanced_update": _Q_FLAG}
UPDATE_ENVELOPE_QUERY: Query = {"resend_envelope": _Q_FLAG, "advanced_update": _Q_FLAG}
LIST_RECIPIENTS_QUERY: Query = {"include_tabs": _Q_FLAG, "include_extended": _Q_FLAG}
GET_DOCUMENT_QUERY: Query = {"certificate": _Q_FLAG, "watermark": _Q_FLAG, "show_changes": _Q_FLAG, "encoding": _Q_TEXT}
LIST_TEMPLATES_QUERY: Query = {
    "search_text": _Q_TEXT, "count": _Q_NUMBER, "start_position": _Q_NUMBER, "include": _Q_TEXT
}
GET_TEMPLATE_QUERY: Query = {"include": _Q_TEXT}

_validators: dict[int, Draft202012Validator] = {}


def check(schema: dict[str, Any], value: Any) -> dict[str, Any]:
    """``value`` when it fits ``schema``; otherwise DocuSign's INVALID_REQUEST_BODY naming the first bad field."""
    validator = _validators.get(id(schema))
    if validator is None:
        validator = _validators[id(schema)] = Draft202012Validator(schema)
    error = next(iter(sorted(validator.iter_errors(value), key=lambda e: len(e.absolute_path))), None)
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(the body)"
        shown = repr(error.instance)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        raise invalid_body(f"'{where}' has the wrong type or value: {shown}.")
    return value
