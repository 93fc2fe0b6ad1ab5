"""One thin handler per eSignature operation, named after the official SDK's
method (``EnvelopesApi.create_envelope``...). Each reads the request, asks the
model, and shapes the answer with ``serialize``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...kit.http import Request, Response, json_response
from ..model import EsignModel
from . import listing, parse, schemas, serialize
from .auth import sender
from .errors import DocuSignError, invalid_parameter
from .schemas import check

if TYPE_CHECKING:
    from ...kit.hub import Hub


class Handlers:
    """Mixed into DocuSignFake, which provides ``hub`` and ``base_url``."""

    hub: Hub
    system: str

    if TYPE_CHECKING:

        def base_url(self, request: Request) -> str: ...

    def esign(self, request: Request) -> EsignModel:
        return self.hub.model(self.system, request.tenant, EsignModel)

    # -- envelopes ------------------------------------------------------------
    def create_envelope(self, request: Request) -> Response:
        body = check(schemas.ENVELOPE_DEFINITION, request.json_object())
        envelope = self.esign(request).create_envelope(**parse.envelope_definition(body))
        return json_response(serialize.envelope_summary(envelope), 201)

    def get_envelope(self, request: Request) -> dict[str, Any]:
        envelope = self.esign(request).get_envelope(request.params["envelopeId"])
        return serialize.envelope(envelope, sender(request.tenant), listing.include_set(request))

    def list_status_changes(self, request: Request) -> dict[str, Any]:
        envelopes = listing.select_envelopes(self.esign(request).all_envelopes(), request)
        who, include = sender(request.tenant), listing.include_set(request)
        return listing.page(
            envelopes, request, "envelopes", "/envelopes", lambda e: serialize.envelope(e, who, include)
        )

    def update_envelope(self, request: Request) -> dict[str, Any]:
        body = check(schemas.ENVELOPE_UPDATE, request.json_object()) if request.body.strip() else {}
        parse.apply_envelope_update(self.esign(request), request.params["envelopeId"], body)
        return {"envelopeId": request.params["envelopeId"]}

    # -- recipients and tabs ------------------------------------------------------
    def list_recipients(self, request: Request) -> dict[str, Any]:
        envelope = self.esign(request).get_envelope(request.params["envelopeId"])
        return serialize.recipients(envelope, tabs=request.q("include_tabs") == "true")

    def list_tabs(self, request: Request) -> dict[str, Any]:
        recipient = self.esign(request).get_recipient(request.params["envelopeId"], request.params["recipientId"])
        return serialize.tabs(recipient)

    def update_tabs(self, request: Request) -> dict[str, Any]:
        values = parse.tab_values(check(schemas.TABS_UPDATE, request.json_object()))
        envelope_id, recipient_id = request.params["envelopeId"], request.params["recipientId"]
        updated = self.esign(request).update_tabs(envelope_id, recipient_id, values)
        recipient = self.esign(request).get_recipient(envelope_id, recipient_id)
        return {"textTabs": [serialize.text_tab(t, recipient) for t in updated]}

    def create_recipient_view(self, request: Request) -> Response:
        body = check(schemas.RECIPIENT_VIEW_REQUEST, request.json_object())
        for field in ("returnUrl", "authenticationMethod"):
            if not str(body.get(field) or "").strip():
                raise invalid_parameter(f"A value for '{field}' must be specified.")
        recipient = self.esign(request).embedded_signer(
            request.params["envelopeId"], parse.ident(body.get("clientUserId")), body.get("email"),
            body.get("userName"), parse.ident(body.get("recipientId")),
        )
        token = self.hub.ids.token("docusign.signing_session", 32)
        url = f"{self.base_url(request)}/Signing/MTRedeem/v1/{token}?slt={recipient['recipient_guid']}"
        return json_response({"url": url}, 201)

    # -- custom fields and documents ------------------------------------------------
    def list_custom_fields(self, request: Request) -> dict[str, Any]:
        return serialize.custom_fields(self.esign(request).get_envelope(request.params["envelopeId"]))

    def list_documents(self, request: Request) -> dict[str, Any]:
        return serialize.documents(self.esign(request).get_envelope(request.params["envelopeId"]))

    def get_document(self, request: Request) -> Response:
        envelope = self.esign(request).get_envelope(request.params["envelopeId"])
        found = serialize.document_file(envelope, request.params["documentId"], request.q("certificate") == "true")
        if found is None:
            raise DocuSignError("DOCUMENT_DOES_NOT_EXIST", f"documentId={request.params['documentId']!r}")
        name, content = found
        disposition = f'file; filename="{name}"; documentid="{request.params["documentId"]}"'
        return Response(200, [("Content-Type", "application/pdf"), ("Content-Disposition", disposition)], content)

    # -- templates --------------------------------------------------------------------
    def list_templates(self, request: Request) -> dict[str, Any]:
        found = self.esign(request).templates(request.q("search_text"))
        owner = sender(request.tenant)
        return listing.page(found, request, "envelopeTemplates", "/templates",
                            lambda t: serialize.template_summary(t, owner))

    def get_template(self, request: Request) -> dict[str, Any]:
        return serialize.template(self.esign(request).get_template(request.params["templateId"]),
                                  sender(request.tenant))
