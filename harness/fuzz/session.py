"""One world and one SUT for a whole fuzz run; each example is a scenario played on them.

The SUT is started as ``certify`` starts it (the engine's :class:`Runner`
with preloaded scenarios), or in-process when it is a Python ASGI app: then
the fakes answer its ``requests`` calls and webhooks reach it through an
ASGI transport, with no sockets at all.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from ..engine.runner import Runner, RunOptions
from ..errors import HarnessError
from ..results import JourneyResult


@dataclass
class Outcome:
    """What one example did: the checks that failed (name -> messages), or an error."""

    failed: dict[str, list[str]] = field(default_factory=dict)
    error: str = ""

    @property
    def passed(self) -> bool:
        return not self.failed and not self.error

    @property
    def key(self) -> str:
        """What tells one failure from another: the first check that failed (or "error")."""
        return next(iter(self.failed), "error") if not self.passed else ""


def outcome(results: list[JourneyResult]) -> Outcome:
    out = Outcome()
    for journey in results:
        for check in journey.checks:
            if check.verdict == "failed":
                out.failed.setdefault(check.check, []).extend(str(f) for f in check.failures)
        if journey.error:
            out.error = journey.error
    return out


class InboxMailer:
    """Email without SMTP: each message lands in the world's inbox as the SMTP sink would put it."""

    def __init__(self, world: Any, sender: str = "recruiting@example.com") -> None:
        self.world = world
        self.sender = sender

    def send(self, to: str, subject: str, body: str, headers: Mapping[str, str] | None = None) -> None:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, to, subject
        for name, value in (headers or {}).items():
            message[name] = value
        message.set_content(body)
        with self.world.hub.lock:
            self.world.inbox.receive_email(
                self.sender, [to], subject, body, {k: str(v) for k, v in message.items()}, message.as_bytes()
            )


def load_factory(spec: str) -> Callable[..., Any]:
    """``module:callable`` -> the callable that builds the SUT's ASGI app."""
    module, _, name = spec.partition(":")
    if not module or not name:
        raise HarnessError(
            f"--in-process {spec!r} must look like MODULE:FACTORY, e.g. examples.reference_integration:create_app"
        )
    try:
        return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]
    except (ImportError, AttributeError) as exc:
        raise HarnessError(f"--in-process {spec!r}: cannot load it ({exc})") from exc


class InProcessRunner(Runner):
    """The engine's runner with the SUT built in this process from an ASGI app factory.

    The factory gets the SUT contract as its first argument and, when it declares
    them, ``clock`` (the virtual clock's ``now``), ``mailer`` (an inbox mailer)
    and ``world``; the reference integration's ``create_app`` takes the first two.
    """

    def __init__(self, options: RunOptions, factory: Callable[..., Any], scenarios: list[Any]) -> None:
        super().__init__(options, scenarios=scenarios)
        self.factory = factory

    def _start(self) -> None:
        from fakes.world import World

        from ..engine.setup import configure_world
        from ..sut import InProcessSut

        world = self.world = World(seed=self.options.seed)
        world.start_background()
        params = inspect.signature(self.factory).parameters
        extras = {
            "clock": world.hub.clock.now,
            "mailer": InboxMailer(world),
            "world": world,
        }
        kwargs = {k: v for k, v in extras.items() if k in params}
        sut = self.sut = InProcessSut(lambda env: self.factory(env, **kwargs), world, name=self.factory.__qualname__)
        configure_world(world, self.profile, sut_url=sut.url)
        env = {str(k): str(v).replace("{port}", "0") for k, v in dict(self.profile.sut.env).items()}
        env.update({"SUT_PUBLIC_URL": sut.url, "REPORTING_DATABASE_URL": "sqlite://", **self.options.sut_env})
        if self.options.variant:
            env["REFERENCE_VARIANT"] = self.options.variant
            env["ATS_HARNESS_VARIANT"] = self.options.variant
        world.hub.settings["sut.url"] = sut.url
        sut.start({**world.contract_env(), **env}, world.hub.clock.now())
        self.result.sut = sut.describe()
        self.result.time_control = (
            "virtual: the in-process SUT reads the harness's clock" if "clock" in kwargs else sut.time_control
        )
        self.result.environment["fakes_tls"] = False


def _work_dir() -> Path:
    """A folder of this run's own (the SUT's output and clock file): fuzz runs side by side never share one."""
    import tempfile

    base = Path(".ats-harness") / "fuzz-runs"
    base.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="run-", dir=base))


class Session:
    """Start once, play many examples, finish once."""

    def __init__(
        self,
        profile: str | Path,
        *,
        seed: int = 0,
        sut_url: str | None = None,
        sut_command: str | None = None,
        variant: str | None = None,
        in_process: str | None = None,
    ) -> None:
        self.options = RunOptions(
            profile=profile,
            paths=[],
            seed=seed,
            sut_url=sut_url,
            sut_command=sut_command,
            variant=variant,
            reporters=[],
            write=False,
            reports_dir=_work_dir(),
            concurrency=1 if in_process else 4,
        )
        if in_process:
            self.runner: Runner = InProcessRunner(self.options, load_factory(in_process), scenarios=[])
        else:
            self.runner = Runner(self.options, scenarios=[])
        self.profile = self.runner.profile
        self.started = False

    def start(self) -> None:
        self.runner.start()
        self.started = True

    def play(self, scenario: Any) -> Outcome:
        if self.runner.result.partial:
            raise HarnessError(f"the SUT is gone: {self.runner.result.partial_reason}")
        return outcome(self.runner.play_scenarios([scenario]))

    def live(self, document: dict[str, Any]) -> Any:
        """A journey with ``document``'s world and data, driven step by step (the stateful mode)."""
        from ..scenario.loader import parse_scenario
        from .driver import dump

        if self.runner.result.partial:
            raise HarnessError(f"the SUT is gone: {self.runner.result.partial_reason}")
        header = {**document, "steps": [{"wait": "quiescence"}]}
        return self.runner.live(parse_scenario(dump(header), file="<fuzz program>"))

    def plan_steps(self, document: dict[str, Any], steps: list[dict[str, Any]]) -> list[Any]:
        """Step mappings as a scenario file writes them, into the engine's steps (expectations parsed)."""
        from ..engine.plan import _steps
        from ..scenario.loader import parse_scenario
        from .driver import dump

        return _steps(parse_scenario(dump({**document, "steps": steps}), file="<fuzz program>"))

    def finish(self) -> None:
        if self.started:
            self.started = False
            try:
                self.runner.finish()
            finally:
                import shutil

                shutil.rmtree(self.options.reports_dir, ignore_errors=True)  # the SUT's output and clock file

    def __enter__(self) -> Session:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.finish()
