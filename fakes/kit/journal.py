"""Every request a fake answered, kept compact.

Each entry is one ``bytes`` object: the flat tuple of its fields,
marshalled. The cyclic garbage collector never tracks bytes, so the journal
adds nothing to any generation. (A tuple is tracked from birth until some
collection untracks it; once the bound is reached, a steady request stream
frees as much as it allocates, no young collection runs, and a million
still-tracked tuples pile up for one 200 ms pause: measured in
benchmarks/.) The bound keeps memory flat on long runs.
"""

from __future__ import annotations

import json
import marshal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any

BODY_CAP = 64 * 1024  # bytes of request/response body kept per entry

# Field order of an entry tuple.
_FIELDS = (
    "seq",
    "fake",
    "tenant",
    "at",  # virtual time, epoch seconds
    "method",
    "path",
    "query",
    "headers",
    "body",
    "status",
    "response_headers",
    "response_body",
    "duration_ms",
    "operation",
    "fault",
    "received",  # real monotonic seconds when it was answered: how long a client really waited between calls
)
_INDEX = {name: i for i, name in enumerate(_FIELDS)}


class Entry:
    """A read-only view of one journal tuple."""

    __slots__ = ("_t",)

    def __init__(self, t: tuple[Any, ...]) -> None:
        self._t = t

    def __getattr__(self, name: str) -> Any:
        try:
            return self._t[_INDEX[name]]
        except KeyError:
            raise AttributeError(name) from None

    def header(self, name: str) -> str | None:
        name = name.lower()
        for k, v in self._t[_INDEX["headers"]]:
            if k == name:
                return v
        return None

    def json(self) -> Any:
        body = self._t[_INDEX["body"]]
        return json.loads(body) if body else None

    def response_json(self) -> Any:
        body = self._t[_INDEX["response_body"]]
        return json.loads(body) if body else None

    def as_dict(self, bodies: bool = True) -> dict[str, Any]:
        out = dict(zip(_FIELDS, self._t, strict=True))
        out["headers"] = dict(out["headers"])
        out["response_headers"] = dict(out["response_headers"])
        for key in ("body", "response_body"):
            out[key] = out[key].decode("utf-8", "replace") if bodies else len(out[key])
        return out

    def __repr__(self) -> str:
        return f"<{self.fake} {self.method} {self.path} -> {self.status}>"


class Journal:
    def __init__(self, limit: int = 200_000, notify: Callable[[], None] | None = None) -> None:
        self._entries: deque[bytes] = deque(maxlen=limit)  # marshal.dumps(entry tuple)
        self._seq = 0
        self._lock = threading.Lock()
        self._notify = notify
        self.dropped = 0  # entries pushed out by the bound

    def record(
        self,
        fake: str,
        tenant: str,
        at: float,
        method: str,
        path: str,
        query: str,
        headers: tuple[tuple[str, str], ...],
        body: bytes,
        status: int,
        response_headers: tuple[tuple[str, str], ...],
        response_body: bytes,
        duration_ms: float,
        operation: str,
        fault: str = "",
    ) -> int:
        with self._lock:
            self._seq += 1
            if len(self._entries) == self._entries.maxlen:
                self.dropped += 1
            self._entries.append(
                marshal.dumps(
                    (
                        self._seq,
                        fake,
                        tenant,
                        at,
                        method,
                        path,
                        query,
                        headers,
                        body[:BODY_CAP],
                        status,
                        response_headers,
                        response_body[:BODY_CAP],
                        duration_ms,
                        operation,
                        fault,
                        time.monotonic(),
                    )
                )
            )
            seq = self._seq
        if self._notify:
            self._notify()
        return seq

    @property
    def last_seq(self) -> int:
        return self._seq

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.dropped = 0

    def tail(self, since: int) -> list[Entry]:
        """Entries after sequence number ``since``, cheaply (reads from the newest end)."""
        with self._lock:  # sequence numbers are consecutive: the newest entry is self._seq
            newest = list(islice(reversed(self._entries), max(0, min(len(self._entries), self._seq - since))))
        return [Entry(marshal.loads(blob)) for blob in reversed(newest)]

    def entries(
        self,
        fake: str | None = None,
        method: str | None = None,
        path_prefix: str | None = None,
        operation: str | None = None,
        tenant: str | None = None,
        since: int = 0,
    ) -> Iterator[Entry]:
        if since:
            snapshot: Iterator[tuple[Any, ...]] = (e._t for e in self.tail(since))
        else:
            with self._lock:
                blobs = list(self._entries)
            snapshot = map(marshal.loads, blobs)
        for t in snapshot:
            if fake is not None and t[1] != fake:
                continue
            if tenant is not None and t[2] != tenant:
                continue
            if method is not None and t[4] != method.upper():
                continue
            if path_prefix is not None and not t[5].startswith(path_prefix):
                continue
            if operation is not None and t[13] != operation:
                continue
            yield Entry(t)
