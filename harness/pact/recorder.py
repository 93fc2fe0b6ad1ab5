"""Pact out: the SUT's dealings with each vendor, written as Pact V4 consumer contracts.

``PactRecorder`` is an event consumer the runner adds when it starts the world.
While the run plays it notes each domain event that made a vendor send a
webhook (so ``pact verify`` can make the fake send it again); when the run
finishes it reads the request journal and the webhook delivery log and
writes, into ``reports/<run-id>/pacts/``:

* ``<consumer>-<vendor>.json``: one Pact V4 file per vendor the SUT called or
  heard from. One HTTP interaction per operation (method, route template and
  status), the first clean example of it, with matchers in place of ids and
  timestamps; one asynchronous message interaction per webhook event the SUT
  accepted.
* ``world-state.json``: what the world held when the run ended (records, ids,
  clock, admin settings) and the domain events behind the webhooks: the
  provider state ``pact verify`` restores.
* ``openapi-findings.json``: interactions that use an operation or field the
  vendor's OpenAPI document (or webhook schema) does not have.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from fakes.kit import jsonx
from fakes.kit.hub import DomainEvent
from fakes.kit.journal import Entry
from fakes.world import World

from ..results import Event, Reporter
from . import codec

STATE_FILE = "world-state.json"
FINDINGS_FILE = "openapi-findings.json"
BASE_STATE = "the world as the run left it"
PLACEHOLDER = "pact-credential"  # stands for the SUT's credential; `pact verify` supplies a valid one
CONTRACTS = Path(__file__).resolve().parent.parent.parent / "contracts"
# Request headers a provider's answer depends on: On-Behalf-Of (an ATS's writes), and Accept, which picks
# JSON or XML where a vendor negotiates (an HRIS whose older reads answer XML unless asked for JSON).
_KEPT_REQUEST_HEADERS = ("on-behalf-of", "accept")


class PactRecorder(Reporter):
    """Subscribe to a world's domain events now; write the pacts when the run finishes."""

    def __init__(self, world: World, consumer: str, out_dir: Path | str, *, echo: Callable[[str], None] | None = None):
        self.world = world
        self.consumer = consumer
        self.out_dir = Path(out_dir)
        self.events: list[dict[str, Any]] = []  # domain events that produced deliveries
        self.event_of: dict[int, int] = {}  # delivery id -> index in self.events
        self._before = 0
        self.paths: dict[str, Path] = {}
        self.findings: list[dict[str, Any]] = []
        self._echo = echo or (lambda text: print(text, file=sys.stderr))
        # What a vendor's system held just before the first clean example of each
        # operation and of each webhook: the provider state that example needs.
        self.before: dict[str, dict[str, Any]] = {}  # "http:<seq>" | "event:<index>" -> {system, stores, at}
        self._routes_done: set[tuple[str, str, str]] = set()  # (fake, method, template) with a clean example
        self._kinds_done: set[tuple[str, str]] = set()  # (system, domain event kind) with a snapshot kept
        self._pending: dict[str, Any] | None = None
        self.system_of = _systems_of(world)
        hub = world.hub
        for system in world.systems:
            # Run first and last among the system's listeners: the deliveries
            # enqueued in between are the ones this event caused.
            hub._listeners[system].insert(0, self._pre)
            hub.subscribe(system, self._post)
        for fake in world.fakes.values():
            fake.handle = self._watch(fake, fake.handle)  # type: ignore[method-assign]

    def _snapshot(self, system: str) -> dict[str, Any]:
        world = self.world
        stores = {f"{s}/{t}": m.store.snapshot() for (s, t), m in list(world._models.items())
                  if s == system}
        return {"system": system, "stores": stores, "at": world.hub.clock.now().isoformat()}

    def _watch(self, fake: Any, original: Callable[[Any], Any]) -> Callable[[Any], Any]:
        hub, system = self.world.hub, self.system_of.get(fake.name)

        def handle(request: Any) -> Any:
            if system is None or request.path.startswith("/__harness"):
                return original(request)
            route, _, _ = fake.router.match(request.method, request.path)
            key = (fake.name, request.method, route.path if route is not None else request.path)
            if key in self._routes_done:
                return original(request)
            with hub.lock:  # nothing changes the system between the snapshot and this request
                snapshot = self._snapshot(system)
                response = original(request)
                entry = next(iter(hub.journal.tail(hub.journal.last_seq - 1)), None)
            if entry is not None and entry.fake == fake.name and not entry.fault and entry.status:
                self.before[f"http:{entry.seq}"] = snapshot
                self._routes_done.add(key)
            return response

        return handle

    def _pre(self, event: DomainEvent) -> None:
        self._before = len(self.world.hub.dispatcher.deliveries())
        wanted = (event.system, event.kind) not in self._kinds_done
        self._pending = self._snapshot(event.system) if wanted else None

    def _post(self, event: DomainEvent) -> None:
        caused = self.world.hub.dispatcher.deliveries()[self._before :]
        if not caused:
            return
        index = len(self.events)
        self.events.append(
            {
                "system": event.system,
                "kind": event.kind,
                "tenant": event.tenant,
                "data": codec.encode(event.data),
                "at": self.world.hub.clock.now().isoformat(),
            }
        )
        if self._pending is not None:
            self.before[f"event:{index}"] = self._pending
            self._kinds_done.add((event.system, event.kind))
            self._pending = None
        for delivery in caused:
            self.event_of[delivery.id] = index

    def on_run_finished(self, event: Event) -> None:
        if not len(self.world.hub.journal) and not self.world.hub.dispatcher.deliveries():
            return  # the SUT never talked to a vendor (it did not start): no contract to write
        try:
            self.paths, self.findings = write_pacts(self.world, self.consumer, self.out_dir / "pacts", self)
        except Exception as exc:  # the run's verdict stands; the missing pacts are reported
            self._echo(f"ats-harness: could not write the pacts: {type(exc).__name__}: {exc}")
            return
        self._echo(summary(self.out_dir / "pacts", self.paths, self.findings))


def summary(folder: Path, paths: dict[str, Path], findings: list[dict[str, Any]]) -> str:
    """The pact step's lines in the run's output: where the contracts are, and what the vendors do not document."""
    line = f"pacts: {len(paths)} contract(s) ({', '.join(sorted(paths))}) in {folder}"
    flagged = [f for f in findings if f.get("kind") != "note"]
    notes = len(findings) - len(flagged)
    if flagged:
        line += f"\npacts: {len(flagged)} interaction detail(s) the vendors' OpenAPI does not document:"
        line += "".join(f"\n  {f['provider']}: {f['interaction']}: {f['problem']}" for f in flagged[:20])
        if len(flagged) > 20:
            line += f"\n  ... and {len(flagged) - 20} more in {FINDINGS_FILE}"
    if notes:
        line += f"\npacts: {notes} note(s) on webhook payloads beyond their schemas in {FINDINGS_FILE}"
    return line


def attach(world: World, profile: Any, out_dir: Path | str) -> PactRecorder:
    """The recorder for a run of ``profile``'s integration (its ``name`` is the consumer)."""
    name = getattr(profile, "name", None) or (profile.get("name") if isinstance(profile, dict) else None)
    return PactRecorder(world, str(name or "integration"), out_dir)


# -- writing -----------------------------------------------------------------------------------------------
def write_pacts(
    world: World, consumer: str, target: Path, recorder: PactRecorder | None = None
) -> tuple[dict[str, Path], list[dict[str, Any]]]:
    """Write one Pact V4 file per vendor into ``target``; return {vendor: path} and the OpenAPI findings."""
    os.environ.setdefault("PACT_DO_NOT_TRACK", "true")
    from pact import Pact

    from .openapi import check_pact

    target.mkdir(parents=True, exist_ok=True)
    before = recorder.before if recorder is not None else {}
    http = _http_examples(world, before)
    messages = _message_examples(world, recorder)
    providers = sorted({p for p, _ in http} | {p for p, _ in messages})
    paths: dict[str, Path] = {}
    findings: list[dict[str, Any]] = []
    for provider in providers:
        pact = Pact(consumer, provider).with_specification("V4")
        pact.with_metadata("ats-harness", {"seed": str(world.hub.seed), "state_file": STATE_FILE})
        for (p, _), (route, entry) in sorted(http.items(), key=lambda kv: kv[0]):
            if p == provider:
                _http_interaction(pact, world, route, entry, before)
        for (p, _), (delivery, event_index) in sorted(messages.items(), key=lambda kv: kv[0]):
            # A delivery no domain event caused (a web hook's ping when it is saved) is the vendor's
            # admin set-up, not a message of the integration's contract, and verification could not replay it.
            if p == provider and event_index is not None:
                _message_interaction(pact, delivery, event_index, before)
        existing = set(target.glob("*.json"))
        pact.write_file(target, overwrite=True)
        written = sorted(set(target.glob("*.json")) - existing) or _pact_file(target, consumer, provider)
        paths[provider] = written[0]
        findings += check_pact(json.loads(paths[provider].read_text()))
    used = {f"http:{entry.seq}" for _, entry in http.values()} | {f"event:{i}" for _, i in messages.values()}
    _write_json(target / STATE_FILE, world_state(world, recorder, used))
    _write_json(target / FINDINGS_FILE, findings)
    return paths, findings


def _pact_file(target: Path, consumer: str, provider: str) -> list[Path]:
    for path in target.glob("*.json"):
        try:
            data = json.loads(path.read_text())
        except ValueError:
            continue
        if data.get("consumer", {}).get("name") == consumer and data.get("provider", {}).get("name") == provider:
            return [path]
    raise FileNotFoundError(f"pact-python wrote no pact for {consumer} -> {provider} in {target}")


def _write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, indent=1, sort_keys=True) + "\n")


def world_state(world: World, recorder: PactRecorder | None, used: set[str] | None = None) -> dict[str, Any]:
    """The state file: the end of the run, plus the domain events and snapshots the pacts name (``used``)."""
    def wanted(key: str) -> bool:
        return used is None or key in used

    hub = world.hub
    ids = hub.ids
    with hub.lock:
        return {
            "format": 1,
            "seed": hub.seed,
            "now": hub.clock.now().isoformat(),
            "tenants": list(world.tenants),
            "settings": codec.encode(dict(hub.settings)),
            "stores": codec.encode(world.snapshot()),
            # IdSource's counters and generators, so ids drawn during verification never reuse one.
            "ids": codec.encode({"counters": dict(ids._counters),
                                 "rngs": {k: r.getstate() for k, r in ids._rngs.items()}}),
            "events": {str(i): e for i, e in enumerate(recorder.events if recorder is not None else [])
                       if wanted(f"event:{i}")},
            "before": {k: {**v, "stores": codec.encode(v["stores"])} for k, v in
                       (recorder.before.items() if recorder is not None else ()) if wanted(k)},
        }


def _systems_of(world: World) -> dict[str, str]:
    """fake name -> the system whose model it serves (the ATS vendor's fake -> "ats")."""
    from fakes.world import SYSTEMS

    out = {}
    for system, (_, dialects) in SYSTEMS.items():
        names = {path.rpartition(":")[2] for path in dialects}
        for fake in world.fakes.values():
            if type(fake).__name__ in names:
                out[fake.name] = system
    return out


def route_of(world: World, entry: Entry) -> Any:
    fake = world.fakes.get(entry.fake)
    if fake is None or not entry.operation:
        return None
    route, _, _ = fake.router.match(entry.method, entry.path)
    return route


def _http_examples(world: World, before: dict[str, Any]) -> dict[tuple[str, str], tuple[Any, Entry]]:
    """(vendor, "METHOD template status") -> (route, its example: the first clean one, one with a
    snapshot of the world before it when there is one)."""
    out: dict[tuple[str, str], tuple[Any, Entry]] = {}
    for entry in world.hub.journal.entries():
        if entry.fault or not entry.status:
            continue  # an injected fault is the harness's doing, not the vendor's contract
        route = route_of(world, entry)
        template = route.path if route is not None else entry.path
        key = (entry.fake, f"{entry.method} {template} {entry.status}")
        if key not in out or (f"http:{entry.seq}" in before and f"http:{out[key][1].seq}" not in before):
            out[key] = (route, entry)
    return out


def _message_examples(world: World, recorder: PactRecorder | None) -> dict[tuple[str, str], tuple[Any, int | None]]:
    """(vendor, event) -> (the first delivery the SUT accepted, index of the domain event behind it)."""
    out: dict[tuple[str, str], tuple[Any, int | None]] = {}
    before = recorder.before if recorder is not None else {}
    for delivery in world.hub.dispatcher.deliveries(state="delivered"):
        if "redelivery" in delivery.chaos or "duplicate-copy" in delivery.chaos:
            continue
        key = (delivery.fake, delivery.event)
        index = recorder.event_of.get(delivery.id) if recorder is not None else None
        if key not in out or (f"event:{index}" in before and f"event:{out[key][1]}" not in before):
            out[key] = (delivery, index)
    return out


def template_regex(template: str) -> str:
    parts = re.split(r"(\{\w+(?::path)?\})", template)
    return "^" + "".join(
        (".+" if p.endswith(":path}") else "[^/]+") if p.startswith("{") else re.escape(p) for p in parts
    ) + "$"


def _path_states(vendor: str, template: str, path: str) -> list[tuple[str, dict[str, Any]]]:
    """"<fake> holds applications 4414001" for each id the path names."""
    names = re.findall(r"\{(\w+)(?::path)?\}", template)
    m = re.match(template_regex(template).replace("[^/]+", "([^/]+)").replace(".+", "(.+)"), path)
    if not names or m is None:
        return []
    out = []
    segments = template.split("/")
    for name, value in zip(names, m.groups(), strict=False):
        index = next(i for i, s in enumerate(segments) if s.startswith("{" + name))
        previous = segments[index - 1] if index > 0 else ""
        noun = previous if re.fullmatch(r"[A-Za-z_-]+", previous) and previous != "api" else name
        out.append((f"{vendor} holds {noun} {value}", {name: value}))
    return out


def _auth_header(value: str) -> tuple[str, Any] | None:
    from pact import match

    scheme = value.split(" ", 1)[0]
    if scheme.lower() not in ("basic", "bearer"):
        return None
    return scheme, match.regex(f"{scheme} {PLACEHOLDER}", regex=f"^{re.escape(scheme)} .+$")


def _http_interaction(pact: Any, world: World, route: Any, entry: Entry, before: dict[str, Any]) -> None:
    from pact import match

    from .matchers import from_schema, infer, integration_json
    from .openapi import body_schema, query_schemas

    template = route.path if route is not None else entry.path
    operation = entry.operation or "(no such route)"
    description = f"{operation}: {entry.method} {template} -> {entry.status}"
    interaction = pact.upon_receiving(description)
    interaction.given(BASE_STATE, {"state_file": STATE_FILE, "seed": world.hub.seed})
    if f"http:{entry.seq}" in before:
        interaction.given(f"{entry.fake} as it was before the first {entry.method} {template}",
                          {"before": f"http:{entry.seq}"})
    for state, params in _path_states(entry.fake, template, entry.path):
        interaction.given(state, params)
    interaction.set_comment("route", f"{entry.method} {template}")
    interaction.set_comment("operation", operation)
    interaction.with_request(entry.method, match.regex(entry.path, regex=template_regex(template)))
    params = query_schemas(entry.fake, entry.method, template)
    for name, value in parse_qsl(entry.query, keep_blank_values=True):
        schema = params.get(name)
        interaction.with_query_parameter(name, from_schema(value, schema) if schema else match.str(value))
    auth = entry.header("authorization")
    if auth:
        pair = _auth_header(auth)
        if pair is not None:
            interaction.with_header("Authorization", pair[1], part="Request")
    for name in _KEPT_REQUEST_HEADERS:
        value = entry.header(name)
        if value is not None:
            interaction.with_header(name.title(), match.regex(value, regex=r"^\d+$") if value.isdigit() else value,
                                    part="Request")
    content_type = entry.header("content-type")
    if entry.body:
        parsed = _json(entry.body, content_type)
        if parsed is not _NOT_JSON:
            schema = body_schema(entry.fake, entry.method, template)
            interaction.with_body(integration_json(from_schema(parsed, schema)), content_type or "application/json",
                                  part="Request")
        else:
            interaction.with_body(entry.body.decode("utf-8", "replace"), content_type or "text/plain", part="Request")
    interaction.will_respond_with(entry.status)
    headers = dict(entry.response_headers)
    response_type = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
    location = next((v for k, v in headers.items() if k.lower() == "location"), None)
    if location:
        interaction.with_header("Location", match.regex(location, regex=_loose(location)), part="Response")
    if entry.response_body:
        parsed = _json(entry.response_body, response_type)
        if parsed is not _NOT_JSON:
            interaction.with_body(integration_json(infer(parsed)), response_type or "application/json",
                                  part="Response")
        else:
            interaction.with_body(entry.response_body.decode("utf-8", "replace"), response_type or "text/plain",
                                  part="Response")


def _message_interaction(pact: Any, delivery: Any, event_index: int | None, before: dict[str, Any]) -> None:
    from .matchers import from_schema, integration_json
    from .openapi import webhook_schema

    message = pact.upon_receiving(f"{delivery.fake} webhook {delivery.event}", "Async")
    params: dict[str, Any] = {"state_file": STATE_FILE}
    message.given(BASE_STATE, params)
    if f"event:{event_index}" in before:
        message.given(f"{delivery.fake} as it was when it sent {delivery.event}", {"before": f"event:{event_index}"})
    message.given(f"{delivery.fake} sends {delivery.event}",
                  {"event": delivery.event, "domain_event": -1 if event_index is None else event_index})
    message.set_comment("route", f"webhook {delivery.event}")
    content_type = delivery.headers.get("Content-Type") or "application/json"
    parsed = _json(delivery.body, content_type)
    if parsed is _NOT_JSON:
        message.with_body(delivery.body.decode("utf-8", "replace"), content_type)
    else:
        message.with_body(integration_json(from_schema(parsed, webhook_schema(delivery.fake, delivery.event))),
                          content_type)


_NOT_JSON = object()


def _json(body: bytes, content_type: str | None) -> Any:
    if content_type and "json" not in content_type.lower():
        return _NOT_JSON
    try:
        return jsonx.loads(body)
    except (ValueError, UnicodeDecodeError):
        return _NOT_JSON


def _loose(value: str) -> str:
    """A regex for a URL: any origin, any digits where it has digits."""
    text = re.sub(r"^https?://[^/]+", "\u0001", value)
    out = re.escape(text).replace("\u0001", "https?://[^/]+")
    return "^" + re.sub(r"\d+", r"\\d+", out) + "$"
