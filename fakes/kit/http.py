"""The request pipeline every fake shares.

``Fake.handle(Request) -> Response`` is synchronous and socket-free: route,
fault rules, authentication, the handler under the world lock, vendor-shaped
errors, journal. The HTTP server, the ASGI adapter and the in-process
``responses`` adapter all call it, so every mode answers the same bytes.
"""

from __future__ import annotations

import re
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from . import jsonx
from .model import ModelError

if TYPE_CHECKING:
    from .faults import FaultRule
    from .hub import Hub

CONTROL_PREFIX = "/__harness"


class Request:
    __slots__ = ("_json", "_query", "body", "headers", "method", "origin", "params", "path", "query_string", "tenant")

    def __init__(
        self,
        method: str,
        path: str,
        query_string: str = "",
        headers: dict[str, str] | None = None,
        body: bytes = b"",
        origin: str = "",
    ) -> None:
        self.method = method.upper()
        self.path = path
        self.query_string = query_string
        self.headers = headers or {}  # lower-case names
        self.body = body
        self.params: dict[str, str] = {}
        self.tenant = "default"
        self.origin = origin  # scheme://host:port the request reached
        self._query: list[tuple[str, str]] | None = None
        self._json: Any = _UNSET

    @property
    def query_items(self) -> list[tuple[str, str]]:
        if self._query is None:
            self._query = parse_qsl(self.query_string, keep_blank_values=True)
        return self._query

    def q(self, name: str, default: str | None = None) -> str | None:
        for k, v in self.query_items:
            if k == name:
                return v
        return default

    def q_all(self, name: str) -> list[str]:
        return [v for k, v in self.query_items if k == name]

    def header(self, name: str, default: str | None = None) -> str | None:
        return self.headers.get(name.lower(), default)

    def json(self) -> Any:
        """The body parsed (Decimals for fractions); raises ``BadRequestBody`` when it is not JSON."""
        if self._json is _UNSET:
            if not self.body.strip():
                raise BadRequestBody("the request body is empty")
            try:
                self._json = jsonx.loads(self.body)
            except (ValueError, UnicodeDecodeError) as exc:
                raise BadRequestBody(f"the request body is not valid JSON: {exc}") from None
        return self._json

    def json_object(self) -> dict[str, Any]:
        value = self.json()
        if not isinstance(value, dict):
            raise BadRequestBody(f"the request body must be a JSON object, not {type(value).__name__}")
        return value


_UNSET = object()


class BadRequestBody(Exception):
    """The body could not be read as the operation needs; each dialect renders it its vendor's way."""


@dataclass(slots=True)
class Response:
    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    # What the transport must do instead of (or besides) answering normally:
    # None, "delay", "reset", "hang", "truncate".
    action: str | None = None
    action_seconds: float = 0.0

    def header(self, name: str) -> str | None:
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None


def json_response(value: Any, status: int = 200, headers: Iterable[tuple[str, str]] = (), **dump: Any) -> Response:
    return Response(status, [("Content-Type", "application/json; charset=utf-8"), *headers], jsonx.dumps(value, **dump))


def empty_response(status: int = 204, headers: Iterable[tuple[str, str]] = ()) -> Response:
    return Response(status, list(headers), b"")


class VendorError(Exception):
    """An error the vendor would answer with; dialects subclass it and shape ``response()``."""

    status = 400

    def __init__(self, message: str, status: int | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        self.extra = extra

    def response(self) -> Response:
        return json_response({"message": self.message}, self.status)


Handler = Callable[[Request], Any]


@dataclass
class Route:
    """One vendor operation: a data-only entry of a dialect's ``routes.py``."""

    method: str
    path: str  # "/v1/candidates/{id}"; a segment "{rest:path}" matches slashes
    handler: Handler
    operation: str  # the vendor's operation name, e.g. "get_candidate"
    summary: str = ""
    auth: bool = True
    query: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> JSON Schema
    body: dict[str, Any] | None = None  # JSON Schema of the request body
    responses: dict[int, str] = field(default_factory=lambda: {200: "OK"})
    write: bool = False  # a write operation (Greenhouse wants On-Behalf-Of)
    tags: tuple[str, ...] = ()

    def compile(self) -> re.Pattern[str]:
        pattern = re.sub(
            r"\{(\w+)(:path)?\}",
            lambda m: f"(?P<{m.group(1)}>.+)" if m.group(2) else f"(?P<{m.group(1)}>[^/]+)",
            self.path,
        )
        return re.compile(f"^{pattern}$")


class Router:
    def __init__(self, routes: Iterable[Route]) -> None:
        self.routes = list(routes)
        # Literal paths first by exact lookup; templated ones scanned in order.
        self._exact: dict[tuple[str, str], Route] = {}
        self._patterns: list[tuple[re.Pattern[str], Route]] = []
        for route in self.routes:
            if "{" in route.path:
                self._patterns.append((route.compile(), route))
            else:
                self._exact[(route.method, route.path)] = route

    def match(self, method: str, path: str) -> tuple[Route | None, dict[str, str], bool]:
        """(route, params, path_known): path_known tells 405 from 404."""
        route = self._exact.get((method, path))
        if route is not None:
            return route, {}, True
        known = any(p == path for (_, p) in self._exact)
        for pattern, candidate in self._patterns:
            m = pattern.match(path)
            if m:
                if candidate.method == method:
                    return candidate, m.groupdict(), True
                known = True
        return None, {}, known


class Fake:
    """One vendor's origin: a dialect subclasses this, fills ``routes`` and the vendor hooks."""

    name = "fake"
    title = "fake"
    system = ""  # the model this dialect speaks: "ats", "hris", "esign", "scheduler", "inbox"
    journal_enabled = True
    # OpenAPI security schemes (name -> scheme object); None when nothing authenticates.
    openapi_security: dict[str, Any] | None = None

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.router = Router(self.routes())
        self.harness_errors: list[str] = []  # tracebacks of harness bugs, never blamed on the SUT

    # -- hooks a dialect overrides -------------------------------------
    def routes(self) -> list[Route]:
        return []

    def authenticate(self, request: Request, route: Route) -> str:
        """Return the tenant the credentials belong to, or raise the vendor's auth error."""
        return "default"

    def error(self, status: int, message: str) -> Response:
        """The vendor's error answer for ``status`` (fault injection, 404, 405, bad body)."""
        return json_response({"message": message}, status)

    def bad_body(self, request: Request, route: Route, problem: str) -> Response:
        return self.error(400, problem)

    def decorate(self, request: Request, route: Route, response: Response) -> None:
        """Add per-vendor headers (rate-limit counters) to every answer."""

    def rate_limited(self, request: Request, route: Route) -> Response | None:
        """Return a 429 answer when the vendor's own rate limit is exceeded."""
        return None

    def model_error(self, request: Request, route: Route, exc: ModelError) -> Response:
        """A refusal of the model, in the vendor's words (a dialect maps it in its ``errors.py``)."""
        status = 404 if exc.kind == "not_found" else 409 if exc.kind == "conflict" else 400
        return self.error(status, exc.message)

    def reset(self) -> None:
        """Forget per-run dialect state (rate windows, issued tokens); the world calls it on reset."""

    def contract_env(self, origin: str) -> dict[str, str]:
        """The environment variables an integration needs to reach this fake at ``origin``."""
        return {}

    def openapi_route_security(self, route: Route) -> list[str] | None:
        """The security schemes ``route`` takes in the OpenAPI document (None: any declared one)."""
        return None

    def tenants(self) -> list[str]:
        """The tenants this fake answers for."""
        return self.hub.tenants()

    # -- the pipeline ---------------------------------------------------
    def handle(self, request: Request) -> Response:
        if request.path.startswith(CONTROL_PREFIX):
            return self.hub.control.handle(self, request)
        started = time.perf_counter()
        route, params, known = self.router.match(request.method, request.path)
        fault_name = ""
        operation = route.operation if route else ""
        if route is None:
            response = self.error(405 if known else 404, self._unmatched(request, known))
        else:
            request.params = params
            fault = self.hub.faults.match(
                self.name, request.method, request.path, operation, request.query_string, request.body
            )
            if fault is not None and fault.kind != "latency":
                fault_name = fault.kind
                response = self._fault_response(fault)
            else:
                response = self._dispatch(request, route)
                if fault is not None:
                    fault_name = "latency"
                    response.action, response.action_seconds = "delay", fault.seconds
        if self.journal_enabled:
            self.hub.journal.record(
                self.name,
                request.tenant,
                self.hub.clock.timestamp(),
                request.method,
                request.path,
                request.query_string,
                tuple(request.headers.items()),
                request.body,
                response.status,
                tuple(response.headers),
                response.body,
                (time.perf_counter() - started) * 1000.0,
                operation,
                fault_name,
            )
        return response

    def _dispatch(self, request: Request, route: Route) -> Response:
        try:
            with self.hub.lock:
                if route.auth:
                    request.tenant = self.authenticate(request, route)
                limited = self.rate_limited(request, route)
                if limited is not None:
                    self.decorate(request, route, limited)
                    return limited
                result = route.handler(request)
            response = result if isinstance(result, Response) else json_response(result)
        except VendorError as exc:
            response = exc.response()
        except ModelError as exc:
            response = self.model_error(request, route, exc)
        except BadRequestBody as exc:
            response = self.bad_body(request, route, str(exc))
        except Exception:  # a harness bug: answer like the vendor's 500, keep the traceback
            self.harness_errors.append(traceback.format_exc())
            self.hub.harness_error(self.name, self.harness_errors[-1])
            response = self.error(500, "Internal server error")
        self.decorate(request, route, response)
        return response

    def _fault_response(self, fault: FaultRule) -> Response:
        if fault.kind == "status":
            response = self.error(fault.status, fault.message or f"injected {fault.status}")
        elif fault.kind == "rate_limit":
            response = self.error(429, fault.message or "Too Many Requests")
            response.headers.append(("Retry-After", str(int(fault.retry_after))))
        elif fault.kind == "malformed":
            response = Response(200, [("Content-Type", "application/json")], b'{"data": [{"id": 1,, "trunc')
        elif fault.kind == "truncated":
            response = json_response({"message": "x" * 256})
            response.action = "truncate"
        elif fault.kind == "reset":
            response = Response(0, [], b"", action="reset")
        elif fault.kind == "timeout":
            response = Response(0, [], b"", action="hang", action_seconds=fault.seconds or 60.0)
        else:  # pragma: no cover - FaultRule validates kinds
            raise ValueError(fault.kind)
        return response

    def _unmatched(self, request: Request, known: bool) -> str:
        if known:
            allowed = sorted({r.method for r in self.router.routes if r.compile().match(request.path)})
            return f"{request.method} is not allowed on {request.path}; allowed: {', '.join(allowed)}"
        return f"No route matches {request.method} {request.path}"

    # -- helpers for handlers -----------------------------------------
    def base_url(self, request: Request) -> str:
        return request.origin or self.hub.origin_of(self.name)


def parse_int(value: Any, name: str, error: Callable[[str], Exception]) -> int:
    """An integer path or query value, or the vendor's error naming it."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        raise error(f"{name}={value!r} must be an integer") from None
    if number < 0 or number > 2**53:
        raise error(f"{name}={value!r} is out of range")
    return number
