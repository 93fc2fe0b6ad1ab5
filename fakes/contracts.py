"""Regenerate what the fakes publish: an OpenAPI document per dialect under
``contracts/<dialect>/openapi.json`` and ``IMPLEMENTATION_COVERAGE.md`` beside
each dialect. ``python -m fakes.contracts`` writes them; ``--check`` only
reports what is stale (CI and a test use it)."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .kit.http import Fake, Route
from .kit.openapi import coverage_markdown, document, render, write_if_changed
from .world import SYSTEMS, World

ROOT = Path(__file__).resolve().parent.parent

def security_of(fake: Fake) -> tuple[dict[str, Any] | None, Callable[[Route], list[str] | None] | None]:
    """The fake's security schemes (``openapi_security``) and which scheme each route takes."""
    if fake.openapi_security:
        return fake.openapi_security, fake.openapi_route_security
    if any(route.auth for route in fake.router.routes):
        raise ValueError(f"the {fake.name} fake authenticates but declares no openapi_security; add one")
    return None, None  # nothing authenticates (the inbox's Slack webhook: the secret is the URL)


def published(root: Path = ROOT) -> dict[Path, str]:
    """Every generated file and the text it should hold now."""
    world = World(seed=0)
    out: dict[Path, str] = {}
    for _, dialects in SYSTEMS.values():
        for path in dialects:
            module_name, _, class_name = path.partition(":")
            fake = world.fakes[getattr(importlib.import_module(module_name), class_name).name]
            security, per_route = security_of(fake)
            out[root / "contracts" / fake.name / "openapi.json"] = render(document(fake, security,
                                                                                  route_security=per_route))
            try:
                coverage = importlib.import_module(f"{module_name}.coverage")
            except ModuleNotFoundError:
                continue
            folder = Path(importlib.import_module(module_name).__file__ or "").parent
            out[folder / "IMPLEMENTATION_COVERAGE.md"] = coverage_markdown(
                fake,
                coverage.VENDOR_OPERATIONS,
                tuple(getattr(coverage, "NOTES", ())),  # optional module constants of coverage.py
                headings=getattr(coverage, "HEADINGS", None),
            )
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
