"""The pytest plugin (entry point ``pytest11``).

- ``pytest scenarios/``: every scenario file is collected; each scenario is
  one item whose journeys run through the SUT the profile names. The fakes
  and the SUT start once per session.
- Fixtures for journeys written in Python: ``ats_world`` (every fake served
  on loopback for the session, reset before each test), ``ats_env`` (the SUT
  contract) and ``ats_in_process`` (route a Python SUT's ``requests`` calls
  into the fakes, no sockets).

Importing this module stays cheap: nothing heavy loads until it is used.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SCENARIO_SUFFIXES = (".yaml", ".yml")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ats-harness")
    group.addoption("--ats-profile", help="integration profile for collected scenario files")
    group.addoption("--ats-seed", type=int, default=0, help="seed for scenario runs (default 0)")
    group.addoption("--ats-sut-url", help="an SUT already running at this URL")
    group.addoption("--ats-reports", default="reports", help="where reports/<run-id>/ goes")
    parser.addini("ats_profile", "integration profile for collected scenario files")
    parser.addini("ats_scenario_dirs", "folders whose YAML files are scenarios", type="paths", default=[])


def _is_scenario(file_path: Path, config: pytest.Config) -> bool:
    if file_path.suffix not in SCENARIO_SUFFIXES:
        return False
    dirs = [Path(p).resolve() for p in config.getini("ats_scenario_dirs")]
    if any(d in file_path.resolve().parents for d in dirs):
        return True
    try:
        head = file_path.read_text(encoding="utf-8", errors="replace")[:2000]
    except OSError:
        return False
    return any(line.startswith("scenario:") for line in head.splitlines())


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if _is_scenario(file_path, parent.config):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        from .scenario import load_scenario

        scenario = load_scenario(self.path)
        yield ScenarioItem.from_parent(self, name=scenario.name, scenario=scenario)


class ScenarioItem(pytest.Item):
    def __init__(self, *, scenario: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario
        self.add_marker(getattr(pytest.mark, f"layer_{scenario.layer}"))

    def runtest(self) -> None:
        session = _session(self.config)
        results = session.play([self.scenario])
        failures = [f for r in results for f in r.failures]
        errors = [r.error for r in results if r.error]
        if errors:
            raise ScenarioRunError("\n".join(errors))
        if failures:
            raise ScenarioFailed("\n".join(str(f) for f in failures) + f"\nreplay: {session.replay(self.path)}")

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        return str(excinfo.value)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"scenario: {self.name}"


class ScenarioRunError(Exception):
    """The scenario could not be played (a harness or SUT error, not a check failure)."""


class ScenarioFailed(AssertionError):
    """Checks failed: every failure (each already names its check), then the command that replays the scenario."""


class _Session:
    """One world and one SUT for every scenario item of the pytest session."""

    def __init__(self, config: pytest.Config) -> None:
        from .engine.runner import Runner, RunOptions

        profile = config.getoption("--ats-profile") or config.getini("ats_profile")
        if not profile:
            from .resources import reference_profile

            profile = str(reference_profile())
        options = RunOptions(
            profile=profile,
            paths=[],
            seed=config.getoption("--ats-seed"),
            sut_url=config.getoption("--ats-sut-url"),
            reports_dir=Path(config.getoption("--ats-reports")),
            reporters=[],
            # Under pytest-xdist each worker has its own world and SUT, and its own report folder.
            label=os.environ.get("PYTEST_XDIST_WORKER", ""),
        )
        self.runner = Runner(options, scenarios=[])
        self.runner.start()

    def play(self, scenarios: list[Any]) -> list[Any]:
        return self.runner.play_scenarios(scenarios)

    def replay(self, path: Path) -> str:
        """The ``ats-harness run`` command that replays one scenario file with this session's profile and seed."""
        from dataclasses import replace

        from .engine.runner import replay_command

        return replay_command(replace(self.runner.options, paths=[path]))

    def close(self) -> None:
        self.runner.finish()


_SESSION_KEY = pytest.StashKey[_Session]()


def _session(config: pytest.Config) -> _Session:
    if _SESSION_KEY not in config.stash:
        config.stash[_SESSION_KEY] = _Session(config)
    return config.stash[_SESSION_KEY]


def pytest_unconfigure(config: pytest.Config) -> None:
    if _SESSION_KEY in config.stash:
        config.stash[_SESSION_KEY].close()


def pytest_configure(config: pytest.Config) -> None:
    from .results import LAYERS

    for layer in LAYERS:
        config.addinivalue_line("markers", f"layer_{layer}: an ats-harness scenario of the {layer} layer")


# -- fixtures for journeys written in Python ---------------------------------


@pytest.fixture(scope="session")
def _ats_served_world() -> Iterator[Any]:
    from fakes.world import World

    world = World(seed=0)
    world.serve(smtp_port=0)
    yield world
    world.stop()


@pytest.fixture
def ats_world(_ats_served_world: Any) -> Any:
    """Every fake served on loopback; reset (fresh state, frozen clock, no faults) before each test."""
    _ats_served_world.hub.clock.freeze()  # reset() rewinds the clock but would leave it running
    _ats_served_world.reset(0)
    return _ats_served_world


@pytest.fixture
def ats_env(ats_world: Any) -> dict[str, str]:
    """The SUT contract for the served fakes, as environment variables."""
    return ats_world.contract_env()


@pytest.fixture
def ats_in_process() -> Iterator[Any]:
    """A world whose fakes answer ``requests`` calls in-process; yields the world."""
    from fakes.kit.inprocess import InProcessRouter
    from fakes.world import World

    world = World(seed=0)
    world.start_background()
    router = InProcessRouter(world).start()
    yield world
    router.stop()
    world.stop()
