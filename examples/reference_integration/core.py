"""The parts of the integration every layer leans on.

``Core`` wires the vendor clients, the mailer, the alerter, the working
state and the reporting store, and holds the small decisions shared by the
layers (how a name or a date is written out, which stage comes after
which, how a delivery is verified). Each is a method so a known-bug variant
can replace exactly one of them.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from . import clock, signatures
from .bamboohr import BambooHR
from .calendly import Calendly
from .docusign import DocuSign
from .dropbox_sign import DropboxSign
from .facts import first_email, first_job_id
from .greenhouse import Greenhouse
from .http import VendorClient, VendorError
from .notify import Alerter, Mailer
from .reporting import ReportingStore
from .settings import TOUCHPOINT_SUBJECTS, Settings
from .state import Journey, State

log = logging.getLogger("reference_integration")

SIGNATURE_MAX_AGE = {"bamboohr": timedelta(minutes=5), "calendly": timedelta(minutes=3)}


class Core:
    def __init__(
        self,
        settings: Settings,
        *,
        clock_fn: Callable[[], datetime] | None = None,
        mailer: Mailer | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self._clock = clock_fn or clock.now
        http = {"timeout": settings.http_timeout, "retry_after_cap": settings.retry_after_cap, "sleep": sleep}
        self.greenhouse = Greenhouse(settings, self.now, **http)
        self.bamboohr = BambooHR(settings, **http)
        self.docusign = DocuSign(settings, **http)
        self.dropbox_sign = DropboxSign(settings, **http)
        self.calendly = Calendly(settings, **http)
        slack = VendorClient(settings.slack_webhook_url, **http) if settings.slack_webhook_url else None
        if slack is not None:
            slack.vendor = "slack"
        self.mailer = mailer or Mailer(
            settings.smtp_host, settings.smtp_port, settings.mail_from, settings.http_timeout
        )
        self.alerter = Alerter(slack, self.mailer, settings.alert_email_to)
        self.state = State()
        self.reports = ReportingStore(settings.reporting_database_url)
        self.keys: dict[str, str] = {}  # web hook secrets learnt at subscription time
        self.calendly_user: dict[str, Any] = {}
        self._stage_orders: dict[str, tuple[str, ...]] = {}
        self.crossed: dict[str, bool] = {}  # KPI thresholds currently crossed
        self.crossed_lock = threading.Lock()
        self.ready = False

    @property
    def esign(self) -> DocuSign | DropboxSign:
        """The e-signature client the settings chose (both answer ``envelope`` and ``void``)."""
        return self.dropbox_sign if self.settings.esign_vendor == "dropbox_sign" else self.docusign

    # -- time ---------------------------------------------------------------
    def now(self) -> datetime:
        return self._clock()

    # -- start-up: the web hooks this integration subscribes itself ------------
    def start(self) -> None:
        s = self.settings
        _, self.keys["bamboohr"] = self.bamboohr.subscribe(f"{s.public_url}/webhooks/bamboohr", "reference integration")
        self.calendly_user = self.calendly.me()
        self.keys["calendly"] = secrets.token_hex(32)
        self.calendly.subscribe(
            f"{s.public_url}/webhooks/calendly",
            self.calendly_user.get("current_organization", ""),
            self.calendly_user.get("uri", ""),
            self.keys["calendly"],
        )
        self.ready = True

    # -- inbound verification -----------------------------------------------
    def signature_max_age(self, vendor: str) -> timedelta | None:
        return SIGNATURE_MAX_AGE.get(vendor)

    def verify(self, vendor: str, headers: Mapping[str, str], body: bytes) -> bool:
        s, now = self.settings, self.now()
        if vendor == "greenhouse":
            return signatures.greenhouse(s.greenhouse_webhook_secret, headers, body)
        if vendor == "docusign":
            return signatures.docusign(s.docusign_hmac_key, headers, body)
        if vendor == "dropbox_sign":
            return signatures.dropbox_sign(s.dropbox_sign_api_key, headers, body)
        if vendor == "bamboohr":
            return signatures.bamboohr(
                self.keys.get("bamboohr", ""), headers, body, now, self.signature_max_age(vendor)
            )
        if vendor == "calendly":
            return signatures.calendly(
                self.keys.get("calendly", ""), headers, body, now, self.signature_max_age(vendor)
            )
        return False

    # -- dedupe -------------------------------------------------------------
    def is_done(self, key: tuple[str, ...]) -> bool:
        return self.state.is_done(key)

    def mark_done(self, key: tuple[str, ...]) -> None:
        self.state.mark_done(key)

    # -- journeys -------------------------------------------------------------
    def journey(self, application_id: Any) -> Journey:
        return self.state.journey(str(application_id))

    def remember_application(self, app: dict[str, Any]) -> Journey:
        """Keep what later touchpoints need from an application-shaped payload."""
        journey = self.journey(app["id"])
        candidate = app.get("candidate") or {}
        if candidate.get("id") is not None:
            journey.candidate_id = str(candidate["id"])
        elif app.get("candidate_id") is not None:
            journey.candidate_id = str(app["candidate_id"])
        if candidate:
            journey.first_name = candidate.get("first_name") or journey.first_name
            journey.last_name = candidate.get("last_name") or journey.last_name
            journey.email = first_email(candidate) or journey.email
        job_id = first_job_id(app)
        if job_id is not None:
            journey.job_id = job_id
        return journey

    # -- how values are written out -------------------------------------------
    def person_name(self, first: str, last: str) -> tuple[str, str]:
        """Names leave exactly as Greenhouse holds them: no normalisation, no folding."""
        return first, last

    def format_date(self, day: date) -> str:
        return day.isoformat()

    # -- the pipeline ---------------------------------------------------------
    def stage_order(self, job_id: str | None) -> tuple[str, ...]:
        """The job's stages in pipeline order (Greenhouse job stages, else the configured pipeline)."""
        if not job_id:
            return self.settings.pipeline_stages
        if job_id not in self._stage_orders:
            order = self.settings.pipeline_stages
            try:
                stages = self.greenhouse.job_stages(job_id)
                if isinstance(stages, list) and stages:
                    ranked = sorted(stages, key=_stage_rank)
                    order = tuple(st["name"] for st in ranked if st.get("name"))
            except (VendorError, KeyError, TypeError, AttributeError) as exc:
                log.info("job %s stages unavailable (%s); using the configured pipeline", job_id, exc)
            self._stage_orders[job_id] = order
        return self._stage_orders[job_id]

    def stage_position(self, job_id: str | None, stage: str | None) -> int | None:
        order = self.stage_order(job_id)
        return order.index(stage) if stage in order else None

    # -- outbound messages -------------------------------------------------------
    def note_on_candidate(self, journey: Journey, text: str) -> None:
        """A note on the application (it shows on the candidate's activity feed), so recruiters see what happened."""
        self.greenhouse.add_note(journey.application_id, text)

    def alert(self, text: str, key: object = None) -> bool:
        return self.alerter.alert(text, key)

    def send_touchpoint(
        self, journey: Journey, touchpoint: str, occasion: str, lines: list[str], subject: str | None = None
    ) -> bool:
        """Email one candidate touchpoint once per (application, touchpoint, occasion)."""
        key = ("touchpoint", journey.application_id, touchpoint, occasion)
        if self.is_done(key):
            return False
        if not journey.email:
            self.alert(
                f"application {journey.application_id}: no candidate email address, {touchpoint} not sent", key=key
            )
            return False
        greeting = f"Hello {journey.first_name}," if journey.first_name else "Hello,"
        self.mailer.send(
            journey.email,
            subject or TOUCHPOINT_SUBJECTS[touchpoint],
            "\n\n".join([greeting, *lines, f"Reference: application {journey.application_id}"]),
            {
                "X-Touchpoint": touchpoint,
                "X-Touchpoint-Occasion": occasion,
                "X-Greenhouse-Application-Id": journey.application_id,
            },
        )
        self.mark_done(key)
        return True


def _stage_rank(stage: dict[str, Any]) -> tuple[bool, int]:
    """A stage's place in its pipeline: ``priority`` (v1's name) or ``sort_order`` (v3's, unverified)."""
    rank = stage.get("priority", stage.get("sort_order"))
    return rank is None, int(rank or 0)
