"""The control plane: the same world, driven over HTTP under ``/__harness/``.

Every fake's origin serves it, so a harness written in another language (or
``curl``) can reset, seed, act, inspect, break and time-travel the world.
Requests here are not journaled: the journal is what the SUT did.
"""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import TYPE_CHECKING, Any

from . import jsonx
from .faults import FaultRule
from .http import CONTROL_PREFIX, BadRequestBody, Request, Response, json_response
from .model import ModelError
from .webhooks import ChaosRule

if TYPE_CHECKING:
    from ..world import World
    from .http import Fake


class ControlPlane:
    def __init__(self, world: World, token: str | None = None) -> None:
        self.world = world
        self.token = token
        self._snapshots: dict[int, dict[str, Any]] = {}

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
        return _error(404, f"no control operation {method} {CONTROL_PREFIX}/{path}")

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
