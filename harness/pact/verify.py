"""``ats-harness pact verify DIR``: the fakes verified against a run's pacts.

pact-python's ``Verifier`` (the Rust verifier behind pact-ffi) replays each
HTTP interaction against the fake it names and checks the answer against the
contract's matchers; for each webhook message it asks us to produce the
message and checks that. Provider states come from ``world-state.json``
beside the pacts: before each interaction the world is put back to what it
held when the run ended (records, ids, clock, admin settings) through the
Python World API, and a message is produced by replaying, on that world, the
domain event that made the fake send it during the run.

Credentials are not written into contracts (they read ``Basic pact-credential``);
while verifying, a request carrying that stand-in gets the fake's own valid
credential for the same scheme, so the check is about the API and not about
secrets.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from fakes.kit.http import Fake, Request, Response
from fakes.world import World

from ..errors import HarnessError
from . import codec
from .recorder import PLACEHOLDER, STATE_FILE


@dataclass
class ProviderResult:
    provider: str
    path: Path
    passed: bool
    failures: list[str] = field(default_factory=list)  # "description: mismatch"
    output: str = ""


def pact_files(folder: Path) -> list[Path]:
    """The Pact files in ``folder`` (other JSON, such as the world state, is skipped)."""
    out = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and "interactions" in data and "provider" in data:
            out.append(path)
    return out


def load_state(folder: Path) -> dict[str, Any]:
    path = folder / STATE_FILE
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        raise HarnessError(f"{path} is missing: pass a reports/<run-id>/pacts/ folder a run wrote") from None
    except ValueError as exc:
        raise HarnessError(f"{path} is not JSON ({exc}); write it again with a run") from None


def restore(world: World, state: dict[str, Any]) -> None:
    """Put ``world`` back to the state a run left (its records, ids, clock and settings)."""
    world.reset(int(state.get("seed", 0)))
    hub = world.hub
    with hub.lock:
        for tenant in state.get("tenants", []):
            world.add_tenant(tenant)
        hub.settings.clear()
        hub.settings.update(codec.decode(state.get("settings", {})))
        for key, tables in codec.decode(state.get("stores", {})).items():
            system, _, tenant = key.partition("/")
            if system not in world.systems:
                continue
            store = world.model(system, tenant).store
            store.clear()
            for name, records in tables.items():
                store.table(name).update(records)
        ids = codec.decode(state.get("ids", {}))
        hub.ids._counters.update(ids.get("counters", {}))
        for namespace, rng_state in ids.get("rngs", {}).items():
            hub.ids._rng(namespace).setstate(_tuples(rng_state))
        hub.clock.set(datetime.fromisoformat(state["now"]))


def restore_before(world: World, state: dict[str, Any], key: str) -> None:
    """Put one system back to what it held just before an interaction's example (after ``restore``)."""
    snapshot = (state.get("before") or {}).get(key)
    if snapshot is None:
        raise HarnessError(f"the state file holds no snapshot {key!r}; was it written by another run?")
    with world.hub.lock:
        for name, tables in codec.decode(snapshot["stores"]).items():
            system, _, tenant = name.partition("/")
            store = world.model(system, tenant).store
            store.clear()
            for table, records in tables.items():
                store.table(table).update(records)
        world.hub.clock.set(datetime.fromisoformat(snapshot["at"]))


def _tuples(value: Any) -> Any:
    return tuple(_tuples(v) for v in value) if isinstance(value, (list, tuple)) else value


# -- credentials -------------------------------------------------------------------------------------------
def _basic(user: str, password: str = "") -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def credential(world: World, fake: Fake, request: Request, scheme: str, send: Callable[[Request], Response]) -> str:
    """A valid Authorization value of ``scheme`` for ``request`` on ``fake`` (each vendor's way: the dialect table)."""
    from ..dialects import authorization

    def mint(req: tuple) -> Response:
        return send(Request(req[0], req[1], query_string=req[2], headers=req[3], body=req[4]))

    value = authorization(fake.name, world.contract_env(), request.path, scheme, mint)
    return value or f"{scheme} {PLACEHOLDER}"


def stand_in_credentials(world: World) -> None:
    """Swap the contracts' credential stand-in for a valid one as each request reaches a fake."""
    for fake in world.fakes.values():
        original = fake.handle

        def handle(request: Request, fake: Fake = fake, original: Callable[[Request], Response] = original) -> Response:
            value = request.headers.get("authorization", "")
            if value.endswith(" " + PLACEHOLDER):
                request.headers["authorization"] = credential(world, fake, request, value.split(" ")[0], original)
            return original(request)

        fake.handle = handle  # type: ignore[method-assign]


# -- messages ----------------------------------------------------------------------------------------------
def produce_message(world: World, state: dict[str, Any], fake: str, event: str, index: int) -> dict[str, Any]:
    """Make ``fake`` send ``event`` again by replaying the domain event behind it on the restored world."""
    recorded = (state.get("events") or {}).get(str(index))
    if recorded is None:
        raise HarnessError(f"{fake} {event}: the pact names no domain event this state file holds (index {index})")
    hub = world.hub
    before = len(hub.dispatcher.deliveries())
    with hub.lock:
        hub.clock.set(datetime.fromisoformat(recorded["at"]))
        hub.emit(recorded["system"], recorded["kind"], recorded["tenant"], **codec.decode(recorded["data"]))
    sent = [d for d in hub.dispatcher.deliveries()[before:] if d.fake == fake and d.event == event]
    if not sent:
        raise HarnessError(f"{fake} sent no {event} when its domain event {recorded['kind']} was replayed")
    delivery = sent[0]
    return {"contents": delivery.body, "metadata": None,
            "content_type": delivery.headers.get("Content-Type", "application/json")}


# -- the verification ----------------------------------------------------------------------------------------
def verify(
    folder: Path | str,
    *,
    world_factory: Callable[[int], World] | None = None,
    providers: set[str] | None = None,
    quiet: bool = True,
) -> list[ProviderResult]:
    """Verify every pact in ``folder`` (or those of ``providers``) against freshly served fakes.

    ``world_factory(seed)`` builds the world to serve (a test passes one with a broken fake).
    ``quiet`` keeps the Rust verifier's own report (printed straight to the
    process's stdout) off the terminal; it is in each result's ``output``.
    Returns one result per provider.
    """
    os.environ.setdefault("PACT_DO_NOT_TRACK", "true")
    from pact import Verifier

    folder = Path(folder)
    if not folder.is_dir():
        raise HarnessError(f"{folder} is not a folder; pass the reports/<run-id>/pacts/ folder a run wrote")
    files = pact_files(folder)
    if not files:
        raise HarnessError(f"{folder} holds no pact files; a run writes them into reports/<run-id>/pacts/")
    saved = load_state(folder)
    seed = int(saved.get("seed", 0))
    world = world_factory(seed) if world_factory else World(seed=seed)
    results: list[ProviderResult] = []
    try:
        world.serve(smtp_port=None)
        stand_in_credentials(world)
        for path in files:
            provider = json.loads(path.read_text())["provider"]["name"]
            if providers is not None and provider not in providers:
                continue
            if provider not in world.fakes:
                results.append(ProviderResult(provider, path, False, [f"no fake named {provider!r} to verify"]))
                continue
            problems: list[str] = []

            # pact-python passes the arguments by name: state, action, parameters
            def on_state(state: str, action: str, parameters: dict[str, Any] | None) -> None:
                params = parameters or {}
                if action != "setup":
                    return
                if params.get("state_file"):
                    restore(world, saved)
                if params.get("before"):
                    restore_before(world, saved, str(params["before"]))

            def on_message(
                name: str, metadata: dict[str, Any] | None, provider: str = provider, problems: list[str] = problems
            ) -> dict[str, Any]:
                params = _state_params((metadata or {}).get("providerStates") or [], "domain_event")
                event = str(params.get("event", name.rsplit(" ", 1)[-1]))
                try:
                    return produce_message(world, saved, provider, event, int(params.get("domain_event", -1)))
                except Exception as exc:  # shown by its name, not as the verifier's "text/html" mismatch
                    problems.append(f"{name}: could not produce the message: {type(exc).__name__}: {exc}")
                    raise

            verifier = (
                Verifier(provider, host="127.0.0.1")
                .add_transport(url=world.hub.origin_of(provider))
                .add_source(path)
                .state_handler(on_state, teardown=False)
                .message_handler(on_message)
            )
            verifier.set_coloured_output(enabled=False)
            try:
                with _quiet_output(quiet):
                    verifier.verify()
                passed = True
            except RuntimeError:
                passed = False
            finally:
                _close_callback_servers(verifier)
            errors = verifier.results.get("errors", [])
            failures = [f"{_interaction_name(err)}: {_mismatch_text(err)}" for err in errors]
            results.append(ProviderResult(provider, path, passed and not problems, failures + problems,
                                          verifier.output(strip_ansi=True)))
    finally:
        world.stop()
    return results


@contextlib.contextmanager
def _quiet_output(quiet: bool) -> Iterator[None]:
    """Send file descriptors 1 and 2 to /dev/null for the block (the verifier writes to them from Rust)."""
    if not quiet:
        yield
        return
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        os.dup2(null, 2)
        yield
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in (*saved, null):
            os.close(fd)


def _close_callback_servers(verifier: Any) -> None:
    # pact-python 4.2 shuts its state and message callback servers down but never
    # closes their listening sockets (a ResourceWarning per verification): close them.
    for helper in (getattr(verifier, "_message_producer", None), getattr(verifier, "_state_handler", None)):
        server = getattr(helper, "_server", None)
        if server is not None:
            server.server_close()


def _state_params(states: list[dict[str, Any]], key: str) -> dict[str, Any]:
    for state in states:
        params = state.get("params") or {}
        if key in params:
            return params
    return {}


def _interaction_name(error: dict[str, Any]) -> str:
    text = str(error.get("interaction", ""))
    # "Verifying a pact between C and P Given S - DESCRIPTION": the description is what names the interaction
    return text.rsplit(" - ", 1)[-1] if " - " in text else text


def _mismatch_text(error: dict[str, Any]) -> str:
    mismatch = error.get("mismatch") or {}
    items = mismatch.get("mismatches") or []
    if items:
        return "; ".join(f"{m.get('path', '')} {m.get('mismatch', '')}".strip() for m in items[:5])
    return str(mismatch.get("message") or mismatch.get("type") or error)


def render(results: list[ProviderResult], verbose: bool = False) -> str:
    lines = []
    for result in results:
        lines.append(f"{'PASS' if result.passed else 'FAIL'}  {result.provider}  ({result.path.name})")
        lines += [f"    {failure}" for failure in result.failures]
        if verbose and result.output:
            lines.append(result.output)
    passed = sum(r.passed for r in results)
    lines.append(f"{passed} of {len(results)} provider(s) verified")
    return "\n".join(lines)
