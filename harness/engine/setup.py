"""Wiring a run: the fakes' admin settings from the profile, and the SUT adapter."""

from __future__ import annotations

import difflib
import shlex
import socket
from datetime import timedelta
from pathlib import Path
from typing import Any

from fakes.kit.model import ModelError
from fakes.world import World

from .. import dialects
from ..checks.fidelity import field
from ..errors import HarnessError
from ..scenario.durations import parse_duration
from ..sut import CommandSut, Sut, UrlSut
from . import vocab


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _join(base: str, target: str | None) -> str | None:
    if not target:
        return None
    if target.startswith(("http://", "https://")):
        return target
    return base.rstrip("/") + "/" + target.lstrip("/")


def configure_world(world: World, profile: Any, sut_url: str | None = None) -> None:
    """What each vendor's admin screen would hold, as the profile's dialects name it: where
    admin-configured webhooks go, the run's settings, and the tenant's offer custom-field keys."""
    vocab.use_profile(world, profile)
    base = sut_url or str(field(field(profile, "sut"), "url") or "")
    hooks = field(profile, "webhooks") or {}
    for system in dialects.SYSTEMS:
        chosen = dialects.dialect(profile, system)
        for key, value in chosen.run_settings.items():
            world.hub.settings.setdefault(key, value)
        for hook, setting in chosen.webhook_settings.items():
            target = _join(base, field(hooks, hook))
            # A URL still holding {port} names a SUT not started yet (``up --profile`` before any SUT):
            # no hook is configured rather than one that points nowhere.
            if target and "{port}" not in target:
                world.hub.settings[setting] = target
    seed_tenant(world, field(profile, "tenant"))
    template = field(field(field(profile, "vocabulary"), "envelope"), "template")
    if template and "esign" in world.systems:
        names = [t["name"] for t in world.esign.templates()]
        if template not in names:
            raise HarnessError(
                f"vocabulary.envelope.template: {template!r} is not a template of the e-signature tenant; "
                f"it has {', '.join(repr(n) for n in names) or 'none'} (or set template: null for envelopes "
                "the SUT builds from its own documents)"
            )
    _check_correlation(world, profile)
    offer_fields = dict(field(field(profile, "vocabulary"), "offer_fields") or {})
    renamed = {concept: key for concept, key in offer_fields.items() if key != concept}
    if renamed and "ats" in world.systems:
        world.hub.settings["ats.offer_fields"] = renamed
        world.ats.use_offer_field_keys()


def _check_correlation(world: World, profile: Any) -> None:
    """Names the correlation points at must exist in the tenant, or nothing would ever be found."""
    correlation = field(profile, "correlation")
    employee = dict(field(correlation, "employee") or {})
    if "field" in employee and "hris" in world.systems and world.hris.field(employee["field"]) is None:
        known = [f["key"] for f in world.hris.fields()]
        close = difflib.get_close_matches(employee["field"], known, n=1)
        raise HarnessError(
            f"correlation.employee.field: {employee['field']!r} is not a field of the HRIS tenant"
            + (f"; did you mean {close[0]!r}?" if close else "")
            + " (a custom field is declared under tenant.hris.custom_fields)"
        )
    question = dict(field(correlation, "booking") or {}).get("question")
    if question and "scheduler" in world.systems:
        words = vocab.words_of(profile)
        triggers = field(profile, "triggers") or ()
        for stage in [t.effect["scheduling_link"] for t in triggers if "scheduling_link" in t.effect]:
            types = [e for e in world.scheduler.event_types_for(None, None) if vocab.event_type_is(words, stage, e)]
            if types and not any(question in (e.get("questions") or []) for e in types):
                raise HarnessError(
                    f"correlation.booking.question: {question!r} is not asked by the event type of stage {stage!r}; "
                    f"declare it under tenant.scheduler.event_types ({{name: {types[0]['name']}, questions: [...]}})"
                )


def seed_tenant(world: World, tenant: Any) -> None:
    """What the profile's ``tenant:`` says each vendor's admin set up, added to what the fakes seed."""
    if tenant is None:
        return
    try:
        if "ats" in world.systems:
            for spec in field(tenant, "ats_custom_fields") or ():
                world.ats.define_field(
                    spec["object"], spec["key"], spec.get("name"), spec["type"], spec.get("options", ())
                )
        if "hris" in world.systems:
            for spec in field(tenant, "hris_custom_fields") or ():
                standard = dialects.neutral_hris_name(spec["alias"])
                if standard is not None:  # the vendor's dialect would read it as its standard field
                    raise HarnessError(
                        f"tenant.hris.custom_fields: {spec['alias']!r} is {standard[1]}'s name for the standard "
                        f"field {standard[0]!r}; give the custom field a name of its own"
                    )
                world.hris.declare_field(spec["alias"], spec.get("name") or spec["alias"], spec.get("type", "text"))
            for alias, options in (field(tenant, "hris_list_options") or {}).items():
                for option in options:
                    world.hris.add_list_option(alias, option)
        if "esign" in world.systems:
            for spec in field(tenant, "esign_templates") or ():
                world.esign.add_template(spec["name"], [dict(r) for r in spec["roles"]], spec.get("subject", ""))
        if "scheduler" in world.systems:
            for spec in field(tenant, "scheduler_event_types") or ():
                if set(spec) <= {"name", "questions"} and world.scheduler.has_event_type(spec["name"]):
                    world.scheduler.ask_questions(spec["name"], spec.get("questions", ()))
                    continue
                world.scheduler.add_event_type(
                    spec["name"],
                    duration=spec.get("duration", 30),
                    location=spec.get("location", "video"),
                    slug=spec.get("slug"),
                    questions=spec.get("questions", ()),
                )
    except ModelError as exc:
        raise HarnessError(f"the profile's tenant: set-up cannot be seeded: {exc.message}") from None


def save_webhooks(world: World, profile: Any = None, timeout: float = 15.0) -> None:
    """Save each admin-configured web hook once the SUT listens, as an admin would; a vendor that pings
    a hook on saving does so now (``pinged_settings`` in the dialect table).

    A hook whose ping fails is created disabled and sends nothing, so every
    journey would fail for one reason; the run stops here and names it.
    """
    from ..dialects import SYSTEMS, dialect

    for system in SYSTEMS:
        spec = dialect(profile, system)
        fake = world.fakes.get(spec.fake)
        for setting in spec.pinged_settings:
            url = world.hub.settings.get(setting)
            if not url or fake is None or not hasattr(fake, "save_webhook"):
                continue
            ping = fake.save_webhook(str(url))
            world.wait_until(lambda ping=ping: ping.done, timeout)
            if fake.webhooks.state() != "disabled":
                continue
            last = ping.attempts[-1] if ping.attempts else {}
            answer = f"HTTP {last['status']}" if last.get("status") else (last.get("error") or "no answer")
            raise HarnessError(
                f"{spec.title} pinged the profile's web hook {url} when saving it and got {answer}; {spec.title} "
                "creates a hook whose ping fails disabled, so none of its events would reach the SUT. Answer "
                'HTTP 200 to a signed POST whose body is {"action": "ping", "payload": {...}} '
                f"(contracts/{spec.fake}/webhooks/ping.schema.json)."
            )


def make_sut(options: Any, profile: Any, out_dir: Path) -> Sut:
    spec = field(profile, "sut") or {}
    if options.sut_url:
        return UrlSut(options.sut_url)
    if getattr(options, "sut_image", None) or (field(spec, "image") and not options.sut_command):
        from ..container import container_sut

        return container_sut(options, spec, out_dir)
    command = options.sut_command or field(spec, "command")
    if command and "{profile_dir}" in str(command):  # a SUT shipped beside its profile, run from any folder
        command = str(command).replace("{profile_dir}", shlex.quote(str(Path(field(profile, "file")).resolve().parent)))
    url = str(field(spec, "url") or "")
    env = {str(k): str(v) for k, v in (field(spec, "env") or {}).items()}
    if "{port}" in url or any("{port}" in v for v in env.values()):
        port = str(free_port())
        url = url.replace("{port}", port)
        env = {k: v.replace("{port}", port) for k, v in env.items()}
    if command:
        if not url:
            raise HarnessError("the profile's sut.command needs sut.url: where the started SUT listens")
        timeout = field(spec, "startup_timeout", "20s")
        if isinstance(timeout, timedelta):
            timeout = timeout.total_seconds()
        return CommandSut(
            url=url.rstrip("/"),
            command=str(command),
            extra_env=env,
            health=field(spec, "health") if not field(spec, "ready_log") else None,
            ready_log=field(spec, "ready_log"),
            startup_timeout=parse_duration(str(timeout)).total_seconds()
            if not isinstance(timeout, (int, float))
            else float(timeout),
            work_dir=out_dir,
        )
    if url:
        return UrlSut(url)
    raise HarnessError("nothing to test: give the profile a sut.command or sut.url, or pass --sut-url / --sut-command")
