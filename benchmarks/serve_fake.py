"""Serve the Calendly fake (a ``World(systems=["scheduler", "inbox"])``) for benchmarking.

    python -m benchmarks.serve_fake --port 8704

The world is the ordinary one: journal on (bounded at the ``World`` default
of 200k entries), Bearer auth on, the runtime thread serving over the
httptools server. Nothing in ``fakes/`` is patched.

When every origin answers, one JSON line goes to stdout::

    {"ready": true, "pid": ..., "port": ..., "token": ..., "path": "/event_types/<uuid>", ...}

After that the process reads commands from stdin, one per line, and answers
each with one JSON line on stdout:

    stats   journal length, last sequence number, entries dropped by the bound,
            the cyclic GC's collection counts per generation, RSS
    gc      diagnostics: time one young-generation collection (gc.collect(0)) and
            then a full one, with the number of GC-tracked objects before and after
    quit    stop (so does EOF on stdin, SIGTERM or SIGINT)
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import signal
import sys
import time
from typing import Any


def _rss_kb() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _stats(world: Any) -> dict[str, Any]:
    journal = world.hub.journal
    return {
        "journal_len": len(journal),
        "last_seq": journal.last_seq,
        "dropped": journal.dropped,
        "gc_collections": [g["collections"] for g in gc.get_stats()],
        "gc_tracked_objects": len(gc.get_objects()),
        "rss_kb": _rss_kb(),
        "harness_errors": len(world.hub.errors),
    }


def _gc_probe() -> dict[str, Any]:
    before = len(gc.get_objects())
    young = len(gc.get_objects(0))
    t0 = time.perf_counter()
    gc.collect(0)
    gen0_ms = (time.perf_counter() - t0) * 1000.0
    after_gen0 = len(gc.get_objects())
    t0 = time.perf_counter()
    gc.collect()
    full_ms = (time.perf_counter() - t0) * 1000.0
    return {
        "tracked_before": before,
        "young_before": young,
        "gen0_collect_ms": round(gen0_ms, 2),
        "tracked_after_gen0": after_gen0,
        "full_collect_ms": round(full_ms, 2),
        "tracked_after_full": len(gc.get_objects()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--port", type=int, default=0, help="port of the Calendly origin on 127.0.0.1 (0 = any)")
    parser.add_argument("--journal-limit", type=int, default=None, help="journal bound (default: the World's)")
    parser.add_argument("--no-journal", action="store_true", help="diagnostics only: switch the journal off")
    args = parser.parse_args(argv)

    started = time.monotonic()
    from fakes.scheduler.calendly.fake import DEFAULT_TOKEN, TOKEN_SETTING
    from fakes.world import World

    kwargs: dict[str, Any] = {}
    if args.journal_limit is not None:
        kwargs["journal_limit"] = args.journal_limit
    world = World(systems=["scheduler", "inbox"], **kwargs)
    calendly = world.fakes["calendly"]
    if args.no_journal:
        calendly.journal_enabled = False  # instance attribute; the class is untouched
    event_type = world.scheduler.event_type_named("Phone Screen")

    def _stop(signum: int, frame: Any) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)

    world.serve(host="127.0.0.1", ports={"calendly": args.port})
    try:
        origin = world.hub.origin_of("calendly")
        port = int(origin.rsplit(":", 1)[1])
        ready = {
            "ready": True,
            "pid": os.getpid(),
            "port": port,
            "origin": origin,
            "token": str(world.hub.settings.get(TOKEN_SETTING, DEFAULT_TOKEN)),
            "path": f"/event_types/{event_type['uuid']}",
            "users_me": "/users/me",
            "journal": not args.no_journal,
            "journal_limit": world.hub.journal._entries.maxlen,
            "import_and_serve_s": round(time.monotonic() - started, 4),
        }
        print(json.dumps(ready), flush=True)
        for line in sys.stdin:
            command = line.strip()
            if command == "stats":
                print(json.dumps(_stats(world)), flush=True)
            elif command == "gc":
                print(json.dumps(_gc_probe()), flush=True)
            elif command == "quit":
                break
            elif command:
                print(json.dumps({"error": f"unknown command {command!r}; known: stats, gc, quit"}), flush=True)
    finally:
        world.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
