"""Fault rules: break any route of any fake on purpose, a counted number of times."""

from __future__ import annotations

import fnmatch
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

# A rule's scope: given a request's path, query and body, whether the rule may act on it.
Scope = Callable[[str, str, bytes], bool]

KINDS = ("status", "latency", "malformed", "truncated", "reset", "timeout", "rate_limit")


@dataclass
class FaultRule:
    """Match requests by fake, method, path glob and/or operation; act ``count`` times.

    ``after`` lets that many matching requests through first; ``count=None``
    means every match from then on. "Fail the next 3, then succeed" is
    ``FaultRule(kind="status", status=503, count=3)``.
    """

    kind: str
    fake: str | None = None
    method: str | None = None
    path: str | None = None  # glob, e.g. "/api/gateway.php/*/v1/employees*"
    operation: str | None = None
    status: int = 500
    message: str = ""
    seconds: float = 0.0  # latency, or how long a timeout hangs
    retry_after: float = 1.0
    count: int | None = 1
    after: int = 0
    id: int = 0
    matched: int = 0
    fired: int = 0
    tenant: str | None = None
    # Only requests this says yes to (e.g. those naming one journey's records), so a fault meant for
    # one journey never breaks another running beside it. None: every matching request.
    scope: Scope | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind={self.kind!r} must be one of {', '.join(KINDS)}")
        if self.kind == "status" and not 400 <= int(self.status) <= 599:
            raise ValueError(f"status={self.status!r} must be an HTTP error status (400-599)")
        if self.count is not None and self.count < 1:
            raise ValueError(f"count={self.count!r} must be at least 1, or None for every match")
        if self.method:
            self.method = self.method.upper()

    def applies(self, fake: str, method: str, path: str, operation: str) -> bool:
        return (
            (self.fake is None or self.fake == fake)
            and (self.method is None or self.method == method)
            and (self.path is None or fnmatch.fnmatchcase(path, self.path))
            and (self.operation is None or self.operation == operation)
        )

    @property
    def exhausted(self) -> bool:
        return self.count is not None and self.fired >= self.count

    def as_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "scope"}
        out["scoped"] = self.scope is not None
        return out


@dataclass
class Faults:
    rules: list[FaultRule] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._ids = itertools.count(1)

    def add(self, rule: FaultRule | None = None, **spec: Any) -> FaultRule:
        rule = rule or FaultRule(**spec)
        with self._lock:
            rule.id = next(self._ids)
            self.rules.append(rule)
        return rule

    def remove(self, rule_id: int) -> bool:
        with self._lock:
            before = len(self.rules)
            self.rules = [r for r in self.rules if r.id != rule_id]
            return len(self.rules) != before

    def clear(self) -> None:
        with self._lock:
            self.rules.clear()

    def match(
        self, fake: str, method: str, path: str, operation: str, query: str = "", body: bytes = b""
    ) -> FaultRule | None:
        if not self.rules:
            return None
        with self._lock:
            candidates = [r for r in self.rules if not r.exhausted and r.applies(fake, method, path, operation)]
        # A scope may read the world; it is asked outside this lock, so it can never wait on it.
        candidates = [r for r in candidates if r.scope is None or r.scope(path, query, body)]
        with self._lock:
            for rule in candidates:
                if rule.exhausted or rule not in self.rules:
                    continue
                rule.matched += 1
                if rule.matched <= rule.after:
                    continue
                rule.fired += 1
                return rule
        return None
