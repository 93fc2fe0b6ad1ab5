"""Regenerate what the fakes publish: an OpenAPI document per dialect under
``contracts/<dialect>/openapi.json`` and ``IMPLEMENTATION_COVERAGE.md`` beside
each dialect. ``python -m fakes.contracts`` writes them; ``--check`` only
reports what is stale (CI and a test use it)."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from .kit.openapi import coverage_markdown, document, render, write_if_changed
from .world import SYSTEMS, World

ROOT = Path(__file__).resolve().parent.parent


def published(root: Path = ROOT) -> dict[Path, str]:
    """Every generated file and the text it should hold now."""
    world = World(seed=0)
    out: dict[Path, str] = {}
    for system, (_, dialects) in SYSTEMS.items():
        for path in dialects:
            module_name, _, class_name = path.partition(":")
            fake = world.fakes[getattr(importlib.import_module(module_name), class_name).name]
            security = getattr(fake, "openapi_security", None)
            out[root / "contracts" / fake.name / "openapi.json"] = render(document(fake, security))
            try:
                coverage = importlib.import_module(f"{module_name}.coverage")
            except ModuleNotFoundError:
                continue
            folder = Path(importlib.import_module(module_name).__file__ or "").parent
            out[folder / "IMPLEMENTATION_COVERAGE.md"] = coverage_markdown(fake, coverage.VENDOR_OPERATIONS)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fakes.contracts", description=__doc__)
    parser.add_argument("--check", action="store_true", help="report stale files, write nothing; exit 1 if any")
    args = parser.parse_args(argv)
    stale = []
    for path, text in published().items():
        current = path.read_text() if path.exists() else None
        if current != text:
            stale.append(path)
            if not args.check:
                write_if_changed(path, text)
    for path in stale:
        print(("stale: " if args.check else "wrote: ") + str(path.relative_to(ROOT)))
    if not stale:
        print("contracts are current")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
