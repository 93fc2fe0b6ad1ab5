"""Wiring a run: the fakes' admin settings from the profile, and the SUT adapter."""

from __future__ import annotations

import socket
from datetime import timedelta
from pathlib import Path
from typing import Any

from fakes.world import World

from ..checks.fidelity import field
from ..errors import HarnessError
from ..scenario.durations import parse_duration
from ..sut import CommandSut, Sut, UrlSut


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
    """What a vendor's admin screen would hold: where admin-configured webhooks go.

    Greenhouse's rate limit is off for runs: its 10-second window lives on the
    virtual clock, which a run keeps frozen, so it would never roll over. A
    scenario that wants 429s injects them as a ``rate_limit`` fault.
    """
    world.hub.settings.setdefault("greenhouse.rate_limit", 0)
    base = sut_url or str(field(field(profile, "sut"), "url") or "")
    hooks = field(profile, "webhooks") or {}
    greenhouse = _join(base, field(hooks, "greenhouse"))
    connect = _join(base, field(hooks, "docusign_connect"))
    if greenhouse:
        world.hub.settings["greenhouse.webhook_url"] = greenhouse
    if connect:
        world.hub.settings["docusign.connect_url"] = connect


def save_webhooks(world: World, timeout: float = 15.0) -> None:
    """Save the Greenhouse web hook once the SUT listens, as an admin would: Greenhouse pings it.

    A hook whose ping fails is created disabled and sends nothing, so every
    journey would fail for one reason; the run stops here and names it.
    """
    url = world.hub.settings.get("greenhouse.webhook_url")
    if not url or "greenhouse" not in world.fakes:
        return
    ping = world.fakes["greenhouse"].save_webhook(str(url))
    world.wait_until(lambda: ping.done, timeout)
    if world.fakes["greenhouse"].webhooks.state() == "disabled":
        last = ping.attempts[-1] if ping.attempts else {}
        answer = f"HTTP {last['status']}" if last.get("status") else (last.get("error") or "no answer")
        raise HarnessError(
            f"Greenhouse pinged the profile's web hook {url} when saving it and got {answer}; Greenhouse creates "
            "a hook whose ping fails disabled, so no Greenhouse event would reach the SUT. Answer HTTP 200 to a "
            'signed POST whose body is {"action": "ping", "payload": {...}} '
            "(contracts/greenhouse/webhooks/ping.schema.json)."
        )


def make_sut(options: Any, profile: Any, out_dir: Path) -> Sut:
    spec = field(profile, "sut") or {}
    if options.sut_url:
        return UrlSut(options.sut_url)
    command = options.sut_command or field(spec, "command")
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
