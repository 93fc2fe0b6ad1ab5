"""The dialect registry: what the harness must know about each vendor, in one table.

The rest of the harness speaks the vendor-neutral model (envelopes,
employees, bookings, offers) and the profile's vocabulary. Whatever is a
vendor's own word lives here, keyed by the vendor name the profile's
``vendors:`` section chooses for each system:

- ``fake``: the name the vendor's fake carries in the journal and in hop texts;
- ``webhook_events``: profile event -> the webhook event name the vendor sends;
- ``webhook_settings``: profile ``webhooks:`` key -> the admin setting it fills;
- ``run_settings`` / ``inprocess_settings``: admin settings a run (or an
  in-process SUT, whose receiver is plain http) needs;
- ``compensations``: how a write that undoes earlier work (a deactivation, a
  void, a cancellation) is recognised: by the vendor operation the fake
  matched and the state the model holds now, never by words in the body;
- ``hris_names``: (hris) the vendor's field, table and ``table.column`` names
  -> the HRIS model's neutral names (``first_name``, ``compensation.pay_rate``).
  Scenario and profile files name HRIS fields neutrally; a vendor name there
  still loads, translated through this map, with a deprecation notice. The
  reverse map finds the vendor's word for a field in a journaled request body.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "DIALECTS",
    "Dialect",
    "dialect",
    "fake_name",
    "hris_wire_names",
    "is_active",
    "is_compensation",
    "neutral_hris_name",
    "system_of",
    "title",
    "webhook_event",
]

SYSTEMS = ("ats", "hris", "esign", "scheduler")

# (world, path parameters of the matched route) -> whether the write undid earlier work
Compensates = Callable[[Any, Mapping[str, str]], bool]


@dataclass(frozen=True)
class Dialect:
    vendor: str
    system: str
    fake: str
    title: str
    webhook_events: Mapping[str, str] = field(default_factory=dict)
    webhook_settings: Mapping[str, str] = field(default_factory=dict)
    run_settings: Mapping[str, Any] = field(default_factory=dict)
    inprocess_settings: Mapping[str, Any] = field(default_factory=dict)
    compensations: Mapping[str, Compensates] = field(default_factory=dict)  # operation -> judge
    active_status: str = ""  # hris: the employee status of a current employee
    # admin webhook settings the vendor pings when a hook is saved (the fake's ``save_webhook``)
    pinged_settings: tuple[str, ...] = ()
    # hris: () -> {vendor field/table/"table.column" name: neutral name} (see the module notes)
    hris_names: Callable[[], Mapping[str, str]] | None = None


def _always(world: Any, params: Mapping[str, str]) -> bool:
    return True


def _employee_inactive(world: Any, params: Mapping[str, str]) -> bool:
    try:
        employee = world.hris.employee(params["id"])
    except Exception:
        return False
    return str(employee.get("status")) == "Inactive"


def _employment_ended(world: Any, params: Mapping[str, str]) -> bool:
    if params.get("table") != "employmentStatus":
        return False
    try:
        rows = world.hris.rows(params["id"], "employment")
    except Exception:
        return False
    return bool(rows) and str(rows[-1].get("employment_status")) == "Terminated"


def _bamboohr_names() -> Mapping[str, str]:
    """BambooHR's field aliases, table aliases and ``table.column`` aliases -> the model's neutral names,
    from the fake's own map (``fakes/hris/bamboohr/fields.py``)."""
    from fakes.hris.bamboohr import fields as bamboohr

    names = {alias: key for key, (alias, _, _) in bamboohr.FIELDS.items()}
    for table, (table_alias, _, columns) in bamboohr.TABLES_MAP.items():
        names.setdefault(table_alias, table)
        for column, (column_alias, _, _) in columns.items():
            names[f"{table_alias}.{column_alias}"] = f"{table}.{column}"
    # the table that holds one status per row: as a field name it meant that status (employmentHistoryStatus)
    names["employmentStatus"] = "employment_status"
    return names


def _envelope_voided(world: Any, params: Mapping[str, str]) -> bool:
    try:
        return str(world.esign.envelope(params["envelopeId"]).get("status")) == "voided"
    except Exception:
        return False


def _request_canceled(world: Any, params: Mapping[str, str]) -> bool:
    """Dropbox Sign: a cancel leaves the signature request's envelope voided in the model."""
    try:
        return str(world.esign.envelope(params["signature_request_id"]).get("status")) == "voided"
    except Exception:
        return False


_ATS_EVENTS = {
    "application_created": "new_candidate_application",
    "stage_changed": "candidate_stage_change",
    "offer_created": "offer_created",
    "offer_approved": "offer_approved",
    "offer_updated": "offer_updated",
    "rejected": "reject_candidate",
    "unrejected": "unreject_candidate",
    "hired": "hire_candidate",
}

DIALECTS: dict[str, Dialect] = {
    d.vendor: d
    for d in (
        Dialect(
            vendor="greenhouse",
            system="ats",
            fake="greenhouse",
            title="Greenhouse",
            webhook_events=_ATS_EVENTS,
            webhook_settings={"greenhouse": "greenhouse.webhook_url"},
            pinged_settings=("greenhouse.webhook_url",),
            # Its 10-second rate-limit window lives on the virtual clock, which a run keeps
            # frozen, so it would never roll over; scenarios inject 429s as faults instead.
            run_settings={"greenhouse.rate_limit": 0},
        ),
        Dialect(
            vendor="bamboohr",
            system="hris",
            fake="bamboohr",
            title="BambooHR",
            active_status="Active",
            inprocess_settings={"bamboohr.allow_http_webhooks": True},
            hris_names=_bamboohr_names,
            compensations={
                "update_employee": _employee_inactive,
                "create_table_row": _employment_ended,
                "create_table_row_v1_1": _employment_ended,
            },
        ),
        Dialect(
            vendor="docusign",
            system="esign",
            fake="docusign",
            title="DocuSign",
            webhook_events={"envelope_completed": "envelope-completed", "envelope_declined": "envelope-declined"},
            webhook_settings={"docusign_connect": "docusign.connect_url"},
            compensations={"update_envelope": _envelope_voided},
        ),
        Dialect(
            vendor="dropbox_sign",
            system="esign",
            fake="dropbox_sign",
            title="Dropbox Sign",
            webhook_events={
                "envelope_completed": "signature_request_all_signed",
                "envelope_declined": "signature_request_declined",
            },
            webhook_settings={"dropbox_sign": "dropbox_sign.callback_url"},
            compensations={"signature_request_cancel": _request_canceled},
        ),
        Dialect(
            vendor="calendly",
            system="scheduler",
            fake="calendly",
            title="Calendly",
            webhook_events={"booked": "invitee.created", "booking_canceled": "invitee.canceled"},
            compensations={"cancel_event": _always},
        ),
    )
}

# profile event -> the system whose webhook announces it
EVENT_SYSTEMS: dict[str, str] = {
    **{event: "ats" for event in _ATS_EVENTS},
    "booked": "scheduler",
    "booking_canceled": "scheduler",
    "envelope_completed": "esign",
    "envelope_declined": "esign",
}


def _vendor(profile: Any, system: str) -> str:
    vendors = getattr(profile, "vendors", None)
    if isinstance(profile, dict):
        vendors = profile.get("vendors")
    if isinstance(vendors, dict):
        return str(vendors.get(system) or _default(system))
    return str(getattr(vendors, system, None) or _default(system))


def _default(system: str) -> str:
    return next(d.vendor for d in DIALECTS.values() if d.system == system)


def dialect(profile: Any, system: str) -> Dialect:
    """The dialect the profile chose for ``system`` (ats | hris | esign | scheduler)."""
    vendor = _vendor(profile, system)
    found = DIALECTS.get(vendor)
    if found is None:
        from .errors import HarnessError

        raise HarnessError(
            f"vendors.{system}: {vendor!r} has no dialect in the harness; known: {', '.join(sorted(DIALECTS))}"
        )
    return found


def fake_name(profile: Any, system: str) -> str:
    """The journal name of the fake serving ``system`` for this profile."""
    return dialect(profile, system).fake


def title(profile: Any, system: str) -> str:
    return dialect(profile, system).title


def system_of(profile: Any, fake: str) -> str | None:
    """The system (ats | hris | esign | scheduler) a journaled fake serves for this profile; None for the
    harness's own inbox (emails and chat messages, which are notifications, not records)."""
    for system in SYSTEMS:
        if dialect(profile, system).fake == fake:
            return system
    return None


def is_active(profile: Any, employee: Mapping[str, Any]) -> bool:
    """Whether an HRIS employee is current (a missing status reads as current)."""
    active = dialect(profile, "hris").active_status
    return str(employee.get("status") or active) == active


def neutral_hris_name(name: str) -> tuple[str, str] | None:
    """(neutral name, vendor title) when ``name`` is an HRIS vendor's word for a field, table or
    ``table.column`` of the model (``payRate`` -> ``pay_rate``), None otherwise (a neutral name, a
    tenant's custom field, a typo)."""
    for chosen in DIALECTS.values():
        if chosen.hris_names is not None:
            neutral = _hris_names(chosen).get(name)
            if neutral is not None and neutral != name:
                return neutral, chosen.title
    return None


def hris_wire_names(profile: Any, name: str) -> tuple[str, ...]:
    """The profile's HRIS vendor's words for a neutral field or ``table.column`` as a request body would
    carry them (a field the vendor also writes as a table column has both: ``payRate``, ``rate``);
    the neutral name's last part when the vendor has no other word."""
    chosen = dialect(profile, "hris")
    last = name.rsplit(".", 1)[-1]
    exact = [vendor for vendor, neutral in _hris_names(chosen).items() if neutral == name]
    related = [vendor for vendor, neutral in _hris_names(chosen).items() if neutral.rsplit(".", 1)[-1] == last]
    words = [vendor.rsplit(".", 1)[-1] for vendor in exact + related]
    return tuple(dict.fromkeys(words)) or (last,)


_NAMES: dict[str, Mapping[str, str]] = {}


def _hris_names(chosen: Dialect) -> Mapping[str, str]:
    if chosen.vendor not in _NAMES:
        _NAMES[chosen.vendor] = chosen.hris_names() if chosen.hris_names is not None else {}
    return _NAMES[chosen.vendor]


def webhook_event(profile: Any, event: str) -> tuple[str, str] | None:
    """(vendor, event name) of the webhook that tells the SUT about a profile ``event``, if it has one."""
    system = EVENT_SYSTEMS[event]
    chosen = dialect(profile, system)
    name = chosen.webhook_events.get(event)
    return (chosen.vendor, name) if name else None


def is_compensation(world: Any, profile: Any, entry: Any) -> bool:
    """Whether a journaled write undid earlier work (delete, deactivate, void, cancel).

    A DELETE always does. Otherwise the vendor operation the fake matched names
    the record it wrote, and the model says whether that record now stands
    reversed (employee inactive, envelope voided, event canceled).
    """
    if entry.method == "DELETE":
        return True
    for system in SYSTEMS:
        chosen = dialect(profile, system)
        if chosen.fake != entry.fake:
            continue
        judge = chosen.compensations.get(entry.operation)
        if judge is None:
            return False
        fake = getattr(world, "fakes", {}).get(chosen.fake)
        params: Mapping[str, str] = {}
        if fake is not None:
            _, params, _ = fake.router.match(entry.method, entry.path)
        return judge(world, params or {})
    return False


# -- credentials a tool outside the SUT needs (pact verification replays requests with valid ones) --------


def _basic(user: str, password: str = "") -> str:
    import base64

    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def authorization(fake: str, env: Mapping[str, str], path: str, scheme: str, send: Any) -> str | None:
    """A valid Authorization header for a request to ``fake`` at ``path`` in ``scheme``, from the SUT contract.
    ``send((method, path, query, headers, body))`` reaches the fake, for a vendor whose bearer tokens are minted."""
    import json

    if fake == "greenhouse":
        client = _basic(env["GREENHOUSE_CLIENT_ID"], env["GREENHOUSE_CLIENT_SECRET"])
        if path.startswith("/auth"):
            return client
        if scheme.lower() == "bearer":
            headers = {"authorization": client, "content-type": "application/x-www-form-urlencoded"}
            body = f"grant_type=client_credentials&sub={env['GREENHOUSE_USER_ID']}".encode()
            minted = send(("POST", "/auth/token", "", headers, body))
            return "Bearer " + json.loads(minted.body)["access_token"]
        return _basic(env["GREENHOUSE_API_KEY"])
    if fake == "bamboohr":
        if scheme.lower() == "bearer":  # OAuth: a token from the standing refresh grant the contract carries
            form = {
                "grant_type": "refresh_token",
                "refresh_token": env["BAMBOOHR_OAUTH_REFRESH_TOKEN"],
                "client_id": env["BAMBOOHR_CLIENT_ID"],
                "client_secret": env["BAMBOOHR_CLIENT_SECRET"],
            }
            from urllib.parse import urlencode

            headers = {"content-type": "application/x-www-form-urlencoded"}
            minted = send(("POST", "/token.php", "request=token", headers, urlencode(form).encode()))
            return "Bearer " + json.loads(minted.body)["access_token"]
        return _basic(env["BAMBOOHR_API_KEY"], "x")
    if fake == "docusign":
        return "Bearer " + env["DOCUSIGN_ACCESS_TOKEN"]
    if fake == "calendly":
        return "Bearer " + env["CALENDLY_TOKEN"]
    if fake == "dropbox_sign":
        return _basic(env["DROPBOX_SIGN_API_KEY"])
    return None
