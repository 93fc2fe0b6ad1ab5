"""The reference integration as an integration with a work queue: it answers every Greenhouse webhook at
once and handles it 80 ms later on a worker thread (tests/harness/engine/test_pace.py)."""

import select
import sys
import threading
from typing import Any

from examples.reference_integration import Integration
from examples.reference_integration.__main__ import main

LAG_S = 0.08
_handle = Integration.handle_greenhouse


def _queued(self: Integration, body: bytes, headers: Any) -> dict[str, Any]:
    def later() -> None:
        select.select([], [], [], LAG_S)  # a relative wait: time.sleep would wait on the frozen virtual clock
        _handle(self, body, headers)

    threading.Thread(target=later, daemon=True).start()
    return {"queued": True}


Integration.handle_greenhouse = _queued  # type: ignore[method-assign]
sys.exit(main())
