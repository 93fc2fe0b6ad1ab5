"""What one world of fakes shares: lock, clock, ids, journal, faults,
dispatcher, domain events and a change notification to wait on."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, overload

from .clock import VirtualClock
from .faults import Faults
from .ids import IdSource
from .journal import Journal
from .webhooks import Dispatcher

if TYPE_CHECKING:
    from .control import ControlPlane
    from .model import Model

ModelSource = Callable[[str, str], "Model"]
M = TypeVar("M", bound="Model")


@dataclass(frozen=True)
class DomainEvent:
    """Something happened in a model; dialects turn it into their vendor's webhooks."""

    system: str  # "ats" | "hris" | "esign" | "scheduler"
    kind: str  # e.g. "application.stage_changed"
    tenant: str
    data: dict[str, Any]


Listener = Callable[[DomainEvent], None]


class Hub:
    def __init__(self, seed: int = 0, journal_limit: int = 200_000) -> None:
        self.seed = seed
        self.lock = threading.RLock()
        self.changed = threading.Condition(threading.Lock())
        self._version = 0
        self.clock = VirtualClock()
        self.ids = IdSource(seed)
        self.journal = Journal(journal_limit, notify=self.notify)
        self.faults = Faults()
        self.dispatcher = Dispatcher(self)
        self.origins: dict[str, str] = {}  # fake name -> http://127.0.0.1:port
        self.settings: dict[str, Any] = {}  # admin-screen configuration (webhook URLs, secrets)
        self.control: ControlPlane  # set by the world
        self._listeners: dict[str, list[Listener]] = defaultdict(list)
        self.errors: list[tuple[str, str]] = []  # harness bugs: (fake, traceback)
        self._model_source: ModelSource | None = None
        self._tenants: Callable[[], list[str]] = lambda: ["default"]

    # -- the typed contract with whoever owns the models (the world) -------
    def bind_models(self, source: ModelSource, tenants: Callable[[], list[str]]) -> None:
        """Tell the hub how to reach a system's model for a tenant, and which tenants exist."""
        self._model_source = source
        self._tenants = tenants

    @overload
    def model(self, system: str, tenant: str = "default") -> Any: ...

    @overload
    def model(self, system: str, tenant: str, kind: type[M]) -> M: ...

    def model(self, system: str, tenant: str = "default", kind: type[Model] | None = None) -> Any:
        """The model of ``system`` for ``tenant``; with ``kind``, typed as (and checked to be) that class."""
        if self._model_source is None:
            raise RuntimeError("no models are bound to this hub; a World binds them (hub.bind_models)")
        model = self._model_source(system, tenant)
        if kind is not None and not isinstance(model, kind):
            raise TypeError(f"the {system!r} model is a {type(model).__name__}, not a {kind.__name__}")
        return model

    def tenants(self) -> list[str]:
        return list(self._tenants())

    # -- domain events ----------------------------------------------------
    def subscribe(self, system: str, listener: Listener) -> None:
        self._listeners[system].append(listener)

    def emit(self, system: str, kind: str, tenant: str, **data: Any) -> None:
        event = DomainEvent(system, kind, tenant, data)
        for listener in self._listeners[system]:
            listener(event)
        self.notify()

    # -- change notification (event-driven waiting, no sleeps) -------------
    def notify(self) -> None:
        with self.changed:
            self._version += 1
            self.changed.notify_all()

    @property
    def version(self) -> int:
        return self._version

    def wait_for_change(self, since: int, timeout: float) -> int:
        """Block until anything changes after ``since`` (or timeout); return the new version."""
        with self.changed:
            if self._version == since:
                self.changed.wait(timeout)
            return self._version

    def origin_of(self, fake: str) -> str:
        return self.origins.get(fake, f"http://127.0.0.1/{fake}")

    def harness_error(self, fake: str, trace: str) -> None:
        self.errors.append((fake, trace))
