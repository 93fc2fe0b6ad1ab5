"""The reference integration made slow on purpose, for measuring how a run's concurrency follows the SUT.

    python -m benchmarks.slow_sut          # what a profile's sut.command runs

Every webhook is answered ``SLOW_SUT_DELAY_S`` seconds later than the reference would (default 0.25), as
an integration that calls slow services while it handles each one. ``SLOW_SUT_SERIAL=1`` also handles one
webhook at a time (one worker), so its latency grows with every journey added: more at once only queues.
The waits are relative (select's timeout): the SUT's clock is the run's virtual one, which stands still.
"""

from __future__ import annotations

import contextlib
import functools
import os
import select
import sys
import threading
from typing import Any

from examples.reference_integration import Integration
from examples.reference_integration.__main__ import main

DELAY_S = float(os.environ.get("SLOW_SUT_DELAY_S", "0.25"))
SERIAL = os.environ.get("SLOW_SUT_SERIAL", "") == "1"
_one_at_a_time = threading.Lock()


def _slowed(handle: Any) -> Any:
    @functools.wraps(handle)
    def slow(self: Integration, body: bytes, headers: Any) -> Any:
        with _one_at_a_time if SERIAL else contextlib.nullcontext():
            select.select([], [], [], DELAY_S)
            return handle(self, body, headers)

    return slow


for _name in ("handle_greenhouse", "handle_calendly", "handle_docusign", "handle_dropbox_sign", "handle_bamboohr"):
    setattr(Integration, _name, _slowed(getattr(Integration, _name)))

if __name__ == "__main__":
    sys.exit(main())
