"""The loop thread: serves the fakes, sends webhooks, fires clock timers."""

from __future__ import annotations

import asyncio
import ssl
import threading
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from .server import FakeServer

if TYPE_CHECKING:
    from .http import Fake
    from .hub import Hub

StartHook = Callable[[asyncio.AbstractEventLoop], Awaitable[Callable[[], Awaitable[None]] | None]]


def new_event_loop() -> asyncio.AbstractEventLoop:
    try:
        import uvloop

        return uvloop.new_event_loop()
    except ImportError:  # pragma: no cover - uvloop is a dependency on Linux
        return asyncio.new_event_loop()


class Runtime:
    """Start with ``start()``; everything it serves binds to ``host`` (loopback by default)."""

    def __init__(
        self,
        hub: Hub,
        fakes: Sequence[Fake] = (),
        host: str = "127.0.0.1",
        ports: dict[str, int] | None = None,
        serve: bool = True,
        hooks: Sequence[StartHook] = (),
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.hub = hub
        self.host = host
        self.serve = serve
        self.servers = [FakeServer(f, host, (ports or {}).get(f.name, 0), ssl_context) for f in fakes]
        self._hooks = list(hooks)
        self._stoppers: list[Callable[[], Awaitable[None]]] = []
        self.loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self._stop: asyncio.Event | None = None
        self._wake: asyncio.Event | None = None

    def start(self, timeout: float = 10.0) -> Runtime:
        self._thread = threading.Thread(target=self._main, name="ats-harness-runtime", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise RuntimeError(f"the fakes did not start within {timeout} s")
        if self._failure is not None:
            raise self._failure
        return self

    def stop(self, timeout: float = 10.0) -> None:
        if self.loop is None or self._thread is None:
            return
        if self._stop is not None:
            self.loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout)
        self._thread = None

    def __enter__(self) -> Runtime:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def call(self, coro: Awaitable[Any], timeout: float = 30.0) -> Any:
        """Run a coroutine on the runtime loop from another thread."""
        assert self.loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)  # type: ignore[arg-type]

    # -- the thread ---------------------------------------------------------
    def _main(self) -> None:
        loop = self.loop = new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._serve())
        except BaseException as exc:  # surfaced to start() or kept for stop()
            self._failure = exc
            self._ready.set()
        finally:
            loop.close()

    async def _serve(self) -> None:
        loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        self._wake = asyncio.Event()
        self.hub.dispatcher.loop = loop
        self.hub.clock.set_wakeup(lambda: loop.call_soon_threadsafe(self._wake.set))  # type: ignore[union-attr]
        if self.serve:
            for server in self.servers:
                await server.start()
                self.hub.origins[server.fake.name] = server.origin
        for hook in self._hooks:
            stopper = await hook(loop)
            if stopper is not None:
                self._stoppers.append(stopper)
        ticker = asyncio.ensure_future(self._tick())
        self._ready.set()
        await self._stop.wait()
        ticker.cancel()
        self.hub.clock.set_wakeup(None)
        for stopper in self._stoppers:
            await stopper()
        for server in self.servers:
            await server.stop()
        await self.hub.dispatcher.aclose()
        self.hub.dispatcher.loop = None

    async def _tick(self) -> None:
        """Fire virtual-clock timers when real time carries the running clock past them."""
        clock = self.hub.clock
        assert self._wake is not None
        while True:
            clock.fire_due()
            upcoming = clock.next_timer()
            timeout = None
            if upcoming is not None and clock.running:
                timeout = max(0.0, (upcoming - clock.now()).total_seconds())
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), timeout)
            except TimeoutError:
                pass
