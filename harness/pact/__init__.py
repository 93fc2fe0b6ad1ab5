"""Contract testing with Pact: a run's vendor interactions as Pact V4 consumer contracts
(``recorder``), the fakes verified against them (``verify``), two contracts compared
(``diff``), and the contracts checked against the vendors' documents (``openapi``).

Nothing heavy is imported here: the CLI builds its parser from ``harness.pact.cli``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fakes.world import World

    from .recorder import PactRecorder


def attach(world: World, profile: Any, out_dir: Path | str) -> PactRecorder:
    """The event consumer that writes ``<out_dir>/pacts/`` when the run finishes (see ``recorder``)."""
    from .recorder import attach as attach_recorder

    return attach_recorder(world, profile, out_dir)


__all__ = ["attach"]
