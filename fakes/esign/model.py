"""E-signature, vendor-neutral: templates, envelopes, recipients in routing order, tabs.

An envelope carries documents to recipients who act in routing order: every
recipient at the lowest unfinished order is sent the envelope at once; when
they have all signed, the next order is sent; the envelope completes when the
last signer signs. Any signer may decline instead, and the sender may void an
envelope that is still in process. Both lifecycles are the data below.

Recipients are of three kinds (``type``): a ``signer`` signs (or declines);
a ``carbon_copy`` is sent a copy when its routing order comes up and is done
at once, so routing goes on without it; a ``certified_delivery`` must open
the envelope (its view completes it) before routing goes on. A recipient may
have a template ``role`` or none at all (a document-based envelope names its
signers by email and routing order); world actions find a recipient by role,
email or routing order.

Records are plain dicts; times come from the shared clock; every change a
vendor announces by webhook is emitted as ``envelope.<status>`` or
``recipient.<status>`` once the step it belongs to is in place (a send
emits after the first routing order is sent), so a dialect that reads the
envelope while handling an event sees the state of that moment.
"""

from __future__ import annotations

import copy
from typing import Any

from ..kit.model import Model, ModelError, action
from .records import (
    OFFER_LETTER,
    OFFER_TEXT_TABS,
    RECIPIENT_TYPES,
    check_complete,
    compose,
    custom_field,
    missing,
    offer_letter_template,
    recipient_record,
    render_pdf,
    template_recipients,
    template_record,
    text_value,
)

__all__ = ["ENVELOPE_TRANSITIONS", "OFFER_LETTER", "OFFER_TEXT_TABS", "RECIPIENT_TRANSITIONS",
           "RECIPIENT_TRANSITIONS_BY_TYPE", "RECIPIENT_TYPES",
           "EsignModel", "render_pdf", "text_value"]

# An envelope: a draft ("created") is sent, then delivered once every signer
# has opened it, then completed. Only an envelope in process can be declined
# by a signer or voided by its sender; a draft is deleted, not voided.
ENVELOPE_TRANSITIONS: dict[str, frozenset[str]] = {
    "created": frozenset({"sent"}),
    "sent": frozenset({"delivered", "declined", "voided"}),
    "delivered": frozenset({"completed", "declined", "voided"}),
    "completed": frozenset(),
    "declined": frozenset(),
    "voided": frozenset(),
}
ENVELOPE_STAMPS = {
    "created": "created_at",
    "sent": "sent_at",
    "delivered": "delivered_at",
    "completed": "completed_at",
    "declined": "declined_at",
    "voided": "voided_at",
}
IN_PROCESS = frozenset({"sent", "delivered"})
_ANY: Any = object()  # "not given", where None has a meaning of its own

# A recipient waits ("created") until its routing order comes up, is sent the
# envelope, opens it (delivered), then signs (completed) or declines.
RECIPIENT_TRANSITIONS: dict[str, frozenset[str]] = {
    "created": frozenset({"sent"}),
    "sent": frozenset({"delivered", "declined"}),
    "delivered": frozenset({"completed", "declined"}),
    "completed": frozenset(),
    "declined": frozenset(),
}
# A carbon copy is done as soon as it is sent its copy; a certified delivery
# lives like a signer (its view, not a signature, completes it).
RECIPIENT_TRANSITIONS_BY_TYPE: dict[str, dict[str, frozenset[str]]] = {
    "signer": RECIPIENT_TRANSITIONS,
    "certified_delivery": RECIPIENT_TRANSITIONS,
    "carbon_copy": {"created": frozenset({"sent"}), "sent": frozenset({"completed"}), "completed": frozenset()},
}
RECIPIENT_STAMPS = {"sent": "sent_at", "delivered": "delivered_at", "completed": "signed_at", "declined": "declined_at"}


class EsignModel(Model):
    system = "esign"

    # -- furniture ---------------------------------------------------------
    def seed(self) -> None:
        ident = self._guid("template")
        self.store.table("templates")[ident] = offer_letter_template(ident, self.now(), self._guid)

    @action
    def add_template(self, name: str, roles: list[dict[str, Any]], subject: str = "") -> dict[str, Any]:
        """The account's admin builds a template: its roles (name, routing order, text tab labels)."""
        if not isinstance(name, str) or not name.strip():
            raise ModelError(f"name={name!r} must be a non-empty string", field="name")
        if any(t["name"] == name for t in self.store.table("templates").values()):
            raise ModelError(f"a template named {name!r} already exists", kind="conflict", field="name")
        if not roles:
            raise ModelError("a template needs at least one role", field="roles")
        ident = self._guid("template")
        record = template_record(ident, self.now(), self._guid, name, list(roles), subject)
        self.store.table("templates")[ident] = record
        return copy.deepcopy(record)

    # -- creating and sending ----------------------------------------------
    def create_envelope(
        self,
        recipients: list[dict[str, Any]],
        template_id: str | None = None,
        documents: list[dict[str, Any]] | None = None,
        subject: str | None = None,
        blurb: str | None = None,
        custom_fields: list[dict[str, Any]] | None = None,
        notification: dict[str, Any] | None = None,
        send: bool = True,
        composites: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """Create a draft (``send=False``) or send at once.

        ``recipients`` are dicts of ``type`` (signer, carbon_copy,
        certified_delivery; default signer), ``role`` (optional), ``name,
        email, routing_order, recipient_id, client_user_id, text_tabs [{label,
        value, locked}], sign_here_tabs``. With a template, each names a
        template role and its text tabs fill the template's tabs of the same
        label; without one, ``documents`` [{document_id, name, content_base64}]
        carry the content. ``composites`` builds the envelope from composite
        templates instead (see ``compose``); ``recipients`` and ``documents``
        are then unused.
        """
        template = None
        if composites:
            built = compose(composites, self.get_template, self._guid)
            signers, documents = built["recipients"], built["documents"]
            custom_fields = [*built["custom_fields"], *(custom_fields or [])]
            template = built["template"]
            template_id = template["id"] if template else None
        elif template_id is not None:
            template = self.get_template(template_id)
            signers = template_recipients(template, recipients, self._guid)
            documents = documents or copy.deepcopy(template["documents"])
        else:
            signers = [recipient_record(r, i, self._guid) for i, r in enumerate(recipients)]
        ids = [s["recipient_id"] for s in signers]
        if len(set(ids)) != len(ids):
            raise ModelError(f"recipient ids {ids} must be unique within an envelope", field="recipient_id")
        now = self.now()
        ident = self._guid("envelope")
        envelope = {
            "id": ident,
            "status": "created",
            "subject": subject if subject else (template["email_subject"] if template else ""),
            "blurb": blurb if blurb is not None else (template["email_blurb"] if template else ""),
            "template_id": template_id,
            "recipients": signers,
            "documents": [dict(d) for d in documents or []],
            "custom_fields": [custom_field(f, self.new_id("custom_field", 10_000_000)) for f in custom_fields or []],
            "notification": copy.deepcopy(notification),
            "voided_reason": None,
            "status_changed_at": now,
            "last_modified_at": now,
            **{stamp: None for stamp in ENVELOPE_STAMPS.values()},
        }
        envelope["created_at"] = now
        if send:
            check_complete(envelope)
        self.store.table("envelopes")[ident] = envelope
        if send:
            self._flush(self._send(envelope), envelope)
        else:
            self.emit("envelope.created", envelope_id=ident)
        return envelope

    def send(self, envelope_id: str) -> dict[str, Any]:
        """Send a draft."""
        envelope = self.get_envelope(envelope_id)
        if envelope["status"] != "created":
            raise ModelError(
                f"envelope {envelope_id} is {envelope['status']}: only a draft (created) can be sent",
                kind="conflict",
                field="status",
            )
        check_complete(envelope)
        self._flush(self._send(envelope), envelope)
        return envelope

    def update_draft(self, envelope_id: str, subject: str | None = None, blurb: str | None = None) -> dict[str, Any]:
        envelope = self.get_envelope(envelope_id)
        if envelope["status"] != "created":
            raise ModelError(f"envelope {envelope_id} is {envelope['status']}: only a draft can be edited",
                             kind="conflict", field="status")
        if subject is not None:
            envelope["subject"] = subject
        if blurb is not None:
            envelope["blurb"] = blurb
        envelope["last_modified_at"] = self.now()
        return envelope

    def update_tabs(self, envelope_id: str, recipient_id: str, values: dict[str, Any]) -> list[dict[str, Any]]:
        """Set tab values by tab id, before the recipient has acted."""
        envelope = self.get_envelope(envelope_id)
        recipient = self.get_recipient(envelope_id, recipient_id)
        if envelope["status"] not in ("created", *IN_PROCESS) or recipient["status"] in ("completed", "declined"):
            raise ModelError(
                f"tabs of recipient {recipient_id} can no longer change (envelope {envelope['status']}, "
                f"recipient {recipient['status']})",
                kind="conflict",
                field="status",
            )
        tabs = {t["tab_id"]: t for t in recipient["text_tabs"]}
        unknown = [tab_id for tab_id in values if tab_id not in tabs]
        if unknown:
            raise missing("tab", unknown[0], "tab_id")
        for tab_id, value in values.items():
            tabs[tab_id]["value"] = text_value(value)
        envelope["last_modified_at"] = self.now()
        return [tabs[tab_id] for tab_id in values]

    def embedded_signer(
        self, envelope_id: str, client_user_id: str | None, email: str | None = None, name: str | None = None,
        recipient_id: str | None = None,
    ) -> dict[str, Any]:
        """The embedded recipient (one with a client user id) a signing session is for, if it is their turn."""
        envelope = self.get_envelope(envelope_id)
        for r in envelope["recipients"]:
            same = r["recipient_id"] == recipient_id if recipient_id else (
                (email or "").lower() == r["email"].lower() and (name or "") == r["name"])
            if same and r["client_user_id"] is not None and r["client_user_id"] == client_user_id:
                break
        else:
            raise missing("embedded recipient", email or recipient_id, "recipient")
        if envelope["status"] in ("created", "voided"):
            raise ModelError(f"envelope {envelope_id} is {envelope['status']}: nobody can sign it",
                             kind="conflict", field="status")
        if r["status"] == "created":
            raise ModelError(f"recipient {r['recipient_id']} is not yet in routing order "
                             f"({r['routing_order']} after {self.current_order(envelope)})",
                             kind="conflict", field="routing_order")
        return r

    # -- world actions: what recipients and senders do ---------------------
    @action
    def view(
        self, envelope_id: str, email: str | None = None, role: str | None = None, routing_order: int | None = None
    ) -> dict[str, Any]:
        """The recipient whose turn it is opens the envelope (recipient delivered; a certified delivery completes)."""
        envelope, recipient = self._acting(envelope_id, email, role, routing_order)
        self._flush(self._view(envelope, recipient), envelope)
        if recipient["type"] == "certified_delivery":
            self._flush(self._complete(envelope, recipient), envelope)
        return copy.deepcopy(envelope)

    @action
    def sign(
        self, envelope_id: str, email: str | None = None, role: str | None = None, routing_order: int | None = None
    ) -> dict[str, Any]:
        """The recipient whose turn it is signs (opening it first if they had not); a certified delivery
        acknowledges receipt the same way."""
        envelope, recipient = self._acting(envelope_id, email, role, routing_order)
        self._flush(self._view(envelope, recipient), envelope)  # each message shows the state of its moment
        for tab in recipient["sign_here_tabs"]:
            tab["status"] = "signed"
        self._flush(self._complete(envelope, recipient), envelope)
        return copy.deepcopy(envelope)

    @action
    def decline(
        self,
        envelope_id: str,
        email: str | None = None,
        role: str | None = None,
        reason: str = "Declined",
        routing_order: int | None = None,
    ) -> dict[str, Any]:
        """The recipient whose turn it is declines to sign; the envelope ends declined."""
        envelope, recipient = self._acting(envelope_id, email, role, routing_order)
        self._move(recipient, "declined")
        recipient["declined_reason"] = str(reason)
        self._move_envelope(envelope, "declined")
        self._flush([("recipient.declined", recipient), ("envelope.declined", None)], envelope)
        return copy.deepcopy(envelope)

    @action
    def void(self, envelope_id: str, reason: str) -> dict[str, Any]:
        """The sender voids an envelope that is still in process (sent or delivered)."""
        envelope = self.get_envelope(envelope_id)
        if not str(reason or "").strip():
            raise ModelError("reason must say why the envelope is voided", field="voided_reason")
        if envelope["status"] not in IN_PROCESS:
            raise ModelError(
                f"envelope {envelope_id} is {envelope['status']}: only an envelope in process (sent or "
                "delivered) can be voided",
                kind="conflict",
                field="void",
            )
        self._move_envelope(envelope, "voided")
        envelope["voided_reason"] = str(reason)
        self._flush([("envelope.voided", None)], envelope)
        return copy.deepcopy(envelope)

    @action
    def remind(self, envelope_id: str, email: str, name: str | None = None) -> dict[str, Any]:
        """The sender reminds a signer whose turn it is (``reminded_at`` stamped, ``recipient.reminded`` emitted)."""
        envelope = self.get_envelope(envelope_id)
        if envelope["status"] not in IN_PROCESS:
            raise ModelError(f"envelope {envelope_id} is {envelope['status']}: only an envelope in process can be "
                             "reminded about", kind="conflict", field="status")
        found = [r for r in envelope["recipients"] if r["email"].lower() == str(email or "").lower()
                 and (name is None or r["name"] == name)]
        if not found:
            raise missing("recipient", email, "recipient")
        recipient = next((r for r in found if r["status"] in ("sent", "delivered")), found[0])
        if recipient["status"] not in ("sent", "delivered"):
            raise ModelError(f"recipient {email} cannot be reminded: it is {recipient['status']}"
                             + (" (not yet in routing order)" if recipient["status"] == "created" else ""),
                             kind="conflict", field="routing_order" if recipient["status"] == "created" else "status")
        recipient["reminded_at"] = self.now()
        self._flush([("recipient.reminded", recipient)], envelope)
        return copy.deepcopy(envelope)

    # -- queries -----------------------------------------------------------
    @action
    def envelope(self, envelope_id: str) -> dict[str, Any]:
        """One envelope (a copy)."""
        return copy.deepcopy(self.get_envelope(envelope_id))

    @action
    def envelopes(
        self,
        status: str | None = None,
        custom_field: tuple[str, str] | list[str] | None = None,
        recipient_email: str | None = None,
    ) -> list[dict[str, Any]]:
        """Envelopes, optionally by status, by a custom field (name, value) or by a recipient's email."""
        out = []
        for envelope in self.store.table("envelopes").values():
            if status is not None and envelope["status"] != status:
                continue
            if custom_field is not None:
                name, value = custom_field
                if not any(f["name"] == name and f["value"] == text_value(value) for f in envelope["custom_fields"]):
                    continue
            if recipient_email is not None and not any(
                r["email"].lower() == recipient_email.lower() for r in envelope["recipients"]
            ):
                continue
            out.append(copy.deepcopy(envelope))
        return out

    @action
    def tab_values(
        self,
        envelope_id: str,
        role: Any = _ANY,
        email: str | None = None,
        routing_order: int | None = None,
        recipient_id: str | None = None,
    ) -> dict[str, str]:
        """{tab label: value} of one recipient's text tabs.

        The recipient is found by any combination of ``role`` (``None`` means
        a recipient without a role), ``email``, ``routing_order`` and
        ``recipient_id``; when several match, the first in recipient order.
        With none of them given, the ``Candidate`` role.
        """
        if role is _ANY and email is None and routing_order is None and recipient_id is None:
            role = "Candidate"
        envelope = self.get_envelope(envelope_id)
        matches = [
            r
            for r in envelope["recipients"]
            if (role is _ANY or r["role"] == role) and _matches(r, email, None, routing_order, recipient_id)
        ]
        if not matches:
            wanted = next((v for v in (role, email, recipient_id, routing_order) if v not in (None, _ANY)), None)
            raise missing("recipient", wanted, "role" if role not in (None, _ANY) else "recipient")
        return {t["label"]: t["value"] for t in matches[0]["text_tabs"]}

    @action
    def templates(self, search_text: str | None = None) -> list[dict[str, Any]]:
        """Templates whose name or description contains ``search_text`` (any case)."""
        needle = (search_text or "").lower()
        return [
            copy.deepcopy(t)
            for t in self.store.table("templates").values()
            if needle in t["name"].lower() or needle in t["description"].lower()
        ]

    # -- live records for dialects -------------------------------------------
    def get_envelope(self, envelope_id: str) -> dict[str, Any]:
        envelope = self.store.table("envelopes").get(envelope_id)
        if envelope is None:
            raise missing("envelope", envelope_id, "envelope_id")
        return envelope

    def get_template(self, template_id: str) -> dict[str, Any]:
        template = self.store.table("templates").get(template_id)
        if template is None:
            raise missing("template", template_id, "template_id")
        return template

    def get_recipient(self, envelope_id: str, recipient_id: str) -> dict[str, Any]:
        for recipient in self.get_envelope(envelope_id)["recipients"]:
            if recipient["recipient_id"] == recipient_id:
                return recipient
        raise missing("recipient", recipient_id, "recipient_id")

    def all_envelopes(self) -> list[dict[str, Any]]:
        return list(self.store.table("envelopes").values())

    @staticmethod
    def current_order(envelope: dict[str, Any]) -> int | None:
        """The routing order whose recipients act now (None once nobody is left to act)."""
        waiting = [r["routing_order"] for r in envelope["recipients"] if r["status"] not in ("completed", "declined")]
        return min(waiting) if waiting else None

    # -- rules ---------------------------------------------------------------
    def _guid(self, kind: str) -> str:
        return self.hub.ids.guid(f"esign.{self.tenant}.{kind}")

    def _send(self, envelope: dict[str, Any]) -> list[tuple[str, dict[str, Any] | None]]:
        self._move_envelope(envelope, "sent")
        return [("envelope.sent", None), *self._route(envelope)]

    def _route(self, envelope: dict[str, Any]) -> list[tuple[str, dict[str, Any] | None]]:
        """Send the envelope to every recipient of the current routing order not yet sent it.

        A carbon copy is done once sent, so when an order holds only carbon
        copies routing moves straight on to the next one; when nobody is left
        to act, the envelope completes.
        """
        events: list[tuple[str, dict[str, Any] | None]] = []
        while True:
            order = self.current_order(envelope)
            if order is None:
                break
            for recipient in envelope["recipients"]:
                if recipient["routing_order"] == order and recipient["status"] == "created":
                    self._move(recipient, "sent")
                    events.append(("recipient.sent", recipient))
                    if recipient["type"] == "carbon_copy":
                        self._move(recipient, "completed")
                        events.append(("recipient.completed", recipient))
            if self.current_order(envelope) == order:
                break
        if self.current_order(envelope) is None and envelope["status"] in IN_PROCESS:
            if envelope["status"] == "sent":
                self._move_envelope(envelope, "delivered")
                # announced now, so its message shows the envelope delivered, not already completed
                self._flush([*events, ("envelope.delivered", None)], envelope)
                events = []
            self._move_envelope(envelope, "completed")
            events.append(("envelope.completed", None))
        return events

    def _complete(self, envelope: dict[str, Any], recipient: dict[str, Any]) -> list[tuple[str, dict[str, Any] | None]]:
        """A recipient has done their part: signed, or (certified delivery) received the documents."""
        self._move(recipient, "completed")
        self._flush([("recipient.completed", recipient)], envelope)  # before routing goes on, which may announce
        return self._route(envelope)

    def _view(self, envelope: dict[str, Any], recipient: dict[str, Any]) -> list[tuple[str, dict[str, Any] | None]]:
        if recipient["status"] != "sent":
            return []
        self._move(recipient, "delivered")
        events: list[tuple[str, dict[str, Any] | None]] = [("recipient.delivered", recipient)]
        if envelope["status"] == "sent" and all(
            r["status"] in ("delivered", "completed") for r in envelope["recipients"]
        ):
            self._move_envelope(envelope, "delivered")
            events.append(("envelope.delivered", None))
        return events

    def _acting(
        self, envelope_id: str, email: str | None, role: str | None, routing_order: int | None = None
    ) -> tuple[dict, dict]:
        envelope = self.get_envelope(envelope_id)
        if envelope["status"] not in IN_PROCESS:
            raise ModelError(
                f"envelope {envelope_id} is {envelope['status']}: recipients act only while it is sent or delivered",
                kind="conflict",
                field="status",
            )
        matches = [r for r in envelope["recipients"] if _matches(r, email, role, routing_order, None)]
        if email is None and role is None:
            matches = [r for r in matches if r["status"] in ("sent", "delivered")]
            if len(matches) != 1:
                raise ModelError(
                    f"{len(matches)} recipients of envelope {envelope_id} can act now"
                    + (f" at routing order {routing_order}" if routing_order is not None else "")
                    + "; name one with email= or role=",
                    field="recipient",
                )
        if not matches:
            raise missing("recipient", email or role, "recipient")
        recipient = next((r for r in matches if r["status"] in ("sent", "delivered")), matches[0])
        label = recipient["role"] or recipient["email"]
        if recipient["status"] == "created":
            raise ModelError(
                f"recipient {label} (routing order {recipient['routing_order']}) "
                f"cannot act before routing order {self.current_order(envelope)} has signed",
                kind="conflict",
                field="routing_order",
            )
        if recipient["status"] not in ("sent", "delivered"):
            raise ModelError(
                f"recipient {label} has already {recipient['status']}",
                kind="conflict",
                field="status",
            )
        if recipient["type"] == "carbon_copy":  # pragma: no cover - a carbon copy is completed once sent
            raise ModelError(f"recipient {label} is a carbon copy: it has nothing to do", kind="conflict")
        return envelope, recipient

    def _move(self, recipient: dict[str, Any], status: str) -> None:
        if status not in RECIPIENT_TRANSITIONS_BY_TYPE[recipient["type"]][recipient["status"]]:
            raise ModelError(f"a recipient cannot go from {recipient['status']} to {status}", kind="conflict")
        recipient["status"] = status
        recipient[RECIPIENT_STAMPS[status]] = self.now()

    def _move_envelope(self, envelope: dict[str, Any], status: str) -> None:
        if status not in ENVELOPE_TRANSITIONS[envelope["status"]]:
            raise ModelError(f"an envelope cannot go from {envelope['status']} to {status}", kind="conflict")
        now = self.now()
        envelope["status"] = status
        envelope[ENVELOPE_STAMPS[status]] = now
        envelope["status_changed_at"] = envelope["last_modified_at"] = now

    def _flush(self, events: list[tuple[str, dict[str, Any] | None]], envelope: dict[str, Any]) -> None:
        """Announce a finished change, in the order it happened."""
        for kind, recipient in events:
            data: dict[str, Any] = {"envelope_id": envelope["id"]}
            if recipient is not None:
                data.update(recipient_id=recipient["recipient_id"], role=recipient["role"], email=recipient["email"],
                            recipient_type=recipient["type"], routing_order=recipient["routing_order"])
            self.emit(kind, **data)


def _matches(
    recipient: dict[str, Any], email: str | None, role: str | None, routing_order: int | None, recipient_id: str | None
) -> bool:
    return (
        (email is None or recipient["email"].lower() == email.lower())
        and (role is None or recipient["role"] == role)
        and (routing_order is None or recipient["routing_order"] == int(routing_order))
        and (recipient_id is None or recipient["recipient_id"] == str(recipient_id))
    )
