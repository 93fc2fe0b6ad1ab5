"""Splitting one certification across machines: ``--shard K/N``.

Every shard builds the same plan (same scenarios, profile and seed), then keeps its own part of it.
The split is deterministic and balanced: journeys are dealt, longest first, to the shard with the
least work so far, using durations recorded by earlier runs when there are any (a journey never
seen counts as one second). Journeys of the reporting layer stay together in one shard, because
their KPIs are judged over the journeys that ran beside them. ``ats-harness merge-reports`` then
combines the shards' reports into one verdict.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import HarnessError

DEFAULT_DURATIONS = Path(".ats-harness") / "durations.json"
UNSEEN_S = 1.0


def parse_shard(text: str) -> tuple[int, int]:
    """ "2/4" -> (2, 4); K counts from 1."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
    if not match:
        raise HarnessError(f"--shard {text!r} must look like K/N, e.g. 1/4 (the first of four shards)")
    k, n = int(match.group(1)), int(match.group(2))
    if n < 1 or not 1 <= k <= n:
        raise HarnessError(f"--shard {text!r}: K must be between 1 and N, and N at least 1 (K/N, e.g. 1/4)")
    return k, n


def load_durations(path: Path | None) -> dict[str, float]:
    """Journey tag -> seconds, from an earlier run's record; empty when there is none or it is unreadable."""
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): float(v) for k, v in data.items() if isinstance(v, (int, float))} if isinstance(data, dict) else {}


def save_durations(path: Path, journeys: Sequence[Any]) -> None:
    """Merge this run's journey durations into the record (the next split balances on them)."""
    known = load_durations(path)
    known.update({j.journey: round(float(j.duration_s), 3) for j in journeys if j.duration_s > 0})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(dict(sorted(known.items())), indent=1) + "\n", encoding="utf-8")


def select(items: Sequence[Any], k: int, n: int, durations: dict[str, float]) -> list[Any]:
    """The plan items of shard ``k`` of ``n``, in plan order."""
    if n == 1:
        return list(items)
    units: dict[str, list[Any]] = {}
    for item in items:
        key = "layer:reporting" if item.layer == "reporting" else f"journey:{item.tag}"
        units.setdefault(key, []).append(item)
    cost = {key: sum(durations.get(i.tag, UNSEEN_S) for i in members) for key, members in units.items()}
    load = [0.0] * n
    owner: dict[str, int] = {}
    for key in sorted(units, key=lambda u: (-cost[u], u)):
        shard = min(range(n), key=lambda s: (load[s], s))
        owner[key] = shard
        load[shard] += cost[key]
    mine = {key for key, shard in owner.items() if shard == k - 1}
    return [item for key, members in units.items() if key in mine for item in members]
