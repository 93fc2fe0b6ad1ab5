"""Container mode: the SUT is an image, started with testcontainers.

``sut: {image: NAME, port: N, env: {...}}`` in a profile, or ``--sut-image``,
starts the image with the SUT contract (every fake's variables) in its
environment, on the host's network so the fakes stay on loopback
(127.0.0.1) and the SUT's port is the host's; waits for its health path;
keeps its logs beside the report (``sut-output.log``); and always removes
the container, however the run ends.

No image is pulled here: images must exist locally (``docker build``). The
container reads its own clock: the virtual clock does not reach it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import requests

from .sut import Sut, SutError

# testcontainers on these machines (see docs/containers.md): no reaper (it would be pulled from
# Docker Hub), and talk to the engine as a host process even where /.dockerenv exists.
_TESTCONTAINERS_ENV = {
    "TESTCONTAINERS_RYUK_DISABLED": "true",
    "TESTCONTAINERS_CONNECTION_MODE": "docker_host",
    "TC_HOST": "127.0.0.1",
}
LABEL = "ats-harness.sut"


@dataclass
class ContainerSut(Sut):
    image: str = ""
    port: int = 0
    extra_env: dict[str, str] = field(default_factory=dict)
    health: str | None = "/health"
    startup_timeout: float = 60.0
    work_dir: Path = field(default_factory=lambda: Path("reports"))
    time_control: str = "lost: a container SUT reads its own clock"
    _container: Any = None

    def start(self, env: Mapping[str, str], clock_now: datetime) -> str:
        for key, value in _TESTCONTAINERS_ENV.items():
            os.environ.setdefault(key, value)
        try:
            from docker.errors import ImageNotFound
            from testcontainers.core.container import DockerContainer
        except ImportError as exc:  # pragma: no cover - testcontainers is a dependency
            raise SutError(f"container mode needs testcontainers: {exc}") from exc
        self.url = self.url or f"http://127.0.0.1:{self.port}"
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self.output_path = self.work_dir / "sut-output.log"
        try:
            container = DockerContainer(self.image, network_mode="host", labels={LABEL: "1"})
        except Exception as exc:  # docker.errors.DockerException: no engine behind the socket
            raise SutError(f"container mode needs a running Docker engine, and none answers: {exc}") from exc
        for key, value in {**env, **self.extra_env, "PYTHONUNBUFFERED": "1"}.items():
            container.with_env(key, str(value))
        client = container.get_docker_client().client
        try:
            client.images.get(self.image)  # testcontainers would pull a missing image: never here
        except ImageNotFound as exc:
            client.close()
            raise SutError(
                f"the SUT image {self.image!r} is not on this machine; images are never pulled: build it first "
                f"(docker build -t {self.image} .)"
            ) from exc
        try:
            container.start()
        except Exception as exc:
            self._container = container
            self.stop()
            raise SutError(
                f"could not start the SUT image {self.image!r}: {exc}"
            ) from exc
        self._container = container
        self._wait_ready()
        return self.url

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        pause = 0.05
        while time.monotonic() < deadline:
            if not self.alive():
                report = self.crash_report()
                self.stop()
                raise SutError(f"the SUT container {self.image!r} exited before it was ready; its logs:\n{report}")
            if self._ready():
                return
            time.sleep(pause)  # start-up polling with back-off, bounded by startup_timeout
            pause = min(pause * 2, 0.5)
        report = self.crash_report()
        self.stop()
        raise SutError(
            f"the SUT container {self.image!r} was not ready within {self.startup_timeout:g} s (health "
            f"{self.url}{self.health or ''}); raise sut.startup_timeout if it is just slow. Its logs:\n{report}"
        )

    def _ready(self) -> bool:
        if not self.health:
            return True
        try:
            return requests.get(self.url + self.health, timeout=1).status_code < 500
        except requests.RequestException:
            return False

    def alive(self) -> bool:
        if self._container is None:
            return False
        try:
            self._container.reload()
            return self._container.status == "running"
        except Exception:  # the engine lost it: not alive
            return False

    def logs(self) -> str:
        if self._container is None or self._container._container is None:
            return ""
        try:
            out, err = self._container.get_logs()
        except Exception as exc:  # a container already gone has no logs to keep
            return f"(logs unavailable: {exc})"
        return (out + err).decode("utf-8", "replace")

    def crash_report(self, lines: int = 40) -> str:
        return "\n".join(self.logs().splitlines()[-lines:])

    def stop(self) -> None:
        container = self._container
        if container is None:
            return
        text = self.logs()
        self._container = None
        if self.output_path is not None:
            self.output_path.write_text(text)
        try:
            container.stop()  # removes the container (force) and its volumes
        except Exception:
            pass

    def describe(self) -> str:
        return f"image {self.image!r} at {self.url} (host network)"


def container_sut(options: Any, spec: Any, out_dir: Path) -> ContainerSut:
    """The SUT of ``sut.image`` (or ``--sut-image``), from the profile's ``sut`` block."""
    from .checks.fidelity import field as get
    from .errors import HarnessError
    from .scenario.durations import parse_duration

    image = getattr(options, "sut_image", None) or get(spec, "image")
    port = get(spec, "port")
    url = str(get(spec, "url") or "")
    if not port and url:
        from urllib.parse import urlsplit

        port = urlsplit(url.replace("{port}", "0")).port
    if not port or str(port) == "0":
        from .engine.setup import free_port

        port = free_port()
    env = {str(k): str(v).replace("{port}", str(port)) for k, v in (get(spec, "env") or {}).items()}
    timeout = get(spec, "startup_timeout", "60s")
    seconds = float(timeout) if isinstance(timeout, (int, float)) else (
        timeout.total_seconds() if hasattr(timeout, "total_seconds") else parse_duration(str(timeout)).total_seconds()
    )
    if not image:
        raise HarnessError("container mode needs an image: set sut.image in the profile or pass --sut-image")
    return ContainerSut(
        url=f"http://127.0.0.1:{port}", image=str(image), port=int(port), extra_env=env,
        health=get(spec, "health") or "/health", startup_timeout=seconds, work_dir=out_dir,
    )
