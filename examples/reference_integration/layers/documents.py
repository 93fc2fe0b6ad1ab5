"""Layer 3: the offer letter, from approved Greenhouse offer to signed envelope.

Data is read live from Greenhouse at approval time (never from the web hook
alone), checked, and written into the "Offer Letter" template's tabs as
exact strings. The hiring manager (routing order 1) approves before the
candidate (routing order 2) sees anything.
"""

from __future__ import annotations

from typing import Any

from ..core import Core
from ..facts import OfferFacts, gather_facts
from ..http import VendorError
from ..jsonio import plain
from ..offers import Problem, missing_terms
from ..settings import (
    ENVELOPE_FIELD_APPLICATION,
    ENVELOPE_FIELD_OFFER,
    OFFER_TEMPLATE_NAME,
    ROLE_CANDIDATE,
    ROLE_HIRING_MANAGER,
    TOUCHPOINT_SUBJECTS,
)
from ..state import Envelope, Journey

OUTCOMES = {"completed": "accepted", "declined": "declined", "voided": "voided"}
NOTE_WORDS = {"completed": "signed", "declined": "declined"}


class Documents(Core):
    def offer_problems(self, facts: OfferFacts) -> list[Problem]:
        return facts.missing_people(with_manager=True) + missing_terms(facts.terms)

    def on_offer_approved(self, payload: dict[str, Any]) -> None:
        app_id, offer_id = str(payload.get("application_id")), str(payload.get("id"))
        journey = self.journey(app_id)
        key = ("envelope", app_id, offer_id)
        if self.is_done(key):
            return
        try:
            facts = gather_facts(self.greenhouse, app_id, str(payload["job_id"]) if payload.get("job_id") else None)
        except VendorError as exc:
            self.alert(f"application {app_id}: offer letter not generated, Greenhouse read failed: {exc}")
            return
        problems = self.offer_problems(facts)
        if problems:
            self.alert(
                f"application {app_id}: offer letter held for review: " + "; ".join(str(p) for p in problems),
                key=("offer-held", app_id, offer_id),
            )
            return
        try:
            self.void_superseded(journey, offer_id)
            envelope_id = self.send_offer_letter(facts, offer_id)
        except (VendorError, KeyError) as exc:
            self.alert(f"application {app_id}: offer envelope not created: {exc}")
            return
        journey.envelopes[offer_id] = Envelope(envelope_id, offer_id)
        self.state.envelope_apps[envelope_id] = app_id
        self.mark_done(key)
        self.record_offer(app_id, envelope_id, "sent")
        try:
            self.greenhouse.set_signature_status(app_id, "sent")
        except VendorError as exc:
            self.alert(
                f"application {app_id}: envelope {envelope_id} sent but signature_status not written back: {exc}"
            )
            return
        journey.email = journey.email or facts.email
        journey.first_name = journey.first_name or facts.first_name
        self.send_touchpoint(
            journey,
            "offer",
            offer_id,
            [
                f"We are delighted to offer you the position of {facts.job_title}.",
                "Your offer letter will reach you from DocuSign for signature once your hiring manager has "
                "approved it.",
            ],
            subject=f"{TOUCHPOINT_SUBJECTS['offer']} {self.settings.company_name}",
        )

    def void_superseded(self, journey: Journey, offer_id: str) -> None:
        """A newer offer version replaces any envelope still out for an older one."""
        for old in journey.envelopes.values():
            if old.offer_id != offer_id and old.status in ("sent", "delivered"):
                self.esign.void(old.envelope_id, f"Superseded by offer {offer_id}")
                old.status = "voided"

    # -- the envelope ------------------------------------------------------------
    def send_offer_letter(self, facts: OfferFacts, offer_id: str) -> str:
        """Send the offer letter from the "Offer Letter" template; the envelope (signature request) id."""
        if self.settings.esign_vendor == "dropbox_sign":
            template_id = self.dropbox_sign.find_template(OFFER_TEMPLATE_NAME)
            sent = self.dropbox_sign.send_with_template(self.signature_request(facts, template_id, offer_id))
            return str(sent["signature_request_id"])
        definition = self.envelope_definition(facts, self.docusign.find_template(OFFER_TEMPLATE_NAME), offer_id)
        return str(self.docusign.create_envelope(definition)["envelopeId"])

    def signature_request(self, facts: OfferFacts, template_id: str, offer_id: str) -> dict[str, Any]:
        """Dropbox Sign ``send_with_template``: the same roles (the template orders them: hiring manager
        first), the offer values as the template's custom fields (merge fields) for the Candidate, and the
        Greenhouse ids as metadata."""
        tabs = [{"tabLabel": label, "value": value} for label, value in self.offer_tabs(facts).items()]
        roles = sorted(self.template_roles(facts, tabs), key=lambda r: int(r.get("routingOrder") or 1))
        return {
            "template_ids": [template_id],
            "subject": f"Offer letter: {facts.job_title}",
            "signers": [{"role": r["roleName"], "name": r["name"], "email_address": r["email"]} for r in roles],
            "custom_fields": [
                {"name": t["tabLabel"], "value": t["value"], "editor": r["roleName"]}
                for r in roles for t in (r.get("tabs") or {}).get("textTabs") or []
            ],
            "metadata": {ENVELOPE_FIELD_APPLICATION: facts.application_id, ENVELOPE_FIELD_OFFER: offer_id},
        }

    def offer_tabs(self, facts: OfferFacts) -> dict[str, str]:
        first, last = self.person_name(facts.first_name, facts.last_name)
        terms = facts.terms
        return {
            "candidate_name": f"{first} {last}",
            "job_title": facts.job_title,
            "department": facts.department,
            "start_date": self.format_date(terms.start_date) if terms.start_date else "",
            "salary": plain(terms.salary) if terms.salary is not None else "",
            "currency": terms.currency or "",
            "pay_period": terms.pay_period or "",
            "employment_type": terms.employment_type or "",
            "hours_per_week": plain(terms.hours_per_week) if terms.hours_per_week is not None else "",
            "hiring_manager": facts.manager_name,
        }

    def template_roles(self, facts: OfferFacts, tabs: list[dict[str, str]]) -> list[dict[str, Any]]:
        first, last = self.person_name(facts.first_name, facts.last_name)
        return [
            {
                "roleName": ROLE_HIRING_MANAGER,
                "name": facts.manager_name,
                "email": facts.manager_email,
                "routingOrder": "1",
            },
            {
                "roleName": ROLE_CANDIDATE,
                "name": f"{first} {last}",
                "email": facts.email,
                "routingOrder": "2",
                "tabs": {"textTabs": tabs},
            },
        ]

    def envelope_definition(self, facts: OfferFacts, template_id: str, offer_id: str) -> dict[str, Any]:
        tabs = [
            {"tabLabel": label, "value": value, "locked": "true"} for label, value in self.offer_tabs(facts).items()
        ]
        return {
            "templateId": template_id,
            "status": "sent",
            "emailSubject": f"Offer letter: {facts.job_title}",
            "templateRoles": self.template_roles(facts, tabs),
            "customFields": {
                "textCustomFields": [
                    {"name": ENVELOPE_FIELD_APPLICATION, "value": facts.application_id},
                    {"name": ENVELOPE_FIELD_OFFER, "value": offer_id},
                ]
            },
            "eventNotification": {
                "url": f"{self.settings.public_url}/webhooks/docusign",
                "requireAcknowledgment": "true",
                "includeHMAC": "true",
                "eventData": {"version": "restv2.1", "format": "json", "includeData": ["custom_fields", "recipients"]},
                "envelopeEvents": [{"envelopeEventStatusCode": code} for code in ("completed", "declined", "voided")],
            },
        }

    # -- Connect deliveries ----------------------------------------------------------
    def write_back_outcome(self, app_id: str, status: str) -> None:
        """The ATS learns how the envelope ended: ``signature_status`` on the current offer."""
        self.greenhouse.set_signature_status(app_id, status)

    def on_envelope_status(self, app_id: str, envelope_id: str, status: str) -> None:
        if status not in OUTCOMES:
            return
        journey = self.journey(app_id)
        envelope = next((e for e in journey.envelopes.values() if e.envelope_id == envelope_id), None)
        if envelope is not None and envelope.status == status:
            return  # we did this ourselves (a void on rollback), or heard it already
        try:
            self.write_back_outcome(app_id, status)
        except VendorError as exc:
            if exc.status is None or exc.server_side:
                raise  # worth DocuSign's retry
            self.alert(
                f"application {app_id}: envelope {envelope_id} {status}, signature_status not written back: {exc}"
            )
        if status != "voided":
            self.note_on_candidate(journey, f"Offer letter {NOTE_WORDS[status]} (DocuSign envelope {envelope_id})")
        if envelope is not None:
            envelope.status = status
        self.record_offer(app_id, envelope_id, OUTCOMES[status])
