"""The HTTP face of the integration: a Starlette app and its background reminder loop."""

from __future__ import annotations

import importlib
import logging
import os
import select
import threading
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from .integration import Integration, MalformedDelivery
from .notify import Mailer
from .settings import Settings

log = logging.getLogger("reference_integration")


def integration_class(variant: str) -> type[Integration]:
    """The reference, or the known-bug variant ``REFERENCE_VARIANT`` names."""
    if not variant:
        return Integration
    from examples.buggy import VARIANTS  # the variants subclass the reference

    if variant not in VARIANTS:
        raise ValueError(
            f"REFERENCE_VARIANT={variant!r} is not a known variant; choose one of: {', '.join(sorted(VARIANTS))}"
        )
    return importlib.import_module(f"examples.buggy.{variant}").Variant


class ReminderLoop:
    """Checks for due interview reminders every ``interval`` seconds of real time."""

    def __init__(self, integration: Integration, interval: float) -> None:
        self.integration = integration
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self.interval <= 0:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="interview-reminders", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        # A relative wait (select's timeout), not Event.wait or time.sleep: those
        # wait for an absolute deadline on a clock that libfaketime (how a harness
        # puts this process on its virtual clock) may move mid-wait, so the
        # deadline can land hours away. A relative timeout is immune to jumps.
        while True:
            select.select([], [], [], self.interval)
            if self._stop.is_set():
                return
            try:
                self.integration.run_reminders_once()
            except Exception:  # a bad tick must not end the loop
                log.exception("reminder tick failed")


def create_app(
    env: Mapping[str, str] | None = None,
    *,
    clock: Callable[[], datetime] | None = None,
    mailer: Mailer | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Starlette:
    """Build the service from an environment (``os.environ`` when None).

    ``clock``, ``mailer`` and ``sleep`` let an in-process harness drive time,
    capture mail and skip retry waits. Subscriptions are made at start-up
    (the lifespan); a driver that does not run the lifespan calls
    ``app.state.integration.start()`` itself.
    """
    settings = Settings.from_env(os.environ if env is None else env)
    integration = integration_class(settings.variant)(settings, clock_fn=clock, mailer=mailer, sleep=sleep)
    reminders = ReminderLoop(integration, settings.reminder_interval)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await run_in_threadpool(integration.start)
        reminders.start()
        try:
            yield
        finally:
            reminders.stop()

    def webhook(vendor: str, handle: Callable[[bytes, Any], dict[str, Any]]) -> Callable[..., Any]:
        async def endpoint(request: Request) -> JSONResponse:
            body = await request.body()
            if not integration.verify(vendor, request.headers, body):
                return JSONResponse({"error": "signature missing, invalid or stale"}, status_code=401)
            try:
                return JSONResponse(await run_in_threadpool(handle, body, request.headers))
            except MalformedDelivery as exc:
                return JSONResponse({"error": str(exc)}, status_code=400)

        return endpoint

    async def dropbox_sign_callback(request: Request) -> Response:
        """Dropbox Sign retries a callback until it is answered 200 with this exact text."""
        body = await request.body()
        if not integration.verify("dropbox_sign", request.headers, body):
            return JSONResponse({"error": "event_hash missing or invalid"}, status_code=401)
        await run_in_threadpool(integration.handle_dropbox_sign, body, request.headers)
        return PlainTextResponse("Hello API Event Received")

    async def health(request: Request) -> JSONResponse:
        if integration.ready:
            return JSONResponse({"status": "ok"})
        return JSONResponse({"status": "starting"}, status_code=503)

    async def kpis(request: Request) -> JSONResponse:
        return JSONResponse(await run_in_threadpool(integration.kpis))

    async def stage_changes(request: Request) -> JSONResponse:
        app_id = request.query_params.get("application_id")
        return JSONResponse(await run_in_threadpool(integration.stage_change_rows, app_id))

    async def rollback(request: Request) -> JSONResponse:
        return JSONResponse(await run_in_threadpool(integration.rollback, request.path_params["application_id"]))

    app = Starlette(
        lifespan=lifespan,
        routes=[
            Route("/health", health),
            Route("/webhooks/greenhouse", webhook("greenhouse", integration.handle_greenhouse), methods=["POST"]),
            Route("/webhooks/bamboohr", webhook("bamboohr", integration.handle_bamboohr), methods=["POST"]),
            Route("/webhooks/docusign", webhook("docusign", integration.handle_docusign), methods=["POST"]),
            Route("/webhooks/dropbox_sign", dropbox_sign_callback, methods=["POST"]),
            Route("/webhooks/calendly", webhook("calendly", integration.handle_calendly), methods=["POST"]),
            Route("/reporting/kpis", kpis),
            Route("/reporting/stage_changes", stage_changes),
            Route("/admin/rollback/{application_id}", rollback, methods=["POST"]),
        ],
    )
    app.state.integration = integration
    return app
