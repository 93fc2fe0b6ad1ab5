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

# Security schemes of the dialects that do not declare ``openapi_security``
# themselves, written from how each one authenticates (its auth module), and
# which scheme each authenticated route takes (None: any of them). A dialect
# that declares ``openapi_security`` may also set ``openapi_route_security``.
FALLBACK_SECURITY: dict[str, tuple[dict[str, Any], Callable[[Route], list[str]] | None]] = {
    "greenhouse": (
        {
            "harvest_v1_basic": {"type": "http", "scheme": "basic", "description": (
                "Harvest v1: the API key as the HTTP Basic user name, blank password; writes also send "
                "On-Behalf-Of: <Greenhouse user id>.")},
            "harvest_v3_bearer": {"type": "http", "scheme": "bearer", "description": (
                "Harvest v3: an access token from POST /auth/token (client credentials, HTTP Basic "
                "client_id:client_secret, form grant_type=client_credentials&sub=<user id>).")},
        },
        lambda route: ["harvest_v3_bearer"] if route.path.startswith("/v3/") else ["harvest_v1_basic"],
    ),
    "docusign": (
        {"bearer": {"type": "http", "scheme": "bearer", "description": (
            "An OAuth access token: DOCUSIGN_ACCESS_TOKEN, or one from the JWT grant at "
            "POST /oauth-server/oauth/token.")}},
        None,
    ),
}


def security_of(fake: Fake) -> tuple[dict[str, Any] | None, Callable[[Route], list[str]] | None]:
    """The fake's security schemes (its own ``openapi_security``, else the fallback above)."""
    declared = getattr(fake, "openapi_security", None)
    if declared:
        return declared, getattr(fake, "openapi_route_security", None)
    if fake.name in FALLBACK_SECURITY:
        return FALLBACK_SECURITY[fake.name]
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
                tuple(getattr(coverage, "NOTES", ())),
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
