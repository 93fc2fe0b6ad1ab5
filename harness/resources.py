"""Where the bundled scenario suite and the reference profile are, from any working directory.

An installed harness carries the suite as the package ``harness.suite`` and the scenario and profile JSON
Schemas as ``harness.contracts`` (``setup.py`` maps the checkout's ``scenarios/`` and ``contracts/`` folders
there), and the reference profile inside ``examples.reference_integration``. A checkout or an editable
install, where those folders do not exist inside ``harness/``, falls back to the checkout's own folders.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from .errors import HarnessError

__all__ = ["contract", "reference_profile", "suite_dir"]

_CHECKOUT = Path(__file__).resolve().parents[1]


def _package_dir(name: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    for location in spec.submodule_search_locations or ():
        if Path(location).is_dir():
            return Path(location)
    return None


def suite_dir() -> Path:
    """The folder of the certification suite that ships with the harness."""
    for folder in (_package_dir("harness.suite"), _CHECKOUT / "scenarios"):
        if folder is not None and folder.is_dir():
            return folder
    raise HarnessError(
        "the bundled scenario suite is missing from this installation (no harness/suite/ and no scenarios/ "
        f"next to {_CHECKOUT}); reinstall ats-harness, or name scenario folders on the command line"
    )


def reference_profile() -> Path:
    """The reference integration's profile (``examples/reference_integration/profile.yaml``)."""
    for folder in (_package_dir("examples.reference_integration"), _CHECKOUT / "examples" / "reference_integration"):
        if folder is not None and (folder / "profile.yaml").is_file():
            return folder / "profile.yaml"
    raise HarnessError(
        "the reference profile is missing from this installation (examples/reference_integration/profile.yaml); "
        "reinstall ats-harness, or pass --profile"
    )


def contract(name: str) -> Path:
    """A JSON Schema of the harness's own formats (``scenario.schema.json``, ``profile.schema.json``)."""
    for folder in (_package_dir("harness.contracts"), _CHECKOUT / "contracts"):
        if folder is not None and (folder / name).is_file():
            return folder / name
    raise HarnessError(f"the schema {name} is missing from this installation (contracts/); reinstall ats-harness")
