"""One candidate's journey: its data, its ids across every system, and the
world actions its steps perform.

A journey owns its own job and candidate, so journeys running side by side
never touch each other's records; every check finds "its" records through
the ids collected here (application id, candidate email, envelope, employee).
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from fakes.kit.model import ModelError
from fakes.world import World

from ..errors import HarnessError
from ..results import JourneyResult
from ..scenario.durations import parse_duration, parse_relative_instant
from . import vocab

ACTION_GAP = timedelta(seconds=1)
BOOKING_URL = re.compile(r"https?://[^\s\"'<>]+")
SETTLE_POLL_S = 0.025  # how often a settling journey looks at the journal and the deliveries in flight
QUIET_WITHIN_S = 30.0  # how long a settle waits for its quiet window, unless the profile promises sooner


def quiet_within(profile: Any) -> float:
    """How long to wait for a journey (or the world) to go quiet before judging anyway: 30 s, or four
    times the reaction the profile promises (``sut.reacts_within``), at least 2 s: an integration still
    busy with a journey four times past its own promise is not going to finish for a longer wait."""
    promised = getattr(getattr(profile, "sut", None), "reacts_within", None)
    if promised is None:
        return QUIET_WITHIN_S
    return min(QUIET_WITHIN_S, max(2.0, 4 * promised.total_seconds()))


class Pace:
    """How long the quiet window of a ``wait`` between a journey's steps needs to be, learnt from the SUT.

    A settle ends after a window with no webhook about the journey in flight and no SUT request about it.
    The full window (250 ms) is kept for negative judgements (the final settle before the checks, and
    ``expect_none``). Between steps it only has to outlast the SUT's *lag*: how long after answering a
    webhook it still makes requests about the journey (0 for a SUT that does its work before answering,
    the queue's delay for one that answers first and works after). Every settle measures it, from the
    journal's arrival times against the answer times of the journey's deliveries; once ``needed``
    deliveries were watched to their answer, the window is twice the longest lag seen plus a margin,
    between ``floor`` and ``full``. Lags longer than the full window are not reactions a full window
    would have waited for either, and are left out."""

    def __init__(self, full: float, floor: float = 0.075, margin: float = 0.05, needed: int = 20) -> None:
        self.full, self.floor, self.margin, self.needed = full, floor, margin, needed
        self.lag = 0.0
        self.answered = 0
        self._counted: set[int] = set()
        self._lock = threading.Lock()

    def window(self) -> float:
        with self._lock:
            if self.answered < self.needed:
                return self.full
            return min(self.full, max(self.floor, 2 * self.lag + self.margin))

    def delivery_answered(self, delivery_id: int) -> None:
        with self._lock:
            if delivery_id not in self._counted:
                self._counted.add(delivery_id)
                self.answered += 1

    def request_after_answer(self, lag: float) -> None:
        if 0 <= lag <= self.full:
            with self._lock:
                self.lag = max(self.lag, lag)

    def describe(self) -> str:
        window = self.window()
        learnt = f"the SUT's longest lag after answering a webhook: {self.lag * 1000:.0f} ms"
        return f"{window * 1000:.0f} ms between steps ({learnt}; {self.answered} deliveries watched)"


def clock_delta(by: str | timedelta) -> timedelta:
    """An ``advance_clock`` step's argument (``7d``, ``103h``) as a duration."""
    return by if isinstance(by, timedelta) else parse_duration(str(by))


class StepError(HarnessError):
    """A step could not be carried out (e.g. no booking link was ever emailed)."""


@dataclass
class Journey:
    index: int
    tag: str  # unique per run: "<scenario slug>-<n>"
    scenario: Any
    world: World
    candidate: dict[str, Any]
    job_spec: dict[str, Any]
    offer: dict[str, Any]
    pack: dict[str, Any]
    result: JourneyResult
    ids: dict[str, Any] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)  # what the world did, in order (ground truth)
    started_seq: int = 0  # journal sequence when the journey began
    # observe.journey_requests' running scan: (identifiers, journal seq read up to, the requests about it)
    requests_seen: tuple[list[str], int, list[Any]] | None = None
    fault_seqs: list[int] = field(default_factory=list)
    waiting_s: float = 0.0
    profile: Any = None  # the run's profile; None: the one the world was configured with (engine.vocab)
    pace: Pace | None = None  # the run's learnt settle window between steps (None: always the full window)
    deliveries_mark: int = 0  # the dispatcher's log read up to, for the deliveries about this journey (Pace)
    deliveries: dict[int, Any] = field(default_factory=dict)  # ...those deliveries, by id

    # -- the ground truth a check compares against ----------------------
    @property
    def application_id(self) -> int | None:
        return self.ids.get("application_id")

    @property
    def email(self) -> str:
        return str(self.candidate["email"])

    def context(self) -> dict[str, Any]:
        """What templates and checks see: candidate, job, offer, journey ids."""
        cand = dict(self.candidate)
        cand["full_name"] = f"{cand['first_name']} {cand['last_name']}"
        return {
            "candidate": cand,
            "job": dict(self.job_spec),
            "offer": dict(self.offer),
            "journey": {"id": self.tag, "index": self.index, **self.ids},
            "pack": dict(self.pack),
        }

    def note(self, kind: str, **data: Any) -> None:
        """Record what the world did (the ground truth), against the application it happened to."""
        data.setdefault("application_id", self.ids.get("application_id"))
        self.events.append({"kind": kind, "at": self.world.hub.clock.now(), **data})

    # -- world actions ----------------------------------------------------
    def act(self, name: str, /, **kwargs: Any) -> Any:
        """A person acts in the world, a moment after the last thing happened.

        The virtual clock moves one second first, so no two actions share a
        timestamp: a SUT that orders events by time sees the order a person made.
        """
        self.world.hub.clock.advance(ACTION_GAP)
        return self.world.act(name, **kwargs)

    def apply(self, **overrides: Any) -> None:
        self.candidate.update(overrides)
        c = self.candidate
        out = self.act(
            "ats.apply",
            job_id=self.ids["job_id"],
            first_name=c["first_name"],
            last_name=c["last_name"],
            email=c["email"],
            phone=c.get("phone"),
            source=c.get("source", "LinkedIn"),
            custom_fields={"harness_journey": self.tag},
            candidate_id=self.ids.get("candidate_id"),
        )
        self.ids.update(candidate_id=out["candidate_id"], application_id=out["application_id"])
        self.ids.setdefault("application_ids", []).append(out["application_id"])
        self.note("application_created", application_id=out["application_id"], source=c.get("source", "LinkedIn"))

    def reapply(self) -> None:
        self.apply()
        self.note("reapplied")

    def move_stage(self, to: str) -> None:
        before = self.current_stage()
        self.act("ats.move_stage", application_id=self._app(), to_stage=to)
        self.note("stage_changed", from_stage=before, to=to)

    def advance(self) -> None:
        before = self.current_stage()
        self.act("ats.advance", application_id=self._app())
        self.note("stage_changed", from_stage=before, to=self.current_stage())

    def current_stage(self) -> str | None:
        """The application's stage name now (None once hired)."""
        app = self.world.ats.application(self._app())
        if app.get("stage_id") is None:
            return None
        history = [h for h in app.get("stage_history", []) if h.get("stage_id") == app["stage_id"]]
        return history[-1].get("stage_name") if history else None

    def reject(self, reason: str = "Not a fit") -> None:
        self.act("ats.reject", application_id=self._app(), reason=reason)
        self.note("rejected")

    def unreject(self) -> None:
        self.act("ats.unreject", application_id=self._app())
        self.note("unrejected")

    def create_offer(self, **overrides: Any) -> None:
        self.offer.update(overrides)
        o = self.offer
        self.act(
            "ats.create_offer",
            application_id=self._app(),
            salary=Decimal(str(o["salary"])),
            currency=o["currency"],
            pay_period=o["pay_period"],
            employment_type=o["employment_type"],
            hours_per_week=Decimal(str(o["hours_per_week"])),
            start_date=_as_date(o["start_date"]),
        )
        self.note("offer_created")

    def update_offer(self, **changes: Any) -> None:
        self.offer.update(changes)
        if "salary" in changes:
            changes["salary"] = Decimal(str(changes["salary"]))
        if "start_date" in changes:
            changes["start_date"] = _as_date(changes["start_date"])
        self.act("ats.update_offer", application_id=self._app(), **changes)
        self.note("offer_updated", changes=changes)

    def approve_offer(self) -> None:
        self.act("ats.approve_offer", application_id=self._app())
        self.note("offer_approved")

    def hire(self, start_date: Any = None) -> None:
        self.act("ats.hire", application_id=self._app(), start_date=_as_date(start_date or self.offer["start_date"]))
        self.note("hired")

    def update_application(self, fields: dict[str, Any]) -> None:
        self.act("ats.update_application", application_id=self._app(), **fields)
        self.note("application_updated", fields=fields)

    def update_candidate(self, fields: dict[str, Any]) -> None:
        self.act("ats.update_candidate", candidate_id=self.ids["candidate_id"], **fields)
        self.note("candidate_updated", fields=fields)

    # -- scheduling: the candidate uses the link the SUT emailed --------------
    def booking_link(self) -> str:
        """The newest link the scheduler handed out that was emailed to the candidate (the SUT may add a query)."""
        known = [str(link["booking_url"]) for link in self.world.scheduler.links()]
        for email in reversed(self.world.inbox.emails(to=self.email)):
            for url in BOOKING_URL.findall(email["text"]):
                url = url.rstrip(".,)")
                if any(url.startswith(base) for base in known):
                    return url
        raise StepError(
            f"journey {self.tag}: the candidate {self.email} never received an email with a booking link, "
            "so there is nothing to book; did the SUT send the interview invitation?"
        )

    def book(self, start: str = "+2d@10:00", timezone: str = "America/New_York") -> None:
        """The candidate books through the emailed link; a taken slot makes them pick the next half hour."""
        when = parse_relative_instant(start, self.world.hub.clock.now(), timezone)
        link = self.booking_link()
        for _ in range(96):
            try:
                out = self.act(
                    "scheduler.book",
                    booking_url=link,
                    name=f"{self.candidate['first_name']} {self.candidate['last_name']}",
                    email=self.email,
                    start_time=when,
                    timezone=timezone,
                    questions_and_answers=vocab.booking_answers(self),
                )
                break
            except ModelError as exc:
                if "busy" not in exc.message:
                    raise StepError(f"journey {self.tag}: the booking was refused: {exc.message}") from None
                when += timedelta(minutes=30)
        else:
            raise StepError(f"journey {self.tag}: no free slot within two days of {start}")
        self.ids["invitee_uuid"] = out["invitee_uuid"]
        self.ids["event_uuid"] = out["event_uuid"]
        self.note("booked", start=when)

    def cancel_booking(self, reason: str = "conflict") -> None:
        self.act("scheduler.cancel", invitee_uuid=self._need("invitee_uuid", "book"), reason=reason)
        self.note("booking_canceled")

    def reschedule(self, start: str) -> None:
        when = parse_relative_instant(start, self.world.hub.clock.now())
        out = self.act("scheduler.reschedule", invitee_uuid=self._need("invitee_uuid", "book"), new_start_time=when)
        if isinstance(out, dict) and out.get("invitee_uuid"):
            self.ids["invitee_uuid"] = out["invitee_uuid"]
            self.ids["event_uuid"] = out.get("event_uuid", self.ids.get("event_uuid"))
        self.note("rescheduled", start=when)

    # -- documents: people act on the envelope the SUT created -----------------
    def envelope_id(self) -> str:
        envelope_id = self.ids.get("envelope_id")
        if envelope_id:
            return str(envelope_id)
        found = self.envelopes()
        if not found:
            raise StepError(
                f"journey {self.tag}: no envelope exists for application {self.application_id}; "
                "did the SUT create one when the offer was approved?"
            )
        self.ids["envelope_id"] = found[-1]["id"]
        return str(found[-1]["id"])

    def envelopes(self) -> list[dict[str, Any]]:
        return vocab.envelopes(self)

    def signer(self, party: str) -> dict[str, Any]:
        """The recipient of the journey's envelope that is ``party``, as the profile identifies signers."""
        envelope = self.world.esign.envelope(self.envelope_id())
        recipient = vocab.recipient_of(self, envelope, party)
        if recipient is None:
            spec = vocab.signer_spec(self, party)
            raise StepError(
                f"journey {self.tag}: envelope {envelope['id']} has no recipient for the "
                f"{party.replace('_', ' ')} (the profile finds them by {spec.describe()}); "
                f"its recipients: {vocab.describe_recipients(envelope)}"
            )
        return recipient

    def _as(self, party: str) -> dict[str, Any]:
        recipient = self.signer(party)
        return {"envelope_id": self.envelope_id(), "email": recipient["email"], "role": recipient.get("role") or None}

    def view_envelope(self, by: str = "candidate") -> None:
        self.act("esign.view", **self._as(by))

    def sign(self, by: str = "candidate") -> None:
        self.act("esign.sign", **self._as(by))
        self.note("signed", party=by)

    def decline(self, by: str = "candidate", reason: str = "declined") -> None:
        self.act("esign.decline", **self._as(by), reason=reason)
        self.note("declined", party=by)

    # -- HRIS ------------------------------------------------------------------
    def employee(self) -> dict[str, Any] | None:
        found = vocab.employee_for(self, self.application_id) if self.application_id is not None else None
        return found or self.world.hris.find_employee(work_email=self.email)

    def hr_edit(self, fields: dict[str, Any]) -> None:
        employee = self.employee()
        if employee is None:
            raise StepError(f"journey {self.tag}: no HRIS employee exists for {self.email}, so HR has nothing to edit")
        self.act("hris.edit_employee", employee_id=employee["id"], **fields)
        self.note("hr_edited", fields=fields)

    # -- time ------------------------------------------------------------------
    def advance_clock(self, by: str | timedelta) -> None:
        self.world.hub.clock.advance(clock_delta(by))

    # -- helpers -----------------------------------------------------------------
    def _app(self) -> int:
        if self.application_id is None:
            raise StepError(f"journey {self.tag}: this step needs an application; put an `apply` step before it")
        return int(self.application_id)

    def _need(self, key: str, step: str) -> Any:
        if key not in self.ids:
            raise StepError(f"journey {self.tag}: this step needs a `{step}` step before it")
        return self.ids[key]

    def settle(self, settle: float = 0.25, timeout: float | None = None) -> bool:
        """Wait until nothing about this journey moves: no webhook about it in flight, and no
        SUT request naming it, for ``settle`` seconds. Other journeys may keep running. Gives up after
        ``timeout`` (default :func:`quiet_within` the profile), says so in the journey's facts, and
        returns False: what is judged next is judged on a journey still moving."""
        if timeout is None:
            timeout = quiet_within(self.profile)
        from . import observe

        needles = observe.identifiers(self)
        journal = self.world.hub.journal
        dispatcher = self.world.hub.dispatcher
        seen = journal.last_seq
        quiet_since = time.monotonic()
        deadline = quiet_since + timeout
        started = time.monotonic()
        try:
            while time.monotonic() < deadline:
                mine = [d for d in dispatcher.active_deliveries() if _about(d, needles)]
                busy = bool(mine)
                if self.pace is not None:
                    self._watch(needles)
                fresh = journal.tail(seen)
                if fresh:
                    seen = fresh[-1].seq
                    about = [e for e in fresh if observe._mentions(e, needles)]
                    if about:
                        busy = True
                        if self.pace is not None and not mine:
                            self._learn(about, self.deliveries.values())
                if busy:
                    quiet_since = time.monotonic()
                elif time.monotonic() - quiet_since >= settle:
                    return True
                # A quiet window is measured, not raced: look again in a moment rather than on every change
                # of the world (each webhook, email and request would wake every settling journey at once).
                time.sleep(SETTLE_POLL_S)
            self.result.facts.setdefault("never_quiet", []).append(
                f"waited {timeout:g} s for {settle * 1000:.0f} ms without a webhook about this journey in flight "
                "or an SUT request naming it, and judged on; the SUT kept working on it"
            )
            return False
        finally:
            self.waiting_s += time.monotonic() - started

    def _watch(self, needles: list[str]) -> None:
        """Keep the deliveries about this journey (every one, even those answered between two looks)."""
        assert self.pace is not None
        dispatcher = self.world.hub.dispatcher
        fresh = dispatcher.logged_since(self.deliveries_mark)
        self.deliveries_mark += len(fresh)
        self.deliveries.update((d.id, d) for d in fresh if _about(d, needles))
        for d in self.deliveries.values():
            if d.done and d.answered_at is not None:
                self.pace.delivery_answered(d.id)

    def _learn(self, requests: list[Any], deliveries: Any) -> None:
        """SUT requests about this journey with none of its deliveries in flight: each one's lag after the
        last answer before it."""
        assert self.pace is not None
        spans = [(d.sent_at, d.answered_at) for d in deliveries if d.sent_at is not None and d.answered_at is not None]
        for entry in requests:
            if any(sent <= entry.received <= answered for sent, answered in spans):
                continue  # made while the SUT handled a webhook: no lag
            before = [answered for _, answered in spans if answered <= entry.received]
            if before:
                self.pace.request_after_answer(entry.received - max(before))

    def wait(self, predicate: Any, timeout: float) -> Any:
        started = time.perf_counter()
        try:
            return self.world.wait_until(predicate, timeout)
        finally:
            self.waiting_s += time.perf_counter() - started


def _about(delivery: Any, needles: list[str]) -> bool:
    """Whether a webhook delivery names one of the journey's identifiers."""
    body = delivery.body.decode("utf-8", "replace")
    return any(n in body for n in needles)


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
