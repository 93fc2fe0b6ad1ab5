"""The control plane: the same world, driven over HTTP under ``/__harness/``.

Every fake's origin serves it, so a harness written in another language (or
``curl``) can reset, seed, act, inspect, break and time-travel the world.
Requests here are not journaled: the journal is what the SUT did.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from . import jsonx
from .faults import FaultRule
from .http import CONTROL_PREFIX, BadRequestBody, Request, Response, json_response
from .model import ModelError
from .webhooks import ChaosRule

if TYPE_CHECKING:
    from .http import Fake
    from .hub import Hub
    from .store import Change


class WorldPort(Protocol):
    """What the control plane asks of whoever owns the models (``fakes.world.World`` is one).

    The kit defines this shape and never imports the world: the world satisfies it.
    """

    @property
    def hub(self) -> Hub: ...

    @property
    def fakes(self) -> Mapping[str, Fake]: ...

    def reset(self, seed: int | None = None) -> None: ...

    def actions(self) -> dict[str, str]: ...

    def act(self, name: str, /, tenant: str = "default", **kwargs: Any) -> Any: ...

    def snapshot(self) -> dict[str, Any]: ...

    def diff(self, before: dict[str, Any], after: dict[str, Any] | None = None) -> list[Change]: ...

    def contract_env(self) -> dict[str, str]: ...


# The operations index ``GET /__harness/`` answers with: (method, path, what it does).
OPERATIONS: tuple[tuple[str, str, str], ...] = (
    ("GET", "", "this index"),
    ("GET", "health", "the fakes served and how many internal errors they had"),
    ("GET", "contract", "the SUT contract: the environment variables an integration needs"),
    ("POST", "reset", 'empty every fake and rewind the clock; body {"seed": N} optional'),
    ("GET", "actions", "the world actions by name, with one line each"),
    ("POST", "actions/{name}", 'run a world action; body: its arguments, plus "tenant" optional'),
    ("GET", "state", "every model's tables"),
    ("POST", "snapshots", "keep the current state; answers its number"),
    ("GET", "snapshots/{n}/diff", "what changed since snapshot n"),
    ("GET", "journal", "the requests the SUT made; query fake, method, path_prefix, operation, since, limit"),
    ("GET", "faults", "the fault rules in force"),
    ("POST", "faults", "add a fault rule (status, delay, reset, rate limit, ... on matching requests)"),
    ("DELETE", "faults", "remove every fault rule"),
    ("POST", "chaos", "add a webhook chaos rule (drop, duplicate, delay, reorder deliveries)"),
    ("GET", "deliveries", "the webhooks sent; query fake, event, state"),
    ("GET", "clock", "the virtual clock: now, running, pending timers"),
    ("POST", "clock", 'steer the clock: {"set": ISO}, {"advance_seconds": N}, {"freeze": true}, {"run": true}'),
    ("POST", "settings", "change admin settings (webhook URLs, rate limits, ...)"),
)

# An extension answers (method, path, request) for the paths under its first segment.
Extension = Callable[[str, str, "Request"], "Response"]


class ControlPlane:
    def __init__(self, world: WorldPort, token: str | None = None) -> None:
        self.world = world
        self.token = token
        self._snapshots: dict[int, dict[str, Any]] = {}
        # First path segment -> handler, with its own index rows; ``ats-harness up`` adds "runs".
        self.extensions: dict[str, tuple[Extension, tuple[tuple[str, str, str], ...]]] = {}

    def index(self) -> dict[str, Any]:
        rows = [*OPERATIONS, *(row for _, rows in self.extensions.values() for row in rows)]
        return {
            "control_plane": CONTROL_PREFIX + "/",
            "token_required": bool(self.token),
            "fakes": {name: self.world.hub.origin_of(name) for name in sorted(self.world.fakes)},
            "operations": [
                {"method": method, "path": f"{CONTROL_PREFIX}/{path}", "summary": summary}
                for method, path, summary in rows
            ],
        }

    def handle(self, fake: Fake, request: Request) -> Response:
        if self.token and not hmac.compare_digest(request.header("x-harness-token", "") or "", self.token):
            return _error(401, "the control plane needs the X-Harness-Token header")
        path = request.path[len(CONTROL_PREFIX) :].strip("/")
        try:
            return self._route(request.method, path, request)
        except (ModelError, ValueError, TypeError, KeyError, BadRequestBody) as exc:
            status = 404 if isinstance(exc, ModelError) and exc.kind == "not_found" else 409
            if isinstance(exc, (ValueError, TypeError, KeyError, BadRequestBody)):
                status = 400
            return _error(status, str(exc) if not isinstance(exc, ModelError) else exc.message)

    def _route(self, method: str, path: str, request: Request) -> Response:
        world, hub = self.world, self.world.hub
        if (method, path) == ("GET", ""):
            return _ok(self.index())
        extension = self.extensions.get(path.split("/", 1)[0])
        if extension is not None:
            return extension[0](method, path, request)
        body = request.json_object() if request.body.strip() else {}
        if (method, path) == ("POST", "reset"):
            world.reset(body.get("seed"))
            return _ok({"reset": True, "seed": hub.seed})
        if (method, path) == ("GET", "actions"):
            return _ok(world.actions())
        if method == "POST" and path.startswith("actions/"):
            name = path.removeprefix("actions/")
            tenant = body.pop("tenant", "default")
            return _ok({"result": world.act(name, tenant=tenant, **body)})
        if (method, path) == ("GET", "state"):
            return _ok(world.snapshot())
        if (method, path) == ("POST", "snapshots"):
            ident = len(self._snapshots) + 1
            self._snapshots[ident] = world.snapshot()
            return _ok({"snapshot": ident})
        if method == "GET" and path.startswith("snapshots/") and path.endswith("/diff"):
            ident = int(path.split("/")[1])
            if ident not in self._snapshots:
                return _error(404, f"snapshot {ident} does not exist; take one with POST {CONTROL_PREFIX}/snapshots")
            return _ok([c.as_dict() for c in world.diff(self._snapshots[ident])])
        if (method, path) == ("GET", "journal"):
            limit = int(request.q("limit", "1000") or 1000)
            entries = hub.journal.entries(
                fake=request.q("fake"),
                method=request.q("method"),
                path_prefix=request.q("path_prefix"),
                operation=request.q("operation"),
                since=int(request.q("since", "0") or 0),
            )
            return _ok([e.as_dict() for _, e in zip(range(limit), entries, strict=False)])
        if path == "faults":
            if method == "GET":
                return _ok([r.as_dict() for r in hub.faults.rules])
            if method == "POST":
                return _ok(hub.faults.add(FaultRule(**body)).as_dict())
            if method == "DELETE":
                hub.faults.clear()
                return _ok({"cleared": True})
        if path == "chaos" and method == "POST":
            rule = hub.dispatcher.add_chaos(ChaosRule(**body))
            return _ok({"id": rule.id, "kind": rule.kind})
        if (method, path) == ("GET", "deliveries"):
            found = hub.dispatcher.deliveries(request.q("fake"), request.q("event"), request.q("state"))
            return _ok([d.as_dict() for d in found])
        if path == "clock":
            if method == "POST":
                self._steer_clock(body)
            return _ok(
                {"now": hub.clock.now().isoformat(), "running": hub.clock.running, "timers": hub.clock.pending_timers()}
            )
        if (method, path) == ("POST", "settings"):
            hub.settings.update(body)
            return _ok({"settings": sorted(hub.settings)})
        if (method, path) == ("GET", "contract"):
            return _ok(world.contract_env())
        if (method, path) == ("GET", "health"):
            return _ok({"status": "ok", "fakes": sorted(world.fakes), "errors": len(hub.errors)})
        return _error(404, f"no control operation {method} {CONTROL_PREFIX}/{path}; GET {CONTROL_PREFIX}/ lists them")

    def _steer_clock(self, body: dict[str, Any]) -> None:
        clock = self.world.hub.clock
        if "set" in body:
            clock.set(datetime.fromisoformat(str(body["set"]).replace("Z", "+00:00")))
        if "advance_seconds" in body:
            clock.advance(float(body["advance_seconds"]))
        if body.get("freeze"):
            clock.freeze()
        if body.get("run"):
            clock.run()


def _ok(value: Any) -> Response:
    return json_response(jsonx.plain(value))


def _error(status: int, message: str) -> Response:
    return json_response({"error": message}, status)
