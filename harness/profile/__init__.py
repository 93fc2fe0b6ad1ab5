"""The integration profile: what an integration declares about itself, machine-checked.

``load_profile(path)`` reads and validates a profile (see
``contracts/profile.schema.json``); :mod:`harness.profile.derive` turns it
into the checks a user would otherwise write by hand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .loader import load_profile, parse_profile
    from .model import Profile

__all__ = ["Profile", "load_profile", "parse_profile"]


def __getattr__(name: str) -> Any:
    # Imported on first use, so ``import harness.profile`` stays cheap.
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{'model' if name == 'Profile' else 'loader'}"), name)
