"""One thin handler per Dropbox Sign operation, named after the official SDK's
method (``SignatureRequestApi.signature_request_send``...). Each reads the
request, asks the model, and shapes the answer with ``serialize``. A
``ModelError`` becomes Dropbox Sign's error body in the Fake's
``model_error`` hook, not here."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ...kit.http import Request, Response
from . import parse, schemas, serialize
from .auth import client_id
from .errors import DropboxSignError, bad_request

if TYPE_CHECKING:
    from ...kit.hub import Hub
    from ..model import EsignModel


class Handlers:
    """Mixed into DropboxSignFake, which provides ``hub``, ``apps`` and ``base_url``."""

    hub: Hub
    apps: dict[str, str | None]
    sending: bool
    sending_app: str | None

    if TYPE_CHECKING:

        def base_url(self, request: Request) -> str: ...

    def esign(self, request: Request) -> EsignModel:
        return self.hub.world.model("esign", request.tenant)  # type: ignore[attr-defined, no-any-return]

    def _answer(self, request: Request, envelope: dict[str, Any]) -> dict[str, Any]:
        return {"signature_request": serialize.signature_request(envelope, request.tenant, self.base_url(request)),
                "warnings": []}

    def _client(self, request: Request, data: dict[str, Any], required: bool) -> str | None:
        given = str(data.get("client_id") or "").strip() or None
        if given is None and required:
            raise bad_request("client_id is required for an embedded signature request", "client_id")
        if given is not None and given != client_id(request.tenant):
            raise DropboxSignError(404, f"Not found. (no API app with client_id {given!r})")
        return given

    # -- signature requests -----------------------------------------------------
    def _from_files(self, request: Request, schema: dict[str, Any], embedded: bool) -> dict[str, Any]:
        data = schemas.check(schema, parse.body(request))
        app = self._client(request, data, embedded)
        recipients = parse.signers(data.get("signers"), embedded)
        docs = parse.documents(data)
        with self._sending(app):
            envelope = self.esign(request).create_envelope(
                recipients,
                documents=docs,
                subject=str(data.get("subject") or data.get("title") or docs[0]["name"]),
                blurb=str(data.get("message") or ""),
                custom_fields=parse.metadata(data.get("metadata")),
            )
        return self._answer(request, envelope)

    @contextlib.contextmanager
    def _sending(self, app: str | None) -> Iterator[None]:
        """While a request is created through this fake: its first events are already this account's (and
        the app's, when sent with a client_id)."""
        self.sending, self.sending_app = True, app
        try:
            yield
        finally:
            self.sending, self.sending_app = False, None

    def _from_template(self, request: Request, schema: dict[str, Any], embedded: bool) -> dict[str, Any]:
        data = schemas.check(schema, parse.body(request))
        app = self._client(request, data, embedded)
        template_ids = parse.listed(data.get("template_ids"), "template_ids")
        if len(template_ids) != 1:
            raise bad_request("this fake sends from exactly one template (template_ids with one id)", "template_ids")
        model = self.esign(request)
        template = model.get_template(str(template_ids[0]))
        recipients = parse.template_signers(data.get("signers"), data.get("custom_fields"), template, embedded)
        with self._sending(app):
            envelope = model.create_envelope(
                recipients,
                template_id=template["id"],
                subject=str(data.get("subject") or data.get("title") or "") or None,
                blurb=data.get("message"),
                custom_fields=parse.metadata(data.get("metadata")),
            )
        return self._answer(request, envelope)

    def signature_request_send(self, request: Request) -> dict[str, Any]:
        return self._from_files(request, schemas.SEND, embedded=False)

    def signature_request_send_with_template(self, request: Request) -> dict[str, Any]:
        return self._from_template(request, schemas.SEND_WITH_TEMPLATE, embedded=False)

    def signature_request_create_embedded(self, request: Request) -> dict[str, Any]:
        return self._from_files(request, schemas.CREATE_EMBEDDED, embedded=True)

    def signature_request_create_embedded_with_template(self, request: Request) -> dict[str, Any]:
        return self._from_template(request, schemas.CREATE_EMBEDDED_WITH_TEMPLATE, embedded=True)

    def signature_request_get(self, request: Request) -> dict[str, Any]:
        return self._answer(request, self.esign(request).get_envelope(request.params["signature_request_id"]))

    def signature_request_list(self, request: Request) -> dict[str, Any]:
        page, size = _paging(request)
        needle = (request.q("query") or "").strip().lower()
        found = [e for e in self.esign(request).all_envelopes() if _matches(e, needle)]
        found.sort(key=lambda e: e["created_at"], reverse=True)  # newest first
        base = self.base_url(request)
        return {
            "signature_requests": [serialize.signature_request(e, request.tenant, base)
                                   for e in found[(page - 1) * size: page * size]],
            "list_info": serialize.list_info(len(found), page, size),
            "warnings": [],
        }

    def signature_request_cancel(self, request: Request) -> Response:
        self.esign(request).void(request.params["signature_request_id"], "Canceled by the requester")
        return Response(200, [("Content-Type", "application/json")], b"")

    def signature_request_remind(self, request: Request) -> dict[str, Any]:
        data = schemas.check(schemas.REMIND, parse.body(request))
        envelope = self.esign(request).remind(request.params["signature_request_id"], str(data["email_address"]),
                                              data.get("name"))
        return self._answer(request, envelope)

    def signature_request_files(self, request: Request) -> Response:
        envelope = self.esign(request).get_envelope(request.params["signature_request_id"])
        file_type = request.q("file_type") or "pdf"
        if file_type not in ("pdf", "zip"):
            raise bad_request(f"file_type={file_type!r} must be pdf or zip", "file_type")
        content_type, name, content = serialize.files(envelope, file_type)
        return Response(200, [("Content-Type", content_type),
                              ("Content-Disposition", f'attachment; filename="{name}"')], content)

    # -- embedded -------------------------------------------------------------------
    def embedded_sign_url(self, request: Request) -> dict[str, Any]:
        signature_id = request.params["signature_id"]
        model = self.esign(request)
        for envelope in model.all_envelopes():
            for r in envelope["recipients"]:
                if r["recipient_guid"] == signature_id:
                    if r["client_user_id"] is None or envelope["id"] not in self.apps:
                        raise bad_request("this signature request was not created for embedded signing",
                                          "signature_id")
                    model.embedded_signer(envelope["id"], r["client_user_id"], recipient_id=r["recipient_id"])
                    token = self.hub.ids.token("dropbox_sign.sign_url", 32)
                    expires = int(self.hub.clock.timestamp()) + 3600
                    return {"embedded": {"sign_url": f"{self.base_url(request)}/editor/embeddedSign?"
                                                     f"signature_id={signature_id}&token={token}",
                                         "expires_at": expires}, "warnings": []}
        raise DropboxSignError(404, f"Not found. (no signature {signature_id!r})")

    # -- templates and account --------------------------------------------------------
    def template_list(self, request: Request) -> dict[str, Any]:
        page, size = _paging(request)
        query = (request.q("query") or "").strip()
        if query.lower().startswith("title:"):
            query = query[len("title:"):].strip()
        found = self.esign(request).templates(query.strip('"') or None)
        return {
            "templates": [serialize.template(t, request.tenant) for t in found[(page - 1) * size: page * size]],
            "list_info": serialize.list_info(len(found), page, size),
            "warnings": [],
        }

    def template_get(self, request: Request) -> dict[str, Any]:
        template = self.esign(request).get_template(request.params["template_id"])
        return {"template": serialize.template(template, request.tenant), "warnings": []}

    def account_get(self, request: Request) -> dict[str, Any]:
        url = self.hub.settings.get("dropbox_sign.callback_url")
        return {"account": serialize.account(request.tenant, str(url) if url else None), "warnings": []}


def _paging(request: Request) -> tuple[int, int]:
    out = []
    for name, default, top in (("page", 1, None), ("page_size", 20, 100)):
        raw = request.q(name)
        try:
            value = int(raw) if raw not in (None, "") else default
        except ValueError:
            raise bad_request(f"{name}={raw!r} must be a whole number", name) from None
        if value < 1 or (top is not None and value > top):
            raise bad_request(f"{name}={value} must be between 1 and {top or 'the last page'}", name)
        out.append(value)
    return out[0], out[1]


def _matches(envelope: dict[str, Any], needle: str) -> bool:
    if not needle:
        return True
    words = [envelope["subject"], *(r["email"] for r in envelope["recipients"]),
             *(r["name"] for r in envelope["recipients"])]
    return any(needle in str(w).lower() for w in words)
