"""Webhook delivery: the vendor's signing, its retry schedule on the virtual
clock, a delivery log, and chaos on demand.

A dialect builds the payload bytes and a signer; the dispatcher owns when and
how often they are sent. Retries wait on the virtual clock, so Greenhouse's
fifteen hours of retries pass in one ``clock.advance()``.
"""

from __future__ import annotations

import asyncio
import fnmatch
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .hub import Hub

CHAOS_KINDS = ("duplicate", "reorder", "delay", "drop_then_retry", "bad_signature", "stale")

Signer = Callable[[bytes, datetime], dict[str, str]]


def ok_2xx(status: int) -> bool:
    return 200 <= status < 300


def always_retry(status: int) -> bool:
    return True


@dataclass
class Delivery:
    fake: str
    event: str
    url: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    signer: Signer | None = None
    schedule: tuple[float, ...] = ()  # seconds to wait after the 1st, 2nd... failure
    success: Callable[[int], bool] = ok_2xx
    retry_on: Callable[[int], bool] = always_retry  # status 0 means a network error
    on_gone: Callable[[], None] | None = None  # a 410 that the vendor treats as "unsubscribe"
    acknowledgement: bytes | None = None  # text a 2xx answer's body must hold to count (Dropbox Sign)
    tenant: str = "default"
    key: str = ""  # what the delivery is about (e.g. "application:123")
    id: int = 0
    state: str = "queued"  # queued|sending|retrying|delivered|failed|gone|held
    attempts: list[dict[str, Any]] = field(default_factory=list)
    next_at: datetime | None = None
    chaos: list[str] = field(default_factory=list)
    created_at: datetime | None = None
    stale_seconds: float = 0.0
    # A reordered delivery waits for the next delivery of its fake that this says yes to (the reorder rule's
    # scope: the next one about the same journey); None: whichever delivery of the fake comes next.
    overtaken_by: Callable[[bytes], bool] | None = field(default=None, repr=False, compare=False)
    # time.monotonic() when the last attempt went out and when its answer came (the harness learns the SUT's lag)
    sent_at: float | None = field(default=None, repr=False, compare=False)
    answered_at: float | None = field(default=None, repr=False, compare=False)

    @property
    def done(self) -> bool:
        return self.state in ("delivered", "failed", "gone")

    def as_dict(self, body: bool = True) -> dict[str, Any]:
        return {
            "id": self.id,
            "fake": self.fake,
            "tenant": self.tenant,
            "event": self.event,
            "url": self.url,
            "key": self.key,
            "state": self.state,
            "chaos": list(self.chaos),
            "attempts": list(self.attempts),
            "next_at": self.next_at.isoformat() if self.next_at else None,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "body": self.body.decode("utf-8", "replace") if body else len(self.body),
        }


@dataclass
class ChaosRule:
    kind: str
    fake: str | None = None
    event: str | None = None  # glob on the event name
    count: int | None = 1
    seconds: float = 60.0  # for "delay": virtual seconds
    fired: int = 0
    id: int = 0
    # Only deliveries whose body this says yes to (e.g. those about one journey); None: every delivery.
    scope: Callable[[bytes], bool] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in CHAOS_KINDS:
            raise ValueError(f"kind={self.kind!r} must be one of {', '.join(CHAOS_KINDS)}")

    def applies(self, delivery: Delivery) -> bool:
        if self.count is not None and self.fired >= self.count:
            return False
        return (
            (self.fake is None or self.fake == delivery.fake)
            and (self.event is None or fnmatch.fnmatchcase(delivery.event, self.event))
            and (self.scope is None or self.scope(delivery.body))
        )


class Dispatcher:
    def __init__(self, hub: Hub, timeout: float = 15.0, hold_seconds: float = 0.3) -> None:
        self.hub = hub
        self.timeout = timeout
        self.hold_seconds = hold_seconds  # real seconds a reordered delivery waits at most
        self.loop: asyncio.AbstractEventLoop | None = None
        self.transport: Any = None  # an httpx async transport (ASGI SUT in-process)
        self._client: Any = None
        self._lock = threading.RLock()
        self._ids = itertools.count(1)
        self._log: list[Delivery] = []
        self._chaos: list[ChaosRule] = []
        self._chaos_ids = itertools.count(1)
        self._held: dict[tuple[str, int], Delivery] = {}  # (fake, reorder rule) -> delivery waiting to be overtaken
        self._active: dict[int, Delivery] = {}  # queued or sending right now, by id (read on every settle)

    # -- configuration ---------------------------------------------------
    def add_chaos(self, rule: ChaosRule | None = None, **spec: Any) -> ChaosRule:
        rule = rule or ChaosRule(**spec)
        with self._lock:
            rule.id = next(self._chaos_ids)
            self._chaos.append(rule)
        return rule

    def clear_chaos(self) -> None:
        with self._lock:
            self._chaos.clear()

    def remove_chaos(self, rule_id: int) -> bool:
        with self._lock:
            before = len(self._chaos)
            self._chaos = [r for r in self._chaos if r.id != rule_id]
            return len(self._chaos) != before

    def redeliver(self, original: Delivery) -> Delivery:
        """Send a delivery's exact bytes and headers once more: the duplicate a vendor sends in real life."""
        twin = Delivery(**{**_copyable(original), "chaos": ["redelivery"]})
        self._register(twin)
        self._submit(twin)
        self.hub.notify()
        return twin

    def clear(self) -> None:
        with self._lock:
            self._log.clear()
            self._chaos.clear()
            self._held.clear()
            self._active.clear()

    # -- queries ---------------------------------------------------------
    def deliveries(self, fake: str | None = None, event: str | None = None, state: str | None = None) -> list[Delivery]:
        with self._lock:
            return [
                d
                for d in self._log
                if (fake is None or d.fake == fake)
                and (event is None or fnmatch.fnmatchcase(d.event, event))
                and (state is None or d.state == state)
            ]

    @property
    def logged(self) -> int:
        """How many deliveries the log holds (a mark for :meth:`logged_since`)."""
        return len(self._log)

    def logged_since(self, mark: int) -> list[Delivery]:
        """Deliveries logged after ``mark`` (a value of :attr:`logged`), oldest first."""
        with self._lock:
            return self._log[mark:]

    def active_deliveries(self) -> list[Delivery]:
        with self._lock:
            return [*self._active.values(), *self._held.values()]

    @property
    def active(self) -> int:
        """Deliveries queued, held or on the wire now (retries waiting on the clock excluded)."""
        with self._lock:
            return len(self._active) + len(self._held)

    # -- sending ---------------------------------------------------------
    def enqueue(self, delivery: Delivery) -> Delivery:
        with self._lock:
            delivery.id = next(self._ids)
            delivery.created_at = self.hub.clock.now()
            held_as = (delivery.fake, 0)
            for rule in self._chaos:
                if rule.applies(delivery):
                    rule.fired += 1
                    delivery.chaos.append(rule.kind)
                    if rule.kind == "delay":
                        delivery.next_at = delivery.created_at + timedelta(seconds=rule.seconds)
                    if rule.kind == "stale":
                        delivery.stale_seconds = rule.seconds
                    if rule.kind == "reorder":
                        delivery.overtaken_by = rule.scope
                        held_as = (delivery.fake, rule.id)
            self._log.append(delivery)
        if "duplicate" in delivery.chaos:
            twin = Delivery(**{**_copyable(delivery), "chaos": ["duplicate-copy"]})
            self._register(twin)
        if delivery.next_at is not None:
            delivery.state = "retrying"
            self.hub.clock.call_at(delivery.next_at, lambda: self._submit(delivery))
        elif "reorder" in delivery.chaos:
            self._hold(delivery, held_as)
        else:
            self._submit(delivery)
        if "duplicate" in delivery.chaos:
            self._submit(twin)
        self.hub.notify()
        return delivery

    def _register(self, delivery: Delivery) -> None:
        with self._lock:
            delivery.id = next(self._ids)
            delivery.created_at = self.hub.clock.now()
            self._log.append(delivery)

    def _hold(self, delivery: Delivery, key: tuple[str, int]) -> None:
        with self._lock:
            previous = self._held.pop(key, None)
            self._held[key] = delivery
            delivery.state = "held"
        if previous is not None:
            self._submit(previous)
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self.loop.call_later, self.hold_seconds, self._release, delivery, key)

    def _release(self, delivery: Delivery, key: tuple[str, int]) -> None:
        with self._lock:
            if self._held.get(key) is not delivery:
                return
            del self._held[key]
        self._submit(delivery)

    def _overtaken(self, delivery: Delivery) -> Delivery | None:
        """The held delivery that ``delivery`` overtakes (same fake, within the hold's scope), taken off hold."""
        for key, held in self._held.items():
            if key[0] != delivery.fake or held is delivery:
                continue
            if held.overtaken_by is None or held.overtaken_by(delivery.body):
                return self._held.pop(key)
        return None

    def _submit(self, delivery: Delivery) -> None:
        with self._lock:
            delivery.state = "queued"
            delivery.next_at = None
            self._active[delivery.id] = delivery
            overtaken = self._overtaken(delivery) if self._held else None
        if self.loop is None:
            return  # no runtime: stays queued, visible in the log (unit tests of models)
        self.loop.call_soon_threadsafe(self._start, delivery, overtaken)

    def _start(self, delivery: Delivery, overtaken: Delivery | None) -> None:
        task = asyncio.ensure_future(self._send(delivery))
        if overtaken is not None:
            task.add_done_callback(lambda _: self._submit(overtaken))

    async def _send(self, delivery: Delivery) -> None:
        delivery.state = "sending"
        attempt_no = len(delivery.attempts) + 1
        now = self.hub.clock.now()
        record: dict[str, Any] = {"attempt": attempt_no, "at": now.isoformat(), "status": 0, "error": None}
        if "drop_then_retry" in delivery.chaos and attempt_no == 1:
            record["error"] = "dropped by chaos (never reached the receiver)"
            status = 0
        else:
            headers = dict(delivery.headers)
            if delivery.signer is not None:
                # A stale delivery is signed as if long ago: a replay the receiver must refuse.
                signed_at = now - timedelta(seconds=delivery.stale_seconds) if delivery.stale_seconds else now
                headers.update(delivery.signer(delivery.body, signed_at))
            if "bad_signature" in delivery.chaos:
                headers = _corrupt(headers)
            started = time.perf_counter()
            delivery.sent_at, delivery.answered_at = time.monotonic(), None
            status, error, answer = await self._post(delivery.url, headers, delivery.body)
            if delivery.acknowledgement is not None and delivery.success(status) \
                    and delivery.acknowledgement not in answer:
                error = f"answered {status} without {delivery.acknowledgement.decode()!r} in the body"
            record.update(status=status, error=error, ms=round((time.perf_counter() - started) * 1000, 2))
            delivery.answered_at = time.monotonic()
        with self._lock:
            delivery.attempts.append(record)
            self._active.pop(delivery.id, None)
            if delivery.success(status) and not record["error"]:
                delivery.state = "delivered"
            elif status == 410 and delivery.on_gone is not None:
                delivery.state = "gone"
            elif attempt_no <= len(delivery.schedule) and delivery.retry_on(status):
                delivery.state = "retrying"
                delivery.next_at = self.hub.clock.now() + timedelta(seconds=delivery.schedule[attempt_no - 1])
            else:
                delivery.state = "failed"
        if delivery.state == "gone" and delivery.on_gone is not None:
            with self.hub.lock:  # never under self._lock: models take hub.lock, then ours
                delivery.on_gone()
        if delivery.state == "retrying" and delivery.next_at is not None:
            self.hub.clock.call_at(delivery.next_at, lambda: self._submit(delivery))
        self.hub.notify()

    async def _post(self, url: str, headers: dict[str, str], body: bytes) -> tuple[int, str | None, bytes]:
        if self.transport is None and url.startswith("http://"):
            from . import plainpost

            return await plainpost.post(url, headers, body, self.timeout)
        import httpx  # imported on first TLS or in-process delivery: keeps `import fakes` cheap

        if self._client is None:
            # A fresh connection per delivery, as vendors send them: reusing an idle
            # keep-alive connection races the receiver closing it (a spurious ReadError).
            self._client = httpx.AsyncClient(
                transport=self.transport,
                timeout=httpx.Timeout(self.timeout, connect=10.0),
                limits=httpx.Limits(max_keepalive_connections=0),
                trust_env=False,
            )
        try:
            response = await self._client.post(url, content=body, headers=headers)
            return response.status_code, None, response.content
        except httpx.HTTPError as exc:
            return 0, f"{type(exc).__name__}: {exc}", b""

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None


def _copyable(d: Delivery) -> dict[str, Any]:
    keep = (
        "fake",
        "event",
        "url",
        "body",
        "headers",
        "signer",
        "schedule",
        "success",
        "retry_on",
        "on_gone",
        "acknowledgement",
        "tenant",
        "key",
    )
    return {k: getattr(d, k) for k in keep}


def _corrupt(headers: dict[str, str]) -> dict[str, str]:
    """Flip the signature so a receiver that checks it must refuse the delivery."""
    out = dict(headers)
    for name, value in headers.items():
        if "signature" in name.lower() and value:
            out[name] = value[:-4] + ("AAAA" if not value.endswith("AAAA") else "BBBB")
    return out
