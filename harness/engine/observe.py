"""Reading the world for one journey: its emails, alerts, envelopes,
employee, bookings and the SUT's writes, found through the journey's ids."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakes.kit.journal import Entry

from . import vocab

if TYPE_CHECKING:
    from .journey import Journey

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def identifiers(journey: Journey) -> list[str]:
    """Strings that tie a request to this journey."""
    out = {journey.email}
    for key in ("candidate_id", "envelope_id", "invitee_uuid", "event_uuid"):
        if journey.ids.get(key):
            out.add(str(journey.ids[key]))
    for app in journey.ids.get("application_ids", []):
        out.add(str(app))
        # An ATS may edit an offer at /offers/{offer id}: a path that names no application.
        if "ats" in journey.world.systems:
            out.update(f"/offers/{offer['id']}" for offer in journey.world.ats.offers_of(app))
    employee = journey.employee() if "hris" in journey.world.systems else None
    if employee is not None:
        out.add(f"/employees/{employee['id']}")
    for env in journey.envelopes() if "esign" in journey.world.systems else []:
        out.add(str(env["id"]))
    return sorted(out)


def _mentions(entry: Entry, needles: list[str]) -> bool:
    haystack = entry.path + "?" + entry.query + " " + entry.body.decode("utf-8", "replace")
    return any(n in haystack for n in needles)


def journey_requests(journey: Journey, fake: str | None = None, writes_only: bool = False) -> list[Entry]:
    """The SUT's requests about this journey, oldest first. The scan is kept on the journey and resumed
    from where it stopped (the journal of a whole run holds every journey's traffic, and the checks ask
    many times); it starts over when the journey's identifiers change (an envelope or employee found)."""
    needles = identifiers(journey)
    known = journey.requests_seen
    upto, mine = (known[1], known[2]) if known is not None and known[0] == needles else (journey.started_seq, [])
    fresh = journey.world.hub.journal.tail(upto)
    if fresh:
        mine = mine + [e for e in fresh if _mentions(e, needles)]
        upto = fresh[-1].seq
    journey.requests_seen = (needles, upto, mine)
    return [e for e in mine if (fake is None or e.fake == fake) and not (writes_only and e.method not in WRITE_METHODS)]


def recipient(journey: Journey, profile: Any, to: str | None) -> str:
    if to in (None, "candidate"):
        return journey.email
    if to == "owner":
        return str(profile.alerts.owner)
    if to == "hiring_manager":
        return str(journey.job_spec["hiring_manager"]["email"])
    return str(to)


def subject_of(profile: Any, kind: str) -> str:
    emails = profile.emails
    spec = emails.get(kind) if isinstance(emails, dict) else getattr(emails, kind, None)
    if spec is None:
        from ..errors import HarnessError

        raise HarnessError(f"email kind {kind!r} is not declared under `emails:` in the profile")
    return spec["subject"] if isinstance(spec, dict) else spec.subject


def emails(journey: Journey, profile: Any, kind: str | None = None, to: str | None = "candidate") -> list[dict]:
    address = recipient(journey, profile, to)
    found = journey.world.inbox.emails(to=address)
    if kind is not None:
        subject = subject_of(profile, kind)
        found = [e for e in found if subject in e["subject"]]
    return found


def alerts(journey: Journey, profile: Any, channel: str = "any") -> list[dict[str, Any]]:
    """Alerts that name this journey's record as the profile's ``alerts.mentions`` says, on the
    profile's channel(s) (``any``: every channel the profile declares)."""
    spec = vocab.alert_spec(profile)
    declared = ("slack", "email") if spec.channel == "both" else (spec.channel,)
    wanted = declared if channel == "any" else ("slack", "email") if channel == "both" else (channel,)
    needles = vocab.alert_needles(journey, profile)
    out: list[dict[str, Any]] = []
    if "slack" in wanted:
        for message in journey.world.inbox.slack_messages():
            if any(a in message["text"] for a in needles):
                out.append({"channel": "slack", "text": message["text"], "at": message["at"]})
    if "email" in wanted and spec.owner:
        for email in journey.world.inbox.emails(to=str(spec.owner)):
            text = email["subject"] + "\n" + email["text"]
            if any(a in text for a in needles):
                out.append({"channel": "email", "text": text, "at": email["at"]})
    return out


def employees(journey: Journey) -> list[dict[str, Any]]:
    """The journey's HRIS employees: by the profile's correlation per application, and by work email."""
    hris = journey.world.hris
    found = {}
    for app in journey.ids.get("application_ids", []):
        employee = vocab.employee_for(journey, app)
        if employee:
            found[employee["id"]] = employee
    for employee in hris.employees(work_email=journey.email):
        found[employee["id"]] = employee
    return list(found.values())


def latest_row(journey: Journey, employee_id: Any, table: str) -> dict[str, Any] | None:
    rows = journey.world.hris.rows(employee_id, table)
    if not rows:
        return None
    return sorted(rows, key=lambda r: (str(r.get("effective_date") or ""), str(r.get("id"))))[-1]


def scheduling_links(journey: Journey, stage: str | None = None) -> list[dict[str, Any]]:
    """Scheduling links the SUT created and emailed to this candidate; with ``stage``, only links
    for the event type the profile's ``vocabulary.event_types`` names for it."""
    scheduler = journey.world.scheduler
    texts = "\n".join(e["text"] for e in journey.world.inbox.emails(to=journey.email))
    types = dict(scheduler.store.table("event_types").items())
    return [
        link
        for link in scheduler.links()
        if link["booking_url"] in texts
        and (stage is None or vocab.event_type_matches(journey, stage, types.get(link["event_type"]) or {}))
    ]


def bookings(journey: Journey) -> list[dict[str, Any]]:
    return vocab.bookings(journey)


def effect_count(journey: Journey, profile: Any, effect: str, value: Any = None) -> int:
    """How many times a profile effect happened for this journey."""
    if effect == "email":
        return len(emails(journey, profile, str(value)))
    if effect == "scheduling_link":
        return len(scheduling_links(journey, None if value is None else str(value)))
    if effect == "envelope":
        return len(journey.envelopes())
    if effect == "hris_sync":
        return len(employees(journey))
    if effect == "ats_note":
        return len(journey.world.ats.notes_for(journey.ids["candidate_id"])) if journey.ids.get("candidate_id") else 0
    if effect == "alert":
        return len(alerts(journey, profile))
    from ..errors import HarnessError

    raise HarnessError(f"unknown effect {effect!r}")
