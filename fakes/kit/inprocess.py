"""In-process mode: a Python SUT's ``requests`` calls answered by the fakes
directly, with no sockets (the ``responses`` library intercepts them).

Each fake gets its own pseudo-origin (``http://greenhouse.in-process``); the
fault actions that need a socket become the exceptions ``requests`` would
raise: a reset is a ``ConnectionError``, a hang a ``ReadTimeout``, a
truncated body a ``ChunkedEncodingError``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

import requests
import responses

from .http import Request

if TYPE_CHECKING:
    from .http import Fake
    from .hub import Hub


class Served(Protocol):
    """What the router needs: the hub (its origins) and the fakes by name. A ``World`` is one."""

    @property
    def hub(self) -> Hub: ...

    @property
    def fakes(self) -> Mapping[str, Fake]: ...

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


def in_process_origin(fake: str) -> str:
    return f"http://{fake}.in-process"


class InProcessRouter:
    def __init__(self, world: Served) -> None:
        self.world = world
        self._mock: responses.RequestsMock | None = None
        self._origins: dict[str, str] = {}

    def start(self) -> InProcessRouter:
        mock = responses.RequestsMock(assert_all_requests_are_fired=False)
        self._origins = dict(self.world.hub.origins)  # a served world gets its loopback origins back on stop()
        for name, fake in self.world.fakes.items():
            origin = in_process_origin(name)
            self.world.hub.origins[name] = origin
            pattern = re.compile(re.escape(origin) + r"(/.*)?$")
            for method in METHODS:
                mock.add_callback(method, pattern, callback=self._callback(fake, origin))
        mock.start()
        self._mock = mock
        return self

    def stop(self) -> None:
        if self._mock is not None:
            self._mock.stop()
            self._mock.reset()
            self._mock = None
            self.world.hub.origins.clear()
            self.world.hub.origins.update(self._origins)

    def __enter__(self) -> InProcessRouter:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @staticmethod
    def _callback(fake: Any, origin: str) -> Any:
        def answer(prepared: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
            parts = urlsplit(prepared.url or "")
            body = prepared.body or b""
            if isinstance(body, str):
                body = body.encode("utf-8")
            headers = {k.lower(): v for k, v in prepared.headers.items()}
            request = Request(prepared.method or "GET", parts.path or "/", parts.query, headers, body, origin=origin)
            response = fake.handle(request)
            if response.action == "reset":
                raise requests.ConnectionError("Connection reset by peer (injected fault)")
            if response.action == "hang":
                raise requests.ReadTimeout("read timed out (injected fault)")
            if response.action == "truncate":
                raise requests.exceptions.ChunkedEncodingError("response ended early (injected fault)")
            if response.action == "delay":
                time.sleep(response.action_seconds)  # the injected latency itself
            return response.status, dict(response.headers), response.body

        return answer
