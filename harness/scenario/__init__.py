"""The scenario format: files that say what happens to candidates and what must follow.

``load_scenario(path)`` and ``load_scenarios(paths)`` read and validate
scenario files (see ``contracts/scenario.schema.json``); the model
(:mod:`harness.scenario.model`) is what the engine runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .loader import load_scenario, load_scenarios, parse_scenario
    from .model import ChaosSpec, Expectation, FaultSpec, Scenario, Step, WorldSpec

__all__ = [
    "ChaosSpec",
    "Expectation",
    "FaultSpec",
    "Scenario",
    "Step",
    "WorldSpec",
    "load_scenario",
    "load_scenarios",
    "parse_scenario",
]

_HOMES = {"load_scenario": "loader", "load_scenarios": "loader", "parse_scenario": "loader"}


def __getattr__(name: str) -> Any:
    # Imported on first use: durations and the model stay cheap to import without jsonschema and jinja2.
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{_HOMES.get(name, 'model')}"), name)
