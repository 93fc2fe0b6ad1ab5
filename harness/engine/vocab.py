"""The profile's vocabulary and correlation, resolved against the world for one journey.

Every name an integration chose (which recipient is the candidate, which
custom field carries the application id, which event type a stage's link is
for, what an alert must mention) is read from the profile here, never from
code. A journey finds its profile through :func:`profile_of`: the one the
runner gave it, else the one the world was configured with, else the
defaults (the reference integration's choices).
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..profile.model import PARTIES, AlertSpec, Correlation, Signer, Vocabulary

if TYPE_CHECKING:
    from .journey import Journey

__all__ = [
    "PARTIES",
    "alert_needles",
    "booking_answers",
    "bookings",
    "employee_for",
    "envelopes",
    "event_type_matches",
    "offer_key",
    "party_email",
    "profile_of",
    "recipient_of",
    "tabs_of",
    "use_profile",
    "words_of",
]

_CONFIGURED: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def use_profile(world: Any, profile: Any) -> None:
    """Remember the profile a world was configured with (journeys built without one read it)."""
    _CONFIGURED[world] = profile


def profile_of(journey: Journey) -> Any:
    found = getattr(journey, "profile", None)
    if found is not None:
        return found
    try:
        return _CONFIGURED.get(journey.world)
    except TypeError:
        return None


def vocabulary(journey: Journey) -> Vocabulary:
    return words_of(profile_of(journey))


def words_of(profile: Any) -> Vocabulary:
    """A profile's vocabulary (the defaults for a profile without one)."""
    return _part(profile, "vocabulary", Vocabulary)


def correlation(journey: Journey) -> Correlation:
    return _part(profile_of(journey), "correlation", Correlation)


def alert_spec(profile: Any) -> AlertSpec:
    return _part(profile, "alerts", AlertSpec)


def _part(profile: Any, name: str, default: type) -> Any:
    value = profile.get(name) if isinstance(profile, dict) else getattr(profile, name, None)
    return value if value is not None and not isinstance(value, dict) else default()


# -- parties ---------------------------------------------------------------------------------------------
def party_email(journey: Journey, party: str) -> str:
    """The email address of a party of the journey."""
    if party == "candidate":
        return journey.email
    if party == "hiring_manager":
        return str((journey.job_spec.get("hiring_manager") or {}).get("email") or "")
    raise ValueError(f"unknown party {party!r}; parties: {', '.join(PARTIES)}")


def signer_spec(journey: Journey, party: str) -> Signer:
    signers = vocabulary(journey).envelope.signers
    if party not in signers:
        raise ValueError(f"unknown party {party!r}; parties: {', '.join(PARTIES)}")
    return signers[party]


def recipient_of(journey: Journey, envelope: Mapping[str, Any], party: str) -> dict[str, Any] | None:
    """The recipient of ``envelope`` that is ``party``, found as the profile says (role, routing order or email).

    Works on any envelope the model holds: from a template (recipients carry
    role names), from documents (no role names) or composite templates.
    """
    spec = signer_spec(journey, party)
    recipients = [r for r in envelope.get("recipients") or [] if isinstance(r, Mapping)]
    if spec.role is not None:
        found = [r for r in recipients if r.get("role") == spec.role]
    elif spec.routing_order is not None:
        found = [r for r in recipients if _order(r) == spec.routing_order]
        if len(found) > 1:  # several signers share the order: the party's own address decides
            mine = [r for r in found if _same_email(r, party_email(journey, party))]
            found = mine or found
    else:
        address = party_email(journey, str(spec.email))
        found = [r for r in recipients if _same_email(r, address)]
    return dict(found[0]) if found else None


def describe_recipients(envelope: Mapping[str, Any]) -> str:
    parts = [
        f"{r.get('role') or '(no role)'} <{r.get('email')}> routing order {_order(r)}"
        for r in envelope.get("recipients") or []
    ]
    return "; ".join(parts) or "none"


def tabs_of(journey: Journey, envelope: Mapping[str, Any], party: str | None = None) -> dict[str, Any]:
    """{tab label: value} of the text tabs of ``party`` (default: the profile's ``tabs_of``)."""
    who = party or vocabulary(journey).envelope.tabs_of
    recipient = recipient_of(journey, envelope, who)
    if recipient is None:
        return {}
    return {t.get("label"): t.get("value") for t in recipient.get("text_tabs") or []}


def _order(recipient: Mapping[str, Any]) -> int:
    try:
        return int(recipient.get("routing_order") or recipient.get("routingOrder") or 0)
    except (TypeError, ValueError):
        return 0


def _same_email(recipient: Mapping[str, Any], address: str) -> bool:
    return bool(address) and str(recipient.get("email") or "").lower() == address.lower()


# -- correlation -------------------------------------------------------------------------------------------
def envelopes(journey: Journey) -> list[dict[str, Any]]:
    """The journey's envelopes: by the profile's correlation, else by the candidate's address."""
    esign = journey.world.esign
    how = correlation(journey).envelope
    found: list[dict[str, Any]] = []
    if "custom_field" in how and journey.application_id is not None:
        found = list(esign.envelopes(custom_field=(how["custom_field"], str(journey.application_id))))
    elif "signer_email" in how:
        found = list(esign.envelopes(recipient_email=party_email(journey, how["signer_email"])))
    return found or list(esign.envelopes(recipient_email=journey.email))


def employee_for(journey: Journey, application_id: Any) -> dict[str, Any] | None:
    """The HRIS employee the profile's correlation ties to one application (None: not found)."""
    hris = journey.world.hris
    how = correlation(journey).employee
    if "employee_number" in how:
        return hris.find_employee(employee_number=how["employee_number"].format(application_id=application_id))
    if "field" in how:
        value = str(how.get("value") or "{application_id}").format(application_id=application_id)
        for employee in hris.employees():
            if str(employee.get(how["field"])) == value:
                return employee
        return None
    if "work_email" in how:
        return hris.find_employee(work_email=party_email(journey, how["work_email"]))
    return None


def booking_answers(journey: Journey) -> list[dict[str, str]] | None:
    """What the candidate answers on the booking page: the application id, if the profile's question asks it."""
    question = correlation(journey).booking.get("question")
    if question is None or journey.application_id is None:
        return None
    return [{"question": question, "answer": str(journey.application_id)}]


def bookings(journey: Journey) -> list[dict[str, Any]]:
    """The journey's invitees: by the profile's correlation, and by the candidate's own address."""
    scheduler = journey.world.scheduler
    how = correlation(journey).booking
    apps = {str(a) for a in journey.ids.get("application_ids", [])}
    found = {i["uuid"]: i for i in scheduler.invitees(email=journey.email)}
    if "utm" in how or "question" in how:
        for invitee in scheduler.invitees():
            if "utm" in how:
                hit = str((invitee.get("tracking") or {}).get(how["utm"])) in apps
            else:
                hit = any(
                    a.get("question") == how["question"] and str(a.get("answer")) in apps
                    for a in invitee.get("questions_and_answers") or []
                )
            if hit:
                found.setdefault(invitee["uuid"], invitee)
    elif "invitee_email" in how:
        for invitee in scheduler.invitees(email=party_email(journey, how["invitee_email"])):
            found.setdefault(invitee["uuid"], invitee)
    return sorted(found.values(), key=lambda i: str(i.get("created_at")))


def event_type_matches(journey: Journey, stage: str, event_type: Mapping[str, Any]) -> bool:
    """Whether a scheduler event type is the one the profile names for an interview stage."""
    return event_type_is(vocabulary(journey), stage, event_type)


def event_type_is(words: Vocabulary, stage: str, event_type: Mapping[str, Any]) -> bool:
    how, value = words.event_type(stage)
    if how == "uri":
        return str(value).rstrip("/").rsplit("/", 1)[-1] == str(event_type.get("uuid"))
    return str(event_type.get(how)) == str(value)


def offer_key(profile: Any, concept: str) -> str:
    """The ATS custom-field key the tenant gave an offer concept (salary, signature_status, ...)."""
    fields = _part(profile, "vocabulary", Vocabulary).offer_fields
    return str(fields.get(concept, concept))


def alert_needles(journey: Journey, profile: Any) -> list[str]:
    """What an alert must mention to name this journey's record (profile ``alerts.mentions``)."""
    mentions = alert_spec(profile).mentions
    if mentions == "candidate_email":
        return [journey.email]
    if mentions == "candidate_name":
        return [f"{journey.candidate['first_name']} {journey.candidate['last_name']}"]
    return [str(a) for a in journey.ids.get("application_ids", [])]
