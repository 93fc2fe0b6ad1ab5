"""Contract testing with Pact: a run's vendor interactions as Pact V4 consumer contracts
(``recorder``), the fakes verified against them (``verify``), two contracts compared
(``diff``), and the contracts checked against the vendors' documents (``openapi``)."""

from __future__ import annotations

from .recorder import PactRecorder, attach, write_pacts

__all__ = ["PactRecorder", "attach", "write_pacts"]
