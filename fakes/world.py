"""A world of fakes: every model, every dialect, the inbox, one hub.

This is the Python face of the control plane. The harness, the pytest
fixtures and ``ats-harness up`` all hold one ``World``.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .kit.control import ControlPlane
from .kit.http import Fake
from .kit.hub import Hub
from .kit.model import Model, ModelError
from .kit.runtime import Runtime
from .kit.store import Change, diff

if TYPE_CHECKING:
    from .kit.tls import LocalCA

# system -> (model class, dialect fake classes); imported lazily so that a
# missing optional dialect never stops the others.
SYSTEMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "ats": ("fakes.ats.model:AtsModel", ("fakes.ats.greenhouse:GreenhouseFake",)),
    "hris": ("fakes.hris.model:HrisModel", ("fakes.hris.bamboohr:BambooHRFake",)),
    "esign": ("fakes.esign.model:EsignModel", ("fakes.esign.docusign:DocuSignFake", "fakes.esign.dropboxsign:DropboxSignFake")),
    "scheduler": ("fakes.scheduler.model:SchedulerModel", ("fakes.scheduler.calendly:CalendlyFake",)),
    "inbox": ("fakes.inbox.model:InboxModel", ("fakes.inbox.slack:InboxFake",)),
}

DEFAULT_PORTS = {"greenhouse": 8701, "bamboohr": 8702, "docusign": 8703, "calendly": 8704, "inbox": 8705,
                 "dropbox_sign": 8706}
DEFAULT_SMTP_PORT = 8725


def _load(path: str) -> Any:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


class World:
    def __init__(
        self,
        seed: int = 0,
        systems: Iterable[str] | None = None,
        settings: dict[str, Any] | None = None,
        journal_limit: int = 200_000,
        start: datetime | Callable[[], datetime] | None = None,
    ) -> None:
        """``start`` is where the virtual clock begins, and where ``reset()`` puts it back: an
        instant, or a callable read at each (``ats-harness up`` passes the real time's reader,
        so a reset lands on the real now again). The default is the fixed ``DEFAULT_START``."""
        self.hub = Hub(seed, journal_limit)
        self._start = start
        if start is not None:
            self.hub.clock.set(self.start_instant())
        self.hub.settings.update(settings or {})
        self.tenants: list[str] = ["default"]
        self.systems = list(systems or SYSTEMS)
        unknown = [s for s in self.systems if s not in SYSTEMS]
        if unknown:
            raise ValueError(f"unknown systems {unknown}; known: {', '.join(SYSTEMS)}")
        self._model_classes: dict[str, type[Model]] = {s: _load(SYSTEMS[s][0]) for s in self.systems}
        self._models: dict[tuple[str, str], Model] = {}
        self.hub.bind_models(self.model, lambda: list(self.tenants))
        self.hub.control = ControlPlane(self)
        self.fakes: dict[str, Fake] = {}
        for system in self.systems:
            for path in SYSTEMS[system][1]:
                fake = _load(path)(self.hub)
                self.fakes[fake.name] = fake
        self.runtime: Runtime | None = None
        self.smtp_port: int | None = None
        self.tls: LocalCA | None = None  # set by serve(tls=True): the run's CA and trust files

    # -- models -------------------------------------------------------------
    def model(self, system: str, tenant: str = "default") -> Any:
        key = (system, tenant)
        model = self._models.get(key)
        if model is None:
            if system not in self._model_classes:
                raise ValueError(f"system={system!r} is not in this world; it has {', '.join(self.systems)}")
            if tenant not in self.tenants:
                raise ValueError(f"tenant={tenant!r} does not exist; add it with world.add_tenant({tenant!r})")
            model = self._models[key] = self._model_classes[system](self.hub, tenant)
        return model

    @property
    def ats(self) -> Any:
        return self.model("ats")

    @property
    def hris(self) -> Any:
        return self.model("hris")

    @property
    def esign(self) -> Any:
        return self.model("esign")

    @property
    def scheduler(self) -> Any:
        return self.model("scheduler")

    @property
    def inbox(self) -> Any:
        return self.model("inbox")

    def add_tenant(self, tenant: str) -> None:
        if not tenant.replace("-", "").replace("_", "").isalnum():
            raise ValueError(f"tenant={tenant!r} must be letters, digits, '-' or '_'")
        if tenant not in self.tenants:
            self.tenants.append(tenant)

    # -- actions --------------------------------------------------------------
    def actions(self) -> dict[str, str]:
        out = {}
        for system, cls in self._model_classes.items():
            for name, fn in cls.actions().items():
                out[f"{system}.{name}"] = (fn.__doc__ or "").strip().split("\n")[0]
        return out

    def act(self, name: str, /, tenant: str = "default", **kwargs: Any) -> Any:
        """Run a world action by name, e.g. ``act("ats.move_stage", application_id=1, to_stage="Offer")``."""
        system, _, action_name = name.partition(".")
        if system not in self._model_classes or action_name not in self._model_classes[system].actions():
            known = sorted(self.actions())
            import difflib

            hint = difflib.get_close_matches(name, known, n=1)
            raise ModelError(
                f"no world action {name!r}"
                + (f"; did you mean {hint[0]!r}?" if hint else f"; known: {', '.join(known)}")
            )
        with self.hub.lock:
            return getattr(self.model(system, tenant), action_name)(**kwargs)

    # -- state ----------------------------------------------------------------
    def reset(self, seed: int | None = None) -> None:
        with self.hub.lock:
            if seed is not None:
                self.hub.seed = seed
            self.hub.ids.reset(self.hub.seed)
            self.hub.clock.clear_timers()
            self.hub.faults.clear()
            self.hub.dispatcher.clear()
            self.hub.journal.clear()
            self.hub.errors.clear()
            self.hub.clock.set(self.start_instant())
            for model in self._models.values():
                model.reset()
            for fake in self.fakes.values():
                fake.reset()
        self.hub.notify()

    def start_instant(self) -> datetime:
        """Where the clock starts (and a reset returns): the world's ``start``, else ``DEFAULT_START``."""
        from .kit.clock import DEFAULT_START

        start = self._start
        if start is None:
            return DEFAULT_START
        return start() if callable(start) else start

    def snapshot(self) -> dict[str, Any]:
        with self.hub.lock:
            return {f"{system}/{tenant}": m.store.snapshot() for (system, tenant), m in self._models.items()}

    def diff(self, before: dict[str, Any], after: dict[str, Any] | None = None) -> list[Change]:
        after = after if after is not None else self.snapshot()
        changes: list[Change] = []
        for key in sorted(set(before) | set(after)):
            for change in diff(before.get(key, {}), after.get(key, {})):
                changes.append(
                    Change(f"{key}:{change.table}", change.key, change.kind, change.field, change.before, change.after)
                )
        return changes

    # -- serving --------------------------------------------------------------
    def serve(
        self,
        host: str = "127.0.0.1",
        ports: dict[str, int] | None = None,
        smtp_port: int | None = 0,
        run_clock: bool = False,
        tls: bool = False,
    ) -> Runtime:
        """Serve every fake on its own loopback origin (port 0 = any free port).

        With ``tls`` every fake serves HTTPS with a certificate from a CA made for
        this world (``self.tls``); the contract then names the CA bundle. Webhooks
        to the SUT keep the scheme of the URL the SUT registered.
        """
        hooks = []
        if "inbox" in self._model_classes and smtp_port is not None:
            from .inbox.smtp import smtp_hook

            hooks.append(smtp_hook(self._receive_email, host, smtp_port, self._smtp_bound))
        context = None
        if tls:
            from .kit.tls import LocalCA

            self.tls = LocalCA()
            context = self.tls.server_context()
        runtime = Runtime(self.hub, list(self.fakes.values()), host, ports, hooks=hooks, ssl_context=context)
        self.runtime = runtime.start()
        if run_clock:
            self.hub.clock.run()
        return self.runtime

    def _receive_email(self, *message: Any) -> None:
        with self.hub.lock:
            self.model("inbox").receive_email(*message)

    def _smtp_bound(self, port: int) -> None:
        self.smtp_port = port

    def start_background(self) -> Runtime:
        """Start the loop without sockets (in-process mode still sends webhooks and fires timers)."""
        self.runtime = Runtime(self.hub, [], serve=False).start()
        return self.runtime

    def stop(self) -> None:
        if self.runtime is not None:
            self.runtime.stop()
            self.runtime = None
        if self.tls is not None:
            self.tls.close()
            self.tls = None

    def __enter__(self) -> World:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def contract_env(self) -> dict[str, str]:
        """The SUT contract: each fake's variables, pointing at where it is served."""
        env: dict[str, str] = {}
        for fake in self.fakes.values():
            env.update(fake.contract_env(self.hub.origin_of(fake.name)))
        if self.smtp_port is not None:
            env["SMTP_HOST"] = "127.0.0.1"
            env["SMTP_PORT"] = str(self.smtp_port)
        if self.tls is not None:
            env.update(self.tls.contract_env())
        return env

    # -- waiting without sleeping ---------------------------------------------
    def wait_until(self, predicate: Callable[[], Any], timeout: float) -> Any:
        """Return the predicate's first truthy value, or None when ``timeout`` real seconds pass."""
        deadline = time.monotonic() + timeout
        version = self.hub.version
        while True:
            value = predicate()
            if value:
                return value
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            version = self.hub.wait_for_change(version, min(left, 0.05))

    def quiescent(self, settle: float = 0.25, timeout: float = 30.0) -> bool:
        """Wait until no webhook is in flight and no SUT request arrived for ``settle`` seconds."""
        deadline = time.monotonic() + timeout
        last_seq = self.hub.journal.last_seq
        quiet_since = time.monotonic()
        version = self.hub.version
        while time.monotonic() < deadline:
            if self.hub.dispatcher.active or self.hub.journal.last_seq != last_seq:
                last_seq = self.hub.journal.last_seq
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= settle:
                return True
            wait = max(0.001, min(settle - (time.monotonic() - quiet_since), deadline - time.monotonic()))
            version = self.hub.wait_for_change(version, wait)
        return False
