"""SIGTERM and SIGHUP stop a run the way Ctrl-C does.

A CI runner that times out sends SIGTERM; a closed terminal sends SIGHUP.
Either one raises :class:`Stopped` (a ``KeyboardInterrupt``, so everything
that already handles Ctrl-C handles it too) in the main thread: the run is
marked partial, its reports are written complete, the SUT's whole process
group is stopped, and the CLI exits ``128 + signal number`` (143, 129).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class Stopped(KeyboardInterrupt):
    """The run was stopped by a signal; ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"stopped by {signal.Signals(signum).name}")

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """While inside, SIGTERM/SIGHUP raise :class:`Stopped` once; a repeat while stopping is ignored."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; the caller keeps the defaults
        return
    raised = False

    def handler(signum: int, frame: FrameType | None) -> None:
        nonlocal raised
        if raised:
            return  # already stopping: let the reports be written
        raised = True
        raise Stopped(signum)

    previous = {sig: signal.signal(sig, handler) for sig in SIGNALS}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
