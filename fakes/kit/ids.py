"""Identifiers from one seed.

Every namespace (``"greenhouse.candidate"``, ``"docusign.envelope"``...) draws
from its own generator derived from the run seed, so the id a record gets
depends on the seed and on how many records of its kind came before it, not
on what other fakes did in between. Two runs with one seed agree exactly.
"""

from __future__ import annotations

import hashlib
import random
import string
import threading
import uuid


class IdSource:
    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self._lock = threading.Lock()
        self._counters: dict[str, int] = {}
        self._rngs: dict[str, random.Random] = {}

    def reset(self, seed: int | None = None) -> None:
        with self._lock:
            if seed is not None:
                self.seed = seed
            self._counters.clear()
            self._rngs.clear()

    def _rng(self, namespace: str) -> random.Random:
        rng = self._rngs.get(namespace)
        if rng is None:
            digest = hashlib.sha256(f"{self.seed}:{namespace}".encode()).digest()
            rng = self._rngs[namespace] = random.Random(int.from_bytes(digest[:8], "big"))
        return rng

    def integer(self, namespace: str, start: int = 1000) -> int:
        """Sequential integers from a seed-dependent origin (Greenhouse, BambooHR style)."""
        with self._lock:
            if namespace not in self._counters:
                self._counters[namespace] = start + self._rng(namespace).randrange(1, 9000) * 1000
            self._counters[namespace] += 1
            return self._counters[namespace]

    def guid(self, namespace: str) -> str:
        """A version-4-shaped GUID (DocuSign envelope and account ids)."""
        with self._lock:
            return str(uuid.UUID(int=self._rng(namespace).getrandbits(128), version=4))

    def token(self, namespace: str, length: int = 16, alphabet: str = string.ascii_uppercase + string.digits) -> str:
        """An opaque string id (Calendly resource uuids, cursors, keys)."""
        with self._lock:
            rng = self._rng(namespace)
            return "".join(rng.choice(alphabet) for _ in range(length))

    def hex(self, namespace: str, nbytes: int = 16) -> str:
        with self._lock:
            return self._rng(namespace).getrandbits(nbytes * 8).to_bytes(nbytes, "big").hex()
