"""The base every vendor-neutral model shares: a tenant's store and its actions.

A model knows nothing of HTTP or of any vendor's wire format. It keeps its
records in ``self.store``, reads time from the shared clock, draws ids from
the shared seed, and announces what happened with ``self.emit`` so that the
dialects can turn it into their vendor's webhooks.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from .store import Store

if TYPE_CHECKING:
    from .hub import Hub

F = TypeVar("F", bound=Callable[..., Any])


def action(fn: F) -> F:
    """Mark a model method as a world action (control plane: ``POST /__harness/actions/<system>.<name>``).

    An action runs under the world lock (re-entrant), so a harness thread that
    queries a model never reads a table while the fakes are changing it.
    """

    @functools.wraps(fn)
    def locked(self: Any, *args: Any, **kwargs: Any) -> Any:
        with self.hub.lock:
            return fn(self, *args, **kwargs)

    locked.__harness_action__ = True  # type: ignore[attr-defined]
    return locked  # type: ignore[return-value]


class ModelError(Exception):
    """A world action that the domain refuses (an unknown id, a transition not allowed).

    Dialect handlers translate it into their vendor's error answer; the
    control plane answers 409 with the message.
    """

    def __init__(self, message: str, kind: str = "invalid", field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind  # "not_found" | "invalid" | "conflict"
        self.field = field


class NotFound(ModelError):
    def __init__(self, what: str, ident: Any) -> None:
        super().__init__(f"{what} {ident!r} does not exist", kind="not_found")


class Model:
    system = "model"

    def __init__(self, hub: Hub, tenant: str = "default") -> None:
        self.hub = hub
        self.tenant = tenant
        self.store = Store()
        self.seed()

    def seed(self) -> None:
        """Create what exists before any journey (a world's fixed furniture)."""

    def reset(self) -> None:
        self.store.clear()
        self.seed()

    def now(self) -> datetime:
        return self.hub.clock.now()

    def new_id(self, kind: str, start: int = 1000) -> int:
        return self.hub.ids.integer(f"{self.system}.{self.tenant}.{kind}", start)

    def emit(self, kind: str, **data: Any) -> None:
        self.hub.emit(self.system, kind, self.tenant, **data)

    def get(self, table: str, ident: Any, what: str | None = None) -> dict[str, Any]:
        record = self.store.table(table).get(ident)
        if record is None:
            raise NotFound(what or table.rstrip("s"), ident)
        return record

    @classmethod
    def actions(cls) -> dict[str, Callable[..., Any]]:
        return {
            name: fn
            for name in dir(cls)
            if callable(fn := getattr(cls, name, None)) and getattr(fn, "__harness_action__", False)
        }
